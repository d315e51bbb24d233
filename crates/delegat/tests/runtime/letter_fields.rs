//! What the letter reads from the pack and the case (docs/language.md §4): the decision's
//! title, the delegation point, the appeal instance, the full bifall that leaves the appeal
//! notice out (FL 33 §), the case's reference, the values shown with the jurist's labels,
//! the nämnd's contact and page on personal data. The same on both engines, and through a
//! `Session`, whose fast reader fills only the JIT's frame.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "helpers of integration tests fail loudly"
)]

use delegat::{Date, Engine, NoLoader, Pack, Utfall};

const SOURCE: &str = r#"
regelverk "Bygglovsavgift" {
  nämnd: "Byggnadsnämnden i Exempelkommun"
  version: "1"
  kontakt: "Bygglovsenheten, telefon 000-000 00 00"
  personuppgifter: "https://www.exempelkommun.se/personuppgifter"
}

uppgift diarienummer: text {
  källa: handläggare
}

uppgift yta: heltal 0..10000 {
  källa: sökande
  fråga: "Hur stor är byggnaden i kvadratmeter?"
}

parameter pris_per_kvadratmeter: belopp enligt "Taxa, Exempelkommun (exempelvärde)" {
  från 2026-01-01: 12,50 kr
}

regel bidrag: belopp enligt "Taxa, Exempelkommun (exempelvärde)" = yta * pris_per_kvadratmeter

// A made-up act: the test needs a basis that gives förvaltningsbesvär.
lagrum stödlagen {
  från 2026-01-01: "Exempellagen (2026:0) om stöd 3 §"
    överklagas: förvaltningsbesvär enligt "Exempellagen (2026:0) om stöd 9 §"
}

beslut stöd enligt stödlagen {
  avser: myndighetsutövning
  överklagande: förvaltningsbesvär
  titel: "Stöd till solceller"
  delegeringspunkt: "punkt 7.3"
  överklagas_hos: "länsstyrelsen"
  helt_bifall: ja
  ärendenummer: diarienummer
  visa: {
    yta = "Byggnadens yta i kvadratmeter"
    pris_per_kvadratmeter = "Stöd per kvadratmeter"
    bidrag = "Stödet"
  }
  när yta > 100:
    bifall { belopp: bidrag  motivering: "Byggnaden är {yta} kvadratmeter." }
  annars:
    avslag { motivering: "Byggnaden är {yta} kvadratmeter, och stöd ges för mer än 100." }
}
"#;

fn letters(case: &str) -> (Utfall, String) {
    let pack = match Pack::from_source("stod.regel", SOURCE, &mut NoLoader) {
        Ok(p) => p,
        Err(e) => panic!("refused:\n{}", e.render(false)),
    };
    let date = Some(Date::from_ymd(2026, 3, 1).unwrap());
    let mut out = Vec::new();
    for engine in [Engine::Interpreter, Engine::Jit] {
        let d = pack.engine(engine).unwrap().with_decision("stöd").unwrap();
        let decided = d.decide(case, date).unwrap();
        let in_session = d.session().decide(case, date).unwrap();
        assert_eq!(decided, in_session, "{engine:?}");
        out.push((decided.utfall, decided.letter()));
    }
    let second = out.pop().unwrap();
    let first = out.pop().unwrap();
    assert_eq!(first, second, "the engines' letters differ");
    first
}

#[test]
fn a_full_bifall_has_no_appeal_notice_and_shows_the_marked_values() {
    let (utfall, letter) = letters(r#"{"diarienummer": "BYGG 2026-17", "yta": 140}"#);
    assert_eq!(utfall, Utfall::Bifall);
    insta::assert_snapshot!("full_bifall", letter);
    assert!(!letter.contains("Hur man överklagar"), "{letter}");
}

/// The HTML letter has the text letter's parts; the whole page is a snapshot, read when it
/// changes (and rendered by Chromium in delegat-cli's `letter_chromium` test).
#[test]
fn the_html_letter_of_a_full_bifall() {
    let pack = Pack::from_source("stod.regel", SOURCE, &mut NoLoader).unwrap();
    let d = pack
        .engine(Engine::Jit)
        .unwrap()
        .with_decision("stöd")
        .unwrap();
    let date = Some(Date::from_ymd(2026, 3, 1).unwrap());
    let decision = d
        .decide(r#"{"diarienummer": "BYGG 2026-17", "yta": 140}"#, date)
        .unwrap();
    let html = decision.letter_html(Some("bilder/logotyp.svg"));
    insta::assert_snapshot!("full_bifall_html", html);
    assert_eq!(
        html.matches("<h2>").count(),
        decision
            .letter()
            .lines()
            .filter(|l| [
                "Beslut",
                "Motivering",
                "Hur beslutet har fattats",
                "Om du anser att beslutet är fel",
                "Kontakt",
                "Dina personuppgifter"
            ]
            .contains(l))
            .count()
    );
}

#[test]
fn an_avslag_is_appealed_to_the_instance_the_pack_names() {
    let (utfall, letter) = letters(r#"{"diarienummer": "BYGG 2026-18", "yta": 80}"#);
    assert_eq!(utfall, Utfall::Avslag);
    assert!(
        letter.contains("Om du inte är nöjd med beslutet kan du överklaga det hos länsstyrelsen."),
        "{letter}"
    );
    assert!(
        letter.contains(
            "Skicka överklagandet till Byggnadsnämnden i Exempelkommun, inte till länsstyrelsen."
        ),
        "{letter}"
    );
    assert!(
        letter.contains("Ange också ärendenummer BYGG 2026-18."),
        "{letter}"
    );
    assert!(!letter.contains("förvaltningsrätten"), "{letter}");
    // The rule `bidrag` was not computed on this branch: it is not shown.
    assert!(
        letter.contains("- Byggnadens yta i kvadratmeter: 80\n"),
        "{letter}"
    );
    assert!(!letter.contains("Stödet:"), "{letter}");
}

#[test]
fn the_json_appeal_notice_names_the_instance_too() {
    let pack = Pack::from_source("stod.regel", SOURCE, &mut NoLoader).unwrap();
    let d = pack
        .engine(Engine::Interpreter)
        .unwrap()
        .with_decision("stöd")
        .unwrap();
    let date = Some(Date::from_ymd(2026, 3, 1).unwrap());
    let decision = d
        .decide(r#"{"diarienummer": "X", "yta": 80}"#, date)
        .unwrap();
    let json = decision.to_json();
    assert_eq!(
        json["överklagande"].as_str().unwrap(),
        "Du kan överklaga beslutet hos länsstyrelsen. Skicka ditt överklagande till \
         Byggnadsnämnden i Exempelkommun. Skriv vilket beslut du överklagar och vilken ändring \
         du vill ha. Överklagandet ska ha kommit in inom tre veckor från den dag du fick del \
         av beslutet."
    );
    // The title a reader sees (the playground's heading) is the decision's `titel:`.
    assert_eq!(decision.title(), "Stöd till solceller");
    // The letter's fields are not part of the document.
    assert!(
        json.get("titel").is_none() && json.get("visa").is_none(),
        "{json}"
    );
}

/// FL 33 §: the JSON document's `överklagande` is there exactly when the letter gives the
/// appeal notice — for an avslag, and for a bifall unless the decision says every bifall is
/// full — on both engines, in the owned decision and in the line a session writes.
#[test]
fn the_json_carries_the_appeal_notice_exactly_when_the_letter_does() {
    let partial = SOURCE.replace("  helt_bifall: ja\n", "");
    let date = Some(Date::from_ymd(2026, 3, 1).unwrap());
    let bifall = r#"{"diarienummer": "X", "yta": 140}"#;
    let avslag = r#"{"diarienummer": "X", "yta": 80}"#;
    // (source, case, outcome, the notice expected in the JSON)
    let rows = [
        (SOURCE, bifall, Utfall::Bifall, None),
        (
            partial.as_str(),
            bifall,
            Utfall::Bifall,
            Some(
                "Om beslutet har gått dig emot, helt eller delvis, kan du överklaga det hos \
                 länsstyrelsen. Skicka ditt överklagande till Byggnadsnämnden i Exempelkommun. \
                 Skriv vilket beslut du överklagar och vilken ändring du vill ha. Överklagandet \
                 ska ha kommit in inom tre veckor från den dag du fick del av beslutet.",
            ),
        ),
        (SOURCE, avslag, Utfall::Avslag, Some("Du kan överklaga")),
        (
            partial.as_str(),
            avslag,
            Utfall::Avslag,
            Some("Du kan överklaga"),
        ),
    ];
    for (source, case, utfall, notice) in rows {
        let pack = Pack::from_source("stod.regel", source, &mut NoLoader).unwrap();
        for engine in [Engine::Interpreter, Engine::Jit] {
            let d = pack.engine(engine).unwrap().with_decision("stöd").unwrap();
            let decision = d.decide(case, date).unwrap();
            assert_eq!(decision.utfall, utfall);
            let owned = decision.to_json_string();
            let mut line = Vec::new();
            d.session().write_json(case, date, &mut line).unwrap();
            assert_eq!(String::from_utf8(line).unwrap(), owned, "{engine:?}");
            let json = decision.to_json();
            let got = json.get("överklagande").and_then(|n| n.as_str());
            match notice {
                None => assert_eq!(got, None, "{engine:?} {case}"),
                Some(n) => assert!(got.unwrap().starts_with(n), "{engine:?} {case}: {got:?}"),
            }
            assert_eq!(
                got.is_some(),
                decision.letter().contains("\nHur man överklagar\n"),
                "{engine:?} {case}"
            );
        }
    }
}

/// Values as a Swedish reader expects them: a `tal` parameter written as a percentage is
/// shown as one (`50 %`, not `0,5`) in the motivering, the trace's text and the letter's
/// values, while the JSON value stays the number (0.5); a four-digit number is grouped
/// (`3 400`) as amounts are. The same bytes on both engines, owned and written by a session.
#[test]
fn percentages_and_four_digit_numbers_read_the_swedish_way() {
    const PERCENT: &str = r#"
regelverk "Kulturskolan" {
  nämnd: "Kulturnämnden i Exempelkommun"
}

uppgift avstånd: heltal 0..100000 {
  källa: sökande
  fråga: "Hur långt från skolan bor du, i meter?"
}

parameter subvention: tal enligt "Taxa, Exempelkommun (exempelvärde)" {
  från 2026-01-01: 50 %
}

parameter avgift: tabell heltal -> belopp enligt "Taxa, Exempelkommun (exempelvärde)" {
  från 2026-01-01: {
    0..2999: 2 000 kr
    3000..:  1 500 kr
  }
}

regel kostnad: belopp enligt "Taxa, Exempelkommun (exempelvärde)" = avgift[avstånd] * subvention

beslutsstöd förslag enligt "Taxa, Exempelkommun (exempelvärde)" {
  titel: "Avgift för kulturskolan"
  visa: {
    avstånd = "Avstånd i meter"
    subvention = "Subvention"
    kostnad = "Avgift"
  }
  annars:
    fastställt { belopp: kostnad  motivering: "Du bor {avstånd} meter från skolan och subventionen är {subvention}." }
}
"#;
    let pack = Pack::from_source("kultur.regel", PERCENT, &mut NoLoader).unwrap();
    let date = Some(Date::from_ymd(2026, 3, 1).unwrap());
    let case = r#"{"avstånd": 3400}"#;
    let mut lines = Vec::new();
    for engine in [Engine::Interpreter, Engine::Jit] {
        let d = pack.engine(engine).unwrap();
        let decision = d.decide(case, date).unwrap();
        assert_eq!(
            decision.motivering.as_deref(),
            Some("Du bor 3 400 meter från skolan och subventionen är 50 %.")
        );
        let letter = decision.letter();
        assert!(letter.contains("- Subvention: 50 %\n"), "{letter}");
        assert!(letter.contains("- Avstånd i meter: 3 400\n"), "{letter}");
        assert!(letter.contains("- Avgift: 750 kr\n"), "{letter}");
        let json = decision.to_json();
        let item = json["spår"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["parameter"] == "subvention")
            .unwrap();
        assert_eq!(item["text"], "50 %");
        assert_eq!(item["värde"].to_string(), "0.5");
        let owned = decision.to_json_string();
        let mut line = Vec::new();
        d.session().write_json(case, date, &mut line).unwrap();
        assert_eq!(String::from_utf8(line).unwrap(), owned, "{engine:?}");
        lines.push(owned);
    }
    assert_eq!(lines.first(), lines.last(), "the engines' documents differ");
    // Written as a decimal, the value is shown as one: the author's form decides.
    let decimal = PERCENT.replace("från 2026-01-01: 50 %", "från 2026-01-01: 0,5");
    let pack = Pack::from_source("kultur.regel", &decimal, &mut NoLoader).unwrap();
    let decision = pack
        .engine(Engine::Jit)
        .unwrap()
        .decide(case, date)
        .unwrap();
    assert_eq!(
        decision.motivering.as_deref(),
        Some("Du bor 3 400 meter från skolan och subventionen är 0,5.")
    );
}
