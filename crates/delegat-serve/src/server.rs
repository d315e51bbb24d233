//! [`Server`]: binding, the accept loop (HTTP/1.1 through hyper, over TLS when configured:
//! a bound on open connections, a header read timeout that also bounds a TLS handshake, and
//! a bound on the header size), signals, and graceful shutdown: stop accepting, let the
//! requests in flight finish (at most the grace period), then return.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::access::Token;
use crate::app::{AppState, Shared};
use crate::catalog::{Catalog, LoadError};
use crate::config::{Config, Limits};
use crate::log::DecisionLog;
use crate::tls::Tls;

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
    tls: Option<Arc<Tls>>,
}

impl Server {
    /// Loads the packs (every one must pass its checks and, under trusted keys, its
    /// signature), reads the token and the TLS certificate and key, and binds the address.
    pub async fn bind(
        config: Config,
        log: Option<Arc<dyn DecisionLog>>,
    ) -> Result<Server, ServeError> {
        let token = match &config.token {
            Some(source) => Some(Token::read(source).map_err(|e| ServeError::Load(vec![e]))?),
            None => None,
        };
        let tls = match &config.tls {
            Some(files) => {
                let files = files.clone();
                let loaded = tokio::task::spawn_blocking(move || Tls::load(&files))
                    .await
                    .map_err(|e| ServeError::Runtime(std::io::Error::other(e)))?
                    .map_err(|e| ServeError::Load(vec![e]))?;
                Some(Arc::new(loaded))
            }
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
            tls,
        })
    }

    /// The address bound (with the port chosen when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// A handle serving HTTP/1.1 on byte streams the caller opens, with this service's
    /// routes and state (see [`Connections`]).
    pub fn connections(&self) -> Connections {
        Connections {
            router: crate::app::router(Arc::clone(&self.state)),
            limits: self.state.config.limits,
        }
    }

    /// Whether the service speaks TLS (`https://`).
    pub fn is_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Serves until `shutdown` completes, then shuts down gracefully. SIGHUP (on Unix)
    /// reloads the packs and the TLS certificate and key.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        let Server {
            state,
            listener,
            tls,
            ..
        } = self;
        let limits = state.config.limits;
        let router = crate::app::router(Arc::clone(&state));
        let reloads = tokio::spawn(reload_on_hangup(Arc::clone(&state), tls.clone()));
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
                    // Served by a worker of the pool, which decides its cases on the same
                    // thread: the stream leaves this runtime and joins the worker's.
                    let Ok(stream) = stream.into_std() else {
                        continue;
                    };
                    let (router, watcher) = (router.clone(), graceful.watcher());
                    let acceptor = tls.as_ref().map(|t| t.acceptor());
                    let connection = async move {
                        let Ok(stream) = tokio::net::TcpStream::from_std(stream) else {
                            return;
                        };
                        match acceptor {
                            None => serve_connection(stream, router, limits, watcher).await,
                            Some(acceptor) => {
                                serve_tls(stream, acceptor, router, limits, watcher).await;
                            }
                        }
                        drop(permit);
                    };
                    if let Err(connection) = state.pool.spawn(connection) {
                        tokio::spawn(connection);
                    }
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
        let workers = Arc::clone(&state);
        let _ = tokio::task::spawn_blocking(move || workers.pool.stop()).await;
    }
}

/// Serves HTTP/1.1 on byte streams other than the accepted connections of
/// [`Server::run`] (an in-memory pipe in the fuzz target of the HTTP surface,
/// `fuzz/fuzz_targets/http_request.rs`): the same routes, state and per-connection bounds
/// (header timeout and size) as the accept loop, without its connection bound and graceful
/// shutdown, which are the loop's.
#[derive(Clone, Debug)]
pub struct Connections {
    router: axum::Router,
    limits: Limits,
}

impl Connections {
    /// Serves one stream until the client closes it (or the header timeout closes it).
    pub async fn serve<I>(&self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let _ = http1_connection(io, self.router.clone(), self.limits).await;
    }
}

/// The HTTP/1.1 connection of `io`: hyper with the header read timeout and the bound on the
/// request head. A client that closes its sending half after its requests (`nc -N`, a
/// client's `shutdown(Write)`) still gets its answers: half-closed connections are served.
fn http1_connection<I>(
    io: I,
    router: axum::Router,
    limits: Limits,
) -> http1::Connection<TokioIo<I>, TowerToHyperService<axum::Router>>
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES)
        .half_close(true)
        .serve_connection(TokioIo::new(io), TowerToHyperService::new(router))
}

/// Serves HTTP/1.1 on one connection (plain TCP, or TLS after the handshake) until it
/// closes or, after a graceful shutdown began, its request in flight is answered.
async fn serve_connection<I>(io: I, router: axum::Router, limits: Limits, watcher: Watcher)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let _ = watcher.watch(http1_connection(io, router, limits)).await;
}

/// Serves HTTP/1.1 over TLS on one connection. The handshake has the header timeout: a
/// client that opens the connection and never finishes its handshake is dropped then.
async fn serve_tls(
    stream: tokio::net::TcpStream,
    acceptor: tokio_rustls::TlsAcceptor,
    router: axum::Router,
    limits: Limits,
    watcher: Watcher,
) {
    match tokio::time::timeout(limits.header_timeout, acceptor.accept(stream)).await {
        Ok(Ok(stream)) => serve_connection(stream, router, limits, watcher).await,
        Ok(Err(e)) => tracing::debug!("TLS-handskakningen misslyckades: {e}"),
        Err(_) => tracing::debug!("TLS-handskakningen tog för lång tid"),
    }
}

/// Reloads the packs, and the TLS certificate and key when served, on every SIGHUP.
async fn reload_on_hangup(state: Shared, tls: Option<Arc<Tls>>) {
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
            if let Some(tls) = &tls {
                let tls = Arc::clone(tls);
                match tokio::task::spawn_blocking(move || tls.reload()).await {
                    Ok(Ok(())) => tracing::info!("SIGHUP: TLS-certifikatet och nyckeln inlästa"),
                    Ok(Err(e)) => tracing::error!(
                        "omläsningen av TLS-certifikatet vägrades, det gamla används: {e}"
                    ),
                    Err(_) => {}
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (state, tls);
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
/// case data), binds, says where on stdout (`lyssnar på http://ADDR`, or `https://` with
/// TLS), serves.
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
        let scheme = if server.is_tls() { "https" } else { "http" };
        {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "lyssnar på {scheme}://{address}");
            let _ = out.flush();
        }
        tracing::info!(%address, scheme, "tjänsten tar emot ärenden");
        server.run(termination()).await;
        Ok(())
    })
}
