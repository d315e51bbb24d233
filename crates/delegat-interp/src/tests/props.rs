//! Property tests: no input and no damage to a pack makes the interpreter panic, and the
//! result does not depend on evaluator reuse.

use delegat_ir::build::{date, fs_sample};
use delegat_ir::{DecisionId, ExprId, ExprKind, LocalId, OutcomeKind, ParamId, RuleId, Value};
use delegat_value::Money;
use proptest::prelude::*;

use super::fs::{Case, inputs};
use crate::{Evaluator, evaluate};

fn any_money() -> impl Strategy<Value = i64> {
    prop_oneof![
        0i64..20_000,
        any::<i64>().prop_map(|o| o / 100),
        Just(i64::MAX / 100)
    ]
}

fn any_case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![1i64..=2, any::<i64>()],
        prop::collection::vec(prop_oneof![0i64..=20, -5i64..30, any::<i64>()], 0..8),
        any_money(),
        any_money(),
        any_money(),
        prop::collection::vec(any_money(), 0..6),
        any::<bool>(),
    )
        .prop_map(
            |(adults, children, housing, electricity, travel, incomes, special)| Case {
                adults,
                children,
                housing,
                electricity,
                travel,
                incomes,
                special,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn no_case_panics_and_errors_are_always_manual(case in any_case(), days in -800_000i64..3_000_000) {
        let program = fs_sample();
        let day = delegat_value::Date::from_days(days).unwrap_or(date(2026, 3, 1));
        let r = evaluate(&program, &inputs(&case), day, DecisionId(0));
        if r.error.is_some() {
            prop_assert_eq!(r.outcome, OutcomeKind::Manuell);
            prop_assert_eq!(r.belopp, None);
        }
        if r.outcome == OutcomeKind::Bifall {
            prop_assert!(r.belopp.is_some_and(|m| m > Money::ZERO));
        }
        let again = Evaluator::new(&program).decide(&inputs(&case), day, DecisionId(0));
        prop_assert_eq!(again, r);
    }

    #[test]
    fn reusing_an_evaluator_gives_the_same_results(cases in prop::collection::vec(any_case(), 1..20)) {
        let program = fs_sample();
        let mut ev = Evaluator::new(&program);
        for case in &cases {
            let reused = ev.decide(&inputs(case), date(2026, 3, 1), DecisionId(0));
            let fresh = evaluate(&program, &inputs(case), date(2026, 3, 1), DecisionId(0));
            prop_assert_eq!(reused, fresh);
        }
    }

    #[test]
    fn a_damaged_pack_never_panics(
        edits in prop::collection::vec((0usize..60, 0u8..12, 0u32..70), 1..6),
        case in any_case(),
    ) {
        let mut program = fs_sample();
        for (at, kind, id) in edits {
            let e = ExprId(id);
            let new = match kind {
                0 => ExprKind::Rule(RuleId(id % 10)),
                1 => ExprKind::Param(ParamId(id % 6)),
                2 => ExprKind::Lookup { table: ParamId(id % 6), key: e },
                3 => ExprKind::Local(LocalId(id % 4)),
                4 => ExprKind::Input(delegat_ir::InputId(id % 9)),
                5 => ExprKind::Const(Value::Int(i64::from(id))),
                6 => ExprKind::Call { rule: RuleId(id % 10), args: vec![e, e] },
                7 => ExprKind::Field { record: e, index: id },
                8 => ExprKind::And(e, ExprId(id / 2)),
                9 => ExprKind::Unary { op: delegat_ir::UnOp::NegMoney, arg: e },
                10 => ExprKind::MakeList(vec![e]),
                _ => ExprKind::Const(Value::Money(Money::MAX)),
            };
            if let Some(slot) = program.exprs.get_mut(at) {
                slot.kind = new;
            }
        }
        let _ = program.verify();
        let _ = program.to_string();
        let r = evaluate(&program, &inputs(&case), date(2026, 3, 1), DecisionId(0));
        if r.error.is_some() {
            prop_assert_eq!(r.outcome, OutcomeKind::Manuell);
        }
    }
}
