//! The service's shared state and its router: which routes exist, which are bounded by the
//! concurrency limit and the timeout, and which need the token.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use delegat_diagnostics::Code;
use tower::{BoxError, ServiceBuilder};

use crate::access::{Token, admitted};
use crate::catalog::{Catalog, LoadError};
use crate::config::Config;
use crate::errors::{Refusal, json_bytes};
use crate::log::{DecisionLog, LogError};
use crate::metrics::Metrics;
use crate::pool::Pool;

/// What every request handler shares.
#[derive(Debug)]
pub struct AppState {
    catalog: RwLock<Arc<Catalog>>,
    pub config: Config,
    pub token: Option<Token>,
    pub metrics: Metrics,
    pub log: Option<Arc<dyn DecisionLog>>,
    /// The threads that decide, with their sessions.
    pub pool: Pool,
    /// False while shutting down.
    ready: AtomicBool,
    /// One reload at a time.
    reloading: Mutex<()>,
    /// The last probe of the log for `/readyz`, and when it was made.
    probe: tokio::sync::Mutex<Option<(Instant, Result<(), LogError>)>>,
}

/// How long a probe of the log answers `/readyz` (a balancer may ask it often).
const PROBE_KEPT: Duration = Duration::from_secs(1);

/// How long `/readyz` waits for the log to answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn new(
        catalog: Catalog,
        config: Config,
        token: Option<Token>,
        log: Option<Arc<dyn DecisionLog>>,
    ) -> AppState {
        AppState {
            catalog: RwLock::new(Arc::new(catalog)),
            config,
            token,
            metrics: Metrics::default(),
            log,
            pool: Pool::new(std::thread::available_parallelism().map_or(2, usize::from)),
            ready: AtomicBool::new(true),
            reloading: Mutex::new(()),
            probe: tokio::sync::Mutex::new(None),
        }
    }

    /// The catalog now serving. A request keeps the one it got until it is answered, so a
    /// reload never changes the pack under a request in flight.
    pub fn catalog(&self) -> Arc<Catalog> {
        match self.catalog.read() {
            Ok(c) => Arc::clone(&c),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Loads the configured packs again and, when every one is sound, switches to them at
    /// once; otherwise the old catalog goes on serving. Blocking (reads files, compiles).
    pub fn reload(&self) -> Result<Arc<Catalog>, Vec<LoadError>> {
        let _one = self.reloading.lock();
        let loaded = Catalog::load(&self.config.packs, &self.config.trusted_keys);
        self.metrics.reload(loaded.is_ok());
        match loaded {
            Ok(catalog) => {
                let catalog = Arc::new(catalog);
                match self.catalog.write() {
                    Ok(mut c) => *c = Arc::clone(&catalog),
                    Err(poisoned) => *poisoned.into_inner() = Arc::clone(&catalog),
                }
                for served in catalog.packs() {
                    tracing::info!(
                        path = %served.path.display(),
                        hash = %served.pack.hash(),
                        "regelpaket inläst"
                    );
                }
                Ok(catalog)
            }
            Err(errors) => {
                for e in &errors {
                    tracing::error!("omläsningen vägrades, de gamla regelpaketen används: {e}");
                }
                Err(errors)
            }
        }
    }

    pub fn set_draining(&self) {
        self.ready.store(false, Ordering::SeqCst);
    }

    fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    /// Whether the log (if any) can be reached ([`DecisionLog::ready`], off the async
    /// workers, at most [`PROBE_TIMEOUT`]); one probe at a time, its answer kept for
    /// [`PROBE_KEPT`].
    async fn log_ready(&self) -> Result<(), LogError> {
        let Some(log) = &self.log else {
            return Ok(());
        };
        let mut last = self.probe.lock().await;
        if let Some((at, result)) = &*last
            && at.elapsed() < PROBE_KEPT
        {
            return result.clone();
        }
        let log = Arc::clone(log);
        let probe = tokio::task::spawn_blocking(move || log.ready());
        let result = match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(LogError {
                code: Code::E0510,
                message: "beslutsloggen kunde inte prövas".to_owned(),
            }),
            Err(_) => Err(LogError {
                code: Code::E0510,
                message: format!(
                    "beslutsloggen svarade inte inom {} sekunder",
                    PROBE_TIMEOUT.as_secs()
                ),
            }),
        };
        *last = Some((Instant::now(), result.clone()));
        result
    }
}

/// The router of the service.
///
/// The routes that work are wrapped, from the outside in, by the per-request timeout (the
/// body read included: `408`), the body buffer (at most the body limit: `413`), and the
/// concurrency bound with load shedding (`503` at once when every place is taken). A slow
/// client so holds no decision place while it sends. `/healthz`, `/readyz` and `/metrics`
/// are outside the bound, so that they answer under overload.
pub fn router(state: Shared) -> Router {
    let limits = state.config.limits;
    let on_error = |state: &Shared| {
        let state = Arc::clone(state);
        move |error: BoxError| {
            let state = Arc::clone(&state);
            async move { bound_error(&state, &error) }
        }
    };
    let bounded = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(on_error(&state)))
        .load_shed()
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            limits.max_in_flight,
        ));
    let timed = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(on_error(&state)))
        .timeout(limits.request_timeout);
    let work = Router::new()
        .route("/beslut", get(crate::discover::list))
        .route("/beslut/{namn}", post(crate::decide::decide))
        .route("/beslut/{namn}/schema", get(crate::discover::schema))
        .route("/openapi.json", get(crate::openapi::document))
        .route("/admin/ladda-om", post(reload))
        .route("/kvitton/{id}", get(crate::receipts::get))
        .route("/kvitton/{id}/upprepa", get(crate::receipts::replay))
        .layer(bounded)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            buffer_body,
        ))
        .layer(timed);
    let ops = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics));
    work.merge(ops)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// Reads the whole body (at most the body limit) before the request takes a place.
async fn buffer_body(
    State(state): State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let (parts, body) = request.into_parts();
    match crate::decide::read_body(body, &parts.headers, state.config.limits.max_body).await {
        Ok(bytes) => {
            let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
            next.run(request).await
        }
        Err(refusal) => {
            state.metrics.refusal(refusal.code.as_str());
            refusal.into_response()
        }
    }
}

/// The answer when the bound refuses: `503` when every place is taken, `408` past the
/// timeout.
fn bound_error(state: &AppState, error: &BoxError) -> Response {
    let refusal = if error.is::<tower::timeout::error::Elapsed>() {
        Refusal::timed_out()
    } else if error.is::<tower::load_shed::error::Overloaded>() {
        Refusal::overloaded()
    } else {
        Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            delegat_diagnostics::Code::E0535,
            "tjänsten kunde inte ta emot begäran",
        )
    };
    state.metrics.refusal(refusal.code.as_str());
    refusal.into_response()
}

async fn not_found(State(state): State<Shared>) -> Response {
    state.metrics.refusal("E0533");
    Refusal::not_found("ingen sådan sökväg; `GET /openapi.json` visar tjänstens vägar")
        .into_response()
}

async fn method_not_allowed() -> Response {
    Refusal::new(
        StatusCode::METHOD_NOT_ALLOWED,
        delegat_diagnostics::Code::E0533,
        "vägen finns men inte med den metoden; `GET /openapi.json` visar tjänstens vägar",
    )
    .into_response()
}

async fn healthz() -> Response {
    json_bytes(StatusCode::OK, b"{\"status\":\"ok\"}".to_vec())
}

/// `GET /readyz`: `200` while the service takes decisions; `503` while it shuts down, or
/// while its log cannot be reached (with the log's code and reason).
async fn readyz(State(state): State<Shared>) -> Response {
    if !state.is_ready() {
        return json_bytes(
            StatusCode::SERVICE_UNAVAILABLE,
            "{\"status\":\"stänger\"}".as_bytes().to_vec(),
        );
    }
    match state.log_ready().await {
        Ok(()) => json_bytes(StatusCode::OK, b"{\"status\":\"redo\"}".to_vec()),
        Err(e) => {
            let body = serde_json::json!({
                "status": "loggen kan inte nås",
                "kod": e.code.as_str(),
                "fel": e.message,
            });
            json_bytes(
                StatusCode::SERVICE_UNAVAILABLE,
                body.to_string().into_bytes(),
            )
        }
    }
}

async fn metrics(State(state): State<Shared>) -> Response {
    let text = state.metrics.render(&state.catalog());
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// `POST /admin/ladda-om`: reloads the packs (behind the token).
async fn reload(State(state): State<Shared>, headers: HeaderMap) -> Response {
    if !admitted(state.token.as_ref(), &headers) {
        state.metrics.refusal("E0534");
        return Refusal::unauthorized().into_response();
    }
    let s = Arc::clone(&state);
    match tokio::task::spawn_blocking(move || s.reload()).await {
        Ok(Ok(catalog)) => {
            let hashes: Vec<String> = catalog.packs().iter().map(|p| p.pack.hash()).collect();
            let body = serde_json::json!({ "regelpaket": hashes });
            json_bytes(StatusCode::OK, body.to_string().into_bytes())
        }
        Ok(Err(errors)) => {
            let code = errors
                .first()
                .map_or(delegat_diagnostics::Code::E0530, |e| e.code);
            let message = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ");
            let mut body = Vec::new();
            delegat::write_error_document(
                &mut body,
                code,
                &format!("omläsningen vägrades, de gamla regelpaketen används: {message}"),
                None,
            );
            json_bytes(StatusCode::UNPROCESSABLE_ENTITY, body)
        }
        Err(_) => Refusal::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            delegat_diagnostics::Code::E0530,
            "omläsningen avbröts",
        )
        .into_response(),
    }
}
