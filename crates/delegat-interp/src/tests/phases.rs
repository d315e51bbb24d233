//! The two phases: `run` then `result_into` on one reused evaluator and one reused result
//! give what a fresh evaluator's `decide` gives, case after case of every shape.

use delegat_ir::build::{date, fs_sample};
use delegat_ir::{DecisionId, OutcomeKind, RuleId, Value};
use delegat_value::Date;
use proptest::prelude::*;

use super::fs::{Case, inputs};
use crate::{Evaluator, evaluate};
use delegat_ir::{Chosen, DecisionResult, RuntimeErrorKind, ValueTarget};

fn case(adults: i64, children: &[i64], incomes: &[i64], special: bool) -> Case {
    Case {
        adults,
        children: children.to_vec(),
        housing: 6_000,
        electricity: 300,
        travel: 0,
        incomes: incomes.to_vec(),
        special,
    }
}

/// Runs `cases` through one evaluator and one result buffer, checking each against a fresh
/// evaluator; the outcomes in order.
fn through_one_evaluator(cases: &[(Case, Date)]) -> Vec<OutcomeKind> {
    let program = fs_sample();
    let mut ev = Evaluator::new(&program);
    let mut out = DecisionResult::default();
    let mut outcomes = Vec::new();
    for (i, (c, day)) in cases.iter().enumerate() {
        let verdict = ev.run(&inputs(c), *day, DecisionId(0));
        ev.result_into(&mut out);
        let fresh = evaluate(&program, &inputs(c), *day, DecisionId(0));
        assert_eq!(out, fresh, "case {i}: {c:?} on {day}");
        assert_eq!(
            (verdict.outcome, verdict.chosen, verdict.belopp),
            (fresh.outcome, fresh.chosen, fresh.belopp)
        );
        outcomes.push(out.outcome);
    }
    outcomes
}

#[test]
fn an_error_then_a_grant_then_other_shapes_on_one_evaluator() {
    let day = date(2026, 3, 1);
    let outcomes = through_one_evaluator(&[
        // No norm in force: an error after some rules were evaluated.
        (case(2, &[3, 3, 12], &[4_000], false), date(2019, 12, 31)),
        (case(2, &[3, 3, 12], &[4_000], false), day),
        // A child's age no row covers: a table miss in the middle of a sum.
        (case(1, &[3, 99], &[], false), day),
        (case(1, &[], &[], true), day),
        (case(2, &[0; 9], &[], false), day),
        (case(1, &[5], &[50_000, 1], false), day),
        // An overflow.
        (case(i64::MAX, &[1], &[], false), day),
        (case(2, &[3, 3, 12], &[4_000], false), day),
    ]);
    assert_eq!(
        outcomes,
        [
            OutcomeKind::Manuell,
            OutcomeKind::Bifall,
            OutcomeKind::Manuell,
            OutcomeKind::Manuell,
            OutcomeKind::Bifall,
            OutcomeKind::Avslag,
            OutcomeKind::Manuell,
            OutcomeKind::Bifall,
        ]
    );
}

#[test]
fn phase_two_outlives_the_inputs_and_a_value_in_between() {
    let program = fs_sample();
    let mut ev = Evaluator::new(&program);
    let c = case(2, &[3, 3, 12], &[4_000, 1_500], false);
    let day = date(2026, 3, 1);
    let verdict = {
        let owned = inputs(&c);
        ev.run(&owned, day, DecisionId(0))
    };
    assert_eq!(verdict.outcome, OutcomeKind::Bifall);
    assert_eq!(verdict.chosen, Some(Chosen::Branch(1)));
    assert_eq!(verdict.belopp.map(|m| m.ore()), Some(1_678_000));
    // Another computation on the same evaluator does not disturb the case.
    let other = inputs(&case(1, &[], &[], false));
    let behov = program
        .rules
        .iter()
        .position(|r| r.name == "behov")
        .unwrap();
    let v = ev.value(&other, day, ValueTarget::Rule(RuleId(behov as u32)));
    assert_eq!(
        v,
        Ok(Value::Money(delegat_ir::build::kr(
            3_480 + 1_190 + 6_000 + 300
        )))
    );
    let mut out = DecisionResult::default();
    ev.result_into(&mut out);
    assert_eq!(out, evaluate(&program, &inputs(&c), day, DecisionId(0)));
    assert_eq!(out.trace.len(), 11);
}

#[test]
fn phase_two_before_any_case_is_a_manual_result_not_a_panic() {
    let program = fs_sample();
    let mut ev = Evaluator::new(&program);
    let mut out = evaluate(
        &program,
        &inputs(&case(2, &[3], &[], false)),
        date(2026, 3, 1),
        DecisionId(0),
    );
    ev.result_into(&mut out);
    assert_eq!(out.outcome, OutcomeKind::Manuell);
    assert_eq!((out.chosen, out.belopp), (None, None));
    assert!(out.values.is_empty() && out.trace.is_empty());
    let e = out.error.unwrap();
    assert!(matches!(e.kind, RuntimeErrorKind::Malformed(_)));
    assert_eq!(
        e.message(),
        "regelpaketet är felaktigt: inget ärende har prövats"
    );
}

fn any_case() -> impl Strategy<Value = (Case, Date)> {
    (
        prop_oneof![3 => 1i64..=2, 1 => any::<i64>()],
        prop::collection::vec(prop_oneof![10 => 0i64..=20, 1 => -3i64..30], 0..10),
        prop::collection::vec(
            prop_oneof![0i64..30_000, any::<i64>().prop_map(|o| o / 100)],
            0..6,
        ),
        prop::bool::weighted(0.1),
        prop_oneof![8 => Just(date(2026, 1, 15)), 1 => Just(date(2019, 6, 1))],
    )
        .prop_map(|(adults, children, incomes, special, day)| {
            (case(adults, &children, &incomes, special), day)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn generated_cases_through_one_evaluator_match_fresh_ones(
        cases in prop::collection::vec(any_case(), 1..30)
    ) {
        through_one_evaluator(&cases);
    }
}
