//! The wording of the delegation report around the facts: what a kind of decision, an
//! `avser:`, an `överklagande:` and an outcome mean, the verdicts, and the fixed paragraphs.
//! Templates call these as `words::…`.

use delegat_check::facts::pretty::show_name;
use delegat_check::facts::{
    CostLine, DecisionFacts, DecisionKind, ExempelRun, InputLine, OutcomeKind, OutcomeLine,
};

/// The result of the pack's exempel, in words: all passed (on both engines), or how many
/// failed.
pub fn exempel_run(e: &ExempelRun) -> String {
    let total = e.passed + e.failed;
    let engines = if e.both_engines {
        "med båda beslutsmotorerna"
    } else {
        "med tolken (maskinkodsmotorn kunde inte användas)"
    };
    match (total, e.failed) {
        (0, _) => "regelfilen har inga exempel".to_owned(),
        (1, 0) => format!("det enda exemplet ger det förväntade resultatet {engines}"),
        (_, 0) => format!("alla {total} exempel ger det förväntade resultatet {engines}"),
        (_, f) => format!(
            "{f} av {total} exempel ger inte det förväntade resultatet; kör `delegat test` för \
             att se vilka"
        ),
    }
}

/// `beslut` or `beslutsstöd`.
pub fn kind_name(kind: &DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Beslut => "beslut",
        DecisionKind::Beslutsstod => "beslutsstöd",
    }
}

/// What kind of decision, in words.
pub fn kind_words(kind: &DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Beslut => "automatiserat beslut",
        DecisionKind::Beslutsstod => "beslutsstöd: ett förslag som en handläggare beslutar om",
    }
}

/// Whether the report shows `avser:` and `överklagande:` for this decision: always for an
/// automated decision, for a decision support only when given.
pub fn shows(kind: &DecisionKind, given: &Option<String>) -> bool {
    *kind == DecisionKind::Beslut || given.is_some()
}

/// `avser:` in words.
pub fn avser(avser: &Option<String>) -> String {
    match avser.as_deref() {
        Some("myndighetsutövning") => {
            "myndighetsutövning mot enskild, som kan delegeras (kommunallagen 6 kap. 37 §)"
                .to_owned()
        }
        Some(other) => format!(
            "{}, som inte kan delegeras till en automatiserad beslutsfunktion (kommunallagen 6 kap. 38 §)",
            show_name(other)
        ),
        None => "inte angivet".to_owned(),
    }
}

/// `överklagande:` in words.
pub fn overklagande(value: &Option<String>) -> String {
    match value.as_deref() {
        Some("förvaltningsbesvär") => "förvaltningsbesvär: den enskilde kan överklaga beslutet \
            till förvaltningsrätten inom tre veckor från den dag hen fick del av det \
            (förvaltningslagen 40–45 §§)"
            .to_owned(),
        Some("laglighetsprövning") => "laglighetsprövning (kommunallagen 13 kap.), som inte kan \
            delegeras till en automatiserad beslutsfunktion"
            .to_owned(),
        Some("ej_överklagbart") => "beslutet kan inte överklagas, och kan därför inte \
            delegeras till en automatiserad beslutsfunktion"
            .to_owned(),
        Some(other) => other.to_owned(),
        None => "inte angivet".to_owned(),
    }
}

/// The outcome in words.
pub fn outcome(tag: &OutcomeKind) -> &'static str {
    match tag {
        OutcomeKind::Bifall => "bifall",
        OutcomeKind::Avslag => "avslag",
        OutcomeKind::Faststallt => "fastställt belopp",
        OutcomeKind::Manuell => "till handläggare",
    }
}

/// The outcome as a CSS class (its keyword).
pub fn outcome_class(tag: &OutcomeKind) -> &'static str {
    match tag {
        OutcomeKind::Bifall => "bifall",
        OutcomeKind::Avslag => "avslag",
        OutcomeKind::Faststallt => "fastställt",
        OutcomeKind::Manuell => "manuell",
    }
}

/// How an outcome's condition reads among `count` outcomes: `Om …`, `Annars`, or `Alltid`
/// when there is nothing but `annars`.
pub fn when(when: &Option<String>, count: usize) -> String {
    match when {
        Some(w) => format!("Om {w}"),
        None if count == 1 => "Alltid".to_owned(),
        None => "Annars".to_owned(),
    }
}

/// The decision's verdict in one line.
pub fn verdict(d: &DecisionFacts) -> String {
    match (d.kind, d.errors()) {
        (DecisionKind::Beslutsstod, 0) => {
            "ett förslag till en handläggare; kontrollen har inte hittat några fel".to_owned()
        }
        (DecisionKind::Beslutsstod, n) => format!("ett förslag till en handläggare; {n} fel"),
        (DecisionKind::Beslut, 0)
            if d.appeal
                .iter()
                .any(|a| a.status == delegat_check::facts::AppealStatus::Cited) =>
        {
            "kan fattas automatiskt; kontrollen har inte hittat något som hindrar delegering, \
             men vägen för överklagande vilar delvis på regelfilens hänvisning, som nämnden \
             bör låta kontrollera (se Bestämmelse om överklagande)"
                .to_owned()
        }
        (DecisionKind::Beslut, 0) => {
            "kan fattas automatiskt; kontrollen har inte hittat något som hindrar delegering"
                .to_owned()
        }
        (DecisionKind::Beslut, n) => format!("kan inte fattas automatiskt: {n} fel"),
    }
}

/// The pack's verdict.
pub fn pack_verdict(lawful: &bool) -> &'static str {
    if *lawful {
        "Kontrollen har inte hittat något som hindrar att nämnden delegerar besluten."
    } else {
        "Regelpaketet kan inte delegeras i sin nuvarande form: kontrollen har hittat fel som \
         måste rättas först."
    }
}

/// The introduction to the verdict.
pub const INTRO: &str = "En nämnd får delegera beslut i en grupp av ärenden till en \
automatiserad beslutsfunktion (kommunallagen 6 kap. 37 §), men inte de ärenden som 6 kap. \
38 § undantar. Delegat har kontrollerat att varje automatiserat beslut i regelpaketet bara \
bygger på sökandens egna uppgifter och fasta regler, att det anger lagrum och motivering, och \
att ärendet kan överklagas genom förvaltningsbesvär. Kontrollen ersätter inte nämndens egen \
prövning.";

/// The always-true sentence about runtime errors.
pub const RUNTIME_MANUAL: &str = "Dessutom går ett ärende alltid till en handläggare när \
beräkningen inte kan göras, till exempel när ett normbelopp saknas för beslutsdatumet eller \
när två undantag gäller samtidigt. Ett automatiserat beslut fattas aldrig på ett fel.";

/// The sentence on the static bound of the work one case can take (docs/cost.md).
pub fn cost(c: &CostLine) -> String {
    format!(
        "Beräkningen av ett ärende kräver högst {} beräkningssteg, även med så långa listor som \
         ett ärende kan innehålla. Delegat bygger inte ett regelpaket vars beslut kan kräva fler \
         än {} steg, och ett ärende som under beräkningen ändå kräver för mycket arbete går till \
         en handläggare. Ingen ansökan kan alltså låsa beslutsfunktionen.",
        c.bound, c.limit
    )
}

/// The outcomes that send a case to a caseworker.
pub fn manual(d: &DecisionFacts) -> Vec<&OutcomeLine> {
    d.outcomes
        .iter()
        .filter(|o| o.tag == OutcomeKind::Manuell)
        .collect()
}

/// What the e-service asks for an input, else its description, else a dash.
pub fn question(u: &InputLine) -> &str {
    u.fraga
        .as_deref()
        .or(u.beskrivning.as_deref())
        .unwrap_or("–")
}

/// Exempel names in quotes: `”Ensam vuxen”, ”Par med barn”`.
pub fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|e| format!("”{e}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One version of a decision's appeal route in words: which provision gives förvaltningsbesvär
/// and whether Delegat's table or only the rule file's citation says so.
pub fn appeal_line(a: &delegat_check::facts::AppealLine) -> String {
    use delegat_check::facts::AppealStatus;
    let basis = match &a.from {
        Some(from) => format!("{} (från {from})", a.basis),
        None => a.basis.clone(),
    };
    match (&a.provision, a.status) {
        (Some(p), AppealStatus::Verified) => format!(
            "{basis}: överklagas genom förvaltningsbesvär enligt {p}, kontrollerat mot Delegats \
             tabell över bestämmelser om överklagande"
        ),
        (Some(p), _) => format!(
            "{basis}: överklagas genom förvaltningsbesvär enligt {p}. Det vilar på regelfilens \
             hänvisning och har inte kontrollerats mot Delegats tabell över bestämmelser om \
             överklagande; kontrollera bestämmelsen innan nämnden delegerar beslutet"
        ),
        (None, _) => format!(
            "{basis}: ingen bestämmelse ger förvaltningsbesvär, så beslutet kan inte delegeras \
             till en automatiserad beslutsfunktion (kommunallagen 6 kap. 38 § andra stycket 1)"
        ),
    }
}
