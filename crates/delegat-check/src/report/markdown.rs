//! The report as Markdown: plain text a politician can read, and a diff-friendly snapshot.

use std::fmt::Write as _;

use super::model::{DecisionReport, ParamShown, Reason, Report};
use super::pretty::show_name;
use super::{
    INTRO, RUNTIME_MANUAL, avser_words, decision_verdict, kind_words, overklagande_words, tag_words,
};
use crate::program::DecisionKind;

/// Writes the reports (one per checked rule file) as one Markdown document.
pub fn markdown(reports: &[Report]) -> String {
    let mut out = String::new();
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n\n");
        }
        let _ = write_report(&mut out, r);
    }
    out
}

fn write_report(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "# Underlag för delegering: {}\n", r.titel)?;
    if let Some(n) = &r.namnd {
        writeln!(o, "- **Nämnd:** {n}")?;
    }
    if let Some(v) = &r.version {
        writeln!(o, "- **Version:** {v}")?;
    }
    for f in &r.files {
        writeln!(o, "- **Regelfil:** {f}")?;
    }
    if let Some(h) = &r.kontrollsumma {
        writeln!(o, "- **Kontrollsumma:** `{h}`")?;
    }
    writeln!(o)?;
    if let Some(b) = &r.beskrivning {
        writeln!(o, "{b}\n")?;
    }

    writeln!(o, "## Sammanfattning\n")?;
    if r.lawful {
        writeln!(
            o,
            "**Kontrollen har inte hittat något som hindrar att nämnden delegerar besluten.**\n"
        )?;
    } else {
        writeln!(
            o,
            "**Regelpaketet kan inte delegeras i sin nuvarande form: kontrollen har hittat fel \
             som måste rättas först.**\n"
        )?;
    }
    writeln!(o, "{INTRO}\n")?;
    for d in &r.decisions {
        writeln!(
            o,
            "- **{}** ({}): {}",
            show_name(&d.name),
            kind_name(d.kind),
            decision_verdict(d)
        )?;
    }
    writeln!(o)?;
    if !r.general.is_empty() {
        writeln!(o, "Övrigt som kontrollen har hittat:\n")?;
        reasons(o, &r.general)?;
        writeln!(o)?;
    }

    for d in &r.decisions {
        decision(o, d)?;
    }
    Ok(())
}

fn kind_name(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Beslut => "beslut",
        DecisionKind::Beslutsstod => "beslutsstöd",
    }
}

fn decision(o: &mut String, d: &DecisionReport) -> std::fmt::Result {
    writeln!(
        o,
        "## {}: {}\n",
        capitalised(kind_name(d.kind)),
        show_name(&d.name)
    )?;
    if let Some(doc) = &d.doc {
        writeln!(o, "{doc}\n")?;
    }
    writeln!(o, "- **Slag:** {}", kind_words(d.kind))?;
    writeln!(
        o,
        "- **Lagrum:** {}",
        d.enligt.as_deref().unwrap_or("inte angivet")
    )?;
    if d.kind == DecisionKind::Beslut || d.avser.is_some() {
        writeln!(
            o,
            "- **Ärendet avser:** {}",
            avser_words(d.avser.as_deref())
        )?;
    }
    if d.kind == DecisionKind::Beslut || d.overklagande.is_some() {
        writeln!(
            o,
            "- **Överklagande:** {}",
            overklagande_words(d.overklagande.as_deref())
        )?;
    }
    writeln!(o, "- **Kontrollen:** {}\n", decision_verdict(d))?;

    writeln!(o, "### Så avgörs ett ärende\n")?;
    writeln!(
        o,
        "Villkoren prövas i tur och ordning; det första som stämmer avgör.\n"
    )?;
    for (i, line) in d.outcomes.iter().enumerate() {
        let when = match &line.when {
            Some(w) => format!("Om {w}"),
            None if d.outcomes.len() == 1 => "Alltid".to_owned(),
            None => "Annars".to_owned(),
        };
        let mut s = format!("{}. {when}: **{}**", i + 1, tag_words(line.tag));
        if let Some(b) = &line.belopp {
            s.push_str(&format!(" med beloppet {b}"));
        }
        if let Some(t) = line.text.as_ref().filter(|_| line.tag != "manuell") {
            let label = "Motivering";
            s.push_str(&format!(". {label}: ”{t}”"));
        }
        writeln!(o, "{s}")?;
    }
    writeln!(o)?;

    writeln!(o, "### Ärenden som går till en handläggare\n")?;
    let manual: Vec<_> = d.outcomes.iter().filter(|l| l.tag == "manuell").collect();
    if manual.is_empty() {
        writeln!(o, "Inga villkor skickar ärenden till en handläggare.\n")?;
    } else {
        for l in manual {
            let when = l
                .when
                .as_deref()
                .map_or("I alla andra fall".to_owned(), |w| format!("Om {w}"));
            writeln!(o, "- {when}: ”{}”", l.text.as_deref().unwrap_or(""))?;
        }
        writeln!(o)?;
    }
    writeln!(o, "{RUNTIME_MANUAL}\n")?;

    writeln!(o, "### Uppgifter som beslutet bygger på\n")?;
    if d.inputs.is_empty() {
        writeln!(o, "Beslutet använder inga uppgifter.\n")?;
    } else {
        writeln!(o, "| Uppgift | Källa | Fråga eller beskrivning |")?;
        writeln!(o, "| --- | --- | --- |")?;
        for u in &d.inputs {
            let mut text = u
                .fraga
                .clone()
                .or_else(|| u.beskrivning.clone())
                .unwrap_or_else(|| "–".to_owned());
            if u.routing_only {
                text.push_str(" *(används bara för att skicka ärendet till en handläggare)*");
            }
            writeln!(
                o,
                "| {} | {} | {} |",
                show_name(&u.name),
                u.kalla,
                cell(&text)
            )?;
        }
        writeln!(o)?;
    }
    if !d.judgements.is_empty() {
        writeln!(o, "### Bedömningar som en handläggare gör\n")?;
        for (n, b) in &d.judgements {
            match b {
                Some(b) => writeln!(o, "- {}: {b}", show_name(n))?,
                None => writeln!(o, "- {}", show_name(n))?,
            }
        }
        writeln!(o)?;
    }

    writeln!(o, "### Normer och belopp\n")?;
    if d.params.is_empty() {
        writeln!(o, "Beslutet använder inga parametrar.\n")?;
    }
    for p in &d.params {
        let lagrum = p.enligt.as_deref().unwrap_or("lagrum saknas");
        writeln!(o, "**{}** ({lagrum})\n", show_name(&p.name))?;
        for (from, v) in &p.values {
            match v {
                ParamShown::Value(v) => writeln!(o, "- från {from}: {v}")?,
                ParamShown::Table(rows) => {
                    writeln!(o, "- från {from}:")?;
                    for (k, v) in rows {
                        writeln!(o, "  - {k}: {v}")?;
                    }
                }
            }
        }
        writeln!(o)?;
    }

    if !d.rules.is_empty() {
        writeln!(o, "### Lagrum för beräkningarna\n")?;
        for (n, e, exc) in &d.rules {
            let mut s = format!("- {}", show_name(n));
            if let Some(e) = e {
                s.push_str(&format!(": {e}"));
            }
            if !exc.is_empty() {
                s.push_str(&format!(" (undantag: {})", exc.join("; ")));
            }
            writeln!(o, "{s}")?;
        }
        writeln!(o)?;
    }

    writeln!(o, "### Exempel som visar utfallen\n")?;
    writeln!(o, "| Utfall | Exempel |")?;
    writeln!(o, "| --- | --- |")?;
    for (tag, ex) in &d.coverage {
        let list = if ex.is_empty() {
            "**inget exempel**".to_owned()
        } else {
            ex.iter()
                .map(|e| format!("”{e}”"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(o, "| {} | {} |", tag_words(tag), cell(&list))?;
    }
    writeln!(o)?;

    writeln!(o, "### Kontrollens resultat\n")?;
    if d.reasons.is_empty() {
        writeln!(o, "Kontrollen har inte hittat några fel eller varningar.\n")?;
    } else {
        reasons(o, &d.reasons)?;
        writeln!(o)?;
    }
    Ok(())
}

fn reasons(o: &mut String, list: &[Reason]) -> std::fmt::Result {
    for r in list {
        let what = if r.error { "Fel" } else { "Varning" };
        let place = r
            .place
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        writeln!(
            o,
            "- **{what} {}: {}**{place}. {}.",
            r.code,
            r.title,
            capitalised(&r.message)
        )?;
        for e in &r.explanation {
            writeln!(o, "  {}.", capitalised(e.trim_end_matches('.')))?;
        }
    }
    Ok(())
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The first letter in upper case.
pub(super) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
