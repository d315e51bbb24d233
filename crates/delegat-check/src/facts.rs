//! What the nämnd's report shows, as plain data: the facts a nämnd needs before it delegates
//! decisions to an automated decision function (KL 6 kap. 37 §, docs/jurist/laglighet.md).
//!
//! For the pack: its identity and whether the check found errors. For each decision: its
//! lagrum and appeal route, what kind of matter it is, how a case is decided (conditions in
//! plain Swedish, see [`pretty`]), every input with its source and question, the judgements,
//! the parameters with their dates and lagrum, the rules' lagrum, the exempel that cover each
//! outcome, and the check's findings.
//!
//! [`build`] makes the facts from a checked program and the run's diagnostics. Names are kept
//! as written (`försörjningsstöd`, `ändrat_hushåll`); conditions, amounts and values are
//! already words. Rendering them (the wording around them, Markdown, HTML) is the job of the
//! `delegat-report` crate, which the checker does not depend on.

mod build;
pub mod pretty;

pub use build::build;

pub use crate::program::{DecisionKind, OutcomeKind};

/// The facts of one rule file (the pack it roots).
#[derive(Clone, Debug, PartialEq)]
pub struct PackFacts {
    /// The pack's title (`regelverk "…"`), or the file name.
    pub titel: String,
    /// `nämnd:`.
    pub namnd: Option<String>,
    /// `version:`.
    pub version: Option<String>,
    /// `beskrivning:`.
    pub beskrivning: Option<String>,
    /// The rule files, root first.
    pub files: Vec<String>,
    /// The built pack's content hash (`delegat build`), when the caller could build it:
    /// the nämnd's delegation decision names it. [`build`] leaves it empty.
    pub kontrollsumma: Option<String>,
    /// The result of running the built pack's `exempel` on both engines, when the caller
    /// ran them ([`build`] leaves it empty).
    pub exempel: Option<ExempelRun>,
    /// When and with which Delegat the report was made, when the caller says
    /// ([`build`] leaves it empty).
    pub skapad: Option<Made>,
    /// Whether the check found no errors.
    pub lawful: bool,
    /// Errors and warnings that belong to no single decision.
    pub general: Vec<Finding>,
    /// Every decision and decision support, in source order.
    pub decisions: Vec<DecisionFacts>,
}

/// The result of the pack's `exempel` (what `delegat test` runs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExempelRun {
    /// Exempel whose expectations held on every engine that ran.
    pub passed: usize,
    /// Exempel that failed.
    pub failed: usize,
    /// Whether both engines ran (else the interpreter alone: the JIT refused the pack).
    pub both_engines: bool,
}

/// When and with which Delegat a report was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    /// The date, `ÅÅÅÅ-MM-DD`.
    pub datum: String,
    /// Delegat's version (`0.1.0`).
    pub delegat: String,
}

/// A diagnostic of the run, as the report shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// `E0301`.
    pub code: String,
    /// Whether it refuses the file.
    pub error: bool,
    /// The code's title.
    pub title: String,
    /// The message.
    pub message: String,
    /// Why (the notes) and what to do (the help).
    pub explanation: Vec<String>,
    /// `fil.regel:12`.
    pub place: Option<String>,
}

/// The appeal route of one version of a decision's basis, as the legality check read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppealLine {
    /// `från DATUM` of a declared provision's version; `None` for a basis written as text.
    pub from: Option<String>,
    /// The basis cited.
    pub basis: String,
    /// The appeal provision, if any gives förvaltningsbesvär.
    pub provision: Option<String>,
    /// How the route is known.
    pub status: AppealStatus,
}

/// How the appeal route of a basis is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppealStatus {
    /// Delegat's table of appeal provisions gives it (docs/jurist/overklagande.md).
    Verified,
    /// It rests on the rule file's citation, not verified against the table (W0303).
    Cited,
    /// No provision gives förvaltningsbesvär, or the basis is appealed by
    /// laglighetsprövning (E0313, E0305).
    Barred,
}

/// One decision or decision support.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionFacts {
    /// The name as written.
    pub name: String,
    /// `beslut` or `beslutsstöd`.
    pub kind: DecisionKind,
    /// The `///` comment.
    pub doc: Option<String>,
    /// `enligt`.
    pub enligt: Option<String>,
    /// `avser:`.
    pub avser: Option<String>,
    /// `överklagande:`.
    pub overklagande: Option<String>,
    /// For a `beslut`: the appeal provision of its basis, per version of the basis (one
    /// line for a basis written as text).
    pub appeal: Vec<AppealLine>,
    /// The outcomes in the order they are tried; the last is `annars`.
    pub outcomes: Vec<OutcomeLine>,
    /// The inputs the decision uses.
    pub inputs: Vec<InputLine>,
    /// The judgements it uses (only lawful in a `beslutsstöd`).
    pub judgements: Vec<Judgement>,
    /// The parameters it uses.
    pub params: Vec<ParamLine>,
    /// The rules it uses that name a lagrum.
    pub rules: Vec<RuleLagrum>,
    /// For each outcome kind the decision can reach: the exempel that expect it.
    pub coverage: Vec<Coverage>,
    /// The diagnostics that concern this decision.
    pub findings: Vec<Finding>,
    /// The static bound on the work of one case, when the file builds to a pack (the
    /// checker leaves it `None`; the runtime fills it from the pack, docs/cost.md).
    pub cost: Option<CostLine>,
}

/// The static cost bound of a decision and the limit, as Swedish numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct CostLine {
    /// The bound in steps (`79 691 963`).
    pub bound: String,
    /// The limit in steps (`1 000 000 000`).
    pub limit: String,
}

impl DecisionFacts {
    /// How many errors concern this decision.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|r| r.error).count()
    }

    /// Whether no error concerns this decision.
    pub fn lawful(&self) -> bool {
        self.errors() == 0
    }
}

/// One `när` branch or `annars`.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeLine {
    /// The condition in words (`None` for `annars`).
    pub when: Option<String>,
    /// Which outcome.
    pub tag: OutcomeKind,
    /// The amount in words, if any.
    pub belopp: Option<String>,
    /// The motivering or the manuell reason, interpolations in words.
    pub text: Option<String>,
}

/// An input a decision uses.
#[derive(Clone, Debug, PartialEq)]
pub struct InputLine {
    /// The name as written.
    pub name: String,
    /// Where it comes from, in words.
    pub kalla: String,
    /// Whether the source is the applicant.
    pub from_applicant: bool,
    /// The question the e-service asks.
    pub fraga: Option<String>,
    /// `beskrivning:` or the doc comment.
    pub beskrivning: Option<String>,
    /// Only used to send cases to a caseworker.
    pub routing_only: bool,
}

/// A judgement a caseworker makes (`bedömning`).
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    /// The name as written.
    pub name: String,
    /// `beskrivning:`.
    pub beskrivning: Option<String>,
}

/// A parameter a decision uses.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamLine {
    /// The name as written.
    pub name: String,
    /// `enligt`.
    pub enligt: Option<String>,
    /// The `///` comment: what the norm is, in the jurist's words.
    pub doc: Option<String>,
    /// `(from date, value in words)`, oldest first.
    pub values: Vec<(String, ParamShown)>,
    /// For a table, the heading of its key column: what the rules look it up by when they
    /// all use the same name (`Ålder` for `riksnorm_barn[b.ålder]`), else the key's type
    /// (`Omsorgsform`, `Datum`, `Tal`); `None` for a single value.
    pub key_heading: Option<String>,
}

/// A parameter's value in words.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamShown {
    /// A single value.
    Value(String),
    /// A table's rows: `(key, value)`.
    Table(Vec<(String, String)>),
}

/// A rule that names a lagrum.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleLagrum {
    /// The name as written.
    pub name: String,
    /// The rule's `enligt`.
    pub enligt: Option<String>,
    /// The `///` comment: what the rule computes, in the jurist's words.
    pub doc: Option<String>,
    /// The `enligt` of its exceptions.
    pub undantag: Vec<String>,
}

/// An outcome kind and the exempel that expect it.
#[derive(Clone, Debug, PartialEq)]
pub struct Coverage {
    /// The outcome kind.
    pub tag: OutcomeKind,
    /// The exempel's names; empty when none shows this outcome.
    pub exempel: Vec<String>,
}
