//! [`collect`]: each log verified (`delegat_log::verify`, against its checkpoint if given),
//! then scanned once: every record of the period counted and decided again (phase one) for
//! its branch and reason, the records of the previous period counted, a sample (or all) of
//! the period replayed whole on both engines (`delegat_log::replay`).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap};
use std::fmt;

use delegat::{Date, Engine, Pack, Session, Utfall};
use delegat_ir::{Chosen, OutcomeKind, Program, TemplatePart};
use delegat_log::{Checkpoint, LogError, Record, ReplayFilter, Store};

use crate::facts::{
    BranchRow, Chain, CheckpointFacts, Counts, DecisionFacts, Facts, Gap, LogFacts, Month,
    MonthRow, PackRow, Previous, PreviousDecision, Reason, ReasonRow, Replay, ReplayFacts,
};
use crate::stats;
use crate::views::{Filtered, Sample};

/// The records a log's replay takes by default: the sample's size (all when fewer).
pub const DEFAULT_SAMPLE: u64 = 1_000;

/// One log to collect.
pub struct LogInput {
    /// Its name in the report (the file name).
    pub name: String,
    /// The log.
    pub store: Box<dyn Store>,
    /// The checkpoint the nämnd minuted, which the log must extend.
    pub checkpoint: Option<Checkpoint>,
}

impl fmt::Debug for LogInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogInput")
            .field("name", &self.name)
            .field("checkpoint", &self.checkpoint)
            .finish_non_exhaustive()
    }
}

impl LogInput {
    /// A log without a checkpoint.
    pub fn new(name: impl Into<String>, store: Box<dyn Store>) -> LogInput {
        LogInput {
            name: name.into(),
            store,
            checkpoint: None,
        }
    }
}

/// What to collect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The first decision date of the period (none: from the first record).
    pub from: Option<Date>,
    /// The last decision date of the period, included (none: to the last record).
    pub to: Option<Date>,
    /// The smallest group the report shows a figure of.
    pub min_group: u64,
    /// How many records of the period each log's replay takes.
    pub replay: Replay,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            from: None,
            to: None,
            min_group: crate::thresholds::DEFAULT_MIN_GROUP,
            replay: Replay::Sample(DEFAULT_SAMPLE),
        }
    }
}

/// A log that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectError {
    /// The log's name.
    pub name: String,
    /// What went wrong (its code is the log's: E0510, E0511).
    pub error: LogError,
}

impl fmt::Display for CollectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.error)
    }
}

impl std::error::Error for CollectError {}

/// Collects the facts of `logs` over the period of `options`.
pub fn collect(logs: Vec<LogInput>, options: Options) -> Result<Facts, CollectError> {
    let mut c = Collector::new(options);
    for mut input in logs {
        let (facts, days) = c.log(&mut input).map_err(|error| CollectError {
            name: input.name.clone(),
            error,
        })?;
        c.logs.push((facts, days));
    }
    Ok(c.finish())
}

/// A record a sample may take: the smallest keys (the stored chain hash's first eight
/// bytes) are kept.
struct Candidate {
    key: (u64, u64),
    record: Record,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.key == other.key
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Candidate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Candidate) -> Ordering {
        self.key.cmp(&other.key)
    }
}

/// The sample's key of a record.
fn sample_key(r: &Record) -> (u64, u64) {
    let [a, b, c, d, e, f, g, h, ..] = r.chain;
    (u64::from_be_bytes([a, b, c, d, e, f, g, h]), r.seq)
}

/// A branch of a pack's decision: the `när` line's index, `None` for `annars`.
type BranchKey = (String, Option<u32>);

/// A branch of a pack's decision: its key, outcome and text.
type Described = (Option<u32>, Utfall, Option<String>);

#[derive(Default)]
struct DecisionAgg {
    months: BTreeMap<Month, (Counts, Vec<i64>)>,
    reasons: HashMap<Reason, BTreeMap<Month, u64>>,
    branches: HashMap<BranchKey, u64>,
    /// Packs in the order first used, with their branches described.
    packs: Vec<(String, Vec<Described>)>,
    not_redecided: u64,
}

struct PackAgg {
    order: usize,
    first: Date,
    last: Date,
    decisions: BTreeMap<String, u64>,
    signers: BTreeSet<String>,
    meta: Option<(String, Option<String>, Option<String>)>,
}

/// Per day, decisions by outcome and their amounts.
type Days = BTreeMap<i32, (Counts, Vec<i64>)>;

struct Collector {
    options: Options,
    decisions: BTreeMap<String, DecisionAgg>,
    packs: HashMap<String, PackAgg>,
    /// Each log's facts and the days of the period it has decisions on.
    logs: Vec<(LogFacts, BTreeSet<i32>)>,
    first: Option<Date>,
    last: Option<Date>,
    /// The records before the period (from the previous period's start when known), per
    /// decision and day.
    earlier: HashMap<String, Days>,
    /// The previous period's first day, when the period has both ends.
    previous_start: Option<Date>,
}

/// What re-deciding a record gave.
struct Redecided {
    chosen: Option<Chosen>,
    utfall: Utfall,
    belopp: Option<delegat::Money>,
    felkod: Option<&'static str>,
}

impl Collector {
    fn new(options: Options) -> Collector {
        let previous_start = match (options.from, options.to) {
            (Some(f), Some(t)) => previous_period(f, t).map(|(start, _)| start),
            _ => None,
        };
        Collector {
            options,
            decisions: BTreeMap::new(),
            packs: HashMap::new(),
            logs: Vec::new(),
            first: None,
            last: None,
            earlier: HashMap::new(),
            previous_start,
        }
    }

    /// Counts a record before the period for the comparison with the previous period.
    fn earlier(&mut self, r: &Record) {
        if self.options.from.is_none_or(|f| r.date >= f)
            || self.previous_start.is_some_and(|s| r.date < s)
        {
            return;
        }
        let days = match self.earlier.get_mut(&r.source.decision) {
            Some(d) => d,
            None => self.earlier.entry(r.source.decision.clone()).or_default(),
        };
        let (counts, amounts) = days.entry(r.date.days()).or_default();
        counts.add(r.utfall);
        if let Some(b) = r.belopp {
            amounts.push(b.ore());
        }
    }

    fn in_period(&self, d: Date) -> bool {
        self.options.from.is_none_or(|f| d >= f) && self.options.to.is_none_or(|t| d <= t)
    }

    fn log(&mut self, input: &mut LogInput) -> Result<(LogFacts, BTreeSet<i32>), LogError> {
        let store = input.store.as_mut();
        let verification = delegat_log::verify(store, input.checkpoint.as_ref())?;
        let mut packs: HashMap<String, Pack> = HashMap::new();
        let mut pack_bytes: HashMap<String, Vec<u8>> = HashMap::new();
        for hash in store.pack_hashes()? {
            if let Some(bytes) = store.pack(&hash)?
                && let Ok(pack) = Pack::load(&bytes)
                && pack.hash() == hash
            {
                packs.insert(hash.clone(), pack);
                pack_bytes.insert(hash, bytes);
            }
        }
        let mut sessions: HashMap<(String, String), Option<Session<'_>>> = HashMap::new();
        let mut facts = LogFacts {
            name: input.name.clone(),
            records: 0,
            in_period: 0,
            chain: verification.problem.map_or(Chain::Intact, Chain::Broken),
            checkpoint: input.checkpoint.as_ref().map(|cp| CheckpointFacts {
                count: cp.count,
                time: cp.time.to_string(),
            }),
            redecided: 0,
            differences: 0,
            replay: ReplayFacts {
                scope: self.options.replay,
                eligible: 0,
                replayed: 0,
                different: 0,
                fields: Vec::new(),
            },
            gallrade: 0,
            pack_missing: 0,
            runtime_errors: 0,
            errors: Vec::new(),
            gaps: Vec::new(),
        };
        let mut errors: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut days = BTreeSet::new();
        let mut sample: BinaryHeap<Candidate> = BinaryHeap::new();
        let size = match self.options.replay {
            Replay::Sample(n) => usize::try_from(n).unwrap_or(usize::MAX),
            Replay::All => 0,
        };
        store.scan(1, &mut |r: Record| {
            facts.records += 1;
            if !self.in_period(r.date) {
                self.earlier(&r);
                return Ok(true);
            }
            facts.in_period += 1;
            days.insert(r.date.days());
            let key = (r.source.pack.clone(), r.source.decision.clone());
            let session = sessions.entry(key).or_insert_with(|| {
                let pack = packs.get(&r.source.pack)?;
                let decider = pack.engine(Engine::Jit).ok()?;
                let decider = decider.with_decision(&r.source.decision).ok()?;
                Some(decider.session())
            });
            let redecided = match (session.as_mut(), r.input.as_deref()) {
                (None, _) => {
                    facts.pack_missing += 1;
                    None
                }
                (Some(_), None) => {
                    facts.gallrade += 1;
                    None
                }
                (Some(s), Some(input)) => redecide(s, input, r.date),
            };
            let replayable = session.is_some() && r.input.is_some();
            if let Some(x) = &redecided {
                facts.redecided += 1;
                if x.utfall != r.utfall || x.belopp != r.belopp {
                    facts.differences += 1;
                }
                if let Some(code) = x.felkod {
                    facts.runtime_errors += 1;
                    *errors.entry(code).or_default() += 1;
                }
            }
            let program = packs.get(&r.source.pack).map(Pack::program);
            self.count(&r, program, redecided.as_ref());
            if replayable {
                facts.replay.eligible += 1;
                let key = sample_key(&r);
                if sample.len() < size {
                    sample.push(Candidate { key, record: r });
                } else if sample.peek().is_some_and(|top| key < top.key) {
                    sample.pop();
                    sample.push(Candidate { key, record: r });
                }
            }
            Ok(true)
        })?;
        drop(sessions);
        let report = match self.options.replay {
            Replay::Sample(_) => {
                let mut records: Vec<Record> = sample.into_iter().map(|c| c.record).collect();
                records.sort_by_key(|r| r.seq);
                let mut view = Sample {
                    records,
                    packs: pack_bytes,
                };
                delegat_log::replay(&mut view, &ReplayFilter::default())?
            }
            Replay::All => {
                let (from, to) = (self.options.from, self.options.to);
                let mut hashes: Vec<String> = packs.keys().cloned().collect();
                hashes.sort();
                let mut view = Filtered {
                    store,
                    packs: hashes,
                    admit: move |r: &Record| {
                        from.is_none_or(|f| r.date >= f) && to.is_none_or(|t| r.date <= t)
                    },
                };
                delegat_log::replay(&mut view, &ReplayFilter::default())?
            }
        };
        facts.replay.replayed = report.replayed;
        facts.replay.different = report.different;
        for d in &report.differences {
            if !facts.replay.fields.contains(&d.field) {
                facts.replay.fields.push(d.field.clone());
            }
        }
        let mut errors: Vec<(String, u64)> = errors
            .into_iter()
            .map(|(code, n)| (code.to_owned(), n))
            .collect();
        errors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        facts.errors = errors;
        Ok((facts, days))
    }

    /// Counts one record of the period.
    fn count(&mut self, r: &Record, program: Option<&Program>, x: Option<&Redecided>) {
        self.first = Some(self.first.map_or(r.date, |f| f.min(r.date)));
        self.last = Some(self.last.map_or(r.date, |l| l.max(r.date)));
        let month = Month::of(r.date);
        let order = self.packs.len();
        let p = self
            .packs
            .entry(r.source.pack.clone())
            .or_insert_with(|| PackAgg {
                order,
                first: r.date,
                last: r.date,
                decisions: BTreeMap::new(),
                signers: BTreeSet::new(),
                meta: program.map(|p| {
                    (
                        p.meta.title.clone(),
                        p.meta.version.clone(),
                        p.meta.namnd.clone(),
                    )
                }),
            });
        p.first = p.first.min(r.date);
        p.last = p.last.max(r.date);
        *p.decisions.entry(r.source.decision.clone()).or_default() += 1;
        if let Some(s) = &r.source.signer
            && !p.signers.contains(s)
        {
            p.signers.insert(s.clone());
        }
        let d = self.decisions.entry(r.source.decision.clone()).or_default();
        let (counts, amounts) = d.months.entry(month).or_default();
        counts.add(r.utfall);
        if let Some(b) = r.belopp {
            amounts.push(b.ore());
        }
        if !d.packs.iter().any(|(h, _)| *h == r.source.pack) {
            let described = program
                .map(|p| describe(p, &r.source.decision))
                .unwrap_or_default();
            d.packs.push((r.source.pack.clone(), described));
        }
        let Some(x) = x else {
            d.not_redecided += 1;
            if r.utfall == Utfall::Manuell {
                *d.reasons
                    .entry(Reason::Unknown)
                    .or_default()
                    .entry(month)
                    .or_default() += 1;
            }
            return;
        };
        if let Some(chosen) = x.chosen {
            *d.branches
                .entry((r.source.pack.clone(), index(chosen)))
                .or_default() += 1;
        }
        if r.utfall == Utfall::Manuell {
            let reason = match (x.felkod, x.chosen) {
                (Some(code), _) => Reason::Error(code.to_owned()),
                (None, Some(chosen)) => program
                    .and_then(|p| branch_text(p, &r.source.decision, chosen))
                    .map_or(Reason::Unknown, Reason::Rule),
                (None, None) => Reason::Unknown,
            };
            *d.reasons
                .entry(reason)
                .or_default()
                .entry(month)
                .or_default() += 1;
        }
    }

    fn finish(self) -> Facts {
        let start = self.options.from.or(self.first);
        let end = self.options.to.or(self.last);
        let logs = self
            .logs
            .into_iter()
            .map(|(mut facts, days)| {
                if let (Some(s), Some(e)) = (start, end) {
                    facts.gaps = gaps(&days, s, e);
                }
                facts
            })
            .collect();
        let previous = match (self.options.from, end) {
            (Some(from), Some(end)) => previous(from, end, self.earlier),
            _ => None,
        };
        let months = match (self.first, self.last) {
            (Some(f), Some(l)) => months_between(Month::of(f), Month::of(l)),
            _ => Vec::new(),
        };
        let mut counts = Counts::default();
        let decisions = self
            .decisions
            .into_iter()
            .map(|(name, mut d)| {
                let mut all_amounts = Vec::new();
                let mut total = Counts::default();
                let rows = months
                    .iter()
                    .map(|&m| {
                        let (c, mut a) = d.months.remove(&m).unwrap_or_default();
                        total.add_all(&c);
                        all_amounts.extend_from_slice(&a);
                        MonthRow {
                            month: m,
                            counts: c,
                            amounts: stats::amounts(&mut a),
                        }
                    })
                    .collect();
                counts.add_all(&total);
                let mut reasons: Vec<ReasonRow> = d
                    .reasons
                    .into_iter()
                    .map(|(reason, per)| ReasonRow {
                        reason,
                        total: per.values().sum(),
                        per_month: months
                            .iter()
                            .map(|m| per.get(m).copied().unwrap_or(0))
                            .collect(),
                    })
                    .collect();
                reasons.sort_by(|a, b| b.total.cmp(&a.total).then(a.reason.cmp(&b.reason)));
                let branches = d
                    .packs
                    .iter()
                    .flat_map(|(hash, described)| {
                        described.iter().map(|(chosen, outcome, text)| BranchRow {
                            pack: hash.clone(),
                            line: chosen.map(|i| i + 1),
                            outcome: *outcome,
                            text: text.clone(),
                            count: d
                                .branches
                                .get(&(hash.clone(), *chosen))
                                .copied()
                                .unwrap_or(0),
                        })
                    })
                    .collect();
                DecisionFacts {
                    name,
                    months: rows,
                    counts: total,
                    amounts: stats::amounts(&mut all_amounts),
                    reasons,
                    branches,
                    not_redecided: d.not_redecided,
                }
            })
            .collect();
        let mut packs: Vec<(usize, PackRow)> = self
            .packs
            .into_iter()
            .map(|(hash, p)| {
                let (title, version, namnd) = match p.meta {
                    Some((t, v, n)) => (Some(t), v, n),
                    None => (None, None, None),
                };
                (
                    p.order,
                    PackRow {
                        hash,
                        title,
                        version,
                        namnd,
                        signers: p.signers.into_iter().collect(),
                        first: p.first,
                        last: p.last,
                        decisions: p.decisions.into_iter().collect(),
                    },
                )
            })
            .collect();
        packs.sort_by_key(|(order, _)| *order);
        Facts {
            from: self.options.from,
            to: self.options.to,
            first: self.first,
            last: self.last,
            counts,
            decisions,
            packs: packs.into_iter().map(|(_, p)| p).collect(),
            logs,
            min_group: self.options.min_group,
            previous,
        }
    }
}

/// The period of the same length as `from`–`to` just before it: its first and last day.
fn previous_period(from: Date, to: Date) -> Option<(Date, Date)> {
    let (f, t) = (i64::from(from.days()), i64::from(to.days()));
    let len = t - f + 1;
    Some((Date::from_days(f - len).ok()?, Date::from_days(f - 1).ok()?))
}

/// The previous period's facts from the records before the period.
fn previous(from: Date, end: Date, earlier: HashMap<String, Days>) -> Option<Previous> {
    let (start, last) = previous_period(from, end)?;
    let range = start.days()..=last.days();
    let mut counts = Counts::default();
    let mut first: Option<i32> = None;
    let mut decisions: Vec<PreviousDecision> = earlier
        .into_iter()
        .filter_map(|(name, days)| {
            let mut c = Counts::default();
            let mut amounts = Vec::new();
            for (day, (dc, da)) in days.range(range.clone()) {
                c.add_all(dc);
                amounts.extend_from_slice(da);
                first = Some(first.map_or(*day, |f| f.min(*day)));
            }
            counts.add_all(&c);
            (c.total() > 0).then(|| PreviousDecision {
                name,
                counts: c,
                amounts: stats::amounts(&mut amounts),
            })
        })
        .collect();
    decisions.sort_by(|a, b| a.name.cmp(&b.name));
    Some(Previous {
        from: start,
        to: last,
        first: first.and_then(|d| Date::from_days(i64::from(d)).ok()),
        counts,
        decisions,
    })
}

/// The runs of days from `start` to `end` (both included) that are not in `days`.
fn gaps(days: &BTreeSet<i32>, start: Date, end: Date) -> Vec<Gap> {
    let mut out = Vec::new();
    let mut push = |a: i32, b: i32| {
        if let (Ok(first), Ok(last)) =
            (Date::from_days(i64::from(a)), Date::from_days(i64::from(b)))
        {
            out.push(Gap { first, last });
        }
    };
    let (start, end) = (start.days(), end.days());
    let mut next = start;
    for &d in days.range(start..=end) {
        if d > next {
            push(next, d - 1);
        }
        next = d.saturating_add(1);
    }
    if next <= end {
        push(next, end);
    }
    out
}

/// Decides a record's canonical input again, phase one.
fn redecide(s: &mut Session<'_>, input: &str, date: Date) -> Option<Redecided> {
    let (v, _, felkod) = s.verdict(input, Some(date)).ok()?;
    Some(Redecided {
        chosen: v.chosen,
        utfall: utfall(v.outcome),
        belopp: v.belopp,
        felkod,
    })
}

fn utfall(k: OutcomeKind) -> Utfall {
    match k {
        OutcomeKind::Bifall => Utfall::Bifall,
        OutcomeKind::Avslag => Utfall::Avslag,
        OutcomeKind::Faststallt => Utfall::Faststallt,
        OutcomeKind::Manuell => Utfall::Manuell,
    }
}

/// The key of a branch taken.
fn index(c: Chosen) -> Option<u32> {
    match c {
        Chosen::Branch(i) => Some(i),
        Chosen::Otherwise => None,
    }
}

/// The months from `first` to `last`, both included.
fn months_between(first: Month, last: Month) -> Vec<Month> {
    let mut out = Vec::new();
    let mut m = first;
    while m <= last && out.len() < 12 * 1000 {
        out.push(m);
        m = m.next();
    }
    out
}

/// Every branch of `decision` in `p`: the `när` lines in order, then `annars`.
fn describe(p: &Program, decision: &str) -> Vec<Described> {
    let Some(d) = p.decisions.iter().find(|d| d.name == decision) else {
        return Vec::new();
    };
    let mut out: Vec<_> = d
        .branches
        .iter()
        .enumerate()
        .map(|(i, b)| {
            (
                Some(u32::try_from(i).unwrap_or(u32::MAX)),
                utfall(b.outcome.kind),
                b.outcome.text.as_ref().map(template),
            )
        })
        .collect();
    out.push((
        None,
        utfall(d.otherwise.kind),
        d.otherwise.text.as_ref().map(template),
    ));
    out
}

/// The text of the branch `chosen` of `decision`.
fn branch_text(p: &Program, decision: &str, chosen: Chosen) -> Option<String> {
    describe(p, decision)
        .into_iter()
        .find(|(c, _, _)| *c == index(chosen))
        .and_then(|(_, _, t)| t)
}

/// A text's literal parts, each interpolated value shown as `…`.
fn template(t: &delegat_ir::Template) -> String {
    t.parts
        .iter()
        .map(|p| match p {
            TemplatePart::Lit(s) => s.as_str(),
            TemplatePart::Expr(_) => "…",
        })
        .collect()
}
