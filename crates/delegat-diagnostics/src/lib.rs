//! The diagnostic model shared by every phase of Delegat.
//!
//! A phase never prints: it returns [`Diagnostic`] values, plain data with a stable
//! [`Code`], a severity, a Swedish message, labelled [`Span`]s, notes and a help line.
//! Only [`render`] knows codespan-reporting; the CLI picks human or JSON output.
//! [`explain`] writes a code's page for a terminal.

#![forbid(unsafe_code)]

mod codes;
mod diagnostic;
pub mod explain;
pub mod render;
mod source;
mod span;

pub use codes::Code;
pub use diagnostic::{Diagnostic, Fix, Label, Severity};
pub use source::{LineCol, SourceFile, SourceMap};
pub use span::{FileId, Span};
