"""Compares two builds of the growth probe on two sizes, in turn, so that the machine's
drift falls on both alike: for each round, each operation, each file and each probe,
one process (`PROBE FILE OP RUNS`); the minimum over every round is kept.

    ROUNDS=3 python3 benches/pairs.py OLD_PROBE NEW_PROBE SMALL.json LARGE.json [OP ...]

OP defaults to access who review diff frame key load. A probe is the binary that
`cargo bench --bench growth_probe --no-run` prints (build the old one in a worktree
with its own CARGO_TARGET_DIR); the files are `PROBE write ENVS FILE`'s.
"""
import os
import re
import subprocess
import sys

# Runs per process on the small and the large file: enough for a minimum, few enough
# that a round of the slow operations stays under a minute.
RUNS = {
    "access": (20, 5),
    "who": (50, 20),
    "review": (5, 2),
    "diff": (5, 2),
    "frame": (20, 5),
    "key": (100, 50),
    "load": (5, 2),
}

if len(sys.argv) < 5:
    sys.exit(__doc__)
old, new, small, large = sys.argv[1:5]
ops = sys.argv[5:] or list(RUNS)
rounds = int(os.environ.get("ROUNDS", "3"))
best = {}
for r in range(rounds):
    for op in ops:
        for size, path in (("small", small), ("large", large)):
            for tag, probe in (("old", old), ("new", new)):
                runs = RUNS.get(op, (5, 2))[0 if size == "small" else 1]
                out = subprocess.run(
                    [probe, path, op, str(runs)], capture_output=True, text=True
                ).stdout
                m = re.search(r"min ([0-9.]+) ms", out)
                if m:
                    key = (op, size, tag)
                    best[key] = min(best.get(key, float("inf")), float(m.group(1)))
    print(f"round {r + 1} of {rounds} done", file=sys.stderr, flush=True)
for op in ops:
    cells = [op]
    for tag in ("old", "new"):
        a, b = best.get((op, "small", tag)), best.get((op, "large", tag))
        if a is None or b is None:
            cells.append(f"{tag}: no figure")
        elif a > 0:
            cells.append(f"{tag}: {a:.3f} -> {b:.3f} ms ({b / a:.1f}x)")
        else:
            cells.append(f"{tag}: {a:.3f} -> {b:.3f} ms")
    print(" | ".join(cells))
