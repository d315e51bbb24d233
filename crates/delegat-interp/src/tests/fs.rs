//! The FS sample: the benchmark's committed sample of 1 000 cases, the trace, memoisation and the motivering.

use delegat_ir::build::{date, fs_sample, kr};
use delegat_ir::{OutcomeKind, ParamId, RuleId, Value};
use delegat_value::Money;

use super::decide_checked;
use crate::Evaluator;
use delegat_ir::{Chosen, DecisionResult, TraceEntry};

#[derive(Clone, Debug)]
pub(crate) struct Case {
    pub adults: i64,
    pub children: Vec<i64>,
    pub housing: i64,
    pub electricity: i64,
    pub travel: i64,
    pub incomes: Vec<i64>,
    pub special: bool,
}

pub(crate) fn inputs(c: &Case) -> Vec<Option<Value>> {
    let money = |k: i64| Value::Money(kr(k));
    vec![
        Some(Value::Int(c.adults)),
        Some(Value::list(
            c.children
                .iter()
                .map(|a| Value::Int(*a))
                .collect::<Vec<_>>(),
        )),
        Some(money(c.housing)),
        Some(money(c.electricity)),
        Some(money(c.travel)),
        Some(Value::list(
            c.incomes.iter().map(|k| money(*k)).collect::<Vec<_>>(),
        )),
        Some(Value::Bool(c.special)),
    ]
}

fn parse_case(line: &str) -> Case {
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let int = |k: &str| v[k].as_i64().unwrap();
    let list = |k: &str| -> Vec<i64> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap())
            .collect()
    };
    Case {
        adults: int("adults"),
        children: list("children"),
        housing: int("housing"),
        electricity: int("electricity"),
        travel: int("travel"),
        incomes: list("incomes"),
        special: v["special_circumstances"].as_bool().unwrap(),
    }
}

/// The FS workload's committed sample (crates/delegat-bench/README.md).
fn bench_data() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../delegat-bench/data")
}

#[test]
fn agrees_with_the_confirmed_outcomes_of_the_sample() {
    let dir = bench_data();
    let cases = std::fs::read_to_string(dir.join("cases_1k.jsonl")).unwrap();
    let expected = std::fs::read_to_string(dir.join("expected_1k.jsonl")).unwrap();
    let program = fs_sample();
    // One evaluator and one result buffer for all cases, as the runtime uses them; every
    // case also against a fresh evaluator.
    let mut ev = Evaluator::new(&program);
    let mut r = DecisionResult::default();
    let mut n = 0;
    for (line, exp) in cases.lines().zip(expected.lines()) {
        let case = parse_case(line);
        let verdict = ev.run(&inputs(&case), date(2026, 3, 1), delegat_ir::DecisionId(0));
        ev.result_into(&mut r);
        let fresh = Evaluator::new(&program).decide(
            &inputs(&case),
            date(2026, 3, 1),
            delegat_ir::DecisionId(0),
        );
        assert_eq!(r, fresh, "case {n}: {line}");
        assert_eq!((verdict.outcome, verdict.belopp), (r.outcome, r.belopp));
        let exp: serde_json::Value = serde_json::from_str(exp).unwrap();
        let outcome = match r.outcome {
            OutcomeKind::Bifall => "grant",
            OutcomeKind::Avslag => "reject",
            OutcomeKind::Manuell => "manual",
            OutcomeKind::Faststallt => "fastställt",
        };
        assert_eq!(
            outcome,
            exp["outcome"].as_str().unwrap(),
            "case {n}: {line}"
        );
        let amount = r.belopp.map_or(0, |m| m.ore() / 100);
        assert_eq!(amount, exp["amount"].as_i64().unwrap(), "case {n}: {line}");
        assert_eq!(r.error, None);
        n += 1;
    }
    assert_eq!(n, 1_000);
}

fn two_adults_three_children() -> Case {
    Case {
        adults: 2,
        children: vec![3, 3, 12],
        housing: 6_000,
        electricity: 300,
        travel: 0,
        incomes: vec![4_000, 1_500],
        special: false,
    }
}

#[test]
fn a_grant_has_its_amount_values_and_full_trace_in_order_of_first_use() {
    let program = fs_sample();
    let r = decide_checked(
        &program,
        &inputs(&two_adults_three_children()),
        date(2026, 3, 1),
        delegat_ir::DecisionId(0),
    );
    // vuxna 2 × 3 140 = 6 280; barn 2 030 + 2 030 + 3 470 = 7 530; storlek 5 → 2 170;
    // norm 15 980; behov 15 980 + 6 000 + 300 = 22 280; inkomst 5 500; belopp 16 780.
    assert_eq!(r.outcome, OutcomeKind::Bifall);
    assert_eq!(r.chosen, Some(Chosen::Branch(1)));
    assert_eq!(r.belopp, Some(kr(16_780)));
    assert_eq!(
        r.values,
        vec![Value::Money(kr(22_280)), Value::Money(kr(5_500))]
    );
    let d = date(2020, 1, 1);
    let m = |k| Value::Money(kr(k));
    assert_eq!(
        r.trace,
        vec![
            TraceEntry::Param {
                param: ParamId(1),
                version: d,
                value: m(3140)
            },
            TraceEntry::Rule {
                rule: RuleId(0),
                value: m(6280),
                exception: None
            },
            TraceEntry::Lookup {
                param: ParamId(2),
                version: d,
                key: Value::Int(3),
                value: m(2030)
            },
            TraceEntry::Lookup {
                param: ParamId(2),
                version: d,
                key: Value::Int(12),
                value: m(3470)
            },
            TraceEntry::Rule {
                rule: RuleId(1),
                value: m(7530),
                exception: None
            },
            TraceEntry::Rule {
                rule: RuleId(2),
                value: Value::Int(5),
                exception: None
            },
            TraceEntry::Lookup {
                param: ParamId(3),
                version: d,
                key: Value::Int(5),
                value: m(2170)
            },
            TraceEntry::Rule {
                rule: RuleId(3),
                value: m(2170),
                exception: None
            },
            TraceEntry::Rule {
                rule: RuleId(4),
                value: m(15_980),
                exception: None
            },
            TraceEntry::Rule {
                rule: RuleId(5),
                value: m(22_280),
                exception: None
            },
            TraceEntry::Rule {
                rule: RuleId(6),
                value: m(5_500),
                exception: None
            },
        ]
    );
    let outcome = r.outcome_decl(&program).unwrap();
    assert_eq!(outcome.kind, OutcomeKind::Bifall);
}

#[test]
fn a_rule_used_many_times_is_evaluated_once() {
    // `hushållsstorlek` is read up to three times and `behov` three times (condition,
    // amount, motivering); each appears once in the trace.
    let program = fs_sample();
    let mut case = two_adults_three_children();
    case.children = vec![1; 7]; // size 9: the `annars` side reads the size twice more
    let r = decide_checked(
        &program,
        &inputs(&case),
        date(2026, 3, 1),
        delegat_ir::DecisionId(0),
    );
    let count = |rule: u32| {
        r.trace
            .iter()
            .filter(|t| matches!(t, TraceEntry::Rule { rule: x, .. } if x.0 == rule))
            .count()
    };
    assert_eq!((count(2), count(5)), (1, 1));
    // 2 × 3 140 + 7 × 2 580 + 2 750 + 2 × 280 = 27 650, + 6 300 − 5 500.
    assert_eq!(r.belopp, Some(kr(28_450)));
    // Seven lookups of `barnkostnad[1]` are one trace entry: 10 entries in all.
    assert_eq!(r.trace.len(), 10);
}

#[test]
fn manual_and_refusal_outcomes() {
    let program = fs_sample();
    let mut case = two_adults_three_children();
    case.special = true;
    let r = decide_checked(
        &program,
        &inputs(&case),
        date(2026, 3, 1),
        delegat_ir::DecisionId(0),
    );
    assert_eq!(
        (r.outcome, r.chosen, r.belopp, r.error.is_none()),
        (OutcomeKind::Manuell, Some(Chosen::Branch(0)), None, true)
    );
    assert!(r.values.is_empty());
    // The special circumstances short-cut the rest: nothing else was computed.
    assert_eq!(r.trace, vec![]);

    case.special = false;
    case.incomes = vec![30_000];
    let r = decide_checked(
        &program,
        &inputs(&case),
        date(2026, 3, 1),
        delegat_ir::DecisionId(0),
    );
    assert_eq!(
        (r.outcome, r.chosen),
        (OutcomeKind::Avslag, Some(Chosen::Otherwise))
    );
    assert_eq!(r.belopp, None);
    assert_eq!(
        r.values,
        vec![Value::Money(kr(30_000)), Value::Money(kr(22_280))]
    );
}

#[test]
fn before_the_first_version_of_a_norm_the_case_goes_to_a_caseworker() {
    let program = fs_sample();
    let r = decide_checked(
        &program,
        &inputs(&two_adults_three_children()),
        date(2019, 12, 31),
        delegat_ir::DecisionId(0),
    );
    assert_eq!(r.outcome, OutcomeKind::Manuell);
    assert_eq!(r.chosen, None);
    let e = r.error.unwrap();
    assert_eq!(e.code().as_str(), "E0405");
    assert_eq!(
        e.message(),
        "regelpaketet har inget värde för `vuxen_sammanboende` som gäller 2019-12-31: det första \
         värdet gäller från 2020-01-01"
    );
    assert_eq!(Money::ZERO, Money::from_ore(0));
}

#[test]
fn many_lookups_are_traced_once_each_in_order_of_first_use() {
    // 63 children whose ages run three times through 0..=20 in the order 0, 8, 16, 3, …
    // (k × 8 mod 21): more distinct (table, key) pairs than the log scan handles, so the
    // set of seen pairs takes over part-way through the first round.
    let ages: Vec<i64> = (0..63).map(|k| (k * 8) % 21).collect();
    let case = Case {
        adults: 1,
        children: ages.clone(),
        housing: 0,
        electricity: 0,
        travel: 0,
        incomes: vec![],
        special: false,
    };
    let program = fs_sample();
    let mut ev = Evaluator::new(&program);
    // The same evaluator twice: the second case must not see the first one's pairs.
    for _ in 0..2 {
        let r = ev.decide(&inputs(&case), date(2026, 3, 1), delegat_ir::DecisionId(0));
        let child_keys: Vec<Value> = r
            .trace
            .iter()
            .filter_map(|t| match t {
                TraceEntry::Lookup { param, key, .. } if *param == ParamId(2) => Some(key.clone()),
                _ => None,
            })
            .collect();
        let first_round: Vec<Value> = ages.iter().take(21).map(|a| Value::Int(*a)).collect();
        assert_eq!(child_keys, first_round);
        // One round of ages costs 2 250 + 2 × 2 580 + 2 030 + 3 × 2 370 + 4 × 3 030
        // + 4 × 3 470 + 4 × 3 920 + 2 × 3 960 = 66 150 kr; three rounds 198 450 kr.
        let barn = r.trace.iter().find_map(|t| match t {
            TraceEntry::Rule { rule, value, .. } if *rule == RuleId(1) => Some(value.clone()),
            _ => None,
        });
        assert_eq!(barn, Some(Value::Money(kr(198_450))));
    }
}
