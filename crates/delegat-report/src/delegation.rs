//! The basis for delegation: what a nämnd needs before it delegates decisions to an automated
//! decision function (KL 6 kap. 37 §, docs/jurist/laglighet.md), one part per checked rule file.
//!
//! For the pack: its identity and the verdict with reasons. For each decision: its lagrum and
//! appeal route, what kind of matter it is, how a case is decided, which cases go to a
//! caseworker, every input with its source and question, the parameters with their dates and
//! lagrum, the rules' lagrum, the exempel that cover each outcome (and which outcomes have
//! none), and the check's findings in words. The facts come from
//! [`delegat_check::facts::build`]; the wording around them is in [`words`], the layout in
//! `templates/delegation/`.

pub mod words;

use askama::Template;
use delegat_check::facts::{OutcomeKind, PackFacts, ParamLine, ParamShown};

use crate::filters;

/// The Markdown report.
#[derive(Template)]
#[template(path = "delegation/page.md")]
struct Markdown<'a> {
    packs: &'a [PackFacts],
}

/// The HTML report.
#[derive(Template)]
#[template(path = "delegation/page.html")]
struct Html<'a> {
    packs: &'a [PackFacts],
}

impl Html<'_> {
    /// The page's title: the pack's when there is one.
    fn title(&self) -> String {
        match self.packs {
            [one] => format!("Underlag för delegering: {}", one.titel),
            _ => "Underlag för delegering".to_owned(),
        }
    }
}

/// Writes the reports (one per checked rule file) as one Markdown document.
pub fn markdown(packs: &[PackFacts]) -> Result<String, crate::Error> {
    Markdown { packs }.render()
}

/// Writes the reports (one per checked rule file) as one self-contained HTML page.
pub fn html(packs: &[PackFacts]) -> Result<String, crate::Error> {
    Html { packs }.render()
}

/// A parameter's values as both reports show them: one table whose first column is headed
/// by what a row is (the key column's heading, or `Från`) and whose other columns are values.
struct ValueTable<'a> {
    /// The column headings.
    head: Vec<String>,
    /// The rows, a cell per column.
    rows: Vec<Vec<&'a str>>,
}

/// The table of `p`'s values. A table parameter is one grid: a row per key (in the order they
/// first appear) under its key column's heading, a column per date it changed (`–` where that
/// version has no such key). A single value is a row per date it changed.
fn values(p: &ParamLine) -> ValueTable<'_> {
    if !p
        .values
        .iter()
        .any(|(_, v)| matches!(v, ParamShown::Table(_)))
    {
        return ValueTable {
            head: vec!["Från".to_owned(), "Värde".to_owned()],
            rows: p
                .values
                .iter()
                .filter_map(|(from, v)| match v {
                    ParamShown::Value(v) => Some(vec![from.as_str(), v.as_str()]),
                    ParamShown::Table(_) => None,
                })
                .collect(),
        };
    }
    let mut keys: Vec<&str> = Vec::new();
    for (_, v) in &p.values {
        if let ParamShown::Table(rows) = v {
            for (k, _) in rows {
                if !keys.contains(&k.as_str()) {
                    keys.push(k);
                }
            }
        }
    }
    let mut head = vec![p.key_heading.as_deref().unwrap_or("Värde för").to_owned()];
    head.extend(p.values.iter().map(|(from, _)| format!("från {from}")));
    let rows = keys
        .into_iter()
        .map(|key| {
            let mut row = vec![key];
            row.extend(p.values.iter().map(|(_, v)| {
                match v {
                    ParamShown::Table(rows) => rows
                        .iter()
                        .find(|(k, _)| k == key)
                        .map_or("–", |(_, v)| v.as_str()),
                    ParamShown::Value(v) => v.as_str(),
                }
            }));
            row
        })
        .collect();
    ValueTable { head, rows }
}

#[cfg(test)]
mod tests;
