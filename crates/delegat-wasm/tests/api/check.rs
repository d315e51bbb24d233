//! `check` and `format`.

use delegat_wasm::api;
use serde_json::{Value, json};

use crate::common::{example, parse};

/// The UTF-16 offset of a byte offset of `text`: what a JavaScript string index is.
fn utf16(text: &str, byte: usize) -> u64 {
    text.get(..byte).map_or(0, |s| s.encode_utf16().count()) as u64
}

/// The errors of a `check` result.
fn errors(result: &Value) -> Vec<Value> {
    result["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] == "fel")
        .cloned()
        .collect()
}

#[test]
fn a_typo_on_a_line_with_swedish_letters_points_at_the_word_in_utf16_units() {
    let line = "uppgift månader_med_stöd_före_arbetet: heltal 0..600 {";
    let typo = "uppgift månader_med_stöd_före_arbetet heltal 0..600 {";
    let source = example("forsorjningsstod").replacen(line, typo, 1);
    let result = parse(&api::check(&source));
    let errors = errors(&result);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(e["code"], "E0001");
    assert_eq!(e["message"], "förväntade `:`, men hittade `heltal`");
    assert_eq!(e["label"], "här förväntades `:`");
    let byte = source.find(typo).unwrap() + "uppgift månader_med_stöd_före_arbetet ".len();
    // The line of the typo (1-based), and the column in characters (39: the word after
    // the name with its three å/ö).
    let line_no = source[..byte].matches('\n').count() + 1;
    assert_eq!((&e["line"], &e["column"]), (&json!(line_no), &json!(39)));
    let from = e["from"].as_u64().unwrap();
    assert_eq!(from, utf16(&source, byte));
    assert_eq!(e["to"].as_u64().unwrap(), from + "heltal".len() as u64);
    // The file has å, ä and ö before the line, and the line has ö before the word: a
    // byte offset would point past it.
    assert!(from < byte as u64);
    let units: Vec<u16> = source.encode_utf16().collect();
    let word = String::from_utf16_lossy(&units[from as usize..from as usize + 6]);
    assert_eq!(word, "heltal");
    assert_eq!(result["decisions"], json!([]));
}

#[test]
fn an_unknown_name_is_e0102_at_each_use() {
    let source = example("forsorjningsstod").replacen(
        "uppgift månader_med_stöd_före_arbetet:",
        "uppgift månader_med_stöd_innan_arbetet:",
        1,
    );
    let result = parse(&api::check(&source));
    let errors = errors(&result);
    assert!(!errors.is_empty());
    for e in &errors {
        assert_eq!(e["code"], "E0102");
        let message = e["message"].as_str().unwrap();
        assert!(
            message.ends_with("`månader_med_stöd_före_arbetet` finns inte"),
            "{message}"
        );
        let (from, to) = (e["from"].as_u64().unwrap(), e["to"].as_u64().unwrap());
        let units: Vec<u16> = source.encode_utf16().collect();
        let word = String::from_utf16_lossy(&units[from as usize..to as usize]);
        assert_eq!(word, "månader_med_stöd_före_arbetet");
    }
}

#[test]
fn the_shipped_examples_have_no_errors_and_name_their_decisions() {
    for (name, decision) in [
        ("forsorjningsstod", "försörjningsstöd"),
        ("fritidsaktivitetsbidrag", "fritidsaktivitetsbidrag"),
        ("hemtjanst", "avgift_för_hemtjänst"),
        ("maxtaxa", "förslag_till_avgift"),
    ] {
        let result = parse(&api::check(&example(name)));
        assert_eq!(errors(&result), Vec::<Value>::new(), "{name}");
        assert_eq!(result["decisions"], json!([decision]), "{name}");
    }
}

#[test]
fn a_used_file_cannot_be_read_in_the_browser() {
    let source = format!("använd \"tabeller.regel\"\n{}", example("maxtaxa"));
    let result = parse(&api::check(&source));
    let errors = errors(&result);
    assert!(!errors.is_empty());
    let e = &errors[0];
    assert_eq!(e["line"], json!(1));
    assert!(
        e["message"].as_str().unwrap().contains("tabeller.regel"),
        "{e:#}"
    );
}

#[test]
fn format_gives_the_canonical_text_or_the_syntax_errors() {
    let source = example("maxtaxa");
    // The shipped examples are formatted (CI checks it): formatting changes nothing.
    assert_eq!(
        parse(&api::format(&source)),
        json!({ "ok": true, "text": source })
    );
    let messy = source.replacen(
        "beslutsstöd förslag_till_avgift",
        "beslutsstöd   förslag_till_avgift",
        1,
    );
    assert_eq!(parse(&api::format(&messy))["text"], json!(source));

    let broken = source.replacen(
        "beslutsstöd förslag_till_avgift",
        "beslutsstöd förslag_till_avgift :",
        1,
    );
    let result = parse(&api::format(&broken));
    assert_eq!(result["ok"], json!(false));
    let diagnostics = result["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    assert!(diagnostics.iter().all(|d| d["severity"] == "fel"));
    assert!(diagnostics.iter().all(|d| d["from"].is_u64()));
}
