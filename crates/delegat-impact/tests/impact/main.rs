//! The comparison on the shipped försörjningsstöd pack against a copy whose riksnorm for a
//! single adult in 2024 is raised by 2 %: the flip counts against an independent count
//! (every case decided with both packs through `Decider::decide`), every change put down
//! to the changed parameter, and the gate.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::BTreeMap;
use std::path::Path;

use delegat::{Engine, NoLoader, Pack};
use delegat_impact::{Cause, Facts, Gate, Options, Outcome, compare};

mod cause_fast;
mod definitions;

const CASES: usize = 4_000;

fn source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/forsorjningsstod.regel");
    std::fs::read_to_string(path).unwrap()
}

/// The shipped text with `riksnorm_ensamstående` from 2024-01-01 raised from 3 800 kr to
/// 3 876 kr (2 %).
fn raised(old: &str) -> String {
    let from = "parameter riksnorm_ensamstående: belopp enligt \"Socialtjänstförordningen (2001:937) 2 kap. 1 §\" {\n  från 2019-01-01: 3 090 kr\n  från 2021-01-01: 3 160 kr // SFS 2020:1013\n  från 2024-01-01: 3 800 kr\n}";
    assert!(
        old.contains(from),
        "the shipped pack's riksnorm is as the test expects"
    );
    old.replace(from, &from.replace("3 800 kr", "3 876 kr"))
}

fn pack(text: &str) -> Pack {
    Pack::from_source("forsorjningsstod.regel", text, &mut NoLoader).unwrap()
}

/// A small reproducible generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// FS cases: mostly 2024 (the riksnorm the copy raises), some 2019 (unchanged).
fn cases(n: usize, seed: u64) -> Vec<String> {
    let mut r = Rng(seed | 1);
    (0..n)
        .map(|_| {
            let form = ["ensamstående", "sammanlevande", "delar_bostad"][r.below(3) as usize];
            let n_children = if form == "delar_bostad" { 0 } else { r.below(4) };
            let children: Vec<String> = (0..n_children)
                .map(|_| {
                    format!(
                        "{{\"ålder\":{},\"lunch_utanför_hemmet\":{}}}",
                        r.below(21),
                        r.below(2) == 0
                    )
                })
                .collect();
            let people = match form {
                "sammanlevande" => 2,
                "delar_bostad" => 3,
                _ => 1,
            };
            let year = if r.below(10) == 0 { 2019 } else { 2024 };
            let month = 1 + r.below(12);
            format!(
                "{{\"beslutsdatum\":\"{year}-{month:02}-15\",\"ansökningsmånad\":\"{year}-{month:02}-01\",\"första_ansökan\":false,\"ändrat_hushåll\":false,\"övriga_omständigheter\":{},\"har_tillgångar\":false,\"hushållsform\":\"{form}\",\"barn\":[{}],\"antal_i_bostaden\":{},\"boendekostnad\":{},\"hushållsel\":{},\"arbetsresor\":{},\"hemförsäkring\":{},\"fackavgift_och_akassa\":{},\"arbetsinkomst\":{},\"månader_med_stöd_före_arbetet\":{},\"månader_med_arbetsinkomst\":{},\"övriga_inkomster\":[{}],\"ungdomars_arbetsinkomster\":[]}}",
                r.below(25) == 0,
                children.join(","),
                people + children.len(),
                r.below(6_000),
                r.below(850),
                r.below(1_050),
                r.below(320),
                r.below(750),
                r.below(3) * r.below(3_000),
                r.below(12),
                r.below(12),
                4_000 + r.below(10_000),
            )
        })
        .collect()
}

/// The independent count: every case decided with both packs by `Decider::decide`.
fn independent(
    old: &Pack,
    new: &Pack,
    lines: &[String],
) -> (BTreeMap<(Outcome, Outcome), u64>, u64) {
    let (a, b) = (
        old.engine(Engine::Interpreter).unwrap(),
        new.engine(Engine::Interpreter).unwrap(),
    );
    let mut matrix = BTreeMap::new();
    let mut changed = 0;
    for l in lines {
        let (x, y) = (a.decide(l, None).unwrap(), b.decide(l, None).unwrap());
        *matrix
            .entry((Outcome::of(x.utfall), Outcome::of(y.utfall)))
            .or_insert(0) += 1;
        if x.utfall != y.utfall || x.belopp != y.belopp {
            changed += 1;
        }
    }
    (matrix, changed)
}

fn run(old: &Pack, new: &Pack, lines: &[String], threads: usize) -> Facts {
    run_repeated(old, new, lines, 1, threads)
}

/// [`run`] with `lines` fed `times` times over (a large workload without as many strings).
fn run_repeated(old: &Pack, new: &Pack, lines: &[String], times: u64, threads: usize) -> Facts {
    let options = Options {
        threads,
        ..Options::default()
    };
    let (facts, ()) = compare(
        old.engine(Engine::Jit).unwrap(),
        new.engine(Engine::Jit).unwrap(),
        options,
        |feed| {
            for _ in 0..times {
                for l in lines {
                    feed.push(l, None);
                }
            }
        },
    );
    facts
}

/// The issue's measure: a million cases (20 000 distinct ones, each fed 50 times, so that
/// the independent count stays affordable in a debug build) flip exactly as the independent
/// count says, and every change is put down to the raised parameter.
#[test]
fn a_million_cases_flip_as_the_independent_count_says() {
    const TIMES: u64 = 50;
    let text = source();
    let (old, new) = (pack(&text), pack(&raised(&text)));
    let distinct = cases(20_000, 23);
    let (matrix, changed) = independent(&old, &new, &distinct);
    let facts = run_repeated(&old, &new, &distinct, TIMES, 2);
    assert_eq!(facts.cases, 1_000_000);
    let expected: BTreeMap<(Outcome, Outcome), u64> =
        matrix.into_iter().map(|(k, v)| (k, v * TIMES)).collect();
    assert_eq!(facts.matrix, expected);
    assert_eq!(facts.changed, changed * TIMES);
    assert!(changed > 1_000, "{changed}");
    assert_eq!(
        facts.groups.iter().map(|g| g.count).sum::<u64>(),
        changed * TIMES
    );
    for g in &facts.groups {
        assert!(
            matches!(&g.cause, Cause::Parameter { name, .. } if name == "riksnorm_ensamstående"),
            "{g:?}"
        );
    }
}

#[test]
fn a_raised_riksnorm_flips_what_an_independent_count_says_and_names_the_parameter() {
    let text = source();
    let (old, new) = (pack(&text), pack(&raised(&text)));
    let lines = cases(CASES, 19);
    let facts = run(&old, &new, &lines, 3);
    let (matrix, changed) = independent(&old, &new, &lines);
    assert_eq!(facts.cases, CASES as u64);
    assert_eq!(
        facts.changes,
        vec![delegat_impact::diff::Change::Version {
            name: "riksnorm_ensamstående".to_owned(),
            from: "2024-01-01".to_owned(),
            old: Some("3 800 kr".to_owned()),
            new: Some("3 876 kr".to_owned()),
        }]
    );
    assert_eq!(facts.matrix, matrix);
    assert_eq!(facts.changed, changed);
    assert!(changed > 100, "the raise changes many cases: {changed}");
    assert!(
        facts.flips(Outcome::Avslag, Outcome::Bifall) > 0,
        "{:?}",
        facts.matrix
    );
    assert_eq!(facts.flips(Outcome::Bifall, Outcome::Avslag), 0);
    // Every change is put down to the raised parameter.
    assert_eq!(facts.groups.iter().map(|g| g.count).sum::<u64>(), changed);
    for g in &facts.groups {
        assert_eq!(
            g.cause,
            Cause::Parameter {
                name: "riksnorm_ensamstående".to_owned(),
                key: None,
                old: "3 800 kr".to_owned(),
                new: "3 876 kr".to_owned(),
                old_from: Some("2024-01-01".to_owned()),
                new_from: Some("2024-01-01".to_owned()),
            },
            "{g:?}"
        );
        assert!(g.delta_min > 0 && g.delta_max <= 7_600, "{g:?}");
    }
    let same = facts
        .groups
        .iter()
        .find(|g| g.from == Outcome::Bifall && g.to == Outcome::Bifall)
        .unwrap();
    assert_eq!(
        (same.delta_min, same.delta_max),
        (7_600, 7_600),
        "76 kr more for each"
    );
    // The example holds declared inputs only, and no date.
    let example = same.example.as_ref().unwrap();
    let names: Vec<&str> = example.iter().map(|(k, _)| k.as_str()).collect();
    assert!(
        names.contains(&"hushållsform") && names.contains(&"boendekostnad"),
        "{names:?}"
    );
    for hidden in ["namn", "personnummer", "beslutsdatum"] {
        assert!(!names.contains(&hidden), "{names:?}");
    }
    // The cost under the new pack is higher by the sum of the changes.
    let sum: i64 = facts.groups.iter().map(|g| g.delta_sum).sum();
    assert_eq!(facts.cost_new() - facts.cost_old(), sum);
    assert!(sum > 0);
    // Only 2024 changes: the 2019 months cost the same.
    for (m, c) in &facts.months {
        if m.year == 2019 {
            assert_eq!(c.old, c.new, "{m:?}");
        } else {
            assert!(c.new > c.old, "{m:?}");
        }
    }
    // The gate: no bifall→avslag here, but the cost rises.
    assert!(
        Gate::parse("bifall->avslag=0")
            .unwrap()
            .check(&facts)
            .is_empty()
    );
    assert_eq!(
        Gate::parse("kostnad=+0,01%").unwrap().check(&facts).len(),
        1
    );
    assert!(
        Gate::parse("kostnad=+50%")
            .unwrap()
            .check(&facts)
            .is_empty()
    );
}

#[test]
fn the_gate_fails_when_a_change_flips_bifall_to_avslag() {
    let text = source();
    // The other way round: the raised pack is the old one, so the change lowers the norm.
    let (old, new) = (pack(&raised(&text)), pack(&text));
    let lines = cases(CASES, 7);
    let facts = run(&old, &new, &lines, 2);
    let (matrix, _) = independent(&old, &new, &lines);
    let flips = matrix
        .get(&(Outcome::Bifall, Outcome::Avslag))
        .copied()
        .unwrap_or(0);
    assert!(flips > 0);
    assert_eq!(facts.flips(Outcome::Bifall, Outcome::Avslag), flips);
    let broken = Gate::parse("bifall->avslag=0").unwrap().check(&facts);
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0].rule, "bifall->avslag=0");
    assert_eq!(
        broken[0].found,
        // Counts are grouped from four digits, as every number a reader sees.
        format!(
            "{flips} av {} ärenden går från bifall till avslag; högst 0 tillåts",
            delegat_value::format::format_int(i64::try_from(CASES).unwrap_or(i64::MAX))
        )
    );
    assert!(
        Gate::parse(&format!("bifall->avslag={flips}"))
            .unwrap()
            .check(&facts)
            .is_empty()
    );
}

#[test]
fn threads_do_not_change_the_facts() {
    let text = source();
    let (old, new) = (pack(&text), pack(&raised(&text)));
    let lines = cases(5_000, 3);
    assert_eq!(run(&old, &new, &lines, 1), run(&old, &new, &lines, 4));
}

#[test]
fn the_same_pack_changes_nothing() {
    let text = source();
    let (old, new) = (pack(&text), pack(&text));
    let facts = run(&old, &new, &cases(500, 5), 2);
    assert_eq!(facts.changed, 0);
    assert!(facts.groups.is_empty());
    assert!(facts.matrix.keys().all(|(a, b)| a == b));
}

#[test]
fn a_case_one_pack_cannot_read_is_ogiltigt_with_its_code() {
    let text = source();
    let (old, new) = (pack(&text), pack(&text));
    let (facts, ()) = compare(
        old.engine(Engine::Jit).unwrap(),
        new.engine(Engine::Jit).unwrap(),
        Options::default(),
        |feed| feed.push("{\"hushållsform\": 3}", None),
    );
    assert_eq!(facts.flips(Outcome::Ogiltigt, Outcome::Ogiltigt), 1);
    assert_eq!(facts.changed, 0);
}

#[test]
fn an_example_keeps_declared_inputs_without_text_or_dates() {
    let old = pack(&source());
    let example = delegat_impact::anon::example(
        old.program(),
        r#"{"personnummer":"19800101-1234","beslutsdatum":"2024-03-01","hushållsform":"sammanlevande","barn":[{"ålder":3,"lunch_utanför_hemmet":true}],"boendekostnad":5000}"#,
    );
    assert_eq!(
        example,
        vec![
            (
                "hushållsform".to_owned(),
                serde_json::json!("sammanlevande")
            ),
            (
                "barn".to_owned(),
                serde_json::json!([{"ålder":3,"lunch_utanför_hemmet":true}])
            ),
            ("boendekostnad".to_owned(), serde_json::json!(5000)),
        ]
    );
    assert!(delegat_impact::anon::example(old.program(), "not json").is_empty());
}

/// Generated cases with some no pack can read, and some only one of two packs with a
/// different range can read.
fn mixed_cases(n: usize, seed: u64) -> Vec<String> {
    let mut lines = cases(n, seed);
    for (i, l) in lines.iter_mut().enumerate() {
        match i % 97 {
            // No pack reads it.
            0 => *l = l.replacen("\"hushållsform\":\"", "\"hushållsform\":\"x", 1),
            1 => *l = format!("{l} trailing"),
            // A cost for electricity the narrowed copy below refuses.
            2 => {
                let at = l.find("\"hushållsel\":").unwrap() + "\"hushållsel\":".len();
                let end = at + l[at..].find(',').unwrap();
                l.replace_range(at..end, "6000");
            }
            // A child of 20, its keys in another order.
            3 => {
                *l = l.replacen(
                    "\"barn\":[",
                    "\"barn\":[{\"lunch_utanför_hemmet\":false,\"ålder\":20},",
                    1,
                )
            }
            // An escape: the reader's general path.
            4 => *l = l.replacen("\"ensamstående\"", "\"ensamst\\u00e5ende\"", 1),
            _ => {}
        }
    }
    lines
}

fn run_with(
    (old, old_engine): (&Pack, Engine),
    (new, new_engine): (&Pack, Engine),
    lines: &[String],
    read_once: bool,
) -> Facts {
    let options = Options {
        threads: 2,
        read_once,
        ..Options::default()
    };
    let (facts, ()) = compare(
        old.engine(old_engine).unwrap(),
        new.engine(new_engine).unwrap(),
        options,
        |feed| {
            for l in lines {
                feed.push(l, None);
            }
        },
    );
    facts
}

/// Reading a case once for both packs gives the same facts as reading it with each, on
/// either engine and both engines mixed; packs whose inputs differ are read twice.
#[test]
fn reading_once_and_reading_twice_give_the_same_facts() {
    let text = source();
    let (old, new) = (pack(&text), pack(&raised(&text)));
    let lines = mixed_cases(3_000, 23);
    let (od, nd) = (
        old.engine(Engine::Jit).unwrap(),
        new.engine(Engine::Jit).unwrap(),
    );
    assert!(delegat::SessionPair::new(od, nd).reads_once());
    assert!(!delegat::SessionPair::reading_twice(od, nd).reads_once());
    let reference = run_with((&old, Engine::Jit), (&new, Engine::Jit), &lines, false);
    assert!(reference.changed > 500, "{}", reference.changed);
    assert!(
        reference.flips(Outcome::Ogiltigt, Outcome::Ogiltigt) >= 60,
        "{:?}",
        reference.matrix
    );
    for engines in [
        (Engine::Jit, Engine::Jit),
        (Engine::Jit, Engine::Interpreter),
        (Engine::Interpreter, Engine::Jit),
        (Engine::Interpreter, Engine::Interpreter),
    ] {
        for read_once in [true, false] {
            let facts = run_with((&old, engines.0), (&new, engines.1), &lines, read_once);
            assert_eq!(facts, reference, "{engines:?}, read once: {read_once}");
        }
    }
    // A copy that takes a cost for electricity of at most 5 000 kr: its inputs differ, so
    // each pack reads the case itself, and 6 000 kr makes the case ogiltigt under the copy
    // only.
    let narrowed = text.replace(
        "uppgift hushållsel: belopp 0 kr..20 000 kr {",
        "uppgift hushållsel: belopp 0 kr..5 000 kr {",
    );
    assert_ne!(narrowed, text);
    let narrow = pack(&narrowed);
    let nd = narrow.engine(Engine::Jit).unwrap();
    assert!(!delegat::SessionPair::new(od, nd).reads_once());
    let facts = run_with((&old, Engine::Jit), (&narrow, Engine::Jit), &lines, true);
    let twice = run_with((&old, Engine::Jit), (&narrow, Engine::Jit), &lines, false);
    assert_eq!(facts, twice);
    let refused = facts
        .matrix
        .iter()
        .filter(|((a, b), _)| *a != Outcome::Ogiltigt && *b == Outcome::Ogiltigt)
        .map(|(_, n)| n)
        .sum::<u64>();
    assert!(refused >= 30, "{:?}", facts.matrix);
}
