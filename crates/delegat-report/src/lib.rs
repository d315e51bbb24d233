//! The reports a nämnd reads, rendered from facts with askama templates (`templates/`).
//!
//! Each report is a module that takes its facts and writes Markdown (plain text a politician
//! can read, and a diff-friendly snapshot) or one self-contained, printable HTML page. They
//! share one way of rendering: the page layout (`templates/layout.html`, which every HTML
//! report extends), the stylesheet (`templates/report.css`, inline, with a print stylesheet;
//! no scripts, fonts or images from elsewhere) and the value formatting ([`filters`]).
//!
//! - [`delegation`]: the basis for delegation (`delegat check --rapport`), from
//!   [`delegat_check::facts`].
//! - [`followup`]: the follow-up on decisions made (`delegat uppföljning`), from
//!   [`delegat_followup::Facts`], with its charts as SVG.
//!
//! A new report (a follow-up on decisions made, an impact analysis of two packs) is a module
//! here with its facts (plain data from the crate that knows them), its wording, and its
//! templates in `templates/NAME/`, the HTML one extending `layout.html`.
//!
//! Templates are askama's: checked and compiled in at build time (the crate reads no files),
//! escaped by extension (`.html` escapes every value, `.md` writes it as it is), with
//! inheritance, includes and macros. That is why askama and not maud: maud writes only HTML,
//! and both formats should be written the same way.

#![forbid(unsafe_code)]

pub mod delegation;
pub mod filters;
#[cfg(feature = "followup")]
pub mod followup;
#[cfg(feature = "followup")]
pub mod impact;

/// Why a report could not be written (a template's formatting failed).
pub use askama::Error;
