//! The Swedish decision letter: what förvaltningslagen 31–33 §§ require a decision to say.
//!
//! - who decided (FL 31 §): the nämnd, through its automated decision function, under its
//!   delegation order (kommunallagen 6 kap. 37 §);
//! - the date and the full content (FL 31 §, 33 §): outcome and amount;
//! - the motivering (FL 32 §): the provisions applied and the decisive circumstances — the
//!   motivering text, the lagrum, and every value used with its lagrum;
//! - the appeal notice for an `avslag` or `fastställt` (FL 33 §, 40–45 §§);
//! - that the decision was made automatically, and how to have a person look at it
//!   (FL 37–38 §§, GDPR art. 22).
//!
//! A `beslutsstöd` gives a proposal, not a decision: its letter says so and carries no
//! appeal notice. A `manuell` outcome gives a notice that a caseworker will decide.

use std::fmt::Write as _;

use delegat_value::format as swedish;

use crate::decision::{Decision, DecisionKind, TraceKind, Utfall};

/// Writes the letter of `d`.
pub(crate) fn write(d: &Decision) -> String {
    let namnd = d.regelverk.namnd.as_deref().unwrap_or("nämnden");
    let mut s = String::new();
    let heading = match (d.slag, d.utfall) {
        (_, Utfall::Manuell) => "BESKED OM HANDLÄGGNING",
        (DecisionKind::Beslutsstod, _) => "FÖRSLAG TILL BESLUT",
        (DecisionKind::Beslut, _) => "BESLUT",
    };
    let _ = writeln!(s, "{heading}");
    let _ = writeln!(s, "{}", capitalize(namnd));
    let _ = writeln!(s);
    let _ = writeln!(s, "Datum: {}", swedish::format_date(d.beslutsdatum));
    let _ = writeln!(s, "Ärende: {}", readable(&d.beslut));
    let _ = writeln!(s);
    content(&mut s, d);
    period(&mut s, d);
    reasons(&mut s, d);
    how_decided(&mut s, d, namnd);
    if let Some(notice) = &d.overklagande {
        let _ = writeln!(s, "Hur man överklagar");
        let _ = writeln!(s, "{notice}");
        if let Some(b) = &d.overklagandebestammelse {
            let _ = writeln!(s, "Rätten att överklaga följer av {b}.");
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s, "Regelverk: {}", d.regelverk.titel);
    if let Some(v) = &d.regelverk.version {
        let _ = writeln!(s, "Version: {v}");
    }
    let _ = writeln!(s, "Kontrollsumma: {}", d.regelverk.hash);
    s
}

/// The month the decision concerns and the date whose norms applied, when the decision
/// declares them: "Beslutet gäller december 2025. Belopp och regler är de som gällde
/// 2025-12-01."
fn period(s: &mut String, d: &Decision) {
    const MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ];
    let Some(normdatum) = d.normdatum else {
        return;
    };
    let norms = format!(
        "Belopp och regler är de som gällde {}.",
        swedish::format_date(normdatum)
    );
    match d.period {
        Some((from, _)) => {
            let (year, month, _) = from.ymd();
            let name = MONTHS
                .get((month as usize).wrapping_sub(1))
                .copied()
                .unwrap_or("");
            let _ = writeln!(s, "Beslutet gäller {name} {year}. {norms}");
        }
        None => {
            let _ = writeln!(s, "{norms}");
        }
    }
    let _ = writeln!(s);
}

fn content(s: &mut String, d: &Decision) {
    let belopp = d.belopp.map(swedish::format_money);
    let text = match (d.slag, d.utfall) {
        (_, Utfall::Manuell) => {
            "Ärendet har inte avgjorts automatiskt. En handläggare kommer att pröva det.".to_owned()
        }
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
        (DecisionKind::Beslut, Utfall::Faststallt) => match belopp {
            Some(b) => format!("Beloppet fastställs till {b}."),
            None => "Beloppet fastställs.".to_owned(),
        },
    };
    let _ = writeln!(
        s,
        "{}",
        if d.slag == DecisionKind::Beslutsstod {
            "Förslag"
        } else {
            "Beslut"
        }
    );
    let _ = writeln!(s, "{text}");
    let _ = writeln!(s);
}

fn reasons(s: &mut String, d: &Decision) {
    if d.utfall == Utfall::Manuell {
        let _ = writeln!(s, "Skäl");
        if let Some(r) = &d.skal {
            let _ = writeln!(s, "{r}");
        }
        let _ = writeln!(s);
        return;
    }
    let _ = writeln!(s, "Motivering");
    if let Some(m) = &d.motivering {
        let _ = writeln!(s, "{m}");
    }
    if let Some(l) = &d.lagrum {
        match d.slag {
            DecisionKind::Beslut => {
                let _ = writeln!(s, "Beslutet har fattats med stöd av {l}.");
            }
            DecisionKind::Beslutsstod => {
                let _ = writeln!(s, "Förslaget bygger på {l}.");
            }
        }
    }
    if !d.spar.is_empty() {
        let _ = writeln!(s);
        let basis = match d.slag {
            DecisionKind::Beslut => "beslutet",
            DecisionKind::Beslutsstod => "förslaget",
        };
        let _ = writeln!(s, "Följande värden har legat till grund för {basis}:");
        for t in &d.spar {
            let mut line = format!("- {}", readable(&t.namn));
            if let Some(k) = &t.nyckel {
                let _ = write!(line, " för {k}");
            }
            let _ = write!(line, ": {}", t.text);
            let mut basis = Vec::new();
            if let Some(l) = &t.lagrum {
                basis.push(l.clone());
            }
            if let (Some(from), TraceKind::Parameter | TraceKind::Tabell) = (t.galler_fran, t.kind)
            {
                basis.push(format!("gäller från {}", swedish::format_date(from)));
            }
            if t.undantag {
                basis.push("undantag".to_owned());
            }
            if !basis.is_empty() {
                let _ = write!(line, " ({})", basis.join(", "));
            }
            let _ = writeln!(s, "{line}");
        }
    }
    let _ = writeln!(s);
}

fn how_decided(s: &mut String, d: &Decision, namnd: &str) {
    let _ = writeln!(s, "Hur beslutet har fattats");
    match (d.slag, d.utfall) {
        (_, Utfall::Manuell) => {
            let _ = writeln!(
                s,
                "Ärendet har prövats av den automatiserade beslutsfunktionen hos {namnd}, som \
                 inte har kunnat avgöra det. Ärendet lämnas därför till en handläggare, och du \
                 får ett beslut när det har prövats."
            );
        }
        (DecisionKind::Beslutsstod, _) => {
            let _ = writeln!(
                s,
                "Förslaget har tagits fram automatiskt som stöd för handläggaren. Det är inget \
                 beslut: beslutet fattas av en handläggare hos {namnd}."
            );
        }
        (DecisionKind::Beslut, _) => {
            let _ = writeln!(
                s,
                "Beslutet har fattats automatiskt av {namnd} genom nämndens automatiserade \
                 beslutsfunktion, enligt nämndens delegationsordning (kommunallagen 6 kap. 37 §). \
                 Om du vill att en handläggare ska se över beslutet kan du kontakta {namnd}. \
                 Ett beslut som är uppenbart felaktigt ska ändras (förvaltningslagen 36–38 §§)."
            );
        }
    }
    let _ = writeln!(s);
}

/// A name as a reader sees it: `försörjningsstöd`, `avgift för hemtjänst`.
fn readable(name: &str) -> String {
    name.replace('_', " ")
}

/// The first letter upper-case (a nämnd's name on a line of its own).
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
