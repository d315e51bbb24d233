//! [`decide_batch_logged`]: a batch of JSON lines whose every decided case is logged before
//! its output line is written.
//!
//! The lines are decided in chunks with one [`delegat::Session`] per thread (the decision
//! line and the canonical input in one reading of the case), on the caller's thread or on
//! N worker threads ([`decide_batch_logged_threads`]); each chunk's entries go to the
//! log's writer in input order ([`Log::submit`]), and the chunk's output is written only
//! when they are on disk. Later chunks are decided meanwhile (up to three wait for
//! the disk, and chunks waiting together share one commit), so deciding and the disk
//! flush overlap. A line that is not a case becomes an error line, as in
//! [`Decider::decide_batch`], and is not logged: no decision was made.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::io::{self, BufRead, Write};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, PoisonError, mpsc};

use delegat::{BatchSummary, CaseError, CaseErrorKind, Date, Decider, Session, Utfall};

use crate::error::LogError;
use crate::log::{Log, Pending, source_of};
use crate::record::{Entry, Receipt, Source};

/// Lines per chunk (one group commit each, at most).
const CHUNK_LINES: usize = 4096;

/// The chunks handed to the log at most before the oldest is waited for: deciding goes on
/// while the disk flushes, and chunks waiting together share one commit.
const IN_FLIGHT: usize = 3;

/// The room made for one case's canonical input (an FS case's is about 150 bytes).
const CANONICAL: usize = 256;

/// The counts of a logged batch and the receipts of its first and last decision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoggedBatch {
    /// The counts, as an unlogged batch gives them.
    pub summary: BatchSummary,
    /// The first decision's receipt.
    pub first: Option<Receipt>,
    /// The last decision's receipt.
    pub last: Option<Receipt>,
}

/// Why a logged batch stopped.
#[derive(Debug)]
pub enum BatchError {
    /// Reading the cases or writing the decisions failed.
    Io(io::Error),
    /// The log could not be written: the decisions of the chunk being logged were not
    /// written out.
    Log(LogError),
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::Io(e) => write!(f, "{e}"),
            BatchError::Log(e) => write!(f, "fel[{}]: {e}", e.code()),
        }
    }
}

impl std::error::Error for BatchError {}

impl From<io::Error> for BatchError {
    fn from(e: io::Error) -> BatchError {
        BatchError::Io(e)
    }
}

impl From<LogError> for BatchError {
    fn from(e: LogError) -> BatchError {
        BatchError::Log(e)
    }
}

/// Decides every line of `reader` with `decider`, logs each decided case in `log`, and
/// writes one line per input line to `writer` (the decision, or an error line), each only
/// once its decision is on disk. The output is the bytes of [`Decider::decide_batch`].
/// `progress` is called after each chunk is written, with the counts of the lines written.
pub fn decide_batch_logged(
    decider: &Decider<'_>,
    log: &Log,
    reader: impl BufRead,
    writer: impl Write,
    default_date: Option<Date>,
    progress: impl FnMut(&BatchSummary),
) -> Result<LoggedBatch, BatchError> {
    decide_batch_logged_threads(
        decider,
        log,
        reader,
        writer,
        default_date,
        NonZeroUsize::MIN,
        progress,
    )
}

/// [`decide_batch_logged`] on `threads` threads: the input is cut into chunks, each
/// worker decides whole chunks with its own session, and the calling thread hands the
/// chunks to the log and writes their output in input order, so the log's order and the
/// output are those of one thread. At most twice as many chunks as threads are being
/// decided, and three are waiting for the disk, so memory does not grow with the
/// number of cases.
pub fn decide_batch_logged_threads(
    decider: &Decider<'_>,
    log: &Log,
    mut reader: impl BufRead,
    mut writer: impl Write,
    default_date: Option<Date>,
    threads: NonZeroUsize,
    mut progress: impl FnMut(&BatchSummary),
) -> Result<LoggedBatch, BatchError> {
    let pack = decider.pack();
    log.archive(pack)?;
    let chunks = ChunkDecider {
        source: Arc::new(source_of(decider, pack.signer().map(str::to_owned))),
        keep: log.options().store_documents,
        default_date,
    };
    let mut out = Output {
        log,
        writer: &mut writer,
        batch: LoggedBatch::default(),
        pending: VecDeque::with_capacity(IN_FLIGHT),
        spares: Vec::with_capacity(IN_FLIGHT),
    };
    if threads.get() == 1 {
        let mut session = decider.session();
        let mut lines = Vec::new();
        loop {
            let spare = out.spares.pop().unwrap_or_default();
            if !read_chunk(&mut reader, &mut lines)? {
                break;
            }
            let decided = chunks.decide(&mut session, &lines, spare);
            out.submit(decided, &mut progress)?;
        }
    } else {
        batch_threads(
            decider,
            &chunks,
            &mut reader,
            &mut out,
            threads,
            &mut progress,
        )?;
    }
    out.drain(&mut progress)?;
    out.writer.flush()?;
    Ok(out.batch)
}

/// The chunks decided on worker threads, handed to `out` in input order.
fn batch_threads(
    decider: &Decider<'_>,
    chunks: &ChunkDecider,
    reader: &mut impl BufRead,
    out: &mut Output<'_, impl Write>,
    threads: NonZeroUsize,
    progress: &mut impl FnMut(&BatchSummary),
) -> Result<(), BatchError> {
    let (work_tx, work_rx) = mpsc::channel::<(u64, Vec<u8>)>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, Decided)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.get() {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            scope.spawn(move || {
                let mut session = decider.session();
                loop {
                    let job = work_rx
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .recv();
                    let Ok((n, lines)) = job else {
                        return;
                    };
                    let decided = chunks.decide(&mut session, &lines, Vec::new());
                    if done_tx.send((n, decided)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let result = feed(reader, out, threads, &work_tx, &done_rx, progress);
        drop(work_tx);
        result
    })
}

/// Reads chunks for the workers and hands their results to `out` in input order.
fn feed(
    reader: &mut impl BufRead,
    out: &mut Output<'_, impl Write>,
    threads: NonZeroUsize,
    work: &mpsc::Sender<(u64, Vec<u8>)>,
    done: &mpsc::Receiver<(u64, Decided)>,
    progress: &mut impl FnMut(&BatchSummary),
) -> Result<(), BatchError> {
    let most = u64::try_from(2 * threads.get()).unwrap_or(u64::MAX);
    let (mut sent, mut next) = (0_u64, 0_u64);
    let mut ready = BTreeMap::new();
    let mut eof = false;
    loop {
        while !eof && sent - next < most {
            let mut lines = Vec::new();
            if !read_chunk(reader, &mut lines)? {
                eof = true;
                break;
            }
            if work.send((sent, lines)).is_err() {
                return Err(BatchError::Io(io::Error::other(
                    "en beslutstråd har stannat",
                )));
            }
            sent += 1;
        }
        if next == sent {
            return Ok(());
        }
        let Ok((n, decided)) = done.recv() else {
            return Err(BatchError::Io(io::Error::other(
                "en beslutstråd har stannat",
            )));
        };
        ready.insert(n, decided);
        while let Some(decided) = ready.remove(&next) {
            out.submit(decided, progress)?;
            next += 1;
        }
    }
}

/// Reads up to [`CHUNK_LINES`] lines (with their newlines) into `lines`; `false` at the end
/// of the input.
fn read_chunk(reader: &mut impl BufRead, lines: &mut Vec<u8>) -> io::Result<bool> {
    lines.clear();
    for _ in 0..CHUNK_LINES {
        if reader.read_until(b'\n', lines)? == 0 {
            break;
        }
        if lines.last() != Some(&b'\n') {
            lines.push(b'\n');
        }
    }
    Ok(!lines.is_empty())
}

/// What deciding a chunk needs besides a session.
struct ChunkDecider {
    source: Arc<Source>,
    keep: bool,
    default_date: Option<Date>,
}

/// A chunk decided: its output lines, the entries of its decisions, its counts.
struct Decided {
    out: Vec<u8>,
    entries: Vec<Entry>,
    summary: BatchSummary,
}

impl ChunkDecider {
    /// Decides each line of `lines` (each ending in a newline) into `out` (cleared).
    fn decide(&self, session: &mut Session<'_>, lines: &[u8], mut out: Vec<u8>) -> Decided {
        out.clear();
        out.reserve(lines.len() * 8);
        let mut d = Decided {
            out,
            entries: Vec::with_capacity(CHUNK_LINES),
            summary: BatchSummary::default(),
        };
        let mut canonical = Vec::with_capacity(CANONICAL);
        for line in lines.split_inclusive(|b| *b == b'\n') {
            self.line(session, trim_newline(line), &mut canonical, &mut d);
        }
        d
    }

    fn line(
        &self,
        session: &mut Session<'_>,
        text: &[u8],
        canonical: &mut Vec<u8>,
        d: &mut Decided,
    ) {
        let out = &mut d.out;
        let start = out.len();
        canonical.clear();
        let decided = match std::str::from_utf8(text) {
            Ok(text) => session.write_canonical(text, self.default_date, out, canonical),
            Err(_) => Err(CaseError {
                kind: CaseErrorKind::Json,
                field: None,
                message: "raden är inte kodad i UTF-8".into(),
            }),
        };
        match decided {
            Ok(logged) => {
                let document = out.get(start..).unwrap_or_default();
                d.entries.push(Entry {
                    source: self.source.clone(),
                    date: logged.date,
                    ext_ref: None,
                    input: String::from_utf8(std::mem::replace(
                        canonical,
                        Vec::with_capacity(CANONICAL),
                    ))
                    .unwrap_or_default(),
                    utfall: logged.utfall,
                    belopp: logged.belopp,
                    felplats: logged.felplats.map(|p| p.to_string()),
                    document_digest: Entry::digest(document),
                    document: self.keep.then(|| document.to_vec()),
                });
                count(&mut d.summary, Some(logged.utfall));
            }
            Err(e) => {
                out.truncate(start);
                e.write_json(out);
                count(&mut d.summary, None);
            }
        }
        out.push(b'\n');
    }
}

/// The calling thread's side: chunks handed to the log in order, and written out once on
/// disk.
struct Output<'a, W> {
    log: &'a Log,
    writer: &'a mut W,
    batch: LoggedBatch,
    /// The chunks handed to the log and not yet written out, oldest first.
    pending: VecDeque<(Pending, Vec<u8>, BatchSummary)>,
    /// The output buffers of the chunks written out, reused for the next ones.
    spares: Vec<Vec<u8>>,
}

impl<W: Write> Output<'_, W> {
    fn submit(
        &mut self,
        d: Decided,
        progress: &mut impl FnMut(&BatchSummary),
    ) -> Result<(), BatchError> {
        self.pending
            .push_back((self.log.submit(d.entries)?, d.out, d.summary));
        while self.pending.len() >= IN_FLIGHT {
            self.write_oldest(progress)?;
        }
        Ok(())
    }

    fn drain(&mut self, progress: &mut impl FnMut(&BatchSummary)) -> Result<(), BatchError> {
        while !self.pending.is_empty() {
            self.write_oldest(progress)?;
        }
        Ok(())
    }

    fn write_oldest(&mut self, progress: &mut impl FnMut(&BatchSummary)) -> Result<(), BatchError> {
        let Some((done, out, summary)) = self.pending.pop_front() else {
            return Ok(());
        };
        finish(done.wait()?, &out, &mut *self.writer, &mut self.batch)?;
        add(&mut self.batch.summary, &summary);
        progress(&self.batch.summary);
        if self.spares.len() < IN_FLIGHT {
            self.spares.push(out);
        }
        Ok(())
    }
}

/// Writes a chunk's output once its receipts are in.
fn finish(
    receipts: Vec<Receipt>,
    out: &[u8],
    writer: &mut impl Write,
    batch: &mut LoggedBatch,
) -> io::Result<()> {
    if batch.first.is_none() {
        batch.first = receipts.first().cloned();
    }
    if let Some(last) = receipts.into_iter().last() {
        batch.last = Some(last);
    }
    writer.write_all(out)
}

fn add(s: &mut BatchSummary, more: &BatchSummary) {
    s.cases += more.cases;
    s.bifall += more.bifall;
    s.avslag += more.avslag;
    s.faststallt += more.faststallt;
    s.manuell += more.manuell;
    s.fel += more.fel;
}

fn count(s: &mut BatchSummary, u: Option<Utfall>) {
    s.cases += 1;
    match u {
        Some(Utfall::Bifall) => s.bifall += 1,
        Some(Utfall::Avslag) => s.avslag += 1,
        Some(Utfall::Faststallt) => s.faststallt += 1,
        Some(Utfall::Manuell) => s.manuell += 1,
        None => s.fel += 1,
    }
}

fn trim_newline(buf: &[u8]) -> &[u8] {
    let buf = buf.strip_suffix(b"\n").unwrap_or(buf);
    buf.strip_suffix(b"\r").unwrap_or(buf)
}
