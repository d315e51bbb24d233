//! The facts of a comparison: plain data, exact (counts, amounts in öre). No identity of a
//! single case: a group keeps one anonymised example ([`crate::anon`]), shown only when the
//! group has at least [`Facts::min_group`] cases.

use std::collections::BTreeMap;

use delegat::Utfall;
use delegat_followup::facts::Month;

use crate::cause::Cause;

/// What a pack made of a case: an outcome, or the case could not be read by the pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// `bifall`.
    Bifall,
    /// `avslag`.
    Avslag,
    /// `fastställt`.
    Faststallt,
    /// `manuell`: the case goes to a caseworker.
    Manuell,
    /// The case is not valid under this pack (a missing or unknown input, a wrong type).
    Ogiltigt,
}

impl Outcome {
    /// Every outcome, in the order the report shows them.
    pub const ALL: [Outcome; 5] = [
        Outcome::Bifall,
        Outcome::Avslag,
        Outcome::Faststallt,
        Outcome::Manuell,
        Outcome::Ogiltigt,
    ];

    /// `"bifall"`, `"avslag"`, `"fastställt"`, `"manuell"` or `"ogiltigt"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Bifall => "bifall",
            Outcome::Avslag => "avslag",
            Outcome::Faststallt => "fastställt",
            Outcome::Manuell => "manuell",
            Outcome::Ogiltigt => "ogiltigt",
        }
    }

    /// The outcome named `text` (as [`Outcome::as_str`] writes it; `faststallt` too).
    pub fn parse(text: &str) -> Option<Outcome> {
        match text {
            "bifall" => Some(Outcome::Bifall),
            "avslag" => Some(Outcome::Avslag),
            "fastställt" | "faststallt" => Some(Outcome::Faststallt),
            "manuell" => Some(Outcome::Manuell),
            "ogiltigt" => Some(Outcome::Ogiltigt),
            _ => None,
        }
    }

    /// The outcome of a decision.
    pub fn of(u: Utfall) -> Outcome {
        match u {
            Utfall::Bifall => Outcome::Bifall,
            Utfall::Avslag => Outcome::Avslag,
            Utfall::Faststallt => Outcome::Faststallt,
            Utfall::Manuell => Outcome::Manuell,
        }
    }
}

/// A pack compared: what identifies it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackSide {
    /// The pack's title.
    pub titel: String,
    /// Its version, if it states one.
    pub version: Option<String>,
    /// Its content hash (64 hex digits).
    pub hash: String,
}

/// The amounts decided in one month (of the cases' norm dates) under each pack.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthCost {
    /// Cases with a norm date in the month.
    pub cases: u64,
    /// The sum of the amounts of `bifall` and `fastställt` under the old pack, in öre.
    pub old: i64,
    /// The same under the new pack, in öre.
    pub new: i64,
}

/// A range of amount changes, in öre, both ends included; `None` is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// The smallest change in the bucket.
    pub lo: Option<i64>,
    /// The largest change in the bucket.
    pub hi: Option<i64>,
    /// Changed cases whose amount changed by that much.
    pub count: u64,
}

/// The bucket edges of [`Facts::amount_changes`], in öre: a change `d` falls in the first
/// bucket whose `hi` is at least `d`.
pub const BUCKET_HIGHS: [i64; 8] = [-100_001, -50_001, -10_001, -1, 0, 10_000, 50_000, 100_000];

/// The empty buckets: below −1 000 kr, −1 000 to −500,01 kr, −500 to −100,01 kr, −100 to
/// −0,01 kr, unchanged, 0,01 to 100 kr, 100,01 to 500 kr, 500,01 to 1 000 kr, above 1 000 kr.
pub fn empty_buckets() -> Vec<Bucket> {
    let mut out = Vec::with_capacity(BUCKET_HIGHS.len() + 1);
    let mut lo = None;
    for hi in BUCKET_HIGHS {
        out.push(Bucket {
            lo,
            hi: Some(hi),
            count: 0,
        });
        lo = Some(hi + 1);
    }
    out.push(Bucket {
        lo,
        hi: None,
        count: 0,
    });
    out
}

/// Changed cases with the same cause and the same pair of outcomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The first point where the two decisions differ.
    pub cause: Cause,
    /// The old outcome.
    pub from: Outcome,
    /// The new outcome.
    pub to: Outcome,
    /// The group's cases.
    pub count: u64,
    /// The smallest change of amount (new minus old, a missing amount as 0), in öre.
    pub delta_min: i64,
    /// The largest change of amount, in öre.
    pub delta_max: i64,
    /// The sum of the changes, in öre.
    pub delta_sum: i64,
    /// The anonymised inputs of the group's first case ([`crate::anon`]), when the group
    /// has at least [`Facts::min_group`] cases.
    pub example: Option<Vec<(String, serde_json::Value)>>,
}

/// Everything a comparison found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The decision compared.
    pub decision: String,
    /// The old pack.
    pub old: PackSide,
    /// The new pack.
    pub new: PackSide,
    /// Cases compared.
    pub cases: u64,
    /// Cases by old × new outcome (only pairs that occur).
    pub matrix: BTreeMap<(Outcome, Outcome), u64>,
    /// Cases whose outcome or amount differs.
    pub changed: u64,
    /// The changed cases by the change of their amount ([`empty_buckets`]).
    pub amount_changes: Vec<Bucket>,
    /// The amounts by month of the norm date (cases valid under at least one pack).
    pub months: BTreeMap<Month, MonthCost>,
    /// The changed cases grouped by cause and outcomes, largest group first.
    pub groups: Vec<Group>,
    /// The smallest group the report shows a figure or an example of.
    pub min_group: u64,
    /// What changed in the rules ([`crate::diff`]).
    pub changes: Vec<crate::diff::Change>,
}

impl Facts {
    /// The cases that went from `from` to `to`.
    pub fn flips(&self, from: Outcome, to: Outcome) -> u64 {
        self.matrix.get(&(from, to)).copied().unwrap_or(0)
    }

    /// The cases whose outcome is the old one (under the old pack).
    pub fn old_total(&self, o: Outcome) -> u64 {
        self.matrix
            .iter()
            .filter(|((f, _), _)| *f == o)
            .map(|(_, n)| n)
            .sum()
    }

    /// The sum of the amounts under the old pack, in öre.
    pub fn cost_old(&self) -> i64 {
        self.months
            .values()
            .fold(0i64, |a, m| a.saturating_add(m.old))
    }

    /// The sum of the amounts under the new pack, in öre.
    pub fn cost_new(&self) -> i64 {
        self.months
            .values()
            .fold(0i64, |a, m| a.saturating_add(m.new))
    }
}
