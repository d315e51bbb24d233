//! The checked program: what the checker hands to lowering.
//!
//! Resolved (names are ids into the arenas of [`Program`]), typed (every expression is a
//! [`TExpr`] with its [`Type`]), with spans for every place a runtime error or a report must
//! point at, and independent of the syntax tree's shape. The root file and every file it
//! `använd`s are merged into one program; ids are indices into `Program`'s vectors.
//!
//! A `Program` is only returned when the checker found no errors, so every invariant stated
//! in these docs holds (types agree, tables have no overlapping keys, no rule recursion).

mod expr;
mod ty;

use delegat_diagnostics::Span;

/// The vocabularies the checked program shares with every phase.
pub use delegat_value::{DecisionKind, DurationUnit, OutcomeKind, RoundMode};
pub use expr::{
    AggFunc, Aggregate, ArithOp, Builtin, CmpOp, TExpr, TExprKind, Text, TextPiece, Valj,
};
pub use ty::{Bounds, Date, Decimal, Duration, Type};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the arena.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A declared type: index into [`Program::types`].
    TypeId;
    /// An `uppgift`: index into [`Program::uppgifter`].
    UppgiftId;
    /// A `parameter`: index into [`Program::params`].
    ParamId;
    /// A `regel`: index into [`Program::regler`].
    RegelId;
    /// A `bedömning`: index into [`Program::bedomningar`].
    BedomningId;
    /// A `beslut` or `beslutsstöd`: index into [`Program::beslut`].
    BeslutId;
    /// An `exempel`: index into [`Program::exempel`].
    ExempelId;
    /// A `lagrum`: index into [`Program::lagrum`].
    LagrumId;
    /// A rule argument or loop variable: index into [`Program::locals`] (unique in the
    /// whole program).
    LocalId;
}

/// A name or short text as written, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned {
    /// The text (a name, or a string literal's value).
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// The whole checked program.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Program {
    /// `regelverk` of the root file, if it has one.
    pub regelverk: Option<Regelverk>,
    /// Declared enums and records.
    pub types: Vec<TypeDef>,
    /// Inputs.
    pub uppgifter: Vec<UppgiftDef>,
    /// Dated norms.
    pub params: Vec<ParamDef>,
    /// Derived values and functions.
    pub regler: Vec<RegelDef>,
    /// Judgements left to a person.
    pub bedomningar: Vec<BedomningDef>,
    /// Decisions and decision support, of the root file only.
    pub beslut: Vec<BeslutDef>,
    /// Worked cases of the root file only.
    pub exempel: Vec<ExempelDef>,
    /// Rule arguments and loop variables.
    pub locals: Vec<LocalDef>,
    /// Declared provisions (`lagrum`), cited by name in `enligt`.
    pub lagrum: Vec<LagrumDef>,
}

/// `lagrum namn { från DATUM: "citat"  överklagas: väg enligt "citat" … }`: a provision
/// declared once, with its citation by date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LagrumDef {
    /// The name `enligt` uses.
    pub name: Spanned,
    /// The `///` comment.
    pub doc: Option<String>,
    /// The versions, dates strictly rising (at least one).
    pub versions: Vec<LagrumVersion>,
    /// The whole item.
    pub span: Span,
}

/// `från DATUM: "citat"` of a [`LagrumDef`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LagrumVersion {
    /// The first date the citation applies.
    pub from: Date,
    /// The citation.
    pub text: Spanned,
    /// `överklagas: väg enligt "…"`, when written.
    pub appeal: Option<LagrumAppeal>,
    /// The whole version.
    pub span: Span,
}

/// `överklagas: väg enligt "…"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LagrumAppeal {
    /// The route as written (`förvaltningsbesvär`, `laglighetsprövning`, `ej_överklagbart`;
    /// the checker refused any other word).
    pub route: Spanned,
    /// The appeal provision that gives the route (required with `förvaltningsbesvär`).
    pub enligt: Option<Spanned>,
}

impl LagrumDef {
    /// The version in force on `date`: the last one from on or before it (`None` before the
    /// first).
    pub fn version_on(&self, date: Date) -> Option<&LagrumVersion> {
        self.versions.iter().rev().find(|v| v.from <= date)
    }
}

impl Program {
    /// The declared `lagrum` with this id.
    pub fn lagrum_def(&self, id: LagrumId) -> Option<&LagrumDef> {
        self.lagrum.get(id.index())
    }
}

/// `regelverk "Titel" { … }`: the pack's identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regelverk {
    /// The title.
    pub titel: Spanned,
    /// `nämnd:`.
    pub namnd: Option<Spanned>,
    /// `version:`.
    pub version: Option<Spanned>,
    /// `beskrivning:`.
    pub beskrivning: Option<Spanned>,
    /// `kontakt:`: how to reach the nämnd, for the letter.
    pub kontakt: Option<Spanned>,
    /// `personuppgifter:`: the nämnd's page on the processing of personal data.
    pub personuppgifter: Option<Spanned>,
    /// `logotyp:`: the path or address of the nämnd's logo, for the HTML letter.
    pub logotyp: Option<Spanned>,
    /// The whole item.
    pub span: Span,
}

/// A declared enum or record.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The type's name.
    pub name: Spanned,
    /// The `///` comment.
    pub doc: Option<String>,
    /// Enum or record.
    pub kind: TypeDefKind,
    /// The whole item.
    pub span: Span,
}

/// The two kinds of declared type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeDefKind {
    /// Variants in declaration order (a variant's index is its position).
    Enum(Vec<Spanned>),
    /// Fields in declaration order (a field's index is its position).
    Record(Vec<FieldDef>),
}

/// A field of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    /// The field's name.
    pub name: Spanned,
    /// Its type.
    pub ty: Type,
}

/// Where an input comes from (docs/language.md §4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kalla {
    /// `sökande`.
    Sokande,
    /// `register "Namn"`.
    Register(Spanned),
    /// `handläggare`.
    Handlaggare,
}

/// `uppgift namn: T { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct UppgiftDef {
    /// The name (also the key in a JSON case).
    pub name: Spanned,
    /// The `///` comment.
    pub doc: Option<String>,
    /// Its type; ranges are checked on input.
    pub ty: Type,
    /// `källa:` with its span.
    pub kalla: Kalla,
    /// Where `källa:`'s value is written.
    pub kalla_span: Span,
    /// `fråga:`.
    pub fraga: Option<Spanned>,
    /// `beskrivning:`.
    pub beskrivning: Option<Spanned>,
    /// The whole item.
    pub span: Span,
}

/// `parameter namn: T enligt "…" { från …: … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDef {
    /// The name.
    pub name: Spanned,
    /// The `///` comment.
    pub doc: Option<String>,
    /// Its type.
    pub ty: Type,
    /// The legal basis.
    pub enligt: Option<Spanned>,
    /// The declared `lagrum` when `enligt` names one (then `enligt` holds the name).
    pub lagrum: Option<LagrumId>,
    /// The dated values, dates strictly rising.
    pub values: Vec<DatedValue>,
    /// A `tal` parameter (or a table of `tal`) every value of which is written as a
    /// percentage (`50 %`): a reader sees its values as percentages too.
    pub percent: bool,
    /// The whole item.
    pub span: Span,
}

/// `från DATUM: VÄRDE`.
#[derive(Clone, Debug, PartialEq)]
pub struct DatedValue {
    /// The first date the value is in force.
    pub from: Date,
    /// The value.
    pub value: ParamValue,
    /// The whole line.
    pub span: Span,
}

/// A parameter's value.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// A constant expression of the parameter's type (literals, lists, records, and
    /// arithmetic on them; no inputs, rules or other parameters).
    Expr(TExpr),
    /// A table (the parameter's type is `tabell K -> V`).
    Table(Table),
}

/// A checked table: rows with resolved keys, no two rows overlapping. Enum-keyed tables
/// cover every variant; integer and date tables may have gaps where no lookup reaches.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Rows in source order.
    pub rows: Vec<TableRow>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One row of a [`Table`].
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// The keys it answers for.
    pub key: TableKey,
    /// The value, of the table's value type.
    pub value: TExpr,
    /// The whole row.
    pub span: Span,
}

/// A resolved table key. Integer and date keys are inclusive intervals (a single value
/// `3` is `3..3`; open ends are `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableKey {
    /// `3`, `1..2`, `21..`, `..5`.
    Int(Bounds<i64>),
    /// `2026-01-01`, `2026-01-01..2026-06-30`, open ends allowed.
    Date(Bounds<Date>),
    /// `hyresrätt` or `bostadsrätt | villa`: variant indices of the key enum.
    Variants(Vec<u32>),
}

/// `regel namn(a: T; …): T enligt "…" = EXPR undantag …`.
#[derive(Clone, Debug, PartialEq)]
pub struct RegelDef {
    /// The name.
    pub name: Spanned,
    /// The `///` comment.
    pub doc: Option<String>,
    /// Arguments in order (empty for a plain rule).
    pub params: Vec<LocalId>,
    /// Whether it was declared as a function (`regel f(): T` or with arguments). Such a
    /// rule is only used through `TExprKind::Call`.
    pub is_function: bool,
    /// The result type.
    pub ty: Type,
    /// The legal basis.
    pub enligt: Option<Spanned>,
    /// The declared `lagrum` when `enligt` names one (then `enligt` holds the name).
    pub lagrum: Option<LagrumId>,
    /// The main expression, of the result type. It applies when no exception holds; the
    /// checker narrows it by the negation of every exception's condition, so lowering must
    /// evaluate the exceptions' conditions first and the body only when none holds.
    pub body: TExpr,
    /// The exceptions (unordered: two holding at once is a runtime conflict → manuell).
    pub undantag: Vec<UndantagDef>,
    /// The whole item.
    pub span: Span,
}

/// `undantag enligt "…" när VILLKOR: VÄRDE`.
#[derive(Clone, Debug, PartialEq)]
pub struct UndantagDef {
    /// The legal basis of the exception.
    pub enligt: Option<Spanned>,
    /// The declared `lagrum` when `enligt` names one (then `enligt` holds the name).
    pub lagrum: Option<LagrumId>,
    /// When it applies (`ja/nej`).
    pub cond: TExpr,
    /// The value, of the rule's type (checked knowing `cond` holds).
    pub value: TExpr,
    /// The whole exception.
    pub span: Span,
}

/// A rule argument or a loop variable.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalDef {
    /// Its name.
    pub name: Spanned,
    /// Its type.
    pub ty: Type,
    /// What binds it.
    pub kind: LocalKind,
}

/// What binds a local.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalKind {
    /// Argument number `index` of a rule.
    Arg {
        /// The rule.
        regel: RegelId,
        /// The position among its arguments.
        index: u32,
    },
    /// The variable of an aggregate (`för b i barn`).
    Loop,
}

/// `bedömning namn: T { beskrivning: "…" }`.
#[derive(Clone, Debug, PartialEq)]
pub struct BedomningDef {
    /// The name.
    pub name: Spanned,
    /// The `///` comment.
    pub doc: Option<String>,
    /// Its type.
    pub ty: Type,
    /// `beskrivning:`.
    pub beskrivning: Option<Spanned>,
    /// The whole item.
    pub span: Span,
}

/// `beslut`/`beslutsstöd namn enligt "…" { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct BeslutDef {
    /// Which kind.
    pub kind: DecisionKind,
    /// The name.
    pub name: Spanned,
    /// The `///` comment.
    pub doc: Option<String>,
    /// The legal basis (the legality check requires it).
    pub enligt: Option<Spanned>,
    /// The declared `lagrum` when `enligt` names one (then `enligt` holds the name).
    pub lagrum: Option<LagrumId>,
    /// `avser:` as written (validated by the legality check, E03xx).
    pub avser: Option<Spanned>,
    /// `överklagande:` as written (validated by the legality check, E03xx).
    pub overklagande: Option<Spanned>,
    /// The date that selects norms and the period the decision concerns (all absent: the
    /// norms in force on `beslutsdatum`).
    pub norm: NormDef,
    /// What the letter reads from the decision (all absent: the letter's defaults).
    pub letter: LetterDef,
    /// The `när` branches in order; the first true one decides. Each condition is checked
    /// knowing the earlier ones were false.
    pub branches: Vec<BranchDef>,
    /// `annars:` (always present in a checked program).
    pub otherwise: OutcomeDef,
    /// The whole item.
    pub span: Span,
}

/// The fields of a decision that its letter reads (docs/language.md §4).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LetterDef {
    /// `titel:`: the decision's title as a reader sees it.
    pub titel: Option<Spanned>,
    /// `delegeringspunkt:`: the point of the nämnd's delegation order.
    pub delegeringspunkt: Option<Spanned>,
    /// `överklagas_hos:`: the instance that tries an appeal (a `beslut` only).
    pub overklagas_hos: Option<Spanned>,
    /// `helt_bifall: ja`: every `bifall` grants all that was asked (a `beslut` only).
    pub helt_bifall: bool,
    /// `ärendenummer:`: the `text` input holding the case's reference.
    pub arendenummer: Option<UppgiftId>,
    /// `visa:`: the values the letter shows, in order, with their labels.
    pub visa: Vec<ShownDef>,
}

/// One value the letter shows (`visa: { namn = "etikett" }`).
#[derive(Clone, Debug, PartialEq)]
pub struct ShownDef {
    /// The name as written.
    pub name: Spanned,
    /// What it names.
    pub target: ShownTarget,
    /// The label the letter writes before the value.
    pub label: Spanned,
}

/// What a shown name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShownTarget {
    /// An `uppgift`: the value given with the case.
    Uppgift(UppgiftId),
    /// A `bedömning`: the value a caseworker gave.
    Bedomning(BedomningId),
    /// A `parameter`: the value (or table rows) the decision used.
    Param(ParamId),
    /// A `regel` without parameters: the value the decision computed.
    Regel(RegelId),
}

/// A decision's norm date (docs/language.md §4): each a `datum` expression that depends on
/// no dated value (E0229).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NormDef {
    /// `gäller_månad:`: the decision concerns the calendar month of this date.
    pub month: Option<TExpr>,
    /// `normdatum:`: the date that selects norms; by default the month's first day, or
    /// `beslutsdatum` without a month.
    pub date: Option<TExpr>,
    /// `normdatum_tidigast:`: an earlier norm date is not decided (`manuell`).
    pub earliest: Option<TExpr>,
    /// `normdatum_senast:`: a later norm date is not decided (`manuell`).
    pub latest: Option<TExpr>,
}

impl NormDef {
    /// The written expressions, in the order they are evaluated: the month, the norm date,
    /// the earliest, the latest.
    pub fn exprs(&self) -> impl Iterator<Item = &TExpr> {
        [&self.month, &self.date, &self.earliest, &self.latest]
            .into_iter()
            .flatten()
    }
}

/// `när VILLKOR: UTFALL`.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchDef {
    /// The condition (`ja/nej`).
    pub cond: TExpr,
    /// The outcome when it holds.
    pub outcome: OutcomeDef,
    /// The whole branch.
    pub span: Span,
}

/// An outcome with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeDef {
    /// Which outcome.
    pub kind: OutcomeBody,
    /// Where it is written.
    pub span: Span,
}

/// The four outcomes (docs/language.md §6). `belopp` is always of type `belopp`.
#[derive(Clone, Debug, PartialEq)]
pub enum OutcomeBody {
    /// Granted.
    Bifall {
        /// `belopp:`.
        belopp: Option<TExpr>,
        /// `motivering:`.
        motivering: Option<Text>,
    },
    /// Refused.
    Avslag {
        /// `motivering:` (the legality check requires it).
        motivering: Option<Text>,
    },
    /// An amount determined.
    Faststallt {
        /// `belopp:` (the legality check requires it).
        belopp: Option<TExpr>,
        /// `motivering:` (the legality check requires it).
        motivering: Option<Text>,
    },
    /// Sent to a caseworker with a reason.
    Manuell {
        /// The reason.
        reason: Text,
    },
}

/// `exempel "namn" { givet { … } förvänta { … } }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExempelDef {
    /// The name.
    pub name: Spanned,
    /// The `///` comment.
    pub doc: Option<String>,
    /// `givet` lines, each naming a different target.
    pub givet: Vec<Given>,
    /// `förvänta` lines.
    pub forvanta: Vec<Expect>,
    /// The whole item.
    pub span: Span,
}

/// `namn = VÄRDE` in `givet`.
#[derive(Clone, Debug, PartialEq)]
pub struct Given {
    /// What is given.
    pub target: GivenTarget,
    /// A constant value of the target's type, within its range.
    pub value: TExpr,
    /// The whole line.
    pub span: Span,
}

/// What a `givet` line sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GivenTarget {
    /// An input.
    Uppgift(UppgiftId),
    /// A caseworker's judgement (allowed so that a `beslutsstöd` using one can be tested).
    Bedomning(BedomningId),
    /// The decision date.
    Beslutsdatum,
}

/// A `förvänta` line.
#[derive(Clone, Debug, PartialEq)]
pub struct Expect {
    /// What is expected.
    pub target: ExpectTarget,
    /// The expected value or outcome.
    pub expected: Expected,
    /// The whole line.
    pub span: Span,
}

/// What a `förvänta` line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectTarget {
    /// A rule without arguments.
    Regel(RegelId),
    /// A parameter (its value on the decision date).
    Param(ParamId),
    /// A decision.
    Beslut(BeslutId),
}

/// What is expected.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// A constant value of the rule's or parameter's type.
    Value(TExpr),
    /// A decision's outcome, optionally with its amount (`med belopp X`, a `belopp`).
    Outcome {
        /// The outcome.
        tag: OutcomeKind,
        /// The amount expected.
        belopp: Option<TExpr>,
    },
}

impl Program {
    /// The declared type with this id.
    pub fn type_def(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.get(id.index())
    }

    /// The rule with this id.
    pub fn regel(&self, id: RegelId) -> Option<&RegelDef> {
        self.regler.get(id.index())
    }

    /// The local with this id.
    pub fn local(&self, id: LocalId) -> Option<&LocalDef> {
        self.locals.get(id.index())
    }
}
