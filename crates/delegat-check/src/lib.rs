//! The checker: turns the syntax trees of a rule file and the files it `använd`s into a
//! resolved, typed [`program::Program`] plus diagnostics (codes E01xx names, E02xx types,
//! tables and the rest of LANGUAGE.md §3–§5).
//!
//! The crate does no IO: files named by `använd` are obtained through a [`Loader`].

#![forbid(unsafe_code)]

pub mod program;
