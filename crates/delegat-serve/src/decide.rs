//! `POST /beslut/{namn}`: a case in, the decision out.
//!
//! The body must be `application/json` (else `415`) of at most the body limit (else `413`,
//! refused from `Content-Length` before it is read when the client states it). The answer
//! is the decision document, the bytes `delegat batch` writes for the same case and date
//! (`200`, also for `manuell`), or the runtime's error document for a case that cannot be
//! read (`422`); with `?format=text|html` (or `Accept: text/plain|text/html`) the decision
//! letter. With a log, the decision is recorded durably first and the answer names its
//! receipt (`Delegat-Kvitto`, `Location`).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use delegat::{Date, Engine};
use delegat_diagnostics::Code;
use http_body_util::BodyExt as _;

use crate::access::admitted;
use crate::app::Shared;
use crate::errors::Refusal;

/// The form of the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Json,
    Text,
    Html,
}

/// The handler.
pub async fn decide(
    State(state): State<Shared>,
    Path(name): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match answer(&state, &name, &query, &headers, body).await {
        Ok(response) => response,
        Err(refusal) => {
            state.metrics.refusal(refusal.code.as_str());
            refusal.into_response()
        }
    }
}

async fn answer(
    state: &Shared,
    name: &str,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Refusal> {
    if state.config.decisions_need_token && !admitted(state.token.as_ref(), headers) {
        return Err(Refusal::unauthorized());
    }
    let format = format(query, headers)?;
    let catalog = state.catalog();
    let Some((_, served)) = catalog.route(name) else {
        return Err(Refusal::not_found(&format!(
            "tjänsten har inget beslut `{name}`; `GET /beslut` visar besluten"
        )));
    };
    if !is_json(headers) {
        return Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::E0532,
            "ärendet ska skickas som JSON (`Content-Type: application/json`)",
        ));
    }
    // The body as read (buffered once by the router's layer; no copy): checked for UTF-8
    // where it is decided.
    let bytes = read_body(body, headers, state.config.limits.max_body).await?;
    let start = Instant::now();
    let today = today();
    let logging = state.log.is_some();
    let owned_name = name.to_owned();
    let case = state
        .pool
        .run(
            std::sync::Arc::clone(&catalog),
            move |sessions| match sessions.session(&owned_name) {
                Ok(Some(session)) => Ok(match std::str::from_utf8(&bytes) {
                    Ok(text) => Decided::new(session, format, text, today, logging),
                    Err(_) => Decided::not_utf8(),
                }),
                Ok(None) => Err(None),
                Err(e) => Err(Some((e.code(), e.to_string()))),
            },
        )
        .await;
    let case = match case {
        Some(Ok(case)) => case,
        Some(Err(Some((code, message)))) => {
            return Err(Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                code,
                message,
            ));
        }
        Some(Err(None)) => {
            return Err(Refusal::not_found(&format!(
                "tjänsten har inget beslut `{name}`; `GET /beslut` visar besluten"
            )));
        }
        None => {
            return Err(Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                Code::E0538,
                "tjänsten kan inte fatta beslut just nu; försök igen",
            ));
        }
    };
    state.metrics.decision_latency.observe(start.elapsed());
    match &case.outcome {
        Ok(utfall) => state.metrics.decision(name, utfall.as_str()),
        Err(code) => {
            state.metrics.case_error(code.as_str());
            return Ok(respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                case.content_type,
                Bytes::from(case.body),
            ));
        }
    }
    // The answer's bytes, shared (not copied) with the log when it digests them.
    let body = Bytes::from(case.body);
    let mut response_headers = Vec::new();
    if let Some(log) = &state.log {
        let Some(logged) = case.logged else {
            return Err(log_failed());
        };
        let document = case.document.map_or_else(|| body.clone(), Bytes::from);
        let owned = Owned {
            pack: std::sync::Arc::clone(&served.pack),
            decision: name.to_owned(),
            engine: case.engine,
            logged,
            document,
        };
        let receipt = record(state, log, owned).await?;
        if let Ok(v) = HeaderValue::from_str(&receipt) {
            response_headers.push((header::HeaderName::from_static(RECEIPT_HEADER), v));
        }
        if let Ok(v) = HeaderValue::from_str(&format!("/kvitton/{receipt}")) {
            response_headers.push((header::LOCATION, v));
        }
    }
    let mut response = respond(StatusCode::OK, case.content_type, body);
    response.headers_mut().extend(response_headers);
    Ok(response)
}

/// The header that names a decision's receipt.
pub const RECEIPT_HEADER: &str = "delegat-kvitto";

/// A case decided (or refused as unreadable) in the form asked for.
struct Decided {
    content_type: &'static str,
    body: Vec<u8>,
    /// The decision document when the body is the letter (what the log keeps).
    document: Option<Vec<u8>>,
    /// The outcome, or the code of a case that cannot be read.
    outcome: Result<delegat::Utfall, Code>,
    /// What the log keeps of the case (when logging).
    logged: Option<Logged>,
    /// The engine that decided.
    engine: Engine,
}

/// What the log keeps of a case beside its document.
struct Logged {
    input: String,
    date: Date,
    utfall: delegat::Utfall,
    belopp: Option<delegat::Money>,
}

/// A decision to log, owned (it goes to a blocking thread).
struct Owned {
    pack: std::sync::Arc<delegat::Pack>,
    decision: String,
    engine: Engine,
    logged: Logged,
    document: Bytes,
}

impl Decided {
    fn new(
        session: &mut delegat::Session<'_>,
        format: Format,
        text: &str,
        today: Date,
        logging: bool,
    ) -> Decided {
        let decider = *session.decider();
        let mut decided = Decided::with(session, &decider, format, text, today, logging);
        decided.engine = decider.engine();
        decided
    }

    fn with(
        session: &mut delegat::Session<'_>,
        decider: &delegat::Decider<'_>,
        format: Format,
        text: &str,
        today: Date,
        logging: bool,
    ) -> Decided {
        let json = crate::errors::JSON;
        match format {
            Format::Json if logging => {
                let mut out = Vec::with_capacity(2048);
                let mut canonical = Vec::with_capacity(256);
                match session.write_canonical(text, Some(today), &mut out, &mut canonical) {
                    Ok(case) => Decided {
                        content_type: json,
                        body: out,
                        document: None,
                        outcome: Ok(case.utfall),
                        logged: Some(Logged {
                            input: String::from_utf8(canonical).unwrap_or_default(),
                            date: case.date,
                            utfall: case.utfall,
                            belopp: case.belopp,
                        }),
                        engine: Engine::Jit,
                    },
                    Err(e) => Decided::unreadable(&e),
                }
            }
            Format::Json => {
                let mut out = Vec::with_capacity(2048);
                match session.write_json(text, Some(today), &mut out) {
                    Ok(utfall) => Decided {
                        content_type: json,
                        body: out,
                        document: None,
                        outcome: Ok(utfall),
                        logged: None,
                        engine: Engine::Jit,
                    },
                    Err(e) => Decided::unreadable(&e),
                }
            }
            Format::Text | Format::Html => match decider.canonical_case(text, Some(today)) {
                Ok(case) => {
                    let decision = decider.decide_values(&case.inputs, case.date);
                    let (content_type, body) = if format == Format::Html {
                        ("text/html; charset=utf-8", decision.letter_html(None))
                    } else {
                        ("text/plain; charset=utf-8", decision.letter())
                    };
                    Decided {
                        content_type,
                        body: body.into_bytes(),
                        document: Some(decision.to_json_string().into_bytes()),
                        outcome: Ok(decision.utfall),
                        logged: Some(Logged {
                            input: case.json,
                            date: case.date,
                            utfall: decision.utfall,
                            belopp: decision.belopp,
                        }),
                        engine: Engine::Jit,
                    }
                }
                Err(e) => Decided::unreadable(&e),
            },
        }
    }

    /// A body that is not UTF-8: the runtime's error document of E0420.
    fn not_utf8() -> Decided {
        let mut out = Vec::new();
        delegat::write_error_document(&mut out, Code::E0420, "ärendet är inte text i UTF-8", None);
        Decided {
            content_type: crate::errors::JSON,
            body: out,
            document: None,
            outcome: Err(Code::E0420),
            logged: None,
            engine: Engine::Jit,
        }
    }

    fn unreadable(e: &delegat::CaseError) -> Decided {
        let mut out = Vec::new();
        e.write_json(&mut out);
        Decided {
            content_type: crate::errors::JSON,
            body: out,
            document: None,
            outcome: Err(e.code()),
            logged: None,
            engine: Engine::Jit,
        }
    }
}

fn respond(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Records the decision in the log; its receipt id once the record is durable. The log's
/// writer answers through a channel this task awaits (no thread waits for it); a log that
/// cannot take the record so is called off the async workers. A decision the log could not
/// make durable is not answered (`503`, E0538).
async fn record(
    state: &Shared,
    log: &std::sync::Arc<dyn crate::log::DecisionLog>,
    owned: Owned,
) -> Result<String, Refusal> {
    let start = Instant::now();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let done: crate::log::Done = Box::new(move |recorded| {
        let _ = tx.send(recorded);
    });
    if let Err(done) = log.submit(&owned.record(), done) {
        let log = std::sync::Arc::clone(log);
        tokio::task::spawn_blocking(move || done(log.record(&owned.record())));
    }
    let recorded = rx.await;
    state.metrics.log_commit_latency.observe(start.elapsed());
    match recorded {
        Ok(Ok(receipt)) => Ok(receipt),
        Ok(Err(e)) => {
            tracing::error!("beslutet kunde inte loggas: {e}");
            Err(log_failed())
        }
        Err(_) => Err(log_failed()),
    }
}

impl Owned {
    fn record(&self) -> crate::log::LogRecord<'_> {
        crate::log::LogRecord {
            pack: &self.pack,
            decision: &self.decision,
            engine: self.engine,
            date: self.logged.date,
            input: &self.logged.input,
            utfall: self.logged.utfall,
            belopp: self.logged.belopp,
            document: &self.document,
        }
    }
}

fn log_failed() -> Refusal {
    Refusal::new(
        StatusCode::SERVICE_UNAVAILABLE,
        Code::E0538,
        "beslutet kunde inte loggas och lämnas därför inte ut; försök igen",
    )
}

/// The answer's form: `?format=` first, else the first of `Accept`'s types the service
/// writes, else JSON.
fn format(query: &HashMap<String, String>, headers: &HeaderMap) -> Result<Format, Refusal> {
    if let Some(f) = query.get("format") {
        return match f.as_str() {
            "json" => Ok(Format::Json),
            "text" => Ok(Format::Text),
            "html" => Ok(Format::Html),
            other => Err(Refusal::new(
                StatusCode::NOT_ACCEPTABLE,
                Code::E0537,
                format!("okänt format `{other}`; välj `json`, `text` eller `html`"),
            )),
        };
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for part in accept.split(',') {
        let media = part.split(';').next().unwrap_or("").trim();
        match media.to_ascii_lowercase().as_str() {
            "application/json" | "*/*" | "application/*" => return Ok(Format::Json),
            "text/plain" => return Ok(Format::Text),
            "text/html" => return Ok(Format::Html),
            _ => {}
        }
    }
    Ok(Format::Json)
}

/// Whether the body is declared JSON (`application/json`, parameters allowed).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

/// The body, at most `max` bytes: a stated larger `Content-Length` is refused before
/// reading, a body that grows past `max` as soon as it does. A body of one chunk (as the
/// router's buffering layer hands on) is returned as it is, not copied.
pub async fn read_body(body: Body, headers: &HeaderMap, max: usize) -> Result<Bytes, Refusal> {
    let stated = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if stated.is_some_and(|n| n > max as u64) {
        return Err(Refusal::too_large(max));
    }
    let limited = http_body_util::Limited::new(body, max);
    match limited.collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(Refusal::too_large(max)),
        Err(_) => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            Code::E0420,
            "ärendet kunde inte tas emot helt",
        )),
    }
}

/// Today's date in the system's time zone: the decision date of a case without
/// `beslutsdatum`. Worked out from the time zone database once a second (the date and the
/// zone's offset change only on whole seconds) and kept for the requests of that second.
pub fn today() -> Date {
    static LAST: Mutex<Option<(u64, Date)>> = Mutex::new(None);
    let second = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut last = LAST.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((s, date)) = *last
        && s == second
    {
        return date;
    }
    let d = jiff::ZonedDateTime::now().date();
    let date = Date::from_ymd(
        i32::from(d.year()),
        u32::from(d.month().unsigned_abs()),
        u32::from(d.day().unsigned_abs()),
    )
    .unwrap_or(Date::MIN);
    *last = Some((second, date));
    date
}
