//! Batches: JSON lines in, JSON lines out, one output line per input line, in order.
//!
//! The input is streamed (lines longer than the case limit are skipped, not held), so memory
//! stays flat in the number of cases. A line that cannot be read as a case becomes an error
//! line `{"fel": {…}}` in its place and the batch goes on. An empty line is an error line
//! too, so that line numbers of the input and the output always agree.
//!
//! Per line nothing is allocated for the decision itself: the line is read into a reused
//! buffer, decided by one reused engine runner into one reused `DecisionResult`, and written
//! by a [`DecisionWriter`] (every constant piece pre-rendered) into a reused output buffer.
//!
//! What is written per case is chosen by [`BatchOutput`]: the full decision (the default),
//! or the summary line of `summary.rs` (phase one only: no motivering, no trace).
//!
//! [`Decider::decide_batch_threads`] decides chunks of lines on several threads, each with
//! its own runner and buffers, and writes the chunks in input order; a fixed number of
//! chunks is in flight, so memory stays flat there too.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::num::NonZeroUsize;
use std::sync::{Mutex, mpsc};

use delegat_ir::DecisionResult;
use delegat_ir::Value;
use delegat_value::Date;

use crate::case::{CaseError, CaseErrorKind, MAX_CASE_BYTES};
use crate::decision::Utfall;
use crate::engine::{Decider, Runner, empty_result};
use crate::reader::CaseReader;
use crate::summary::{self, BatchOutput};
use crate::write::{DecisionWriter, WriteCache};

/// How a batch runs ([`Decider::decide_batch_with`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchOptions {
    /// The decision date of a case without `beslutsdatum` (`None`: such a case is an error
    /// line).
    pub default_date: Option<Date>,
    /// How many threads decide at the same time (1: the calling thread alone). The output
    /// is the same, byte for byte, whatever the number.
    pub threads: NonZeroUsize,
    /// What is written per case: full decisions (the default) or summary lines.
    pub output: BatchOutput,
}

impl Default for BatchOptions {
    /// No default date, one thread, full decisions.
    fn default() -> Self {
        BatchOptions {
            default_date: None,
            threads: NonZeroUsize::MIN,
            output: BatchOutput::Decisions,
        }
    }
}

/// The counts of a batch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Lines read (= lines written).
    pub cases: u64,
    /// `bifall` decisions.
    pub bifall: u64,
    /// `avslag` decisions.
    pub avslag: u64,
    /// `fastställt` decisions.
    pub faststallt: u64,
    /// `manuell` decisions.
    pub manuell: u64,
    /// Lines that could not be read as cases (error lines).
    pub fel: u64,
}

impl BatchSummary {
    fn count(&mut self, u: Option<Utfall>) {
        self.cases += 1;
        match u {
            Some(Utfall::Bifall) => self.bifall += 1,
            Some(Utfall::Avslag) => self.avslag += 1,
            Some(Utfall::Faststallt) => self.faststallt += 1,
            Some(Utfall::Manuell) => self.manuell += 1,
            None => self.fel += 1,
        }
    }

    fn add(&mut self, o: &BatchSummary) {
        self.cases += o.cases;
        self.bifall += o.bifall;
        self.avslag += o.avslag;
        self.faststallt += o.faststallt;
        self.manuell += o.manuell;
        self.fel += o.fel;
    }
}

/// What one thread needs to decide lines: its runner and buffers.
struct LineDecider<'d, 'p> {
    decider: &'d Decider<'p>,
    writer: &'d DecisionWriter<'p>,
    reader: &'d CaseReader<'p>,
    runner: Runner<'p>,
    /// The interpreter's input slots, reused.
    values: Vec<Option<Value>>,
    result: DecisionResult,
    dates: WriteCache,
    default_date: Option<Date>,
    output: BatchOutput,
}

impl<'d, 'p> LineDecider<'d, 'p> {
    fn new(
        decider: &'d Decider<'p>,
        writer: &'d DecisionWriter<'p>,
        reader: &'d CaseReader<'p>,
        opts: &BatchOptions,
    ) -> Self {
        LineDecider {
            decider,
            writer,
            reader,
            runner: decider.runner(),
            values: Vec::new(),
            result: empty_result(decider.decision),
            dates: WriteCache::default(),
            default_date: opts.default_date,
            output: opts.output,
        }
    }

    /// Decides one input line (without its newline) and appends the output line (with its
    /// newline) to `out`; the outcome, or `None` for an error line.
    fn line(&mut self, line: &[u8], too_long: bool, out: &mut Vec<u8>) -> Option<Utfall> {
        let res = match (too_long, std::str::from_utf8(line)) {
            (true, _) => Err(CaseError::new(
                CaseErrorKind::Json,
                None,
                format!("ärendet är större än {} MB", MAX_CASE_BYTES / 1024 / 1024),
            )),
            (false, Ok(text)) => self.decide(text, out),
            (false, Err(_)) => Err(CaseError::new(
                CaseErrorKind::Json,
                None,
                "raden är inte kodad i UTF-8",
            )),
        };
        let u = match res {
            Ok(u) => Some(u),
            Err(e) => {
                e.write_json(out);
                None
            }
        };
        out.push(b'\n');
        u
    }

    fn decide(&mut self, text: &str, out: &mut Vec<u8>) -> Result<Utfall, CaseError> {
        if self.output == BatchOutput::Summaries {
            return self.summarize(text, out);
        }
        let (outcome, _) = self.runner.write_text(
            self.reader,
            text,
            self.default_date,
            self.decider.decision,
            &mut self.values,
            None,
            &mut self.result,
            self.writer,
            &mut self.dates,
            out,
        )?;
        Ok(Utfall::from_ir(outcome))
    }

    /// The summary line of one case: phase one, and phase two only for the error code of a
    /// case a runtime error made `manuell`.
    fn summarize(&mut self, text: &str, out: &mut Vec<u8>) -> Result<Utfall, CaseError> {
        let (verdict, _) = self.runner.verdict_text(
            self.reader,
            text,
            self.default_date,
            self.decider.decision,
            &mut self.values,
        )?;
        let felkod = self.runner.error_code(&verdict, &mut self.result);
        summary::write_line(out, &verdict, felkod);
        Ok(Utfall::from_ir(verdict.outcome))
    }
}

/// How many lines a chunk holds at most, and roughly how many bytes.
const CHUNK_LINES: usize = 512;
const CHUNK_BYTES: usize = 256 * 1024;

/// A chunk of input lines and, once decided, their output lines.
#[derive(Default)]
struct Chunk {
    seq: u64,
    /// The lines' bytes, one after the other (newlines stripped).
    data: Vec<u8>,
    /// Each line: its end in `data` and whether it was too long (then it holds nothing).
    lines: Vec<(usize, bool)>,
    out: Vec<u8>,
    summary: BatchSummary,
}

impl Chunk {
    /// Reads up to a chunk of lines; `false` when the input had none left.
    fn read(&mut self, reader: &mut impl BufRead) -> io::Result<bool> {
        self.data.clear();
        self.lines.clear();
        while self.lines.len() < CHUNK_LINES && self.data.len() < CHUNK_BYTES {
            let start = self.data.len();
            let (read, too_long) = read_line(reader, &mut self.data, start)?;
            if read == 0 {
                break;
            }
            let end = start + trim_newline(self.data.get(start..).unwrap_or_default()).len();
            self.data.truncate(if too_long { start } else { end });
            self.lines.push((self.data.len(), too_long));
        }
        Ok(!self.lines.is_empty())
    }

    /// Decides every line into `out` and `summary`.
    fn decide(&mut self, ld: &mut LineDecider<'_, '_>) {
        self.out.clear();
        self.summary = BatchSummary::default();
        let mut start = 0;
        for &(end, too_long) in &self.lines {
            let line = self.data.get(start..end).unwrap_or_default();
            let u = ld.line(line, too_long, &mut self.out);
            self.summary.count(u);
            start = end;
        }
    }
}

impl Decider<'_> {
    /// Decides every line of `reader` and writes one line per input line to `writer`:
    /// the decision's JSON, or `{"fel": {"kod", "meddelande", "fält"}}`. `progress` is
    /// called after each line with the counts so far. Only IO errors stop the batch.
    /// ([`Decider::decide_batch_with`] with `default_date`, one thread, full decisions.)
    pub fn decide_batch(
        &self,
        reader: impl BufRead,
        writer: impl Write,
        default_date: Option<Date>,
        progress: impl FnMut(&BatchSummary),
    ) -> io::Result<BatchSummary> {
        let opts = BatchOptions {
            default_date,
            ..BatchOptions::default()
        };
        self.decide_batch_with(reader, writer, &opts, progress)
    }

    /// [`Decider::decide_batch`] on `threads` threads, with the same output, byte for byte
    /// ([`Decider::decide_batch_with`] with full decisions).
    pub fn decide_batch_threads(
        &self,
        reader: impl BufRead,
        writer: impl Write,
        default_date: Option<Date>,
        threads: NonZeroUsize,
        progress: impl FnMut(&BatchSummary),
    ) -> io::Result<BatchSummary> {
        let opts = BatchOptions {
            default_date,
            threads,
            output: BatchOutput::Decisions,
        };
        self.decide_batch_with(reader, writer, &opts, progress)
    }

    /// Decides every line of `reader` and writes one line per input line to `writer`, as
    /// `opts` says: the full decision's JSON ([`BatchOutput::Decisions`]) or its summary
    /// line ([`BatchOutput::Summaries`]); a line that cannot be read as a case becomes
    /// `{"fel": {"kod", "meddelande", "fält"}}` either way. Only IO errors stop the batch.
    ///
    /// With one thread, `progress` is called after each line with the counts so far. With
    /// more, the input is cut into chunks (up to 512 lines or about 256 KB); each worker
    /// thread decides whole chunks with its own engine runner and buffers, and the calling
    /// thread reads the input and writes the chunks' output in input order, so the output
    /// is the same byte for byte; at most twice as many chunks as threads are in flight, so
    /// memory does not grow with the number of cases, and `progress` is called after each
    /// chunk is written.
    pub fn decide_batch_with(
        &self,
        reader: impl BufRead,
        writer: impl Write,
        opts: &BatchOptions,
        progress: impl FnMut(&BatchSummary),
    ) -> io::Result<BatchSummary> {
        if opts.threads.get() == 1 {
            self.batch_one(reader, writer, opts, progress)
        } else {
            self.batch_threads(reader, writer, opts, progress)
        }
    }

    /// The batch on the calling thread.
    fn batch_one(
        &self,
        mut reader: impl BufRead,
        mut writer: impl Write,
        opts: &BatchOptions,
        mut progress: impl FnMut(&BatchSummary),
    ) -> io::Result<BatchSummary> {
        let dw = DecisionWriter::new(self.pack, self.decision);
        let cr = CaseReader::new(&self.pack.program);
        let mut ld = LineDecider::new(self, &dw, &cr, opts);
        let mut summary = BatchSummary::default();
        let mut buf = Vec::new();
        let mut out = Vec::with_capacity(64 * 1024);
        loop {
            buf.clear();
            let (read, too_long) = read_line(&mut reader, &mut buf, 0)?;
            if read == 0 {
                break;
            }
            let u = ld.line(trim_newline(&buf), too_long, &mut out);
            summary.count(u);
            if out.len() >= 32 * 1024 {
                writer.write_all(&out)?;
                out.clear();
            }
            progress(&summary);
        }
        writer.write_all(&out)?;
        writer.flush()?;
        Ok(summary)
    }

    /// The batch on `opts.threads` worker threads.
    fn batch_threads(
        &self,
        mut reader: impl BufRead,
        mut writer: impl Write,
        opts: &BatchOptions,
        mut progress: impl FnMut(&BatchSummary),
    ) -> io::Result<BatchSummary> {
        let n = opts.threads.get();
        let in_flight = 2 * n as u64;
        let dw = DecisionWriter::new(self.pack, self.decision);
        let cr = CaseReader::new(&self.pack.program);
        let (job_tx, job_rx) = mpsc::sync_channel::<Chunk>(2 * n);
        let job_rx = Mutex::new(job_rx);
        let (done_tx, done_rx) = mpsc::channel::<Chunk>();
        let stopped = || io::Error::other("en tråd i körningen avbröts");
        std::thread::scope(|s| {
            for _ in 0..n {
                let done_tx = done_tx.clone();
                let (job_rx, dw, cr) = (&job_rx, &dw, &cr);
                s.spawn(move || {
                    let mut ld = LineDecider::new(self, dw, cr, opts);
                    loop {
                        let job = match job_rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok(mut chunk) = job else { break };
                        chunk.decide(&mut ld);
                        if done_tx.send(chunk).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);
            let mut summary = BatchSummary::default();
            let mut pool: Vec<Chunk> = Vec::new();
            let mut pending: BTreeMap<u64, Chunk> = BTreeMap::new();
            let (mut sent, mut written, mut eof) = (0u64, 0u64, false);
            loop {
                while !eof && sent - written < in_flight {
                    let mut chunk = pool.pop().unwrap_or_default();
                    if !chunk.read(&mut reader)? {
                        eof = true;
                        break;
                    }
                    chunk.seq = sent;
                    job_tx.send(chunk).map_err(|_| stopped())?;
                    sent += 1;
                }
                if written == sent {
                    break;
                }
                let chunk = done_rx.recv().map_err(|_| stopped())?;
                pending.insert(chunk.seq, chunk);
                while let Some(chunk) = pending.remove(&written) {
                    writer.write_all(&chunk.out)?;
                    summary.add(&chunk.summary);
                    progress(&summary);
                    written += 1;
                    pool.push(chunk);
                }
            }
            drop(job_tx);
            writer.flush()?;
            Ok(summary)
        })
    }
}

/// Reads one line into `buf` after `start` (at most the case limit; the rest of a longer
/// line is consumed and dropped). Returns the bytes consumed and whether the line was too
/// long.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    start: usize,
) -> io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed, too_long));
        }
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (available.get(..=i).unwrap_or(available), true),
            None => (available, false),
        };
        let n = chunk.len();
        if buf.len() - start + n > MAX_CASE_BYTES + 2 {
            too_long = true;
        } else {
            buf.extend_from_slice(chunk);
        }
        reader.consume(n);
        consumed += n;
        if done {
            return Ok((consumed, too_long));
        }
    }
}

fn trim_newline(buf: &[u8]) -> &[u8] {
    let buf = buf.strip_suffix(b"\n").unwrap_or(buf);
    buf.strip_suffix(b"\r").unwrap_or(buf)
}
