//! The facts of the follow-up: plain data, exact (counts, amounts in öre), with no personal
//! data (no input, reference or receipt of a single case). Small groups are not removed
//! here; the report suppresses them ([`Facts::min_group`]).

use std::fmt;

use delegat::{Date, Money, Utfall};
pub use delegat_log::Problem;

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
}

impl Month {
    /// The month of a date.
    pub fn of(date: Date) -> Month {
        let (year, month, _) = date.ymd();
        Month { year, month }
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month >= 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for Month {
    /// `2026-03`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// The number of decisions by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// `bifall`.
    pub bifall: u64,
    /// `avslag`.
    pub avslag: u64,
    /// `fastställt`.
    pub faststallt: u64,
    /// `manuell`.
    pub manuell: u64,
}

impl Counts {
    /// Counts one decision.
    pub fn add(&mut self, u: Utfall) {
        *self.get_mut(u) += 1;
    }

    /// Adds `other`.
    pub fn add_all(&mut self, other: &Counts) {
        self.bifall += other.bifall;
        self.avslag += other.avslag;
        self.faststallt += other.faststallt;
        self.manuell += other.manuell;
    }

    /// The number with outcome `u`.
    pub fn get(&self, u: Utfall) -> u64 {
        match u {
            Utfall::Bifall => self.bifall,
            Utfall::Avslag => self.avslag,
            Utfall::Faststallt => self.faststallt,
            Utfall::Manuell => self.manuell,
        }
    }

    fn get_mut(&mut self, u: Utfall) -> &mut u64 {
        match u {
            Utfall::Bifall => &mut self.bifall,
            Utfall::Avslag => &mut self.avslag,
            Utfall::Faststallt => &mut self.faststallt,
            Utfall::Manuell => &mut self.manuell,
        }
    }

    /// Every decision.
    pub fn total(&self) -> u64 {
        self.bifall + self.avslag + self.faststallt + self.manuell
    }

    /// The `manuell` share in tenths of a per cent (0–1000), `None` without decisions.
    pub fn manuell_permille(&self) -> Option<u64> {
        let t = self.total();
        (t > 0).then(|| (self.manuell * 1000 + t / 2) / t)
    }
}

/// The outcomes in the order the report shows them.
pub const OUTCOMES: [Utfall; 4] = [
    Utfall::Bifall,
    Utfall::Avslag,
    Utfall::Faststallt,
    Utfall::Manuell,
];

/// The amounts of a group of decisions: how many had one, their total and quartiles (each an
/// amount that was decided: the nearest rank).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amounts {
    /// How many decisions had an amount.
    pub count: u64,
    /// Their total (saturating at the largest amount).
    pub total: Money,
    /// The smallest.
    pub min: Money,
    /// The first quartile.
    pub q1: Money,
    /// The median.
    pub median: Money,
    /// The third quartile.
    pub q3: Money,
    /// The largest.
    pub max: Money,
}

/// One month of one decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthRow {
    /// The month.
    pub month: Month,
    /// Decisions by outcome.
    pub counts: Counts,
    /// The amounts, if any decision had one.
    pub amounts: Option<Amounts>,
}

/// Why a case went to a caseworker.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// A rule's `manuell` text, its interpolated values shown as `…` (so no case's data).
    Rule(String),
    /// A runtime error, by its code (`E0405`).
    Error(String),
    /// Not known: the record could not be decided again (its input gallrad, or its pack
    /// not in the archive).
    Unknown,
}

/// The `manuell` decisions of one reason, per month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReasonRow {
    /// The reason.
    pub reason: Reason,
    /// All in the period.
    pub total: u64,
    /// Per month, in the order of [`DecisionFacts::months`].
    pub per_month: Vec<u64>,
}

/// A branch of a decision in one pack version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchRow {
    /// The pack's hash.
    pub pack: String,
    /// The `när` line's place among the decision's `när` lines (from 1); `None` for
    /// `annars`.
    pub line: Option<u32>,
    /// Its outcome.
    pub outcome: Utfall,
    /// Its text (motivering or manuell reason), interpolated values shown as `…`.
    pub text: Option<String>,
    /// The decisions it made in the period (0: never taken).
    pub count: u64,
}

/// One decision (by name) over the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionFacts {
    /// The decision's name.
    pub name: String,
    /// Every month from the first to the last month of the period with a decision, in
    /// order (months without decisions have zero counts).
    pub months: Vec<MonthRow>,
    /// The whole period.
    pub counts: Counts,
    /// The whole period's amounts.
    pub amounts: Option<Amounts>,
    /// The `manuell` decisions by reason, most first.
    pub reasons: Vec<ReasonRow>,
    /// Per pack version (in the order first used), each branch in the decision's order.
    pub branches: Vec<BranchRow>,
    /// Records that could not be decided again (no branch, no reason known).
    pub not_redecided: u64,
}

/// A pack version that decided in the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackRow {
    /// The content hash (64 hex digits).
    pub hash: String,
    /// `regelverk "Titel"`; `None` when the pack is not in the archive.
    pub title: Option<String>,
    /// `version:`.
    pub version: Option<String>,
    /// `nämnd:`.
    pub namnd: Option<String>,
    /// The ids of the keys that signed it, as the records carry them (empty: unsigned).
    pub signers: Vec<String>,
    /// The first decision date it decided.
    pub first: Date,
    /// The last.
    pub last: Date,
    /// Decisions per decision name, by name.
    pub decisions: Vec<(String, u64)>,
}

/// How a log's hash chain was found by `delegat_log::verify`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chain {
    /// Every record's chain hash recomputed from the first record matches the stored one,
    /// the records are numbered without gaps and in order, the archive holds, and the log
    /// extends the checkpoint if one was given.
    Intact,
    /// The first thing wrong (it names records by number and receipt; the report shows
    /// numbers only).
    Broken(Problem),
}

/// The checkpoint a log was verified against: the head the nämnd minuted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointFacts {
    /// The number of records it names.
    pub count: u64,
    /// When it was taken (`2026-12-06T18:00:00Z`).
    pub time: String,
}

/// How many records the replay takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    /// A sample of at most this many records of the period per log: those whose stored
    /// chain hashes are the smallest (deterministic, spread at random over the period).
    Sample(u64),
    /// Every record of the period.
    All,
}

/// What the replay of one log found: records of the period decided again from the archived
/// pack on both engines, each whole decision document compared with the logged digest
/// (`delegat_log::replay`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayFacts {
    /// What was asked.
    pub scope: Replay,
    /// Records of the period that could be replayed (input kept, pack archived).
    pub eligible: u64,
    /// Records replayed.
    pub replayed: u64,
    /// Of those, the ones whose document differs on at least one engine.
    pub different: u64,
    /// The fields that differed (`utfall`, `belopp`, a document field), as far as listed.
    pub fields: Vec<String>,
}

/// Consecutive days of the period on which a log holds no decision (by decision date).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gap {
    /// The first day without a decision.
    pub first: Date,
    /// The last, included.
    pub last: Date,
}

impl Gap {
    /// The number of days.
    pub fn days(&self) -> u64 {
        u64::try_from(i64::from(self.last.days()) - i64::from(self.first.days()) + 1).unwrap_or(0)
    }
}

/// What could be checked of one log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogFacts {
    /// The log as named on the command line (its file name).
    pub name: String,
    /// Every record in the log (all periods).
    pub records: u64,
    /// Records in the period.
    pub in_period: u64,
    /// The chain, verified over every record from the first (and against the checkpoint).
    pub chain: Chain,
    /// The checkpoint verified against, if one was given.
    pub checkpoint: Option<CheckpointFacts>,
    /// Records in the period decided again (phase one).
    pub redecided: u64,
    /// Of those, the ones whose outcome or amount differs from the logged one.
    pub differences: u64,
    /// The replay of whole documents on both engines.
    pub replay: ReplayFacts,
    /// Records in the period whose input is gallrad (not decided again).
    pub gallrade: u64,
    /// Records in the period whose pack is not in the archive or cannot be loaded.
    pub pack_missing: u64,
    /// Records in the period a runtime error made `manuell`.
    pub runtime_errors: u64,
    /// Those by code (`E0405`), most first.
    pub errors: Vec<(String, u64)>,
    /// Every run of days of the period without a decision in this log, in date order.
    pub gaps: Vec<Gap>,
}

impl LogFacts {
    /// The days of the period without a decision in this log.
    pub fn days_without(&self) -> u64 {
        self.gaps.iter().map(Gap::days).sum()
    }

    /// The longest run of days without a decision (the first of equal ones).
    pub fn longest_gap(&self) -> Option<Gap> {
        self.gaps
            .iter()
            .copied()
            .reduce(|a, b| if b.days() > a.days() { b } else { a })
    }
}

/// One decision (by name) over the previous period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviousDecision {
    /// The decision's name.
    pub name: String,
    /// By outcome.
    pub counts: Counts,
    /// The amounts.
    pub amounts: Option<Amounts>,
}

/// The period of the same length just before the period (only with a first date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Previous {
    /// Its first day.
    pub from: Date,
    /// Its last day (the day before the period).
    pub to: Date,
    /// The first decision date in it (later than `from` when the logs begin inside it).
    pub first: Option<Date>,
    /// Every decision in it, by outcome.
    pub counts: Counts,
    /// Per decision name, by name.
    pub decisions: Vec<PreviousDecision>,
}

/// The facts of the follow-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The period asked for (decision dates, both ends included).
    pub from: Option<Date>,
    /// The end of the period asked for.
    pub to: Option<Date>,
    /// The first decision date in the period.
    pub first: Option<Date>,
    /// The last.
    pub last: Option<Date>,
    /// Every decision in the period, by outcome.
    pub counts: Counts,
    /// Per decision name, by name.
    pub decisions: Vec<DecisionFacts>,
    /// The pack versions that decided, in the order first used.
    pub packs: Vec<PackRow>,
    /// One per log file, in the order given.
    pub logs: Vec<LogFacts>,
    /// The smallest group the report shows a figure of (see the report's documentation).
    pub min_group: u64,
    /// The period of the same length before it, when the period has a first date.
    pub previous: Option<Previous>,
}

impl Facts {
    /// The dates a pack version took over from another for `decision`: the first date of
    /// each pack after the first one used (`(date, hash)`).
    pub fn switches(&self, decision: &str) -> Vec<(Date, &str)> {
        let mut used: Vec<&PackRow> = self
            .packs
            .iter()
            .filter(|p| p.decisions.iter().any(|(d, _)| d == decision))
            .collect();
        used.sort_by_key(|p| p.first);
        used.iter()
            .skip(1)
            .map(|p| (p.first, p.hash.as_str()))
            .collect()
    }
}
