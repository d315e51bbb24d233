//! The decision letter as an HTML page (`?format=html`): the text letter of
//! `Decision::letter`, paragraph by paragraph, escaped, in a page of its own.

/// The letter `text` as a standalone HTML page in Swedish.
pub fn page(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2 + 256);
    out.push_str("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    out.push_str(&escape(text.lines().next().unwrap_or("Beslut")));
    out.push_str("</title>\n</head>\n<body>\n<main>\n");
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str("<p>");
        let mut first = true;
        for line in paragraph.lines() {
            if !first {
                out.push_str("<br>\n");
            }
            first = false;
            out.push_str(&escape(line));
        }
        out.push_str("</p>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
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

    #[test]
    fn paragraphs_and_escaping() {
        let html = page("BESLUT\nNämnden\n\nMotivering: <a> & \"b\"\n");
        assert!(html.contains("<title>BESLUT</title>"), "{html}");
        assert!(html.contains("<p>BESLUT<br>\nNämnden</p>"), "{html}");
        assert!(
            html.contains("<p>Motivering: &lt;a&gt; &amp; &quot;b&quot;</p>"),
            "{html}"
        );
    }
}
