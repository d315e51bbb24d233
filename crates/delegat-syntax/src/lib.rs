//! Reading rule files: the pest grammar (`grammar/delegat.pest`), the syntax tree and the
//! syntax diagnostics (codes E00xx).
//!
//! Parsing never panics and never fails outright: [`parse`] returns the tree it could build
//! together with every syntax error it found. No pest type leaves this crate.
//!
//! How a file is read:
//! 0. `nfc` normalises it to Unicode NFC (decomposed `å` reads as `å`), keeping a map so
//!    that every span points at the bytes of the original text;
//! 1. `lexer` tokenizes it lightly (texts, comments, brackets, words, numbers);
//! 2. `prescan` splits it into items at lines that begin with an item keyword, and checks
//!    each item's tokens for the mistakes best seen there (brackets, nesting depth, `,`
//!    between arguments, `1 000` outside an amount) and for habits of Swedish prose
//!    (`slips`: `1.234,50 kr`, `1 mars 2026`, `skol-avstånd`);
//! 3. `parser` (pest) parses each clean item on its own, so that one broken item does not
//!    hide the errors of the next;
//! 4. `errors` translates a pest failure into Swedish, `lower` turns the pairs into the
//!    [`ast`] and reports what the grammar leaves open (dates, number ranges, fields).

#![forbid(unsafe_code)]

pub mod ast;
mod errors;
mod keywords;
mod lexer;
mod lower;
pub mod nfc;
mod parser;
mod prescan;
mod slips;
pub mod tokens;

use delegat_diagnostics::{Diagnostic, FileId, Span};

pub use keywords::{ITEM_KEYWORDS, KEYWORDS, is_item_keyword, is_keyword};

/// Stack for the parsing thread. Nesting is limited to [`prescan::MAX_DEPTH`] levels, but
/// the generated pest code of an unoptimised build takes about 35 KiB of stack per level of
/// parentheses, more than a test thread's 2 MiB allows; this leaves a wide margin.
const PARSE_STACK: usize = 32 * 1024 * 1024;

/// Parses one rule file. Always returns a tree (possibly with fewer items than the file
/// has, where an item could not be read) and the syntax errors, in source order.
///
/// The work runs on a thread of its own with a large stack (see `PARSE_STACK`), so that
/// the caller's stack size does not matter; should no thread be available, it runs here.
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    let outcome = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("delegat-parse".to_owned())
            .stack_size(PARSE_STACK)
            .spawn_scoped(scope, || parse_here(file, text));
        handle.map(|h| h.join())
    });
    match outcome {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => {
            let span = Span::from_range(file, 0..text.len());
            let diag = Diagnostic::new(
                delegat_diagnostics::Code::E0001,
                "filen kunde inte läsas på grund av ett internt fel i Delegat",
                span.shrink_to_start(),
            )
            .with_note("detta är ett fel i Delegat, inte i regelfilen");
            (
                ast::File {
                    items: Vec::new(),
                    span,
                    unreadable_names: Vec::new(),
                },
                vec![diag],
            )
        }
        Err(_) => parse_here(file, text),
    }
}

fn parse_here(file: FileId, original: &str) -> (ast::File, Vec<Diagnostic>) {
    let normalized = nfc::normalize(original);
    let text: &str = &normalized.text;
    let lexed = lexer::lex(text);
    let scan = prescan::Scan {
        file,
        text,
        lexed: &lexed,
        map: &normalized.map,
    };
    let mut diags = Vec::new();
    let chunks = scan.split(&mut diags);
    let mut items = Vec::new();
    let mut unreadable_names = Vec::new();
    // The names an item declares (`regel NAMN`, `uppgift NAMN`, …), from its tokens; for a
    // name joined by hyphens (`skol-avstånd`, E0025) also its words, which its uses read as
    // names, and the name written with `_`.
    let declared = |chunk: &prescan::Chunk| -> Vec<String> {
        let tok = |i: usize| lexed.tokens.get(chunk.tokens.start + i);
        let word = |t: &lexer::Token| text.get(t.start..t.end).unwrap_or("").to_owned();
        let (Some(keyword), Some(name)) = (tok(0), tok(1)) else {
            return Vec::new();
        };
        let names = !matches!(word(keyword).as_str(), "regelverk" | "exempel" | "använd");
        if !names || name.kind != lexer::TokKind::Word {
            return Vec::new();
        }
        let mut parts = vec![word(name)];
        let mut last = name;
        let mut i = 2;
        while let (Some(dash), Some(next)) = (tok(i), tok(i + 1)) {
            if word(dash) != "-" || dash.start != last.end || next.start != dash.end {
                break;
            }
            parts.push(word(next));
            last = next;
            i += 2;
        }
        if parts.len() > 1 {
            parts.push(parts.join("_"));
        }
        parts
    };
    for chunk in &chunks {
        let found = scan.check(chunk);
        if !found.is_empty() {
            diags.extend(found);
            unreadable_names.extend(declared(chunk));
            continue;
        }
        let piece = text.get(chunk.range.clone()).unwrap_or("");
        match parser::parse_items(piece) {
            Ok(pairs) => {
                for pair in pairs {
                    let start = chunk.range.start + pair.as_span().start();
                    let doc = scan.doc_before(start);
                    let (item, found) =
                        lower::lower_item(file, chunk.range.start, &normalized.map, pair, doc);
                    diags.extend(found);
                    items.extend(item);
                }
            }
            Err(error) => {
                diags.push(errors::translate(&scan, chunk, &error));
                unreadable_names.extend(declared(chunk));
            }
        }
    }
    diags.sort_by_key(|d| (d.primary.span.start, d.primary.span.end));
    let span = Span::from_range(file, 0..original.len());
    (
        ast::File {
            items,
            span,
            unreadable_names,
        },
        diags,
    )
}
