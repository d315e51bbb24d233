//! The canonical layout of a file's atoms.
//!
//! Line breaks are the author's: every atom stays on its line, blank lines between groups are
//! kept (a run of them becomes one, and none is kept just inside a bracket). Everything else
//! is decided here:
//!
//! - **Indentation**, two spaces a level: a line inside brackets is one level deeper than the
//!   line that opened the innermost bracket; a closing bracket is at its opening line's level.
//! - **Continuation lines** (a line that goes on with the previous one, because that one ended
//!   in an operator, `=`, `:`, or a word such as `så` or `enligt`, or because this one starts
//!   with an operator, `annars`, `och` or `eller`; at the top level every line of an item but
//!   its first) are one level deeper than the line they continue. Later continuation lines
//!   of the same statement keep the extra depth their author gave them relative to the first
//!   (in steps of two spaces, at most two levels), so a nested `+` line stays visibly nested.
//! - **Comment lines** take the indentation of the code line after them.
//! - **Spacing** inside a line: one space between atoms, none inside `( )` and `[ ]`, before
//!   `:` `;` `)` `]`, around `.` and `..` or after a unary `-`; one space inside `{ }`; and two
//!   spaces before each new entry of a block written on one line
//!   (`{ ålder = 4  lunch = ja }`).
//! - **Table rows** of a parameter's table (`från 2026-01-01: { … }`) that follow each other
//!   have their values aligned after the key.

use delegat_syntax::{is_item_keyword, is_keyword};

use crate::atoms::{Atom, Kind};

/// How a line ended, for deciding whether the next one continues it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// A value: the statement may be complete.
    Value,
    /// An operator or a word that needs more after it.
    More,
}

/// An open bracket (or the top level of the file).
#[derive(Debug)]
struct Frame {
    open: char,
    /// Indentation level of the line that opened it.
    indent: usize,
    /// A table of a parameter: its rows are aligned.
    table: bool,
    /// A number to tell frames apart.
    id: usize,
    /// How the last line that ended in this frame ended.
    last_end: Option<End>,
    /// The source column of the current statement's first continuation line.
    first_continuation: Option<usize>,
    /// The indentation of the first line of the current statement in this frame.
    statement_indent: Option<usize>,
    /// The current statement is a dated entry (`från 2025-07-01: …`): a line starting with
    /// `överklagas` under it belongs to it (a `lagrum`'s appeal route for that date).
    dated_entry: bool,
}

/// One line of output before alignment.
#[derive(Debug, Default)]
struct Line {
    /// `None` for a line of comments only, whose indentation is the next code line's.
    indent: Option<usize>,
    text: String,
    blank_before: bool,
    starts_with_close: bool,
    ends_with_open: bool,
    /// For a table row: the frame, the byte offset just after the key's `:` in `text`, and
    /// the width of the key with its `:` in characters.
    row: Option<(usize, usize, usize)>,
}

/// Lays out the atoms of a file.
pub(crate) fn layout(atoms: &[Atom]) -> String {
    let unary = unary_minus(atoms);
    let mut stack: Vec<Frame> = vec![Frame {
        open: ' ',
        indent: 0,
        table: false,
        id: 0,
        last_end: None,
        first_continuation: None,
        statement_indent: None,
        dated_entry: false,
    }];
    let mut next_id = 1;
    let mut lines: Vec<Line> = Vec::new();
    let mut prev_code: Option<usize> = None;
    let mut start = 0;
    while start < atoms.len() {
        let end = (start + 1..atoms.len())
            .find(|&k| atoms.get(k).is_some_and(|a| a.newlines_before > 0))
            .unwrap_or(atoms.len());
        let line_atoms = atoms.get(start..end).unwrap_or(&[]);
        let mut line = Line {
            blank_before: atoms.get(start).is_some_and(|a| a.newlines_before > 1),
            ..Line::default()
        };
        let first_code = line_atoms.iter().find(|a| a.kind != Kind::Comment);
        if let Some(first) = first_code {
            line.starts_with_close = matches!(first.kind, Kind::Close(_));
            let indent = line_indent(&mut stack, first, line_atoms);
            line.indent = Some(indent);
            let frame = stack.last().map_or(0, |f| f.id);
            let in_table = stack.last().is_some_and(|f| f.table);
            let mut depth = 0usize;
            for (offset, atom) in line_atoms.iter().enumerate() {
                let k = start + offset;
                if offset > 0
                    && let Some(prev) = k.checked_sub(1).and_then(|p| atoms.get(p))
                {
                    let in_brace = stack.last().is_some_and(|f| f.open == '{');
                    let entry = in_brace && starts_entry(atoms, k, prev_code);
                    let prev_unary = unary.get(k - 1).copied().unwrap_or(false);
                    line.text.push_str(separator(prev, atom, prev_unary, entry));
                }
                line.text.push_str(&atom.text);
                match atom.kind {
                    Kind::Open(c) => {
                        depth += 1;
                        stack.push(Frame {
                            open: c,
                            indent,
                            table: c == '{' && opens_table(atoms, prev_code),
                            id: next_id,
                            last_end: None,
                            first_continuation: None,
                            statement_indent: None,
                            dated_entry: false,
                        });
                        next_id += 1;
                    }
                    Kind::Close(_) => {
                        depth = depth.saturating_sub(1);
                        if stack.len() > 1 {
                            stack.pop();
                        }
                    }
                    Kind::Punct
                        if atom.text == ":"
                            && depth == 0
                            && in_table
                            && line.row.is_none()
                            && !line.starts_with_close =>
                    {
                        let width = line.text.chars().count();
                        line.row = Some((frame, line.text.len(), width));
                    }
                    _ => {}
                }
                if atom.kind != Kind::Comment {
                    prev_code = Some(k);
                }
            }
            let last_code = line_atoms.iter().rev().find(|a| a.kind != Kind::Comment);
            if let Some(last) = last_code {
                line.ends_with_open = matches!(last.kind, Kind::Open(_));
                if !line.ends_with_open
                    && let Some(frame) = stack.last_mut()
                {
                    frame.last_end = Some(if needs_more(last) {
                        End::More
                    } else {
                        End::Value
                    });
                }
                // A row whose value is on the next line is not aligned.
                if last.text == ":" {
                    line.row = None;
                }
            }
        } else {
            for (offset, atom) in line_atoms.iter().enumerate() {
                if offset > 0 {
                    line.text.push(' ');
                }
                line.text.push_str(&atom.text);
            }
        }
        lines.push(line);
        start = end;
    }
    render(lines)
}

/// The indentation level of a line whose first code atom is `first`, updating the
/// statement state of the innermost frame.
fn line_indent(stack: &mut [Frame], first: &Atom, line_atoms: &[Atom]) -> usize {
    let top_level = stack.len() == 1;
    let Some(frame) = stack.last_mut() else {
        return 0;
    };
    if matches!(first.kind, Kind::Close(_)) {
        return if top_level { 0 } else { frame.indent };
    }
    let base = if top_level { 0 } else { frame.indent + 1 };
    // A `{` on a line of its own lines up with the statement it belongs to.
    if first.kind == Kind::Open('{')
        && let Some(owner) = frame.statement_indent
    {
        return owner;
    }
    // `överklagas: …` on its own line under a dated entry of a `lagrum` is part of that
    // entry: one level in.
    if !top_level && frame.dated_entry && first.kind == Kind::Word && first.text == "överklagas" {
        return base + 1;
    }
    let next = line_atoms
        .iter()
        .filter(|a| a.kind != Kind::Comment)
        .nth(1)
        .map(|a| a.text.as_str());
    let continues = if top_level {
        !(first.kind == Kind::Word && is_item_keyword(&first.text))
    } else {
        match frame.last_end {
            None => false,
            Some(End::More) => true,
            Some(End::Value) => starts_infix(first, next),
        }
    };
    if continues {
        let extra = match frame.first_continuation {
            None => {
                frame.first_continuation = Some(first.column);
                0
            }
            Some(column) => (first.column.saturating_sub(column) / 2).min(2),
        };
        base + 1 + extra
    } else {
        frame.first_continuation = None;
        frame.statement_indent = Some(base);
        frame.dated_entry = first.kind == Kind::Word && first.text == "från";
        base
    }
}

/// Keywords that are values (or end one): a line ending in one may be complete.
fn is_value_keyword(word: &str) -> bool {
    matches!(
        word,
        "ja" | "nej"
            | "ja/nej"
            | "kr"
            | "öre"
            | "bifall"
            | "avslag"
            | "fastställt"
            | "manuell"
            | "heltal"
            | "tal"
            | "belopp"
            | "datum"
            | "varaktighet"
            | "text"
    )
}

/// Whether an atom ends an operand (so that a `-` after it is binary). A type name does
/// not: the `-` in `heltal -10..10` is a sign.
fn ends_value(atom: &Atom) -> bool {
    match atom.kind {
        Kind::Number | Kind::Text | Kind::Close(_) => true,
        Kind::Word => {
            !is_keyword(&atom.text)
                || (is_value_keyword(&atom.text)
                    && !matches!(
                        atom.text.as_str(),
                        "heltal" | "tal" | "belopp" | "datum" | "varaktighet" | "text"
                    ))
        }
        Kind::Open(_) | Kind::Punct | Kind::Comment => false,
    }
}

/// Whether a line ending in `atom` needs more on the next line.
fn needs_more(atom: &Atom) -> bool {
    match atom.kind {
        Kind::Punct => !matches!(atom.text.as_str(), ".." | ";" | ","),
        Kind::Word => is_keyword(&atom.text) && !is_value_keyword(&atom.text),
        _ => false,
    }
}

/// Whether a line starting with `first` (then `next`) goes on with the previous line's
/// expression.
fn starts_infix(first: &Atom, next: Option<&str>) -> bool {
    match first.kind {
        Kind::Punct => matches!(
            first.text.as_str(),
            "+" | "-"
                | "*"
                | "/"
                | "="
                | "<"
                | ">"
                | "<="
                | ">="
                | "!="
                | "≠"
                | "≤"
                | "≥"
                | "->"
                | "→"
                | "|"
                | ".."
        ),
        Kind::Word => match first.text.as_str() {
            "och" | "eller" | "så" | "enligt" | "undantag" | "med" | "där" | "i" | "av" => true,
            "annars" => next != Some(":"),
            _ => false,
        },
        _ => false,
    }
}

/// For every atom, whether it is a unary `-` (no operand before it).
fn unary_minus(atoms: &[Atom]) -> Vec<bool> {
    let mut out = Vec::with_capacity(atoms.len());
    let mut prev: Option<&Atom> = None;
    for atom in atoms {
        out.push(atom.text == "-" && atom.kind == Kind::Punct && !prev.is_some_and(ends_value));
        if atom.kind != Kind::Comment {
            prev = Some(atom);
        }
    }
    out
}

/// Whether the `{` after the code atom `prev` opens a table of a parameter
/// (`från 2026-01-01: {`).
fn opens_table(atoms: &[Atom], prev: Option<usize>) -> bool {
    let Some(p) = prev else { return false };
    let text = |k: Option<usize>| k.and_then(|k| atoms.get(k)).map(|a| a.text.as_str());
    text(Some(p)) == Some(":")
        && text(p.checked_sub(1)).is_some_and(|d| d.len() == 10 && d.contains('-'))
        && text(p.checked_sub(2)) == Some("från")
}

/// Whether atom `k` starts a new entry of a block (a field, a binding, a `när` branch, a
/// table row) after another on the same line.
fn starts_entry(atoms: &[Atom], k: usize, prev_code: Option<usize>) -> bool {
    let Some(atom) = atoms.get(k) else {
        return false;
    };
    let after_value = prev_code
        .and_then(|p| atoms.get(p))
        .is_some_and(|p| ends_value(p) || (p.kind == Kind::Word && is_value_keyword(&p.text)));
    if !after_value {
        return false;
    }
    if atom.kind == Kind::Word
        && matches!(atom.text.as_str(), "när" | "från" | "givet" | "förvänta")
    {
        return true;
    }
    // A key: words separated by `|`, or numbers, dates and `..` (a table key), then `:` or
    // `=` (a field, a binding, a row).
    if !matches!(atom.kind, Kind::Word | Kind::Number) && atom.text != ".." {
        return false;
    }
    let mut j = k;
    let mut expect_word = true;
    while let Some(a) = atoms.get(j) {
        let key_part = match a.kind {
            Kind::Word => expect_word,
            Kind::Number => true,
            Kind::Punct => matches!(a.text.as_str(), "|" | ".." | "-"),
            _ => false,
        };
        if a.kind == Kind::Punct && matches!(a.text.as_str(), ":" | "=") {
            return j > k;
        }
        if !key_part {
            return false;
        }
        expect_word = a.kind == Kind::Punct && a.text == "|";
        j += 1;
    }
    false
}

/// The white space between two atoms on one line.
fn separator(prev: &Atom, atom: &Atom, prev_unary: bool, entry: bool) -> &'static str {
    if atom.kind == Kind::Comment || prev.kind == Kind::Comment {
        return " ";
    }
    match (prev.kind, atom.kind) {
        (Kind::Open(_), Kind::Close(_)) => return "",
        (Kind::Open('{'), _) | (_, Kind::Close('}')) => return " ",
        (Kind::Open(_), _) | (_, Kind::Close(_)) => return "",
        _ => {}
    }
    let (p, a) = (prev.text.as_str(), atom.text.as_str());
    if matches!(a, ":" | ";" | ",") || p == "." || a == "." {
        return "";
    }
    // A range's bounds touch its `..`: `0..20`, `0 kr..50 000 kr`, `5..:`, `..-1`.
    if (a == ".." && prev.kind == Kind::Number)
        || (p == ".." && (atom.kind == Kind::Number || a == "-"))
    {
        return "";
    }
    if matches!(atom.kind, Kind::Open('(' | '[')) && atom.touches_previous {
        return "";
    }
    if p == "-" && prev_unary && a != "-" {
        return "";
    }
    if entry { "  " } else { " " }
}

/// Indents the lines, aligns table rows and joins them.
fn render(mut lines: Vec<Line>) -> String {
    // Comment lines: the indentation of the next code line (inside the block, before a `}`).
    let mut next_indent = 0;
    for line in lines.iter_mut().rev() {
        match line.indent {
            Some(indent) => {
                next_indent = if line.starts_with_close {
                    indent + 1
                } else {
                    indent
                };
            }
            None => line.indent = Some(next_indent),
        }
    }
    align_rows(&mut lines);
    let mut out = String::new();
    let mut prev_opens = true;
    for line in &lines {
        if line.blank_before && !prev_opens && !line.starts_with_close {
            out.push('\n');
        }
        for _ in 0..line.indent.unwrap_or(0) {
            out.push_str("  ");
        }
        out.push_str(line.text.trim_end());
        out.push('\n');
        prev_opens = line.ends_with_open;
    }
    out
}

/// Aligns the values of consecutive rows of one table.
fn align_rows(lines: &mut [Line]) {
    let mut k = 0;
    while k < lines.len() {
        let Some((frame, _, _)) = lines.get(k).and_then(|l| l.row) else {
            k += 1;
            continue;
        };
        let mut end = k + 1;
        while lines
            .get(end)
            .is_some_and(|l| !l.blank_before && l.row.is_some_and(|(f, _, _)| f == frame))
        {
            end += 1;
        }
        let run = lines.get_mut(k..end).unwrap_or(&mut []);
        let widest = run
            .iter()
            .filter_map(|l| l.row.map(|(_, _, w)| w))
            .max()
            .unwrap_or(0);
        for line in run {
            if let Some((_, at, width)) = line.row
                && width < widest
            {
                line.text.insert_str(at, &" ".repeat(widest - width));
            }
        }
        k = end;
    }
}
