//! Checks over the token stream before pest runs: the split of a file into items, and the
//! mistakes that are best found on tokens (unclosed brackets E0002, unterminated texts
//! E0004, `1 000` outside an amount E0005, `,` between arguments E0009, nesting too deep
//! E0014, and stray characters).
//!
//! A piece with such an error is not handed to pest: the error found here says more than a
//! grammar failure would.

use std::ops::Range;

use delegat_diagnostics::{Code, Diagnostic, FileId, Span};

use crate::keywords::{ITEM_KEYWORDS, is_item_keyword};
use crate::lexer::{LexError, Lexed, TokKind, Token, is_group_space};
use crate::nfc::OffsetMap;

/// How deep brackets, `om`s and unary operators may nest.
pub(crate) const MAX_DEPTH: usize = 64;

/// One item's piece of the file.
#[derive(Clone, Debug)]
pub(crate) struct Chunk {
    /// Byte range of the piece (from the item keyword to the next item's line).
    pub range: Range<usize>,
    /// The indices of its tokens in [`Lexed::tokens`].
    pub tokens: Range<usize>,
}

/// Shared state of the checks: the file, its text and its tokens.
pub(crate) struct Scan<'a> {
    pub file: FileId,
    pub text: &'a str,
    pub lexed: &'a Lexed,
    /// Offsets of `text` (the file in NFC) back to the file's own.
    pub map: &'a OffsetMap,
}

impl Scan<'_> {
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        Span::from_range(self.file, self.map.original(start..end))
    }

    pub(crate) fn tok_text(&self, tok: &Token) -> &str {
        self.text.get(tok.start..tok.end).unwrap_or("")
    }

    fn tok_span(&self, tok: &Token) -> Span {
        self.span(tok.start, tok.end)
    }

    /// Leading spaces of the line holding `pos`.
    fn indent_of(&self, pos: usize) -> usize {
        let line_start = self
            .text
            .get(..pos)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        self.text.get(line_start..).map_or(0, |l| {
            l.chars().take_while(|c| *c == ' ' || *c == '\t').count()
        })
    }

    /// Splits the file into item pieces. Tokens before the first item are reported.
    pub(crate) fn split(&self, diags: &mut Vec<Diagnostic>) -> Vec<Chunk> {
        let tokens = &self.lexed.tokens;
        let starts: Vec<usize> = tokens
            .iter()
            .enumerate()
            .filter(|&(i, t)| {
                // A line starts an item when its first word is an item keyword followed by a
                // name or a text (`typ: text` in a record is a keyword misused as a field
                // name, reported inside its item rather than splitting it).
                let followed = tokens
                    .get(i + 1)
                    .is_none_or(|n| matches!(n.kind, TokKind::Word | TokKind::Str));
                t.kind == TokKind::Word
                    && t.line_first
                    && followed
                    && is_item_keyword(self.tok_text(t))
            })
            .map(|(i, _)| i)
            .collect();
        let first = starts.first().copied().unwrap_or(tokens.len());
        if let Some(junk) = tokens.get(..first).and_then(|t| t.first()) {
            let names = ITEM_KEYWORDS
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let diag = Diagnostic::new(
                Code::E0001,
                format!(
                    "förväntade en deklaration, men hittade `{}`",
                    self.tok_text(junk)
                ),
                self.tok_span(junk),
            )
            .with_primary_label("här ska en deklaration börja")
            .with_note(format!(
                "en regelfil består av deklarationer som börjar med {names}"
            ));
            let suggestion = (junk.kind == TokKind::Word)
                .then(|| crate::lower::did_you_mean(self.tok_text(junk), ITEM_KEYWORDS))
                .flatten();
            diags.push(match suggestion {
                Some(keyword) => diag.with_help(format!("menade du `{keyword}`?")),
                None => diag,
            });
        }
        let mut chunks = Vec::new();
        for (n, &i) in starts.iter().enumerate() {
            let next = starts.get(n + 1).copied().unwrap_or(tokens.len());
            let start = tokens.get(i).map_or(0, |t| t.start);
            let end = match tokens.get(next) {
                Some(t) => self
                    .text
                    .get(..t.start)
                    .and_then(|s| s.rfind('\n'))
                    .map_or(t.start, |p| p + 1),
                None => self.text.len(),
            };
            chunks.push(Chunk {
                range: start..end.max(start),
                tokens: i..next,
            });
        }
        chunks
    }

    /// The `///` lines between the previous token and the item starting at `start`.
    pub(crate) fn doc_before(&self, start: usize) -> Option<String> {
        // Token ends never decrease (a text's nested tokens follow its opening quote), and
        // doc lines are in order: both are searched, not scanned, so that a file with many
        // items stays linear.
        let tokens = &self.lexed.tokens;
        let before = tokens.partition_point(|t| t.end <= start);
        let prev_end = tokens
            .get(..before)
            .and_then(|ts| ts.iter().rfind(|t| t.nested == 0))
            .map_or(0, |t| t.end);
        let docs = &self.lexed.docs;
        let first = docs.partition_point(|d| d.start < prev_end);
        let doc: Vec<&str> = docs
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .take_while(|d| d.start < start)
            .map(|d| d.text.as_str())
            .collect();
        (!doc.is_empty()).then(|| doc.join("\n"))
    }

    /// Runs every token check over one piece; an empty result lets pest read it.
    pub(crate) fn check(&self, chunk: &Chunk) -> Vec<Diagnostic> {
        let mut diags = self.lex_errors(&chunk.range);
        if diags.is_empty() {
            diags.extend(self.depth(chunk));
        }
        if diags.is_empty() {
            diags.extend(self.brackets(chunk));
        }
        if diags.is_empty() {
            // A slip (`1.234,50 kr`, `1 mars 2026`, `skol-avstånd`) is the one error of its
            // tokens: the other checks' errors inside it are symptoms (`,` in a block).
            let slips = self.slips(chunk);
            let inside_slip = |d: &Diagnostic| {
                let s = d.primary.span;
                slips.iter().any(|slip| {
                    slip.primary.span.start <= s.start && s.end <= slip.primary.span.end
                })
            };
            let mut others = self.commas(chunk);
            others.extend(self.grouped_numbers(chunk));
            others.extend(self.foreign_operators(chunk));
            others.retain(|d| !inside_slip(d));
            diags.extend(slips);
            diags.extend(others);
        }
        diags.sort_by_key(|d| (d.primary.span.start, d.primary.span.end));
        diags
    }

    fn tokens<'s>(&'s self, chunk: &Chunk) -> &'s [Token] {
        self.lexed.tokens.get(chunk.tokens.clone()).unwrap_or(&[])
    }

    fn lex_errors(&self, range: &Range<usize>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        // The errors are sorted by start: this piece's are one run of them.
        let errors = &self.lexed.errors;
        let first = errors.partition_point(|e| e.range().0 < range.start);
        let mine = errors
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .take_while(|e| e.range().0 < range.end);
        // The unterminated text last opened before an error (texts do not nest across lines).
        let mut open_text: Option<(usize, usize)> = None;
        for error in mine {
            let (start, end) = error.range();
            if let LexError::UnterminatedText(s, e) = *error {
                open_text = Some((s, e));
            }
            // Inside a text that never ends, a brace or escape is not worth a second error.
            let inside_unterminated = open_text.is_some_and(|(s, e)| s < start && start < e);
            if inside_unterminated
                && matches!(error, LexError::LoneBrace(_) | LexError::BadEscape(..))
            {
                continue;
            }
            let span = self.span(start, end);
            let here = self.text.get(start..end).unwrap_or("");
            out.push(match error {
                LexError::UnterminatedText(..) => Diagnostic::new(
                    Code::E0004,
                    "texten avslutas aldrig",
                    self.span(start, start + 1),
                )
                .with_primary_label("texten börjar här")
                .with_label(self.span(end, end), "raden slutar innan texten har avslutats")
                .with_help("avsluta texten med `\"` på samma rad; en text kan inte fortsätta på nästa rad (skriv `\\n` för en radbrytning)"),
                LexError::UnterminatedComment(..) => Diagnostic::new(
                    Code::E0020,
                    "kommentaren avslutas aldrig",
                    self.span(start, start + 2),
                )
                .with_primary_label("kommentaren börjar här")
                .with_help("avsluta kommentaren med `*/`"),
                LexError::LoneBrace(_) => Diagnostic::new(
                    Code::E0018,
                    "ensam `}` i en text",
                    span,
                )
                .with_primary_label("här finns ingen `{` som den avslutar")
                .with_help("skriv `}}` för att få en `}` i texten"),
                LexError::BadEscape(..) => Diagnostic::new(
                    Code::E0001,
                    format!("okänd teckenkombination `{here}` i en text"),
                    span,
                )
                .with_primary_label("finns inte")
                .with_help("i en text betyder `\\\"` ett citattecken, `\\\\` ett bakstreck och `\\n` en radbrytning"),
                LexError::CurlyText(..) => {
                    let inner: String = here
                        .chars()
                        .skip(1)
                        .take(here.chars().count().saturating_sub(2))
                        .collect();
                    Diagnostic::new(
                        Code::E0001,
                        format!("texten `{here}` står inom typografiska citattecken"),
                        span,
                    )
                    .with_primary_label("Delegat läser bara raka citattecken")
                    .with_help(format!(
                        "skriv raka citattecken: `\"{inner}\"` (ordbehandlare byter ofta ut dem)"
                    ))
                }
                LexError::Stray(..) => {
                    let chars = here.chars().filter(|c| *c != ' ' && *c != '\t').count();
                    let d = if chars <= 1 {
                        Diagnostic::new(
                            Code::E0001,
                            format!("tecknet `{here}` kan inte stå här"),
                            span,
                        )
                        .with_primary_label("okänt tecken")
                    } else {
                        let shown: String = here.chars().take(12).collect();
                        let more = if shown.len() < here.len() { "…" } else { "" };
                        Diagnostic::new(
                            Code::E0001,
                            format!("tecknen `{shown}{more}` kan inte stå här"),
                            span,
                        )
                        .with_primary_label(format!("{chars} okända tecken"))
                    };
                    let first = here.chars().next().map(String::from).unwrap_or_default();
                    let digit_before = self
                        .text
                        .get(..start)
                        .and_then(|s| s.trim_end_matches([' ', '\t']).chars().next_back())
                        .is_some_and(|c| c.is_ascii_digit());
                    let digit_after = self
                        .text
                        .get(end..)
                        .and_then(|s| s.trim_start_matches([' ', '\t']).chars().next())
                        .is_some_and(|c| c.is_ascii_digit());
                    let range_dash = matches!(first.as_str(), "–" | "—")
                        && chars == 1
                        && digit_before
                        && digit_after;
                    let help = if range_dash {
                        Some(
                            "ett intervall skrivs med två punkter, till exempel `0..3` (rapporten skriver intervall med tankstreck, regelfilen med `..`); minustecknet skrivs `-`",
                        )
                    } else {
                        stray_help(&first)
                    };
                    match help {
                        Some(help) => d.with_help(help),
                        None => d,
                    }
                }
            });
        }
        out
    }

    /// Matches brackets; reports the first one that does not close (E0002) or a closing
    /// bracket without an opening one (E0001).
    fn brackets(&self, chunk: &Chunk) -> Option<Diagnostic> {
        let tokens = self.tokens(chunk);
        let mut stack: Vec<usize> = Vec::new();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for (i, tok) in tokens.iter().enumerate() {
            match tok.kind {
                TokKind::Open(_) => stack.push(i),
                TokKind::Close(c) => {
                    let Some(&open) = stack.last() else {
                        return Some(
                            Diagnostic::new(
                                Code::E0001,
                                format!("oväntat `{c}`"),
                                self.tok_span(tok),
                            )
                            .with_primary_label(format!(
                                "det finns ingen `{}` som detta avslutar",
                                opener(c)
                            )),
                        );
                    };
                    let open_char = match tokens.get(open).map(|t| t.kind) {
                        Some(TokKind::Open(o)) => o,
                        _ => c,
                    };
                    if closer(open_char) != c {
                        return tokens
                            .get(open)
                            .map(|o| self.unclosed(o, tok.start, Some(tok)));
                    }
                    stack.pop();
                    pairs.push((open, i));
                }
                _ => {}
            }
        }
        let &innermost = stack.last()?;
        // Prefer a block whose closing bracket sits less indented than its opening line:
        // that is usually the one whose own `}` was forgotten.
        let suspicious = pairs
            .iter()
            .filter_map(|&(o, c)| {
                let (ot, ct) = (tokens.get(o)?, tokens.get(c)?);
                let last_on_line = tokens.get(o + 1).is_none_or(|n| n.line_first);
                (last_on_line
                    && ct.line_first
                    && self.indent_of(ct.start) < self.indent_of(ot.start))
                .then_some(o)
            })
            .min()
            .unwrap_or(innermost);
        let open = tokens.get(suspicious)?;
        let indent = self.indent_of(open.start);
        let end_tok = tokens
            .iter()
            .skip(suspicious + 1)
            .position(|t| t.line_first && self.indent_of(t.start) <= indent)
            .map(|p| p + suspicious + 1);
        let before = end_tok
            .and_then(|e| e.checked_sub(1))
            .and_then(|e| tokens.get(e))
            .or(tokens.last());
        let at = before.map_or(open.end, |t| t.end);
        Some(self.unclosed(open, at, None))
    }

    fn unclosed(&self, open: &Token, at: usize, wrong: Option<&Token>) -> Diagnostic {
        let o = match open.kind {
            TokKind::Open(o) => o,
            _ => '{',
        };
        let c = closer(o);
        let what = match o {
            '{' => "blocket",
            '(' => "parentesen",
            _ => "hakparentesen",
        };
        let (span, label) = match wrong {
            Some(w) => (
                self.tok_span(w),
                format!("här står `{}` där `{c}` behövs", self.tok_text(w)),
            ),
            None => (self.span(at, at), format!("här förväntades `{c}`")),
        };
        Diagnostic::new(
            Code::E0002,
            format!("förväntade `{c}` som avslutar {what} som började här"),
            span,
        )
        .with_primary_label(label)
        .with_label(self.tok_span(open), format!("{what} börjar här"))
        .with_help(format!("avsluta {what} med `{c}`"))
    }

    /// Nesting of brackets, `om … annars` and unary operators must stay below [`MAX_DEPTH`].
    fn depth(&self, chunk: &Chunk) -> Option<Diagnostic> {
        let tokens = self.tokens(chunk);
        let mut brackets = 0usize;
        let mut oms: Vec<usize> = vec![0];
        // `annars om` chains nest in the tree although each `om` gets its `annars`; they
        // are counted per bracket level until something ends the expression.
        let mut chains: Vec<usize> = vec![0];
        let mut run = 0usize;
        for (i, tok) in tokens.iter().enumerate() {
            let text = self.tok_text(tok);
            let mut unary = false;
            match tok.kind {
                TokKind::Open(_) => {
                    brackets += 1;
                    oms.push(0);
                    chains.push(0);
                }
                TokKind::Close(_) => {
                    brackets = brackets.saturating_sub(1);
                    if oms.len() > 1 {
                        oms.pop();
                        chains.pop();
                    }
                }
                TokKind::Word if matches!(text, "när" | "undantag") => {
                    if let Some(n) = chains.last_mut() {
                        *n = 0;
                    }
                }
                TokKind::Punct if matches!(text, ":" | ";") => {
                    if let Some(n) = chains.last_mut() {
                        *n = 0;
                    }
                }
                TokKind::Word if text == "om" => {
                    if let Some(n) = oms.last_mut() {
                        *n += 1;
                    }
                }
                TokKind::Word if text == "annars" => {
                    let block_annars = tokens.get(i + 1).is_some_and(|n| self.tok_text(n) == ":");
                    if let Some(n) = oms.last_mut()
                        && !block_annars
                        && *n > 0
                    {
                        *n -= 1;
                    }
                    let else_if = tokens.get(i + 1).is_some_and(|n| self.tok_text(n) == "om");
                    if else_if && let Some(n) = chains.last_mut() {
                        *n += 1;
                    }
                }
                TokKind::Word if text == "inte" => unary = true,
                TokKind::Punct if text == "-" => unary = true,
                _ => {}
            }
            run = if unary { run + 1 } else { 0 };
            let depth = brackets + oms.iter().sum::<usize>() + chains.iter().sum::<usize>() + run;
            if depth > MAX_DEPTH {
                return Some(
                    Diagnostic::new(
                        Code::E0014,
                        format!("uttrycket är för djupt nästlat (mer än {MAX_DEPTH} nivåer)"),
                        self.tok_span(tok),
                    )
                    .with_primary_label("här blir nästlingen för djup")
                    .with_help("dela upp uttrycket i flera regler med egna namn"),
                );
            }
        }
        None
    }

    /// A `,` outside a number: between arguments it is E0009, elsewhere E0001.
    fn commas(&self, chunk: &Chunk) -> Vec<Diagnostic> {
        let tokens = self.tokens(chunk);
        let mut stack: Vec<usize> = Vec::new();
        let mut reported: Vec<usize> = Vec::new();
        let mut out = Vec::new();
        for (i, tok) in tokens.iter().enumerate() {
            match tok.kind {
                TokKind::Open(_) => stack.push(i),
                TokKind::Close(_) => {
                    stack.pop();
                }
                TokKind::Comma => {
                    let open = stack.last().copied();
                    let open_tok = open.and_then(|o| tokens.get(o));
                    let span = self.tok_span(tok);
                    match open_tok.map(|t| t.kind) {
                        Some(TokKind::Open(c @ ('(' | '['))) => {
                            let key = open.unwrap_or(usize::MAX);
                            if reported.contains(&key) {
                                continue;
                            }
                            reported.push(key);
                            let callee = open
                                .and_then(|o| o.checked_sub(1))
                                .and_then(|p| tokens.get(p))
                                .filter(|t| t.kind == TokKind::Word);
                            let declares = callee
                                .and_then(|t| tokens.iter().rev().find(|p| p.end <= t.start))
                                .is_some_and(|p| self.tok_text(p) == "regel");
                            let example = self
                                .with_semicolons(tokens, open.unwrap_or(0), callee)
                                .unwrap_or_else(|| match c {
                                    '[' => "[3; 8]".to_owned(),
                                    _ => "f(a; b)".to_owned(),
                                });
                            let what = match (c, declares) {
                                ('[', _) => "värdena i en lista",
                                (_, true) => "en regels parametrar",
                                _ => "argument",
                            };
                            out.push(
                                Diagnostic::new(
                                    Code::E0009,
                                    format!("{what} skiljs åt med `;`, inte med `,`"),
                                    span,
                                )
                                .with_primary_label("skriv `;` här")
                                .with_note("`,` är decimaltecken i Delegat: `12,5` är ett tal")
                                .with_help(format!("skriv `{example}`")),
                            );
                        }
                        Some(TokKind::Open('{')) => out.push(
                            Diagnostic::new(Code::E0001, "oväntat `,`", span)
                                .with_primary_label("här behövs ingen avgränsare")
                                .with_help("fälten i ett block skrivs efter varandra utan `,`; ta bort `,`"),
                        ),
                        _ => out.push(
                            Diagnostic::new(Code::E0001, "oväntat `,`", span)
                                .with_primary_label("`,` kan inte stå här")
                                .with_note("`,` är decimaltecken i Delegat: `12,5` är ett tal"),
                        ),
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// The bracket group opening at `open` (with its callee) as written, with every `,`
    /// between its items turned into `;`; `None` when it is long or spans lines.
    fn with_semicolons(
        &self,
        tokens: &[Token],
        open: usize,
        callee: Option<&Token>,
    ) -> Option<String> {
        let mut depth = 0usize;
        let mut close = None;
        for (i, t) in tokens.iter().enumerate().skip(open) {
            match t.kind {
                TokKind::Open(_) => depth += 1,
                TokKind::Close(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let first = tokens.get(open)?;
        let last = tokens.get(close?)?;
        let start = callee.map_or(first.start, |c| c.start);
        let mut out = String::new();
        let mut at = start;
        for t in tokens.get(open..=close?)? {
            if t.kind == TokKind::Comma {
                out.push_str(self.text.get(at..t.start)?);
                out.push(';');
                at = t.end;
            }
        }
        out.push_str(self.text.get(at..last.end)?);
        (out.len() <= 80 && !out.contains('\n')).then_some(out)
    }

    /// `1 000` not followed by `kr` or `öre` (E0005).
    fn grouped_numbers(&self, chunk: &Chunk) -> Vec<Diagnostic> {
        let tokens = self.tokens(chunk);
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(first) = tokens.get(i) {
            i += 1;
            if first.kind != TokKind::Number || !self.is_plain_digits(first) {
                continue;
            }
            let mut last = first;
            let mut j = i;
            while let Some(next) = tokens.get(j) {
                let gap = self.text.get(last.end..next.start).unwrap_or("");
                let single_space = gap.chars().count() == 1 && gap.chars().all(is_group_space);
                let digits = self.tok_text(next);
                let group = digits.split([',', '.']).next().unwrap_or("");
                if next.kind == TokKind::Number
                    && single_space
                    && group.len() == 3
                    && group.bytes().all(|b| b.is_ascii_digit())
                {
                    last = next;
                    j += 1;
                } else {
                    break;
                }
            }
            if j == i {
                continue;
            }
            let unit = tokens.get(j).map(|t| self.tok_text(t));
            i = j;
            // An amount, or a table key after a value on one line (`{ 0: 5 100: 6 }`).
            if matches!(unit, Some("kr" | "öre" | ":" | "..")) {
                continue;
            }
            let written = self.text.get(first.start..last.end).unwrap_or("");
            let joined: String = written.chars().filter(|c| !is_group_space(*c)).collect();
            out.push(
                Diagnostic::new(
                    Code::E0005,
                    format!("`{written}` är inte ett tal: mellanrum i ett tal får bara stå i ett belopp"),
                    self.span(first.start, last.end),
                )
                .with_primary_label("tusentalsgruppering utan `kr` eller `öre`")
                .with_note("`1 000 100` läses aldrig som ett enda tal, eftersom mellanrummet också skiljer värden åt")
                .with_help(format!("skriv `{joined}`, eller `{written} kr` om det är ett belopp")),
            );
        }
        out
    }

    fn is_plain_digits(&self, tok: &Token) -> bool {
        let t = self.tok_text(tok);
        !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
    }

    /// Operators from other languages: `==`, `&&`, `||`, `!`.
    fn foreign_operators(&self, chunk: &Chunk) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for tok in self.tokens(chunk) {
            if tok.kind != TokKind::Punct {
                continue;
            }
            let (label, help) = match self.tok_text(tok) {
                "==" => ("jämförelse skrivs med ett enda `=`", "skriv `a = b`"),
                "&&" => ("`&&` finns inte i Delegat", "skriv `och`"),
                "||" => ("`||` finns inte i Delegat", "skriv `eller`"),
                "!" => (
                    "`!` finns inte i Delegat",
                    "skriv `inte`, eller `≠` för ”inte lika med”",
                ),
                "&" => ("`&` finns inte i Delegat", "skriv `och`"),
                _ => continue,
            };
            out.push(
                Diagnostic::new(
                    Code::E0001,
                    format!("oväntat `{}`", self.tok_text(tok)),
                    self.tok_span(tok),
                )
                .with_primary_label(label)
                .with_help(help),
            );
        }
        out
    }
}

/// Help for characters that word processors put in place of the ones Delegat reads.
fn stray_help(c: &str) -> Option<&'static str> {
    Some(match c {
        "”" | "“" | "„" | "»" | "«" => {
            "texter skrivs med raka citattecken: `\"…\"` (ordbehandlare byter ofta ut dem)"
        }
        "–" | "—" | "−" => {
            "minustecknet skrivs `-` (ordbehandlare byter ofta ut det mot ett tankstreck)"
        }
        "×" => "multiplikation skrivs `*`",
        "÷" => "division skrivs `/`",
        "’" | "'" => "texter skrivs med raka citattecken: `\"…\"`",
        _ => return None,
    })
}

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn opener(close: char) -> char {
    match close {
        ')' => '(',
        ']' => '[',
        _ => '{',
    }
}
