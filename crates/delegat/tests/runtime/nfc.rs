//! Unicode normalisation: a rule file and a case written with decomposed letters (`a` and
//! U+030A for `å`, as macOS and PDF copies give) decide exactly as the composed ones, and
//! every span of the decomposed file's pack points at the same words in its own text.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::path::Path;

use delegat::{Date, Engine, NoLoader, Pack};
use serde_json::Value as Json;
use unicode_normalization::UnicodeNormalization;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn build(name: &str, text: &str) -> Pack {
    match Pack::from_source(name, text, &mut NoLoader) {
        Ok(p) => p,
        Err(e) => panic!("{name} is refused:\n{}", e.render(false)),
    }
}

fn nfd(text: &str) -> String {
    text.nfd().collect()
}

fn default_date() -> Date {
    Date::from_ymd(2026, 3, 1).unwrap()
}

/// Walks two programs' JSON in step: equal everywhere except spans, and each pair of spans
/// covers the same text once normalised. Returns the number of spans compared.
fn same_but_spans(composed: &Json, c_text: &str, decomposed: &Json, d_text: &str) -> usize {
    match (composed, decomposed) {
        (Json::Object(a), Json::Object(b)) => {
            if let (
                Some(Json::Number(s1)),
                Some(Json::Number(e1)),
                Some(Json::Number(s2)),
                Some(Json::Number(e2)),
            ) = (a.get("start"), a.get("end"), b.get("start"), b.get("end"))
                && a.contains_key("file")
            {
                let r1 = s1.as_u64().unwrap() as usize..e1.as_u64().unwrap() as usize;
                let r2 = s2.as_u64().unwrap() as usize..e2.as_u64().unwrap() as usize;
                assert_eq!(a.get("file"), b.get("file"));
                if a.get("file") == Some(&Json::from(u16::MAX)) {
                    return 0;
                }
                let want = &c_text[r1.clone()];
                let got: String = d_text[r2.clone()].nfc().collect();
                assert_eq!(
                    want, got,
                    "span {r1:?} of the NFC file is {r2:?} of the NFD file"
                );
                return 1;
            }
            assert_eq!(a.len(), b.len());
            a.iter()
                .map(|(k, v)| same_but_spans(v, c_text, &b[k], d_text))
                .sum()
        }
        (Json::Array(a), Json::Array(b)) => {
            assert_eq!(a.len(), b.len());
            a.iter()
                .zip(b)
                .map(|(x, y)| same_but_spans(x, c_text, y, d_text))
                .sum()
        }
        _ => {
            assert_eq!(composed, decomposed);
            0
        }
    }
}

#[test]
fn decomposed_rule_files_build_the_same_program_with_spans_into_their_own_text() {
    for name in [
        "fritidsaktivitetsbidrag",
        "maxtaxa",
        "hemtjanst",
        "forsorjningsstod",
    ] {
        let text = std::fs::read_to_string(root().join(format!("examples/{name}.regel"))).unwrap();
        let decomposed = nfd(&text);
        assert_ne!(text, decomposed, "{name} has å, ä or ö");
        let a = build(name, &text);
        let b = build(name, &decomposed);
        let a_json = serde_json::to_value(a.program()).unwrap();
        let b_json = serde_json::to_value(b.program()).unwrap();
        let spans = same_but_spans(&a_json, &text, &b_json, &decomposed);
        assert!(spans >= 20, "{name}: only {spans} spans");
        // Every exempel passes in the decomposed build, and decides as in the composed one.
        let report = b.run_examples(default_date());
        assert!(report.results.iter().all(|r| r.passed()), "{name}");
        let (da, db) = (
            a.engine(Engine::Interpreter).unwrap(),
            b.engine(Engine::Interpreter).unwrap(),
        );
        for (ex, case) in a.example_cases() {
            let one = da
                .decide(&case, Some(default_date()))
                .unwrap()
                .to_json_string();
            let two = db
                .decide(&case, Some(default_date()))
                .unwrap()
                .to_json_string();
            assert_eq!(
                one.replace(&a.hash(), "<hash>"),
                two.replace(&b.hash(), "<hash>"),
                "{name}: exempel \"{ex}\""
            );
        }
    }
}

#[test]
fn a_nfc_file_builds_byte_for_byte_as_before() {
    // Normalising a file already in NFC changes nothing: the same pack hash.
    let text = std::fs::read_to_string(root().join("examples/maxtaxa.regel")).unwrap();
    let composed: String = text.nfc().collect();
    assert_eq!(build("m", &text).hash(), build("m", &composed).hash());
}

#[test]
fn decomposed_cases_decide_as_composed_ones_on_both_engines_and_paths() {
    let pack = build(
        "forsorjningsstod",
        &std::fs::read_to_string(root().join("examples/forsorjningsstod.regel")).unwrap(),
    );
    let case = std::fs::read_to_string(root().join("examples/fall/forsorjningsstod.json")).unwrap();
    let decomposed = nfd(&case);
    assert_ne!(case, decomposed);
    for engine in [Engine::Interpreter, Engine::Jit] {
        let decider = pack.engine(engine).unwrap();
        let want = decider.decide(&case, None).unwrap().to_json_string();
        // The owned path (`case::read`).
        let got = decider.decide(&decomposed, None).unwrap().to_json_string();
        assert_eq!(want, got, "{engine:?}");
        // The fast reader (`Session::write_json`), the path of a batch.
        let mut session = decider.session();
        let (mut one, mut two) = (Vec::new(), Vec::new());
        session.write_json(&case, None, &mut one).unwrap();
        session.write_json(&decomposed, None, &mut two).unwrap();
        assert_eq!(
            String::from_utf8(one).unwrap(),
            String::from_utf8(two).unwrap(),
            "{engine:?}"
        );
    }
}

#[test]
fn a_decomposed_text_value_is_kept_composed() {
    let source = "regelverk \"t\" { nämnd: \"n\" version: \"1\" }\n\
        uppgift namn: text { källa: sökande }\n\
        beslutsstöd b enligt \"1 §\" {\n  annars:\n    bifall { motivering: \"Sökande: {namn}.\" }\n}\n";
    let pack = build("t", source);
    let decider = pack.engine(Engine::Interpreter).unwrap();
    let composed = "{\"beslutsdatum\": \"2026-03-01\", \"namn\": \"Åsa Öberg\"}";
    let decomposed = nfd(composed);
    let mut session = decider.session();
    let (mut one, mut two) = (Vec::new(), Vec::new());
    session.write_json(composed, None, &mut one).unwrap();
    session.write_json(&decomposed, None, &mut two).unwrap();
    let two = String::from_utf8(two).unwrap();
    assert!(two.contains("Åsa Öberg"), "{two}");
    assert_eq!(String::from_utf8(one).unwrap(), two);
}
