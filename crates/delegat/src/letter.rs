//! The Swedish decision letter: what förvaltningslagen 31–33 §§ require a decision to say.
//!
//! - who decided (FL 31 §): the nämnd, through its automated decision function, under its
//!   delegation order (kommunallagen 6 kap. 37 §);
//! - the date and the full content (FL 31 §, 33 §): outcome and amount;
//! - the motivering (FL 32 §): the provisions applied and the decisive circumstances — the
//!   motivering text, the lagrum, and every value used with its lagrum;
//! - that the decision was made automatically (GDPR art. 22.2 b: the safeguards are
//!   förvaltningslagen's), and how to ask for omprövning (FL 37–39 §§) and rättelse (FL 36 §);
//! - the appeal notice (FL 33 §, 40–45 §§) for every outcome of a `beslut`: a party may
//!   appeal a decision that has gone against them (FL 42 §), which a `bifall` may have done
//!   in part (less granted than was asked). The notice says that the appeal is written, what
//!   to write to identify the decision, where to send it and the three weeks of FL 44 §.
//!   The instance is förvaltningsrätten (FL 40 §): the table of appeal provisions does not
//!   yet know of another instance.
//!
//! A `beslutsstöd` gives a proposal, not a decision: its letter says so and carries no
//! appeal notice. A `manuell` outcome gives a short notice of its own, that a caseworker will
//! decide, with nothing internal in it (the reason stays in the JSON document).

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
    if d.utfall == Utfall::Manuell {
        manual_notice(&mut s, namnd);
        return s;
    }
    content(&mut s, d);
    period(&mut s, d);
    reasons(&mut s, d);
    how_decided(&mut s, d, namnd);
    if d.slag == DecisionKind::Beslut {
        review(&mut s, namnd);
        appeal(&mut s, d, namnd);
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
            let name = swedish::month_name(month).unwrap_or("");
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
    match d.slag {
        DecisionKind::Beslutsstod => {
            let _ = writeln!(
                s,
                "Förslaget har tagits fram automatiskt som stöd för handläggaren. Det är inget \
                 beslut: beslutet fattas av en handläggare hos {namnd}."
            );
        }
        DecisionKind::Beslut => {
            let _ = writeln!(
                s,
                "Beslutet har fattats automatiskt av {namnd} genom nämndens automatiserade \
                 beslutsfunktion, enligt nämndens delegationsordning (kommunallagen 6 kap. 37 §). \
                 Ingen handläggare har deltagit i beslutet. Ett helt automatiserat beslut får \
                 fattas när lagen tillåter det och ger skydd för dina rättigheter \
                 (dataskyddsförordningen artikel 22.2 b). Det skyddet är förvaltningslagens \
                 regler om motivering, omprövning och överklagande, som beskrivs i det här brevet."
            );
        }
    }
    let _ = writeln!(s);
}

/// Omprövning and rättelse (FL 36–39 §§), as the law says them: the nämnd *may* change a
/// wrong decision (37 §) and *shall* change one that is obviously wrong in an essential
/// respect when it can be done quickly and simply and to no party's disadvantage (38 §);
/// writing and calculation errors *may* be corrected (36 §).
fn review(s: &mut String, namnd: &str) {
    let _ = writeln!(s, "Om du anser att beslutet är fel");
    let _ = writeln!(
        s,
        "Du kan be {namnd} att ompröva beslutet. Nämnden får ändra ett beslut som den anser \
         är felaktigt. Den ska ändra det om det är uppenbart felaktigt i något väsentligt \
         hänseende och ändringen kan göras snabbt och enkelt och utan att det blir till nackdel \
         för någon enskild part (förvaltningslagen 37–39 §§). Ett uppenbart skrivfel eller \
         räknefel får nämnden rätta (förvaltningslagen 36 §). En begäran om omprövning är inte \
         ett överklagande: vill du överklaga ska du göra det inom tiden nedan, även om du har \
         bett om omprövning."
    );
    let _ = writeln!(s);
}

/// The appeal notice (FL 33 §): written, to the nämnd, what to write, three weeks (FL 40–45 §§).
fn appeal(s: &mut String, d: &Decision, namnd: &str) {
    let against = match d.utfall {
        Utfall::Bifall => {
            "Om beslutet har gått dig emot, helt eller delvis, till exempel om du har fått \
             mindre än du ansökte om, kan du överklaga det hos förvaltningsrätten."
        }
        _ => "Om du inte är nöjd med beslutet kan du överklaga det hos förvaltningsrätten.",
    };
    let _ = writeln!(s, "Hur man överklagar");
    let _ = writeln!(s, "{against}");
    let _ = writeln!(
        s,
        "Överklagandet ska vara skriftligt. Skriv vilket beslut du överklagar – {} beslut om {} \
         den {} – och vilken ändring du vill ha.",
        genitive(namnd),
        readable(&d.beslut),
        swedish::format_date(d.beslutsdatum)
    );
    let _ = writeln!(
        s,
        "Skicka överklagandet till {namnd}, inte till förvaltningsrätten. Det ska ha kommit in \
         till nämnden inom tre veckor från den dag du fick del av beslutet. Att du kontaktar \
         en handläggare eller ber om omprövning förlänger inte den tiden."
    );
    let _ = writeln!(
        s,
        "Bestämmelserna om överklagande finns i förvaltningslagen 40–45 §§."
    );
    if let Some(b) = &d.overklagandebestammelse {
        let _ = writeln!(s, "Rätten att överklaga följer av {b}.");
    }
    let _ = writeln!(s);
}

/// The notice of a `manuell` outcome: a short letter of its own, nothing internal.
fn manual_notice(s: &mut String, namnd: &str) {
    let _ = writeln!(s, "Din ansökan handläggs av en handläggare");
    let _ = writeln!(
        s,
        "Din ansökan har inte kunnat avgöras automatiskt. Den handläggs i stället av en \
         handläggare hos {namnd}, som fattar beslutet. Du får beslutet när ansökan har \
         prövats. Det här beskedet är inget beslut, och du behöver inte göra något nu."
    );
}

/// A name as a reader sees it: `försörjningsstöd`, `avgift för hemtjänst`.
fn readable(name: &str) -> String {
    name.replace('_', " ")
}

/// The Swedish genitive of a name: `nämndens`, `Socialnämnden i Västerås` unchanged.
fn genitive(name: &str) -> String {
    if name.ends_with(['s', 'x', 'z']) {
        name.to_owned()
    } else {
        format!("{name}s")
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
