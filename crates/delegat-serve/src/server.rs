//! [`Server`]: binding, the accept loop (HTTP/1.1 through hyper: a bound on open
//! connections, a header read timeout and a bound on the header size), signals, and
//! graceful shutdown: stop accepting, let the requests in flight finish (at most the
//! grace period), then return.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::access::Token;
use crate::app::{AppState, Shared};
use crate::catalog::{Catalog, LoadError};
use crate::config::Config;
use crate::log::DecisionLog;

/// The largest request head hyper buffers (request line and headers); a larger one is
/// refused with `431`.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Why the service could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The packs, keys or token could not be loaded (every reason).
    Load(Vec<LoadError>),
    /// The address could not be bound.
    Bind(SocketAddr, std::io::Error),
    /// The async runtime could not be started.
    Runtime(std::io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Load(errors) => {
                let mut first = true;
                for e in errors {
                    if !first {
                        writeln!(f)?;
                    }
                    first = false;
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            ServeError::Bind(addr, e) => write!(f, "adressen {addr} kan inte användas: {e}"),
            ServeError::Runtime(e) => write!(f, "tjänsten kan inte starta: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// A bound service, ready to run.
#[derive(Debug)]
pub struct Server {
    state: Shared,
    listener: TcpListener,
    address: SocketAddr,
}

impl Server {
    /// Loads the packs (every one must pass its checks and, under trusted keys, its
    /// signature), reads the token, and binds the address.
    pub async fn bind(
        config: Config,
        log: Option<Arc<dyn DecisionLog>>,
    ) -> Result<Server, ServeError> {
        let token = match &config.token {
            Some(source) => Some(Token::read(source).map_err(|e| ServeError::Load(vec![e]))?),
            None => None,
        };
        let (packs, keys) = (config.packs.clone(), config.trusted_keys.clone());
        let catalog = tokio::task::spawn_blocking(move || Catalog::load(&packs, &keys))
            .await
            .map_err(|e| ServeError::Runtime(std::io::Error::other(e)))?
            .map_err(ServeError::Load)?;
        for served in catalog.packs() {
            tracing::info!(
                path = %served.path.display(),
                hash = %served.pack.hash(),
                signer = served.pack.signer().unwrap_or("-"),
                "regelpaket inläst"
            );
        }
        let listener = TcpListener::bind(config.address)
            .await
            .map_err(|e| ServeError::Bind(config.address, e))?;
        let address = listener
            .local_addr()
            .map_err(|e| ServeError::Bind(config.address, e))?;
        let state = Arc::new(AppState::new(catalog, config, token, log));
        Ok(Server {
            state,
            listener,
            address,
        })
    }

    /// The address bound (with the port chosen when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// Serves until `shutdown` completes, then shuts down gracefully. SIGHUP (on Unix)
    /// reloads the packs.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let Server {
            state, listener, ..
        } = self;
        let limits = state.config.limits;
        let router = crate::app::router(Arc::clone(&state));
        let reloads = tokio::spawn(reload_on_hangup(Arc::clone(&state)));
        let graceful = GracefulShutdown::new();
        let connections = Arc::new(Semaphore::new(limits.max_connections));
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let stream = match accepted {
                        Ok((stream, _)) => stream,
                        Err(e) => {
                            // Out of file descriptors and the like: back off a little.
                            tracing::warn!("en anslutning kunde inte tas emot: {e}");
                            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                            continue;
                        }
                    };
                    let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
                        // Every connection place is taken: close this one at once.
                        drop(stream);
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let service = TowerToHyperService::new(router.clone());
                    let connection = http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(limits.header_timeout)
                        .max_buf_size(MAX_HEAD_BYTES)
                        .serve_connection(TokioIo::new(stream), service);
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        let _ = connection.await;
                        drop(permit);
                    });
                }
                () = &mut shutdown => break,
            }
        }
        tracing::info!("stänger: tar inte emot fler anslutningar, väntar på pågående begäranden");
        state.set_draining();
        drop(listener);
        reloads.abort();
        tokio::select! {
            () = graceful.shutdown() => tracing::info!("alla begäranden besvarade; tjänsten stängd"),
            () = tokio::time::sleep(limits.shutdown_grace) => {
                tracing::warn!("tiden för att stänga gick ut med begäranden kvar");
            }
        }
    }
}

/// Reloads the packs on every SIGHUP.
async fn reload_on_hangup(state: Shared) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            tracing::warn!("SIGHUP kan inte tas emot; läs om med POST /admin/ladda-om");
            return;
        };
        while hangups.recv().await.is_some() {
            tracing::info!("SIGHUP: läser om regelpaketen");
            let s = Arc::clone(&state);
            let _ = tokio::task::spawn_blocking(move || s.reload()).await;
        }
    }
    #[cfg(not(unix))]
    let _ = state;
}

/// Completes on SIGTERM or SIGINT.
pub async fn termination() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => tracing::info!("SIGTERM"),
                    _ = int.recv() => tracing::info!("SIGINT"),
                }
            }
            _ => std::future::pending().await,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Runs the service of `config` until SIGTERM or SIGINT: starts the async runtime and the
/// structured log (stderr; `RUST_LOG` sets the level, `info` by default, and no level logs
/// case data), binds, says where on stdout (`lyssnar på http://ADDR`), serves.
pub fn serve(config: Config, log: Option<Arc<dyn DecisionLog>>) -> Result<(), ServeError> {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async {
        let server = Server::bind(config, log).await?;
        let address = server.local_addr();
        {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "lyssnar på http://{address}");
            let _ = out.flush();
        }
        tracing::info!(%address, "tjänsten tar emot ärenden");
        server.run(termination()).await;
        Ok(())
    })
}
