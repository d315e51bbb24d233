//! The parser never panics and never overflows its stack: arbitrary text, mutated fixtures
//! and pathologically deep nesting all come back as a tree and diagnostics.

use delegat_diagnostics::{Code, FileId};
use proptest::prelude::*;

fn parse(text: &str) -> Vec<Code> {
    let (_, diags) = delegat_syntax::parse(FileId(0), text);
    for d in &diags {
        let span = d.primary.span;
        assert!(
            span.start <= span.end && span.end as usize <= text.len(),
            "{d:?}"
        );
    }
    diags.iter().map(|d| d.code).collect()
}

fn ok_fixtures() -> Vec<String> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/parse/ok");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    texts.sort();
    assert!(texts.len() > 10, "the ok fixtures were not found");
    texts
}

#[test]
fn deep_parentheses_are_e0014() {
    let text = format!(
        "regel a: heltal = {}1{}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    assert_eq!(parse(&text), [Code::E0014]);
    let open_only = format!("regel a: heltal = {}1\n", "(".repeat(10_000));
    assert_eq!(parse(&open_only), [Code::E0014]);
}

#[test]
fn deep_om_is_e0014() {
    let text = format!("regel a: heltal = {}1\n", "om a så ".repeat(10_000));
    assert_eq!(parse(&text), [Code::E0014]);
    let with_else = format!(
        "regel a: heltal = {}1{}\n",
        "om a så ".repeat(10_000),
        " annars 2".repeat(10_000)
    );
    assert_eq!(parse(&with_else), [Code::E0014]);
}

#[test]
fn long_else_if_chains_are_e0014() {
    let text = format!(
        "regel a: heltal = {}2\n",
        "om a så 1 annars ".repeat(10_000)
    );
    assert_eq!(parse(&text), [Code::E0014]);
    let ok = format!("regel a: heltal = {}2\n", "om a så 1 annars ".repeat(40));
    assert_eq!(parse(&ok), []);
    // Chains in separate branches do not add up.
    let branches = format!(
        "regel a: heltal = välj {{ {} annars: 3 }}\n",
        format!("när x: {}2 ", "om a så 1 annars ".repeat(40)).repeat(40)
    );
    assert_eq!(parse(&branches), []);
}

#[test]
fn deep_unary_is_e0014() {
    for op in ["- ", "-", "inte "] {
        let text = format!("regel a: heltal = {}1\n", op.repeat(10_000));
        assert_eq!(parse(&text), [Code::E0014], "{op}");
    }
}

#[test]
fn deep_brackets_texts_and_choices_are_e0014() {
    let lists = format!(
        "regel a: heltal = {}1{}\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    assert_eq!(parse(&lists), [Code::E0014]);
    let texts = format!(
        "regel a: text = {}x{}\n",
        "\"{".repeat(2_000),
        "}\"".repeat(2_000)
    );
    assert_eq!(parse(&texts), [Code::E0014]);
    let valj = format!(
        "regel a: heltal = {}1{}\n",
        "välj { när a: ".repeat(2_000),
        " annars: 2 }".repeat(2_000)
    );
    assert_eq!(parse(&valj), [Code::E0014]);
    let records = format!(
        "regel a: heltal = {}{}\n",
        "{ a = ".repeat(3_000),
        "}".repeat(3_000)
    );
    assert_eq!(parse(&records), [Code::E0014]);
}

#[test]
fn nesting_just_below_the_limit_parses() {
    let text = format!("regel a: heltal = {}1{}\n", "(".repeat(60), ")".repeat(60));
    assert_eq!(parse(&text), []);
    let om = format!(
        "regel a: heltal = {}1{}\n",
        "om a så ".repeat(60),
        " annars 2".repeat(60)
    );
    assert_eq!(parse(&om), []);
}

#[test]
fn long_chains_are_e0014_not_a_deep_tree() {
    let text = format!("regel a: heltal = 1{}\n", " + 1".repeat(50_000));
    assert_eq!(parse(&text), [Code::E0014]);
    let fields = format!("regel a: heltal = a{}\n", ".b".repeat(50_000));
    assert_eq!(parse(&fields), [Code::E0014]);
    let short = format!("regel a: heltal = 1{}\n", " + 1".repeat(200));
    assert_eq!(parse(&short), []);
}

#[test]
fn crlf_line_ends_and_a_byte_order_mark_read_the_same() {
    for text in ok_fixtures() {
        let crlf = format!("\u{FEFF}{}", text.replace('\n', "\r\n"));
        let (plain, _) = delegat_syntax::parse(FileId(0), &text);
        let (windows, diags) = delegat_syntax::parse(FileId(0), &crlf);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(plain.items.len(), windows.items.len());
    }
}

#[test]
fn many_items_and_errors() {
    let text = "regel a: heltal = \n".repeat(2_000);
    let codes = parse(&text);
    assert_eq!(codes.len(), 2_000);
}

proptest! {
    // 256 cases by default (CI has two cores); `PROPTEST_CASES=5000` searches harder.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        parse(&text);
    }

    #[test]
    fn token_soup_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("regel "), Just("uppgift "), Just("beslut "), Just("om "), Just("så "), Just("annars "),
        Just("välj "), Just("när "), Just("{"), Just("}"), Just("("), Just(")"), Just("["), Just("]"),
        Just("\""), Just(":"), Just("="), Just(";"), Just(","), Just(".."), Just("1 000 "),
        Just("3 kr "), Just("2026-02-30 "), Just("x "), Just("+ "), Just("- "), Just("< "),
        Just("\n"), Just("/*"), Just("*/"), Just("//"), Just("{{"), Just("}}"), Just("för "),
        Just("i "), Just("summa"), Just("12,5 "), Just("%"), Just("|"), Just("->"), Just("ja/nej "),
    ], 0..80)) {
        parse(&parts.concat());
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..1000,
        edits in proptest::collection::vec((0usize..10_000, 0usize..8, any::<u8>(), 0u8..3), 1..6),
    ) {
        let fixtures = ok_fixtures();
        let mut bytes = fixtures[which % fixtures.len()].clone().into_bytes();
        for (at, len, byte, kind) in edits {
            let at = at % (bytes.len() + 1);
            let end = (at + len).min(bytes.len());
            match kind {
                0 => { bytes.drain(at..end); }
                1 => bytes.insert(at, byte),
                _ => if at < bytes.len() { bytes[at] = byte },
            }
        }
        parse(&String::from_utf8_lossy(&bytes));
    }
}
