//! Which further nullary rules are compiled where they are read: those that generated code
//! reads at only one place *that no earlier read of the same rule dominates*.
//!
//! Code generation keeps facts (`codegen/fx.rs`): a read of a rule that an earlier read in
//! the same function dominates emits no code. So a rule read at several places, all but
//! one of them dominated by that one (in FS: `behov`, read in a decision's condition and
//! again in the outcomes the condition leads to), is in effect read once, and can be
//! compiled at that place instead of being called. This module walks every function as
//! code generation translates it (the same order, the same branches where facts are
//! forgotten, rules compiled inline walked where they are read) and counts, per rule, the
//! reads that emit code; a rule whose count is one is compiled inline, which moves its
//! own reads into the reader's function, so the walk is repeated until nothing changes.
//!
//! The walk only decides where code goes, never what it does: should it count differently
//! from code generation, a rule without a function of its own is compiled inline at every
//! read that emits code (`codegen/expr.rs`), which is correct, only larger. The walk
//! follows the expression nesting like code generation (its depth is bounded by
//! `analysis`, the stack grows on demand) and stops, keeping what it decided so far, after
//! a fixed number of visits.

use delegat_ir::{AggOp, Decision, ExprId, ExprKind, Program, Rule};

/// The most expression visits of all walks together.
const BUDGET: u64 = 2_000_000;

/// The most rounds of walking.
const ROUNDS: usize = 6;

/// Marks as inline (in `inline`) every rule in `candidate` that code generation reads at
/// exactly one place not dominated by another read of it (see the module docs).
pub(crate) fn inline_dominated(p: &Program, inline: &mut [bool], candidate: &[bool]) {
    let mut budget = BUDGET;
    for _ in 0..ROUNDS {
        let Some((counts, left)) = count_reads(p, inline, budget) else {
            return;
        };
        budget = left;
        let mut changed = false;
        for (r, &n) in counts.iter().enumerate() {
            if n == 1
                && candidate.get(r).copied().unwrap_or(false)
                && let Some(i) = inline.get_mut(r)
                && !*i
            {
                *i = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Per rule: whether it is compiled inline at exactly one place (one read that emits
/// code, see the module docs), given the final `inline`. Code generation computes such a
/// rule there without its `filled` check when that place runs at most once per case, and
/// refuses the pack should it compile the rule at a second place after all.
pub(crate) fn single_sites(p: &Program, inline: &[bool]) -> Vec<bool> {
    let Some((counts, _)) = count_reads(p, inline, BUDGET) else {
        return vec![false; p.rules.len()];
    };
    counts
        .iter()
        .zip(inline)
        .map(|(&n, &i)| i && n == 1)
        .collect()
}

/// Per rule, the reads that emit code when the rules marked in `inline` are compiled where
/// they are read, and the budget left; `None` when the walk ran out of `budget`.
fn count_reads(p: &Program, inline: &[bool], budget: u64) -> Option<(Vec<u32>, u64)> {
    let mut w = Walk {
        p,
        inline,
        known: Vec::new(),
        counts: vec![0; p.rules.len()],
        budget,
    };
    for (r, rule) in p.rules.iter().enumerate() {
        if !w.inline.get(r).copied().unwrap_or(false) {
            w.known.clear();
            w.rule_body(rule);
        }
    }
    for d in &p.decisions {
        w.known.clear();
        w.decision(d);
    }
    (w.budget != 0).then_some((w.counts, w.budget))
}

/// One round: the rules known at the current position, and the reads that emit code.
struct Walk<'a> {
    p: &'a Program,
    inline: &'a [bool],
    /// The rules read by code that dominates the current position (a stack, as facts).
    known: Vec<u32>,
    counts: Vec<u32>,
    budget: u64,
}

impl Walk<'_> {
    fn rule_body(&mut self, r: &Rule) {
        if r.undantag.is_empty() {
            self.expr(r.body);
            return;
        }
        for u in &r.undantag {
            self.expr(u.cond);
        }
        let m = self.known.len();
        for u in &r.undantag {
            self.expr(u.value);
            self.known.truncate(m);
        }
        self.expr(r.body);
        self.known.truncate(m);
    }

    fn decision(&mut self, d: &Decision) {
        let mut snaps = Vec::new();
        for b in &d.branches {
            self.expr(b.cond);
            snaps.push(self.known.clone());
        }
        snaps.push(self.known.clone());
        let outcomes = d.branches.iter().map(|b| &b.outcome).chain([&d.otherwise]);
        for (o, snap) in outcomes.zip(snaps) {
            self.known = snap;
            if let Some(e) = o.belopp {
                self.expr(e);
            }
            if let Some(t) = &o.text {
                for e in t.exprs() {
                    self.expr(e);
                }
            }
        }
    }

    /// Walks `e` in a branch: what it learns is forgotten after it.
    fn branch(&mut self, e: ExprId) {
        let m = self.known.len();
        self.expr(e);
        self.known.truncate(m);
    }

    fn expr(&mut self, id: ExprId) {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.node(id));
    }

    fn node(&mut self, id: ExprId) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let p = self.p;
        let Some(e) = p.expr(id) else { return };
        match &e.kind {
            ExprKind::Const(_)
            | ExprKind::Input(_)
            | ExprKind::Param(_)
            | ExprKind::Local(_)
            | ExprKind::DecisionDate => {}
            ExprKind::Lookup { key, .. } => self.expr(*key),
            ExprKind::Rule(r) => self.read(r.0),
            ExprKind::Call { args, .. } => args.iter().for_each(|a| self.expr(*a)),
            ExprKind::Unary { arg, .. } => self.expr(*arg),
            ExprKind::Binary { lhs, rhs, .. } | ExprKind::Compare { lhs, rhs, .. } => {
                self.expr(*lhs);
                self.expr(*rhs);
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                self.expr(*a);
                self.branch(*b);
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(*cond);
                self.branch(*then);
                self.branch(*otherwise);
            }
            ExprKind::Cond { arms, otherwise } => {
                let mut outer = None;
                for arm in arms {
                    self.expr(arm.cond);
                    outer.get_or_insert(self.known.len());
                    self.branch(arm.value);
                }
                if let Some(o) = otherwise {
                    self.expr(*o);
                }
                if let Some(m) = outer {
                    self.known.truncate(m);
                }
            }
            ExprKind::Match {
                subject,
                arms,
                otherwise,
            } => {
                self.expr(*subject);
                let m = self.known.len();
                for arm in arms {
                    self.branch(arm.value);
                }
                if let Some(o) = otherwise {
                    self.expr(*o);
                }
                self.known.truncate(m);
            }
            ExprKind::Aggregate(agg) => {
                self.expr(agg.list);
                if agg.op == AggOp::Count && agg.filter.is_none() && agg.body.is_none() {
                    return;
                }
                let m = self.known.len();
                if let Some(f) = agg.filter {
                    self.expr(f);
                }
                if let Some(b) = agg.body {
                    self.expr(b);
                }
                self.known.truncate(m);
            }
            ExprKind::MinMax { args, .. } => args.iter().for_each(|a| self.expr(*a)),
            ExprKind::Round { arg, step, .. } => {
                self.expr(*arg);
                if let Some(s) = step {
                    self.expr(*s);
                }
            }
            ExprKind::DateDiff { from, to, .. } => {
                self.expr(*from);
                self.expr(*to);
            }
            ExprKind::DateShift { date, duration, .. } => {
                self.expr(*date);
                self.expr(*duration);
            }
            ExprKind::Field { record, .. } => self.expr(*record),
            ExprKind::MakeList(items) => items.iter().for_each(|i| self.expr(*i)),
            ExprKind::MakeRecord { fields, .. } => fields.iter().for_each(|f| self.expr(*f)),
        }
    }

    /// A read of nullary rule `r`: nothing when an earlier read dominates it; else counted,
    /// and an inline rule's body walked here (behind its `filled` check: a branch).
    fn read(&mut self, r: u32) {
        if self.known.contains(&r) {
            return;
        }
        if let Some(c) = self.counts.get_mut(r as usize) {
            *c = c.saturating_add(1);
        }
        if self.inline.get(r as usize).copied().unwrap_or(false)
            && let Some(rule) = self.p.rules.get(r as usize)
        {
            let m = self.known.len();
            self.rule_body(rule);
            self.known.truncate(m);
        }
        self.known.push(r);
    }
}
