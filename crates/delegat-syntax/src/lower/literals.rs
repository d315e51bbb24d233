//! Lowering of literals: numbers, amounts, percentages, dates, durations, truth values and
//! texts. Numbers are read exactly; a number out of range is E0012, an amount with
//! fractions of an öre E0013, a badly grouped amount E0021, a date that does not exist E0006.

use delegat_diagnostics::{Code, Diagnostic, Span};

use super::{Lower, P};
use crate::ast::{DateLit, Decimal, DurationUnit, Literal, TextLit, TextPart};
use crate::lexer::is_group_space;
use crate::parser::Rule;

/// Most significant digits a decimal may have.
const MAX_DIGITS: usize = 28;

impl Lower {
    /// A `literal` pair.
    pub(crate) fn literal(&mut self, pair: P<'_>) -> Literal {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            self.internal(span, "ett värde");
            return Literal::Int(0);
        };
        self.literal_of(inner)
    }

    /// The pair of one literal rule (`int`, `money`, `date`, …).
    pub(crate) fn literal_of(&mut self, inner: P<'_>) -> Literal {
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::int => Literal::Int(self.int_value(&inner)),
            Rule::decimal => Literal::Decimal(self.decimal(inner.as_str(), self.span(&inner))),
            Rule::date => Literal::Date(self.date_lit(&inner)),
            Rule::money => Literal::Money(self.money(inner)),
            Rule::percent => {
                let span = self.span(&inner);
                let number = inner.into_inner().next().map(|n| n.as_str().to_owned());
                Literal::Percent(self.decimal(number.as_deref().unwrap_or("0"), span))
            }
            Rule::duration => self.duration(inner),
            Rule::bool_lit => Literal::Bool(inner.as_str() == "ja"),
            Rule::text => Literal::Text(self.text_lit(inner)),
            _ => {
                self.internal(span, "ett värde");
                Literal::Int(0)
            }
        }
    }

    /// An `int` or `signed_int` pair (`1_000`, `-3`).
    pub(crate) fn int_value(&mut self, pair: &P<'_>) -> i64 {
        let digits: String = pair.as_str().chars().filter(|c| *c != '_').collect();
        match digits.parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                let span = self.span(pair);
                self.fail(too_large(span, pair.as_str(), "ett heltal"));
                0
            }
        }
    }

    /// A decimal as written, `12,5` or `12.5`.
    fn decimal(&mut self, written: &str, span: Span) -> Decimal {
        let (int, frac) = written.split_once([',', '.']).unwrap_or((written, ""));
        let digits: String = int
            .chars()
            .chain(frac.chars())
            .filter(|c| *c != '_')
            .collect();
        let significant = digits.trim_start_matches('0').len();
        let scale = u32::try_from(frac.len()).unwrap_or(u32::MAX);
        match digits.parse::<i128>() {
            Ok(mantissa) if significant <= MAX_DIGITS => Decimal { mantissa, scale },
            _ => {
                self.fail(
                    Diagnostic::new(
                        Code::E0012,
                        format!("`{written}` har för många siffror"),
                        span,
                    )
                    .with_primary_label(format!("mer än {MAX_DIGITS} siffror"))
                    .with_note(format!("ett tal har högst {MAX_DIGITS} gällande siffror")),
                );
                Decimal {
                    mantissa: 0,
                    scale: 0,
                }
            }
        }
    }

    /// A `date` pair, checked to exist.
    pub(crate) fn date_lit(&mut self, pair: &P<'_>) -> DateLit {
        let span = self.span(pair);
        let text = pair.as_str();
        let field = |range: std::ops::Range<usize>| -> u32 {
            text.get(range).and_then(|s| s.parse().ok()).unwrap_or(0)
        };
        let (year, month, day) = (field(0..4), field(5..7), field(8..10));
        let days = days_in_month(year, month);
        if year == 0 || days == 0 || day == 0 || day > days {
            let why = if days == 0 {
                format!("det finns ingen månad {month}; månaderna är 01–12")
            } else if year == 0 {
                "år 0000 finns inte".to_owned()
            } else {
                let name = delegat_value::format::month_name(month).unwrap_or("");
                format!("{name} {year} har {days} dagar")
            };
            self.fail(
                Diagnostic::new(Code::E0006, format!("datumet `{text}` finns inte"), span)
                    .with_primary_label(why)
                    .with_help("skriv datum som `ÅÅÅÅ-MM-DD`, till exempel `2026-03-01`"),
            );
            return DateLit {
                year: 2000,
                month: 1,
                day: 1,
                span,
            };
        }
        DateLit {
            year: i16::try_from(year).unwrap_or(i16::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
            span,
        }
    }

    /// A `money` pair, in whole öre.
    fn money(&mut self, pair: P<'_>) -> i64 {
        let span = self.span(&pair);
        let written = pair.as_str().to_owned();
        let mut number = "";
        let mut unit = "kr";
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::money_number => number = part.as_str(),
                Rule::money_unit => unit = part.as_str(),
                _ => {}
            }
        }
        let (int, frac) = number.split_once([',', '.']).unwrap_or((number, ""));
        let groups: Vec<&str> = int.split(is_group_space).collect();
        let well_grouped = groups.len() == 1
            || groups.iter().enumerate().all(|(i, g)| {
                let len = g.chars().filter(|c| *c != '_').count();
                if i == 0 {
                    (1..=3).contains(&len)
                } else {
                    len == 3
                }
            });
        if !well_grouped {
            let joined: String = int.chars().filter(|c| !is_group_space(*c)).collect();
            self.fail(
                Diagnostic::new(
                    Code::E0021,
                    format!("beloppet `{written}` har felaktig tusentalsgruppering"),
                    span,
                )
                .with_primary_label("grupperna ska ha tre siffror")
                .with_help(format!(
                    "skriv siffrorna i grupper om tre från höger, till exempel `3 480 kr`, eller utan mellanrum: `{joined} {unit}`"
                )),
            );
            return 0;
        }
        let digits: String = int.chars().filter(|c| c.is_ascii_digit()).collect();
        let whole = digits.parse::<i64>().ok();
        let (per_unit, max_frac) = if unit == "kr" { (100, 2) } else { (1, 0) };
        let frac_digits = frac.trim_end_matches('0');
        if frac_digits.len() > max_frac {
            let help = if unit == "kr" {
                "ett belopp anges i hela ören: högst två decimaler, till exempel `12,50 kr`"
            } else {
                "ören anges i heltal, till exempel `50 öre`"
            };
            self.fail(
                Diagnostic::new(
                    Code::E0013,
                    format!("beloppet `{written}` har bråkdelar av ett öre"),
                    span,
                )
                .with_primary_label("för många decimaler")
                .with_help(help),
            );
            return 0;
        }
        let frac_ore = match frac_digits.len() {
            0 => 0,
            1 => frac_digits.parse::<i64>().unwrap_or(0) * 10,
            _ => frac_digits.parse::<i64>().unwrap_or(0),
        };
        match whole
            .and_then(|w| w.checked_mul(per_unit))
            .and_then(|w| w.checked_add(frac_ore))
        {
            Some(ore) => ore,
            None => {
                self.fail(too_large(span, &written, "ett belopp"));
                0
            }
        }
    }

    fn duration(&mut self, pair: P<'_>) -> Literal {
        let mut count = 0;
        let mut unit = DurationUnit::Dagar;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::duration_int => count = self.int_value(&part),
                Rule::duration_unit => {
                    unit = match part.as_str() {
                        "dag" | "dagar" => DurationUnit::Dagar,
                        "vecka" | "veckor" => DurationUnit::Veckor,
                        "månad" | "månader" => DurationUnit::Manader,
                        _ => DurationUnit::Ar,
                    }
                }
                _ => {}
            }
        }
        Literal::Duration(count, unit)
    }

    /// A `text` pair with its interpolations.
    pub(crate) fn text_lit(&mut self, pair: P<'_>) -> TextLit {
        let span = self.span(&pair);
        let mut parts: Vec<TextPart> = Vec::new();
        let push_str = |parts: &mut Vec<TextPart>, s: &str| {
            if let Some(TextPart::Lit(last)) = parts.last_mut() {
                last.push_str(s);
            } else {
                parts.push(TextPart::Lit(s.to_owned()));
            }
        };
        for piece in pair.into_inner() {
            match piece.as_rule() {
                Rule::text_chars => push_str(&mut parts, piece.as_str()),
                Rule::text_brace => push_str(&mut parts, piece.as_str().get(..1).unwrap_or("")),
                Rule::text_escape => {
                    let c = match piece.as_str() {
                        "\\n" => "\n",
                        "\\t" => "\t",
                        "\\\"" => "\"",
                        "\\{" => "{",
                        "\\}" => "}",
                        _ => "\\",
                    };
                    push_str(&mut parts, c);
                }
                Rule::interp => {
                    let ispan = self.span(&piece);
                    match piece.into_inner().next() {
                        Some(e) => {
                            let e = self.expr(e);
                            parts.push(TextPart::Interp(e));
                        }
                        None => self.internal(ispan, "en textinterpolation"),
                    }
                }
                _ => {}
            }
        }
        TextLit { parts, span }
    }
}

/// Days in a month of the proleptic Gregorian calendar; 0 for a month that does not exist.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

fn too_large(span: Span, written: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::E0012,
        format!("`{written}` är för stort för {what}"),
        span,
    )
    .with_primary_label("utanför det tillåtna intervallet")
    .with_note("heltal och belopp (i ören) rymmer högst 9 223 372 036 854 775 807")
}
