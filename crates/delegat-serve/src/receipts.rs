//! Receipts, always behind the token (the log holds personal data): `GET /kvitton/{id}`
//! (the logged record) and `GET /kvitton/{id}/upprepa` (the logged case decided again with
//! the archived pack: the document now, and whether it is the one logged).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use delegat_diagnostics::Code;

use crate::access::admitted;
use crate::app::Shared;
use crate::errors::{Refusal, json_bytes};
use crate::log::{DecisionLog, LogError};

/// `GET /kvitton/{id}`.
pub async fn get(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = with_log(&state, &headers, id, |log, id| {
        log.receipt(&id)
            .map(|r| r.map(|json| json.to_string().into_bytes()))
    })
    .await;
    respond(&state, result)
}

/// `GET /kvitton/{id}/upprepa`.
pub async fn replay(
    State(state): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = with_log(&state, &headers, id.clone(), |log, id| {
        Ok(log.replay(&id)?.map(|(document, same)| {
            let mut out = Vec::with_capacity(document.len() + 128);
            out.extend_from_slice(b"{\"kvitto\":");
            out.extend_from_slice(serde_json::Value::String(id).to_string().as_bytes());
            out.extend_from_slice(",\"stämmer\":".as_bytes());
            out.extend_from_slice(if same { b"true" } else { b"false" });
            out.extend_from_slice(b",\"beslut\":");
            out.extend_from_slice(&document);
            out.push(b'}');
            out
        }))
    })
    .await;
    respond(&state, result)
}

async fn with_log(
    state: &Shared,
    headers: &HeaderMap,
    id: String,
    f: impl FnOnce(&dyn DecisionLog, String) -> Result<Option<Vec<u8>>, LogError> + Send + 'static,
) -> Result<Vec<u8>, Refusal> {
    if !admitted(state.token.as_ref(), headers) {
        return Err(Refusal::unauthorized());
    }
    let Some(log) = state.log.as_ref().map(Arc::clone) else {
        return Err(Refusal::not_found(
            "tjänsten för ingen beslutslogg (`--logg`), så det finns inga kvitton",
        ));
    };
    let shown = id.clone();
    match tokio::task::spawn_blocking(move || f(log.as_ref(), id)).await {
        Ok(Ok(Some(body))) => Ok(body),
        Ok(Ok(None)) => Err(Refusal::new(
            StatusCode::NOT_FOUND,
            Code::E0517,
            format!("inget beslut i loggen har kvittot `{shown}`"),
        )),
        Ok(Err(e)) => {
            tracing::error!("beslutsloggen kan inte läsas: {e}");
            Err(Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                e.code,
                e.message,
            ))
        }
        Err(_) => Err(Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            Code::E0510,
            "beslutsloggen kan inte läsas",
        )),
    }
}

fn respond(state: &Shared, result: Result<Vec<u8>, Refusal>) -> Response {
    match result {
        Ok(body) => json_bytes(StatusCode::OK, body),
        Err(refusal) => {
            state.metrics.refusal(refusal.code.as_str());
            refusal.into_response()
        }
    }
}
