//! The shipped example packs (`examples/*.regel`) through the whole runtime: every exempel
//! passes, every exempel's `givet` read back as a JSON case decides as the exempel says,
//! and the decisions (JSON) and letters are snapshots. The FS benchmark pack decides
//! generated cases with exactly the amounts of the hand-written reference function.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::path::Path;

use delegat::{Date, Engine, NoLoader, Pack, Utfall};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn build(rel: &str) -> Pack {
    let path = root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    build_text(rel, &text)
}

fn build_text(rel: &str, text: &str) -> Pack {
    match Pack::from_source(rel, text, &mut NoLoader) {
        Ok(p) => p,
        Err(e) => panic!("{rel} is refused:\n{}", e.render(false)),
    }
}

fn shipped() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".regel"))
        .collect();
    names.sort();
    names
}

fn default_date() -> Date {
    Date::from_ymd(2026, 3, 1).unwrap()
}

#[test]
fn every_shipped_exempel_passes() {
    let names = shipped();
    assert!(names.len() >= 4, "{names:?}");
    for name in names {
        let pack = build(&format!("examples/{name}"));
        let report = pack.run_examples(default_date());
        assert!(!report.results.is_empty(), "{name} has no exempel");
        for r in &report.results {
            assert!(
                r.passed(),
                "{name}: exempel \"{}\" failed: {:?}",
                r.name,
                r.failures
            );
        }
    }
}

#[test]
fn decisions_and_letters_of_the_shipped_examples() {
    for name in shipped() {
        let pack = build(&format!("examples/{name}"));
        let decider = pack.engine(Engine::Interpreter).unwrap();
        let mut snapshot = String::new();
        for (i, (ex, case)) in pack.example_cases().into_iter().enumerate() {
            let decision = decider
                .decide(&case, Some(default_date()))
                .unwrap_or_else(|e| panic!("{name}: exempel \"{ex}\": {e}"));
            snapshot.push_str(&format!(
                "=== exempel \"{ex}\"\n{}\n",
                decision.to_json_string()
            ));
            if i < 2 {
                snapshot.push_str(&format!("--- brev\n{}\n", decision.letter()));
            }
        }
        let hash = pack.hash();
        let snapshot = snapshot.replace(&hash, "<hash>");
        insta::assert_snapshot!(name.trim_end_matches(".regel"), snapshot);
    }
}

#[test]
fn the_json_path_decides_as_the_exempel_say() {
    for name in shipped() {
        let pack = build(&format!("examples/{name}"));
        let decider = pack.engine(Engine::Interpreter).unwrap();
        let direct = pack.run_examples(default_date());
        assert!(direct.results.iter().all(|r| r.passed()));
        let program = pack.program();
        for ((ex, case), example) in pack.example_cases().into_iter().zip(&program.examples) {
            // The exempel's `givet` written as JSON and read back through validation decides
            // exactly as the same values given directly.
            let mut inputs = vec![None; program.inputs.len()];
            for g in &example.givet {
                inputs[g.input.index()] = Some(g.value.clone());
            }
            let date = example.date.unwrap_or(default_date());
            let via_json = decider
                .decide(&case, Some(default_date()))
                .unwrap_or_else(|e| panic!("{name}: \"{ex}\": {e}"));
            assert_eq!(
                via_json,
                decider.decide_values(&inputs, date),
                "{name}: \"{ex}\""
            );
        }
    }
}

#[test]
fn fs_amounts_are_exact_against_the_hand_written_function() {
    // The checker cannot see that `hushållsstorlek` (adults + children) is at least 1, so
    // the shipped fs.regel is refused (E0207, table `gemensamma_kostnader` has no row
    // for ..0). The guard added here does not change any decision: the size is always >= 1.
    let rel = "crates/delegat-bench/fs.regel";
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    let guarded = text.replace(
        "om hushållsstorlek <= 7 så",
        "om hushållsstorlek >= 1 och hushållsstorlek <= 7 så",
    );
    let pack = build_text(rel, &guarded);
    let decider = pack.engine(Engine::Interpreter).unwrap();
    let lines: Vec<String> = delegat_bench::generate::json_lines(3000, 20_260_301).collect();
    let input = lines.join("\n");
    let mut out = Vec::new();
    let summary = decider
        .decide_batch(input.as_bytes(), &mut out, Some(default_date()), |_| {})
        .unwrap();
    assert_eq!(summary.cases, 3000);
    assert_eq!(summary.fel, 0);
    let out = String::from_utf8(out).unwrap();
    let mut grants = 0;
    for (line, decided) in lines.iter().zip(out.lines()) {
        let case: delegat_bench::Case = serde_json::from_str(line).unwrap();
        let want = delegat_bench::handwritten::decide(&case);
        let got: serde_json::Value = serde_json::from_str(decided).unwrap();
        let utfall = got["utfall"].as_str().unwrap();
        match want.outcome {
            delegat_bench::Outcome::Grant => {
                grants += 1;
                assert_eq!(utfall, "bifall", "{line}");
                assert_eq!(got["belopp"].to_string(), want.amount.to_string(), "{line}");
            }
            delegat_bench::Outcome::Reject => assert_eq!(utfall, "avslag", "{line}"),
            delegat_bench::Outcome::Manual => assert_eq!(utfall, "manuell", "{line}"),
        }
    }
    assert!(grants > 100, "only {grants} grants");
    let _ = Utfall::Bifall;
}

mod mutated_cases {
    //! Valid cases of the försörjningsstöd pack with one input replaced by arbitrary JSON:
    //! every one is decided or refused with an error naming that input, never a panic.

    use super::*;
    use proptest::prelude::*;

    /// Built once: building from source per case would dominate the test's time.
    static PACK: std::sync::LazyLock<Pack> =
        std::sync::LazyLock::new(|| build("examples/forsorjningsstod.regel"));

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,4})?"
                .prop_map(|t| serde_json::from_str(&t).unwrap()),
            "[ -~åäö]{0,12}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map("[a-zåäö_]{1,8}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn one_input_replaced(which in 0usize..64, value in json_value()) {
            let pack = &*PACK;
            let decider = pack.engine(Engine::Interpreter).unwrap();
            let (_, case) = pack.example_cases().into_iter().next().unwrap();
            let mut case: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&case).unwrap();
            let keys: Vec<String> = case.keys().cloned().collect();
            let key = keys[which % keys.len()].clone();
            case.insert(key.clone(), value);
            let text = serde_json::Value::Object(case).to_string();
            match decider.decide(&text, Some(default_date())) {
                Ok(_) => {}
                Err(e) => prop_assert!(
                    e.field.as_deref().is_some_and(|f| f.starts_with(key.as_str())),
                    "{key}: {e:?}"
                ),
            }
        }
    }
}

/// A negative income cannot reach an automated decision: every number the applicant states
/// in a shipped pack has the lower bound its law implies, so the case is refused when read
/// (E0424) on both engines, and no shipped pack draws the unbounded-input warning (W0302).
#[test]
fn a_negative_income_is_refused_and_no_shipped_pack_has_an_unbounded_input() {
    for name in shipped() {
        let pack = build(&format!("examples/{name}"));
        let codes: Vec<_> = pack.warnings().iter().map(|w| w.code.as_str()).collect();
        assert!(!codes.contains(&"W0302"), "{name}: {codes:?}");
    }
    let pack = build("examples/forsorjningsstod.regel");
    let case = std::fs::read_to_string(root().join("examples/fall/forsorjningsstod.json"))
        .unwrap()
        .replace(
            r#""övriga_inkomster": [2500, "1 250 kr"]"#,
            r#""övriga_inkomster": [-999999999]"#,
        );
    assert!(case.contains("-999999999"));
    for engine in [Engine::Interpreter, Engine::Jit] {
        let err = pack
            .engine(engine)
            .unwrap()
            .decide(&case, Some(default_date()))
            .unwrap_err();
        assert_eq!(err.code().as_str(), "E0424", "{engine:?}: {err:?}");
    }
}

/// Every shipped pack's decisions are far below the static cost limit (docs/cost.md lists
/// the bounds): at most a tenth of it.
#[test]
fn shipped_packs_are_far_below_the_cost_limit() {
    for name in shipped() {
        let pack = build(&format!("examples/{name}"));
        for c in delegat_ir::cost::decision_costs(pack.program()) {
            let decision = &pack.program().decisions[c.decision.index()].name;
            println!("{name} {decision}: {}", c.bound);
            assert!(
                c.bound <= delegat_ir::cost::COST_LIMIT / 10,
                "{name} {decision}: {}",
                c.bound
            );
        }
    }
}

/// The `load_pack` fuzz target's seeds are the shipped packs built in the current pack
/// format (`delegat build examples/NAME.regel -o fuzz/seeds/load_pack/NAME.paket`): each
/// loads, and each is a build of a shipped example, so that the fuzzer starts from packs it
/// can get past the loader with. A format change that fails here means: build them again.
#[test]
fn the_load_pack_fuzz_seeds_are_the_shipped_packs_in_the_current_format() {
    let dir = root().join("fuzz/seeds/load_pack");
    let mut seeds: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    seeds.sort();
    let expected: Vec<String> = shipped()
        .iter()
        .map(|n| n.replace(".regel", ".paket"))
        .collect();
    assert_eq!(seeds, expected);
    for seed in &seeds {
        let bytes = std::fs::read(dir.join(seed)).unwrap();
        let pack = match Pack::load(&bytes) {
            Ok(p) => p,
            Err(e) => panic!("fuzz/seeds/load_pack/{seed} does not load ({e}); build it again"),
        };
        let source = build(&format!("examples/{}", seed.replace(".paket", ".regel")));
        assert_eq!(pack.hash(), source.hash(), "{seed} is not today's build");
    }
}

/// Issue 15: the norms for 2025–2026 (riksnorm, maxtaxa's income ceiling) are not in the
/// packs, so such a case goes to a caseworker with a reason the caseworker can act on — what
/// is missing and what to do — in words without the tool's internals; the applicant's
/// notice says none of it. Both engines give the same reason.
#[test]
fn cases_of_years_without_verified_norms_go_to_a_caseworker_with_a_plain_reason() {
    let fall = std::fs::read_to_string(root().join("examples/fall/forsorjningsstod.json")).unwrap();
    let mut fs: serde_json::Value = serde_json::from_str(&fall).unwrap();
    fs["beslutsdatum"] = "2026-12-07".into();
    fs["ansökningsmånad"] = "2026-12-01".into();
    let maxtaxa = serde_json::json!({
        "beslutsdatum": "2026-09-01",
        "omsorgsform": "förskola",
        "barnets_ordning": 1,
        "avgiftsgrundande_inkomst": 60000,
        "allmän_förskola": false,
    });
    let cases = [
        (
            "forsorjningsstod",
            fs,
            "Riksnormen för den månad ansökan gäller (från 2026-12-01) finns inte i den \
             automatiserade beslutsfunktionen, som bara räknar med 2019, 2021 och 2024 års \
             riksnorm. Räkna ut normen med beloppen för ansökningsmånaden i \
             socialtjänstförordningen (2001:937) 2 kap. 1 § och pröva ansökan.",
        ),
        (
            "maxtaxa",
            maxtaxa,
            "Inkomsttaket för maxtaxan på beslutsdatumet 2026-09-01 finns inte i den \
             automatiserade beräkningen, som bara har taken för 2018–2024. Räkna ut avgiften med \
             det inkomsttak och de regler som gäller på beslutsdatumet.",
        ),
    ];
    for (name, case, reason) in cases {
        let pack = build(&format!("examples/{name}.regel"));
        for engine in [Engine::Interpreter, Engine::Jit] {
            let d = pack.engine(engine).unwrap();
            let decision = d.decide(&case.to_string(), None).unwrap();
            assert_eq!(decision.utfall, Utfall::Manuell, "{name} {engine:?}");
            assert_eq!(decision.skal.as_deref(), Some(reason), "{name} {engine:?}");
            assert_eq!(
                decision.felkod, None,
                "{name}: a rule's reason, not an error"
            );
            let letter = decision.letter();
            assert!(letter.contains("prövas av en handläggare"), "{letter}");
            assert!(
                !letter.contains("Inkomsttaket") && !letter.contains("Riksnormen"),
                "{letter}"
            );
        }
    }
}

/// A case dated before the first day a pack has norms for (maxtaxa's first `från` is
/// 2018-01-01) goes to a caseworker with a reason in plain Swedish, without the name of the
/// parameter that has no value: that name and its place stay in `felplats` for the jurist,
/// and the code stays E0405. The applicant's notice says why in one clause. Both engines
/// give the identical decision, JSON line and letter.
#[test]
fn a_case_dated_before_the_packs_first_norms_goes_to_a_caseworker_in_plain_words() {
    let case = r#"{"beslutsdatum":"2017-03-01","omsorgsform":"förskola","barnets_ordning":1,"avgiftsgrundande_inkomst":6000000,"allmän_förskola":false}"#;
    let pack = build("examples/maxtaxa.regel");
    let mut lines = Vec::new();
    let mut decisions = Vec::new();
    for engine in [Engine::Interpreter, Engine::Jit] {
        let d = pack.engine(engine).unwrap();
        assert_eq!(d.engine(), engine);
        let decision = d.decide(case, None).unwrap();
        assert_eq!(decision.utfall, Utfall::Manuell, "{engine:?}");
        assert_eq!(
            decision.skal.as_deref(),
            Some(
                "Ärendets beslutsdatum 2017-03-01 ligger före 2018-01-01, den dag då nämndens \
                 regler för automatiserade beslut börjar gälla, så ärendet prövas av en \
                 handläggare"
            ),
            "{engine:?}"
        );
        assert_eq!(decision.felkod.as_deref(), Some("E0405"), "{engine:?}");
        assert_eq!(
            decision
                .felplats
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("examples/maxtaxa.regel:132:12"),
            "{engine:?}"
        );
        let letter = decision.letter();
        assert!(
            letter.contains(
                "Din ansökan har inte kunnat avgöras automatiskt, eftersom den gäller tiden \
                 före 2018-01-01, då nämndens regler för automatiserade beslut började gälla. \
                 En handläggare hos Barn- och utbildningsnämnden i Exempelkommun prövar den i \
                 stället"
            ),
            "{letter}"
        );
        assert!(
            !letter.contains('`') && !letter.contains("inkomsttak"),
            "{letter}"
        );
        assert!(
            decision
                .letter_html(None)
                .contains("eftersom den gäller tiden före 2018-01-01"),
            "{engine:?}"
        );
        let mut out = Vec::new();
        d.decide_batch(case.as_bytes(), &mut out, None, |_| {})
            .unwrap();
        lines.push(String::from_utf8(out).unwrap());
        decisions.push(decision);
    }
    assert_eq!(decisions[0], decisions[1]);
    assert_eq!(lines[0], lines[1]);
    assert!(
        lines[0].contains(
            r#""skäl":"Ärendets beslutsdatum 2017-03-01 ligger före 2018-01-01, den dag då"#
        ),
        "{}",
        lines[0]
    );
    assert_eq!(lines[0].trim_end(), decisions[0].to_json_string());
}
