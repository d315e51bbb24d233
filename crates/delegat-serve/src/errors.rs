//! The service's refusals: an HTTP status and the error document
//! `{"fel":{"kod":…,"meddelande":…,"fält":…}}` (the runtime's writer, the shape of a batch's
//! error line), with a stable code from `codes.rs`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use delegat_diagnostics::Code;

/// The media type of every JSON answer.
pub const JSON: &str = "application/json";

/// A refusal: status, code and Swedish message.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub status: StatusCode,
    pub code: Code,
    pub message: String,
}

impl Refusal {
    pub fn new(status: StatusCode, code: Code, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            code,
            message: message.into(),
        }
    }

    /// `413`: the body is larger than `max` bytes.
    pub fn too_large(max: usize) -> Refusal {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            Code::E0531,
            format!("ärendet är större än {max} byte"),
        )
    }

    /// `404`: no such decision or route.
    pub fn not_found(what: &str) -> Refusal {
        Refusal::new(StatusCode::NOT_FOUND, Code::E0533, what)
    }

    /// `401`: no token, or the wrong one.
    pub fn unauthorized() -> Refusal {
        Refusal::new(
            StatusCode::UNAUTHORIZED,
            Code::E0534,
            "begäran saknar giltig token (rubriken `Authorization: Bearer …`)",
        )
    }

    /// `503`: every place taken.
    pub fn overloaded() -> Refusal {
        Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            Code::E0535,
            "tjänsten är överbelastad; försök igen om en stund",
        )
    }

    /// `408`: the request took longer than the limit.
    pub fn timed_out() -> Refusal {
        Refusal::new(
            StatusCode::REQUEST_TIMEOUT,
            Code::E0536,
            "begäran tog för lång tid",
        )
    }
}

/// A JSON answer of `bytes` with `status`.
pub fn json_bytes(status: StatusCode, bytes: Vec<u8>) -> Response {
    let mut response = (status, bytes).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut body = Vec::with_capacity(96 + self.message.len());
        delegat::write_error_document(&mut body, self.code, &self.message, None);
        let mut response = json_bytes(self.status, body);
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
