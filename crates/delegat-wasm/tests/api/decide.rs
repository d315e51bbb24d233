//! `decide`, `schema` and `runExamples`.

use delegat_wasm::api;
use serde_json::{Value, json};

use crate::common::{example, parse};

/// The first exempel of `forsorjningsstod.regel` ("Ensamstående utan inkomst, 2024") as a
/// case, laid out on several lines as a form would send it.
pub const CASE: &str = r#"{
  "beslutsdatum": "2024-03-15",
  "ansökningsmånad": "2024-03-01",
  "första_ansökan": false,
  "ändrat_hushåll": false,
  "övriga_omständigheter": false,
  "har_tillgångar": false,
  "hushållsform": "ensamstående",
  "barn": [],
  "antal_i_bostaden": 1,
  "boendekostnad": "6 000 kr",
  "hushållsel": "300 kr",
  "arbetsresor": 0,
  "hemförsäkring": 150,
  "fackavgift_och_akassa": 0,
  "arbetsinkomst": 0,
  "månader_med_stöd_före_arbetet": 0,
  "månader_med_arbetsinkomst": 0,
  "övriga_inkomster": [],
  "ungdomars_arbetsinkomster": []
}"#;

#[test]
fn forsorjningsstod_decides_the_first_exempel_to_bifall_with_its_amount() {
    let result = parse(&api::decide(
        &example("forsorjningsstod"),
        "försörjningsstöd",
        CASE,
        "2026-12-07",
    ));
    let text = result["document"].as_str().unwrap();
    assert!(!text.contains('\n'), "one line, as a batch writes it");
    let document = parse(text);
    assert_eq!(document["utfall"], "bifall", "{document:#}");
    assert_eq!(document["belopp"], json!(11480));
    let letter = result["letter"].as_str().unwrap();
    assert!(letter.contains("11 480 kr"), "{letter}");
    let html = result["letterHtml"].as_str().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        html.contains("@page") && html.contains("11 480 kr"),
        "{html}"
    );
    assert_eq!(result["trace"], document["spår"]);
    assert!(result["trace"].as_array().is_some_and(|t| !t.is_empty()));
    // The default decision is the same one.
    let default = parse(&api::decide(
        &example("forsorjningsstod"),
        "",
        CASE,
        "2026-12-07",
    ));
    assert_eq!(default["document"], result["document"]);
}

#[test]
fn a_case_that_cannot_be_read_gives_the_runtimes_error_document_and_no_letter() {
    let case = CASE.replace(r#""antal_i_bostaden": 1"#, r#""antal_i_bostaden": "en""#);
    let result = parse(&api::decide(
        &example("forsorjningsstod"),
        "",
        &case,
        "2026-12-07",
    ));
    let document = parse(result["document"].as_str().unwrap());
    let text = document.to_string();
    assert!(text.contains("antal_i_bostaden"), "{document:#}");
    assert!(text.contains("E04"), "{document:#}");
    assert_eq!(result["letter"], Value::Null);
    assert_eq!(result["letterHtml"], Value::Null);
}

#[test]
fn errors_are_json_values_with_a_code_and_a_swedish_message() {
    let source = example("forsorjningsstod");
    let bad_date = parse(&api::decide(&source, "", CASE, "7/12/2026"));
    assert_eq!(bad_date["error"]["code"], "E0580");
    assert!(
        bad_date["error"]["message"]
            .as_str()
            .unwrap()
            .contains("ÅÅÅÅ-MM-DD")
    );
    let unknown = parse(&api::decide(&source, "bostadsbidrag", CASE, "2026-12-07"));
    assert!(
        unknown["error"]["code"]
            .as_str()
            .unwrap()
            .starts_with("E05"),
        "{unknown}"
    );
    let broken = source.replacen("beslut försörjningsstöd", "beslut försörjningsstöd :", 1);
    let refused = parse(&api::decide(&broken, "", CASE, "2026-12-07"));
    assert_eq!(refused["error"]["code"], "E0001");
    assert!(!refused["diagnostics"].as_array().unwrap().is_empty());
    assert_eq!(parse(&api::explain("E9999"))["error"]["code"], "E0580");
}

#[test]
fn the_schema_names_every_input() {
    let schema = parse(&api::schema(
        &example("forsorjningsstod"),
        "försörjningsstöd",
    ));
    let properties = schema["properties"].as_object().unwrap();
    assert!(properties.contains_key("ansökningsmånad"));
    assert!(properties.contains_key("ungdomars_arbetsinkomster"));
    assert_eq!(schema["additionalProperties"], json!(false));
}

#[test]
fn every_exempel_of_the_shipped_packs_passes_with_full_coverage() {
    for name in [
        "forsorjningsstod",
        "fritidsaktivitetsbidrag",
        "hemtjanst",
        "maxtaxa",
    ] {
        let result = parse(&api::run_examples(&example(name), "2026-12-07"));
        let examples = result["examples"].as_array().unwrap();
        assert!(examples.len() >= 10, "{name}");
        assert_eq!(result["failed"], json!(0), "{name}");
        assert_eq!(result["passed"], json!(examples.len()), "{name}");
        assert_eq!(result["coverage"]["complete"], json!(true), "{name}");
    }
    let first = &parse(&api::run_examples(
        &example("forsorjningsstod"),
        "2026-12-07",
    ))["examples"][0];
    assert_eq!(first["name"], "Ensamstående utan inkomst, 2024");
    assert_eq!(first["decision"], "försörjningsstöd");
    let source = example("forsorjningsstod");
    let at = source
        .find("exempel \"Ensamstående utan inkomst, 2024\"")
        .unwrap();
    assert_eq!(first["line"], json!(source[..at].matches('\n').count() + 1));
    assert_eq!(first["message"], Value::Null);
}

#[test]
fn a_failing_exempel_says_what_was_expected_and_what_came() {
    let source = example("forsorjningsstod").replacen(
        "försörjningsstöd = bifall med belopp 11 480 kr",
        "försörjningsstöd = bifall med belopp 11 481 kr",
        1,
    );
    let result = parse(&api::run_examples(&source, "2026-12-07"));
    assert_eq!(result["failed"], json!(1));
    let failed = &result["examples"][0];
    assert_eq!(failed["passed"], json!(false));
    let f = &failed["failures"][0];
    assert_eq!(f["target"], "försörjningsstöd");
    assert_eq!(f["expected"], "bifall med belopp 11 481 kr");
    assert_eq!(f["actual"], "bifall med belopp 11 480 kr");
    assert_eq!(
        failed["message"],
        "försörjningsstöd: förväntat bifall med belopp 11 481 kr, fick bifall med belopp 11 480 kr"
    );
}
