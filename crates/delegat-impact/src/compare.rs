//! [`compare`]: every case decided with both packs on N worker threads, streaming.
//!
//! The caller feeds cases through a [`Feed`] (from a file of JSON lines or a log's scan);
//! cases travel to the workers in chunks over a bounded channel, so memory stays flat in
//! the number of cases, and the chunks come back for reuse. Each worker has a [`delegat::SessionPair`] of the two packs, which
//! reads a case once for both when they declare the same inputs, and decides a case in
//! phase one only (`SessionPair::verdicts`: outcome, branch, amount); only for a case whose
//! outcome or amount differs are both verdicts' traces read (`SessionPair::traces`, phase
//! two without the outcomes' texts: the evaluators still hold the case), for the traces that
//! give its [`Cause`] ([`crate::cause_fast`]). The workers' partial facts are merged at the end; the example of a
//! group is its first case in input order, whatever thread decided it.

use std::collections::{BTreeMap, HashMap};
use std::sync::mpsc::{Receiver, Sender, channel, sync_channel};
use std::sync::{Arc, Mutex};

use delegat::{Date, Decider, SessionPair};
use delegat_followup::facts::Month;
use delegat_ir::{Chosen, OutcomeKind, Verdict};

use crate::anon;
use crate::cause::Cause;
use crate::cause_fast::{self, Key, Names};
use crate::causes::Causes;
use crate::facts::{BUCKET_HIGHS, Facts, Group, MonthCost, Outcome, PackSide, empty_buckets};
use crate::feed::{Chunk, Feed};

/// How to compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The decision date of a case that states none (and has no date of its own from a log).
    pub date: Option<Date>,
    /// Worker threads (at least one).
    pub threads: usize,
    /// The smallest group the report shows a figure or an example of.
    pub min_group: u64,
    /// Whether a case is read once for both packs when they declare the same inputs (as
    /// [`delegat::SessionPair::new`] does); `false` reads it with each pack, the reference
    /// a test holds the single reading to. The facts are the same either way.
    pub read_once: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            date: None,
            threads: 1,
            min_group: delegat_followup::thresholds::DEFAULT_MIN_GROUP,
            read_once: true,
        }
    }
}

/// One case: its index in the input, its JSON text and, from a log, its record's decision
/// date.
type Case<'t> = (u64, &'t str, Option<Date>);

/// A group: its cause's index in the worker's [`Causes`], the old and the new outcome.
type GroupKey = (usize, Outcome, Outcome);

struct GroupAcc {
    count: u64,
    delta_min: i64,
    delta_max: i64,
    delta_sum: i64,
    first: u64,
    input: String,
}

/// One worker's partial facts.
#[derive(Default)]
struct Acc {
    cases: u64,
    /// Cases by old × new outcome, indexed by the outcomes' order (`Outcome::ALL`).
    matrix: [[u64; OUTCOMES]; OUTCOMES],
    changed: u64,
    buckets: Vec<u64>,
    /// The cost by decision date, summed by month at the end (a date's month is found
    /// once, not per case).
    days: BTreeMap<Date, MonthCost>,
    groups: HashMap<GroupKey, GroupAcc>,
    causes: Causes,
}

const OUTCOMES: usize = Outcome::ALL.len();

// An outcome's index in the matrix is its place in `Outcome::ALL`.
const _: () = assert!(
    Outcome::Bifall as usize == 0
        && Outcome::Avslag as usize == 1
        && Outcome::Faststallt as usize == 2
        && Outcome::Manuell as usize == 3
        && Outcome::Ogiltigt as usize == 4
        && OUTCOMES == 5
);

fn outcome(k: OutcomeKind) -> Outcome {
    match k {
        OutcomeKind::Bifall => Outcome::Bifall,
        OutcomeKind::Avslag => Outcome::Avslag,
        OutcomeKind::Faststallt => Outcome::Faststallt,
        OutcomeKind::Manuell => Outcome::Manuell,
    }
}

/// The amount a decision counts with in the cost: of `bifall` and `fastställt`.
fn cost(v: &Verdict) -> i64 {
    match v.outcome {
        OutcomeKind::Bifall | OutcomeKind::Faststallt => v.belopp.map_or(0, |m| m.ore()),
        OutcomeKind::Avslag | OutcomeKind::Manuell => 0,
    }
}

fn add_cost(to: &mut MonthCost, m: &MonthCost) {
    to.cases += m.cases;
    to.old = to.old.saturating_add(m.old);
    to.new = to.new.saturating_add(m.new);
}

fn branch(v: &Verdict) -> Option<u32> {
    match v.chosen {
        Some(Chosen::Branch(i)) => Some(i),
        Some(Chosen::Otherwise) | None => None,
    }
}

impl Acc {
    fn new() -> Acc {
        Acc {
            buckets: vec![0; BUCKET_HIGHS.len() + 1],
            ..Acc::default()
        }
    }

    fn case(
        &mut self,
        s: &mut SessionPair<'_>,
        pair: &Pair<'_>,
        case: Case<'_>,
        default: Option<Date>,
    ) {
        let (index, input, date) = case;
        let date = date.or(default);
        self.cases += 1;
        let (a, b) = s.verdicts(input, date);
        let from = a
            .as_ref()
            .map_or(Outcome::Ogiltigt, |(v, _)| outcome(v.outcome));
        let to = b
            .as_ref()
            .map_or(Outcome::Ogiltigt, |(v, _)| outcome(v.outcome));
        if let Some(n) = self
            .matrix
            .get_mut(from as usize)
            .and_then(|row| row.get_mut(to as usize))
        {
            *n += 1;
        }
        let old_cost = a.as_ref().map_or(0, |(v, _)| cost(v));
        let new_cost = b.as_ref().map_or(0, |(v, _)| cost(v));
        let norm = a.as_ref().ok().or(b.as_ref().ok()).map(|(_, d)| *d);
        if let Some(d) = norm {
            add_cost(
                self.days.entry(d).or_default(),
                &MonthCost {
                    cases: 1,
                    old: old_cost,
                    new: new_cost,
                },
            );
        }
        let old_amount = a.as_ref().ok().and_then(|(v, _)| v.belopp);
        let new_amount = b.as_ref().ok().and_then(|(v, _)| v.belopp);
        if from == to && old_amount == new_amount {
            return;
        }
        self.changed += 1;
        let delta = new_amount
            .map_or(0, |m| m.ore())
            .saturating_sub(old_amount.map_or(0, |m| m.ore()));
        let slot = BUCKET_HIGHS
            .iter()
            .position(|hi| delta <= *hi)
            .unwrap_or(BUCKET_HIGHS.len());
        if let Some(n) = self.buckets.get_mut(slot) {
            *n += 1;
        }
        let cause = match (&a, &b) {
            (Ok((va, _)), Ok((vb, _))) => {
                let (ob, nb) = (branch(va), branch(vb));
                // Phase two of the verdicts just made: both evaluators still hold the case.
                let (ra, rb) = s.traces();
                let key =
                    cause_fast::first_key(&pair.names, (pair.old, ra), (pair.new, rb), ob, nb)
                        .unwrap_or(Key::Branch { old: ob, new: nb });
                self.causes.of_key(key, pair.old, pair.new)
            }
            _ => self.causes.of_cause(Cause::Invalid {
                old: a.as_ref().err().map(|e| e.code().as_str().to_owned()),
                new: b.as_ref().err().map(|e| e.code().as_str().to_owned()),
            }),
        };
        let g = self
            .groups
            .entry((cause, from, to))
            .or_insert_with(|| GroupAcc {
                count: 0,
                delta_min: delta,
                delta_max: delta,
                delta_sum: 0,
                first: index,
                input: input.to_owned(),
            });
        g.count += 1;
        g.delta_min = g.delta_min.min(delta);
        g.delta_max = g.delta_max.max(delta);
        g.delta_sum = g.delta_sum.saturating_add(delta);
        if index < g.first {
            g.first = index;
            input.clone_into(&mut g.input);
        }
    }

    fn merge(&mut self, o: Acc) {
        self.cases += o.cases;
        self.changed += o.changed;
        for (row, other) in self.matrix.iter_mut().zip(o.matrix) {
            for (n, m) in row.iter_mut().zip(other) {
                *n += m;
            }
        }
        for (a, b) in self.buckets.iter_mut().zip(o.buckets) {
            *a += b;
        }
        for (d, m) in o.days {
            add_cost(self.days.entry(d).or_default(), &m);
        }
        for ((i, from, to), g) in o.groups {
            let Some(cause) = o.causes.get(i) else {
                continue;
            };
            let k = (self.causes.of_cause(cause.clone()), from, to);
            match self.groups.get_mut(&k) {
                None => {
                    self.groups.insert(k, g);
                }
                Some(e) => {
                    e.count += g.count;
                    e.delta_min = e.delta_min.min(g.delta_min);
                    e.delta_max = e.delta_max.max(g.delta_max);
                    e.delta_sum = e.delta_sum.saturating_add(g.delta_sum);
                    if g.first < e.first {
                        e.first = g.first;
                        e.input = g.input;
                    }
                }
            }
        }
    }
}

fn side(d: &Decider<'_>) -> PackSide {
    let pack = d.pack();
    PackSide {
        titel: pack.program().meta.title.clone(),
        version: pack.program().meta.version.clone(),
        hash: pack.hash(),
    }
}

/// The two programs compared, with their parameters and rules matched by name.
struct Pair<'p> {
    old: &'p delegat_ir::Program,
    new: &'p delegat_ir::Program,
    names: Names,
}

fn work(
    old: Decider<'_>,
    new: Decider<'_>,
    (rx, back): (&Mutex<Receiver<Chunk>>, Sender<Chunk>),
    default: Option<Date>,
    read_once: bool,
) -> Acc {
    let mut sessions = if read_once {
        SessionPair::new(old, new)
    } else {
        SessionPair::reading_twice(old, new)
    };
    let (po, pn) = (old.pack().program(), new.pack().program());
    let pair = Pair {
        old: po,
        new: pn,
        names: Names::new(po, pn),
    };
    let mut acc = Acc::new();
    loop {
        let chunk = match rx.lock() {
            Ok(r) => r.recv(),
            Err(_) => break,
        };
        let Ok(chunk) = chunk else { break };
        for case in chunk.cases() {
            acc.case(&mut sessions, &pair, case, default);
        }
        // For reuse by the feed; gone once the feed is.
        let _ = back.send(chunk);
    }
    acc
}

/// Compares `old` and `new` on the cases `feed` pushes, on `options.threads` threads, and
/// gives the facts with what `feed` returned.
pub fn compare<R>(
    old: Decider<'_>,
    new: Decider<'_>,
    options: Options,
    feed: impl FnOnce(&mut Feed) -> R,
) -> (Facts, R) {
    let threads = options.threads.max(1);
    let (tx, rx) = sync_channel::<Chunk>(threads * 2);
    let (back, spare) = channel::<Chunk>();
    let rx = Arc::new(Mutex::new(rx));
    let (acc, r) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let rx = Arc::clone(&rx);
                let back = back.clone();
                scope.spawn(move || work(old, new, (&rx, back), options.date, options.read_once))
            })
            .collect();
        let mut f = Feed::new(tx, spare);
        let r = feed(&mut f);
        f.close();
        let mut acc = Acc::new();
        for w in workers {
            if let Ok(a) = w.join() {
                acc.merge(a);
            }
        }
        (acc, r)
    });
    (finish(acc, &old, &new, options.min_group), r)
}

fn finish(acc: Acc, old: &Decider<'_>, new: &Decider<'_>, min_group: u64) -> Facts {
    let program = old.pack().program();
    let causes = &acc.causes;
    let mut groups: Vec<(u64, Group)> = acc
        .groups
        .into_iter()
        .filter_map(|((cause, from, to), g)| {
            let cause = causes.get(cause)?.clone();
            let example = (g.count >= min_group).then(|| anon::example(program, &g.input));
            Some((
                g.first,
                Group {
                    cause,
                    from,
                    to,
                    count: g.count,
                    delta_min: g.delta_min,
                    delta_max: g.delta_max,
                    delta_sum: g.delta_sum,
                    example,
                },
            ))
        })
        .collect();
    groups.sort_by(|(fa, a), (fb, b)| b.count.cmp(&a.count).then(fa.cmp(fb)));
    let mut months: BTreeMap<Month, MonthCost> = BTreeMap::new();
    for (d, m) in &acc.days {
        add_cost(months.entry(Month::of(*d)).or_default(), m);
    }
    let mut matrix = BTreeMap::new();
    for (from, row) in Outcome::ALL.iter().zip(acc.matrix) {
        for (to, n) in Outcome::ALL.iter().zip(row) {
            if n > 0 {
                matrix.insert((*from, *to), n);
            }
        }
    }
    let mut buckets = empty_buckets();
    for (b, n) in buckets.iter_mut().zip(acc.buckets) {
        b.count = n;
    }
    Facts {
        decision: old.decision_name().to_owned(),
        old: side(old),
        new: side(new),
        cases: acc.cases,
        matrix,
        changed: acc.changed,
        amount_changes: buckets,
        months,
        groups: groups.into_iter().map(|(_, g)| g).collect(),
        min_group,
        changes: crate::diff::diff(program, new.pack().program()),
    }
}
