//! The decision letter's statements of law (`docs/beslut.md`, `docs/jurist/laglighet.md`):
//! the appeal notice for every outcome of a `beslut` (FL 33 §, 42 §), what it says about the
//! written appeal and the three weeks (FL 43–45 §§), omprövning as FL 36–39 §§ say it, GDPR
//! art. 22.2 b, and the `manuell` notice as a short letter with nothing internal.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "helpers of integration tests fail loudly"
)]

use delegat::{Date, Engine, NoLoader, Pack, Utfall};

const SOURCE: &str = r#"
regelverk "Stöd" {
  nämnd: "Socialnämnden i Exempelkommun"
  version: "1"
}

uppgift inkomst: belopp 0 kr..1 000 000 kr {
  källa: sökande
  fråga: "Hur stor är din inkomst?"
}

uppgift särskilt: ja/nej {
  källa: sökande
  fråga: "Finns det något särskilt?"
}

parameter norm: belopp enligt "SoL (2025:400) 12 kap. 1 §" {
  från 2026-01-01: 5 000 kr
}

regel behov: belopp enligt "SoL (2025:400) 12 kap. 1 §" = norm - inkomst

beslut ekonomiskt_stöd enligt "SoL (2025:400) 12 kap. 1 §" {
  avser: myndighetsutövning
  överklagande: förvaltningsbesvär
  när särskilt:
    manuell "Internt skäl: regelpaketet saknar normen för {beslutsdatum}."
  när behov > 0 kr:
    bifall { belopp: behov  motivering: "Behovet är {behov}." }
  annars:
    avslag { motivering: "Inkomsten, {inkomst}, täcker normen {norm}." }
}

beslutsstöd förslag enligt "SoL (2025:400) 12 kap. 1 §" {
  när behov > 0 kr:
    bifall { belopp: behov  motivering: "Behovet är {behov}." }
  annars:
    avslag { motivering: "Inkomsten, {inkomst}, täcker normen {norm}." }
}
"#;

fn letter(decision: &str, case: &str) -> (Utfall, String) {
    let pack = match Pack::from_source("stod.regel", SOURCE, &mut NoLoader) {
        Ok(p) => p,
        Err(e) => panic!("refused:\n{}", e.render(false)),
    };
    let d = pack
        .engine(Engine::Interpreter)
        .unwrap()
        .with_decision(decision)
        .unwrap();
    let date = Some(Date::from_ymd(2026, 3, 1).unwrap());
    let decision = d.decide(case, date).unwrap();
    (decision.utfall, decision.letter())
}

/// What every letter of a decided `beslut` says, whatever the outcome.
fn says_the_law(letter: &str) {
    // Omprövning as FL 37–39 §§ say it: "får" and the three conditions of 38 §; rättelse
    // under 36 § is "får" and only writing and calculation errors.
    assert!(
        letter.contains("Om du anser att beslutet är fel"),
        "{letter}"
    );
    assert!(
        letter.contains("Nämnden får ändra ett beslut som den anser är felaktigt."),
        "{letter}"
    );
    assert!(
        letter.contains(
            "uppenbart felaktigt i något väsentligt hänseende och ändringen kan göras snabbt och \
             enkelt och utan att det blir till nackdel för någon enskild part \
             (förvaltningslagen 37–39 §§)"
        ),
        "{letter}"
    );
    assert!(letter.contains("skrivfel eller räknefel får nämnden rätta (förvaltningslagen 36 §)"));
    assert!(!letter.contains("36–38"), "{letter}");
    // GDPR: the decision rests on art. 22.2 b; 22.3 is not its safeguard.
    assert!(
        letter.contains("dataskyddsförordningen artikel 22.2 b"),
        "{letter}"
    );
    assert!(!letter.contains("22.3"), "{letter}");
    // The appeal notice: written, what to quote, where, three weeks, no extension.
    assert!(letter.contains("Hur man överklagar"), "{letter}");
    assert!(
        letter.contains("Överklagandet ska vara skriftligt."),
        "{letter}"
    );
    assert!(
        letter.contains(
            "Skriv vilket beslut du överklagar och vilken ändring du vill ha. Ange beslutet så \
             här: Socialnämnden i Exempelkommun, beslut den 2026-03-01 om ekonomiskt stöd."
        ),
        "{letter}"
    );
    // No genitive on the nämnd's name ("Socialnämnden i Exempelkommuns beslut").
    assert!(!letter.contains("Exempelkommuns"), "{letter}");
    assert!(
        letter.contains(
            "Skicka överklagandet till Socialnämnden i Exempelkommun, inte till förvaltningsrätten."
        ),
        "{letter}"
    );
    assert!(
        letter.contains("inom tre veckor från den dag du fick del av beslutet"),
        "{letter}"
    );
    assert!(
        letter.contains(
            "Att du kontaktar en handläggare eller ber om omprövning förlänger inte den tiden."
        ),
        "{letter}"
    );
}

#[test]
fn a_bifall_carries_the_appeal_notice_since_it_may_go_against_the_party_in_part() {
    let (utfall, letter) = letter("ekonomiskt_stöd", r#"{"inkomst": 1000, "särskilt": false}"#);
    assert_eq!(utfall, Utfall::Bifall);
    assert!(
        letter.contains("Ansökan beviljas. Du får 4 000 kr."),
        "{letter}"
    );
    assert!(
        letter.contains("Om beslutet har gått dig emot, helt eller delvis,"),
        "{letter}"
    );
    says_the_law(&letter);
}

#[test]
fn an_avslag_carries_the_appeal_notice() {
    let (utfall, letter) = letter("ekonomiskt_stöd", r#"{"inkomst": 9000, "särskilt": false}"#);
    assert_eq!(utfall, Utfall::Avslag);
    assert!(letter.contains("Ansökan avslås."), "{letter}");
    assert!(
        letter.contains(
            "Om du inte är nöjd med beslutet kan du överklaga det hos förvaltningsrätten."
        ),
        "{letter}"
    );
    says_the_law(&letter);
}

#[test]
fn a_manuell_notice_is_a_short_letter_with_nothing_internal() {
    let (utfall, letter) = letter("ekonomiskt_stöd", r#"{"inkomst": 0, "särskilt": true}"#);
    assert_eq!(utfall, Utfall::Manuell);
    assert_eq!(
        letter,
        "BESKED OM HANDLÄGGNING\n\
         Socialnämnden i Exempelkommun\n\
         \n\
         Datum: 2026-03-01\n\
         Ärende: Ekonomiskt stöd\n\
         \n\
         Din ansökan prövas av en handläggare\n\
         Din ansökan har inte kunnat avgöras automatiskt. En handläggare hos Socialnämnden i \
         Exempelkommun prövar den i stället och fattar beslutet. Du får beslutet när ansökan \
         har prövats. Det här beskedet är inget beslut, och du behöver inte göra \
         något nu.\n\
         \n\
         Dina personuppgifter\n\
         Socialnämnden i Exempelkommun behandlar dina personuppgifter för att handlägga \
         ärendet. Du har rätt att få veta vilka uppgifter om dig som behandlas \
         (dataskyddsförordningen artiklarna 13–15).\n"
    );
    assert!(!letter.contains("Internt skäl"));
}

#[test]
fn a_proposal_has_no_appeal_notice_and_no_omprovning() {
    let (utfall, letter) = letter("förslag", r#"{"inkomst": 9000, "särskilt": false}"#);
    assert_eq!(utfall, Utfall::Avslag);
    assert!(letter.starts_with("FÖRSLAG TILL BESLUT\n"), "{letter}");
    assert!(
        letter.contains("Förslaget är att ansökan avslås."),
        "{letter}"
    );
    assert!(!letter.contains("Hur man överklagar"), "{letter}");
    assert!(!letter.contains("ompröva"), "{letter}");
    // A proposal is not a decision: its section says how the proposal was made.
    assert!(
        letter.contains(
            "Hur förslaget har tagits fram\nFörslaget har tagits fram automatiskt som stöd för \
             handläggaren."
        ),
        "{letter}"
    );
    assert!(!letter.contains("Hur beslutet har fattats"), "{letter}");
    assert!(
        letter.contains(
            "Du har rätt att få veta vilka uppgifter om dig som behandlas och hur förslaget har \
             tagits fram (dataskyddsförordningen artiklarna 13–15)."
        ),
        "{letter}"
    );
}

const MONTHLY: &str = r#"
regelverk "Månadsstöd" {
  nämnd: "Socialnämnden i Exempelkommun"
  version: "1"
}

uppgift månad: datum {
  källa: sökande
  fråga: "Vilken månad gäller ansökan?"
}

parameter norm: belopp enligt "SoL (2025:400) 12 kap. 1 §" {
  från 2026-01-01: 5 000 kr
}

parameter tillägg: belopp enligt "SoL (2025:400) 12 kap. 1 §" {
  från 2026-06-01: 100 kr
}

beslut månadsstöd enligt "SoL (2025:400) 12 kap. 1 §" {
  avser: myndighetsutövning
  överklagande: förvaltningsbesvär
  gäller_månad: månad
  när norm + tillägg > 0 kr:
    bifall { belopp: norm + tillägg  motivering: "Normen är {norm}." }
  annars:
    avslag { motivering: "Normen är {norm}." }
}
"#;

/// The `skäl` and letter of a case whose norm date (`gäller_månad:`) is `month`.
fn monthly(month: &str, engine: Engine) -> delegat::Decision {
    let pack = match Pack::from_source("manad.regel", MONTHLY, &mut NoLoader) {
        Ok(p) => p,
        Err(e) => panic!("refused:\n{}", e.render(false)),
    };
    let d = pack.engine(engine).unwrap();
    assert_eq!(d.engine(), engine);
    let case = format!(r#"{{"beslutsdatum": "2026-09-01", "månad": "{month}"}}"#);
    d.decide(&case, None).unwrap()
}

/// A norm date before the pack's first `från` (2026-01-01) is said plainly, as the
/// decision's norm date; one after it but before a later parameter's first value is a gap
/// in the pack, said for the jurist with the parameter's name. Both engines alike.
#[test]
fn a_norm_date_before_the_packs_norms_is_plain_and_a_gap_names_the_parameter() {
    for engine in [Engine::Interpreter, Engine::Jit] {
        let before = monthly("2025-12-01", engine);
        assert_eq!(before, monthly("2025-12-01", Engine::Interpreter));
        assert_eq!(before.utfall, Utfall::Manuell);
        assert_eq!(before.felkod.as_deref(), Some("E0405"));
        assert_eq!(
            before.skal.as_deref(),
            Some(
                "Ärendets normdatum 2025-12-01 ligger före 2026-01-01, den dag då nämndens \
                 regler för automatiserade beslut börjar gälla, så ärendet prövas av en \
                 handläggare"
            )
        );
        assert!(
            before.letter().contains(
                "Din ansökan har inte kunnat avgöras automatiskt, eftersom den gäller tiden \
                 före 2026-01-01, då nämndens regler för automatiserade beslut började gälla. \
                 En handläggare hos Socialnämnden i Exempelkommun prövar den i stället"
            ),
            "{}",
            before.letter()
        );
        let gap = monthly("2026-03-01", engine);
        assert_eq!(gap, monthly("2026-03-01", Engine::Interpreter));
        assert_eq!(gap.felkod.as_deref(), Some("E0405"));
        assert_eq!(
            gap.skal.as_deref(),
            Some(
                "Regelpaketet har inget värde för `tillägg` som gäller 2026-03-01: det första \
                 värdet gäller från 2026-06-01"
            )
        );
        assert!(
            gap.letter()
                .contains("Din ansökan har inte kunnat avgöras automatiskt. En handläggare hos"),
            "{}",
            gap.letter()
        );
        assert_eq!(monthly("2026-07-01", engine).utfall, Utfall::Bifall);
    }
}
