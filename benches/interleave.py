"""Runs shell commands in turn, N rounds (env N, default 40), and prints each one's
median, mean and minimum wall time, and the median and quartiles of its time over the
first command's in the same round: a ratio that holds while the machine's speed drifts.

    N=80 python3 benches/interleave.py "LOAD COMMAND" "COMMAND" ...
"""
import os
import statistics
import subprocess
import sys
import time

rounds = int(os.environ.get("N", "40"))
cmds = sys.argv[1:]
if not cmds:
    sys.exit(__doc__)
times = {c: [] for c in cmds}
for c in cmds:  # warm the page cache
    subprocess.run(c, shell=True, check=False)
for _ in range(rounds):
    for c in cmds:
        start = time.perf_counter()
        subprocess.run(c, shell=True, check=False)
        times[c].append((time.perf_counter() - start) * 1000)
first = statistics.median(times[cmds[0]])
for c in cmds:
    t = times[c]
    print(f"median {statistics.median(t):7.1f} ms  mean {statistics.mean(t):7.1f}  "
          f"min {min(t):7.1f}  ratio of medians {statistics.median(t) / first:.2f}  {c[:80]}")
for c in cmds[1:]:
    r = sorted(b / a for a, b in zip(times[cmds[0]], times[c]))
    at = lambda f: r[int(f * (len(r) - 1))]
    print(f"per-round ratio: median {at(0.5):.2f}  quartiles {at(0.25):.2f}..{at(0.75):.2f}  {c[:80]}")
