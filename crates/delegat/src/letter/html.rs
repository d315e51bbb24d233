//! The letter as a print-ready HTML page: the same parts as the text letter (`model.rs`),
//! laid out for an A4 sheet (`@page`), with the nämnd as the sender and its logo when the
//! pack (`logotyp:`) or the caller names one. One self-contained page: the style is inline,
//! nothing is fetched but the logo, and every text is escaped.

use std::fmt::Write as _;

use super::model::Letter;

/// The page's style: A4 with margins for a window envelope's sender block, a serif body
/// in 11 pt, headings that stay with their text, and the pack's lines small at the foot.
const STYLE: &str = "\
@page { size: A4; margin: 20mm 20mm 22mm 25mm; }
html { font-family: \"Liberation Serif\", \"Times New Roman\", serif; font-size: 11pt; \
line-height: 1.4; color: #000; background: #fff; }
body { margin: 0 auto; max-width: 165mm; }
header.avsandare { display: flex; justify-content: space-between; align-items: flex-start; \
border-bottom: 0.4pt solid #000; padding-bottom: 4mm; margin-bottom: 6mm; }
header.avsandare .namnd { font-size: 13pt; font-weight: bold; }
header.avsandare img { max-height: 18mm; max-width: 60mm; }
h1 { font-size: 15pt; letter-spacing: 0.05em; margin: 0 0 3mm 0; }
dl.arende { display: grid; grid-template-columns: max-content auto; column-gap: 4mm; \
row-gap: 0.5mm; margin: 0 0 6mm 0; }
dl.arende dt { font-weight: bold; }
dl.arende dd { margin: 0; }
section { margin: 0 0 4mm 0; }
h2 { font-size: 11.5pt; margin: 0 0 1mm 0; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1.5mm 0; orphans: 3; widows: 3; }
table.varden { border-collapse: collapse; margin: 1mm 0 2mm 0; break-inside: avoid; }
table.varden th { text-align: left; font-weight: normal; padding: 0.5mm 6mm 0.5mm 0; \
vertical-align: top; }
table.varden td { text-align: right; padding: 0.5mm 0; white-space: nowrap; \
vertical-align: top; }
footer { margin-top: 8mm; border-top: 0.4pt solid #000; padding-top: 2mm; font-size: 8.5pt; \
color: #333; }
footer p { margin: 0; overflow-wrap: anywhere; }
@media screen { body { padding: 15mm 10mm; } }
";

/// The letter as a standalone HTML page in Swedish; `logotyp` replaces the pack's logo.
pub(crate) fn page(letter: &Letter, logotyp: Option<&str>) -> String {
    let mut out = String::with_capacity(8192);
    let title = letter
        .facts
        .iter()
        .find(|(k, _)| *k == "Ärende")
        .map_or_else(String::new, |(_, v)| format!(" – {v}"));
    out.push_str("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(
        out,
        "<title>{}{}</title>",
        escape(&capitalize_words(letter.heading)),
        escape(&title)
    );
    let _ = writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>");
    out.push_str("<header class=\"avsandare\">\n");
    let _ = writeln!(out, "<div class=\"namnd\">{}</div>", escape(&letter.namnd));
    if let Some(logo) = logotyp.or(letter.logotyp.as_deref()) {
        let _ = writeln!(
            out,
            "<img src=\"{}\" alt=\"Logotyp för {}\">",
            escape(logo),
            escape(&letter.namnd)
        );
    }
    out.push_str("</header>\n<main>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(letter.heading));
    if !letter.facts.is_empty() {
        out.push_str("<dl class=\"arende\">\n");
        for (key, value) in &letter.facts {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(key), escape(value));
        }
        out.push_str("</dl>\n");
    }
    for section in &letter.sections {
        out.push_str("<section>\n");
        if let Some(t) = &section.title {
            let _ = writeln!(out, "<h2>{}</h2>", escape(t));
        }
        for p in &section.paragraphs {
            let _ = writeln!(out, "<p>{}</p>", linked(p));
        }
        if let Some((intro, values)) = &section.values {
            let _ = writeln!(out, "<p>{}</p>", escape(intro));
            out.push_str("<table class=\"varden\">\n");
            for (label, value) in values {
                let _ = writeln!(
                    out,
                    "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                    escape(label),
                    escape(value)
                );
            }
            out.push_str("</table>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n");
    if !letter.footer.is_empty() {
        out.push_str("<footer>\n");
        for (key, value) in &letter.footer {
            let _ = writeln!(out, "<p>{}: {}</p>", escape(key), escape(value));
        }
        out.push_str("</footer>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// A paragraph escaped, with a web address (`https://…` up to a space) as a link.
fn linked(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 64);
    for (i, word) in p.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("https://") || word.starts_with("http://") {
            let address = word.trim_end_matches(['.', ',', ')']);
            let rest = word.get(address.len()..).unwrap_or("");
            let _ = write!(
                out,
                "<a href=\"{}\">{}</a>{}",
                escape(address),
                escape(address),
                escape(rest)
            );
        } else {
            out.push_str(&escape(word));
        }
    }
    out
}

/// `BESLUT` as `Beslut`, `FÖRSLAG TILL BESLUT` as `Förslag till beslut` (the page title).
fn capitalize_words(heading: &str) -> String {
    let lower = heading.to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Text escaped for HTML element content and attribute values.
fn escape(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letter::model::Section;

    fn letter() -> Letter {
        Letter {
            heading: "BESLUT",
            namnd: "Nämnden <i>".to_owned(),
            logotyp: Some("bilder/\"logo\".svg".to_owned()),
            facts: vec![("Ärende", "Stöd & bidrag".to_owned())],
            sections: vec![Section::titled(
                "Dina personuppgifter",
                "Läs mer: https://exempel.se/a?b=1&c=2.".to_owned(),
            )],
            footer: vec![("Version", "1".to_owned())],
        }
    }

    #[test]
    fn every_text_is_escaped_and_an_address_is_a_link() {
        let html = page(&letter(), None);
        assert!(
            html.contains("<title>Beslut – Stöd &amp; bidrag</title>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"namnd\">Nämnden &lt;i&gt;</div>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<img src=\"bilder/&quot;logo&quot;.svg\" alt=\"Logotyp för Nämnden &lt;i&gt;\">"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<p>Läs mer: <a href=\"https://exempel.se/a?b=1&amp;c=2\">https://exempel.se/a?b=1&amp;c=2</a>.</p>"
            ),
            "{html}"
        );
        assert!(html.contains("@page { size: A4;"), "{html}");
    }

    #[test]
    fn the_callers_logo_replaces_the_packs_and_none_leaves_it_out() {
        let html = page(&letter(), Some("/srv/logga.png"));
        assert!(html.contains("<img src=\"/srv/logga.png\""), "{html}");
        let mut l = letter();
        l.logotyp = None;
        assert!(!page(&l, None).contains("<img"));
    }
}
