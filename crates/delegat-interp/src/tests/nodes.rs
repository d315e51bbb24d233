//! Every IR node, evaluated on hand-built programs with known results.

use delegat_ir::build::{Builder, date, dec, kr};
use delegat_ir::{
    AggOp, BinOp, CmpOp, CmpTy, DateUnit, KeyType, MinMaxOp, NumTy, OrdTy, RoundMode, RoundTy, Row,
    RowKey, Type, UnOp, Value,
};
use delegat_value::{Duration, DurationUnit};

use super::{eval_in, eval_with};

fn money(k: i64) -> Value {
    Value::Money(kr(k))
}

fn ore(o: i64) -> Value {
    Value::Money(delegat_value::Money::from_ore(o))
}

fn bin(op: BinOp, a: Value, b: Value) -> Value {
    let mut bld = Builder::new("t");
    let x = bld.lit(a);
    let y = bld.lit(b);
    let e = bld.binary(op, x, y);
    eval_in(&mut bld, e).unwrap()
}

#[test]
fn arithmetic_per_operand_types() {
    use BinOp::*;
    assert_eq!(bin(AddInt, Value::Int(2), Value::Int(3)), Value::Int(5));
    assert_eq!(bin(SubInt, Value::Int(2), Value::Int(3)), Value::Int(-1));
    assert_eq!(bin(MulInt, Value::Int(-4), Value::Int(3)), Value::Int(-12));
    assert_eq!(
        bin(DivInt, Value::Int(7), Value::Int(2)),
        Value::Dec(dec(35, 1))
    );
    let d = |m, s| Value::Dec(dec(m, s));
    assert_eq!(bin(AddDec, d(15, 1), d(25, 2)), d(175, 2));
    assert_eq!(bin(SubDec, d(1, 0), d(25, 2)), d(75, 2));
    assert_eq!(bin(MulDec, d(15, 1), d(2, 0)), d(3, 0));
    assert_eq!(bin(DivDec, d(1, 0), d(4, 0)), d(25, 2));
    assert_eq!(bin(AddMoney, money(3480), ore(50)), ore(348_050));
    assert_eq!(bin(SubMoney, money(10), money(12)), money(-2));
    assert_eq!(bin(MulMoneyInt, money(3140), Value::Int(2)), money(6280));
    // 10 kr × 0,333 = 3,33 kr; 0,05 kr × 0,5 = 0,025 kr → 0,03 kr (half away from zero).
    assert_eq!(bin(MulMoneyDec, money(10), d(333, 3)), ore(333));
    assert_eq!(bin(MulMoneyDec, ore(5), d(5, 1)), ore(3));
    assert_eq!(bin(MulMoneyDec, ore(-5), d(5, 1)), ore(-3));
    assert_eq!(bin(DivMoneyInt, money(10), Value::Int(3)), ore(333));
    assert_eq!(bin(DivMoneyInt, money(20), Value::Int(3)), ore(667));
    assert_eq!(bin(DivMoneyDec, money(10), d(4, 0)), ore(250));
    assert_eq!(bin(DivMoneyMoney, money(10), money(4)), d(25, 1));
}

#[test]
fn unary_operations() {
    let mut b = Builder::new("t");
    let cases = [
        (UnOp::NegInt, Value::Int(4), Value::Int(-4)),
        (
            UnOp::NegDec,
            Value::Dec(dec(15, 1)),
            Value::Dec(dec(-15, 1)),
        ),
        (UnOp::NegMoney, money(3), money(-3)),
        (UnOp::Not, Value::Bool(true), Value::Bool(false)),
        (UnOp::IntToDec, Value::Int(7), Value::Dec(dec(7, 0))),
        (
            UnOp::NegDuration,
            Value::Duration(Duration {
                amount: 3,
                unit: DurationUnit::Manader,
            }),
            Value::Duration(Duration {
                amount: -3,
                unit: DurationUnit::Manader,
            }),
        ),
    ];
    for (op, arg, want) in cases {
        let a = b.lit(arg);
        let e = b.unary(op, a);
        assert_eq!(eval_in(&mut b, e).unwrap(), want, "{op:?}");
    }
}

#[test]
fn comparisons_per_type() {
    let mut b = Builder::new("t");
    let t = b.enum_type("Boende", &["hyresrätt", "bostadsrätt", "villa"]);
    let cases = [
        (CmpOp::Lt, CmpTy::Int, Value::Int(1), Value::Int(2), true),
        (CmpOp::Ge, CmpTy::Int, Value::Int(1), Value::Int(2), false),
        (
            CmpOp::Eq,
            CmpTy::Dec,
            Value::Dec(dec(15, 1)),
            Value::Dec(dec(150, 2)),
            true,
        ),
        (CmpOp::Gt, CmpTy::Money, money(2), ore(199), true),
        (
            CmpOp::Le,
            CmpTy::Date,
            Value::Date(date(2026, 1, 1)),
            Value::Date(date(2026, 1, 1)),
            true,
        ),
        (
            CmpOp::Ne,
            CmpTy::Bool,
            Value::Bool(true),
            Value::Bool(false),
            true,
        ),
        (CmpOp::Eq, CmpTy::Enum, Value::Enum(1), Value::Enum(1), true),
        (
            CmpOp::Ne,
            CmpTy::Enum,
            Value::Enum(1),
            Value::Enum(1),
            false,
        ),
        (
            CmpOp::Eq,
            CmpTy::Text,
            Value::text("a"),
            Value::text("b"),
            false,
        ),
        (
            CmpOp::Ne,
            CmpTy::Text,
            Value::text("a"),
            Value::text("b"),
            true,
        ),
    ];
    for (op, ty, x, y, want) in cases {
        let enum_ty = Type::Enum(t);
        let (lx, ly) = if ty == CmpTy::Enum {
            (b.constant(x, enum_ty.clone()), b.constant(y, enum_ty))
        } else {
            (b.lit(x), b.lit(y))
        };
        let e = b.compare(op, ty, lx, ly);
        assert_eq!(
            eval_in(&mut b, e).unwrap(),
            Value::Bool(want),
            "{op:?} {ty:?}"
        );
    }
}

#[test]
fn och_and_eller_short_circuit() {
    let mut b = Builder::new("t");
    let one = b.lit(money(1));
    let zero = b.lit(Value::Int(0));
    let boom = b.binary(BinOp::DivMoneyInt, one, zero);
    let boom_cmp = b.compare(CmpOp::Gt, CmpTy::Money, boom, one);
    let f = b.lit(Value::Bool(false));
    let t = b.lit(Value::Bool(true));
    let and = b.and(f, boom_cmp);
    assert_eq!(eval_in(&mut b, and).unwrap(), Value::Bool(false));
    let or = b.or(t, boom_cmp);
    assert_eq!(eval_in(&mut b, or).unwrap(), Value::Bool(true));
    let and2 = b.and(t, boom_cmp);
    assert_eq!(eval_in(&mut b, and2).unwrap_err().code().as_str(), "E0402");
}

#[test]
fn om_valj_and_match() {
    let mut b = Builder::new("t");
    let t = b.lit(Value::Bool(true));
    let f = b.lit(Value::Bool(false));
    let one = b.lit(Value::Int(1));
    let two = b.lit(Value::Int(2));
    let three = b.lit(Value::Int(3));
    let e = b.if_(f, one, two);
    assert_eq!(eval_in(&mut b, e).unwrap(), Value::Int(2));
    let c = b.cond(&[(f, one), (t, two)], Some(three));
    assert_eq!(eval_in(&mut b, c).unwrap(), Value::Int(2));
    let c = b.cond(&[(f, one)], Some(three));
    assert_eq!(eval_in(&mut b, c).unwrap(), Value::Int(3));
    let boende = b.enum_type("Boende", &["hyresrätt", "bostadsrätt", "villa"]);
    let villa = b.constant(Value::Enum(2), Type::Enum(boende));
    let m = b.match_(villa, &[(&[0], one), (&[1, 2], two)], None);
    assert_eq!(eval_in(&mut b, m).unwrap(), Value::Int(2));
    let m = b.match_(villa, &[(&[0], one)], Some(three));
    assert_eq!(eval_in(&mut b, m).unwrap(), Value::Int(3));
}

fn int_list(b: &mut Builder, items: &[i64]) -> delegat_ir::ExprId {
    let ids = items.iter().map(|i| b.lit(Value::Int(*i))).collect();
    b.list(Type::Int, ids)
}

#[test]
fn aggregates() {
    let mut b = Builder::new("t");
    let loops = [("x", Type::Int)];
    let list = int_list(&mut b, &[4, 19, 7, 12]);
    let x = b.local(0, Type::Int);
    let ten = b.lit(Value::Int(10));
    let big = b.compare(CmpOp::Gt, CmpTy::Int, x, ten);
    let double = b.binary(BinOp::MulInt, x, ten);
    let cases = [
        (AggOp::Sum(NumTy::Int), None, None, Value::Int(42)),
        (
            AggOp::Sum(NumTy::Int),
            Some(big),
            Some(double),
            Value::Int(310),
        ),
        (AggOp::Count, None, None, Value::Int(4)),
        (AggOp::Count, Some(big), None, Value::Int(2)),
        (AggOp::Count, None, Some(big), Value::Int(2)),
        (AggOp::All, None, Some(big), Value::Bool(false)),
        (AggOp::Any, None, Some(big), Value::Bool(true)),
        (AggOp::All, Some(big), Some(big), Value::Bool(true)),
        (AggOp::Min(OrdTy::Int), None, None, Value::Int(4)),
        (AggOp::Max(OrdTy::Int), None, None, Value::Int(19)),
        (AggOp::Min(OrdTy::Int), Some(big), None, Value::Int(12)),
    ];
    for (op, filter, body, want) in cases {
        let e = b.aggregate(op, 0, list, filter, body);
        assert_eq!(
            eval_with(&mut b, e, &loops).unwrap(),
            want,
            "{op:?} {filter:?} {body:?}"
        );
    }
    let empty = int_list(&mut b, &[]);
    let m = b.lit(money(1));
    let sum = b.aggregate(AggOp::Sum(NumTy::Money), 0, empty, None, Some(m));
    assert_eq!(eval_with(&mut b, sum, &loops).unwrap(), money(0));
    let all = b.aggregate(AggOp::All, 0, empty, None, Some(big));
    assert_eq!(eval_with(&mut b, all, &loops).unwrap(), Value::Bool(true));
    let any = b.aggregate(AggOp::Any, 0, empty, None, Some(big));
    assert_eq!(eval_with(&mut b, any, &loops).unwrap(), Value::Bool(false));
}

#[test]
fn an_inner_antal_or_summa_over_the_outer_loop_slot_leaves_its_last_element_there() {
    // summa(för x i [4, 19, 7]: antal(för x i [4, 19, 7]) + x): the inner loop shares the
    // outer loop's slot, so every outer body sees the inner loop's last element, 7.
    let mut b = Builder::new("t");
    let loops = [("x", Type::Int)];
    let list = int_list(&mut b, &[4, 19, 7]);
    let x = b.local(0, Type::Int);
    let count = b.aggregate(AggOp::Count, 0, list, None, None);
    let body = b.binary(BinOp::AddInt, count, x);
    let outer = b.aggregate(AggOp::Sum(NumTy::Int), 0, list, None, Some(body));
    assert_eq!(
        eval_with(&mut b, outer, &loops).unwrap(),
        Value::Int(3 * (3 + 7))
    );
    let sum = b.aggregate(AggOp::Sum(NumTy::Int), 0, list, None, None);
    let body = b.binary(BinOp::AddInt, sum, x);
    let outer = b.aggregate(AggOp::Sum(NumTy::Int), 0, list, None, Some(body));
    assert_eq!(
        eval_with(&mut b, outer, &loops).unwrap(),
        Value::Int(3 * (30 + 7))
    );
}

#[test]
fn alla_stops_at_the_first_false() {
    let mut b = Builder::new("t");
    let loops = [("x", Type::Int)];
    // alla(för x i [0; 1]: 1 / x > 0) would divide by zero on the second element only if
    // the first did not decide it; x = 5 first decides `någon`.
    let list = int_list(&mut b, &[5, 0]);
    let x = b.local(0, Type::Int);
    let one = b.lit(money(1));
    let q = b.binary(BinOp::DivMoneyInt, one, x);
    let zero = b.lit(money(0));
    let pos = b.compare(CmpOp::Gt, CmpTy::Money, q, zero);
    let any = b.aggregate(AggOp::Any, 0, list, None, Some(pos));
    assert_eq!(eval_with(&mut b, any, &loops).unwrap(), Value::Bool(true));
    let all = b.aggregate(AggOp::All, 0, list, None, Some(pos));
    assert_eq!(
        eval_with(&mut b, all, &loops).unwrap_err().code().as_str(),
        "E0402"
    );
}

#[test]
fn min_max_and_rounding() {
    let mut b = Builder::new("t");
    let a = b.lit(money(5));
    let c = b.lit(ore(499));
    let e = b.min_max(MinMaxOp::Min, OrdTy::Money, vec![a, c]);
    assert_eq!(eval_in(&mut b, e).unwrap(), ore(499));
    let e = b.min_max(MinMaxOp::Max, OrdTy::Money, vec![a, c, a]);
    assert_eq!(eval_in(&mut b, e).unwrap(), money(5));
    let x = b.lit(ore(1_250));
    let hundred = b.lit(money(100));
    let v = b.lit(money(1_999));
    let cases = [
        (RoundMode::HalfAwayFromZero, x, None, money(13)),
        (RoundMode::Down, x, None, money(12)),
        (RoundMode::Up, x, None, money(13)),
        (RoundMode::Down, v, Some(hundred), money(1_900)),
        (RoundMode::Up, v, Some(hundred), money(2_000)),
    ];
    for (mode, arg, step, want) in cases {
        let r = b.round(mode, RoundTy::Money, arg, step);
        assert_eq!(eval_in(&mut b, r).unwrap(), want, "{mode:?}");
    }
    let d = b.lit(Value::Dec(dec(25, 1)));
    let r = b.round(RoundMode::HalfAwayFromZero, RoundTy::DecToInt, d, None);
    assert_eq!(eval_in(&mut b, r).unwrap(), Value::Int(3));
    let half = b.lit(Value::Dec(dec(5, 1)));
    let d2 = b.lit(Value::Dec(dec(27, 1)));
    let r = b.round(RoundMode::Down, RoundTy::Dec, d2, Some(half));
    assert_eq!(eval_in(&mut b, r).unwrap(), Value::Dec(dec(25, 1)));
    let n = b.lit(Value::Int(1_234));
    let step = b.lit(Value::Int(100));
    let r = b.round(RoundMode::Up, RoundTy::Int, n, Some(step));
    assert_eq!(eval_in(&mut b, r).unwrap(), Value::Int(1_300));
    let zero = b.lit(money(0));
    let r = b.round(RoundMode::Up, RoundTy::Money, v, Some(zero));
    assert_eq!(eval_in(&mut b, r).unwrap_err().code().as_str(), "E0404");
}

#[test]
fn dates() {
    let mut b = Builder::new("t");
    let born = b.lit(Value::Date(date(2008, 2, 29)));
    let today = b.decision_date(); // 2026-03-01
    let cases = [
        (DateUnit::Years, 18),
        (DateUnit::Months, 216),
        (DateUnit::Days, 6575),
    ];
    for (unit, want) in cases {
        let e = b.date_diff(unit, born, today);
        assert_eq!(eval_in(&mut b, e).unwrap(), Value::Int(want), "{unit:?}");
    }
    let jan31 = b.lit(Value::Date(date(2026, 1, 31)));
    let month = b.lit(Value::Duration(Duration {
        amount: 1,
        unit: DurationUnit::Manader,
    }));
    let e = b.date_shift(false, jan31, month);
    assert_eq!(eval_in(&mut b, e).unwrap(), Value::Date(date(2026, 2, 28)));
    let e = b.date_shift(true, jan31, month);
    assert_eq!(eval_in(&mut b, e).unwrap(), Value::Date(date(2025, 12, 31)));
    let e = b.decision_date();
    assert_eq!(eval_in(&mut b, e).unwrap(), Value::Date(date(2026, 3, 1)));
}

#[test]
fn records_lists_fields_and_calls() {
    let mut b = Builder::new("t");
    let barn = b.record_type("Barn", &[("ålder", Type::Int), ("lunch", Type::Bool)]);
    // regel kostnad(b: Barn): belopp = om b.lunch så 500 kr annars 0 kr
    let kostnad = b.declare_rule("kostnad", Type::Money, &[("b", Type::Record(barn))], &[]);
    let arg = b.local(0, Type::Record(barn));
    let lunch = b.field(arg, 1);
    let yes = b.lit(money(500));
    let no = b.lit(money(0));
    let body = b.if_(lunch, yes, no);
    b.set_body(kostnad, body);
    let three = b.lit(Value::Int(3));
    let t = b.lit(Value::Bool(true));
    let f = b.lit(Value::Bool(false));
    let r1 = b.record(barn, vec![three, t]);
    let r2 = b.record(barn, vec![three, f]);
    let list = b.list(Type::Record(barn), vec![r1, r2, r1]);
    let x = b.local(0, Type::Record(barn));
    let call = b.call(kostnad, vec![x]);
    let sum = b.aggregate(AggOp::Sum(NumTy::Money), 0, list, None, Some(call));
    assert_eq!(
        eval_with(&mut b, sum, &[("x", Type::Record(barn))]).unwrap(),
        money(1_000)
    );
    let age = b.field(r2, 0);
    assert_eq!(eval_in(&mut b, age).unwrap(), Value::Int(3));
    assert_eq!(
        eval_in(&mut b, list).unwrap(),
        Value::list(vec![
            Value::record(vec![Value::Int(3), Value::Bool(true)]),
            Value::record(vec![Value::Int(3), Value::Bool(false)]),
            Value::record(vec![Value::Int(3), Value::Bool(true)]),
        ])
    );
}

#[test]
fn nested_calls_keep_their_frames_apart() {
    let mut b = Builder::new("t");
    // regel f(a: heltal; c: heltal): heltal = a - c
    let f = b.declare_rule("f", Type::Int, &[("a", Type::Int), ("c", Type::Int)], &[]);
    let a = b.local(0, Type::Int);
    let c = b.local(1, Type::Int);
    let body = b.binary(BinOp::SubInt, a, c);
    b.set_body(f, body);
    // f(f(10; 3); f(2; 1)) = 7 - 1 = 6
    let ten = b.lit(Value::Int(10));
    let three = b.lit(Value::Int(3));
    let two = b.lit(Value::Int(2));
    let one = b.lit(Value::Int(1));
    let inner1 = b.call(f, vec![ten, three]);
    let inner2 = b.call(f, vec![two, one]);
    let outer = b.call(f, vec![inner1, inner2]);
    assert_eq!(eval_in(&mut b, outer).unwrap(), Value::Int(6));
}

#[test]
fn tables_by_date_and_by_variant_and_dated_parameters() {
    let mut b = Builder::new("t");
    let boende = b.enum_type("Boende", &["hyresrätt", "bostadsrätt", "villa"]);
    let by_variant = b.table(
        "tak",
        KeyType::Enum(boende),
        Type::Money,
        vec![(
            date(2020, 1, 1),
            vec![
                Row {
                    key: RowKey::Variants(vec![0]),
                    value: money(9_000),
                },
                Row {
                    key: RowKey::Variants(vec![1, 2]),
                    value: money(7_000),
                },
            ],
        )],
    );
    let villa = b.constant(Value::Enum(2), Type::Enum(boende));
    let e = b.lookup(by_variant, villa);
    assert_eq!(eval_in(&mut b, e).unwrap(), money(7_000));
    let by_date = b.table(
        "period",
        KeyType::Date,
        Type::Int,
        vec![(
            date(2020, 1, 1),
            vec![
                Row {
                    key: RowKey::Date {
                        lo: None,
                        hi: Some(date(2025, 12, 31)),
                    },
                    value: Value::Int(1),
                },
                Row {
                    key: RowKey::Date {
                        lo: Some(date(2026, 1, 1)),
                        hi: None,
                    },
                    value: Value::Int(2),
                },
            ],
        )],
    );
    let today = b.decision_date();
    let e = b.lookup(by_date, today);
    assert_eq!(eval_in(&mut b, e).unwrap(), Value::Int(2));
    // A norm that changes on 2026-03-01: the decision date 2026-03-01 sees the new value.
    let p = b.param(
        "norm",
        Type::Money,
        vec![
            (date(2025, 1, 1), money(3_480)),
            (date(2026, 3, 1), money(3_560)),
        ],
    );
    let e = b.read_param(p);
    assert_eq!(eval_in(&mut b, e).unwrap(), money(3_560));
    let rule = b.rule("r", e);
    let r = crate::evaluate_value(
        &b.program,
        &[],
        date(2026, 2, 28),
        crate::ValueTarget::Rule(rule),
    );
    assert_eq!(r.unwrap(), money(3_480));
    let r = crate::evaluate_value(
        &b.program,
        &[],
        date(2024, 1, 1),
        crate::ValueTarget::Param(p),
    );
    assert_eq!(r.unwrap_err().code().as_str(), "E0405");
}
