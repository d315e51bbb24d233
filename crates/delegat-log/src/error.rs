//! [`LogError`]: why the log could not be opened, written, read or verified, with its code.

use std::fmt;

use delegat_diagnostics::Code;

/// What went wrong with a decision log. Every kind has a stable code (E0510–E0529).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogError {
    /// The file cannot be opened or created, or SQLite failed reading it (E0510).
    Open(String),
    /// The file is not a Delegat decision log of a format this version reads (E0511).
    NotALog(String),
    /// A write did not reach the disk: the decisions of the write are not logged and must
    /// not be returned (E0512).
    Write(String),
    /// A pack of the archive is missing or does not hash to its name (E0516).
    Archive(String),
    /// A signature archived with a pack does not hold for it, or its key cannot be read
    /// (E0519).
    Signature(String),
    /// No record of the log has this receipt (E0517).
    UnknownReceipt(String),
    /// A logged decision decided again does not give the logged document (E0518).
    Replay(String),
    /// The log's database has a schema version this program cannot use: a later one, or
    /// an earlier one the connecting role may not upgrade (E0525).
    Schema(String),
    /// A logged decision's archived pack is of a format version this Delegat does not run:
    /// proved unaltered, but not decided again here (E0520).
    OtherFormat(String),
}

impl LogError {
    /// The stable code.
    pub fn code(&self) -> Code {
        match self {
            LogError::Open(_) => Code::E0510,
            LogError::NotALog(_) => Code::E0511,
            LogError::Write(_) => Code::E0512,
            LogError::Archive(_) => Code::E0516,
            LogError::Signature(_) => Code::E0519,
            LogError::UnknownReceipt(_) => Code::E0517,
            LogError::Replay(_) => Code::E0518,
            LogError::Schema(_) => Code::E0525,
            LogError::OtherFormat(_) => Code::E0520,
        }
    }
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogError::Open(m) => write!(f, "beslutsloggen kan inte öppnas eller läsas: {m}"),
            LogError::NotALog(m) => write!(f, "filen är inte en beslutslogg från Delegat: {m}"),
            LogError::Write(m) => write!(
                f,
                "beslutet kunde inte skrivas till beslutsloggen och har inte lämnats ut: {m}"
            ),
            LogError::Archive(m) => write!(f, "regelpaketsarkivet i beslutsloggen: {m}"),
            LogError::Signature(m) => {
                write!(
                    f,
                    "en signatur i beslutsloggens regelpaketsarkiv håller inte: {m}"
                )
            }
            LogError::UnknownReceipt(id) => {
                write!(f, "beslutsloggen har inget beslut med kvittot `{id}`")
            }
            LogError::Replay(m) => write!(f, "omprövningen ger inte det loggade beslutet: {m}"),
            LogError::Schema(m) => write!(f, "beslutsloggens databas har fel schemaversion: {m}"),
            LogError::OtherFormat(m) => write!(f, "regelpaketsarkivet i beslutsloggen: {m}"),
        }
    }
}

impl std::error::Error for LogError {}

/// An SQLite error while opening or reading.
pub(crate) fn open(e: rusqlite::Error) -> LogError {
    LogError::Open(e.to_string())
}

/// An SQLite error while writing.
pub(crate) fn write(e: rusqlite::Error) -> LogError {
    LogError::Write(e.to_string())
}
