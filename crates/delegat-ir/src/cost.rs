//! The static cost bound of a decision: an upper bound on the expression nodes one case can
//! evaluate, computed from the program alone (docs/cost.md).
//!
//! The language has no recursion (a rule cycle is refused), and every list a case brings is
//! bounded by the size of a case, so the worst case is computable:
//!
//! - an expression node costs 1 plus its operands, each counted at every use (a node shared
//!   by two parents, which a crafted pack can have, is counted twice, as an engine evaluates
//!   it twice);
//! - reading a nullary rule costs 1: it is evaluated at most once per case and then read
//!   from its memo slot, so its body counts once, in the decision's total;
//! - calling a rule with arguments costs its arguments plus the rule's whole body and
//!   exceptions, at every call (calls are not memoised);
//! - an aggregate costs its list plus [`MAX_LIST_ITEMS`] times its filter and body.
//!
//! A decision's bound is its own expressions (conditions, amounts, texts) plus every nullary
//! rule of the program (an over-approximation: it may use fewer). Arithmetic saturates, so
//! an exponential program (a chain of rules each calling the next twice) has the bound
//! `u64::MAX` rather than overflowing. The walk keeps its own stack and visits each node and
//! rule once, so computing the bound is linear in the program.

use delegat_diagnostics::Span;

use crate::{DecisionId, ExprId, ExprKind, Program, RuleId};

/// The most items one list in a case can have: a case is at most 4 MiB of JSON and an item
/// takes at least two bytes (`0,`).
pub const MAX_LIST_ITEMS: u64 = 2 * 1024 * 1024;

/// The most work a decision may take, in expression nodes evaluated for one case: about ten
/// seconds in the interpreter on one core for the largest case there can be (4 MiB, every
/// list as long as it fits), and a small fraction of that for any real case. The shipped
/// packs' bounds are at most a tenth of it (docs/cost.md).
pub const COST_LIMIT: u64 = 1_000_000_000;

/// One step of the path that makes a decision expensive: a rule and how many times the
/// previous step evaluates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CostStep {
    /// The rule.
    pub rule: RuleId,
    /// Where the previous step refers to it (a call site).
    pub span: Span,
    /// How many call sites of the previous step name this rule.
    pub calls: u64,
    /// The rule's own bound per call (body and exceptions).
    pub cost: u64,
}

/// A decision's bound and, when it is over [`COST_LIMIT`], the path that multiplies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionCost {
    /// The decision.
    pub decision: DecisionId,
    /// Its bound (saturated at `u64::MAX`).
    pub bound: u64,
    /// The chain of the most expensive calls from the decision down (empty when the cost is
    /// in the decision's own expressions or in aggregates).
    pub path: Vec<CostStep>,
}

impl DecisionCost {
    /// Whether the bound is over [`COST_LIMIT`].
    pub fn over_limit(&self) -> bool {
        self.bound > COST_LIMIT
    }
}

/// The bound of every decision of the program, in declaration order.
pub fn decision_costs(p: &Program) -> Vec<DecisionCost> {
    let costs = Costs::new(p);
    let nullary: u64 = p
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.arity == 0)
        .fold(0, |acc, (i, _)| {
            acc.saturating_add(costs.rule.get(i).copied().unwrap_or(u64::MAX))
        });
    p.decisions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut roots: Vec<ExprId> = d.norm.exprs().collect();
            for b in &d.branches {
                roots.push(b.cond);
                roots.extend(b.outcome.belopp);
                roots.extend(b.outcome.text.iter().flat_map(|t| t.exprs()));
            }
            roots.extend(d.otherwise.belopp);
            roots.extend(d.otherwise.text.iter().flat_map(|t| t.exprs()));
            let own = roots
                .iter()
                .fold(0u64, |acc, e| acc.saturating_add(costs.expr(*e)));
            let bound = own.saturating_add(nullary);
            let path = if bound > COST_LIMIT {
                // The first step may be in the decision or in any nullary rule (each counted
                // once in the bound).
                let mut first = roots.clone();
                for r in p.rules.iter().filter(|r| r.arity == 0) {
                    first.push(r.body);
                    for u in &r.undantag {
                        first.push(u.cond);
                        first.push(u.value);
                    }
                }
                costs.path(p, &first)
            } else {
                Vec::new()
            };
            DecisionCost {
                decision: DecisionId(u32::try_from(i).unwrap_or(u32::MAX)),
                bound,
                path,
            }
        })
        .collect()
}

/// The per-node and per-rule costs.
struct Costs {
    /// Cost of each expression node, operands included (`u64::MAX` when it cannot be known:
    /// a dangling id or a call of a rule not yet costed, which a verified program has not).
    expr: Vec<u64>,
    /// Cost of one evaluation of each rule: body and exceptions.
    rule: Vec<u64>,
}

impl Costs {
    fn new(p: &Program) -> Costs {
        let mut c = Costs {
            expr: vec![u64::MAX; p.exprs.len()],
            rule: vec![u64::MAX; p.rules.len()],
        };
        let mut done = vec![false; p.exprs.len()];
        for r in rule_order(p) {
            let Some(rule) = p.rules.get(r) else { continue };
            let mut roots = vec![rule.body];
            for u in &rule.undantag {
                roots.push(u.cond);
                roots.push(u.value);
            }
            for &root in &roots {
                c.cost_tree(p, root, &mut done);
            }
            let total = roots
                .iter()
                .fold(0u64, |acc, e| acc.saturating_add(c.expr(*e)));
            if let Some(slot) = c.rule.get_mut(r) {
                *slot = total;
            }
        }
        // Expressions outside rules (the decisions').
        for d in &p.decisions {
            for e in d.norm.exprs() {
                c.cost_tree(p, e, &mut done);
            }
            for b in &d.branches {
                c.cost_tree(p, b.cond, &mut done);
                let texts = b.outcome.text.iter().flat_map(|t| t.exprs());
                for e in b.outcome.belopp.iter().copied().chain(texts) {
                    c.cost_tree(p, e, &mut done);
                }
            }
            let o = &d.otherwise;
            for e in o
                .belopp
                .iter()
                .copied()
                .chain(o.text.iter().flat_map(|t| t.exprs()))
            {
                c.cost_tree(p, e, &mut done);
            }
        }
        c
    }

    fn expr(&self, e: ExprId) -> u64 {
        self.expr.get(e.index()).copied().unwrap_or(u64::MAX)
    }

    /// Costs `root` and every node below it not costed yet, in post-order with an explicit
    /// stack (expression depth is not a call-stack depth here).
    fn cost_tree(&mut self, p: &Program, root: ExprId, done: &mut [bool]) {
        let mut stack: Vec<(ExprId, bool)> = vec![(root, false)];
        let mut open = vec![false; p.exprs.len()];
        while let Some((e, children_done)) = stack.pop() {
            let i = e.index();
            if done.get(i).copied().unwrap_or(true) {
                continue;
            }
            let Some(node) = p.exprs.get(i) else { continue };
            if !children_done {
                if open.get(i).copied().unwrap_or(true) {
                    // A node that is its own operand (only a crafted pack has one, and
                    // verification refuses it): unknowable, so as expensive as can be.
                    if let Some(d) = done.get_mut(i) {
                        *d = true;
                    }
                    continue;
                }
                if let Some(o) = open.get_mut(i) {
                    *o = true;
                }
                stack.push((e, true));
                node.kind
                    .for_each_operand(|child| stack.push((child, false)));
                continue;
            }
            let operands = {
                let mut sum = 0u64;
                node.kind
                    .for_each_operand(|child| sum = sum.saturating_add(self.expr(child)));
                sum
            };
            let cost = match &node.kind {
                ExprKind::Call { rule, .. } => {
                    let body = self.rule.get(rule.index()).copied().unwrap_or(u64::MAX);
                    1u64.saturating_add(operands).saturating_add(body)
                }
                ExprKind::Aggregate(agg) => {
                    let per_item = agg
                        .filter
                        .iter()
                        .chain(agg.body.iter())
                        .fold(0u64, |acc, x| acc.saturating_add(self.expr(*x)));
                    1u64.saturating_add(self.expr(agg.list))
                        .saturating_add(per_item.saturating_mul(MAX_LIST_ITEMS))
                }
                _ => 1u64.saturating_add(operands),
            };
            if let Some(slot) = self.expr.get_mut(i) {
                *slot = cost;
            }
            if let Some(d) = done.get_mut(i) {
                *d = true;
            }
        }
    }

    /// The chain of the most expensive calls from `roots` down: at each step, the called
    /// rule whose call sites cost the most in total.
    fn path(&self, p: &Program, roots: &[ExprId]) -> Vec<CostStep> {
        let mut path = Vec::new();
        let mut current: Vec<ExprId> = roots.to_vec();
        let mut seen = vec![false; p.rules.len()];
        while let Some(step) = self.heaviest_call(p, &current) {
            if seen.get(step.rule.index()).copied().unwrap_or(true) {
                break;
            }
            if let Some(s) = seen.get_mut(step.rule.index()) {
                *s = true;
            }
            let Some(rule) = p.rules.get(step.rule.index()) else {
                break;
            };
            current = vec![rule.body];
            for u in &rule.undantag {
                current.push(u.cond);
                current.push(u.value);
            }
            path.push(step);
        }
        path
    }

    /// Among the calls in the trees of `roots` (not inside other rules), the callee with the
    /// largest total of call sites × cost.
    fn heaviest_call(&self, p: &Program, roots: &[ExprId]) -> Option<CostStep> {
        let mut sites: Vec<(RuleId, Span, u64)> = Vec::new();
        let mut stack: Vec<ExprId> = roots.to_vec();
        let mut visits = 0usize;
        while let Some(e) = stack.pop() {
            visits += 1;
            if visits > p.exprs.len().saturating_mul(4).max(1_000) {
                break;
            }
            let Some(node) = p.exprs.get(e.index()) else {
                continue;
            };
            if let ExprKind::Call { rule, .. } = &node.kind {
                match sites.iter_mut().find(|(r, _, _)| r == rule) {
                    Some(site) => site.2 += 1,
                    None => sites.push((*rule, node.span, 1)),
                }
            }
            node.kind.for_each_operand(|child| stack.push(child));
        }
        sites
            .into_iter()
            .map(|(rule, span, calls)| {
                let cost = self.rule.get(rule.index()).copied().unwrap_or(u64::MAX);
                CostStep {
                    rule,
                    span,
                    calls,
                    cost,
                }
            })
            .max_by_key(|s| s.cost.saturating_mul(s.calls))
    }
}

/// The rules in an order where each comes after the rules it calls or reads (a depth-first
/// post-order with its own stack). A cycle, which verification refuses, ends the descent.
fn rule_order(p: &Program) -> Vec<usize> {
    let n = p.rules.len();
    let callees: Vec<Vec<usize>> = p
        .rules
        .iter()
        .map(|r| {
            let mut out = Vec::new();
            let mut stack = vec![r.body];
            for u in &r.undantag {
                stack.push(u.cond);
                stack.push(u.value);
            }
            let mut visits = 0usize;
            while let Some(e) = stack.pop() {
                visits += 1;
                if visits > p.exprs.len().saturating_mul(4).max(1_000) {
                    break;
                }
                let Some(node) = p.exprs.get(e.index()) else {
                    continue;
                };
                match &node.kind {
                    ExprKind::Call { rule, .. } | ExprKind::Rule(rule) => out.push(rule.index()),
                    _ => {}
                }
                node.kind.for_each_operand(|child| stack.push(child));
            }
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    let mut order = Vec::with_capacity(n);
    let mut state = vec![0u8; n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if state.get(root) != Some(&0) {
            continue;
        }
        if let Some(s) = state.get_mut(root) {
            *s = 1;
        }
        stack.push((root, 0));
        while let Some((node, next)) = stack.last_mut() {
            let (node, at) = (*node, *next);
            *next += 1;
            match callees.get(node).and_then(|c| c.get(at)) {
                Some(&t) => {
                    if state.get(t) == Some(&0) {
                        if let Some(s) = state.get_mut(t) {
                            *s = 1;
                        }
                        stack.push((t, 0));
                    }
                }
                None => {
                    if let Some(s) = state.get_mut(node) {
                        *s = 2;
                    }
                    order.push(node);
                    stack.pop();
                }
            }
        }
    }
    order
}
