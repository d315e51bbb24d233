//! The letter as parts ([`Letter`]): the head, the sections in order and the pack's lines at
//! the foot, written out as text here and as HTML by `html.rs`, so that both forms say the
//! same thing.

use std::fmt::Write as _;

/// A letter's parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Letter {
    /// `BESLUT`, `FÖRSLAG TILL BESLUT` or `BESKED OM HANDLÄGGNING`.
    pub heading: &'static str,
    /// The nämnd, as the sender.
    pub namnd: String,
    /// The path or address of the nämnd's logo (HTML only).
    pub logotyp: Option<String>,
    /// The case's facts at the head: date, matter, reference.
    pub facts: Vec<(&'static str, String)>,
    /// The sections in order.
    pub sections: Vec<Section>,
    /// The pack's lines at the foot: title, version, content hash.
    pub footer: Vec<(&'static str, String)>,
}

/// A section: a heading (none for a lone paragraph), its paragraphs, and a list of values
/// with an introduction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Section {
    pub title: Option<String>,
    pub paragraphs: Vec<String>,
    pub values: Option<(String, Vec<(String, String)>)>,
}

impl Section {
    /// A section of one paragraph under `title`.
    pub fn titled(title: &str, paragraph: String) -> Section {
        Section {
            title: Some(title.to_owned()),
            paragraphs: vec![paragraph],
            values: None,
        }
    }
}

impl Letter {
    /// The letter as text: a line per heading and paragraph, a blank line between parts.
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(4096);
        let _ = writeln!(s, "{}", self.heading);
        let _ = writeln!(s, "{}", self.namnd);
        let _ = writeln!(s);
        for (key, value) in &self.facts {
            let _ = writeln!(s, "{key}: {value}");
        }
        for (i, section) in self.sections.iter().enumerate() {
            if i > 0 || !self.facts.is_empty() {
                let _ = writeln!(s);
            }
            if let Some(t) = &section.title {
                let _ = writeln!(s, "{t}");
            }
            for p in &section.paragraphs {
                let _ = writeln!(s, "{p}");
            }
            if let Some((intro, values)) = &section.values {
                let _ = writeln!(s);
                let _ = writeln!(s, "{intro}");
                for (label, value) in values {
                    let _ = writeln!(s, "- {label}: {value}");
                }
            }
        }
        if !self.footer.is_empty() {
            let _ = writeln!(s);
            for (key, value) in &self.footer {
                let _ = writeln!(s, "{key}: {value}");
            }
        }
        s
    }
}
