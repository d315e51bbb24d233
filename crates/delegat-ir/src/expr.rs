//! Expressions: a flat arena of typed nodes, each operation resolved to its operand types.
//!
//! A backend never re-derives typing: `AddMoney` adds two amounts, `MulMoneyDec` multiplies
//! an amount by a decimal and rounds to the öre, `Compare { ty: CmpTy::Date, .. }` compares
//! two dates. Widening `heltal` to `tal` is an explicit [`UnOp::IntToDec`]. Commutative
//! mixed operations have one operand order only (`MulMoneyInt` is amount × integer); the
//! lowering swaps `heltal * belopp` into it.
//!
//! INVARIANT (checked by `verify`): every operand id is smaller than the id of the node
//! that uses it, so the arena is in topological order and has no cycles.

use delegat_diagnostics::Span;
use serde::{Deserialize, Serialize};

use crate::{ExprId, InputId, LocalId, ParamId, RoundMode, RuleId, Type, TypeId, Value};

/// One node of the expression arena.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Expr {
    /// What the node computes.
    pub kind: ExprKind,
    /// The type of its value.
    pub ty: Type,
    /// Where it is written (for runtime errors); detached when synthesised.
    pub span: Span,
}

/// The operations of the IR.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ExprKind {
    /// A constant.
    Const(Value),
    /// The value of an input of the case.
    Input(InputId),
    /// A scalar parameter: the version in force on the decision date.
    Param(ParamId),
    /// A row of a table parameter (the version in force on the decision date); a key that
    /// no row covers is a runtime error.
    Lookup {
        /// The table parameter.
        table: ParamId,
        /// The key (`heltal`, `datum` or an enum value, as the table's key type says).
        key: ExprId,
    },
    /// A nullary rule: evaluated at most once per case, then read from its memo slot.
    Rule(RuleId),
    /// A rule with arguments, called as a pure function.
    Call {
        /// The rule.
        rule: RuleId,
        /// The arguments, one per parameter, in order.
        args: Vec<ExprId>,
    },
    /// A local slot of the current frame (argument or loop variable).
    Local(LocalId),
    /// `beslutsdatum`.
    DecisionDate,
    /// A unary operation.
    Unary {
        /// Which.
        op: UnOp,
        /// The operand.
        arg: ExprId,
    },
    /// A binary arithmetic operation.
    Binary {
        /// Which.
        op: BinOp,
        /// Left operand.
        lhs: ExprId,
        /// Right operand.
        rhs: ExprId,
    },
    /// A comparison of two values of one type.
    Compare {
        /// Which comparison.
        op: CmpOp,
        /// The type of both operands.
        ty: CmpTy,
        /// Left operand.
        lhs: ExprId,
        /// Right operand.
        rhs: ExprId,
    },
    /// `a och b`: `b` is evaluated only if `a` holds.
    And(ExprId, ExprId),
    /// `a eller b`: `b` is evaluated only if `a` does not hold.
    Or(ExprId, ExprId),
    /// `om c så a annars b`.
    If {
        /// The condition.
        cond: ExprId,
        /// Its value when the condition holds.
        then: ExprId,
        /// Its value otherwise.
        otherwise: ExprId,
    },
    /// `välj { när c: a … annars: b }`: the first arm whose condition holds. Without
    /// `annars` (the checker proved the arms exhaustive) no holding arm is a runtime error.
    Cond {
        /// The arms in order.
        arms: Vec<CondArm>,
        /// `annars`.
        otherwise: Option<ExprId>,
    },
    /// `välj x { när a | b: … annars: … }` on an enum value.
    Match {
        /// The enum value chosen on.
        subject: ExprId,
        /// The arms in order.
        arms: Vec<MatchArm>,
        /// `annars`.
        otherwise: Option<ExprId>,
    },
    /// `summa(för x i lista där f: kropp)` and the other aggregates.
    Aggregate(Box<Aggregate>),
    /// `minsta(a; b; …)`, `största(a; b; …)`: at least one argument.
    MinMax {
        /// Smallest or largest.
        op: MinMaxOp,
        /// The type of every argument.
        ty: OrdTy,
        /// The arguments.
        args: Vec<ExprId>,
    },
    /// `avrunda(x)`, `avrunda_nedåt(x; steg)`, `avrunda_uppåt(x; steg)`. A step that is
    /// not positive is a runtime error.
    Round {
        /// Which rounding.
        mode: RoundMode,
        /// What is rounded to what (see [`RoundTy`]).
        ty: RoundTy,
        /// The value rounded.
        arg: ExprId,
        /// The step, of the same type as `arg` (`100 kr`, `10 öre`, `0,5`, `100`).
        step: Option<ExprId>,
    },
    /// `år_mellan(a; b)`, `månader_mellan(a; b)`, `dagar_mellan(a; b)`: an integer.
    DateDiff {
        /// Whole years, whole months or days.
        unit: DateUnit,
        /// The first date.
        from: ExprId,
        /// The second date.
        to: ExprId,
    },
    /// `datum + varaktighet` (or `-` when `subtract`).
    DateShift {
        /// Whether the duration is subtracted.
        subtract: bool,
        /// The date.
        date: ExprId,
        /// The duration.
        duration: ExprId,
    },
    /// `r.fält`: the field with this index in the record's type.
    Field {
        /// The record.
        record: ExprId,
        /// The field's position in the record type's declaration.
        index: u32,
    },
    /// `[a; b; …]`.
    MakeList(Vec<ExprId>),
    /// `{ fält = värde … }`: one value per field of the type, in declaration order.
    MakeRecord {
        /// The record type.
        ty: TypeId,
        /// The field values.
        fields: Vec<ExprId>,
    },
}

/// One arm of a [`ExprKind::Cond`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CondArm {
    /// The condition.
    pub cond: ExprId,
    /// The value when it holds.
    pub value: ExprId,
}

/// One arm of a [`ExprKind::Match`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchArm {
    /// The variant indices this arm covers.
    pub variants: Vec<u32>,
    /// The value.
    pub value: ExprId,
}

/// `FUNK(för VAR i LISTA där FILTER: KROPP)`.
///
/// The loop variable is a local slot of the enclosing frame. Without a body the element
/// itself is the body (`summa(inkomster)`). `antal` counts the elements that pass the
/// filter and, if there is a body (`ja/nej`), for which the body holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    /// Which aggregate.
    pub op: AggOp,
    /// The loop variable's slot.
    pub var: LocalId,
    /// The list.
    pub list: ExprId,
    /// `där FILTER` (`ja/nej`).
    pub filter: Option<ExprId>,
    /// `: KROPP`.
    pub body: Option<ExprId>,
}

/// The aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AggOp {
    /// `summa`: zero for an empty list.
    Sum(NumTy),
    /// `antal`: a `heltal`.
    Count,
    /// `alla`: `ja` for an empty list.
    All,
    /// `någon`: `nej` for an empty list.
    Any,
    /// `minsta`: an empty list is a runtime error.
    Min(OrdTy),
    /// `största`: an empty list is a runtime error.
    Max(OrdTy),
}

/// Unary operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnOp {
    /// `-heltal`.
    NegInt,
    /// `-tal`.
    NegDec,
    /// `-belopp`.
    NegMoney,
    /// `-varaktighet`.
    NegDuration,
    /// `inte`.
    Not,
    /// Widening `heltal` to `tal`.
    IntToDec,
}

/// Binary arithmetic, one variant per operand types. The result type follows docs/language.md §3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BinOp {
    /// `heltal + heltal`.
    AddInt,
    /// `heltal - heltal`.
    SubInt,
    /// `heltal * heltal`.
    MulInt,
    /// `heltal / heltal`: a `tal`.
    DivInt,
    /// `tal + tal`.
    AddDec,
    /// `tal - tal`.
    SubDec,
    /// `tal * tal`.
    MulDec,
    /// `tal / tal`.
    DivDec,
    /// `belopp + belopp`.
    AddMoney,
    /// `belopp - belopp`.
    SubMoney,
    /// `belopp * heltal` (and `heltal * belopp`, swapped by the lowering).
    MulMoneyInt,
    /// `belopp * tal` (and `tal * belopp`): rounded to the öre, half away from zero.
    MulMoneyDec,
    /// `belopp / heltal`: rounded to the öre, half away from zero.
    DivMoneyInt,
    /// `belopp / tal`: rounded to the öre, half away from zero.
    DivMoneyDec,
    /// `belopp / belopp`: a `tal`.
    DivMoneyMoney,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CmpOp {
    /// `=`.
    Eq,
    /// `≠`.
    Ne,
    /// `<`.
    Lt,
    /// `≤`.
    Le,
    /// `>`.
    Gt,
    /// `≥`.
    Ge,
}

/// The operand type of a comparison. `Bool`, `Enum` and `Text` allow only `=` and `≠`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CmpTy {
    /// `heltal`.
    Int,
    /// `tal`.
    Dec,
    /// `belopp`.
    Money,
    /// `datum`.
    Date,
    /// `ja/nej`.
    Bool,
    /// An enum (variant indices).
    Enum,
    /// `text`.
    Text,
}

/// Numeric types that can be summed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NumTy {
    /// `heltal`.
    Int,
    /// `tal`.
    Dec,
    /// `belopp`.
    Money,
}

/// Ordered types (for `minsta` and `största`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrdTy {
    /// `heltal`.
    Int,
    /// `tal`.
    Dec,
    /// `belopp`.
    Money,
    /// `datum`.
    Date,
}

/// `minsta` or `största`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MinMaxOp {
    /// `minsta`.
    Min,
    /// `största`.
    Max,
}

/// What is rounded, and to what.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoundTy {
    /// `belopp` → `belopp`: to whole kronor without a step, else to a multiple of the
    /// step (a `belopp`).
    Money,
    /// `tal` → `tal` with a step (a `tal`): to a multiple of the step. Requires a step.
    Dec,
    /// `tal` → `heltal` without a step: to an integer. Takes no step.
    DecToInt,
    /// `heltal` → `heltal` with a step (a `heltal`). Requires a step.
    Int,
}

/// The unit of a date difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateUnit {
    /// `år_mellan`: whole years.
    Years,
    /// `månader_mellan`: whole months.
    Months,
    /// `dagar_mellan`: days.
    Days,
}

impl CmpOp {
    /// Whether this is `=` or `≠` (the only comparisons on unordered types).
    pub fn is_equality(self) -> bool {
        matches!(self, CmpOp::Eq | CmpOp::Ne)
    }

    /// Whether the comparison holds, given the ordering of the left operand to the right.
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
        }
    }
}

impl BinOp {
    /// The operand types and the result type of the operation.
    pub fn signature(self) -> (Type, Type, Type) {
        use Type::{Dec, Int, Money};
        match self {
            BinOp::AddInt | BinOp::SubInt | BinOp::MulInt => (Int, Int, Int),
            BinOp::DivInt => (Int, Int, Dec),
            BinOp::AddDec | BinOp::SubDec | BinOp::MulDec | BinOp::DivDec => (Dec, Dec, Dec),
            BinOp::AddMoney | BinOp::SubMoney => (Money, Money, Money),
            BinOp::MulMoneyInt | BinOp::DivMoneyInt => (Money, Int, Money),
            BinOp::MulMoneyDec | BinOp::DivMoneyDec => (Money, Dec, Money),
            BinOp::DivMoneyMoney => (Money, Money, Dec),
        }
    }
}

impl UnOp {
    /// The operand type and the result type of the operation.
    pub fn signature(self) -> (Type, Type) {
        match self {
            UnOp::NegInt => (Type::Int, Type::Int),
            UnOp::NegDec => (Type::Dec, Type::Dec),
            UnOp::NegMoney => (Type::Money, Type::Money),
            UnOp::NegDuration => (Type::Duration, Type::Duration),
            UnOp::Not => (Type::Bool, Type::Bool),
            UnOp::IntToDec => (Type::Int, Type::Dec),
        }
    }
}

impl NumTy {
    /// The IR type.
    pub fn ty(self) -> Type {
        match self {
            NumTy::Int => Type::Int,
            NumTy::Dec => Type::Dec,
            NumTy::Money => Type::Money,
        }
    }
}

impl OrdTy {
    /// The IR type.
    pub fn ty(self) -> Type {
        match self {
            OrdTy::Int => Type::Int,
            OrdTy::Dec => Type::Dec,
            OrdTy::Money => Type::Money,
            OrdTy::Date => Type::Date,
        }
    }
}

impl RoundTy {
    /// The type of the value rounded (and of the step), and of the result.
    pub fn signature(self) -> (Type, Type) {
        match self {
            RoundTy::Money => (Type::Money, Type::Money),
            RoundTy::Dec => (Type::Dec, Type::Dec),
            RoundTy::DecToInt => (Type::Dec, Type::Int),
            RoundTy::Int => (Type::Int, Type::Int),
        }
    }

    /// Whether a step is required (`Some(true)`), forbidden (`Some(false)`) or optional.
    pub fn step_rule(self) -> Option<bool> {
        match self {
            RoundTy::Money => None,
            RoundTy::Dec | RoundTy::Int => Some(true),
            RoundTy::DecToInt => Some(false),
        }
    }
}

impl ExprKind {
    /// Calls `f` with every operand of this node, in evaluation order. Bodies of other
    /// rules (for `Rule` and `Call`) are not operands; a `Call`'s arguments are.
    pub fn for_each_operand(&self, mut f: impl FnMut(ExprId)) {
        match self {
            ExprKind::Const(_)
            | ExprKind::Input(_)
            | ExprKind::Param(_)
            | ExprKind::Rule(_)
            | ExprKind::Local(_)
            | ExprKind::DecisionDate => {}
            ExprKind::Lookup { key, .. } => f(*key),
            ExprKind::Call { args, .. } | ExprKind::MakeList(args) => {
                args.iter().copied().for_each(f);
            }
            ExprKind::MinMax { args, .. } => args.iter().copied().for_each(f),
            ExprKind::MakeRecord { fields, .. } => fields.iter().copied().for_each(f),
            ExprKind::Unary { arg, .. } => f(*arg),
            ExprKind::Binary { lhs, rhs, .. }
            | ExprKind::Compare { lhs, rhs, .. }
            | ExprKind::And(lhs, rhs)
            | ExprKind::Or(lhs, rhs) => {
                f(*lhs);
                f(*rhs);
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                f(*cond);
                f(*then);
                f(*otherwise);
            }
            ExprKind::Cond { arms, otherwise } => {
                for arm in arms {
                    f(arm.cond);
                    f(arm.value);
                }
                if let Some(o) = otherwise {
                    f(*o);
                }
            }
            ExprKind::Match {
                subject,
                arms,
                otherwise,
            } => {
                f(*subject);
                for arm in arms {
                    f(arm.value);
                }
                if let Some(o) = otherwise {
                    f(*o);
                }
            }
            ExprKind::Aggregate(agg) => {
                f(agg.list);
                if let Some(filter) = agg.filter {
                    f(filter);
                }
                if let Some(body) = agg.body {
                    f(body);
                }
            }
            ExprKind::Round { arg, step, .. } => {
                f(*arg);
                if let Some(s) = step {
                    f(*s);
                }
            }
            ExprKind::DateDiff { from, to, .. } => {
                f(*from);
                f(*to);
            }
            ExprKind::DateShift { date, duration, .. } => {
                f(*date);
                f(*duration);
            }
            ExprKind::Field { record, .. } => f(*record),
        }
    }
}
