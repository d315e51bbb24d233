//! Unit tests of the layout rules, each on a small file written carelessly.

use super::format;

fn fmt(source: &str) -> String {
    match format(source) {
        Ok(out) => {
            assert_eq!(format(&out).as_deref(), Ok(out.as_str()), "not idempotent");
            out
        }
        Err(diags) => panic!("not formatted: {diags:?}"),
    }
}

#[test]
fn indentation_spacing_and_blocks() {
    let source =
        "uppgift boendekostnad:belopp 0 kr..50000 kr{\nkälla : sökande\n      fråga: \"Hyra?\"}\n";
    assert_eq!(
        fmt(source),
        "uppgift boendekostnad: belopp 0 kr..50 000 kr {\n  källa: sökande\n  fråga: \"Hyra?\" }\n"
    );
}

#[test]
fn continuation_lines_are_one_level_deeper_and_keep_their_nesting() {
    let source = "\
regel r: belopp =
om a så b
annars c
  + d
regel s: heltal = 1
";
    assert_eq!(
        fmt(source),
        "\
regel r: belopp =
  om a så b
  annars c
    + d
regel s: heltal = 1
"
    );
}

#[test]
fn decision_branches() {
    let source = "\
beslut stöd enligt \"SoL\" {
avser: myndighetsutövning
när behov > inkomst:
bifall { belopp: behov - inkomst motivering: \"Behov {behov}.\" }
    annars:
       avslag
}
";
    assert_eq!(
        fmt(source),
        "\
beslut stöd enligt \"SoL\" {
  avser: myndighetsutövning
  när behov > inkomst:
    bifall { belopp: behov - inkomst  motivering: \"Behov {behov}.\" }
  annars:
    avslag
}
"
    );
}

#[test]
fn table_rows_are_aligned_and_amounts_grouped() {
    let source = "\
parameter p: tabell heltal -> belopp {
  från 2026-01-01: {
    0: 2130kr
    1..2: 2 380,5 kr
    11..: 1_000.50 kr
  }
}
";
    assert_eq!(
        fmt(source),
        "\
parameter p: tabell heltal -> belopp {
  från 2026-01-01: {
    0:    2 130 kr
    1..2: 2 380,5 kr
    11..: 1 000,50 kr
  }
}
"
    );
}

#[test]
fn comments_and_blank_line_groups_are_kept() {
    let source = "\n\n// Rubrik
/// Dok.
regel a: heltal = 1   // efter



regel b: heltal = välj x {
   // inne
   när a: 2


   annars: 3
     // sist
}
";
    assert_eq!(
        fmt(source),
        "\
// Rubrik
/// Dok.
regel a: heltal = 1 // efter

regel b: heltal = välj x {
  // inne
  när a: 2

  annars: 3
  // sist
}
"
    );
}

#[test]
fn calls_signs_ranges_and_records() {
    let source = "regel r: heltal -10 .. 10 = minsta( a ;-b ) + f(x).y * xs[ 1 ] - - 3\nregel p: P = { namn = \"Eva\" barn = [ { ålder = 1 } ] }\n";
    assert_eq!(
        fmt(source),
        "regel r: heltal -10..10 = minsta(a; -b) + f(x).y * xs[1] - -3\nregel p: P = { namn = \"Eva\"  barn = [{ ålder = 1 }] }\n"
    );
}

#[test]
fn a_file_with_syntax_errors_is_not_formatted() {
    let Err(diags) = format("regel a: heltal = (1\n") else {
        panic!("formatted a broken file");
    };
    assert_eq!(diags.first().map(|d| d.code.as_str()), Some("E0002"));
}

#[test]
fn an_empty_file_stays_empty() {
    assert_eq!(fmt(""), "");
    assert_eq!(
        fmt("\n\n// bara en kommentar\n\n"),
        "// bara en kommentar\n"
    );
}

#[test]
fn an_appeal_route_under_a_dated_citation_is_one_level_in() {
    let source = "\
lagrum rätt {
från 2019-01-01: \"SoL (2001:453) 4 kap. 1 §\"
överklagas: förvaltningsbesvär enligt \"SoL (2001:453) 16 kap. 3 §\"
      från 2025-07-01: \"SoL (2025:400) 12 kap. 1 §\"
  överklagas: förvaltningsbesvär enligt \"SoL (2025:400) 35 kap. 1 §\"
}
";
    assert_eq!(
        fmt(source),
        "\
lagrum rätt {
  från 2019-01-01: \"SoL (2001:453) 4 kap. 1 §\"
    överklagas: förvaltningsbesvär enligt \"SoL (2001:453) 16 kap. 3 §\"
  från 2025-07-01: \"SoL (2025:400) 12 kap. 1 §\"
    överklagas: förvaltningsbesvär enligt \"SoL (2025:400) 35 kap. 1 §\"
}
"
    );
}

#[test]
fn decomposed_letters_are_written_composed() {
    let source = "regel ho\u{308}gst: heltal   = 3 // sa\u{308}ger na\u{308}mnden\n";
    assert_eq!(fmt(source), "regel högst: heltal = 3 // säger nämnden\n");
}
