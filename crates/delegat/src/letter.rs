//! The Swedish decision letter: what förvaltningslagen 31–33 §§ require a decision to say.
//!
//! - who decided (FL 31 §): the nämnd, through its automated decision function, under its
//!   delegation order (kommunallagen 6 kap. 37 §) and the point of it the pack names
//!   (`delegeringspunkt:`);
//! - the date, the decision's title (`titel:`), the case's reference (`ärendenummer:`) and
//!   the full content (FL 31 §, 33 §): outcome, amount and the period it concerns;
//! - the motivering (FL 32 §): the provisions applied and the decisive circumstances — the
//!   motivering text, the lagrum, and the values the pack marks as shown (`visa:`) with its
//!   labels; the JSON document's trace keeps every value;
//! - that the decision was made automatically (GDPR art. 22.2 b: the safeguards are
//!   förvaltningslagen's), and how to ask for omprövning (FL 37–39 §§) and rättelse (FL 36 §);
//! - the appeal notice (FL 33 §, 40–45 §§) for every outcome of a `beslut` that may go
//!   against the party (FL 42 §): `avslag`, `fastställt`, and a `bifall` unless the pack
//!   marks every bifall as full (`helt_bifall: ja`), since FL 33 § asks for the notice only
//!   when the decision goes against the party. The notice says that the appeal is written,
//!   what to write to identify the decision, where to send it, the three weeks of FL 44 §
//!   and the instance: the pack's `överklagas_hos:`, else förvaltningsrätten (FL 40 §);
//! - the nämnd's contact (`kontakt:`) and a short paragraph on personal data (GDPR
//!   art. 13–15) with the page the nämnd configures (`personuppgifter:`).
//!
//! A `beslutsstöd` gives a proposal, not a decision: its letter says so and carries no
//! appeal notice. A `manuell` outcome gives a short notice of its own, that a caseworker will
//! decide, with nothing internal in it (the reason stays in the JSON document), the nämnd's
//! contact and the paragraph on personal data.

mod facts;
mod html;
mod model;

pub use facts::{DEFAULT_INSTANCE, LetterFacts};
pub(crate) use html::page as html;

use delegat_value::Date;
use delegat_value::format as swedish;

use crate::decision::{Decision, DecisionKind, Utfall};
use model::{Letter, Section};

/// Writes the letter of `d` as text.
pub(crate) fn write(d: &Decision) -> String {
    build(d).text()
}

/// The letter of `d`: its parts in order, for the text and the HTML forms alike.
pub(crate) fn build(d: &Decision) -> Letter {
    let namnd = d.regelverk.namnd.as_deref().unwrap_or("nämnden");
    let heading = match (d.slag, d.utfall) {
        (_, Utfall::Manuell) => "BESKED OM HANDLÄGGNING",
        (DecisionKind::Beslutsstod, _) => "FÖRSLAG TILL BESLUT",
        (DecisionKind::Beslut, _) => "BESLUT",
    };
    let mut facts = vec![
        ("Datum", swedish::format_date(d.beslutsdatum)),
        ("Ärende", title(d)),
    ];
    if let Some(r) = &d.brev.arendenummer {
        facts.push(("Ärendenummer", r.clone()));
    }
    let mut letter = Letter {
        heading,
        namnd: capitalize(namnd),
        logotyp: d.brev.logotyp.clone(),
        facts,
        sections: Vec::new(),
        footer: Vec::new(),
    };
    let sections = &mut letter.sections;
    if d.utfall == Utfall::Manuell {
        sections.push(manual_notice(namnd, d.brev.regler_fran));
        sections.extend(contact(d));
        sections.push(personal_data(d, namnd));
        return letter;
    }
    sections.push(content(d));
    sections.extend(period(d));
    sections.push(reasons(d));
    sections.push(how_decided(d, namnd));
    if d.slag == DecisionKind::Beslut {
        // FL 33 §: the notice of how to appeal is given when the decision may go against
        // the party; a bifall the pack marks as full does not. The JSON document carries its
        // `överklagande` by the same rule (`decision::carries_appeal`), so the letter follows it.
        let appealable = d.overklagande.is_some();
        sections.push(review(namnd, appealable));
        if appealable {
            sections.push(appeal(d, namnd));
        }
    }
    sections.extend(contact(d));
    sections.push(personal_data(d, namnd));
    letter.footer.push(("Regelverk", d.regelverk.titel.clone()));
    if let Some(v) = &d.regelverk.version {
        letter.footer.push(("Version", v.clone()));
    }
    letter
        .footer
        .push(("Kontrollsumma", d.regelverk.hash.clone()));
    letter
}

/// The decision's title as a reader sees it: its `titel:`, else its name made readable.
pub(crate) fn title(d: &Decision) -> String {
    d.brev
        .titel
        .clone()
        .unwrap_or_else(|| capitalize(&readable(&d.beslut)))
}

/// How to reach the nämnd (`kontakt:`), when the pack says.
fn contact(d: &Decision) -> Option<Section> {
    let k = d.brev.kontakt.as_ref()?;
    let mut section = Section::titled("Kontakt", k.clone());
    if let Some(r) = &d.brev.arendenummer {
        section
            .paragraphs
            .push(format!("Ange ärendenummer {r} när du hör av dig."));
    }
    Some(section)
}

/// The short paragraph on personal data (GDPR art. 13–15; art. 15.1 h for a decision
/// made automatically), with the nämnd's page when the pack names one. A `manuell` notice
/// has it too: the application was read and logged, but nothing was decided automatically.
fn personal_data(d: &Decision, namnd: &str) -> Section {
    let automated = match (d.utfall, d.slag) {
        (Utfall::Manuell, _) => "",
        (_, DecisionKind::Beslut) => {
            ", att beslutet har fattats automatiskt och hur det har gått till"
        }
        (_, DecisionKind::Beslutsstod) => " och hur förslaget har tagits fram",
    };
    let mut section = Section::titled(
        "Dina personuppgifter",
        format!(
            "{} behandlar dina personuppgifter för att handlägga ärendet. Du har rätt att få \
             veta vilka uppgifter om dig som behandlas{automated} (dataskyddsförordningen \
             artiklarna 13–15).",
            capitalize(namnd)
        ),
    );
    if let Some(link) = &d.brev.personuppgifter {
        section.paragraphs.push(format!(
            "Mer om hur nämnden behandlar personuppgifter och hur du når dess \
             dataskyddsombud: {link}"
        ));
    }
    section
}

/// The month the decision concerns and the date whose norms applied, when the decision
/// declares them: "Beslutet gäller december 2025. Belopp och regler är de som gällde
/// 2025-12-01."
fn period(d: &Decision) -> Option<Section> {
    let normdatum = d.normdatum?;
    let norms = format!(
        "Belopp och regler är de som gällde {}.",
        swedish::format_date(normdatum)
    );
    let text = match d.period {
        Some((from, _)) => {
            let (year, month, _) = from.ymd();
            let name = swedish::month_name(month).unwrap_or("");
            format!("Beslutet gäller {name} {year}. {norms}")
        }
        None => norms,
    };
    Some(Section {
        title: None,
        paragraphs: vec![text],
        values: None,
    })
}

fn content(d: &Decision) -> Section {
    let belopp = d.belopp.map(swedish::format_money);
    let text = match (d.slag, d.utfall) {
        (DecisionKind::Beslutsstod, u) => {
            let what = match (u, &belopp) {
                (Utfall::Bifall, Some(b)) => format!("att ansökan beviljas med {b}"),
                (Utfall::Bifall, None) => "att ansökan beviljas".to_owned(),
                (Utfall::Avslag, _) => "att ansökan avslås".to_owned(),
                (_, Some(b)) => format!("att beloppet fastställs till {b}"),
                (_, None) => "att beloppet fastställs".to_owned(),
            };
            format!("Förslaget är {what}. En handläggare fattar beslutet.")
        }
        (DecisionKind::Beslut, Utfall::Bifall) => match belopp {
            Some(b) => format!("Ansökan beviljas. Du får {b}."),
            None => "Ansökan beviljas.".to_owned(),
        },
        (DecisionKind::Beslut, Utfall::Avslag) => "Ansökan avslås.".to_owned(),
        (DecisionKind::Beslut, Utfall::Faststallt | Utfall::Manuell) => match belopp {
            Some(b) => format!("Beloppet fastställs till {b}."),
            None => "Beloppet fastställs.".to_owned(),
        },
    };
    let title = if d.slag == DecisionKind::Beslutsstod {
        "Förslag"
    } else {
        "Beslut"
    };
    Section::titled(title, text)
}

fn reasons(d: &Decision) -> Section {
    let mut section = Section {
        title: Some("Motivering".to_owned()),
        paragraphs: Vec::new(),
        values: None,
    };
    if let Some(m) = &d.motivering {
        section.paragraphs.push(m.clone());
    }
    if let Some(l) = &d.lagrum {
        section.paragraphs.push(match d.slag {
            DecisionKind::Beslut => format!("Beslutet har fattats med stöd av {l}."),
            DecisionKind::Beslutsstod => format!("Förslaget bygger på {l}."),
        });
    }
    // The values the pack marks as shown, with its labels (the JSON trace keeps all).
    if !d.brev.visade.is_empty() {
        let basis = match d.slag {
            DecisionKind::Beslut => "beslutet",
            DecisionKind::Beslutsstod => "förslaget",
        };
        section.values = Some((
            format!("Uppgifter och belopp som har legat till grund för {basis}:"),
            d.brev.visade.clone(),
        ));
    }
    section
}

fn how_decided(d: &Decision, namnd: &str) -> Section {
    let (title, text) = match d.slag {
        DecisionKind::Beslutsstod => (
            "Hur förslaget har tagits fram",
            format!(
                "Förslaget har tagits fram automatiskt som stöd för handläggaren. Det är inget \
             beslut: beslutet fattas av en handläggare hos {namnd}."
            ),
        ),
        DecisionKind::Beslut => {
            let delegation = match &d.brev.delegeringspunkt {
                Some(p) => format!("nämndens delegationsordning, {p}"),
                None => "nämndens delegationsordning".to_owned(),
            };
            let text = format!(
                "Beslutet har fattats automatiskt av {namnd} genom nämndens automatiserade \
                 beslutsfunktion, enligt {delegation} (kommunallagen 6 kap. 37 §). \
                 Ingen handläggare har deltagit i beslutet. Ett helt automatiserat beslut får \
                 fattas när lagen tillåter det och ger skydd för dina rättigheter \
                 (dataskyddsförordningen artikel 22.2 b). Det skyddet är förvaltningslagens \
                 regler om motivering, omprövning och överklagande, som beskrivs i det här brevet."
            );
            ("Hur beslutet har fattats", text)
        }
    };
    Section::titled(title, text)
}

/// Omprövning and rättelse (FL 36–39 §§), as the law says them: the nämnd *may* change a
/// wrong decision (37 §) and *shall* change one that is obviously wrong in an essential
/// respect when it can be done quickly and simply and to no party's disadvantage (38 §);
/// writing and calculation errors *may* be corrected (36 §).
fn review(namnd: &str, appeal_follows: bool) -> Section {
    let mut text = format!(
        "Du kan be {namnd} att ompröva beslutet. Nämnden får ändra ett beslut som den anser \
         är felaktigt. Den ska ändra det om det är uppenbart felaktigt i något väsentligt \
         hänseende och ändringen kan göras snabbt och enkelt och utan att det blir till nackdel \
         för någon enskild part (förvaltningslagen 37–39 §§). Ett uppenbart skrivfel eller \
         räknefel får nämnden rätta (förvaltningslagen 36 §)."
    );
    if appeal_follows {
        text.push_str(
            " En begäran om omprövning är inte ett överklagande: vill du överklaga ska du göra \
             det inom tiden nedan, även om du har bett om omprövning.",
        );
    }
    Section::titled("Om du anser att beslutet är fel", text)
}

/// The appeal notice (FL 33 §): written, to the nämnd, what to write, three weeks (FL 40–45 §§).
fn appeal(d: &Decision, namnd: &str) -> Section {
    let instance = &d.brev.instans;
    let against = match d.utfall {
        Utfall::Bifall => format!(
            "Om beslutet har gått dig emot, helt eller delvis, till exempel om du har fått \
             mindre än du ansökte om, kan du överklaga det hos {instance}."
        ),
        _ => format!("Om du inte är nöjd med beslutet kan du överklaga det hos {instance}."),
    };
    let mut section = Section::titled("Hur man överklagar", against);
    let p = &mut section.paragraphs;
    // The decision named as a jurist cites it (the nämnd, the date, the matter), without
    // a genitive on the nämnd's name ("Socialnämnden i Exempelkommuns beslut").
    p.push(format!(
        "Överklagandet ska vara skriftligt. Skriv vilket beslut du överklagar och vilken ändring \
         du vill ha. Ange beslutet så här: {}, beslut den {} om {}.",
        capitalize(namnd),
        swedish::format_date(d.beslutsdatum),
        lowercase_first(&title(d)),
    ));
    if let Some(r) = &d.brev.arendenummer {
        p.push(format!("Ange också ärendenummer {r}."));
    }
    p.push(format!(
        "Skicka överklagandet till {namnd}, inte till {instance}. Det ska ha kommit in \
         till nämnden inom tre veckor från den dag du fick del av beslutet. Att du kontaktar \
         en handläggare eller ber om omprövning förlänger inte den tiden."
    ));
    p.push("Bestämmelserna om överklagande finns i förvaltningslagen 40–45 §§.".to_owned());
    if let Some(b) = &d.overklagandebestammelse {
        p.push(format!("Rätten att överklaga följer av {b}."));
    }
    section
}

/// The notice of a `manuell` outcome: a short letter of its own, nothing internal.
fn manual_notice(namnd: &str, regler_fran: Option<Date>) -> Section {
    // Why, when the reason is one the reader can act on or understand: the case concerns
    // a time before the nämnd's rules for automated decisions apply.
    let why = match regler_fran {
        Some(first) => format!(
            ", eftersom den gäller tiden före {}, då nämndens regler för automatiserade \
             beslut började gälla",
            swedish::format_date(first)
        ),
        None => String::new(),
    };
    Section::titled(
        "Din ansökan prövas av en handläggare",
        format!(
            "Din ansökan har inte kunnat avgöras automatiskt{why}. En handläggare hos {namnd} \
             prövar den i stället och fattar beslutet. Du får beslutet när ansökan har prövats. \
             Det här beskedet är inget beslut, och du behöver inte göra något nu."
        ),
    )
}

/// A name as a reader sees it: `försörjningsstöd`, `avgift för hemtjänst`.
fn readable(name: &str) -> String {
    name.replace('_', " ")
}

/// The first letter lower-case (a title inside a sentence), unless the first word is an
/// abbreviation or a name written in capitals (`SoL`).
fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_owned(),
    }
}

/// The first letter upper-case (a nämnd's name on a line of its own).
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
