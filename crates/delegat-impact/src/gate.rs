//! The CI gate (`--tillåt`): the thresholds a comparison must stay within.
//!
//! The grammar (whitespace between the parts is allowed; docs/jurist/konsekvens.md):
//!
//! ```text
//! tillåt   = regel { "," regel }
//! regel    = flytt högst gräns        at most that many flips
//!          | "ändrade" högst gräns    at most that many changed cases (outcome or amount)
//!          | "kostnad" högst ändring  the total amount may change by at most that much
//! högst    = "=" | "<=" | "≤"         all three mean "at most"
//! flytt    = utfall "->" utfall       "→" too
//! utfall   = "bifall" | "avslag" | "fastställt" | "manuell" | "ogiltigt" | "*"
//! gräns    = heltal | tal "%"         a count, or a share of all cases compared
//! ändring  = ("+" | "-" | "±") tal "%"  + at most that rise, - at most that fall, ± either
//! tal      = heltal [ ("," | ".") siffror ]  at most two decimals
//! ```
//!
//! A flip is a case whose outcome differs; `*` stands for any outcome, so `bifall->*=0`
//! allows no case that had `bifall` to get another outcome (an unchanged outcome is never
//! a flip). Every comparison is exact (shares in hundredths of a per cent, amounts in öre).
//!
//! [`Gate::evaluate`] gives every rule's figures as integers (the cases found and the most
//! allowed, a share turned into a count of the cases compared; for the cost the change and
//! the most allowed in öre), [`Gate::check`] only the broken rules with a Swedish summary.

use std::fmt;

use delegat_diagnostics::Code;
use delegat_value::Money;
use delegat_value::format::{format_int, format_money};

use crate::facts::{Facts, Outcome};

/// A side of a flip: one outcome or any (`*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// `*`.
    Any,
    /// This outcome.
    One(Outcome),
}

impl Side {
    fn matches(self, o: Outcome) -> bool {
        match self {
            Side::Any => true,
            Side::One(x) => x == o,
        }
    }
}

/// A limit of a count: a number of cases, or a share of all cases in hundredths of a per
/// cent (`2,5 %` is 250).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// At most this many cases.
    Count(u64),
    /// At most this share of the cases compared.
    Share(u64),
}

/// Which ways the total amount may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `+`: rise by at most the share (any fall is allowed).
    Up,
    /// `-`: fall by at most the share (any rise is allowed).
    Down,
    /// `±`: either way by at most the share.
    Either,
}

/// One rule of the gate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// At most `limit` cases go from `from` to `to` (a different outcome).
    Flip {
        /// The old outcome.
        from: Side,
        /// The new outcome.
        to: Side,
        /// The limit.
        limit: Limit,
    },
    /// At most `limit` cases change outcome or amount.
    Changed(Limit),
    /// The total amount changes by at most `share` hundredths of a per cent of the old.
    Cost {
        /// Which ways.
        direction: Direction,
        /// The share.
        share: u64,
    },
}

/// The parsed `--tillåt` text: its rules, each with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    /// The rules, each with its text as written (trimmed).
    pub rules: Vec<(String, Rule)>,
}

/// A `--tillåt` text that is not in the grammar (E0560).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GateError {
    /// The rule that could not be read, as written.
    pub rule: String,
    /// What is wrong, in Swedish.
    pub reason: String,
}

impl fmt::Display for GateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.rule, self.reason)
    }
}

impl std::error::Error for GateError {}

impl GateError {
    /// The code: `E0560`.
    pub fn code(&self) -> Code {
        Code::E0560
    }
}

impl Violation {
    /// The code of a broken gate: `E0561`.
    pub fn code(&self) -> Code {
        Code::E0561
    }
}

/// A rule the comparison broke (E0561), with what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The rule as written.
    pub rule: String,
    /// What was found, in Swedish (`3 ärenden går från bifall till avslag; högst 0 tillåts`).
    pub found: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.found)
    }
}

fn err(rule: &str, reason: impl Into<String>) -> GateError {
    GateError {
        rule: rule.to_owned(),
        reason: reason.into(),
    }
}

/// A number with at most two decimals, in hundredths.
fn hundredths(rule: &str, text: &str) -> Result<u64, GateError> {
    let bad = || {
        err(
            rule,
            format!("`{text}` är inget tal; skriv t.ex. 2 eller 2,5"),
        )
    };
    let (int, frac) = match text.split_once([',', '.']) {
        Some((i, f)) => (i, f),
        None => (text, ""),
    };
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err(err(rule, format!("`{text}` har fler än två decimaler")));
    }
    let i: u64 = int.parse().map_err(|_| bad())?;
    let mut f: u64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| bad())?
    };
    if frac.len() == 1 {
        f *= 10;
    }
    i.checked_mul(100)
        .and_then(|x| x.checked_add(f))
        .ok_or_else(bad)
}

fn limit(rule: &str, text: &str) -> Result<Limit, GateError> {
    match text.strip_suffix('%') {
        Some(p) => Ok(Limit::Share(hundredths(rule, p.trim())?)),
        None => text.parse().map(Limit::Count).map_err(|_| {
            err(
                rule,
                format!("`{text}` är ingen gräns; skriv ett antal (0, 12) eller en andel (1,5%)"),
            )
        }),
    }
}

fn side(rule: &str, text: &str) -> Result<Side, GateError> {
    if text == "*" {
        return Ok(Side::Any);
    }
    Outcome::parse(text).map(Side::One).ok_or_else(|| {
        err(
            rule,
            format!(
                "`{text}` är inget utfall; skriv bifall, avslag, fastställt, manuell, ogiltigt eller *"
            ),
        )
    })
}

impl Gate {
    /// Reads a `--tillåt` text.
    pub fn parse(text: &str) -> Result<Gate, GateError> {
        // A comma followed by a digit is a decimal comma (`kostnad=+2,5%`), not a separator.
        let mut pieces: Vec<String> = Vec::new();
        for raw in text.split(',') {
            match pieces.last_mut() {
                Some(prev) if raw.bytes().next().is_some_and(|b| b.is_ascii_digit()) => {
                    prev.push(',');
                    prev.push_str(raw);
                }
                _ => pieces.push(raw.to_owned()),
            }
        }
        let mut rules = Vec::new();
        for p in &pieces {
            let r = p.trim();
            rules.push((r.to_owned(), Gate::rule(r)?));
        }
        Ok(Gate { rules })
    }

    fn rule(r: &str) -> Result<Rule, GateError> {
        let Some((lhs, rhs)) = r
            .split_once("<=")
            .or_else(|| r.split_once('≤'))
            .or_else(|| r.split_once('='))
        else {
            return Err(err(
                r,
                "saknar `=` eller `<=`; skriv t.ex. bifall->avslag=0, avslag->bifall<=10 eller kostnad=+2%",
            ));
        };
        let (lhs, rhs) = (lhs.trim(), rhs.trim());
        if lhs == "kostnad" {
            let (direction, rest) = if let Some(x) = rhs.strip_prefix('+') {
                (Direction::Up, x)
            } else if let Some(x) = rhs.strip_prefix('-') {
                (Direction::Down, x)
            } else if let Some(x) = rhs.strip_prefix('±') {
                (Direction::Either, x)
            } else {
                return Err(err(
                    r,
                    "kostnadens gräns börjar med +, - eller ± (t.ex. kostnad=+2%)",
                ));
            };
            let Some(p) = rest.trim().strip_suffix('%') else {
                return Err(err(r, "kostnadens gräns är en andel i procent (t.ex. +2%)"));
            };
            return Ok(Rule::Cost {
                direction,
                share: hundredths(r, p.trim())?,
            });
        }
        if lhs == "ändrade" {
            return Ok(Rule::Changed(limit(r, rhs)?));
        }
        let Some((from, to)) = lhs.split_once("->").or_else(|| lhs.split_once('→')) else {
            return Err(err(
                r,
                format!("`{lhs}` är varken en flytt (bifall->avslag), `ändrade` eller `kostnad`"),
            ));
        };
        Ok(Rule::Flip {
            from: side(r, from.trim())?,
            to: side(r, to.trim())?,
            limit: limit(r, rhs)?,
        })
    }

    /// Every rule's figures on `facts`, in the gate's order.
    pub fn evaluate(&self, facts: &Facts) -> Vec<Checked> {
        self.rules
            .iter()
            .map(|(text, rule)| evaluate(text, rule, facts))
            .collect()
    }

    /// The rules `facts` breaks, in the gate's order.
    pub fn check(&self, facts: &Facts) -> Vec<Violation> {
        self.evaluate(facts)
            .into_iter()
            .filter_map(|c| c.violation)
            .collect()
    }
}

/// What a rule measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Cases that flipped (`flytt`).
    Flips,
    /// Cases with another outcome or amount (`ändrade`).
    Changed,
    /// The change of the total amount, in öre (`kostnad`).
    Cost,
}

/// One rule of the gate applied: its figures as integers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The rule as written.
    pub rule: String,
    /// What it measures.
    pub measure: Measure,
    /// What was found: cases, or for [`Measure::Cost`] the new total minus the old in öre.
    pub found: i64,
    /// The most allowed: cases (a share as the largest count within it), or for
    /// [`Measure::Cost`] the largest change in öre in the allowed direction(s).
    pub allowed: i64,
    /// The rule broken, if it is.
    pub violation: Option<Violation>,
}

/// The largest count `n` with `n / cases` within `h` hundredths of a per cent.
fn share_count(h: u64, cases: u64) -> u64 {
    u64::try_from(u128::from(h) * u128::from(cases) / 10_000).unwrap_or(u64::MAX)
}

fn to_i64(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

fn evaluate(text: &str, rule: &Rule, facts: &Facts) -> Checked {
    let (measure, found, allowed) = match *rule {
        Rule::Flip { from, to, limit } => {
            let n: u64 = facts
                .matrix
                .iter()
                .filter(|((f, t), _)| f != t && from.matches(*f) && to.matches(*t))
                .map(|(_, n)| n)
                .sum();
            (
                Measure::Flips,
                to_i64(n),
                to_i64(allowed(limit, facts.cases)),
            )
        }
        Rule::Changed(limit) => (
            Measure::Changed,
            to_i64(facts.changed),
            to_i64(allowed(limit, facts.cases)),
        ),
        Rule::Cost { share, .. } => {
            let old = i128::from(facts.cost_old());
            let change = i128::from(facts.cost_new()) - old;
            let most = i128::from(share) * old.abs() / 10_000;
            (Measure::Cost, to_i64(change), to_i64(most))
        }
    };
    Checked {
        rule: text.to_owned(),
        measure,
        found,
        allowed,
        violation: check(rule, facts).map(|found| Violation {
            rule: text.to_owned(),
            found,
        }),
    }
}

fn allowed(limit: Limit, cases: u64) -> u64 {
    match limit {
        Limit::Count(n) => n,
        Limit::Share(h) => share_count(h, cases),
    }
}

fn within(n: u64, limit: Limit, cases: u64) -> bool {
    match limit {
        Limit::Count(max) => n <= max,
        Limit::Share(h) => u128::from(n) * 10_000 <= u128::from(h) * u128::from(cases),
    }
}

fn to_u64(n: u128) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A count grouped by thousands (`20 000`).
fn int(n: u64) -> String {
    format_int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn limit_text(limit: Limit, cases: u64) -> String {
    match limit {
        Limit::Count(n) => format!("högst {} tillåts", int(n)),
        Limit::Share(h) => format!(
            "högst {} % av ärendena ({}) tillåts",
            hundredths_text(h),
            int(share_count(h, cases))
        ),
    }
}

fn hundredths_text(h: u64) -> String {
    match h % 100 {
        0 => (h / 100).to_string(),
        f if f % 10 == 0 => format!("{},{}", h / 100, f / 10),
        f => format!("{},{f:02}", h / 100),
    }
}

fn side_text(s: Side) -> &'static str {
    match s {
        Side::Any => "vilket utfall som helst",
        Side::One(o) => o.as_str(),
    }
}

fn check(rule: &Rule, facts: &Facts) -> Option<String> {
    match *rule {
        Rule::Flip { from, to, limit } => {
            let n: u64 = facts
                .matrix
                .iter()
                .filter(|((f, t), _)| f != t && from.matches(*f) && to.matches(*t))
                .map(|(_, n)| n)
                .sum();
            (!within(n, limit, facts.cases)).then(|| {
                format!(
                    "{} av {} ärenden går från {} till {}; {}",
                    int(n),
                    int(facts.cases),
                    side_text(from),
                    side_text(to),
                    limit_text(limit, facts.cases)
                )
            })
        }
        Rule::Changed(limit) => (!within(facts.changed, limit, facts.cases)).then(|| {
            format!(
                "{} av {} ärenden får ett annat utfall eller belopp; {}",
                int(facts.changed),
                int(facts.cases),
                limit_text(limit, facts.cases)
            )
        }),
        Rule::Cost { direction, share } => {
            let (old, new) = (i128::from(facts.cost_old()), i128::from(facts.cost_new()));
            let change = new - old;
            let allowed = i128::from(share) * old.abs();
            let over = match direction {
                Direction::Up => change * 10_000 > allowed,
                Direction::Down => -change * 10_000 > allowed,
                Direction::Either => change.abs() * 10_000 > allowed,
            };
            over.then(|| {
                let way = match direction {
                    Direction::Up => "öka med",
                    Direction::Down => "minska med",
                    Direction::Either => "ändras med",
                };
                let kr = |ore: i128| format_money(Money::from_ore(to_i64(ore)));
                let sign = if change < 0 { "−" } else { "+" };
                let pct = if old == 0 {
                    "från 0 kr".to_owned()
                } else {
                    let h = change * 10_000 / old.abs();
                    format!("{sign}{} %", hundredths_text(to_u64(h.unsigned_abs())))
                };
                format!(
                    "summan av beloppen ändras {pct} ({sign}{}); den får {way} högst {} % ({})",
                    kr(change.abs()),
                    hundredths_text(share),
                    kr(i128::from(share) * old.abs() / 10_000)
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_grammar() {
        let g = Gate::parse("bifall->avslag=0, *→manuell = 2,5%, kostnad=+2%,ändrade=10").unwrap();
        assert_eq!(
            g.rules.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>(),
            vec![
                Rule::Flip {
                    from: Side::One(Outcome::Bifall),
                    to: Side::One(Outcome::Avslag),
                    limit: Limit::Count(0)
                },
                Rule::Flip {
                    from: Side::Any,
                    to: Side::One(Outcome::Manuell),
                    limit: Limit::Share(250)
                },
                Rule::Cost {
                    direction: Direction::Up,
                    share: 200
                },
                Rule::Changed(Limit::Count(10)),
            ]
        );
        assert_eq!(g.rules[1].0, "*→manuell = 2,5%");
        // `<=` and `≤` are `=`: at most.
        let g = Gate::parse("avslag->bifall<=10, ändrade ≤ 1%, kostnad<=-2%").unwrap();
        assert_eq!(
            g.rules.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>(),
            vec![
                Rule::Flip {
                    from: Side::One(Outcome::Avslag),
                    to: Side::One(Outcome::Bifall),
                    limit: Limit::Count(10)
                },
                Rule::Changed(Limit::Share(100)),
                Rule::Cost {
                    direction: Direction::Down,
                    share: 200
                },
            ]
        );
    }

    #[test]
    fn refuses_what_is_not_in_the_grammar() {
        for bad in [
            "bifall->avslag",
            "bifall->nej=0",
            "kostnad=2%",
            "kostnad=+2",
            "bifall->avslag=-1",
            "ändrade=1,234%",
            "bifall=0",
            "bifall->avslag<10",
            "bifall->avslag=<10",
        ] {
            assert!(Gate::parse(bad).is_err(), "{bad}");
        }
        let e = Gate::parse("bifall->nej=0").unwrap_err();
        assert_eq!(e.rule, "bifall->nej=0");
        assert!(e.reason.contains("`nej` är inget utfall"), "{}", e.reason);
    }

    #[test]
    fn shares_are_exact() {
        assert!(within(1, Limit::Share(1), 10_000));
        assert!(!within(2, Limit::Share(1), 10_000));
        assert!(within(0, Limit::Count(0), 5));
        assert!(!within(1, Limit::Count(0), 5));
        assert_eq!(hundredths_text(250), "2,5");
        assert_eq!(hundredths_text(205), "2,05");
        assert_eq!(hundredths_text(200), "2");
        assert_eq!(share_count(250, 1_000), 25);
        assert_eq!(share_count(1, 9_999), 0);
    }

    fn facts(matrix: &[((Outcome, Outcome), u64)], old: i64, new: i64) -> Facts {
        let cases = matrix.iter().map(|(_, n)| n).sum();
        let mut months = std::collections::BTreeMap::new();
        months.insert(
            delegat_followup::facts::Month {
                year: 2024,
                month: 1,
            },
            crate::facts::MonthCost { cases, old, new },
        );
        Facts {
            decision: "d".to_owned(),
            old: crate::facts::PackSide {
                titel: "a".to_owned(),
                version: None,
                hash: String::new(),
            },
            new: crate::facts::PackSide {
                titel: "b".to_owned(),
                version: None,
                hash: String::new(),
            },
            cases,
            matrix: matrix.iter().copied().collect(),
            changed: matrix
                .iter()
                .filter(|((a, b), _)| a != b)
                .map(|(_, n)| n)
                .sum(),
            amount_changes: crate::facts::empty_buckets(),
            months,
            groups: Vec::new(),
            min_group: 5,
            changes: Vec::new(),
        }
    }

    #[test]
    fn evaluate_gives_every_rule_its_counts_as_integers() {
        use Outcome::{Avslag, Bifall};
        let f = facts(
            &[
                ((Bifall, Bifall), 900),
                ((Avslag, Bifall), 12),
                ((Bifall, Avslag), 3),
                ((Avslag, Avslag), 85),
            ],
            1_000_000,
            1_030_000,
        );
        let g =
            Gate::parse("bifall->avslag=0,avslag->bifall<=12,*->*<=1,5%,kostnad=±2,5%").unwrap();
        let c = g.evaluate(&f);
        let figures: Vec<(Measure, i64, i64, bool)> = c
            .iter()
            .map(|c| (c.measure, c.found, c.allowed, c.violation.is_some()))
            .collect();
        assert_eq!(
            figures,
            vec![
                (Measure::Flips, 3, 0, true),
                (Measure::Flips, 12, 12, false),
                (Measure::Flips, 15, 15, false),
                (Measure::Cost, 30_000, 25_000, true),
            ]
        );
        assert_eq!(
            c[0].violation.as_ref().unwrap().found,
            "3 av 1 000 ärenden går från bifall till avslag; högst 0 tillåts"
        );
        assert_eq!(
            c[3].violation.as_ref().unwrap().found,
            "summan av beloppen ändras +3 % (+300 kr); den får ändras med högst 2,5 % (250 kr)"
        );
        assert_eq!(g.check(&f).len(), 2);
        // One more flip than a share allows is broken, with the count the share gives.
        let g = Gate::parse("*->*<=1,4%").unwrap();
        assert_eq!(
            g.check(&f)[0].found,
            "15 av 1 000 ärenden går från vilket utfall som helst till vilket utfall som helst; \
             högst 1,4 % av ärendena (14) tillåts"
        );
    }
}
