//! The closed vocabularies of the language that every phase means the same way: whether a
//! decision is automated ([`DecisionKind`]) and which of the four outcomes it has
//! ([`OutcomeKind`]). The syntax tree, the checked program, the IR and the runtime all use
//! these types; the rounding modes and duration units ([`crate::RoundMode`],
//! [`crate::DurationUnit`]) live beside the arithmetic that gives them meaning.
//!
//! The variant names are part of the pack format (the IR is serialised by name), so they
//! are never renamed.

use serde::{Deserialize, Serialize};

/// Whether a decision is made by the automated function or only proposed to a caseworker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DecisionKind {
    /// `beslut`: decided by the automated function.
    Beslut,
    /// `beslutsstöd`: a proposal; a caseworker decides.
    Beslutsstod,
}

impl DecisionKind {
    /// The keyword: `"beslut"` or `"beslutsstöd"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Beslut => "beslut",
            DecisionKind::Beslutsstod => "beslutsstöd",
        }
    }
}

/// The four outcomes of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OutcomeKind {
    /// `bifall`: granted.
    Bifall,
    /// `avslag`: refused.
    Avslag,
    /// `fastställt`: an amount determined.
    Faststallt,
    /// `manuell`: sent to a caseworker.
    Manuell,
}

impl OutcomeKind {
    /// The keyword: `"bifall"`, `"avslag"`, `"fastställt"` or `"manuell"`.
    pub fn swedish(self) -> &'static str {
        match self {
            OutcomeKind::Bifall => "bifall",
            OutcomeKind::Avslag => "avslag",
            OutcomeKind::Faststallt => "fastställt",
            OutcomeKind::Manuell => "manuell",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_the_language_s() {
        assert_eq!(DecisionKind::Beslutsstod.as_str(), "beslutsstöd");
        assert_eq!(OutcomeKind::Faststallt.swedish(), "fastställt");
    }

    /// The pack format serialises these by variant name: a rename would break every pack.
    #[test]
    fn serialised_names_are_stable() {
        let names = serde_json::to_string(&(
            DecisionKind::Beslutsstod,
            OutcomeKind::Faststallt,
            crate::RoundMode::HalfAwayFromZero,
            crate::DurationUnit::Manader,
        ));
        assert_eq!(
            names.ok().as_deref(),
            Some(r#"["Beslutsstod","Faststallt","HalfAwayFromZero","Manader"]"#)
        );
    }
}
