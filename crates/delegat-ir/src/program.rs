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
    /// `enligt`.
    pub enligt: Option<String>,
    /// A value type or a table type.
    pub ty: ParamType,
    /// The versions, by strictly rising `from` date. The one in force on a date is the last
    /// whose `from` is on or before it; a date before the first is a runtime error.
    pub versions: Vec<Version>,
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
    /// `enligt`.
    pub enligt: Option<String>,
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
    /// `enligt`.
    pub enligt: Option<String>,
    /// `avser:`.
    pub avser: Option<String>,
    /// `överklagande:`.
    pub overklagande: Option<String>,
    /// The `///` comment.
    pub doc: Option<String>,
    /// The frame's slots (loop variables in conditions, amounts and texts).
    pub locals: Vec<LocalDecl>,
    /// `när` branches, tried in order.
    pub branches: Vec<Branch>,
    /// `annars:`.
    pub otherwise: Outcome,
    /// The declaration.
    pub span: Span,
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
