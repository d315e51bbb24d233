//! [`Log`]: the handle an application writes decisions through, with group commit.
//!
//! One writer thread owns the store. A caller ([`Log::append`], [`Log::record`]) sends its
//! entries and blocks until the writer has committed them; the writer takes every request
//! waiting at that moment into the same transaction, so concurrent callers share one disk
//! flush (group commit) and a caller's decision is on disk when its call returns.
//!
//! `Log` is `Send + Sync`: share it between threads behind an `Arc`. Its calls block, so
//! async code calls them through `tokio::task::spawn_blocking` (or a thread of its own),
//! never on an executor thread.

use std::collections::HashSet;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use delegat::{CanonicalCase, Decider, Decision, Pack};

use crate::error::LogError;
use crate::record::{ArchivedSignature, Entry, Receipt, Source};
use crate::sqlite::SqliteStore;
use crate::store::Store;

/// The most entries one group commit takes.
const MAX_GROUP: usize = 65_536;

/// The most times the writer yields before one transaction.
const MAX_YIELDS: usize = 4;

/// How a log is opened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogOptions {
    /// Keep each decision document itself, not only its digest (the default is the
    /// digest: the document is reproduced from the input and the archived pack).
    pub store_documents: bool,
}

/// Where the writer answers a caller of a group: a channel the caller waits on, or a
/// function it calls ([`Log::submit_then`]). Answered exactly once: a reply dropped
/// unanswered (the writer stopped) answers that the writer stopped.
struct Reply(Option<Answer>);

type Then = Box<dyn FnOnce(Result<Vec<Receipt>, LogError>) + Send>;

enum Answer {
    Wait(SyncSender<Result<Vec<Receipt>, LogError>>),
    Call(Then),
}

impl Reply {
    fn send(mut self, result: Result<Vec<Receipt>, LogError>) {
        match self.0.take() {
            Some(Answer::Wait(channel)) => {
                let _ = channel.send(result);
            }
            Some(Answer::Call(then)) => then(result),
            None => {}
        }
    }
}

impl Drop for Reply {
    fn drop(&mut self) {
        if self.0.is_some() {
            Reply(self.0.take()).send(Err(stopped()));
        }
    }
}

enum Job {
    Append(Vec<Entry>, Reply),
    Archive(
        String,
        Vec<u8>,
        Option<ArchivedSignature>,
        SyncSender<Result<(), LogError>>,
    ),
}

/// A decision log open for writing. See the module documentation.
#[derive(Debug)]
pub struct Log {
    jobs: Option<Sender<Job>>,
    writer: Option<JoinHandle<()>>,
    /// Hashes of the packs archived (by this handle or before it).
    archived: Mutex<HashSet<String>>,
    options: LogOptions,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Job::Append(e, _) => write!(f, "Append({})", e.len()),
            Job::Archive(h, _, _, _) => write!(f, "Archive({h})"),
        }
    }
}

impl Log {
    /// Opens the SQLite log at `path`, creating it owner-only if it does not exist.
    pub fn open(path: &Path) -> Result<Log, LogError> {
        Log::open_with(path, LogOptions::default())
    }

    /// [`Log::open`] with options.
    pub fn open_with(path: &Path, options: LogOptions) -> Result<Log, LogError> {
        let mut store = SqliteStore::open(path, true)?;
        let archived = store.pack_hashes()?.into_iter().collect();
        Ok(Log::with_store(Box::new(store), archived, options))
    }

    /// A log writing through any [`Store`]; `archived` are the hashes of the packs it
    /// already holds.
    pub fn with_store(
        store: Box<dyn Store>,
        archived: HashSet<String>,
        options: LogOptions,
    ) -> Log {
        let (tx, rx) = mpsc::channel();
        let writer = std::thread::Builder::new()
            .name("delegat-logg".into())
            .spawn(move || write_loop(store, &rx))
            .ok();
        Log {
            jobs: writer.is_some().then_some(tx),
            writer,
            archived: Mutex::new(archived),
            options,
        }
    }

    /// The options the log was opened with.
    pub fn options(&self) -> LogOptions {
        self.options
    }

    /// Archives `pack` (its pack file bytes, by content hash) unless it already is, and
    /// the signature it was verified with if it was loaded under trusted keys
    /// ([`ArchivedSignature`]): on disk when it returns. [`Log::record`] calls it before a
    /// pack's first decision.
    pub fn archive(&self, pack: &Pack) -> Result<(), LogError> {
        let hash = pack.hash();
        let signature = ArchivedSignature::of(pack);
        let done = match &signature {
            Some(s) => format!("{hash} {}", s.key_id),
            None => hash.clone(),
        };
        if self.is_archived(&done) {
            return Ok(());
        }
        let bytes = if self.is_archived(&hash) {
            Vec::new()
        } else {
            pack.to_bytes()
                .map_err(|e| LogError::Archive(e.to_string()))?
        };
        let (reply, answer) = mpsc::sync_channel(1);
        self.send(Job::Archive(hash.clone(), bytes, signature, reply))?;
        answer.recv().map_err(|_| stopped())??;
        let mut archived = self.archived.lock().unwrap_or_else(PoisonError::into_inner);
        archived.insert(hash);
        archived.insert(done);
        Ok(())
    }

    /// Whether the pack with content hash `hash` is archived in the log, so that its
    /// decisions can be appended without archiving it first.
    pub fn is_archived(&self, hash: &str) -> bool {
        self.archived
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(hash)
    }

    /// Appends `entries` (each entry's pack archived first, see [`Log::archive`]) and
    /// returns their receipts once they are on disk; concurrent calls share one
    /// transaction. On an error none of the entries is logged.
    pub fn append(&self, entries: Vec<Entry>) -> Result<Vec<Receipt>, LogError> {
        self.submit(entries)?.wait()
    }

    /// [`Log::append`] without waiting: the entries are handed to the writer, and
    /// [`Pending::wait`] returns their receipts once they are on disk. A caller may decide
    /// the next cases meanwhile, but must not hand out these decisions before `wait`
    /// returns `Ok`.
    pub fn submit(&self, entries: Vec<Entry>) -> Result<Pending, LogError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.hand_over(entries, Reply(Some(Answer::Wait(reply))))?;
        Ok(Pending { answer })
    }

    /// [`Log::append`] without blocking: the entries are handed to the writer, which calls
    /// `then` with their receipts once they are on disk, or with the error that kept them
    /// out of the log (at once, on this thread, when they cannot be handed over). `then` is
    /// called exactly once, mostly on the writer thread: it must be quick (wake whoever
    /// waits, as a channel's send does) and must not call the log.
    pub fn submit_then(
        &self,
        entries: Vec<Entry>,
        then: impl FnOnce(Result<Vec<Receipt>, LogError>) + Send + 'static,
    ) {
        let _ = self.hand_over(entries, Reply(Some(Answer::Call(Box::new(then)))));
    }

    /// Checks that every entry's pack is archived and hands the entries to the writer,
    /// which answers `reply`; on an error `reply` has the error too.
    fn hand_over(&self, entries: Vec<Entry>, reply: Reply) -> Result<(), LogError> {
        if entries.is_empty() {
            reply.send(Ok(Vec::new()));
            return Ok(());
        }
        let mut checked: Option<&str> = None;
        if let Some(e) = entries.iter().find(|e| {
            let pack = e.source.pack.as_str();
            if checked == Some(pack) {
                return false;
            }
            checked = Some(pack);
            !self.is_archived(pack)
        }) {
            let e = LogError::Archive(format!("regelpaketet {} är inte arkiverat", e.source.pack));
            reply.send(Err(e.clone()));
            return Err(e);
        }
        self.send(Job::Append(entries, reply))
    }

    /// Logs one decision made by `decider` of the canonical case `case` (the pack is
    /// archived first if it is new to the log): on disk when it returns.
    pub fn record(
        &self,
        decider: &Decider<'_>,
        case: &CanonicalCase,
        decision: &Decision,
        ext_ref: Option<&str>,
    ) -> Result<Receipt, LogError> {
        self.archive(decider.pack())?;
        let entry = self.entry(decider, case, decision, ext_ref);
        self.append(vec![entry])?
            .pop()
            .ok_or_else(|| LogError::Write("inget kvitto".into()))
    }

    /// The entry of a decision (its document written once to digest it).
    pub fn entry(
        &self,
        decider: &Decider<'_>,
        case: &CanonicalCase,
        decision: &Decision,
        ext_ref: Option<&str>,
    ) -> Entry {
        let document = decision.to_json_string().into_bytes();
        Entry {
            source: Arc::new(source_of(decider, decision.regelverk.signerad_av.clone())),
            date: case.date,
            ext_ref: ext_ref.map(str::to_owned),
            input: case.json.clone(),
            utfall: decision.utfall,
            belopp: decision.belopp,
            felplats: decision.felplats.as_ref().map(ToString::to_string),
            document_digest: Entry::digest(&document),
            document: self.options.store_documents.then_some(document),
        }
    }

    fn send(&self, job: Job) -> Result<(), LogError> {
        self.jobs
            .as_ref()
            .ok_or_else(stopped)?
            .send(job)
            .map_err(|_| stopped())
    }
}

/// The source of `decider`'s decisions.
pub fn source_of(decider: &Decider<'_>, signer: Option<String>) -> Source {
    Source {
        pack: decider.pack().hash(),
        decision: decider.decision_name().to_owned(),
        engine: decider.engine(),
        signer,
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

fn stopped() -> LogError {
    LogError::Write("loggens skrivtråd har stannat".into())
}

/// The writer: one job, then every append waiting, in one transaction. Under concurrent
/// load (the last transaction had more than one caller) it yields its core before it
/// begins, so that callers runnable on it hand over their entries first and share the
/// commit: again while a yield brought callers and the group has fewer than the last one,
/// at most [`MAX_YIELDS`] times. A lone caller's commit does not wait for that.
fn write_loop(mut store: Box<dyn Store>, jobs: &Receiver<Job>) {
    let mut later = None;
    let mut last_callers = 0;
    loop {
        let job = match later.take() {
            Some(job) => job,
            None => match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        match job {
            Job::Archive(hash, bytes, signature, reply) => {
                let mut result = Ok(());
                if !bytes.is_empty() {
                    result = store.archive(&hash, &bytes);
                }
                if let (Ok(()), Some(s)) = (&result, &signature) {
                    result = store.archive_signature(&hash, s);
                }
                let _ = reply.send(result);
            }
            Job::Append(entries, reply) => {
                let mut group = vec![(entries.len(), reply)];
                let mut all = entries;
                take_waiting(jobs, &mut group, &mut all, &mut later);
                if last_callers > 1 {
                    for _ in 0..MAX_YIELDS {
                        let before = group.len();
                        if later.is_some() || before >= last_callers {
                            break;
                        }
                        std::thread::yield_now();
                        take_waiting(jobs, &mut group, &mut all, &mut later);
                        if group.len() == before {
                            break;
                        }
                    }
                }
                last_callers = group.len();
                answer(group, store.append(&all));
            }
        }
    }
}

/// Adds every append waiting to the group (up to [`MAX_GROUP`] entries); a job of another
/// kind is kept in `later`.
fn take_waiting(
    jobs: &Receiver<Job>,
    group: &mut Vec<(usize, Reply)>,
    all: &mut Vec<Entry>,
    later: &mut Option<Job>,
) {
    while all.len() < MAX_GROUP {
        match jobs.try_recv() {
            Ok(Job::Append(more, reply)) => {
                group.push((more.len(), reply));
                all.extend(more);
            }
            Ok(other) => {
                *later = Some(other);
                return;
            }
            Err(_) => return,
        }
    }
}

/// Hands each caller of a group its receipts, or the group's error.
fn answer(group: Vec<(usize, Reply)>, result: Result<Vec<Receipt>, LogError>) {
    match result {
        Ok(receipts) => {
            let mut rest = receipts.into_iter();
            for (n, reply) in group {
                reply.send(Ok(rest.by_ref().take(n).collect()));
            }
        }
        Err(e) => {
            for (_, reply) in group {
                reply.send(Err(e.clone()));
            }
        }
    }
}

/// Entries handed to the writer ([`Log::submit`]), not yet known to be on disk.
#[derive(Debug)]
#[must_use = "the decisions are logged only when `wait` returns Ok"]
pub struct Pending {
    answer: Receiver<Result<Vec<Receipt>, LogError>>,
}

impl Pending {
    /// Waits until the entries are on disk; their receipts, in order.
    pub fn wait(self) -> Result<Vec<Receipt>, LogError> {
        self.answer.recv().map_err(|_| stopped())?
    }
}

/// A shared log (the form threads and async tasks hold it in).
pub type SharedLog = Arc<Log>;
