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

#![forbid(unsafe_code)]

pub mod delegation;
pub mod filters;

/// Why a report could not be written (a template's formatting failed).
pub use askama::Error;
