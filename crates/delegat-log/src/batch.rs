//! [`decide_batch_logged`]: a batch of JSON lines whose every decided case is logged before
//! its output line is written.
//!
//! The lines are decided in chunks on the caller's thread with one [`delegat::Session`]
//! (the decision line and the canonical input in one pass); each chunk's entries go to the
//! log's writer as one group ([`Log::submit`]), and the chunk's output is written only when
//! that group is on disk. The next chunk is decided meanwhile, so deciding and the disk
//! flush overlap. A line that is not a case becomes an error line, as in
//! [`Decider::decide_batch`], and is not logged: no decision was made.

use std::fmt;
use std::io::{self, BufRead, Write};

use delegat::{BatchSummary, CaseError, CaseErrorKind, Date, Decider, Utfall};

use crate::error::LogError;
use crate::log::{Log, Pending, source_of};
use crate::record::{Entry, Receipt};

/// Lines per chunk (one group commit each, at most).
const CHUNK_LINES: usize = 4096;

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
/// `progress` is called after each chunk.
pub fn decide_batch_logged(
    decider: &Decider<'_>,
    log: &Log,
    mut reader: impl BufRead,
    mut writer: impl Write,
    default_date: Option<Date>,
    mut progress: impl FnMut(&BatchSummary),
) -> Result<LoggedBatch, BatchError> {
    let pack = decider.pack();
    log.archive(pack)?;
    let source = source_of(decider, pack.signer().map(str::to_owned));
    let keep = log.options().store_documents;
    let mut session = decider.session();
    let mut batch = LoggedBatch::default();
    let mut pending: Option<(Pending, Vec<u8>)> = None;
    let mut line = Vec::new();
    let mut canonical = Vec::new();
    loop {
        let mut out = Vec::with_capacity(CHUNK_LINES * 1024);
        let mut entries = Vec::with_capacity(CHUNK_LINES);
        let mut lines = 0;
        while lines < CHUNK_LINES {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            lines += 1;
            let text = trim_newline(&line);
            let start = out.len();
            canonical.clear();
            let decided = match std::str::from_utf8(text) {
                Ok(text) => session.write_canonical(text, default_date, &mut out, &mut canonical),
                Err(_) => Err(CaseError {
                    kind: CaseErrorKind::Json,
                    field: None,
                    message: "raden är inte kodad i UTF-8".into(),
                }),
            };
            match decided {
                Ok(logged) => {
                    let document = out.get(start..).unwrap_or_default();
                    entries.push(Entry {
                        source: source.clone(),
                        date: logged.date,
                        ext_ref: None,
                        input: String::from_utf8_lossy(&canonical).into_owned(),
                        utfall: logged.utfall,
                        belopp: logged.belopp,
                        felplats: logged.felplats.map(|p| p.to_string()),
                        document_digest: Entry::digest(document),
                        document: keep.then(|| document.to_vec()),
                    });
                    count(&mut batch.summary, Some(logged.utfall));
                }
                Err(e) => {
                    out.truncate(start);
                    e.write_json(&mut out);
                    count(&mut batch.summary, None);
                }
            }
            out.push(b'\n');
        }
        let next = if lines == 0 {
            None
        } else {
            Some((log.submit(entries)?, out))
        };
        if let Some((done, out)) = pending.take() {
            finish(done.wait()?, &out, &mut writer, &mut batch)?;
            progress(&batch.summary);
        }
        match next {
            Some(next) => pending = Some(next),
            None => break,
        }
    }
    writer.flush()?;
    Ok(batch)
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
