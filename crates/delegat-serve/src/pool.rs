//! [`Pool`]: the service's worker threads. Each runs a single-threaded tokio runtime that
//! serves the connections handed to it and decides their cases itself, keeping one
//! [`delegat::Session`] per decision of the catalog it serves.
//!
//! A session borrows its pack, and its first case pays for rendering every constant piece
//! of the decision document (about 300 µs for the försörjningsstöd example against 13 µs a
//! case after it: `cargo run --release -p delegat --example session_cost`), so sessions are
//! kept: each worker has a deciding task that holds the sessions of the catalog it was last
//! given, and builds them anew only when a job brings another catalog (after a reload). A
//! request in flight keeps the catalog it started with, so its case is decided by the packs
//! it was routed to.
//!
//! The accept loop hands each connection to a worker ([`Pool::spawn`], in turn), and that
//! connection's requests are decided on the same thread ([`Pool::run`] from a worker
//! thread): a decision costs no hand-over between threads, no thread is woken for it, and
//! the number of busy threads is the number of workers (one per core). A connection stays
//! on its worker (no work stealing): when other processes preempt a worker, its
//! connections wait, which shows in the tail on a shared machine (`docs/PERFORMANCE.md`,
//! "`delegat serve` under load"). A request served elsewhere (a stream given to
//! [`crate::Connections`]) sends its job to a worker and awaits the answer.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use delegat::{Engine, PackError, Session};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::catalog::Catalog;

/// Work for a deciding task, given the sessions of its catalog.
type Work = Box<dyn for<'c> FnOnce(&mut Sessions<'c>) + Send>;

/// A connection's future, run on a worker.
type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

struct Job {
    catalog: Arc<Catalog>,
    work: Work,
}

/// What a worker is given.
enum Inbox {
    /// A connection to serve.
    Serve(Task),
    /// A job from a request served on another thread.
    Decide(Job),
}

/// The pools' numbers, so that a worker thread knows whose jobs it decides.
static POOLS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// On a worker thread: its pool's number and its deciding task's queue.
    static LOCAL: RefCell<Option<(usize, UnboundedSender<Job>)>> = const { RefCell::new(None) };
}

/// The worker threads. See the module documentation.
#[derive(Debug)]
pub struct Pool {
    id: usize,
    inboxes: Mutex<Vec<UnboundedSender<Inbox>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    next: AtomicUsize,
}

impl std::fmt::Debug for Inbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Inbox::Serve(_) => "Serve",
            Inbox::Decide(_) => "Decide",
        })
    }
}

impl Pool {
    /// A pool of `threads` workers (at least one is tried; a thread or runtime that cannot
    /// be started leaves the others).
    pub fn new(threads: usize) -> Pool {
        let id = POOLS.fetch_add(1, Ordering::Relaxed);
        let mut inboxes = Vec::new();
        let mut handles = Vec::new();
        for i in 0..threads.max(1) {
            let (tx, rx) = unbounded_channel();
            let spawned = std::thread::Builder::new()
                .name(format!("delegat-arbete-{i}"))
                .spawn(move || worker(id, rx));
            if let Ok(handle) = spawned {
                inboxes.push(tx);
                handles.push(handle);
            }
        }
        Pool {
            id,
            inboxes: Mutex::new(inboxes),
            threads: Mutex::new(handles),
            next: AtomicUsize::new(0),
        }
    }

    /// Serves `task` (a connection) on the next worker in turn; gives it back when no
    /// worker runs (the caller then spawns it on its own runtime).
    pub fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) -> Result<(), Task> {
        self.send(Inbox::Serve(Box::pin(task)))
            .map_err(|inbox| match inbox {
                Inbox::Serve(task) => task,
                Inbox::Decide(_) => Box::pin(async {}),
            })
    }

    /// Runs `f` with the sessions of `catalog`: by this thread's deciding task when this
    /// thread is one of the pool's workers (no other thread is woken), else by a worker's;
    /// its result, or `None` when no worker runs.
    pub async fn run<T: Send + 'static>(
        &self,
        catalog: Arc<Catalog>,
        f: impl for<'c> FnOnce(&mut Sessions<'c>) -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let work: Work = Box::new(move |sessions| {
            let _ = tx.send(f(sessions));
        });
        let job = Job { catalog, work };
        let job = LOCAL.with(|local| match &*local.borrow() {
            Some((pool, queue)) if *pool == self.id => queue.send(job).err().map(|e| e.0),
            _ => Some(job),
        });
        if let Some(job) = job {
            self.send(Inbox::Decide(job)).ok()?;
        }
        rx.await.ok()
    }

    /// Hands `inbox` to the next worker in turn, or gives it back when none runs.
    fn send(&self, mut inbox: Inbox) -> Result<(), Inbox> {
        let inboxes = self.inboxes.lock().unwrap_or_else(PoisonError::into_inner);
        let n = inboxes.len();
        for _ in 0..n {
            let i = self.next.fetch_add(1, Ordering::Relaxed) % n;
            let Some(worker) = inboxes.get(i) else {
                continue;
            };
            match worker.send(inbox) {
                Ok(()) => return Ok(()),
                Err(e) => inbox = e.0,
            }
        }
        Err(inbox)
    }

    /// Stops the workers and waits for them: the connections they still serve are dropped.
    /// Called after a graceful shutdown, when every request has been answered. Blocking.
    pub fn stop(&self) {
        self.inboxes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        let threads =
            std::mem::take(&mut *self.threads.lock().unwrap_or_else(PoisonError::into_inner));
        for thread in threads {
            let _ = thread.join();
        }
    }
}

/// The sessions of one catalog on one worker, one per decision, made on first use.
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

/// A worker thread: its runtime serves the connections and jobs it is given until the
/// pool stops.
fn worker(pool: usize, mut inbox: UnboundedReceiver<Inbox>) {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        tracing::error!("en arbetstråd kunde inte starta sin körmiljö");
        return;
    };
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async move {
        let (queue, jobs) = unbounded_channel();
        LOCAL.with(|l| *l.borrow_mut() = Some((pool, queue.clone())));
        tokio::task::spawn_local(decide(jobs));
        while let Some(item) = inbox.recv().await {
            match item {
                Inbox::Serve(task) => {
                    tokio::task::spawn_local(task);
                }
                Inbox::Decide(job) => {
                    let _ = queue.send(job);
                }
            }
        }
        LOCAL.with(|l| *l.borrow_mut() = None);
    });
}

/// A worker's deciding task: serves one catalog after another until the worker stops.
async fn decide(mut jobs: UnboundedReceiver<Job>) {
    let mut next = jobs.recv().await;
    while let Some(job) = next {
        let catalog = Arc::clone(&job.catalog);
        next = serve(&catalog, job, &mut jobs).await;
    }
}

/// Runs jobs of `catalog` with its sessions kept; returns the first job of another catalog
/// (`None` when the worker stops).
async fn serve(
    catalog: &Arc<Catalog>,
    first: Job,
    jobs: &mut UnboundedReceiver<Job>,
) -> Option<Job> {
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
        job = jobs.recv().await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn thread_name() -> String {
        std::thread::current().name().unwrap_or("").to_owned()
    }

    #[test]
    fn a_connections_jobs_are_run_on_the_worker_that_serves_it() {
        let pool = Arc::new(Pool::new(2));
        let catalog = Arc::new(Catalog::empty());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();

        // From a thread that is no worker: run on a worker.
        let name = runtime.block_on(pool.run(Arc::clone(&catalog), |_| thread_name()));
        assert!(name.unwrap().starts_with("delegat-arbete-"));

        // From a task a worker serves: run on that worker's own thread; tasks go to the
        // workers in turn.
        let mut workers = Vec::new();
        for _ in 0..4 {
            let (tx, rx) = std::sync::mpsc::channel();
            let (p, c) = (Arc::clone(&pool), Arc::clone(&catalog));
            let spawned = pool.spawn(async move {
                let here = (std::thread::current().id(), thread_name());
                let there = p.run(c, |_| std::thread::current().id()).await;
                tx.send((here, there)).unwrap();
            });
            assert!(spawned.is_ok());
            let ((here, name), there) = rx.recv_timeout(Duration::from_secs(20)).unwrap();
            assert_eq!(Some(here), there);
            workers.push(name);
        }
        assert_eq!(workers[0], workers[2]);
        assert_eq!(workers[1], workers[3]);
        assert_ne!(workers[0], workers[1]);

        // Stopped: nothing runs, and a task is given back.
        pool.stop();
        assert!(runtime.block_on(pool.run(catalog, |_| ())).is_none());
        assert!(pool.spawn(async {}).is_err());
    }
}
