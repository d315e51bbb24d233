//! The operations of the IR on values, each a thin dispatch to `delegat-value`.
//!
//! Nothing here computes on its own: every arithmetic, rounding and date rule lives in
//! `delegat-value`, which the JIT calls too. What is here is the mapping from IR operation
//! to function, and the check that operands are of the kind the operation expects (a
//! verified pack always satisfies it; a damaged one gets [`OpError::Kind`]).

use std::cmp::Ordering;

use delegat_diagnostics::Span;
use delegat_ir::{BinOp, CmpTy, DateUnit, MinMaxOp, NumTy, OrdTy, RoundMode, RoundTy, UnOp, Value};
use delegat_value::{ArithError, Decimal, Duration, Money, integer};

use delegat_ir::{RuntimeError, RuntimeErrorKind};

/// Why an operation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OpError {
    /// An arithmetic error from `delegat-value`.
    Arith(ArithError),
    /// An operand of the wrong kind (a damaged pack).
    Kind,
}

impl From<ArithError> for OpError {
    fn from(e: ArithError) -> OpError {
        OpError::Arith(e)
    }
}

impl OpError {
    /// The runtime error at `span`.
    pub(crate) fn at(self, span: Span) -> RuntimeError {
        match self {
            OpError::Arith(a) => RuntimeError::new(RuntimeErrorKind::Arith(a), span),
            OpError::Kind => {
                RuntimeError::malformed("en operation fick ett värde av fel slag", span)
            }
        }
    }
}

type Op<T> = Result<T, OpError>;

pub(crate) fn unary(op: UnOp, a: &Value) -> Op<Value> {
    Ok(match (op, a) {
        (UnOp::NegInt, &Value::Int(x)) => Value::Int(integer::int_neg(x)?),
        (UnOp::NegDec, &Value::Dec(x)) => Value::Dec(x.neg()),
        (UnOp::NegMoney, &Value::Money(x)) => Value::Money(x.checked_neg()?),
        (UnOp::NegDuration, &Value::Duration(x)) => Value::Duration(Duration {
            amount: integer::int_neg(x.amount)?,
            unit: x.unit,
        }),
        (UnOp::Not, &Value::Bool(x)) => Value::Bool(!x),
        (UnOp::IntToDec, &Value::Int(x)) => Value::Dec(Decimal::from_i64(x)),
        _ => return Err(OpError::Kind),
    })
}

#[inline]
pub(crate) fn binary(op: BinOp, a: &Value, b: &Value) -> Op<Value> {
    use Value::{Dec, Int, Money as M};
    // Operands by reference: every operand the operations take is a copyable scalar.
    Ok(match (op, a, b) {
        (BinOp::AddInt, &Int(x), &Int(y)) => Int(integer::int_add(x, y)?),
        (BinOp::SubInt, &Int(x), &Int(y)) => Int(integer::int_sub(x, y)?),
        (BinOp::MulInt, &Int(x), &Int(y)) => Int(integer::int_mul(x, y)?),
        (BinOp::DivInt, &Int(x), &Int(y)) => Dec(integer::int_div(x, y)?),
        (BinOp::AddDec, &Dec(x), &Dec(y)) => Dec(x.checked_add(y)?),
        (BinOp::SubDec, &Dec(x), &Dec(y)) => Dec(x.checked_sub(y)?),
        (BinOp::MulDec, &Dec(x), &Dec(y)) => Dec(x.checked_mul(y)?),
        (BinOp::DivDec, &Dec(x), &Dec(y)) => Dec(x.checked_div(y)?),
        (BinOp::AddMoney, &M(x), &M(y)) => M(x.checked_add(y)?),
        (BinOp::SubMoney, &M(x), &M(y)) => M(x.checked_sub(y)?),
        (BinOp::MulMoneyInt, &M(x), &Int(y)) => M(x.checked_mul_int(y)?),
        (BinOp::MulMoneyDec, &M(x), &Dec(y)) => M(x.checked_mul_decimal(y)?),
        (BinOp::DivMoneyInt, &M(x), &Int(y)) => M(x.checked_div_int(y)?),
        (BinOp::DivMoneyDec, &M(x), &Dec(y)) => M(x.checked_div_decimal(y)?),
        (BinOp::DivMoneyMoney, &M(x), &M(y)) => Dec(x.checked_div_money(y)?),
        _ => return Err(OpError::Kind),
    })
}

/// The order of two values of a comparison's type (`Bool`, `Enum` and `Text` only by
/// equality: unequal values are reported as `Less`, which only `≠` can observe).
pub(crate) fn compare(ty: CmpTy, a: &Value, b: &Value) -> Op<Ordering> {
    Ok(match (ty, a, b) {
        (CmpTy::Int, Value::Int(x), Value::Int(y)) => x.cmp(y),
        (CmpTy::Dec, Value::Dec(x), Value::Dec(y)) => x.cmp(y),
        (CmpTy::Money, Value::Money(x), Value::Money(y)) => x.cmp(y),
        (CmpTy::Date, Value::Date(x), Value::Date(y)) => x.cmp(y),
        (CmpTy::Bool, Value::Bool(x), Value::Bool(y)) => equality(x == y),
        (CmpTy::Enum, Value::Enum(x), Value::Enum(y)) => equality(x == y),
        (CmpTy::Text, Value::Text(x), Value::Text(y)) => equality(x == y),
        _ => return Err(OpError::Kind),
    })
}

fn equality(equal: bool) -> Ordering {
    if equal {
        Ordering::Equal
    } else {
        Ordering::Less
    }
}

/// The smaller (`minsta`) or larger (`största`) of two values; on a tie the first.
pub(crate) fn pick(op: MinMaxOp, ty: OrdTy, a: Value, b: Value) -> Op<Value> {
    let cty = match ty {
        OrdTy::Int => CmpTy::Int,
        OrdTy::Dec => CmpTy::Dec,
        OrdTy::Money => CmpTy::Money,
        OrdTy::Date => CmpTy::Date,
    };
    let ord = compare(cty, &a, &b)?;
    let take_b = match op {
        MinMaxOp::Min => ord == Ordering::Greater,
        MinMaxOp::Max => ord == Ordering::Less,
    };
    Ok(if take_b { b } else { a })
}

/// The zero of a sum.
pub(crate) fn zero(ty: NumTy) -> Value {
    match ty {
        NumTy::Int => Value::Int(0),
        NumTy::Dec => Value::Dec(Decimal::ZERO),
        NumTy::Money => Value::Money(Money::ZERO),
    }
}

/// One step of a sum.
pub(crate) fn add(ty: NumTy, a: &Value, b: &Value) -> Op<Value> {
    let op = match ty {
        NumTy::Int => BinOp::AddInt,
        NumTy::Dec => BinOp::AddDec,
        NumTy::Money => BinOp::AddMoney,
    };
    binary(op, a, b)
}

pub(crate) fn round(mode: RoundMode, ty: RoundTy, a: Value, step: Option<Value>) -> Op<Value> {
    Ok(match (ty, a, step) {
        (RoundTy::Money, Value::Money(x), None) => Value::Money(x.round(mode)?),
        (RoundTy::Money, Value::Money(x), Some(Value::Money(s))) => {
            Value::Money(x.round_to(s, mode)?)
        }
        (RoundTy::Dec, Value::Dec(x), Some(Value::Dec(s))) => Value::Dec(x.round_to(s, mode)?),
        (RoundTy::DecToInt, Value::Dec(x), None) => Value::Int(x.round_to_integer(mode)?),
        // A `heltal` rounded to a `heltal` step: the same rule as for `tal`, exact.
        (RoundTy::Int, Value::Int(x), Some(Value::Int(s))) => {
            let r = Decimal::from_i64(x).round_to(Decimal::from_i64(s), mode)?;
            Value::Int(r.to_i64().ok_or(ArithError::Overflow)?)
        }
        _ => return Err(OpError::Kind),
    })
}

pub(crate) fn date_diff(unit: DateUnit, a: &Value, b: &Value) -> Op<Value> {
    let (Value::Date(x), Value::Date(y)) = (a, b) else {
        return Err(OpError::Kind);
    };
    Ok(Value::Int(match unit {
        DateUnit::Years => delegat_value::years_between(*x, *y),
        DateUnit::Months => delegat_value::months_between(*x, *y),
        DateUnit::Days => delegat_value::days_between(*x, *y),
    }))
}

pub(crate) fn date_shift(subtract: bool, a: &Value, b: &Value) -> Op<Value> {
    let (Value::Date(d), Value::Duration(dur)) = (a, b) else {
        return Err(OpError::Kind);
    };
    Ok(Value::Date(if subtract {
        d.checked_sub_duration(*dur)?
    } else {
        d.checked_add_duration(*dur)?
    }))
}
