//! Spans in the tree are exact: other phases point their diagnostics at them.

use delegat_diagnostics::{FileId, Span};
use delegat_syntax::ast::{
    ExprKind, ItemKind, OutcomeBody, ParamValue, TextPart, TypeExprKind, ValjPattern,
};

const TEXT: &str = r#"/// Dokumentation.
regel kostnad(b: Barn; n: heltal): belopp enligt "SoL" =
  antal_vuxna * vuxen   // kommentar
  + summa(för b i barn där b.ålder < 7: tabell_b[b.ålder])   /* slut */
  undantag enligt "R 3.2" när hyra > tak: tak

parameter p: tabell heltal -> belopp {
  från 2026-01-01: {
    0: 2 250 kr
    1..2:   2 580 kr
  }
}

beslut stöd enligt "SoL 4 kap." {
  när behov > inkomst:
    bifall { belopp: behov - inkomst   motivering: "Behov {behov}." }
  annars: avslag { motivering: "x" }
}

regel v: heltal = välj boende { när villa | hyresrätt: 1  annars: 2 }
"#;

fn at(span: Span) -> &'static str {
    &TEXT[span.range()]
}

#[test]
fn spans_point_at_what_they_name() {
    let (file, diags) = delegat_syntax::parse(FileId(3), TEXT);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(file.items.len(), 4);
    assert!(file.items.iter().all(|i| i.span.file == FileId(3)));

    let regel = &file.items[0];
    assert_eq!(regel.doc.as_deref(), Some("Dokumentation."));
    assert!(at(regel.span).starts_with("regel kostnad("));
    assert!(at(regel.span).ends_with("när hyra > tak: tak"));
    let ItemKind::Regel(r) = &regel.kind else {
        panic!()
    };
    assert_eq!(at(r.name.span), "kostnad");
    assert_eq!(at(r.params[0].span), "b: Barn");
    assert_eq!(at(r.params[1].ty.span), "heltal");
    assert_eq!(at(r.enligt.as_ref().unwrap().span()), "\"SoL\"");
    assert_eq!(
        at(r.body.span),
        "antal_vuxna * vuxen   // kommentar\n  + summa(för b i barn där b.ålder < 7: tabell_b[b.ålder])"
    );
    let ExprKind::Binary(_, lhs, rhs) = &r.body.kind else {
        panic!()
    };
    assert_eq!(at(lhs.span), "antal_vuxna * vuxen");
    assert_eq!(
        at(rhs.span),
        "summa(för b i barn där b.ålder < 7: tabell_b[b.ålder])"
    );
    let ExprKind::Aggregate(agg) = &rhs.kind else {
        panic!()
    };
    assert_eq!(at(agg.var.span), "b");
    assert_eq!(at(agg.list.span), "barn");
    assert_eq!(at(agg.filter.as_ref().unwrap().span), "b.ålder < 7");
    let body = agg.body.as_ref().unwrap();
    assert_eq!(at(body.span), "tabell_b[b.ålder]");
    let ExprKind::Index(_, key) = &body.kind else {
        panic!()
    };
    assert_eq!(at(key.span), "b.ålder");
    let ExprKind::Field(_, field) = &key.kind else {
        panic!()
    };
    assert_eq!(at(field.span), "ålder");
    assert_eq!(
        at(r.undantag[0].span),
        "undantag enligt \"R 3.2\" när hyra > tak: tak"
    );
    assert_eq!(at(r.undantag[0].cond.span), "hyra > tak");

    let ItemKind::Parameter(p) = &file.items[1].kind else {
        panic!()
    };
    assert_eq!(at(p.ty.span), "tabell heltal -> belopp");
    let TypeExprKind::Tabell(k, _) = &p.ty.kind else {
        panic!()
    };
    assert_eq!(at(k.span), "heltal");
    assert_eq!(at(p.values[0].from.span), "2026-01-01");
    let ParamValue::Table(t) = &p.values[0].value else {
        panic!()
    };
    assert_eq!(at(t.entries[1].key.span), "1..2");
    assert_eq!(at(t.entries[1].value.span), "2 580 kr");
    assert_eq!(at(t.entries[0].span), "0: 2 250 kr");

    let ItemKind::Beslut(b) = &file.items[2].kind else {
        panic!()
    };
    assert_eq!(at(b.name.span), "stöd");
    assert_eq!(at(b.branches[0].cond.span), "behov > inkomst");
    let OutcomeBody::Bifall { belopp, motivering } = &b.branches[0].outcome.kind else {
        panic!()
    };
    assert_eq!(at(belopp.as_ref().unwrap().span), "behov - inkomst");
    let motivering = motivering.as_ref().unwrap();
    assert_eq!(at(motivering.span), "\"Behov {behov}.\"");
    let TextPart::Interp(e) = &motivering.parts[1] else {
        panic!()
    };
    assert_eq!(at(e.span), "behov");
    assert_eq!(at(b.annars_span.unwrap()), "annars");
    assert_eq!(
        at(b.otherwise.as_ref().unwrap().span),
        "avslag { motivering: \"x\" }"
    );

    let ItemKind::Regel(v) = &file.items[3].kind else {
        panic!()
    };
    let ExprKind::Valj(valj) = &v.body.kind else {
        panic!()
    };
    assert_eq!(at(valj.subject.as_ref().unwrap().span), "boende");
    let ValjPattern::Variants(vs) = &valj.arms[0].pattern else {
        panic!()
    };
    assert_eq!(at(vs[1].span), "hyresrätt");
    assert_eq!(at(valj.arms[0].span), "när villa | hyresrätt: 1");
    assert_eq!(at(valj.annars_span.unwrap()), "annars");
}

#[test]
fn diagnostics_come_in_source_order_across_items() {
    let text = "regel a: heltal = 2026-02-30\nregel så: heltal = 1\nregel b: heltal = f(1, 2)\n";
    let (file, diags) = delegat_syntax::parse(FileId(0), text);
    assert!(file.items.is_empty());
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0006", "E0003", "E0009"]);
    assert_eq!(&text[diags[1].primary.span.range()], "så");
}

/// `text` with every `å`, `ä` and `ö` decomposed (a letter and a combining mark).
fn decomposed(text: &str) -> String {
    text.replace('å', "a\u{30a}")
        .replace('ä', "a\u{308}")
        .replace('ö', "o\u{308}")
}

#[test]
fn decomposed_letters_read_as_composed_and_spans_point_into_the_original() {
    let original = decomposed(
        "uppgift årskurs: heltal { källa: sökande }\nregel högst: heltal = om årskurs >= 3 så 1 annars 2\n",
    );
    let (file, diags) = delegat_syntax::parse(FileId(0), &original);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(file.items.len(), 2);
    let ItemKind::Regel(r) = &file.items[1].kind else {
        panic!()
    };
    // The name is composed (NFC), and its span covers the decomposed bytes.
    assert_eq!(r.name.name, "högst");
    assert_eq!(&original[r.name.span.range()], "ho\u{308}gst");
    assert!(original[file.items[1].span.range()].ends_with("annars 2"));
}

#[test]
fn an_error_after_decomposed_letters_points_at_the_right_bytes() {
    let original = decomposed("regel högsta_ålder: heltal = 3 +\n");
    let (_, diags) = delegat_syntax::parse(FileId(0), &original);
    assert_eq!(diags.len(), 1, "{diags:?}");
    // The error is at the end of the line, after `+`: right after the decomposed text.
    let at = diags[0].primary.span.start as usize;
    assert_eq!(
        original.get(..at).map(str::trim_end),
        Some(original.trim_end())
    );
}
