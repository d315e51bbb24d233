//! Discovery: `GET /beslut` (the decisions served, with their pack's title, version, hash,
//! signing key and norm dates) and `GET /beslut/{namn}/schema` (the JSON Schema of a case).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};

use crate::app::Shared;
use crate::catalog::Catalog;
use crate::errors::{Refusal, json_bytes};

/// `GET /beslut`.
pub async fn list(State(state): State<Shared>) -> Response {
    let body = listing(&state.catalog());
    json_bytes(StatusCode::OK, body.to_string().into_bytes())
}

/// The listing of every decision of `catalog`.
pub fn listing(catalog: &Catalog) -> Json {
    let decisions: Vec<Json> = catalog
        .routes()
        .iter()
        .filter_map(|(name, route)| {
            let served = catalog.packs().get(route.pack)?;
            let meta = &served.pack.program().meta;
            let path = format!("/beslut/{name}");
            Some(json!({
                "namn": name,
                "slag": route.kind,
                "enligt": route.enligt,
                "regelverk": {
                    "titel": meta.title,
                    "nämnd": meta.namnd,
                    "version": meta.version,
                    "hash": served.pack.hash(),
                    "signerad_av": served.pack.signer(),
                },
                "normdatum": served.norm_dates,
                "vägar": {
                    "beslut": path,
                    "schema": format!("{path}/schema"),
                },
            }))
        })
        .collect();
    json!({ "beslut": decisions })
}

/// `GET /beslut/{namn}/schema`.
pub async fn schema(State(state): State<Shared>, Path(name): Path<String>) -> Response {
    let catalog = state.catalog();
    match catalog.route(&name) {
        Some((_, served)) => json_bytes(
            StatusCode::OK,
            served.pack.schema().to_string().into_bytes(),
        ),
        None => {
            state.metrics.refusal("E0533");
            Refusal::not_found(&format!(
                "tjänsten har inget beslut `{name}`; `GET /beslut` visar besluten"
            ))
            .into_response()
        }
    }
}
