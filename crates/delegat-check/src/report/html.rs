//! The report as one self-contained, printable HTML page: inline CSS (with a print
//! stylesheet), no scripts, fonts or images from elsewhere.

use std::fmt::Write as _;

use super::markdown::capitalised;
use super::model::{DecisionReport, ParamShown, Reason, Report};
use super::pretty::show_name;
use super::{
    INTRO, RUNTIME_MANUAL, avser_words, decision_verdict, kind_words, overklagande_words, tag_words,
};
use crate::program::DecisionKind;

const CSS: &str = r#"
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --ok: #1a7f37; --bad: #b42318;
        --warn: #9a6700; --band: #f6f8fa; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       line-height: 1.5; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; font-size: 16px; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-top: .8rem; border-top: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.ident { color: var(--muted); margin: 0 0 1rem; }
.ident span { margin-right: 1.2rem; }
.ident .hash { display: block; margin-top: .2rem; font-size: .85rem; overflow-wrap: anywhere; }
.verdict { padding: .8rem 1rem; border-radius: 6px; border: 1px solid; margin: 1rem 0; font-weight: 600; }
.verdict.ok { color: var(--ok); border-color: var(--ok); background: #eef9f0; }
.verdict.bad { color: var(--bad); border-color: var(--bad); background: #fdf0ef; }
dl.facts { display: grid; grid-template-columns: 11rem 1fr; gap: .3rem 1rem; margin: .5rem 0 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: .35rem .5rem; }
th { background: var(--band); }
table.values { width: auto; min-width: 20rem; }
table.values td, table.values th { padding-right: 1.5rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ol.outcomes li { margin: .3rem 0; }
.tag { font-weight: 700; }
.tag.manuell { color: var(--warn); }
.tag.avslag { color: var(--bad); }
.tag.bifall, .tag.fastställt { color: var(--ok); }
.quote { color: var(--muted); }
.muted { color: var(--muted); font-size: .92rem; }
.none { color: var(--bad); font-weight: 600; }
code { font-family: "SFMono-Regular", Consolas, monospace; font-size: .9em; background: var(--band);
       padding: 0 .2em; border-radius: 3px; }
ul.reasons { list-style: none; padding: 0; }
ul.reasons li { border-left: 4px solid var(--bad); padding: .3rem .8rem; margin: .5rem 0; background: #fdf0ef; }
ul.reasons li.warning { border-color: var(--warn); background: #fff8e5; }
ul.reasons p { margin: .2rem 0; }
.summary li { margin: .2rem 0; }
td.tagcell { white-space: nowrap; width: 10rem; }
ul.examples { margin: 0; padding-left: 1.1rem; columns: 2; column-gap: 2rem; }
ul.examples li { break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-before: page; border-top: none; }
  h2.first { break-before: avoid; }
  table, li, dl { break-inside: avoid; }
  .verdict, ul.reasons li, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text and turns `` `x` `` into `<code>x</code>`.
fn rich(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", esc(part)));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

/// Writes the reports (one per checked rule file) as one self-contained HTML page.
pub fn html(reports: &[Report]) -> String {
    let mut out = String::new();
    let _ = write_page(&mut out, reports);
    out
}

fn write_page(o: &mut String, reports: &[Report]) -> std::fmt::Result {
    let title = match reports {
        [one] => format!("Underlag för delegering: {}", one.titel),
        _ => "Underlag för delegering".to_owned(),
    };
    writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        o,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(o, "<title>{}</title>", esc(&title))?;
    writeln!(o, "<style>{CSS}</style>\n</head>\n<body>")?;
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            writeln!(o, "<hr class=\"pack\">")?;
        }
        write_report(o, r)?;
    }
    writeln!(o, "</body>\n</html>")
}

fn write_report(o: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(o, "<h1>Underlag för delegering: {}</h1>", esc(&r.titel))?;
    write!(o, "<p class=\"ident\">")?;
    if let Some(n) = &r.namnd {
        write!(o, "<span><strong>Nämnd:</strong> {}</span>", esc(n))?;
    }
    if let Some(v) = &r.version {
        write!(o, "<span><strong>Version:</strong> {}</span>", esc(v))?;
    }
    for f in &r.files {
        write!(o, "<span><strong>Regelfil:</strong> {}</span>", esc(f))?;
    }
    if let Some(h) = &r.kontrollsumma {
        write!(
            o,
            "<span class=\"hash\"><strong>Kontrollsumma:</strong> <code>{}</code></span>",
            esc(h)
        )?;
    }
    writeln!(o, "</p>")?;
    if let Some(b) = &r.beskrivning {
        writeln!(o, "<p>{}</p>", esc(b))?;
    }

    writeln!(o, "<h2 class=\"first\">Sammanfattning</h2>")?;
    if r.lawful {
        writeln!(
            o,
            "<p class=\"verdict ok\">Kontrollen har inte hittat något som hindrar att nämnden \
             delegerar besluten.</p>"
        )?;
    } else {
        writeln!(
            o,
            "<p class=\"verdict bad\">Regelpaketet kan inte delegeras i sin nuvarande form: \
             kontrollen har hittat fel som måste rättas först.</p>"
        )?;
    }
    writeln!(o, "<p>{}</p>", esc(INTRO))?;
    writeln!(o, "<ul class=\"summary\">")?;
    for d in &r.decisions {
        writeln!(
            o,
            "<li><strong>{}</strong> ({}): {}</li>",
            esc(&show_name(&d.name)),
            kind_name(d.kind),
            esc(&decision_verdict(d))
        )?;
    }
    writeln!(o, "</ul>")?;
    if !r.general.is_empty() {
        writeln!(o, "<p>Övrigt som kontrollen har hittat:</p>")?;
        reasons(o, &r.general)?;
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
        "<h2>{}: {}</h2>",
        capitalised(kind_name(d.kind)),
        esc(&show_name(&d.name))
    )?;
    if let Some(doc) = &d.doc {
        writeln!(o, "<p>{}</p>", rich(doc))?;
    }
    writeln!(o, "<dl class=\"facts\">")?;
    writeln!(
        o,
        "<dt>Slag</dt><dd>{}</dd>",
        esc(&capitalised(kind_words(d.kind)))
    )?;
    writeln!(
        o,
        "<dt>Lagrum</dt><dd>{}</dd>",
        esc(d.enligt.as_deref().unwrap_or("inte angivet"))
    )?;
    if d.kind == DecisionKind::Beslut || d.avser.is_some() {
        writeln!(
            o,
            "<dt>Ärendet avser</dt><dd>{}</dd>",
            esc(&capitalised(&avser_words(d.avser.as_deref())))
        )?;
    }
    if d.kind == DecisionKind::Beslut || d.overklagande.is_some() {
        writeln!(
            o,
            "<dt>Överklagande</dt><dd>{}</dd>",
            esc(&capitalised(&overklagande_words(d.overklagande.as_deref())))
        )?;
    }
    let cls = if d.lawful() { "ok" } else { "bad" };
    writeln!(
        o,
        "</dl>\n<p class=\"verdict {cls}\">{}</p>",
        esc(&capitalised(&decision_verdict(d)))
    )?;

    writeln!(o, "<h3>Så avgörs ett ärende</h3>")?;
    writeln!(
        o,
        "<p class=\"muted\">Villkoren prövas i tur och ordning; det första som stämmer avgör.</p>"
    )?;
    writeln!(o, "<ol class=\"outcomes\">")?;
    for line in &d.outcomes {
        let when = match &line.when {
            Some(w) => format!("Om {}", esc(w)),
            None if d.outcomes.len() == 1 => "Alltid".to_owned(),
            None => "Annars".to_owned(),
        };
        write!(
            o,
            "<li>{when}: <span class=\"tag {}\">{}</span>",
            esc(line.tag),
            tag_words(line.tag)
        )?;
        if let Some(b) = &line.belopp {
            write!(o, " med beloppet {}", esc(b))?;
        }
        if let Some(t) = line.text.as_ref().filter(|_| line.tag != "manuell") {
            let label = "Motivering";
            write!(o, ". {label}: <span class=\"quote\">”{}”</span>", esc(t))?;
        }
        writeln!(o, "</li>")?;
    }
    writeln!(o, "</ol>")?;

    writeln!(o, "<h3>Ärenden som går till en handläggare</h3>")?;
    let manual: Vec<_> = d.outcomes.iter().filter(|l| l.tag == "manuell").collect();
    if manual.is_empty() {
        writeln!(
            o,
            "<p>Inga villkor skickar ärenden till en handläggare.</p>"
        )?;
    } else {
        writeln!(o, "<ul>")?;
        for l in manual {
            let when = l
                .when
                .as_deref()
                .map_or("I alla andra fall".to_owned(), |w| format!("Om {}", esc(w)));
            writeln!(
                o,
                "<li>{when}: <span class=\"quote\">”{}”</span></li>",
                esc(l.text.as_deref().unwrap_or(""))
            )?;
        }
        writeln!(o, "</ul>")?;
    }
    writeln!(o, "<p class=\"muted\">{}</p>", esc(RUNTIME_MANUAL))?;

    writeln!(o, "<h3>Uppgifter som beslutet bygger på</h3>")?;
    if d.inputs.is_empty() {
        writeln!(o, "<p>Beslutet använder inga uppgifter.</p>")?;
    } else {
        writeln!(
            o,
            "<table><thead><tr><th>Uppgift</th><th>Källa</th><th>Fråga eller beskrivning</th></tr></thead><tbody>"
        )?;
        for u in &d.inputs {
            let text = u
                .fraga
                .clone()
                .or_else(|| u.beskrivning.clone())
                .unwrap_or_else(|| "–".to_owned());
            let note = if u.routing_only {
                " <span class=\"muted\">(används bara för att skicka ärendet till en handläggare)</span>"
            } else {
                ""
            };
            let src = if u.from_applicant {
                esc(&u.kalla)
            } else {
                format!("<strong>{}</strong>", esc(&u.kalla))
            };
            writeln!(
                o,
                "<tr><td>{}</td><td>{src}</td><td>{}{note}</td></tr>",
                esc(&show_name(&u.name)),
                esc(&text)
            )?;
        }
        writeln!(o, "</tbody></table>")?;
    }
    if !d.judgements.is_empty() {
        writeln!(o, "<h3>Bedömningar som en handläggare gör</h3>\n<ul>")?;
        for (n, b) in &d.judgements {
            let b = b
                .as_deref()
                .map(|b| format!(": {}", esc(b)))
                .unwrap_or_default();
            writeln!(o, "<li>{}{b}</li>", esc(&show_name(n)))?;
        }
        writeln!(o, "</ul>")?;
    }

    writeln!(o, "<h3>Normer och belopp</h3>")?;
    if d.params.is_empty() {
        writeln!(o, "<p>Beslutet använder inga parametrar.</p>")?;
    }
    for p in &d.params {
        writeln!(
            o,
            "<p><strong>{}</strong> <span class=\"muted\">({})</span></p>",
            esc(&show_name(&p.name)),
            esc(p.enligt.as_deref().unwrap_or("lagrum saknas"))
        )?;
        let tables = p
            .values
            .iter()
            .any(|(_, v)| matches!(v, ParamShown::Table(_)));
        if tables {
            table_param(o, &p.values)?;
        } else {
            writeln!(
                o,
                "<table class=\"values\"><thead><tr><th>Från</th><th class=\"num\">Värde</th></tr></thead><tbody>"
            )?;
            for (from, v) in &p.values {
                if let ParamShown::Value(v) = v {
                    writeln!(
                        o,
                        "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
                        esc(from),
                        esc(v)
                    )?;
                }
            }
            writeln!(o, "</tbody></table>")?;
        }
    }

    if !d.rules.is_empty() {
        writeln!(o, "<h3>Lagrum för beräkningarna</h3>\n<ul>")?;
        for (n, e, exc) in &d.rules {
            write!(o, "<li>{}", esc(&show_name(n)))?;
            if let Some(e) = e {
                write!(o, ": {}", esc(e))?;
            }
            if !exc.is_empty() {
                write!(
                    o,
                    " <span class=\"muted\">(undantag: {})</span>",
                    esc(&exc.join("; "))
                )?;
            }
            writeln!(o, "</li>")?;
        }
        writeln!(o, "</ul>")?;
    }

    writeln!(o, "<h3>Exempel som visar utfallen</h3>")?;
    writeln!(
        o,
        "<table><thead><tr><th>Utfall</th><th>Exempel</th></tr></thead><tbody>"
    )?;
    for (tag, ex) in &d.coverage {
        let list = if ex.is_empty() {
            "<span class=\"none\">inget exempel</span>".to_owned()
        } else {
            let items: String = ex.iter().map(|e| format!("<li>{}</li>", esc(e))).collect();
            format!("<ul class=\"examples\">{items}</ul>")
        };
        writeln!(
            o,
            "<tr><td class=\"tagcell\">{}<br><span class=\"muted\">{}</span></td><td>{list}</td></tr>",
            tag_words(tag),
            match ex.len() {
                1 => "1 exempel".to_owned(),
                n => format!("{n} exempel"),
            }
        )?;
    }
    writeln!(o, "</tbody></table>")?;

    writeln!(o, "<h3>Kontrollens resultat</h3>")?;
    if d.reasons.is_empty() {
        writeln!(
            o,
            "<p>Kontrollen har inte hittat några fel eller varningar.</p>"
        )?;
    } else {
        reasons(o, &d.reasons)?;
    }
    Ok(())
}

/// A table parameter as one table: a row per key, a column per date it changed.
fn table_param(o: &mut String, values: &[(String, ParamShown)]) -> std::fmt::Result {
    let mut keys: Vec<&str> = Vec::new();
    for (_, v) in values {
        if let ParamShown::Table(rows) = v {
            for (k, _) in rows {
                if !keys.contains(&k.as_str()) {
                    keys.push(k);
                }
            }
        }
    }
    write!(o, "<table class=\"values\"><thead><tr><th></th>")?;
    for (from, _) in values {
        write!(o, "<th class=\"num\">från {}</th>", esc(from))?;
    }
    writeln!(o, "</tr></thead><tbody>")?;
    for key in keys {
        write!(o, "<tr><td>{}</td>", esc(key))?;
        for (_, v) in values {
            let cell = match v {
                ParamShown::Table(rows) => rows
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| esc(v))
                    .unwrap_or_else(|| "–".to_owned()),
                ParamShown::Value(v) => esc(v),
            };
            write!(o, "<td class=\"num\">{cell}</td>")?;
        }
        writeln!(o, "</tr>")?;
    }
    writeln!(o, "</tbody></table>")
}

fn reasons(o: &mut String, list: &[Reason]) -> std::fmt::Result {
    writeln!(o, "<ul class=\"reasons\">")?;
    for r in list {
        let (what, cls) = if r.error {
            ("Fel", "error")
        } else {
            ("Varning", "warning")
        };
        let place = r
            .place
            .as_deref()
            .map(|p| format!(" <span class=\"muted\">({})</span>", esc(p)))
            .unwrap_or_default();
        writeln!(
            o,
            "<li class=\"{cls}\"><p><strong>{what} {}: {}</strong>{place}</p><p>{}.</p>",
            esc(&r.code),
            rich(&r.title),
            rich(&capitalised(&r.message))
        )?;
        for e in &r.explanation {
            writeln!(
                o,
                "<p class=\"muted\">{}.</p>",
                rich(&capitalised(e.trim_end_matches('.')))
            )?;
        }
        writeln!(o, "</li>")?;
    }
    writeln!(o, "</ul>")
}
