//! The structural diff of rule definitions on real packs built from the shipped
//! försörjningsstöd text: one rule's body changed is named (with its citation) and its
//! effect put down to that rule; an outcome's condition changed is named; the same
//! definitions in another order (every id renumbered) are no change.

use delegat_impact::diff::{Change, diff};
use delegat_impact::{Cause, Outcome};

use crate::{cases, pack, run, source};

/// `text` with `from` replaced by `to`, once; `from` must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the shipped pack has `{from}`");
    text.replacen(from, to, 1)
}

#[test]
fn a_changed_rule_body_is_named_with_its_citation_and_explains_the_flips() {
    let text = source();
    let changed = edit(
        &text,
        "= riksnorm + godtagna_kostnader\n",
        "= riksnorm + godtagna_kostnader + 100 kr\n",
    );
    let (old, new) = (pack(&text), pack(&changed));
    assert_eq!(
        diff(old.program(), new.program()),
        vec![Change::Rule {
            name: "behov".to_owned(),
            enligt: Some("SoL (2025:400) 12 kap. 7 §".to_owned()),
        }]
    );
    // The effect: every changed case is put down to the rule `behov` (the first value the
    // two traces disagree on), and a household that got bifall gets 100 kr more.
    let facts = run(&old, &new, &cases(2_000, 11), 2);
    assert!(facts.changed > 100, "{}", facts.changed);
    assert_eq!(facts.flips(Outcome::Bifall, Outcome::Avslag), 0);
    for g in &facts.groups {
        assert!(
            matches!(&g.cause, Cause::Rule { name, .. } if name == "behov"),
            "{g:?}"
        );
    }
    let same = facts
        .groups
        .iter()
        .find(|g| g.from == Outcome::Bifall && g.to == Outcome::Bifall)
        .unwrap();
    assert_eq!((same.delta_min, same.delta_max), (10_000, 10_000));
}

#[test]
fn a_changed_condition_of_an_outcome_is_named() {
    let text = source();
    let changed = edit(
        &text,
        "  när behov > inkomst:\n",
        "  när behov >= inkomst:\n",
    );
    let changes = diff(pack(&text).program(), pack(&changed).program());
    assert_eq!(changes.len(), 1, "{changes:?}");
    let Change::Outcome {
        decision,
        text,
        part,
    } = &changes[0]
    else {
        panic!("{changes:?}")
    };
    assert_eq!((decision.as_str(), *part), ("försörjningsstöd", "villkor"));
    assert!(
        text.starts_with("bifall \"Hushållets behov är {…}"),
        "{text}"
    );
}

#[test]
fn the_same_definitions_in_another_order_are_no_change() {
    let text = source();
    // The first rule moved to the end of the file, and two parameters swapped: every rule
    // and parameter id and most expression ids are renumbered.
    let first = "regel antal_barn: heltal = antal(för b i barn)\n";
    let el = "parameter tak_hushållsel: belopp enligt \"Riktlinjer för ekonomiskt bistånd, Exempelkommun 2024\" {\n";
    let resor = "parameter tak_arbetsresor: belopp enligt \"Riktlinjer för ekonomiskt bistånd, Exempelkommun 2024\" {\n";
    let block = |at: &str| -> String {
        let start = text.find(at).unwrap();
        let end = start + text[start..].find("\n}\n").unwrap() + 3;
        text[start..end].to_owned()
    };
    let (a, b) = (block(el), block(resor));
    let moved = edit(&text, first, "")
        .replacen(&a, "@@A@@", 1)
        .replacen(&b, &a, 1)
        .replacen("@@A@@", &b, 1)
        + "\n"
        + first;
    let (old, new) = (pack(&text), pack(&moved));
    let (po, pn) = (old.program(), new.program());
    assert_ne!(
        po.rules[0].name, pn.rules[0].name,
        "the rules are renumbered"
    );
    let param = |p: &delegat_ir::Program, name: &str| p.params.iter().position(|x| x.name == name);
    assert_ne!(
        param(po, "tak_hushållsel"),
        param(pn, "tak_hushållsel"),
        "the parameters are renumbered"
    );
    assert_ne!(old.hash(), new.hash());
    assert_eq!(diff(po, pn), vec![]);
    // And the decisions agree.
    assert_eq!(run(&old, &new, &cases(500, 2), 1).changed, 0);
}

#[test]
fn a_changed_exception_is_a_change() {
    let text = source();
    let changed = edit(&text, "arbetsinkomst * 75 %", "arbetsinkomst * 70 %");
    assert_eq!(
        diff(pack(&text).program(), pack(&changed).program()),
        vec![Change::Rule {
            name: "räknad_arbetsinkomst".to_owned(),
            enligt: pack(&text)
                .program()
                .rules
                .iter()
                .find(|r| r.name == "räknad_arbetsinkomst")
                .unwrap()
                .enligt
                .clone(),
        }]
    );
}

/// A parameter written as percentages is named in the diff as a reader writes it (`50 %`,
/// not `0,5`), as the letter and the trace show it.
#[test]
fn a_changed_percentage_is_shown_as_one() {
    let text = r#"
regelverk "Andel" {
  nämnd: "Testnämnden"
  version: "1"
}

uppgift inkomst: belopp 0 kr..100 000 kr { källa: sökande }

parameter andel: tal enligt "Testlagen 1 §" {
  från 2025-01-01: 50 %
}

beslut stöd enligt "SoL (2025:400) 12 kap. 1 §" {
  avser: myndighetsutövning
  överklagande: förvaltningsbesvär

  när inkomst < 5 000 kr:
    bifall { belopp: inkomst * andel  motivering: "Andelen är {andel}." }
  annars:
    avslag { motivering: "Inkomsten {inkomst} är för hög." }
}
"#;
    let changed = edit(text, "från 2025-01-01: 50 %", "från 2025-01-01: 60 %");
    assert_eq!(
        diff(pack(text).program(), pack(&changed).program()),
        vec![Change::Version {
            name: "andel".to_owned(),
            from: "2025-01-01".to_owned(),
            old: Some("50 %".to_owned()),
            new: Some("60 %".to_owned()),
        }]
    );
}
