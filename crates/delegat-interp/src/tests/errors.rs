//! Every runtime error makes the decision `manuell`, with a coded, located Swedish reason.

use delegat_diagnostics::{FileId, Span};
use delegat_ir::build::{Builder, date, kr};
use delegat_ir::{
    AggOp, BinOp, CmpOp, CmpTy, DecisionId, ExprId, ExprKind, KeyType, OrdTy, OutcomeKind,
    RoundMode, RoundTy, Row, RowKey, RuleId, Type, UnOp, Value,
};
use delegat_value::{Duration, DurationUnit, Money};

use super::decide_checked;
use crate::evaluate_value;
use delegat_ir::{DecisionResult, RuntimeErrorKind, TraceEntry, ValueTarget};

const AT: Span = Span {
    file: FileId(0),
    start: 10,
    end: 20,
};

/// `beslut d { när ja: bifall { belopp: AMOUNT } annars: avslag }`, decided on 2026-03-01.
fn decide_amount(b: &mut Builder, amount: ExprId, inputs: &[Option<Value>]) -> DecisionResult {
    b.span = Span::detached();
    let yes = b.lit(Value::Bool(true));
    let bifall = b.outcome(OutcomeKind::Bifall, Some(amount), &[]);
    let avslag = b.outcome(OutcomeKind::Avslag, None, &[]);
    let d = b.decision("d", &[], vec![(yes, bifall)], avslag);
    assert_eq!(b.program.verify(), vec![]);
    decide_checked(&b.program, inputs, date(2026, 3, 1), d)
}

fn assert_manual(r: &DecisionResult, code: &str, message: &str) {
    assert_eq!(r.outcome, OutcomeKind::Manuell);
    assert_eq!((r.chosen, r.belopp), (None, None));
    let e = r.error.as_ref().expect("an error");
    assert_eq!(e.code().as_str(), code);
    assert_eq!(e.message(), message);
}

#[test]
fn overflow_and_division_by_zero() {
    let mut b = Builder::new("t");
    let max = b.lit(Value::Money(Money::MAX));
    let two = b.lit(Value::Int(2));
    b.span = AT;
    let over = b.binary(BinOp::MulMoneyInt, max, two);
    let r = decide_amount(&mut b, over, &[]);
    assert_manual(&r, "E0401", "beräkningen blev för stor (spill)");
    assert_eq!(r.error.unwrap().span, AT);

    let mut b = Builder::new("t");
    let one = b.lit(Value::Money(kr(1)));
    let zero = b.lit(Value::Int(0));
    let div = b.binary(BinOp::DivMoneyInt, one, zero);
    assert_manual(
        &decide_amount(&mut b, div, &[]),
        "E0402",
        "division med noll",
    );

    let mut b = Builder::new("t");
    let min = b.lit(Value::Int(i64::MIN));
    let neg = b.unary(UnOp::NegInt, min);
    let m = b.lit(Value::Money(kr(1)));
    let times = b.binary(BinOp::MulMoneyInt, m, neg);
    assert_manual(
        &decide_amount(&mut b, times, &[]),
        "E0401",
        "beräkningen blev för stor (spill)",
    );
}

#[test]
fn dates_out_of_range_and_bad_steps() {
    let mut b = Builder::new("t");
    let last = b.lit(Value::Date(date(9999, 12, 31)));
    let day = b.lit(Value::Duration(Duration {
        amount: 1,
        unit: DurationUnit::Dagar,
    }));
    let next = b.date_shift(false, last, day);
    let cmp = b.compare(CmpOp::Gt, CmpTy::Date, next, last);
    let m = b.lit(Value::Money(kr(1)));
    let zero = b.lit(Value::Money(kr(0)));
    let amount = b.if_(cmp, m, zero);
    assert_manual(
        &decide_amount(&mut b, amount, &[]),
        "E0403",
        "datumet hamnar utanför den tillåtna perioden 0001-01-01–9999-12-31",
    );

    let mut b = Builder::new("t");
    let m = b.lit(Value::Money(kr(1)));
    let step = b.lit(Value::Money(kr(-100)));
    let r = b.round(RoundMode::Down, RoundTy::Money, m, Some(step));
    assert_manual(
        &decide_amount(&mut b, r, &[]),
        "E0404",
        "avrundningssteget måste vara större än noll",
    );
}

#[test]
fn a_table_miss_names_the_table_and_the_key() {
    let mut b = Builder::new("t");
    let t = b.table(
        "barnkostnad",
        KeyType::Int,
        Type::Money,
        vec![(
            date(2020, 1, 1),
            vec![Row {
                key: RowKey::Int {
                    lo: Some(0),
                    hi: Some(18),
                },
                value: Value::Money(kr(2_000)),
            }],
        )],
    );
    let key = b.lit(Value::Int(19));
    b.span = AT;
    let l = b.lookup(t, key);
    let r = decide_amount(&mut b, l, &[]);
    assert_manual(&r, "E0406", "tabellen `barnkostnad` har ingen rad för `19`");
    assert_eq!(r.error.unwrap().span, AT);
}

/// `regel hyra: belopp = 8 000 kr undantag A när c1: 6 000 kr undantag B när c2: 0 kr`.
fn rent_with_exceptions(c1: bool, c2: bool) -> (Builder, RuleId) {
    let mut b = Builder::new("t");
    let body = b.lit(Value::Money(kr(8_000)));
    let r = b.rule("godtagbar_hyra", body);
    let c1 = b.lit(Value::Bool(c1));
    let v1 = b.lit(Value::Money(kr(6_000)));
    let c2 = b.lit(Value::Bool(c2));
    let v2 = b.lit(Value::Money(kr(0)));
    b.span = Span::new(FileId(0), 100, 140);
    b.exception(r, Some("Riktlinjer 2026 3.2"), c1, v1);
    b.span = Span::new(FileId(0), 150, 190);
    b.exception(r, Some("Riktlinjer 2026 3.3"), c2, v2);
    b.span = Span::detached();
    (b, r)
}

#[test]
fn exceptions_exactly_one_gives_its_value_none_gives_the_main_rule() {
    for (c1, c2, want, exception) in [
        (false, false, 8_000, None),
        (true, false, 6_000, Some(0)),
        (false, true, 0, Some(1)),
    ] {
        let (mut b, r) = rent_with_exceptions(c1, c2);
        let read = b.read_rule(r);
        let d = decide_amount(&mut b, read, &[]);
        assert_eq!(d.belopp, Some(kr(want)));
        assert_eq!(
            d.trace,
            vec![TraceEntry::Rule {
                rule: r,
                value: Value::Money(kr(want)),
                exception
            }]
        );
    }
}

#[test]
fn two_holding_exceptions_are_a_conflict_naming_both() {
    let (mut b, r) = rent_with_exceptions(true, true);
    let read = b.read_rule(r);
    let d = decide_amount(&mut b, read, &[]);
    assert_manual(
        &d,
        "E0407",
        "två undantag från regeln `godtagbar_hyra` gäller samtidigt: undantaget enligt \
         \"Riktlinjer 2026 3.2\" och undantaget enligt \"Riktlinjer 2026 3.3\"",
    );
    let e = d.error.unwrap();
    let RuntimeErrorKind::Conflict { first, second, .. } = &e.kind else {
        panic!()
    };
    assert_eq!((first.index, second.index), (0, 1));
    assert_eq!((first.span.start, second.span.start), (100, 150));
    let diag = e.to_diagnostic();
    assert_eq!(diag.secondary.len(), 2);
    assert_eq!(
        diag.secondary[0].message,
        "undantaget enligt \"Riktlinjer 2026 3.2\" gäller"
    );
    assert!(d.trace.is_empty());
}

#[test]
fn empty_minsta_missing_arm_and_missing_input() {
    let mut b = Builder::new("t");
    let empty = b.list(Type::Money, vec![]);
    let min = b.aggregate(AggOp::Min(OrdTy::Money), 0, empty, None, None);
    let rule = b.declare_rule("lägsta", Type::Money, &[], &[("x", Type::Money)]);
    b.set_body(rule, min);
    let read = b.read_rule(rule);
    assert_manual(
        &decide_amount(&mut b, read, &[]),
        "E0408",
        "`minsta` av en tom lista har inget värde",
    );

    let mut b = Builder::new("t");
    let f = b.lit(Value::Bool(false));
    let m = b.lit(Value::Money(kr(1)));
    let c = b.cond(&[(f, m)], None);
    assert_manual(
        &decide_amount(&mut b, c, &[]),
        "E0409",
        "inget alternativ i `välj` gäller",
    );

    let mut b = Builder::new("t");
    let i = b.input("inkomst", Type::Money);
    let read = b.read_input(i);
    assert_manual(
        &decide_amount(&mut b, read, &[None]),
        "E0410",
        "uppgiften `inkomst` saknas",
    );
    let mut b = Builder::new("t");
    let i = b.input("inkomst", Type::Money);
    let read = b.read_input(i);
    assert_manual(
        &decide_amount(&mut b, read, &[]),
        "E0410",
        "uppgiften `inkomst` saknas",
    );
}

#[test]
fn a_cycle_in_a_damaged_pack_is_an_error() {
    let mut b = Builder::new("t");
    let a = b.declare_rule("a", Type::Money, &[], &[]);
    let rb = b.declare_rule("b", Type::Money, &[], &[]);
    let read_b = b.read_rule(rb);
    b.set_body(a, read_b);
    let read_a = b.read_rule(a);
    b.set_body(rb, read_a);
    let top = b.read_rule(a);
    assert_manual(
        &decide_amount(&mut b, top, &[]),
        "E0411",
        "regeln `a` beror av sig själv",
    );

    // A function that calls itself: no memo slot, so the depth limit stops it.
    let mut b = Builder::new("t");
    let f = b.declare_rule("f", Type::Money, &[("x", Type::Money)], &[]);
    let x = b.local(0, Type::Money);
    let again = b.call(f, vec![x]);
    b.set_body(f, again);
    let one = b.lit(Value::Money(kr(1)));
    let call = b.call(f, vec![one]);
    assert_manual(
        &decide_amount(&mut b, call, &[]),
        "E0411",
        "beräkningen är för djupt nästlad",
    );
}

#[test]
fn a_deep_chain_stops_at_the_depth_limit_without_overflowing_the_stack() {
    let mut b = Builder::new("t");
    let mut e = b.lit(Value::Money(kr(1)));
    for _ in 0..5_000 {
        e = b.unary(UnOp::NegMoney, e);
    }
    assert_manual(
        &decide_amount(&mut b, e, &[]),
        "E0411",
        "beräkningen är för djupt nästlad",
    );
    // Just under the limit still works.
    let mut b = Builder::new("t");
    let mut e = b.lit(Value::Money(kr(1)));
    for _ in 0..(delegat_ir::MAX_DEPTH - 10) {
        e = b.unary(UnOp::NegMoney, e);
    }
    let d = decide_amount(&mut b, e, &[]);
    assert_eq!(d.error, None);
    assert_eq!(d.outcome, OutcomeKind::Bifall);
}

#[test]
fn a_damaged_pack_is_an_error_not_a_panic() {
    let mut b = Builder::new("t");
    let m = b.lit(Value::Money(kr(1)));
    let d = decide_amount(&mut b, m, &[]);
    assert_eq!(d.outcome, OutcomeKind::Bifall);
    // Point the amount at a missing expression, and at an expression of the wrong kind.
    let mut p = b.program.clone();
    p.decisions[0].otherwise.belopp = None;
    p.decisions[0].branches[0].outcome.belopp = Some(ExprId(999));
    let r = decide_checked(&p, &[], date(2026, 3, 1), DecisionId(0));
    assert_manual(
        &r,
        "E0412",
        "regelpaketet är felaktigt: uttryck #999 finns inte",
    );
    let mut p = b.program.clone();
    p.exprs[0].kind = ExprKind::Const(Value::Int(1));
    let r = decide_checked(&p, &[], date(2026, 3, 1), DecisionId(0));
    assert_eq!(r.error.unwrap().code().as_str(), "E0412");
    let r = decide_checked(&p, &[], date(2026, 3, 1), DecisionId(7));
    assert_manual(
        &r,
        "E0412",
        "regelpaketet är felaktigt: beslut #7 finns inte",
    );
    let v = evaluate_value(&p, &[], date(2026, 3, 1), ValueTarget::Rule(RuleId(3)));
    assert_eq!(v.unwrap_err().code().as_str(), "E0412");
}

#[test]
fn every_runtime_code_has_a_page() {
    for code in [
        "E0401", "E0402", "E0403", "E0404", "E0405", "E0406", "E0407", "E0408", "E0409", "E0410",
        "E0411", "E0412",
    ] {
        let c = delegat_diagnostics::Code::parse(code).unwrap();
        assert!(
            c.explanation().starts_with(&format!("# {code}\n")),
            "{code}"
        );
    }
}
