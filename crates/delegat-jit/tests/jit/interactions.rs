//! Constructs in combination, where the order of evaluation shows in the trace and the
//! error: nested aggregates (also over one shared loop slot), memoised rules first read
//! inside a loop, repeated lookups of one key, a table miss in the middle of a loop, an
//! exception whose condition fails, calls in exception conditions, and a decision with its
//! own loop variables. Random cases through both engines must agree exactly.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers outside #[test] functions: a failure is a test failure"
)]

use delegat_interp::Evaluator;
use delegat_ir::build::{Builder, date, kr};
use delegat_ir::{
    AggOp, BinOp, CmpOp, CmpTy, DecisionId, KeyType, NumTy, OutcomeKind, Program, Row, RowKey,
    TemplatePart, Type, Value,
};
use delegat_jit::{JitEvaluator, JitPack};
use proptest::prelude::*;

fn program() -> Program {
    let mut b = Builder::new("samspel");
    let ints = Type::List(Box::new(Type::Int));
    let ages = b.input("åldrar", ints.clone());
    let divisor = b.input("delare", Type::Int);
    let flag = b.input("flagga", Type::Bool);
    let row = |lo: i64, hi: i64, k: i64| Row {
        key: RowKey::Int {
            lo: Some(lo),
            hi: Some(hi),
        },
        value: Value::Money(kr(k)),
    };
    let table = b.table(
        "kostnad",
        KeyType::Int,
        Type::Money,
        vec![(date(2020, 1, 1), vec![row(0, 5, 100), row(6, 17, 200)])],
    );
    let base = b.param(
        "grund",
        Type::Money,
        vec![(date(2020, 1, 1), Value::Money(kr(50)))],
    );

    // regel grundbelopp = grund (memoised, first read inside a loop below)
    let g = b.read_param(base);
    let grund = b.rule("grundbelopp", g);

    // regel kostnader = summa(för a i åldrar: kostnad[a] + grundbelopp): a miss in the middle
    // of the list after some lookups, repeated keys traced once.
    let kost = b.declare_rule("kostnader", Type::Money, &[], &[("a", Type::Int)]);
    let list = b.read_input(ages);
    let a = b.local(0, Type::Int);
    let k = b.lookup(table, a);
    let gr = b.read_rule(grund);
    let body = b.binary(BinOp::AddMoney, k, gr);
    let sum = b.aggregate(AggOp::Sum(NumTy::Money), 0, list, None, Some(body));
    b.set_body(kost, sum);

    // regel yngre_par = summa(för a i åldrar: antal(för c i åldrar där c < a))
    let pairs = b.declare_rule(
        "yngre_par",
        Type::Int,
        &[],
        &[("a", Type::Int), ("c", Type::Int)],
    );
    let outer = b.read_input(ages);
    let inner = b.read_input(ages);
    let (c, a) = (b.local(1, Type::Int), b.local(0, Type::Int));
    let lt = b.compare(CmpOp::Lt, CmpTy::Int, c, a);
    let count = b.aggregate(AggOp::Count, 1, inner, Some(lt), None);
    let sum = b.aggregate(AggOp::Sum(NumTy::Int), 0, outer, None, Some(count));
    b.set_body(pairs, sum);

    // regel delad = summa(för a i åldrar: antal(för a i åldrar) + a): the inner loop shares
    // the outer loop's slot, so the outer body then sees the inner loop's last element.
    let shared = b.declare_rule("delad", Type::Int, &[], &[("a", Type::Int)]);
    let outer = b.read_input(ages);
    let inner = b.read_input(ages);
    let count = b.aggregate(AggOp::Count, 0, inner, None, None);
    let a = b.local(0, Type::Int);
    let body = b.binary(BinOp::AddInt, count, a);
    let sum = b.aggregate(AggOp::Sum(NumTy::Int), 0, outer, None, Some(body));
    b.set_body(shared, sum);

    // regel kvot(x: heltal): tal = x / delare (division by zero possible)
    let kvot = b.declare_rule("kvot", Type::Dec, &[("x", Type::Int)], &[]);
    let (x, d) = (b.local(0, Type::Int), b.read_input(divisor));
    let q = b.binary(BinOp::DivInt, x, d);
    b.set_body(kvot, q);

    // regel justerad = kostnader
    //   undantag när kvot(10) > 1: grundbelopp      (the condition can fail)
    //   undantag när flagga: 0 kr
    let kst = b.read_rule(kost);
    let just = b.rule("justerad", kst);
    let ten = b.lit(Value::Int(10));
    let call = b.call(kvot, vec![ten]);
    let one = b.lit(Value::Int(1));
    let one = b.unary(delegat_ir::UnOp::IntToDec, one);
    let c1 = b.compare(CmpOp::Gt, CmpTy::Dec, call, one);
    let gr = b.read_rule(grund);
    b.exception(just, Some("kvot"), c1, gr);
    let f = b.read_input(flag);
    let zero = b.lit(Value::Money(kr(0)));
    b.exception(just, Some("flagga"), f, zero);

    // beslut: när någon(för a i åldrar: a > 50) (a decision loop variable): manuell
    //         när justerad > 0 kr: bifall med justerad, texts with the other rules
    //         annars: avslag
    let list = b.read_input(ages);
    let a = b.local(0, Type::Int);
    let adult_age = b.lit(Value::Int(50));
    let adult = b.compare(CmpOp::Gt, CmpTy::Int, a, adult_age);
    let any = b.aggregate(AggOp::Any, 0, list, None, Some(adult));
    let manuell = b.outcome(
        OutcomeKind::Manuell,
        None,
        &[TemplatePart::Lit("vuxen".into())],
    );
    let (j, zero) = (b.read_rule(just), b.lit(Value::Money(kr(0))));
    let pos = b.compare(CmpOp::Gt, CmpTy::Money, j, zero);
    let amount = b.read_rule(just);
    let (p1, p2) = (b.read_rule(pairs), b.read_rule(shared));
    let bifall = b.outcome(
        OutcomeKind::Bifall,
        Some(amount),
        &[TemplatePart::Expr(p1), TemplatePart::Expr(p2)],
    );
    let p3 = b.read_rule(pairs);
    let avslag = b.outcome(OutcomeKind::Avslag, None, &[TemplatePart::Expr(p3)]);
    b.decision(
        "beslutet",
        &[("a", Type::Int)],
        vec![(any, manuell), (pos, bifall)],
        avslag,
    );
    b.finish().unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn a_miss_in_the_middle_of_a_loop_keeps_the_trace_before_it() {
    let p = program();
    let pack = JitPack::compile(&p).unwrap();
    let c = [
        Some(Value::list(vec![
            Value::Int(3),
            Value::Int(3),
            Value::Int(40),
            Value::Int(7),
        ])),
        Some(Value::Int(20)),
        Some(Value::Bool(false)),
    ];
    let day = date(2026, 1, 1);
    let mut jit = JitEvaluator::new(&pack);
    let got = jit.decide(&c, day, DecisionId(0)).unwrap();
    let want = Evaluator::new(&p).decide(&c, day, DecisionId(0));
    assert_eq!(got, want);
    // 40 is no row: the decision is manuell on a table miss, after the lookup of 3 (once),
    // the parameter and the rule `grundbelopp`.
    assert_eq!(got.outcome, OutcomeKind::Manuell);
    assert!(got.error.is_some());
    assert_eq!(got.trace.len(), 3, "{:?}", got.trace);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]
    #[test]
    fn random_cases_agree(
        ages in proptest::collection::vec(0i64..60, 0..6),
        divisor in -3i64..12,
        flag in any::<bool>(),
    ) {
        let p = program();
        let pack = JitPack::compile(&p).unwrap();
        let c = [
            Some(Value::list(ages.into_iter().map(Value::Int).collect::<Vec<_>>())),
            Some(Value::Int(divisor)),
            Some(Value::Bool(flag)),
        ];
        let day = date(2026, 1, 1);
        let mut jit = JitEvaluator::new(&pack);
        let got = jit.decide(&c, day, DecisionId(0));
        let want = Evaluator::new(&p).decide(&c, day, DecisionId(0));
        prop_assert_eq!(got, Some(want));
    }
}
