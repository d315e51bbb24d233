//! The syntax tree of a rule file.
//!
//! Every node is a struct with a `span` and, where it has variants, a `…Kind` enum. The tree
//! keeps what the author wrote (names are not resolved, types are not checked); the checker
//! turns it into the typed program. Numbers are kept exactly: integers as `i64`, decimals
//! as an `i128` mantissa with a decimal scale, money in öre.

use delegat_diagnostics::Span;
use serde::Serialize;

/// The vocabularies the syntax tree shares with every later phase.
pub use delegat_value::{DecisionKind, DurationUnit, OutcomeKind};

/// A name as written, with its place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ident {
    /// The name (Unicode letters, digits and `_`).
    pub name: String,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

/// A plain string literal without interpolation (titles, lagrum, questions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StrLit {
    /// The text with escapes resolved.
    pub value: String,
    /// The literal including its quotes.
    #[serde(skip)]
    pub span: Span,
}

/// A text that may hold `{expr}` interpolations (motivering, manuell reasons, and text
/// values in expressions).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextLit {
    /// Literal pieces and interpolations in order; `{{` is already a literal `{`.
    pub parts: Vec<TextPart>,
    /// The literal including its quotes.
    #[serde(skip)]
    pub span: Span,
}

/// One piece of a [`TextLit`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TextPart {
    /// Literal text.
    Lit(String),
    /// An interpolated expression.
    Interp(Expr),
}

/// A whole rule file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct File {
    /// The items in source order.
    pub items: Vec<Item>,
    /// The whole file.
    #[serde(skip)]
    pub span: Span,
    /// The names declared by items that could not be read (their syntax error is reported):
    /// the checker does not report their uses again as unknown names.
    #[serde(skip)]
    pub unreadable_names: Vec<String>,
}

/// A top-level item with its doc comment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    /// What the item is.
    pub kind: ItemKind,
    /// The `///` lines before it, joined by newlines, without the slashes.
    pub doc: Option<String>,
    /// The whole item (not the doc comment).
    #[serde(skip)]
    pub span: Span,
}

/// The kinds of item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ItemKind {
    /// `regelverk "Titel" { … }`.
    Regelverk(Regelverk),
    /// `typ Namn = …`.
    Typ(TypeDecl),
    /// `uppgift namn: T { … }`.
    Uppgift(Uppgift),
    /// `parameter namn: T enligt "…" { från …: … }`.
    Parameter(Parameter),
    /// `regel namn(…): T enligt "…" = …`.
    Regel(Regel),
    /// `bedömning namn: T { … }`.
    Bedomning(Bedomning),
    /// `beslut` or `beslutsstöd`.
    Beslut(Beslut),
    /// `exempel "namn" { givet { … } förvänta { … } }`.
    Exempel(Exempel),
    /// `använd "fil.regel"`.
    Anvand(Anvand),
    /// `lagrum namn { från DATUM: "…" … }`.
    Lagrum(Lagrum),
}

/// `regelverk "Titel" { nämnd: "…" version: "…" beskrivning: "…" }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Regelverk {
    /// The pack's title.
    pub title: StrLit,
    /// `nämnd:`.
    pub namnd: Option<StrLit>,
    /// `version:`.
    pub version: Option<StrLit>,
    /// `beskrivning:`.
    pub beskrivning: Option<StrLit>,
    /// `kontakt:`: how to reach the nämnd about a decision, for the letter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kontakt: Option<StrLit>,
    /// `personuppgifter:`: where the nämnd tells how it processes personal data (a link),
    /// for the letter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub personuppgifter: Option<StrLit>,
    /// `logotyp:`: the path or address of the nämnd's logo, for the HTML letter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logotyp: Option<StrLit>,
}

/// `typ Namn = a | b` or `typ Namn = { fält: T … }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeDecl {
    /// The type's name.
    pub name: Ident,
    /// Enum or record.
    pub kind: TypeDeclKind,
}

/// The two kinds of declared type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeDeclKind {
    /// `a | b | c`.
    Enum(Vec<Ident>),
    /// `{ fält: T … }`.
    Record(Vec<FieldDecl>),
}

/// A field of a record type, or an argument of a rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldDecl {
    /// The field's name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
    /// From `name` to the end of the type.
    #[serde(skip)]
    pub span: Span,
}

/// A type as written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeExpr {
    /// Which type.
    pub kind: TypeExprKind,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

/// The forms of a type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TypeExprKind {
    /// `heltal`.
    Heltal,
    /// `tal`.
    Tal,
    /// `belopp`.
    Belopp,
    /// `ja/nej`.
    JaNej,
    /// `datum`.
    Datum,
    /// `varaktighet`.
    Varaktighet,
    /// `text`.
    Text,
    /// A declared enum or record.
    Named(Ident),
    /// `lista av T`.
    Lista(Box<TypeExpr>),
    /// `tabell K -> V`.
    Tabell(Box<TypeExpr>, Box<TypeExpr>),
    /// `T a..b`, `T a..`, `T ..b`: a range refinement. The bounds are literals (possibly
    /// negated), kept as expressions for their spans.
    Range {
        /// The refined type.
        base: Box<TypeExpr>,
        /// Lower bound, inclusive.
        lo: Option<Box<Expr>>,
        /// Upper bound, inclusive.
        hi: Option<Box<Expr>>,
    },
}

/// Where an `uppgift` comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kalla {
    /// Which source.
    pub kind: KallaKind,
    /// The value after `källa:`.
    #[serde(skip)]
    pub span: Span,
}

/// The three sources of docs/language.md §4.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum KallaKind {
    /// `sökande`: stated by the applicant.
    Sokande,
    /// `register "Namn"`: fetched from a third party.
    Register(StrLit),
    /// `handläggare`: a caseworker's judgement.
    Handlaggare,
}

/// `uppgift namn: T { källa: …  fråga: "…"  beskrivning: "…" }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Uppgift {
    /// The input's name (also its key in a JSON case).
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
    /// `källa:` (required; the parser reports it missing and then leaves `None`).
    pub kalla: Option<Kalla>,
    /// `fråga:`.
    pub fraga: Option<StrLit>,
    /// `beskrivning:`.
    pub beskrivning: Option<StrLit>,
}

/// `parameter namn: T enligt "…" { från DATUM: VÄRDE … }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parameter {
    /// The parameter's name.
    pub name: Ident,
    /// Its type (often `tabell K -> V`).
    pub ty: TypeExpr,
    /// The legal basis.
    pub enligt: Option<Enligt>,
    /// The dated values, in source order.
    pub values: Vec<DatedValue>,
}

/// `från 2026-01-01: VÄRDE`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatedValue {
    /// The date the value comes into force.
    pub from: DateLit,
    /// The value.
    pub value: ParamValue,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// A parameter's value: a plain expression or a table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ParamValue {
    /// A single value.
    Expr(Expr),
    /// `{ KEY: VALUE … }`.
    Table(Table),
}

/// A table literal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    /// Rows in source order.
    pub entries: Vec<TableEntry>,
    /// From `{` to `}`.
    #[serde(skip)]
    pub span: Span,
}

/// One row of a table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableEntry {
    /// The key.
    pub key: TableKey,
    /// The value.
    pub value: Expr,
    /// The whole row.
    #[serde(skip)]
    pub span: Span,
}

/// A table key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableKey {
    /// Which form.
    pub kind: TableKeyKind,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

/// The forms of a table key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum TableKeyKind {
    /// `3`, `-1`.
    Int(i64),
    /// `1..2`, `21..`, `..5` (inclusive bounds).
    IntRange(Option<i64>, Option<i64>),
    /// `2026-01-01`.
    Date(DateLit),
    /// `2026-01-01..2026-06-30`, open ends allowed.
    DateRange(Option<DateLit>, Option<DateLit>),
    /// `hyresrätt` or `bostadsrätt | villa`.
    Variants(Vec<Ident>),
}

/// `regel namn(a: T; …): T enligt "…" = EXPR  undantag …`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Regel {
    /// The rule's name.
    pub name: Ident,
    /// Arguments (empty for a plain rule). Written `(a: T; b: T)`.
    pub params: Vec<FieldDecl>,
    /// Whether it was written with parentheses (`regel f(): T`), even if empty.
    pub has_parens: bool,
    /// The result type.
    pub ty: TypeExpr,
    /// The legal basis.
    pub enligt: Option<Enligt>,
    /// The main expression.
    pub body: Expr,
    /// The exceptions, in source order (they are unordered in meaning).
    pub undantag: Vec<Undantag>,
}

/// `undantag enligt "…" när VILLKOR: VÄRDE`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Undantag {
    /// The legal basis of the exception.
    pub enligt: Option<Enligt>,
    /// When the exception applies.
    pub cond: Expr,
    /// The value it gives.
    pub value: Expr,
    /// The whole exception.
    #[serde(skip)]
    pub span: Span,
}

/// `bedömning namn: T { beskrivning: "…" }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bedomning {
    /// The judgement's name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
    /// `beskrivning:`.
    pub beskrivning: Option<StrLit>,
}

/// `beslut namn enligt "…" { avser: …  överklagande: …  när …: UTFALL  annars: UTFALL }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Beslut {
    /// `beslut` or `beslutsstöd`.
    pub kind: DecisionKind,
    /// The decision's name.
    pub name: Ident,
    /// The legal basis (required by the legality check, E0304).
    pub enligt: Option<Enligt>,
    /// `avser:` (e.g. `myndighetsutövning`).
    pub avser: Option<Ident>,
    /// `överklagande:` (e.g. `förvaltningsbesvär`).
    pub overklagande: Option<Ident>,
    /// The date that selects norms and the period the decision concerns (`None` when no
    /// field is written; boxed, since most decisions have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub norm: Option<Box<NormFields>>,
    /// The fields the letter reads (`None` when none is written; boxed, like `norm`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub letter: Option<Box<LetterFields>>,
    /// The `när` branches in order.
    pub branches: Vec<Branch>,
    /// The `annars:` outcome (required; the checker reports it missing).
    pub otherwise: Option<Outcome>,
    /// The `annars` keyword, when written (added for diagnostics that point at it).
    #[serde(skip)]
    pub annars_span: Option<Span>,
}

/// The fields of a decision that choose the date that selects norms (docs/language.md §4):
/// `gäller_månad:`, `normdatum:`, `normdatum_tidigast:`, `normdatum_senast:`, each a `datum`
/// expression.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NormFields {
    /// `gäller_månad:`: the decision concerns the calendar month of this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<Expr>,
    /// `normdatum:`: the date that selects norms (default: the month's first day, or
    /// `beslutsdatum`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Expr>,
    /// `normdatum_tidigast:`: the earliest norm date the nämnd has delegated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest: Option<Expr>,
    /// `normdatum_senast:`: the latest norm date the nämnd has delegated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest: Option<Expr>,
}

impl NormFields {
    /// No field written.
    pub const NONE: NormFields = NormFields {
        month: None,
        date: None,
        earliest: None,
        latest: None,
    };

    /// Whether none of the fields is written.
    pub fn is_empty(&self) -> bool {
        self.month.is_none()
            && self.date.is_none()
            && self.earliest.is_none()
            && self.latest.is_none()
    }
}

/// The fields of a decision that its letter reads (docs/language.md §4): `titel:`,
/// `delegeringspunkt:`, `överklagas_hos:`, `helt_bifall:`, `ärendenummer:` and `visa:`.
/// What each may hold is the checker's (E0231–E0234).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LetterFields {
    /// `titel:`: the decision's title as a reader sees it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub titel: Option<StrLit>,
    /// `delegeringspunkt:`: the point of the nämnd's delegation order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegeringspunkt: Option<StrLit>,
    /// `överklagas_hos:`: the instance that tries an appeal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overklagas_hos: Option<StrLit>,
    /// `helt_bifall:`: `ja` when every `bifall` grants all that was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helt_bifall: Option<Expr>,
    /// `ärendenummer:`: the `text` input that holds the case's reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arendenummer: Option<Ident>,
    /// `visa: { namn = "etikett" … }`: the values the letter shows, with their labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visa: Option<Expr>,
}

impl LetterFields {
    /// Whether none of the fields is written.
    pub fn is_empty(&self) -> bool {
        self.titel.is_none()
            && self.delegeringspunkt.is_none()
            && self.overklagas_hos.is_none()
            && self.helt_bifall.is_none()
            && self.arendenummer.is_none()
            && self.visa.is_none()
    }
}

/// `när VILLKOR: UTFALL`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Branch {
    /// The condition.
    pub cond: Expr,
    /// The outcome when it holds.
    pub outcome: Outcome,
    /// The whole branch.
    #[serde(skip)]
    pub span: Span,
}

/// An outcome of a decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// Which outcome.
    pub kind: OutcomeBody,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

/// The four outcomes of docs/language.md §6.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum OutcomeBody {
    /// `bifall { belopp: …  motivering: "…" }`.
    Bifall {
        /// `belopp:`.
        belopp: Option<Expr>,
        /// `motivering:`.
        motivering: Option<TextLit>,
    },
    /// `avslag { motivering: "…" }`.
    Avslag {
        /// `motivering:`.
        motivering: Option<TextLit>,
    },
    /// `fastställt { belopp: …  motivering: "…" }`.
    Faststallt {
        /// `belopp:`.
        belopp: Option<Expr>,
        /// `motivering:`.
        motivering: Option<TextLit>,
    },
    /// `manuell "skäl"`.
    Manuell {
        /// The reason given to the caseworker.
        reason: TextLit,
    },
}

/// `exempel "namn" { givet { … } förvänta { … } }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exempel {
    /// The example's name.
    pub name: StrLit,
    /// `namn = VÄRDE` lines of `givet`.
    pub givet: Vec<Binding>,
    /// Lines of `förvänta`.
    pub forvanta: Vec<Expectation>,
}

/// `namn = VÄRDE` in a `givet` block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Binding {
    /// The uppgift (or `beslutsdatum`).
    pub name: Ident,
    /// Its value.
    pub value: Expr,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// A line of a `förvänta` block.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expectation {
    /// The rule, parameter or decision expected.
    pub name: Ident,
    /// What is expected of it.
    pub expected: Expected,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// What a `förvänta` line expects.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Expected {
    /// `beslut = bifall`, `= avslag`, `= fastställt med belopp 1 688 kr`, `= manuell`.
    Outcome {
        /// The outcome expected.
        outcome: OutcomeKind,
        /// `med belopp X`.
        belopp: Option<Expr>,
    },
    /// `regel = VÄRDE`.
    Value(Expr),
}

/// What `enligt` cites: a citation written out, or a declared `lagrum` by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Enligt {
    /// `enligt "SoL (2025:400) 12 kap. 1 §"`.
    Text(StrLit),
    /// `enligt försörjningsstöd`: a `lagrum` declared in the file.
    Lagrum(Ident),
}

impl Enligt {
    /// The citation or the name as written.
    pub fn text(&self) -> &str {
        match self {
            Enligt::Text(s) => &s.value,
            Enligt::Lagrum(i) => &i.name,
        }
    }

    /// Where it is written.
    pub fn span(&self) -> Span {
        match self {
            Enligt::Text(s) => s.span,
            Enligt::Lagrum(i) => i.span,
        }
    }
}

/// `lagrum namn { från DATUM: "citat"  överklagas: väg enligt "citat" … }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lagrum {
    /// The name `enligt` uses.
    pub name: Ident,
    /// The versions, in source order.
    pub versions: Vec<LagrumVersion>,
}

/// `från DATUM: "citat"`, with the appeal route when written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LagrumVersion {
    /// The date the citation applies from.
    pub from: DateLit,
    /// The citation.
    pub text: StrLit,
    /// `överklagas: förvaltningsbesvär enligt "…"`.
    pub appeal: Option<LagrumAppeal>,
    /// The whole version.
    #[serde(skip)]
    pub span: Span,
}

/// `överklagas: ROUTE enligt "…"`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LagrumAppeal {
    /// `förvaltningsbesvär`, `laglighetsprövning` or `ej_överklagbart`.
    pub route: Ident,
    /// The appeal provision that gives the route.
    pub enligt: Option<StrLit>,
}

/// `använd "fil.regel"`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Anvand {
    /// The path, relative to the file that writes it.
    pub path: StrLit,
}

/// An expression.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Expr {
    /// Which expression.
    pub kind: ExprKind,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

/// The forms of an expression.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ExprKind {
    /// A literal.
    Lit(Literal),
    /// A name: an uppgift, parameter, rule, argument, loop variable, enum variant or
    /// `beslutsdatum`.
    Name(Ident),
    /// `a.fält`.
    Field(Box<Expr>, Ident),
    /// `tabell[nyckel]`.
    Index(Box<Expr>, Box<Expr>),
    /// `f(a; b)`: a rule with arguments or a builtin (`minsta`, `avrunda`, `summa(lista)`, …).
    Call(Ident, Vec<Expr>),
    /// `summa(för b i barn där VILLKOR: UTTRYCK)` and the other aggregates.
    Aggregate(Box<Aggregate>),
    /// `-a`, `inte a`.
    Unary(UnOp, Box<Expr>),
    /// `a + b`, `a och b`, `a < b`, ….
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `om VILLKOR så A annars B`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `välj { … }` or `välj x { … }`.
    Valj(Box<Valj>),
    /// `[a; b]`.
    List(Vec<Expr>),
    /// `{ fält = värde … }`.
    Record(Vec<Binding>),
    /// `( … )`, kept so that spans and the operand rule for `om` are faithful.
    Paren(Box<Expr>),
}

/// The aggregate functions that take `för … i …`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AggFunc {
    /// `summa`.
    Summa,
    /// `antal`.
    Antal,
    /// `alla`.
    Alla,
    /// `någon`.
    Nagon,
    /// `minsta`.
    Minsta,
    /// `största`.
    Storsta,
}

/// `FUNK(för VAR i LISTA där FILTER: KROPP)`; `antal` may omit the body.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Aggregate {
    /// Which aggregate.
    pub func: AggFunc,
    /// The loop variable.
    pub var: Ident,
    /// The list iterated over.
    pub list: Expr,
    /// `där FILTER`.
    pub filter: Option<Expr>,
    /// `: KROPP`.
    pub body: Option<Expr>,
}

/// `välj [ÄMNE] { när …: A … annars: B }`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Valj {
    /// The enum value chosen on, if any.
    pub subject: Option<Expr>,
    /// The arms in order.
    pub arms: Vec<ValjArm>,
    /// `annars:`.
    pub otherwise: Option<Expr>,
    /// The `annars` keyword, when written (added for diagnostics that point at it).
    #[serde(skip)]
    pub annars_span: Option<Span>,
}

/// One `när` arm of a `välj`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValjArm {
    /// A condition, or variants when there is a subject.
    pub pattern: ValjPattern,
    /// The value.
    pub value: Expr,
    /// The whole arm.
    #[serde(skip)]
    pub span: Span,
}

/// What a `när` arm tests.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum ValjPattern {
    /// `när VILLKOR:` (no subject).
    Cond(Expr),
    /// `när a | b:` (with a subject).
    Variants(Vec<Ident>),
}

impl Expr {
    /// Every name this expression refers to by name (`x`, and the function of `f(…)`), in
    /// no particular order, with repeats. The walk keeps its own stack, so a deep
    /// expression costs heap, not call stack.
    pub fn referenced_names<'a>(&'a self, out: &mut Vec<&'a str>) {
        let mut stack: Vec<&Expr> = vec![self];
        while let Some(e) = stack.pop() {
            match &e.kind {
                ExprKind::Lit(_) => {}
                ExprKind::Name(id) => out.push(&id.name),
                ExprKind::Field(x, _) | ExprKind::Unary(_, x) | ExprKind::Paren(x) => stack.push(x),
                ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
                    stack.push(a);
                    stack.push(b);
                }
                ExprKind::Call(f, args) => {
                    out.push(&f.name);
                    stack.extend(args);
                }
                ExprKind::Aggregate(agg) => {
                    stack.push(&agg.list);
                    stack.extend(agg.filter.as_ref());
                    stack.extend(agg.body.as_ref());
                }
                ExprKind::If(c, a, b) => {
                    stack.push(c);
                    stack.push(a);
                    stack.push(b);
                }
                ExprKind::Valj(v) => {
                    stack.extend(v.subject.as_ref());
                    stack.extend(v.otherwise.as_ref());
                    for arm in &v.arms {
                        if let ValjPattern::Cond(c) = &arm.pattern {
                            stack.push(c);
                        }
                        stack.push(&arm.value);
                    }
                }
                ExprKind::List(items) => stack.extend(items),
                ExprKind::Record(fields) => stack.extend(fields.iter().map(|b| &b.value)),
            }
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum UnOp {
    /// `-`.
    Neg,
    /// `inte`.
    Inte,
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BinOp {
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `=`.
    Eq,
    /// `≠` or `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=` or `≤`.
    Le,
    /// `>`.
    Gt,
    /// `>=` or `≥`.
    Ge,
    /// `och`.
    Och,
    /// `eller`.
    Eller,
}

/// A calendar date as written (validated by the parser: it exists). It has no order of its
/// own: two literals are ordered by the date they name ([`DateLit::ymd`]), never by where
/// they are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DateLit {
    /// Year.
    pub year: i16,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31, valid for the month.
    pub day: u8,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

impl DateLit {
    /// The date as `(year, month, day)`, which orders as the calendar does.
    pub fn ymd(self) -> (i16, u8, u8) {
        (self.year, self.month, self.day)
    }
}

/// An exact decimal: `mantissa × 10^-scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Decimal {
    /// The digits as an integer.
    pub mantissa: i128,
    /// How many of them are after the decimal comma.
    pub scale: u32,
}

/// Literals.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Literal {
    /// `12`, `1_000`.
    Int(i64),
    /// `12,5`, `12.5`.
    Decimal(Decimal),
    /// `3 480 kr`, `12,50 kr`, `50 öre`: whole öre.
    Money(i64),
    /// `3 %`, `12,5 %`: the percentage as written (3 % is stored as 3, scale 0; the
    /// value is a hundredth of it).
    Percent(Decimal),
    /// `2026-03-01`.
    Date(DateLit),
    /// `3 månader`.
    Duration(i64, DurationUnit),
    /// `ja`, `nej`.
    Bool(bool),
    /// `"…"`, possibly with interpolation.
    Text(TextLit),
}
