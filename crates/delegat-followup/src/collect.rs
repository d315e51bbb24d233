//! [`collect`]: one scan of each log, every record checked against the chain and, within the
//! period, counted and decided again (phase one) for its branch and reason.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use delegat::{Date, Engine, Pack, Session, Utfall};
use delegat_ir::{Chosen, OutcomeKind, Program, TemplatePart};
use delegat_log::{LogError, Record, Store, chain};

use crate::facts::{
    BranchRow, Chain, Counts, DecisionFacts, Facts, LogFacts, Month, MonthRow, PackRow, Reason,
    ReasonRow,
};
use crate::stats;

/// What to collect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The first decision date of the period (none: from the first record).
    pub from: Option<Date>,
    /// The last decision date of the period, included (none: to the last record).
    pub to: Option<Date>,
    /// The smallest group the report shows a figure of.
    pub min_group: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            from: None,
            to: None,
            min_group: crate::thresholds::DEFAULT_MIN_GROUP,
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

/// Collects the facts of `logs` (each a name and its store) over the period of `options`.
pub fn collect(
    logs: Vec<(String, Box<dyn Store>)>,
    options: Options,
) -> Result<Facts, CollectError> {
    let mut c = Collector::new(options);
    for (name, mut store) in logs {
        let facts = c.log(&name, store.as_mut()).map_err(|error| CollectError {
            name: name.clone(),
            error,
        })?;
        c.logs.push(facts);
    }
    Ok(c.finish())
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

struct Collector {
    options: Options,
    decisions: BTreeMap<String, DecisionAgg>,
    packs: HashMap<String, PackAgg>,
    logs: Vec<LogFacts>,
    first: Option<Date>,
    last: Option<Date>,
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
        Collector {
            options,
            decisions: BTreeMap::new(),
            packs: HashMap::new(),
            logs: Vec::new(),
            first: None,
            last: None,
        }
    }

    fn in_period(&self, d: Date) -> bool {
        self.options.from.is_none_or(|f| d >= f) && self.options.to.is_none_or(|t| d <= t)
    }

    fn log(&mut self, name: &str, store: &mut dyn Store) -> Result<LogFacts, LogError> {
        let mut packs: HashMap<String, Pack> = HashMap::new();
        for hash in store.pack_hashes()? {
            if let Some(pack) = store.pack(&hash)?.and_then(|b| Pack::load(&b).ok()) {
                packs.insert(hash, pack);
            }
        }
        let mut sessions: HashMap<(String, String), Option<Session<'_>>> = HashMap::new();
        let mut facts = LogFacts {
            name: name.to_owned(),
            records: 0,
            in_period: 0,
            chain: Chain::Intact,
            redecided: 0,
            differences: 0,
            gallrade: 0,
            pack_missing: 0,
            runtime_errors: 0,
        };
        let mut prev = chain::GENESIS;
        let mut expected = 1;
        store.scan(1, &mut |r: Record| {
            facts.records += 1;
            if facts.chain == Chain::Intact {
                if r.seq != expected {
                    facts.chain = Chain::Gap {
                        after: expected - 1,
                        next: r.seq,
                    };
                } else if chain::link(&prev, &r) != r.chain {
                    facts.chain = Chain::Broken { seq: r.seq };
                }
            }
            prev = r.chain;
            expected = r.seq + 1;
            if !self.in_period(r.date) {
                return Ok(true);
            }
            facts.in_period += 1;
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
            if let Some(x) = &redecided {
                facts.redecided += 1;
                if x.utfall != r.utfall || x.belopp != r.belopp {
                    facts.differences += 1;
                }
                if x.felkod.is_some() {
                    facts.runtime_errors += 1;
                }
            }
            let program = packs.get(&r.source.pack).map(Pack::program);
            self.count(&r, program, redecided.as_ref());
            Ok(true)
        })?;
        Ok(facts)
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
            logs: self.logs,
            min_group: self.options.min_group,
        }
    }
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
