//! [`Feed`]: where the caller of [`crate::compare`] puts the cases, and the chunks that
//! carry them to the workers: the texts of up to [`CHUNK`] cases one after another in one
//! buffer, sent over a bounded channel and handed back empty for reuse, so that once the
//! first chunks exist feeding a case allocates nothing.

use std::sync::mpsc::{Receiver, SyncSender};

use delegat::Date;

/// Cases per chunk sent to a worker.
pub(crate) const CHUNK: usize = 2048;

/// A chunk is sent once its texts reach this many bytes, however few cases it holds, so
/// that large cases do not make the chunks in flight large.
const CHUNK_BYTES: usize = 1 << 20;

/// Cases on their way to a worker.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    /// The cases' JSON texts, one after another.
    text: String,
    /// Each case: its index in the input, where its text ends in `text`, and the date it
    /// was decided on, if known.
    cases: Vec<(u64, usize, Option<Date>)>,
}

impl Chunk {
    /// The cases: index, JSON text and date.
    pub(crate) fn cases(&self) -> impl Iterator<Item = (u64, &str, Option<Date>)> {
        let mut start = 0;
        self.cases.iter().filter_map(move |&(index, end, date)| {
            let text = self.text.get(start..end);
            start = end;
            text.map(|t| (index, t, date))
        })
    }

    fn clear(&mut self) {
        self.text.clear();
        self.cases.clear();
    }
}

/// Where the caller puts the cases.
#[derive(Debug)]
pub struct Feed {
    tx: Option<SyncSender<Chunk>>,
    /// Chunks the workers are done with, for reuse.
    spare: Receiver<Chunk>,
    chunk: Chunk,
    next: u64,
}

impl Feed {
    /// A feed sending chunks over `tx`, reusing those that come back over `spare`.
    pub(crate) fn new(tx: SyncSender<Chunk>, spare: Receiver<Chunk>) -> Feed {
        Feed {
            tx: Some(tx),
            spare,
            chunk: Chunk::default(),
            next: 0,
        }
    }

    /// Adds a case: its JSON text and the date it was decided on, if known (a log record's
    /// date); the case's own `beslutsdatum` comes first, then this date, then
    /// [`crate::Options::date`].
    pub fn push(&mut self, input: &str, date: Option<Date>) {
        self.chunk.text.push_str(input);
        self.chunk
            .cases
            .push((self.next, self.chunk.text.len(), date));
        self.next += 1;
        if self.chunk.cases.len() >= CHUNK || self.chunk.text.len() >= CHUNK_BYTES {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.chunk.cases.is_empty() {
            return;
        }
        let mut next = self.spare.try_recv().unwrap_or_default();
        next.clear();
        let chunk = std::mem::replace(&mut self.chunk, next);
        if let Some(tx) = &self.tx {
            // A send fails only when every worker is gone, which they are not before the
            // channel closes.
            let _ = tx.send(chunk);
        }
    }

    /// Sends what is left and closes the channel: the workers finish.
    pub(crate) fn close(&mut self) {
        self.flush();
        self.tx = None;
    }
}
