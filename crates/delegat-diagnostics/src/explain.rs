//! A code's explanation for a terminal (`delegat explain CODE`): its Markdown page read with
//! `pulldown-cmark` and written as text, without Markdown syntax. Headings are underlined,
//! paragraphs and list items wrapped at [`WIDTH`] columns, code blocks indented, tables
//! laid out in columns. With `color`, headings and strong text are bold, emphasis italic and
//! code cyan (ANSI escapes); without, the same text plain.
//!
//! Inline code keeps its text and loses its backticks; a line break is never put inside it.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::Code;

/// Columns a paragraph is wrapped at.
pub const WIDTH: usize = 80;

/// The explanation of `code` for a terminal.
pub fn explain(code: Code, color: bool) -> String {
    render(code.explanation(), color)
}

/// Style bits of a run of text.
const BOLD: u8 = 1;
const ITALIC: u8 = 2;
const CODE: u8 = 4;

/// A run of inline text and its style.
#[derive(Clone, Debug)]
struct Run {
    text: String,
    style: u8,
}

/// Appends `text` in `style` to `runs`, joining it to the last run of the same style.
fn add(runs: &mut Vec<Run>, text: &str, style: u8) {
    match runs.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => runs.push(Run {
            text: text.to_owned(),
            style,
        }),
    }
}

/// One list being written: its next number (`None` for bullets).
#[derive(Debug)]
struct List {
    next: Option<u64>,
}

#[derive(Debug, Default)]
struct Writer {
    color: bool,
    out: String,
    /// The inline text of the block being read.
    runs: Vec<Run>,
    style: Vec<u8>,
    lists: Vec<List>,
    /// The marker of the list item whose first line is not written yet.
    marker: Option<String>,
    code: Option<String>,
    heading: Option<HeadingLevel>,
    link: Option<String>,
    quote: usize,
    /// The table being read: rows of cells of runs.
    table: Option<Vec<Vec<Vec<Run>>>>,
}

/// Renders a Markdown page as terminal text.
pub fn render(markdown: &str, color: bool) -> String {
    let mut w = Writer {
        color,
        ..Writer::default()
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        w.event(event);
    }
    let mut out = w.out.trim_end().to_owned();
    out.push('\n');
    out
}

impl Writer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match &mut self.code {
                Some(code) => code.push_str(&t),
                None => self.push(&t, 0),
            },
            Event::Code(t) => self.push(&t, CODE),
            Event::SoftBreak => self.push(" ", 0),
            Event::HardBreak => self.push("\n", 0),
            Event::Rule => {
                self.gap();
                self.out.push_str(&"─".repeat(WIDTH));
                self.out.push('\n');
            }
            Event::Html(t) | Event::InlineHtml(t) => self.push(&t, 0),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.runs.clear();
                self.heading = Some(level);
            }
            Tag::Emphasis => self.style.push(ITALIC),
            Tag::Strong => self.style.push(BOLD),
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                // A blank line before a list, but not before a list inside an item.
                if self.lists.is_empty() && !self.out.is_empty() && !self.out.ends_with("\n\n") {
                    self.out.push('\n');
                }
                self.lists.push(List { next: start });
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut().and_then(|l| l.next.as_mut()) {
                    Some(n) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    None => "• ".to_owned(),
                };
                self.marker = Some(marker);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::Link { dest_url, .. } => self.link = Some(dest_url.to_string()),
            Tag::Table(_) => {
                self.flush();
                self.table = Some(Vec::new());
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.push(Vec::new());
                }
            }
            Tag::TableCell => self.runs.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush(),
            TagEnd::Heading(level) => {
                let runs = std::mem::take(&mut self.runs);
                let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                self.heading = None;
                self.gap();
                let style = BOLD;
                self.out.push_str(&self.styled(&text, style));
                self.out.push('\n');
                let rule = if level == HeadingLevel::H1 {
                    "═"
                } else {
                    "─"
                };
                self.out
                    .push_str(&rule.repeat(text.chars().count().min(WIDTH)));
                self.out.push('\n');
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                self.style.pop();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                self.gap();
                let indent = self.indent() + "    ";
                for line in code.trim_end_matches('\n').lines() {
                    if !line.is_empty() {
                        self.out.push_str(&indent);
                        self.out.push_str(&self.styled(line, CODE));
                    }
                    self.out.push('\n');
                }
            }
            TagEnd::Item => {
                self.flush();
                self.marker = None;
            }
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::Link => {
                if let Some(url) = self.link.take() {
                    let shown: String = self.runs.iter().map(|r| r.text.as_str()).collect();
                    if !shown.ends_with(url.as_str()) {
                        self.push(&format!(" ({url})"), 0);
                    }
                }
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.runs);
                if let Some(row) = self.table.as_mut().and_then(|t| t.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::Table => {
                if let Some(rows) = self.table.take() {
                    self.write_table(&rows);
                }
            }
            _ => {}
        }
    }

    /// Adds inline text in the current style.
    fn push(&mut self, text: &str, extra: u8) {
        let style = self.style.iter().fold(extra, |a, b| a | b);
        add(&mut self.runs, text, style);
    }

    /// A blank line before a block, except between the items of a list.
    fn gap(&mut self) {
        let in_item_start = self.marker.is_some() || !self.lists.is_empty();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") && !in_item_start {
            self.out.push('\n');
        }
    }

    /// The indentation of the lists and quotes around the current block.
    fn indent(&self) -> String {
        let mut s = "│ ".repeat(self.quote);
        s.push_str(&"  ".repeat(self.lists.len()));
        s
    }

    /// Writes the inline text read so far as a wrapped paragraph (or list item).
    fn flush(&mut self) {
        if self.runs.iter().all(|r| r.text.trim().is_empty()) {
            self.runs.clear();
            return;
        }
        let runs = std::mem::take(&mut self.runs);
        self.gap();
        let base = self.indent();
        // Inside a list, the item's marker hangs left of the text.
        let base = base
            .strip_suffix("  ")
            .filter(|_| !self.lists.is_empty())
            .unwrap_or(&base)
            .to_owned();
        let (first, rest) = match self.marker.take() {
            Some(m) => {
                let pad = " ".repeat(m.chars().count());
                (format!("{base}{m}"), format!("{base}{pad}"))
            }
            None if !self.lists.is_empty() => (format!("{base}  "), format!("{base}  ")),
            None => (base.clone(), base),
        };
        for line in self.wrap(&runs, &first, &rest) {
            self.out.push_str(&line);
            self.out.push('\n');
        }
    }

    /// Greedy wrapping at [`WIDTH`]: words split at spaces outside code.
    fn wrap(&self, runs: &[Run], first: &str, rest: &str) -> Vec<String> {
        // Words: pieces of runs between breakable spaces; `None` marks a forced break.
        let mut words: Vec<Option<Vec<Run>>> = Vec::new();
        let mut word: Vec<Run> = Vec::new();
        let end_word = |word: &mut Vec<Run>, words: &mut Vec<Option<Vec<Run>>>| {
            if !word.is_empty() {
                words.push(Some(std::mem::take(word)));
            }
        };
        for run in runs {
            if run.style & CODE != 0 {
                word.push(run.clone());
                continue;
            }
            let mut piece = String::new();
            for c in run.text.chars() {
                if c == ' ' || c == '\n' {
                    if !piece.is_empty() {
                        word.push(Run {
                            text: std::mem::take(&mut piece),
                            style: run.style,
                        });
                    }
                    end_word(&mut word, &mut words);
                    if c == '\n' {
                        words.push(None);
                    }
                } else {
                    piece.push(c);
                }
            }
            if !piece.is_empty() {
                word.push(Run {
                    text: piece,
                    style: run.style,
                });
            }
        }
        end_word(&mut word, &mut words);

        let mut lines = Vec::new();
        let mut line: Vec<Run> = Vec::new();
        let mut prefix = first;
        let mut width = first.chars().count();
        let finish = |prefix: &str, line: &mut Vec<Run>, lines: &mut Vec<String>| {
            let mut text = prefix.to_owned();
            for r in line.drain(..) {
                text.push_str(&self.styled(&r.text, r.style));
            }
            lines.push(text);
        };
        for w in words {
            let Some(w) = w else {
                finish(prefix, &mut line, &mut lines);
                prefix = rest;
                width = rest.chars().count();
                continue;
            };
            let w_width: usize = w.iter().map(|r| r.text.chars().count()).sum();
            if !line.is_empty() && width + 1 + w_width > WIDTH {
                finish(prefix, &mut line, &mut lines);
                prefix = rest;
                width = rest.chars().count();
            }
            if !line.is_empty() {
                // The space takes the style shared by the words on either side.
                let shared = match (line.last(), w.first()) {
                    (Some(a), Some(b)) if a.style == b.style => a.style,
                    _ => 0,
                };
                add(&mut line, " ", shared);
                width += 1;
            }
            for r in &w {
                add(&mut line, &r.text, r.style);
            }
            width += w_width;
        }
        finish(prefix, &mut line, &mut lines);
        lines
    }

    /// A table: columns as wide as their widest cell, two spaces apart, the header
    /// underlined.
    fn write_table(&mut self, rows: &[Vec<Vec<Run>>]) {
        let text = |cell: &Vec<Run>| -> String { cell.iter().map(|r| r.text.as_str()).collect() };
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0usize; columns];
        for row in rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(text(cell).chars().count());
            }
        }
        self.gap();
        let indent = self.indent();
        for (n, row) in rows.iter().enumerate() {
            let mut line = indent.clone();
            for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
                let shown = text(cell);
                let pad = w.saturating_sub(shown.chars().count());
                for r in cell {
                    let style = if n == 0 { r.style | BOLD } else { r.style };
                    line.push_str(&self.styled(&r.text, style));
                }
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(pad + 2));
                }
            }
            self.out.push_str(line.trim_end());
            self.out.push('\n');
            if n == 0 {
                let total = (widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1))
                    .min(WIDTH.saturating_sub(indent.chars().count()));
                self.out.push_str(&indent);
                self.out.push_str(&"─".repeat(total));
                self.out.push('\n');
            }
        }
    }

    /// `text` in `style`: ANSI escapes with colour, as it is without.
    fn styled(&self, text: &str, style: u8) -> String {
        if !self.color || style == 0 || text.is_empty() {
            return text.to_owned();
        }
        let mut codes = Vec::new();
        if style & BOLD != 0 {
            codes.push("1");
        }
        if style & ITALIC != 0 {
            codes.push("3");
        }
        if style & CODE != 0 {
            codes.push("36");
        }
        format!("\x1b[{}m{text}\x1b[0m", codes.join(";"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# E9999\n\n**En rubrik.**\n\nSkriv `1 000 kr` *inte* `1.000 kr`.\n\n## Fel\n\n```\nregel a = 1\n  + 2\n```\n\n- en punkt\n- en till, som är `kod`\n\n| typ | JSON |\n| --- | --- |\n| `heltal` | `3` |\n| en post | ett objekt |\n";

    #[test]
    fn plain_form_has_no_markdown_syntax() {
        let out = render(PAGE, false);
        assert_eq!(
            out,
            "E9999\n═════\n\nEn rubrik.\n\nSkriv 1 000 kr inte 1.000 kr.\n\nFel\n───\n\n    regel a = 1\n      + 2\n\n• en punkt\n• en till, som är kod\n\ntyp      JSON\n───────────────────\nheltal   3\nen post  ett objekt\n"
        );
        assert!(!out.contains('`') && !out.contains("**") && !out.contains('#'));
    }

    #[test]
    fn color_marks_headings_emphasis_and_code() {
        let out = render(PAGE, true);
        assert!(out.starts_with("\x1b[1mE9999\x1b[0m\n═════\n"), "{out}");
        assert!(out.contains("\x1b[1mEn rubrik.\x1b[0m"), "{out}");
        assert!(
            out.contains("Skriv \x1b[36m1 000 kr\x1b[0m \x1b[3minte\x1b[0m"),
            "{out}"
        );
        assert!(out.contains("    \x1b[36mregel a = 1\x1b[0m\n"), "{out}");
    }

    #[test]
    fn paragraphs_wrap_at_the_width_and_never_inside_code() {
        let long = format!("{} `kod med mellanslag` slut.", "ord ".repeat(30));
        let out = render(&long, false);
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(out.contains("kod med mellanslag"), "{out}");
        assert_eq!(out.lines().count(), 2, "{out}");
    }

    #[test]
    fn every_page_renders_without_markdown_syntax() {
        for code in Code::ALL {
            let out = explain(*code, false);
            assert!(out.starts_with(code.as_str()), "{code}: {out}");
            for bad in ["```", "**", "\n#", "| ---"] {
                assert!(!out.contains(bad), "{code}: `{bad}` in\n{out}");
            }
        }
    }
}
