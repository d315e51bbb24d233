//! Access: the bearer token (from a file or an environment variable) and its check, in
//! constant time (the SHA-256 digests of the token given and the one configured are
//! compared with `subtle`, so neither the content nor the length leaks through timing).

use axum::http::{HeaderMap, header};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::catalog::{LoadError, io_reason};
use crate::config::TokenSource;
use delegat_diagnostics::Code;

/// The shortest token accepted (a token is a secret, not a password to remember).
const MIN_TOKEN_CHARS: usize = 16;

/// The configured token, kept as its digest.
#[derive(Clone)]
pub struct Token {
    digest: [u8; 32],
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    /// Reads the token of `source`; surrounding whitespace is not part of it.
    pub fn read(source: &TokenSource) -> Result<Token, LoadError> {
        let (text, place) = match source {
            TokenSource::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    LoadError::new(
                        Code::E0534,
                        path,
                        format!("tokenfilen kan inte läsas: {}", io_reason(&e)),
                    )
                })?;
                (text, path.display().to_string())
            }
            TokenSource::Env(name) => {
                let text = std::env::var(name).map_err(|_| LoadError {
                    code: Code::E0534,
                    path: None,
                    message: format!("miljövariabeln `{name}` saknas eller är inte UTF-8"),
                })?;
                (text, format!("miljövariabeln `{name}`"))
            }
        };
        let token = text.trim();
        if token.chars().count() < MIN_TOKEN_CHARS {
            return Err(LoadError {
                code: Code::E0534,
                path: None,
                message: format!(
                    "token i {place} är kortare än {MIN_TOKEN_CHARS} tecken (eller tom)"
                ),
            });
        }
        Ok(Token {
            digest: Sha256::digest(token.as_bytes()).into(),
        })
    }

    /// Whether `headers` carry `Authorization: Bearer <this token>`.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(given) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return false;
        };
        let digest: [u8; 32] = Sha256::digest(given.trim().as_bytes()).into();
        digest.ct_eq(&self.digest).into()
    }
}

/// Whether a request may pass: with no token configured, never.
pub fn admitted(token: Option<&Token>, headers: &HeaderMap) -> bool {
    token.is_some_and(|t| t.admits(headers))
}
