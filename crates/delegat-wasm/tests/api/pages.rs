//! `report`, `explain`, `codes` and `examples`.

use delegat_wasm::api;
use serde_json::Value;

use crate::common::{example, parse};

#[test]
fn the_report_is_the_namnds_html_page_with_the_checksum() {
    let html = api::report(&example("forsorjningsstod"));
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..100]);
    assert!(html.contains("försörjningsstöd"));
    // The checksum of the built pack, as in the decision documents.
    let decided = parse(&api::decide(
        &example("forsorjningsstod"),
        "",
        crate::decide::CASE,
        "2026-12-07",
    ));
    let document = parse(decided["document"].as_str().unwrap());
    let hex = document["regelverk"]["hash"].as_str().unwrap();
    assert_eq!(hex.len(), 64, "{document:#}");
    assert!(html.contains(hex));
}

#[test]
fn explain_gives_the_codes_page_and_codes_lists_every_code() {
    assert!(api::explain("e0001").starts_with("# E0001"));
    let codes = parse(&api::codes());
    let all = codes.as_array().unwrap();
    assert!(all.len() > 100);
    assert!(
        all.iter()
            .any(|c| c["code"] == "E0580" && c["severity"] == "fel")
    );
    assert!(
        all.iter()
            .any(|c| c["code"] == "W0301" && c["severity"] == "varning")
    );
}

#[test]
fn the_shipped_examples_are_all_compiled_in() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    let mut on_disk = Vec::new();
    for dir in ["examples", "examples/avvisade"] {
        for entry in std::fs::read_dir(format!("{root}{dir}")).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".regel") {
                on_disk.push(format!("{dir}/{name}"));
            }
        }
    }
    on_disk.sort();
    let mut compiled: Vec<String> = api::shipped_files().iter().map(|s| s.to_string()).collect();
    compiled.sort();
    assert_eq!(compiled, on_disk);
    let examples = parse(&api::examples());
    let first = &examples[0];
    assert_eq!(first["name"], "forsorjningsstod");
    assert_eq!(first["file"], "examples/forsorjningsstod.regel");
    assert_eq!(
        first["title"],
        "Ekonomiskt bistånd – försörjningsstöd: ett regelpaket med den riktiga riksnormen."
    );
    assert_eq!(first["source"], Value::String(example("forsorjningsstod")));
}
