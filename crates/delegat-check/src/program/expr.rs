//! Typed, resolved expressions of the checked program.
//!
//! Every [`TExpr`] carries its [`Type`] (with the range the checker derived, see
//! `crate::types`) and the span of the source it came from. Names are resolved to ids,
//! implicit widening of `heltal` to `tal` is explicit ([`TExprKind::Widen`]), and each
//! arithmetic node says which units it combines ([`ArithOp`]), so lowering needs no type
//! inference of its own.

use delegat_diagnostics::Span;

use super::ty::{Date, Decimal, Duration, Type};
use super::{BedomningId, LocalId, ParamId, RegelId, TypeId, UppgiftId};
use delegat_value::RoundMode;

/// A typed expression.
#[derive(Clone, Debug, PartialEq)]
pub struct TExpr {
    /// What it computes.
    pub kind: TExprKind,
    /// Its type, with the range the checker knows (narrowed where a condition guards it).
    pub ty: Type,
    /// The source it was written as.
    pub span: Span,
}

/// The forms of a typed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum TExprKind {
    /// A `heltal` literal.
    Int(i64),
    /// A `tal` literal (percent literals are already divided by 100).
    Dec(Decimal),
    /// A `belopp` literal, in öre.
    Money(i64),
    /// `ja` / `nej`.
    Bool(bool),
    /// A date literal.
    Date(Date),
    /// A duration literal.
    Duration(Duration),
    /// A text, possibly with interpolations.
    Text(Text),
    /// The value of an `uppgift` (an input of the case).
    Uppgift(UppgiftId),
    /// The value of a `bedömning` (supplied by a caseworker).
    Bedomning(BedomningId),
    /// The value of a parameter in force on the decision date.
    Param(ParamId),
    /// The value of a rule without arguments.
    Regel(RegelId),
    /// A call of a rule with arguments; the arguments are in declaration order and already
    /// of the argument types.
    Call(RegelId, Vec<TExpr>),
    /// A rule argument or a loop variable.
    Local(LocalId),
    /// An enum variant: the enum and the variant's index in its declaration.
    Variant(TypeId, u32),
    /// `beslutsdatum`.
    Beslutsdatum,
    /// `heltal` used where `tal` is wanted (the only implicit conversion).
    Widen(Box<TExpr>),
    /// Field access by the field's index in the record declaration.
    Field(Box<TExpr>, u32),
    /// `tabell[nyckel]`: table, key. A miss the checker could not exclude is a runtime
    /// error.
    Index(Box<TExpr>, Box<TExpr>),
    /// A builtin function applied to its arguments (see [`Builtin`] for each one's shape).
    Builtin(Builtin, Vec<TExpr>),
    /// `FUNK(för x i lista där …: …)`.
    Aggregate(Box<Aggregate>),
    /// Arithmetic; operands are already of the types the operator says.
    Arith(ArithOp, Box<TExpr>, Box<TExpr>),
    /// Unary minus on `heltal`, `tal`, `belopp` or `varaktighet` (the operand's type).
    Neg(Box<TExpr>),
    /// A comparison; both operands have the same base type (after widening).
    Compare(CmpOp, Box<TExpr>, Box<TExpr>),
    /// `och` (short-circuit).
    And(Box<TExpr>, Box<TExpr>),
    /// `eller` (short-circuit).
    Or(Box<TExpr>, Box<TExpr>),
    /// `inte`.
    Not(Box<TExpr>),
    /// `om c så a annars b`.
    If(Box<TExpr>, Box<TExpr>, Box<TExpr>),
    /// `välj { … }` or `välj x { … }`.
    Valj(Box<Valj>),
    /// `[a; b]`; the element type is the expression's `Lista` type.
    List(Vec<TExpr>),
    /// A record literal: the record type and every field's value in declaration order.
    Record(TypeId, Vec<TExpr>),
}

/// A text with interpolations (motivering, manuell reasons, text values).
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// The pieces in order.
    pub pieces: Vec<TextPiece>,
    /// The literal including its quotes.
    pub span: Span,
}

/// One piece of a [`Text`].
#[derive(Clone, Debug, PartialEq)]
pub enum TextPiece {
    /// Literal text (`{{` already turned into `{`).
    Lit(String),
    /// An interpolated value, formatted the Swedish way by its type: `8 560 kr`,
    /// `2026-03-01`, `ja`/`nej`, `12,5`, a variant's name, a text as is.
    Interp(TExpr),
}

/// Builtin functions. Arguments are in `TExprKind::Builtin`'s vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `minsta(a; b; …)`: two or more arguments of one numeric type (or `datum`).
    Minsta,
    /// `största(a; b; …)`: as [`Builtin::Minsta`].
    Storsta,
    /// `summa(lista)`: one list of `heltal`, `tal` or `belopp`; an empty list sums to 0.
    Summa,
    /// `antal(lista)`: one list of anything; `heltal` ≥ 0.
    Antal,
    /// `alla(lista)`: one list of `ja/nej`; `ja` for an empty list.
    Alla,
    /// `någon(lista)`: one list of `ja/nej`; `nej` for an empty list.
    Nagon,
    /// `avrunda…(x)` or `avrunda…(x; steg)`. Without a step a `belopp` rounds to whole
    /// kronor (→ `belopp`), a `tal` to an integer (→ `heltal`), a `heltal` is unchanged.
    /// With a step, the step has the value's type (a `heltal` step for a `tal` is widened)
    /// and the result keeps the value's type; a step ≤ 0 is a runtime error.
    Avrunda(RoundMode),
    /// `år_mellan(a; b)`: whole years from `a` to `b` (negative if `b` is earlier).
    ArMellan,
    /// `månader_mellan(a; b)`: whole calendar months from `a` to `b`.
    ManaderMellan,
    /// `dagar_mellan(a; b)`: days from `a` to `b`.
    DagarMellan,
}

/// `FUNK(för var i lista där filter: body)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    /// Which aggregate.
    pub func: AggFunc,
    /// The loop variable (bound to each element in turn).
    pub var: LocalId,
    /// The list iterated over.
    pub list: TExpr,
    /// `där …`: elements for which it is `nej` are skipped.
    pub filter: Option<TExpr>,
    /// `: …`; absent only for `antal` (count the elements that pass the filter).
    pub body: Option<TExpr>,
}

/// The aggregate functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFunc {
    /// Sum of the bodies (0 of the body's type for no elements).
    Summa,
    /// Number of elements passing the filter (the body, if any, must be `ja/nej` and is
    /// then a further filter).
    Antal,
    /// Whether every body is `ja`.
    Alla,
    /// Whether some body is `ja`.
    Nagon,
    /// The least body; no elements is a runtime error.
    Minsta,
    /// The greatest body; no elements is a runtime error.
    Storsta,
}

/// Arithmetic with the operand types decided. Money is always the left operand (the
/// checker swaps `heltal * belopp` to `belopp * heltal`; multiplication commutes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `heltal + heltal` → `heltal`.
    AddInt,
    /// `heltal - heltal` → `heltal`.
    SubInt,
    /// `heltal * heltal` → `heltal`.
    MulInt,
    /// `heltal / heltal` → `tal` (exact division; both operands are `heltal`).
    DivInt,
    /// `tal + tal` → `tal`.
    AddDec,
    /// `tal - tal` → `tal`.
    SubDec,
    /// `tal * tal` → `tal`.
    MulDec,
    /// `tal / tal` → `tal`.
    DivDec,
    /// `belopp + belopp` → `belopp`.
    AddMoney,
    /// `belopp - belopp` → `belopp`.
    SubMoney,
    /// `belopp * heltal` → `belopp` (exact).
    MulMoneyInt,
    /// `belopp * tal` → `belopp`, rounded to the öre half away from zero.
    MulMoneyDec,
    /// `belopp / heltal` → `belopp`, rounded to the öre half away from zero.
    DivMoneyInt,
    /// `belopp / tal` → `belopp`, rounded to the öre half away from zero.
    DivMoneyDec,
    /// `belopp / belopp` → `tal`.
    DivMoneyMoney,
    /// `datum + varaktighet` → `datum` (months and years clamp to the month's last day).
    AddDateDuration,
    /// `datum - varaktighet` → `datum`.
    SubDateDuration,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`.
    Eq,
    /// `≠`, `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`, `≤`.
    Le,
    /// `>`.
    Gt,
    /// `>=`, `≥`.
    Ge,
}

/// A `välj`.
#[derive(Clone, Debug, PartialEq)]
pub enum Valj {
    /// `välj { när c: a … annars: b }`: the first true condition decides.
    Cond {
        /// `(condition, value)` in order.
        arms: Vec<(TExpr, TExpr)>,
        /// `annars:` (always present: conditions cannot be proved exhaustive).
        otherwise: Box<TExpr>,
    },
    /// `välj x { när a | b: v … }` on an enum value.
    Enum {
        /// The value chosen on.
        subject: TExpr,
        /// The enum.
        enum_ty: TypeId,
        /// `(variant indices, value)` in order; no variant appears twice.
        arms: Vec<(Vec<u32>, TExpr)>,
        /// `annars:`; `None` only when the arms cover every variant.
        otherwise: Option<Box<TExpr>>,
    },
}

impl TExpr {
    /// The direct sub-expressions, in evaluation order (texts' interpolations included).
    pub fn children(&self) -> Vec<&TExpr> {
        match &self.kind {
            TExprKind::Int(_)
            | TExprKind::Dec(_)
            | TExprKind::Money(_)
            | TExprKind::Bool(_)
            | TExprKind::Date(_)
            | TExprKind::Duration(_)
            | TExprKind::Uppgift(_)
            | TExprKind::Bedomning(_)
            | TExprKind::Param(_)
            | TExprKind::Regel(_)
            | TExprKind::Local(_)
            | TExprKind::Variant(..)
            | TExprKind::Beslutsdatum => Vec::new(),
            TExprKind::Text(t) => t.interpolations().collect(),
            TExprKind::Call(_, args) | TExprKind::Builtin(_, args) | TExprKind::List(args) => {
                args.iter().collect()
            }
            TExprKind::Record(_, vals) => vals.iter().collect(),
            TExprKind::Widen(e)
            | TExprKind::Field(e, _)
            | TExprKind::Neg(e)
            | TExprKind::Not(e) => {
                vec![e]
            }
            TExprKind::Index(a, b)
            | TExprKind::Arith(_, a, b)
            | TExprKind::Compare(_, a, b)
            | TExprKind::And(a, b)
            | TExprKind::Or(a, b) => vec![a, b],
            TExprKind::If(c, a, b) => vec![c, a, b],
            TExprKind::Aggregate(agg) => std::iter::once(&agg.list)
                .chain(agg.filter.as_ref())
                .chain(agg.body.as_ref())
                .collect(),
            TExprKind::Valj(v) => match &**v {
                Valj::Cond { arms, otherwise } => arms
                    .iter()
                    .flat_map(|(c, v)| [c, v])
                    .chain(std::iter::once(&**otherwise))
                    .collect(),
                Valj::Enum {
                    subject,
                    arms,
                    otherwise,
                    ..
                } => std::iter::once(subject)
                    .chain(arms.iter().map(|(_, v)| v))
                    .chain(otherwise.as_deref())
                    .collect(),
            },
        }
    }
}

impl Text {
    /// The interpolated expressions, in order.
    pub fn interpolations(&self) -> impl Iterator<Item = &TExpr> {
        self.pieces.iter().filter_map(|p| match p {
            TextPiece::Interp(e) => Some(e),
            TextPiece::Lit(_) => None,
        })
    }
}
