//! Every construct of the IR in one hand-built program, run through the JIT and the
//! interpreter on random cases (extreme numbers, missing inputs, dates before the first
//! parameter version): every rule's value or error, and the decision with its trace, must be
//! identical.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers outside #[test] functions: a failure is a test failure"
)]

use delegat_interp::Evaluator;
use delegat_ir::ValueTarget;
use delegat_ir::build::{Builder, date, dec, kr};
use delegat_ir::{
    AggOp, BinOp, CmpOp, CmpTy, DateUnit, DecisionId, KeyType, MinMaxOp, NumTy, OrdTy, OutcomeKind,
    Program, RoundMode, RoundTy, Row, RowKey, RuleId, TemplatePart, Type, UnOp, Value,
};
use delegat_jit::{JitEvaluator, JitPack};
use delegat_value::{Date, Duration, DurationUnit, Money};
use proptest::prelude::*;

const N: u32 = 0;
const M: u32 = 1;
const D: u32 = 2;
const DAY: u32 = 3;
const DUR: u32 = 4;
const TXT: u32 = 5;
const KIND: u32 = 6;
const PEOPLE: u32 = 7;
const FLAG: u32 = 8;
const DECS: u32 = 9;

/// The program and the ids of its nullary rules.
fn program() -> (Program, Vec<RuleId>) {
    let mut b = Builder::new("allt");
    let boende = b.enum_type("Boende", &["hyresrätt", "bostadsrätt", "villa"]);
    let person = b.record_type(
        "Person",
        &[
            ("ålder", Type::Int),
            ("inkomst", Type::Money),
            ("namn", Type::Text),
            ("boende", Type::Enum(boende)),
        ],
    );
    let pty = Type::Record(person);
    let inputs = [
        ("n", Type::Int),
        ("m", Type::Money),
        ("d", Type::Dec),
        ("day", Type::Date),
        ("dur", Type::Duration),
        ("txt", Type::Text),
        ("kind", Type::Enum(boende)),
        ("people", Type::List(Box::new(pty.clone()))),
        ("flag", Type::Bool),
        ("decs", Type::List(Box::new(Type::Dec))),
    ];
    let ids: Vec<_> = inputs.iter().map(|(n, t)| b.input(n, t.clone())).collect();
    let inp = |b: &mut Builder, i: u32| b.read_input(ids[i as usize]);

    let money_p = b.param(
        "belopp_p",
        Type::Money,
        vec![
            (date(2020, 1, 1), Value::Money(kr(100))),
            (date(2025, 1, 1), Value::Money(kr(150))),
        ],
    );
    let int_row = |lo: Option<i64>, hi: Option<i64>, v: Value| Row {
        key: RowKey::Int { lo, hi },
        value: v,
    };
    let dense = b.table(
        "tät",
        KeyType::Int,
        Type::Money,
        vec![
            (
                date(2020, 1, 1),
                vec![
                    int_row(Some(0), Some(3), Value::Money(kr(10))),
                    int_row(Some(5), Some(9), Value::Money(kr(20))),
                ],
            ),
            (
                date(2024, 6, 1),
                vec![
                    int_row(Some(0), Some(9), Value::Money(kr(30))),
                    int_row(Some(10), Some(10), Value::Money(kr(40))),
                ],
            ),
        ],
    );
    let open = b.table(
        "öppen",
        KeyType::Int,
        Type::Int,
        vec![(
            date(2000, 1, 1),
            vec![
                int_row(None, Some(-1), Value::Int(-1)),
                int_row(Some(0), Some(17), Value::Int(0)),
                int_row(Some(18), None, Value::Int(1)),
            ],
        )],
    );
    let by_date = b.table(
        "datumtabell",
        KeyType::Date,
        Type::Dec,
        vec![(
            date(2000, 1, 1),
            vec![
                Row {
                    key: RowKey::Date {
                        lo: None,
                        hi: Some(date(1999, 12, 31)),
                    },
                    value: Value::Dec(dec(5, 1)),
                },
                Row {
                    key: RowKey::Date {
                        lo: Some(date(2000, 1, 1)),
                        hi: Some(date(2049, 12, 31)),
                    },
                    value: Value::Dec(dec(125, 2)),
                },
            ],
        )],
    );
    let by_enum = b.table(
        "boendetabell",
        KeyType::Enum(boende),
        Type::Text,
        vec![(
            date(2000, 1, 1),
            vec![
                Row {
                    key: RowKey::Variants(vec![0]),
                    value: Value::text("hyra"),
                },
                Row {
                    key: RowKey::Variants(vec![2]),
                    value: Value::text("villa"),
                },
            ],
        )],
    );

    let mut rules = Vec::new();

    // Integer arithmetic with overflow.
    let (n1, n2) = (inp(&mut b, N), inp(&mut b, N));
    let three = b.lit(Value::Int(3));
    let n3 = b.binary(BinOp::MulInt, n2, three);
    let s = b.binary(BinOp::AddInt, n1, n3);
    let seven = b.lit(Value::Int(7));
    let s = b.binary(BinOp::SubInt, s, seven);
    let r_int = rule(&mut b, &mut rules, "heltal", s);
    let n1 = inp(&mut b, N);
    let neg = b.unary(UnOp::NegInt, n1);
    rule(&mut b, &mut rules, "negerat", neg);
    let (n1, n2) = (inp(&mut b, N), inp(&mut b, N));
    let five = b.lit(Value::Int(5));
    let nm5 = b.binary(BinOp::SubInt, n2, five);
    let q = b.binary(BinOp::DivInt, n1, nm5);
    let r_q = rule(&mut b, &mut rules, "kvot", q);

    // Decimals.
    let (d1, d2, d3, d4) = (
        inp(&mut b, D),
        inp(&mut b, D),
        inp(&mut b, D),
        inp(&mut b, D),
    );
    let dd = b.binary(BinOp::MulDec, d2, d3);
    let sum = b.binary(BinOp::AddDec, d1, dd);
    let n1 = inp(&mut b, N);
    let nd = b.unary(UnOp::IntToDec, n1);
    let div = b.binary(BinOp::DivDec, d4, nd);
    let dec_body = b.binary(BinOp::SubDec, sum, div);
    rule(&mut b, &mut rules, "decimaler", dec_body);
    let d1 = inp(&mut b, D);
    let negd = b.unary(UnOp::NegDec, d1);
    rule(&mut b, &mut rules, "negdec", negd);
    let (d1, n1) = (inp(&mut b, D), inp(&mut b, N));
    let nd = b.unary(UnOp::IntToDec, n1);
    let lt = b.compare(CmpOp::Lt, CmpTy::Dec, d1, nd);
    rule(&mut b, &mut rules, "dec_mindre", lt);
    let d1 = inp(&mut b, D);
    let rq = b.read_rule(r_q);
    let ge = b.compare(CmpOp::Ge, CmpTy::Dec, d1, rq);
    rule(&mut b, &mut rules, "dec_minst", ge);

    // Money.
    let ops = [
        ("gånger", BinOp::MulMoneyInt, N),
        ("gånger_tal", BinOp::MulMoneyDec, D),
        ("delat", BinOp::DivMoneyInt, N),
        ("delat_tal", BinOp::DivMoneyDec, D),
    ];
    for (name, op, rhs) in ops {
        let (a, r) = (inp(&mut b, M), inp(&mut b, rhs));
        let v = b.binary(op, a, r);
        rule(&mut b, &mut rules, name, v);
    }
    let (m1, m2) = (inp(&mut b, M), inp(&mut b, M));
    let p = b.read_param(money_p);
    let m2p = b.binary(BinOp::SubMoney, m2, p);
    let v = b.binary(BinOp::DivMoneyMoney, m1, m2p);
    rule(&mut b, &mut rules, "andel", v);
    let (m1, m2) = (inp(&mut b, M), inp(&mut b, M));
    let nm = b.unary(UnOp::NegMoney, m2);
    let v = b.binary(BinOp::AddMoney, m1, nm);
    let r_zero = rule(&mut b, &mut rules, "noll", v);

    // Rounding.
    let m1 = inp(&mut b, M);
    let v = b.round(RoundMode::HalfAwayFromZero, RoundTy::Money, m1, None);
    rule(&mut b, &mut rules, "avrundat", v);
    let m1 = inp(&mut b, M);
    let hundred = b.lit(Value::Money(kr(100)));
    let v = b.round(RoundMode::Down, RoundTy::Money, m1, Some(hundred));
    rule(&mut b, &mut rules, "nedåt", v);
    let (m1, m2) = (inp(&mut b, M), inp(&mut b, M));
    let v = b.round(RoundMode::Up, RoundTy::Money, m1, Some(m2));
    rule(&mut b, &mut rules, "uppåt_steg", v);
    let d1 = inp(&mut b, D);
    let half = b.lit(Value::Dec(dec(5, 1)));
    let v = b.round(RoundMode::HalfAwayFromZero, RoundTy::Dec, d1, Some(half));
    rule(&mut b, &mut rules, "halvor", v);
    let d1 = inp(&mut b, D);
    let v = b.round(RoundMode::Up, RoundTy::DecToInt, d1, None);
    rule(&mut b, &mut rules, "heltal_uppåt", v);
    let (n1, n2) = (inp(&mut b, N), inp(&mut b, N));
    let v = b.round(RoundMode::Down, RoundTy::Int, n1, Some(n2));
    rule(&mut b, &mut rules, "heltal_steg", v);

    // Dates and durations.
    for (name, unit) in [
        ("år", DateUnit::Years),
        ("månader", DateUnit::Months),
        ("dagar", DateUnit::Days),
    ] {
        let (a, t) = (inp(&mut b, DAY), b.decision_date());
        let v = b.date_diff(unit, a, t);
        rule(&mut b, &mut rules, name, v);
    }
    let (a, du) = (inp(&mut b, DAY), inp(&mut b, DUR));
    let v = b.date_shift(false, a, du);
    rule(&mut b, &mut rules, "senare", v);
    let (a, du) = (inp(&mut b, DAY), inp(&mut b, DUR));
    let v = b.date_shift(true, a, du);
    rule(&mut b, &mut rules, "tidigare", v);
    let du = inp(&mut b, DUR);
    let v = b.unary(UnOp::NegDuration, du);
    rule(&mut b, &mut rules, "bakåt", v);
    let (a, t) = (inp(&mut b, DAY), b.decision_date());
    let v = b.compare(CmpOp::Le, CmpTy::Date, a, t);
    rule(&mut b, &mut rules, "passerat", v);

    // Texts, enums, truth values, choice.
    let (t1, hej) = (inp(&mut b, TXT), b.lit(Value::text("hej")));
    let v = b.compare(CmpOp::Eq, CmpTy::Text, t1, hej);
    let r_hej = rule(&mut b, &mut rules, "är_hej", v);
    let (f, t1, nej) = (
        inp(&mut b, FLAG),
        inp(&mut b, TXT),
        b.lit(Value::text("nej")),
    );
    let v = b.if_(f, t1, nej);
    let r_text = rule(&mut b, &mut rules, "texten", v);
    let k = inp(&mut b, KIND);
    let (one, two) = (b.lit(Value::Int(1)), b.lit(Value::Int(2)));
    let v = b.match_(k, &[(&[0], one), (&[1, 2], two)], None);
    rule(&mut b, &mut rules, "boendeklass", v);
    let k = inp(&mut b, KIND);
    let one = b.lit(Value::Int(1));
    let v = b.match_(k, &[(&[0], one)], None);
    rule(&mut b, &mut rules, "bara_hyra", v);
    let (k, villa) = (
        inp(&mut b, KIND),
        b.constant(Value::Enum(2), Type::Enum(boende)),
    );
    let v = b.compare(CmpOp::Ne, CmpTy::Enum, k, villa);
    rule(&mut b, &mut rules, "inte_villa", v);
    let (n1, ten) = (inp(&mut b, N), b.lit(Value::Int(10)));
    let big = b.compare(CmpOp::Gt, CmpTy::Int, n1, ten);
    let (n1, zero) = (inp(&mut b, N), b.lit(Value::Int(0)));
    let small = b.compare(CmpOp::Lt, CmpTy::Int, n1, zero);
    let (m1, m2) = (inp(&mut b, M), inp(&mut b, M));
    let nm = b.unary(UnOp::NegMoney, m2);
    let v = b.cond(&[(big, m1), (small, nm)], None);
    rule(&mut b, &mut rules, "välj", v);
    let (n1, zero) = (inp(&mut b, N), b.lit(Value::Int(0)));
    let pos = b.compare(CmpOp::Gt, CmpTy::Int, n1, zero);
    let f = inp(&mut b, FLAG);
    let both = b.and(pos, f);
    let h = b.read_rule(r_hej);
    let nh = b.unary(UnOp::Not, h);
    let v = b.or(both, nh);
    rule(&mut b, &mut rules, "logik", v);
    let (f1, f2) = (inp(&mut b, FLAG), inp(&mut b, FLAG));
    let v = b.compare(CmpOp::Eq, CmpTy::Bool, f1, f2);
    rule(&mut b, &mut rules, "samma", v);

    // Parameters and tables.
    let v = b.read_param(money_p);
    rule(&mut b, &mut rules, "parametern", v);
    let n1 = inp(&mut b, N);
    let v = b.lookup(dense, n1);
    rule(&mut b, &mut rules, "tät_rad", v);
    let n1 = inp(&mut b, N);
    let v = b.lookup(open, n1);
    rule(&mut b, &mut rules, "öppen_rad", v);
    let a = inp(&mut b, DAY);
    let v = b.lookup(by_date, a);
    rule(&mut b, &mut rules, "datumrad", v);
    let k = inp(&mut b, KIND);
    let v = b.lookup(by_enum, k);
    rule(&mut b, &mut rules, "boenderad", v);

    // Aggregates over records, with filters and bodies; a rule with arguments.
    let agg_rule = |b: &mut Builder, name: &str, ty: Type, elem: Type| {
        b.declare_rule(name, ty, &[], &[("x", elem)])
    };
    let r = agg_rule(&mut b, "vuxnas_inkomst", Type::Money, pty.clone());
    let (list, x1, x2) = (
        inp(&mut b, PEOPLE),
        b.local(0, pty.clone()),
        b.local(0, pty.clone()),
    );
    let age = b.field(x1, 0);
    let eighteen = b.lit(Value::Int(18));
    let adult = b.compare(CmpOp::Ge, CmpTy::Int, age, eighteen);
    let inc = b.field(x2, 1);
    let v = b.aggregate(AggOp::Sum(NumTy::Money), 0, list, Some(adult), Some(inc));
    b.set_body(r, v);
    rules.push(r);
    let r = agg_rule(&mut b, "barn", Type::Int, pty.clone());
    let (list, x1) = (inp(&mut b, PEOPLE), b.local(0, pty.clone()));
    let age = b.field(x1, 0);
    let eighteen = b.lit(Value::Int(18));
    let child = b.compare(CmpOp::Lt, CmpTy::Int, age, eighteen);
    let v = b.aggregate(AggOp::Count, 0, list, None, Some(child));
    b.set_body(r, v);
    rules.push(r);
    let r = agg_rule(&mut b, "alla_bor_så", Type::Bool, pty.clone());
    let (list, x1, k) = (
        inp(&mut b, PEOPLE),
        b.local(0, pty.clone()),
        inp(&mut b, KIND),
    );
    let bo = b.field(x1, 3);
    let same = b.compare(CmpOp::Eq, CmpTy::Enum, bo, k);
    let v = b.aggregate(AggOp::All, 0, list, None, Some(same));
    b.set_body(r, v);
    rules.push(r);
    let r = agg_rule(&mut b, "någon_heter", Type::Bool, pty.clone());
    let (list, x1, x2) = (
        inp(&mut b, PEOPLE),
        b.local(0, pty.clone()),
        b.local(0, pty.clone()),
    );
    let age = b.field(x1, 0);
    let old = b.lit(Value::Int(65));
    let senior = b.compare(CmpOp::Gt, CmpTy::Int, age, old);
    let (name, t1) = (b.field(x2, 2), inp(&mut b, TXT));
    let same = b.compare(CmpOp::Eq, CmpTy::Text, name, t1);
    let v = b.aggregate(AggOp::Any, 0, list, Some(senior), Some(same));
    b.set_body(r, v);
    rules.push(r);
    let r = agg_rule(&mut b, "yngst", Type::Int, pty.clone());
    let (list, x1) = (inp(&mut b, PEOPLE), b.local(0, pty.clone()));
    let age = b.field(x1, 0);
    let v = b.aggregate(AggOp::Min(OrdTy::Int), 0, list, None, Some(age));
    b.set_body(r, v);
    rules.push(r);
    let r = agg_rule(&mut b, "störst_tal", Type::Dec, Type::Dec);
    let list = inp(&mut b, DECS);
    let v = b.aggregate(AggOp::Max(OrdTy::Dec), 0, list, None, None);
    b.set_body(r, v);
    rules.push(r);
    let r = agg_rule(&mut b, "talsumma", Type::Dec, Type::Dec);
    let list = inp(&mut b, DECS);
    let v = b.aggregate(AggOp::Sum(NumTy::Dec), 0, list, None, None);
    b.set_body(r, v);
    rules.push(r);
    let (m1, p, m2) = (inp(&mut b, M), b.read_param(money_p), inp(&mut b, M));
    let two = b.lit(Value::Int(2));
    let m2 = b.binary(BinOp::MulMoneyInt, m2, two);
    let v = b.min_max(MinMaxOp::Min, OrdTy::Money, vec![m1, p, m2]);
    rule(&mut b, &mut rules, "minst", v);
    let (a, t) = (inp(&mut b, DAY), b.decision_date());
    let v = b.min_max(MinMaxOp::Max, OrdTy::Date, vec![a, t]);
    rule(&mut b, &mut rules, "senast", v);

    // A rule with arguments and an exception, called in an aggregate.
    let f = b.declare_rule(
        "bidrag",
        Type::Money,
        &[("p", pty.clone()), ("k", Type::Int)],
        &[],
    );
    let (p1, k1) = (b.local(0, pty.clone()), b.local(1, Type::Int));
    let inc = b.field(p1, 1);
    let body = b.binary(BinOp::MulMoneyInt, inc, k1);
    b.set_body(f, body);
    let p1 = b.local(0, pty.clone());
    let age = b.field(p1, 0);
    let hundred = b.lit(Value::Int(100));
    let old = b.compare(CmpOp::Gt, CmpTy::Int, age, hundred);
    let zero = b.lit(Value::Money(Money::ZERO));
    b.exception(f, Some("ålder"), old, zero);
    let r = agg_rule(&mut b, "bidragen", Type::Money, pty.clone());
    let (list, x1, n1) = (inp(&mut b, PEOPLE), b.local(0, pty.clone()), inp(&mut b, N));
    let call = b.call(f, vec![x1, n1]);
    let v = b.aggregate(AggOp::Sum(NumTy::Money), 0, list, None, Some(call));
    b.set_body(r, v);
    rules.push(r);

    // A rule returning a record, its field read through a call; lists and records built.
    let g = b.declare_rule("person", pty.clone(), &[("a", Type::Int)], &[]);
    let (a1, m1, t1, k) = (
        b.local(0, Type::Int),
        inp(&mut b, M),
        inp(&mut b, TXT),
        inp(&mut b, KIND),
    );
    let rec = b.record(person, vec![a1, m1, t1, k]);
    b.set_body(g, rec);
    let n1 = inp(&mut b, N);
    let call = b.call(g, vec![n1]);
    let v = b.field(call, 2);
    rule(&mut b, &mut rules, "namnet", v);
    let n1 = inp(&mut b, N);
    let rec = b.call(g, vec![n1]);
    let v = b.list(pty.clone(), vec![rec]);
    rule(&mut b, &mut rules, "personlista", v);
    let r = agg_rule(&mut b, "positiva", Type::Int, Type::Int);
    let (n1, n2, n3) = (inp(&mut b, N), inp(&mut b, N), inp(&mut b, N));
    let one = b.lit(Value::Int(1));
    let n2 = b.binary(BinOp::AddInt, n2, one);
    let neg = b.unary(UnOp::NegInt, n3);
    let list = b.list(Type::Int, vec![n1, n2, neg]);
    let x = b.local(0, Type::Int);
    let zero = b.lit(Value::Int(0));
    let pos = b.compare(CmpOp::Gt, CmpTy::Int, x, zero);
    let v = b.aggregate(AggOp::Count, 0, list, Some(pos), None);
    b.set_body(r, v);
    rules.push(r);
    let empty = b.list(Type::Money, vec![]);
    let r = agg_rule(&mut b, "tom", Type::Money, Type::Money);
    let v = b.aggregate(AggOp::Max(OrdTy::Money), 0, empty, None, None);
    b.set_body(r, v);
    rules.push(r);

    // Exceptions with conflicts, on a memoised rule used by others.
    let m1 = inp(&mut b, M);
    let u = b.rule("med_undantag", m1);
    rules.push(u);
    let (n1, five) = (inp(&mut b, N), b.lit(Value::Int(5)));
    let c1 = b.compare(CmpOp::Gt, CmpTy::Int, n1, five);
    let (m1, two) = (inp(&mut b, M), b.lit(Value::Int(2)));
    let v1 = b.binary(BinOp::MulMoneyInt, m1, two);
    b.exception(u, Some("dubbelt"), c1, v1);
    let c2 = inp(&mut b, FLAG);
    let v2 = b.lit(Value::Money(Money::ZERO));
    b.exception(u, None, c2, v2);
    let (x, y) = (b.read_rule(u), b.read_rule(r_zero));
    let v = b.binary(BinOp::AddMoney, x, y);
    let total = rule(&mut b, &mut rules, "summan", v);

    // The decision.
    let f = inp(&mut b, FLAG);
    let txt = b.read_rule(r_text);
    let manuell = b.outcome(
        OutcomeKind::Manuell,
        None,
        &[TemplatePart::Lit("skäl: ".into()), TemplatePart::Expr(txt)],
    );
    let (x, zero) = (b.read_rule(r_int), b.lit(Value::Int(0)));
    let pos = b.compare(CmpOp::Gt, CmpTy::Int, x, zero);
    let amount = b.read_rule(total);
    let (i1, i2) = (b.read_rule(r_int), b.read_rule(r_q));
    let bifall = b.outcome(
        OutcomeKind::Bifall,
        Some(amount),
        &[
            TemplatePart::Expr(i1),
            TemplatePart::Lit(" och ".into()),
            TemplatePart::Expr(i2),
        ],
    );
    let dd = b.decision_date();
    let avslag = b.outcome(OutcomeKind::Avslag, None, &[TemplatePart::Expr(dd)]);
    b.decision("beslutet", &[], vec![(f, manuell), (pos, bifall)], avslag);

    // A decision with a norm date: the month of an input, bounded by a rule (memoised and
    // traced in the norm function, read again by the decision) and by `beslutsdatum`.
    let (dd, dur) = (b.decision_date(), inp(&mut b, DUR));
    let v = b.date_shift(true, dd, dur);
    let earliest = rule(&mut b, &mut rules, "tidigast", v);
    let month = inp(&mut b, DAY);
    let e = b.read_rule(earliest);
    let (dd, one) = (
        b.decision_date(),
        b.lit(Value::Duration(Duration::new(1, DurationUnit::Manader))),
    );
    let latest = b.date_shift(false, dd, one);
    let (p, t) = (b.read_param(money_p), b.read_rule(total));
    let amount = b.binary(BinOp::AddMoney, p, t);
    let (e2, dd) = (b.read_rule(earliest), b.decision_date());
    let bifall = b.outcome(
        OutcomeKind::Bifall,
        Some(amount),
        &[
            TemplatePart::Expr(e2),
            TemplatePart::Lit(" ".into()),
            TemplatePart::Expr(dd),
        ],
    );
    let f = inp(&mut b, FLAG);
    let manuell = b.outcome(
        OutcomeKind::Manuell,
        None,
        &[TemplatePart::Lit("skäl".into())],
    );
    let normed = b.decision("med_normdatum", &[], vec![(f, manuell)], bifall);
    b.set_norm(
        normed,
        delegat_ir::NormSpec {
            month: Some(month),
            date: None,
            earliest: Some(e),
            latest: Some(latest),
        },
    );
    let program = match b.finish() {
        Ok(p) => p,
        Err(e) => panic!("the test program does not verify: {e:?}"),
    };
    (program, rules)
}

/// A nullary rule with this body, remembered in `rules`.
fn rule(b: &mut Builder, rules: &mut Vec<RuleId>, name: &str, body: delegat_ir::ExprId) -> RuleId {
    let r = b.rule(name, body);
    rules.push(r);
    r
}

fn any_int() -> impl Strategy<Value = i64> {
    prop_oneof![
        6 => -12i64..25,
        1 => any::<i64>(),
        1 => Just(i64::MAX),
        1 => Just(i64::MIN),
    ]
}

fn any_money() -> impl Strategy<Value = Money> {
    prop_oneof![
        6 => (-200_000i64..2_000_000).prop_map(Money::from_ore),
        1 => any::<i64>().prop_map(Money::from_ore),
    ]
}

fn any_dec() -> impl Strategy<Value = Value> {
    (any::<i64>(), 0u32..8, -50i64..50, any::<bool>()).prop_map(|(m, s, small, pick)| {
        Value::Dec(if pick {
            dec(i128::from(small), s % 3)
        } else {
            dec(i128::from(m), s)
        })
    })
}

fn any_date() -> impl Strategy<Value = Date> {
    (1900i32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| date(y, m, d))
}

fn any_duration() -> impl Strategy<Value = Value> {
    (-40i64..40, 0u8..4).prop_map(|(a, u)| {
        let unit = DurationUnit::from_u8(u).unwrap_or(DurationUnit::Dagar);
        Value::Duration(Duration::new(a, unit))
    })
}

fn any_text() -> impl Strategy<Value = Value> {
    prop_oneof![Just("hej"), Just("x"), Just(""), Just("nej")].prop_map(Value::text)
}

fn any_person() -> impl Strategy<Value = Value> {
    (-1i64..110, any_money(), any_text(), 0u32..3).prop_map(|(a, m, t, k)| {
        Value::record(vec![Value::Int(a), Value::Money(m), t, Value::Enum(k)])
    })
}

fn any_case() -> impl Strategy<Value = Vec<Option<Value>>> {
    (
        any_int(),
        any_money(),
        any_dec(),
        any_date(),
        any_duration(),
        any_text(),
        0u32..3,
        proptest::collection::vec(any_person(), 0..4),
        any::<bool>(),
        proptest::collection::vec(any_dec(), 0..3),
        proptest::option::of(0usize..10),
    )
        .prop_map(|(n, m, d, day, dur, txt, k, people, flag, decs, missing)| {
            let mut c = vec![
                Some(Value::Int(n)),
                Some(Value::Money(m)),
                Some(d),
                Some(Value::Date(day)),
                Some(dur),
                Some(txt),
                Some(Value::Enum(k)),
                Some(Value::list(people)),
                Some(Value::Bool(flag)),
                Some(Value::list(decs)),
            ];
            if let Some(i) = missing {
                c[i] = None;
            }
            c
        })
}

#[test]
fn functions_are_shown_in_declaration_order() {
    let (program, _) = program();
    let (_, clif) = JitPack::compile_with_clif(&program).unwrap();
    // Rules with arguments always have a function of their own; rules come before the
    // decisions (declaration order).
    let (rule, decision) = (clif.find("; regel `"), clif.find("; beslut `"));
    assert!(rule.is_some() && decision.is_some(), "{clif}");
    assert!(rule < decision, "{clif}");
}

#[test]
fn the_program_compiles() {
    let (program, rules) = program();
    assert!(rules.len() > 50, "{} rules", rules.len());
    JitPack::compile(&program).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn every_rule_and_the_decision_agree(
        mut case in any_case(),
        day in any_date(),
        month_near in prop::option::of(-2i64..=2),
    ) {
        // The norm decision's month, often near the decision date (within its bounds).
        if let Some(k) = month_near
            && let Ok(d) = day.checked_add_duration(Duration::new(k, DurationUnit::Manader))
        {
            case[DAY as usize] = Some(Value::Date(d));
        }
        let (program, rules) = program();
        let pack = JitPack::compile(&program).unwrap();
        let mut jit = JitEvaluator::new(&pack);
        let mut interp = Evaluator::new(&program);
        for r in &rules {
            let got = jit.value(&case, day, ValueTarget::Rule(*r));
            let want = interp.value(&case, day, ValueTarget::Rule(*r));
            prop_assert_eq!(got, Some(want), "rule {}", program.rules[r.index()].name);
        }
        let got = jit.decide(&case, day, DecisionId(0));
        let want = interp.decide(&case, day, DecisionId(0));
        prop_assert_eq!(got, Some(want));
        let got = jit.decide(&case, day, DecisionId(1));
        let want = interp.decide(&case, day, DecisionId(1));
        prop_assert_eq!(got, Some(want));
    }
}

/// Silences the unused-constant lint for inputs only read through `inp`.
#[test]
fn input_order_is_as_declared() {
    let (program, _) = program();
    let names: Vec<&str> = program.inputs.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names[N as usize], "n");
    assert_eq!(names[M as usize], "m");
    assert_eq!(names[D as usize], "d");
    assert_eq!(names[DAY as usize], "day");
    assert_eq!(names[DUR as usize], "dur");
    assert_eq!(names[TXT as usize], "txt");
    assert_eq!(names[KIND as usize], "kind");
    assert_eq!(names[PEOPLE as usize], "people");
    assert_eq!(names[FLAG as usize], "flag");
    assert_eq!(names[DECS as usize], "decs");
}
