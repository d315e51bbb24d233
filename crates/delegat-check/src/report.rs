//! The board's report (`delegat check --rapport`): the basis a nämnd needs before it
//! delegates decisions to an automated decision function (KL 6 kap. 37 §, docs/jurist/laglighet.md).
//!
//! For the pack: its identity and the verdict with reasons. For each decision: its lagrum and
//! appeal route, what kind of matter it is, how a case is decided (conditions in plain
//! Swedish, see [`pretty`]), which cases go to a caseworker, every input with its source and
//! question, the parameters with their dates and lagrum, the rules' lagrum, the exempel that
//! cover each outcome (and which outcomes have none), and the check's findings in words.
//!
//! [`build`] makes the data ([`Report`]); [`markdown`] and [`html`] write it. The HTML is one
//! self-contained page (inline CSS with a print stylesheet, no external assets).

mod html;
mod markdown;
mod model;
pub mod pretty;

pub use html::html;
pub use markdown::markdown;
pub use model::{
    DecisionReport, InputLine, OutcomeLine, ParamLine, ParamShown, Reason, Report, build,
};

use crate::program::DecisionKind;

/// What kind of decision, in words.
fn kind_words(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Beslut => "automatiserat beslut",
        DecisionKind::Beslutsstod => "beslutsstöd: ett förslag som en handläggare beslutar om",
    }
}

/// `avser:` in words.
fn avser_words(avser: Option<&str>) -> String {
    match avser {
        Some("myndighetsutövning") => {
            "myndighetsutövning mot enskild, som kan delegeras (kommunallagen 6 kap. 37 §)"
                .to_owned()
        }
        Some(other) => format!(
            "{}, som inte kan delegeras till en automatiserad beslutsfunktion (kommunallagen 6 kap. 38 §)",
            pretty::show_name(other)
        ),
        None => "inte angivet".to_owned(),
    }
}

/// `överklagande:` in words.
fn overklagande_words(value: Option<&str>) -> String {
    match value {
        Some("förvaltningsbesvär") => "förvaltningsbesvär: den enskilde kan överklaga beslutet \
            till förvaltningsrätten inom tre veckor från den dag hen fick del av det \
            (förvaltningslagen 40–45 §§)"
            .to_owned(),
        Some("laglighetsprövning") => "laglighetsprövning (kommunallagen 13 kap.), som inte kan \
            delegeras till en automatiserad beslutsfunktion"
            .to_owned(),
        Some("ej_överklagbart") => "beslutet kan inte överklagas, och kan därför inte \
            delegeras till en automatiserad beslutsfunktion"
            .to_owned(),
        Some(other) => other.to_owned(),
        None => "inte angivet".to_owned(),
    }
}

/// The outcome keyword in words.
fn tag_words(tag: &str) -> &'static str {
    match tag {
        "bifall" => "bifall",
        "avslag" => "avslag",
        "fastställt" => "fastställt belopp",
        _ => "till handläggare",
    }
}

/// The decision's verdict in one line.
fn decision_verdict(d: &DecisionReport) -> String {
    let errors = d.reasons.iter().filter(|r| r.error).count();
    match (d.kind, errors) {
        (DecisionKind::Beslutsstod, 0) => {
            "ett förslag till en handläggare; kontrollen har inte hittat några fel".to_owned()
        }
        (DecisionKind::Beslutsstod, n) => format!("ett förslag till en handläggare; {n} fel"),
        (DecisionKind::Beslut, 0) => {
            "kan fattas automatiskt; kontrollen har inte hittat något som hindrar delegering"
                .to_owned()
        }
        (DecisionKind::Beslut, 1) => "kan inte fattas automatiskt: 1 fel".to_owned(),
        (DecisionKind::Beslut, n) => format!("kan inte fattas automatiskt: {n} fel"),
    }
}

/// The always-true sentence about runtime errors.
const RUNTIME_MANUAL: &str = "Dessutom går ett ärende alltid till en handläggare när beräkningen \
inte kan göras, till exempel när ett normbelopp saknas för beslutsdatumet eller när två undantag \
gäller samtidigt. Ett automatiserat beslut fattas aldrig på ett fel.";

/// The introduction to the verdict.
const INTRO: &str = "En nämnd får delegera beslut i en grupp av ärenden till en automatiserad \
beslutsfunktion (kommunallagen 6 kap. 37 §), men inte de ärenden som 6 kap. 38 § undantar. \
Delegat har kontrollerat att varje automatiserat beslut i regelpaketet bara bygger på \
sökandens egna uppgifter och fasta regler, att det anger lagrum och motivering, och att \
ärendet kan överklagas genom förvaltningsbesvär. Kontrollen ersätter inte nämndens egen \
prövning.";
