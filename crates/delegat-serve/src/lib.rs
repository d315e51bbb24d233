//! `delegat serve`: the nämnd's decision function as an HTTP service an e-service calls.
//!
//! ```text
//! packs (files, directories) ──catalog::load──▶ Catalog ──(RwLock<Arc<_>>, swapped whole)──▶ routes
//!   POST /beslut/{namn}          a case in, the decision document out (the bytes of `delegat batch`)
//!   GET  /beslut                 the decisions served: title, version, hash, signer, norm dates
//!   GET  /beslut/{namn}/schema   the JSON Schema of a case, for the e-service's form
//!   GET  /openapi.json           the OpenAPI document of the service
//!   GET  /healthz /readyz /metrics
//!   POST /admin/ladda-om         reload the packs (behind the token)
//!   GET  /kvitton/{id}           a logged decision (behind the token; with `--logg`)
//!   GET  /kvitton/{id}/upprepa   the logged case decided again with the archived pack
//! ```
//!
//! Built on tokio, hyper (HTTP/1.1, header read timeout and header size bound), axum
//! (routing), tower (concurrency bound with load shedding, per-request timeout) and, as an
//! option, rustls (TLS with the ring provider: `tls.rs`).
//! [`serve`] runs the service until SIGTERM or SIGINT; SIGHUP reloads the packs. Nothing
//! here panics on any request; every refusal is a JSON error document with a stable code
//! (`docs/tjanst.md`).

#![forbid(unsafe_code)]

mod access;
mod app;
mod catalog;
mod config;
mod decide;
mod discover;
mod errors;
mod keyfiles;
mod log;
mod metrics;
mod openapi;
mod pool;
mod receipts;
mod server;
mod tls;

pub use catalog::{Catalog, LoadError};
pub use config::{Config, Limits, TlsFiles, TokenSource};
pub use log::{DecisionLog, Done, LogError, LogRecord, StoreLog};
pub use server::{Connections, ServeError, Server, serve};
