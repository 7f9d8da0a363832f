//! `check --batch` over the machine's cores, the answers still in order.
//!
//! Three stages joined by bounded channels:
//! - the reader cuts the input into blocks of whole lines, scans each line's
//!   question and numbers its names ([`super::keys`]). It starts before the state is
//!   loaded, so reading, scanning and numbering the questions overlap the load;
//! - the caller's thread, which loaded the platform and so has it warm in its core's
//!   cache, answers blocks, and helper threads (one per other core) take the blocks
//!   it is not quick enough to take; each has its own [`Answerer`] (its own caches);
//! - the caller's thread writes the answered blocks in the order they were read, as
//!   soon as each can be, so a script that writes a question and waits for its
//!   answer gets it.
//!
//! A few blocks are in flight at any time, however long the batch, so memory stays
//! bounded. The answers are the same bytes as one thread's: every line is answered
//! by [`super::answer_block`] against the same platform.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::num::NonZero;
use std::ops::Range;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::json::Answerer;
use super::keys::{Keys, Numberer};
use super::question::Spans;
use crate::engine::{AccountId, Engine};

/// Lines in one block at most.
const BLOCK_LINES: usize = 1024;
/// Blocks read ahead of the answering.
const READ_AHEAD: usize = 128;
/// The reader's buffer. A block is handed on early whenever it runs dry, so a
/// question written alone is answered without waiting for more.
const READ_BUFFER: usize = 256 * 1024;
/// The longest question line kept, in bytes: a question is about a hundred. A longer
/// line is read to its end without being kept, and answered as a bad line.
pub const MAX_LINE: usize = 64 * 1024;
/// Workers at most, whatever the machine.
const MAX_WORKERS: usize = 8;

/// Whole lines of the input, in order, each with its scanned question.
pub struct Block {
    text: Vec<u8>,
    /// Each line's range in `text` (its line end and a `\r` before it cut off), with
    /// what the scanner found when the line has the plain shape; or, for a line
    /// longer than [`MAX_LINE`], its length (nothing of it kept).
    lines: Vec<Result<Kept, usize>>,
}

/// A line kept: its range in the block's text, and what the scanner found in it.
type Kept = (Range<usize>, Option<Scanned>);

/// A line's question as the reader found it: where its parts lie, and the numbers of
/// its names.
pub struct Scanned {
    pub spans: Spans,
    pub keys: Option<Keys>,
}

impl Block {
    /// Each line, and what the reader found in it if it was scanned; the length of
    /// a line too long to keep.
    pub fn lines(&self) -> impl Iterator<Item = Result<(&[u8], Option<&Scanned>), usize>> {
        self.lines.iter().map(|line| match line {
            Ok((r, s)) => Ok((self.text.get(r.clone()).unwrap_or_default(), s.as_ref())),
            Err(len) => Err(*len),
        })
    }

    /// About how many bytes its answers take (room reserved for them at once).
    pub fn answer_room(&self) -> usize {
        self.text.len().saturating_mul(3)
    }
}

/// The next block of `input`, or `None` at its end, its names numbered by `numberer`.
/// A last line without a line end is a line.
pub fn read_block<R: Read>(
    input: &mut BufReader<R>,
    numberer: &mut Numberer,
) -> io::Result<Option<Block>> {
    let mut block = Block {
        text: Vec::new(),
        lines: Vec::new(),
    };
    while block.lines.len() < BLOCK_LINES {
        let start = block.text.len();
        match read_line(input, &mut block.text)? {
            (0, _) => break,
            // Longer than a question may be, its line end not counted.
            (read, ended) if read - usize::from(ended) > MAX_LINE => {
                // Too long to keep: its length, nothing of it.
                block.text.truncate(start);
                block.lines.push(Err(read));
                if input.buffer().is_empty() {
                    break;
                }
                continue;
            }
            _ => {}
        }
        let line = block.text.get(start..).unwrap_or_default();
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let scanned = Spans::of(line).map(|spans| {
            let keys = spans
                .parts(line)
                .and_then(|q| numberer.keys(q.member, q.env, q.action));
            Scanned { spans, keys }
        });
        block.lines.push(Ok((start..start + line.len(), scanned)));
        if input.buffer().is_empty() {
            break; // the next read may wait for the writer of the input
        }
    }
    Ok((!block.lines.is_empty()).then_some(block))
}

/// Reads one line of `input` with its line end, as `read_until` does, appending at
/// most [`MAX_LINE`] bytes and a line end to `text`: the rest of a longer line is read
/// and dropped, so one line without an end cannot take the memory. Returns the bytes
/// read (0: the end of the input) and whether they ended with a line end.
fn read_line<R: Read>(input: &mut BufReader<R>, text: &mut Vec<u8>) -> io::Result<(usize, bool)> {
    let keep = text.len() + MAX_LINE + 1;
    let mut read = 0;
    loop {
        let available = match input.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((read, false));
        }
        let (chunk, end) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (available.split_at(i + 1).0, true),
            None => (available, false),
        };
        let room = keep.saturating_sub(text.len()).min(chunk.len());
        text.extend_from_slice(chunk.split_at(room).0);
        let n = chunk.len();
        input.consume(n);
        read += n;
        if end {
            return Ok((read, true));
        }
    }
}

/// A block by its place in the input, or the error that ended the reading there.
type Numbered<T> = (usize, io::Result<T>);

/// Starts reading `input` on its own thread; the blocks come out of the receiver in
/// order, then the channel closes.
pub fn read(input: impl Read + Send + 'static) -> io::Result<Receiver<Numbered<Block>>> {
    let (tx, rx) = mpsc::sync_channel(READ_AHEAD);
    thread::Builder::new()
        .name("collab-batch-reader".into())
        .spawn(move || {
            let mut input = BufReader::with_capacity(READ_BUFFER, input);
            let mut numberer = Numberer::default();
            for seq in 0.. {
                let (item, last) = match read_block(&mut input, &mut numberer) {
                    Ok(Some(block)) => (Ok(block), false),
                    Ok(None) => break,
                    Err(e) => (Err(e), true),
                };
                if tx.send((seq, item)).is_err() || last {
                    break;
                }
            }
        })?;
    Ok(rx)
}

/// The answering threads to use, the caller's included: one per core.
pub fn workers() -> usize {
    thread::available_parallelism()
        .map_or(1, NonZero::get)
        .clamp(1, MAX_WORKERS)
}

/// A block's answers, and whether every one was an allow.
struct Answered {
    bytes: Vec<u8>,
    all_allowed: bool,
}

fn answer_one(
    answers: &mut Answerer<'_>,
    asker: Option<AccountId>,
    block: io::Result<Block>,
) -> io::Result<Answered> {
    block.map(|b| {
        let mut bytes = Vec::with_capacity(b.answer_room());
        let all_allowed = super::answer_block(answers, asker, &b, &mut bytes);
        Answered { bytes, all_allowed }
    })
}

/// How long the writing thread waits for a helper's answers before it looks for a
/// block to answer itself again (only when no block is waiting: while the input is
/// slow, as when a script asks one question at a time, it wakes 200 times a second).
const POLL: Duration = Duration::from_millis(5);

/// Answers the blocks being read and writes the answers to `out` in the order of the
/// input; returns whether every line was allowed. The calling thread answers too: it
/// loaded the platform, so the platform is warm in its core's cache. `workers - 1`
/// helper threads take the blocks it is not quick enough to take.
pub fn answer(
    engine: &Arc<Engine>,
    asker: Option<AccountId>,
    blocks: Receiver<Numbered<Block>>,
    out: &mut impl Write,
    workers: usize,
) -> io::Result<bool> {
    let blocks = Arc::new(Mutex::new(blocks));
    let (done_tx, done) = mpsc::channel::<Numbered<Answered>>();
    for _ in 1..workers.max(1) {
        let (engine, blocks, done) = (Arc::clone(engine), Arc::clone(&blocks), done_tx.clone());
        thread::Builder::new()
            .name("collab-batch-worker".into())
            .spawn(move || {
                let mut answers = Answerer::new(engine.platform());
                loop {
                    // Held while waiting for the next block: blocks are taken in turn.
                    let next = match blocks.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, block)) = next else {
                        return;
                    };
                    if done
                        .send((seq, answer_one(&mut answers, asker, block)))
                        .is_err()
                    {
                        return;
                    }
                }
            })?;
    }
    drop(done_tx);
    let mut answers = Answerer::new(engine.platform());
    let mut order = InOrder::new(out);
    loop {
        while let Ok((seq, answered)) = done.try_recv() {
            order.put(seq, answered)?;
        }
        // A helper waiting for input holds the lock; then wait for answers instead.
        let next = match blocks.try_lock() {
            Ok(rx) => rx.try_recv(),
            Err(_) => Err(TryRecvError::Empty),
        };
        match next {
            Ok((seq, block)) => order.put(seq, answer_one(&mut answers, asker, block))?,
            Err(TryRecvError::Empty) => match done.recv_timeout(POLL) {
                Ok((seq, answered)) => order.put(seq, answered)?,
                Err(RecvTimeoutError::Timeout) => {}
                // No helper (one worker), or all gone: wait for the input itself.
                Err(RecvTimeoutError::Disconnected) => match blocks.lock() {
                    Ok(rx) => match rx.recv() {
                        Ok((seq, block)) => {
                            drop(rx);
                            order.put(seq, answer_one(&mut answers, asker, block))?;
                        }
                        Err(_) => break,
                    },
                    Err(_) => break,
                },
            },
            Err(TryRecvError::Disconnected) => break,
        }
    }
    // The input is done: the helpers finish their blocks and stop.
    for (seq, answered) in done {
        order.put(seq, answered)?;
    }
    order.finish()
}

/// Answered blocks written in the order of the input, each as soon as every block
/// before it is written.
struct InOrder<'w, W: Write> {
    out: &'w mut W,
    waiting: BTreeMap<usize, io::Result<Answered>>,
    next: usize,
    all_allowed: bool,
}

impl<'w, W: Write> InOrder<'w, W> {
    fn new(out: &'w mut W) -> Self {
        InOrder {
            out,
            waiting: BTreeMap::new(),
            next: 0,
            all_allowed: true,
        }
    }

    fn put(&mut self, seq: usize, answered: io::Result<Answered>) -> io::Result<()> {
        self.waiting.insert(seq, answered);
        let mut wrote = false;
        while let Some(answered) = self.waiting.remove(&self.next) {
            let answered = answered?;
            self.out.write_all(&answered.bytes)?;
            self.all_allowed &= answered.all_allowed;
            self.next += 1;
            wrote = true;
        }
        if wrote {
            // A script waiting for its answer gets it now.
            self.out.flush()?;
        }
        Ok(())
    }

    fn finish(self) -> io::Result<bool> {
        self.out.flush()?;
        if self.waiting.is_empty() {
            Ok(self.all_allowed)
        } else {
            // A block never came back: saying so beats a silently short output.
            Err(io::Error::other(format!(
                "the answers stop after line block {}: an answering thread stopped",
                self.next
            )))
        }
    }
}
