//! Batches: JSON lines in, JSON lines out, one output line per input line, in order.
//!
//! The input is streamed line by line (one line is held at a time, and lines longer than
//! the case limit are skipped, not held), so memory stays flat in the number of cases. A
//! line that cannot be read as a case becomes an error line `{"fel": {…}}` in its place
//! and the batch goes on. An empty line is an error line too, so that line numbers of the
//! input and the output always agree.

use std::io::{self, BufRead, Write};

use delegat_value::Date;

use crate::case::{CaseError, CaseErrorKind, MAX_CASE_BYTES};
use crate::decision::{Utfall, json_line};
use crate::engine::Decider;

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
    fn count(&mut self, u: Utfall) {
        match u {
            Utfall::Bifall => self.bifall += 1,
            Utfall::Avslag => self.avslag += 1,
            Utfall::Faststallt => self.faststallt += 1,
            Utfall::Manuell => self.manuell += 1,
        }
    }
}

impl Decider<'_> {
    /// Decides every line of `reader` and writes one line per input line to `writer`:
    /// the decision's JSON, or `{"fel": {"kod", "meddelande", "fält"}}`. `progress` is
    /// called after each line with the counts so far. Only IO errors stop the batch.
    pub fn decide_batch(
        &self,
        mut reader: impl BufRead,
        mut writer: impl Write,
        default_date: Option<Date>,
        mut progress: impl FnMut(&BatchSummary),
    ) -> io::Result<BatchSummary> {
        let mut ev = self.runner();
        let mut summary = BatchSummary::default();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let (read, too_long) = read_line(&mut reader, &mut buf)?;
            if read == 0 {
                break;
            }
            summary.cases += 1;
            let out = if too_long {
                Err(CaseError::new(
                    CaseErrorKind::Json,
                    None,
                    format!("ärendet är större än {} MB", MAX_CASE_BYTES / 1024 / 1024),
                ))
            } else {
                match std::str::from_utf8(trim_newline(&buf)) {
                    Ok(text) => self.decide_with(&mut ev, text, default_date),
                    Err(_) => Err(CaseError::new(
                        CaseErrorKind::Json,
                        None,
                        "raden är inte kodad i UTF-8",
                    )),
                }
            };
            let line = match out {
                Ok(d) => {
                    summary.count(d.utfall);
                    d.to_json_string()
                }
                Err(e) => {
                    summary.fel += 1;
                    json_line(&e.to_json())
                }
            };
            writer.write_all(line.as_bytes())?;
            writer.write_all(b"\n")?;
            progress(&summary);
        }
        writer.flush()?;
        Ok(summary)
    }
}

/// Reads one line into `buf` (at most the case limit; the rest of a longer line is
/// consumed and dropped). Returns the bytes consumed and whether the line was too long.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<(usize, bool)> {
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
        let (chunk, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (available.get(..=i).unwrap_or(available), true),
            None => (available, false),
        };
        let n = chunk.len();
        if buf.len() + n > MAX_CASE_BYTES + 2 {
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
