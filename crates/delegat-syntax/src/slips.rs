//! Habits of Swedish prose that a rule file does not read, found on tokens before pest
//! runs, each reported once with the form to write instead (and a [`Diagnostic::fix`] that
//! writes it, which the language server offers as a quick fix):
//!
//! - an amount with points between the thousands, `1.234,50 kr` (E0023): `1 234,50 kr`;
//! - a date in words, `1 mars 2026` (E0024): `2026-03-01`;
//! - a declared name joined with hyphens, `skol-avstånd` (E0025): `skol_avstånd`.
//!
//! Without these a grammar failure would name a symptom (`ta bort ,`, `förväntade =`).

use delegat_diagnostics::{Code, Diagnostic};
use delegat_value::Date;

use crate::lexer::{TokKind, Token};
use crate::prescan::{Chunk, Scan};

/// The months as Swedish prose writes them, in order, and their common abbreviations.
const MONTHS: [(&str, &str); 12] = [
    ("januari", "jan"),
    ("februari", "feb"),
    ("mars", "mar"),
    ("april", "apr"),
    ("maj", "maj"),
    ("juni", "jun"),
    ("juli", "jul"),
    ("augusti", "aug"),
    ("september", "sep"),
    ("oktober", "okt"),
    ("november", "nov"),
    ("december", "dec"),
];

/// The item keywords that are followed by the name they declare.
const DECLARING: &[&str] = &[
    "typ",
    "uppgift",
    "parameter",
    "regel",
    "bedömning",
    "beslut",
    "beslutsstöd",
];

impl Scan<'_> {
    /// Every slip in one piece.
    pub(crate) fn slips(&self, chunk: &Chunk) -> Vec<Diagnostic> {
        let tokens = self.lexed.tokens.get(chunk.tokens.clone()).unwrap_or(&[]);
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let found = self
                .dotted_amount(tokens, i)
                .or_else(|| self.worded_date(tokens, i))
                .or_else(|| self.hyphenated_name(tokens, i));
            match found {
                Some((diag, next)) => {
                    out.push(diag);
                    i = next;
                }
                None => i += 1,
            }
        }
        out
    }

    /// `1.234,50 kr`, `12.500 kr`, `1.234.567 kr`: a point between groups of three digits,
    /// before `kr`/`öre`. Returns the diagnostic and the index after the amount.
    fn dotted_amount(&self, tokens: &[Token], i: usize) -> Option<(Diagnostic, usize)> {
        let first = tokens.get(i)?;
        let (lead, group) = self.tok_text(first).split_once('.')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if first.kind != TokKind::Number || !digits(lead) || lead.len() > 3 || group.len() != 3 {
            return None;
        }
        let mut groups = vec![lead, group];
        let mut last = first;
        let mut j = i + 1;
        // Further `.ddd` groups, each a `.` and a number right after the last.
        while let (Some(point), Some(next)) = (tokens.get(j), tokens.get(j + 1)) {
            let text = self.tok_text(next);
            if self.tok_text(point) != "."
                || point.start != last.end
                || next.start != point.end
                || text.len() != 3
                || !digits(text)
            {
                break;
            }
            groups.push(text);
            last = next;
            j += 2;
        }
        // Öre after a decimal comma: `,50`.
        let mut decimals = None;
        if let (Some(comma), Some(next)) = (tokens.get(j), tokens.get(j + 1))
            && comma.kind == TokKind::Comma
            && comma.start == last.end
            && next.start == comma.end
            && digits(self.tok_text(next))
        {
            decimals = Some(self.tok_text(next));
            last = next;
            j += 2;
        }
        let unit = tokens.get(j).map(|t| self.tok_text(t))?;
        if !matches!(unit, "kr" | "öre") {
            return None;
        }
        let written = self.text.get(first.start..last.end)?;
        let mut right = groups.join(" ");
        if let Some(d) = decimals {
            right.push(',');
            right.push_str(d);
        }
        let span = self.span(first.start, last.end);
        let diag = Diagnostic::new(
            Code::E0023,
            format!("beloppet `{written} {unit}` har punkt mellan tusentalen"),
            span,
        )
        .with_primary_label("punkten läses som decimaltecken")
        .with_help(format!(
            "skriv belopp som `{right} {unit}`: mellanslag mellan tusentalen och decimalkomma"
        ))
        .with_fix(span, right);
        Some((diag, j + 1))
    }

    /// `1 mars 2026`: a day, a month's name and a year. Returns the diagnostic and the
    /// index after the year.
    fn worded_date(&self, tokens: &[Token], i: usize) -> Option<(Diagnostic, usize)> {
        let (day, month, year) = (tokens.get(i)?, tokens.get(i + 1)?, tokens.get(i + 2)?);
        if day.kind != TokKind::Number || month.kind != TokKind::Word {
            return None;
        }
        let d: u32 = self.tok_text(day).parse().ok()?;
        let name = self.tok_text(month).to_lowercase();
        let m = MONTHS
            .iter()
            .position(|(full, short)| name == *full || name == *short)?;
        let m = u32::try_from(m).ok()? + 1;
        let y_text = self.tok_text(year);
        if !(1..=31).contains(&d) || year.kind != TokKind::Number || y_text.len() != 4 {
            return None;
        }
        let y: i32 = y_text.parse().ok()?;
        let span = self.span(day.start, year.end);
        let written = self.text.get(day.start..year.end)?;
        let diag = Diagnostic::new(
            Code::E0024,
            format!("datumet `{written}` är skrivet med ord"),
            span,
        )
        .with_primary_label("ett datum skrivs med siffror");
        let diag = match Date::from_ymd(y, m, d) {
            Ok(_) => {
                let iso = format!("{y:04}-{m:02}-{d:02}");
                diag.with_help(format!("skriv datum som `{iso}` (år-månad-dag)"))
                    .with_fix(span, iso)
            }
            Err(_) => diag
                .with_note(format!("den {d} {} {y} finns inte", self.tok_text(month)))
                .with_help(
                    "skriv datum som `ÅÅÅÅ-MM-DD` (år-månad-dag), till exempel `2026-03-01`",
                ),
        };
        Some((diag, i + 3))
    }

    /// `uppgift skol-avstånd`: a declared name of words joined by `-`, which reads as a
    /// subtraction. Returns the diagnostic and the index after the name.
    fn hyphenated_name(&self, tokens: &[Token], i: usize) -> Option<(Diagnostic, usize)> {
        let keyword = tokens.get(i)?;
        if keyword.kind != TokKind::Word || !DECLARING.contains(&self.tok_text(keyword)) {
            return None;
        }
        let first = tokens.get(i + 1).filter(|t| t.kind == TokKind::Word)?;
        let mut last = first;
        let mut j = i + 2;
        while let (Some(dash), Some(word)) = (tokens.get(j), tokens.get(j + 1)) {
            if self.tok_text(dash) != "-"
                || dash.start != last.end
                || word.start != dash.end
                || word.kind != TokKind::Word
            {
                break;
            }
            last = word;
            j += 2;
        }
        if j == i + 2 {
            return None;
        }
        let written = self.text.get(first.start..last.end)?;
        let right = written.replace('-', "_");
        let span = self.span(first.start, last.end);
        let diag = Diagnostic::new(
            Code::E0025,
            format!("namnet `{written}` innehåller bindestreck"),
            span,
        )
        .with_primary_label("`-` är minustecken och kan inte stå i ett namn")
        .with_help(format!("använd `_`: `{right}`"))
        .with_fix(span, right);
        Some((diag, j))
    }
}
