//! The program: what a rule pack holds, besides its expressions.
//!
//! Items refer to each other and to expressions by id only; names are kept for display,
//! for the trace and for error messages. Everything is in `Vec`s (no maps), so the serde
//! encoding is deterministic and the content hash is stable.

use delegat_diagnostics::Span;
use delegat_value::Date;
use serde::{Deserialize, Serialize};

use crate::{
    Bounds, DecisionId, DecisionKind, Expr, ExprId, InputId, OutcomeKind, ParamId, RuleId, Type,
    TypeDef, TypeId, Value,
};

/// A whole rule pack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Program {
    /// The pack format this program was written in ([`crate::FORMAT_VERSION`]).
    pub format_version: u32,
    /// `regelverk "…" { … }`.
    pub meta: Meta,
    /// Declared enums and records.
    pub types: Vec<TypeDef>,
    /// Inputs (`uppgift`, `bedömning`), in declaration order.
    pub inputs: Vec<Input>,
    /// Parameters.
    pub params: Vec<Parameter>,
    /// Rules.
    pub rules: Vec<Rule>,
    /// Decisions (`beslut`, `beslutsstöd`).
    pub decisions: Vec<Decision>,
    /// Worked examples.
    pub examples: Vec<Example>,
    /// The expression arena.
    pub exprs: Vec<Expr>,
    /// Declared provisions (`lagrum`): citations by date, cited by index from the items'
    /// `lagrum` fields.
    pub provisions: Vec<Provision>,
}

/// A declared provision: its citation by date, and for a decision's basis the appeal
/// provision that gives förvaltningsbesvär.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provision {
    /// The name it is declared with.
    pub name: String,
    /// The versions, by strictly rising `from` date (at least one).
    pub versions: Vec<ProvisionVersion>,
    /// The declaration.
    pub span: Span,
}

/// `från DATUM: "citat"` of a [`Provision`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionVersion {
    /// The first date the citation applies.
    #[serde(with = "crate::codec::date")]
    pub from: Date,
    /// The citation.
    pub text: String,
    /// The appeal provision (`överklagas: förvaltningsbesvär enligt "…"`), when declared.
    pub appeal: Option<String>,
}

impl Provision {
    /// The version in force on `date`: the last whose `from` is on or before it; `None`
    /// before the first.
    pub fn version_on(&self, date: Date) -> Option<&ProvisionVersion> {
        self.versions.iter().rev().find(|v| v.from <= date)
    }
}

impl Program {
    /// The citation of an item on `date`: the declared provision's text in force then
    /// (`None` before its first version), or else the `enligt` text as written.
    pub fn citation<'a>(
        &'a self,
        enligt: Option<&'a str>,
        lagrum: Option<u32>,
        date: Date,
    ) -> Option<&'a str> {
        match lagrum {
            Some(i) => self
                .provisions
                .get(i as usize)
                .and_then(|p| p.version_on(date))
                .map(|v| v.text.as_str()),
            None => enligt,
        }
    }

    /// The first day the pack has norms for: the earliest `från` of any parameter's first
    /// version (`None` for a pack without parameters). A case whose norm date lies before it
    /// is outside the time the nämnd's delegated rules describe.
    pub fn first_norm_date(&self) -> Option<Date> {
        self.params
            .iter()
            .filter_map(|p| p.versions.first().map(|v| v.from))
            .min()
    }

    /// The dates on which some citation of the program may change (every `from` of every
    /// provision), sorted and without duplicates. Between two of them, and before the
    /// first, every item cites the same text.
    pub fn citation_changes(&self) -> Vec<Date> {
        let mut out: Vec<Date> = self
            .provisions
            .iter()
            .flat_map(|p| p.versions.iter().map(|v| v.from))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The appeal provision of a decision on `date`: its declared provision's, else the
    /// one the checker found for its basis in the built-in table.
    pub fn appeal_provision<'a>(&'a self, d: &'a Decision, date: Date) -> Option<&'a str> {
        match d.lagrum {
            Some(i) => self
                .provisions
                .get(i as usize)
                .and_then(|p| p.version_on(date))
                .and_then(|v| v.appeal.as_deref()),
            None => d.appeal.as_deref(),
        }
    }
}

/// The pack's identity: `regelverk "Titel" { nämnd: … version: … beskrivning: … }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The title.
    pub title: String,
    /// `nämnd:`.
    pub namnd: Option<String>,
    /// `version:`.
    pub version: Option<String>,
    /// `beskrivning:`.
    pub beskrivning: Option<String>,
    /// `kontakt:`: how to reach the nämnd about a decision (for the letter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kontakt: Option<String>,
    /// `personuppgifter:`: the nämnd's page on its processing of personal data (for the
    /// letter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personuppgifter: Option<String>,
    /// `logotyp:`: the path or address of the nämnd's logo (for the HTML letter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logotyp: Option<String>,
}

/// Where an input's value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kalla {
    /// `sökande`: stated by the applicant.
    Sokande,
    /// `register "Namn"`: fetched from a third party.
    Register(String),
    /// `handläggare`: supplied by a caseworker.
    Handlaggare,
    /// A `bedömning`: a judgement the law leaves to a person.
    Bedomning,
}

/// An `uppgift` or a `bedömning`: a value given with the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Input {
    /// The name (the key in a JSON case).
    pub name: String,
    /// The type.
    pub ty: Type,
    /// The range refinement (of the elements, for a list).
    pub bounds: Bounds,
    /// `källa:`.
    pub kalla: Kalla,
    /// `fråga:`.
    pub fraga: Option<String>,
    /// `beskrivning:` (and the doc comment).
    pub beskrivning: Option<String>,
    /// The declaration.
    pub span: Span,
}

/// A `parameter`: a norm with dated versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// The name.
    pub name: String,
    /// `enligt`: the citation as written, or the text of the last version of the declared
    /// provision `lagrum` names (see [`Program::citation`]).
    pub enligt: Option<String>,
    /// The declared provision `enligt` names, by index into [`Program::provisions`].
    pub lagrum: Option<u32>,
    /// A value type or a table type.
    pub ty: ParamType,
    /// The versions, by strictly rising `from` date. The one in force on a date is the last
    /// whose `from` is on or before it; a date before the first is a runtime error.
    pub versions: Vec<Version>,
    /// A `tal` parameter whose every value is written as a percentage (`50 %`): its values
    /// are shown to a reader as percentages (`50 %`, not `0,5`). Display only; the engines
    /// never read it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub percent: bool,
    /// The declaration.
    pub span: Span,
}

/// The type of a parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamType {
    /// A single value.
    Value(Type),
    /// `tabell K -> V`.
    Table {
        /// The key type.
        key: KeyType,
        /// The value type.
        value: Type,
    },
}

/// The key type of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KeyType {
    /// `heltal` (rows are integer ranges).
    Int,
    /// `datum` (rows are date ranges).
    Date,
    /// An enum (rows are sets of variants).
    Enum(TypeId),
}

impl KeyType {
    /// The type of a key.
    pub fn ty(self) -> Type {
        match self {
            KeyType::Int => Type::Int,
            KeyType::Date => Type::Date,
            KeyType::Enum(t) => Type::Enum(t),
        }
    }
}

/// `från DATUM: VÄRDE`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// The date the version comes into force.
    #[serde(with = "crate::codec::date")]
    pub from: Date,
    /// The value.
    pub value: ParamValue,
    /// The line.
    pub span: Span,
}

/// A parameter version's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ParamValue {
    /// A single value.
    Value(Value),
    /// The rows of a table, in source order (the checker refused overlaps).
    Table(Vec<Row>),
}

/// One row of a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The keys the row covers.
    pub key: RowKey,
    /// Its value.
    pub value: Value,
}

impl Row {
    /// Whether the row covers `key` (range ends inclusive, `None` open); a key of another
    /// kind than the row's is not covered.
    #[inline]
    pub fn covers(&self, key: &Value) -> bool {
        match (&self.key, key) {
            (RowKey::Int { lo, hi }, Value::Int(k)) => {
                lo.is_none_or(|lo| lo <= *k) && hi.is_none_or(|hi| *k <= hi)
            }
            (RowKey::Date { lo, hi }, Value::Date(k)) => {
                lo.is_none_or(|lo| lo <= *k) && hi.is_none_or(|hi| *k <= hi)
            }
            (RowKey::Variants(vs), Value::Enum(k)) => vs.contains(k),
            _ => false,
        }
    }
}

/// The keys of a table row. Range ends are inclusive; `None` is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowKey {
    /// `3`, `1..2`, `21..`.
    Int {
        /// Lowest key.
        lo: Option<i64>,
        /// Highest key.
        hi: Option<i64>,
    },
    /// `2026-01-01`, `2026-01-01..2026-06-30`.
    Date {
        /// First date.
        #[serde(with = "crate::codec::opt_date")]
        lo: Option<Date>,
        /// Last date.
        #[serde(with = "crate::codec::opt_date")]
        hi: Option<Date>,
    },
    /// `hyresrätt | villa`: variant indices.
    Variants(Vec<u32>),
}

/// A local slot: a rule argument or a loop variable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalDecl {
    /// Its name as written.
    pub name: String,
    /// Its type.
    pub ty: Type,
}

/// A `regel`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// The name.
    pub name: String,
    /// `enligt`: the citation as written, or the text of the last version of the declared
    /// provision `lagrum` names (see [`Program::citation`]).
    pub enligt: Option<String>,
    /// The declared provision `enligt` names, by index into [`Program::provisions`].
    pub lagrum: Option<u32>,
    /// The `///` comment.
    pub doc: Option<String>,
    /// The number of arguments: the first `arity` locals. Zero for a plain (memoised) rule.
    pub arity: u32,
    /// The frame's slots: arguments first, then loop variables.
    pub locals: Vec<LocalDecl>,
    /// The result type.
    pub ty: Type,
    /// The main expression.
    pub body: ExprId,
    /// The exceptions (unordered in meaning).
    pub undantag: Vec<Exception>,
    /// The declaration.
    pub span: Span,
}

/// `undantag enligt "…" när VILLKOR: VÄRDE`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exception {
    /// The legal basis.
    pub enligt: Option<String>,
    /// The declared provision `enligt` names, by index into [`Program::provisions`].
    pub lagrum: Option<u32>,
    /// When it applies.
    pub cond: ExprId,
    /// Its value.
    pub value: ExprId,
    /// The exception as written.
    pub span: Span,
}

/// A `beslut` or `beslutsstöd`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The name.
    pub name: String,
    /// `beslut` or `beslutsstöd`.
    pub kind: DecisionKind,
    /// `enligt`: the citation as written, or the text of the last version of the declared
    /// provision `lagrum` names (see [`Program::citation`]).
    pub enligt: Option<String>,
    /// The declared provision `enligt` names, by index into [`Program::provisions`].
    pub lagrum: Option<u32>,
    /// `avser:`.
    pub avser: Option<String>,
    /// `överklagande:`.
    pub overklagande: Option<String>,
    /// The appeal provision the built-in table gives for a basis written as text (a
    /// declared provision carries its own, see [`Program::appeal_provision`]).
    pub appeal: Option<String>,
    /// The `///` comment.
    pub doc: Option<String>,
    /// The frame's slots (loop variables in conditions, amounts, texts and the norm date).
    pub locals: Vec<LocalDecl>,
    /// The date that selects norms and the period the decision concerns (all absent: the
    /// norms in force on `beslutsdatum`).
    #[serde(default, skip_serializing_if = "NormSpec::is_empty")]
    pub norm: NormSpec,
    /// What the letter reads from the decision (none of it is evaluated by the engines).
    #[serde(default, skip_serializing_if = "LetterSpec::is_empty")]
    pub letter: LetterSpec,
    /// `när` branches, tried in order.
    pub branches: Vec<Branch>,
    /// `annars:`.
    pub otherwise: Outcome,
    /// The declaration.
    pub span: Span,
}

/// The fields of a decision that its letter reads (docs/language.md §4). The engines never
/// read them; the runtime's letter does, from the decision and the case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterSpec {
    /// `titel:`: the decision's title as a reader sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub titel: Option<String>,
    /// `delegeringspunkt:`: the point of the nämnd's delegation order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegeringspunkt: Option<String>,
    /// `överklagas_hos:`: the instance that tries an appeal (absent: förvaltningsrätten).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overklagas_hos: Option<String>,
    /// `helt_bifall: ja`: every `bifall` grants all that was asked, so its letter has no
    /// appeal notice (FL 33 §).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub helt_bifall: bool,
    /// `ärendenummer:`: the `text` input that holds the case's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arendenummer: Option<InputId>,
    /// `visa:`: the values the letter shows, in order, with their labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub visa: Vec<Shown>,
}

impl LetterSpec {
    /// Whether no field is written.
    pub fn is_empty(&self) -> bool {
        *self == LetterSpec::default()
    }
}

/// A value the letter shows, with its label (`visa: { namn = "etikett" }`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    /// The label the letter writes.
    pub label: String,
    /// What is shown.
    pub target: ShownTarget,
}

/// What a shown value is: an input's value in the case, or a parameter's or rule's value in
/// the decision's trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShownTarget {
    /// An input (an `uppgift` or a `bedömning`).
    Input(InputId),
    /// A parameter: the value or table rows the decision used.
    Param(ParamId),
    /// A rule without arguments: the value the decision computed.
    Rule(RuleId),
}

/// A decision's norm date (docs/language.md §4), each a `datum` expression evaluated before
/// the branches, in this order, on the inputs and `beslutsdatum` (the checker refuses one
/// that reads a parameter, E0229). The norm date is `date` if written, else the first day
/// of `month`'s month, else `beslutsdatum`; parameters, table rows and citations are those
/// in force on it. Outside `earliest`..=`latest` the case is `manuell` (E0426).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NormSpec {
    /// `gäller_månad:`: the decision concerns the calendar month of this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<ExprId>,
    /// `normdatum:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<ExprId>,
    /// `normdatum_tidigast:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earliest: Option<ExprId>,
    /// `normdatum_senast:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<ExprId>,
}

impl NormSpec {
    /// Whether no field is written (the norm date is `beslutsdatum`).
    pub fn is_empty(&self) -> bool {
        self.month.is_none()
            && self.date.is_none()
            && self.earliest.is_none()
            && self.latest.is_none()
    }

    /// The written expressions in evaluation order.
    pub fn exprs(&self) -> impl Iterator<Item = ExprId> {
        [self.month, self.date, self.earliest, self.latest]
            .into_iter()
            .flatten()
    }
}

/// `när VILLKOR: UTFALL`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Branch {
    /// The condition (`ja/nej`).
    pub cond: ExprId,
    /// The outcome.
    pub outcome: Outcome,
}

/// An outcome of a decision with its amount and text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Which outcome.
    pub kind: OutcomeKind,
    /// `belopp:` (`belopp`).
    pub belopp: Option<ExprId>,
    /// `motivering:`, or the reason of `manuell`.
    pub text: Option<Template>,
    /// The outcome as written.
    pub span: Span,
}

/// A text with interpolated expressions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// The pieces in order.
    pub parts: Vec<TemplatePart>,
}

/// A piece of a [`Template`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TemplatePart {
    /// Literal text.
    Lit(String),
    /// An interpolated expression, formatted the Swedish way by the runtime.
    Expr(ExprId),
}

impl Template {
    /// The interpolated expressions, in order.
    pub fn exprs(&self) -> impl Iterator<Item = ExprId> + '_ {
        self.parts.iter().filter_map(|p| match p {
            TemplatePart::Expr(e) => Some(*e),
            TemplatePart::Lit(_) => None,
        })
    }
}

/// An `exempel`: a worked case with expectations, run by `delegat test`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// The name.
    pub name: String,
    /// `beslutsdatum = …` in `givet`, if written.
    #[serde(with = "crate::codec::opt_date")]
    pub date: Option<Date>,
    /// The other `givet` lines.
    pub givet: Vec<Given>,
    /// The `förvänta` lines.
    pub expect: Vec<Expectation>,
    /// The example as written.
    pub span: Span,
}

/// `namn = VÄRDE` in `givet`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Given {
    /// The input.
    pub input: InputId,
    /// Its value.
    pub value: Value,
}

/// A `förvänta` line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Expectation {
    /// What is expected.
    pub target: Target,
    /// The expectation.
    pub expected: Expected,
    /// The line.
    pub span: Span,
}

/// The subject of an expectation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// A decision's outcome.
    Decision(DecisionId),
    /// A nullary rule's value.
    Rule(RuleId),
    /// A scalar parameter's value on the date.
    Param(ParamId),
}

/// What a `förvänta` line expects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Expected {
    /// `= bifall`, `= fastställt med belopp 1 688 kr`.
    Outcome {
        /// The outcome.
        kind: OutcomeKind,
        /// `med belopp X`.
        belopp: Option<Value>,
    },
    /// `= VÄRDE`.
    Value(Value),
}
