//! [`Pool`]: the threads that decide cases, each keeping one [`delegat::Session`] per
//! decision of the catalog it serves.
//!
//! A session borrows its pack, and its first case pays for rendering every constant piece
//! of the decision document (about 300 µs for the försörjningsstöd example against 13 µs a
//! case after it: `cargo run --release -p delegat --example session_cost`). The service
//! therefore decides on a few threads of its own (one per core), each of which keeps the
//! sessions of the catalog it was last given on its stack, and builds them anew only when a
//! request brings another catalog (after a reload). A request in flight keeps the catalog it
//! started with, so its case is decided by the packs it was routed to. Async handlers hand
//! the work over and await the answer; no executor thread decides.

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};

use delegat::{Engine, PackError, Session};

use crate::catalog::Catalog;

/// Work for a deciding thread, given the sessions of its catalog.
type Work = Box<dyn for<'c> FnOnce(&mut Sessions<'c>) + Send>;

struct Job {
    catalog: Arc<Catalog>,
    work: Work,
}

/// The deciding threads. See the module documentation.
#[derive(Debug)]
pub struct Pool {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

impl Pool {
    /// A pool of `threads` deciding threads (at least one).
    pub fn new(threads: usize) -> Pool {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads.max(1) {
            let queue = Arc::clone(&queue);
            // A thread that cannot be started leaves the others; with none, `run` answers
            // `None` (the receiver is dropped with the last thread).
            let _ = std::thread::Builder::new()
                .name(format!("delegat-beslut-{i}"))
                .spawn(move || work(&queue));
        }
        Pool { jobs }
    }

    /// Runs `f` on a deciding thread with the sessions of `catalog`, and gives its result;
    /// `None` if no deciding thread is running.
    pub async fn run<T: Send + 'static>(
        &self,
        catalog: Arc<Catalog>,
        f: impl for<'c> FnOnce(&mut Sessions<'c>) -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let work: Work = Box::new(move |sessions| {
            let _ = tx.send(f(sessions));
        });
        self.jobs.send(Job { catalog, work }).ok()?;
        rx.await.ok()
    }
}

/// The sessions of one catalog on one deciding thread, one per decision, made on first use.
pub struct Sessions<'c> {
    catalog: &'c Catalog,
    sessions: HashMap<String, Session<'c>>,
}

impl<'c> Sessions<'c> {
    /// The session of the decision `name` (with the JIT, as every route decides), or
    /// `None` when the catalog has no such decision.
    pub fn session(&mut self, name: &str) -> Result<Option<&mut Session<'c>>, PackError> {
        if !self.sessions.contains_key(name) {
            let Some((_, served)) = self.catalog.route(name) else {
                return Ok(None);
            };
            let decider = served.pack.engine(Engine::Jit)?.with_decision(name)?;
            self.sessions.insert(name.to_owned(), decider.session());
        }
        Ok(self.sessions.get_mut(name))
    }
}

/// A deciding thread: serves one catalog after another until the pool is dropped.
fn work(queue: &Mutex<mpsc::Receiver<Job>>) {
    let mut next = take(queue);
    while let Some(job) = next {
        let catalog = Arc::clone(&job.catalog);
        next = serve(&catalog, job, queue);
    }
}

/// Runs jobs of `catalog` with its sessions kept; returns the first job of another catalog
/// (`None` when the pool is dropped).
fn serve(catalog: &Arc<Catalog>, first: Job, queue: &Mutex<mpsc::Receiver<Job>>) -> Option<Job> {
    let mut sessions = Sessions {
        catalog,
        sessions: HashMap::new(),
    };
    let mut job = first;
    loop {
        if !Arc::ptr_eq(&job.catalog, catalog) {
            return Some(job);
        }
        (job.work)(&mut sessions);
        job = take(queue)?;
    }
}

fn take(queue: &Mutex<mpsc::Receiver<Job>>) -> Option<Job> {
    queue
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .recv()
        .ok()
}
