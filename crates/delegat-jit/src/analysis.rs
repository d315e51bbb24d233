//! What must hold of a program before it is compiled, so that native code behaves exactly
//! as the interpreter: the program verifies, no rule depends on itself, and no evaluation
//! can nest deeper than the interpreter's limit ([`delegat_ir::MAX_DEPTH`]).
//!
//! The interpreter reports a cycle or a too deep nesting as a runtime error when a case
//! reaches it. Native code has no such check, so a program where either could happen is
//! refused here, and the runtime uses the interpreter for it. The depth bound is static and
//! worst case (memoisation only makes real nesting shallower), so a program accepted here
//! never reaches the limit in the interpreter either.
//!
//! Everything here is iterative: a hostile pack cannot exhaust the stack.

use delegat_ir::{ExprId, ExprKind, Program};

use crate::JitError;

/// The largest expanded size (expression nodes, with shared operands counted at each use)
/// of one generated function. Larger functions are refused rather than compiled slowly.
const MAX_FUNCTION_NODES: u64 = 200_000;

/// Checks that the program can be compiled (see the module docs).
pub(crate) fn check(p: &Program) -> Result<(), JitError> {
    let errors = p.verify();
    if let Some(first) = errors.first() {
        return Err(JitError::Unsupported(format!(
            "the program does not verify: {first}"
        )));
    }
    let n = p.exprs.len();
    let mut stamp = vec![u32::MAX; n];
    // The expressions reachable from each rule (without entering other rules).
    let mut reach: Vec<Vec<usize>> = Vec::with_capacity(p.rules.len());
    let mut deps: Vec<Vec<usize>> = Vec::with_capacity(p.rules.len());
    for (r, rule) in p.rules.iter().enumerate() {
        let roots = rule_roots(rule);
        let list = reachable(p, &roots, &mut stamp, r as u32);
        let mut d = Vec::new();
        for &e in &list {
            if let Some(callee) = callee(p, e) {
                d.push(callee);
            }
        }
        reach.push(list);
        deps.push(d);
    }
    let order = topological(&deps)?;
    let mut depth = vec![0u32; n];
    let mut size = vec![0u64; n];
    let mut rule_depth = vec![0u32; p.rules.len()];
    for r in order {
        let (Some(list), Some(rule)) = (reach.get(r), p.rules.get(r)) else {
            continue;
        };
        measure(p, list, &rule_depth, &mut depth, &mut size);
        let roots = rule_roots(rule);
        let d = max_of(&roots, &depth);
        let s: u64 = roots
            .iter()
            .map(|e| size.get(e.index()).copied().unwrap_or(0))
            .fold(0, u64::saturating_add);
        if d as usize > delegat_ir::MAX_DEPTH as usize || s > MAX_FUNCTION_NODES {
            return Err(too_big(&rule.name));
        }
        if let Some(slot) = rule_depth.get_mut(r) {
            *slot = d;
        }
    }
    for (i, d) in p.decisions.iter().enumerate() {
        let roots = decision_roots(d);
        let list = reachable(p, &roots, &mut stamp, (p.rules.len() + i) as u32);
        measure(p, &list, &rule_depth, &mut depth, &mut size);
        let s: u64 = roots
            .iter()
            .map(|e| size.get(e.index()).copied().unwrap_or(0))
            .fold(0, u64::saturating_add);
        if max_of(&roots, &depth) as usize > delegat_ir::MAX_DEPTH as usize
            || s > MAX_FUNCTION_NODES
        {
            return Err(too_big(&d.name));
        }
    }
    Ok(())
}

/// The expressions a rule's function evaluates directly.
fn rule_roots(rule: &delegat_ir::Rule) -> Vec<ExprId> {
    let mut roots = vec![rule.body];
    for u in &rule.undantag {
        roots.push(u.cond);
        roots.push(u.value);
    }
    roots
}

/// The expressions a decision's function evaluates directly.
fn decision_roots(d: &delegat_ir::Decision) -> Vec<ExprId> {
    let mut roots: Vec<ExprId> = d.norm.exprs().collect();
    roots.extend(d.branches.iter().map(|b| b.cond));
    for o in d.branches.iter().map(|b| &b.outcome).chain([&d.otherwise]) {
        roots.extend(o.belopp);
        if let Some(t) = &o.text {
            roots.extend(t.exprs());
        }
    }
    roots
}

fn too_big(name: &str) -> JitError {
    JitError::Unsupported(format!(
        "`{name}` nests too deeply or is too large to compile"
    ))
}

fn max_of(roots: &[ExprId], depth: &[u32]) -> u32 {
    roots
        .iter()
        .map(|e| depth.get(e.index()).copied().unwrap_or(0))
        .max()
        .unwrap_or(0)
}

/// The rule a `Rule` or `Call` node refers to.
fn callee(p: &Program, e: usize) -> Option<usize> {
    match &p.exprs.get(e)?.kind {
        ExprKind::Rule(r) | ExprKind::Call { rule: r, .. } => Some(r.index()),
        _ => None,
    }
}

/// The expressions reachable from `roots` through operands, in ascending id order (so
/// operands come before their users). `stamp` marks visits with `mark`.
fn reachable(p: &Program, roots: &[ExprId], stamp: &mut [u32], mark: u32) -> Vec<usize> {
    let mut out = Vec::new();
    let mut work: Vec<usize> = roots.iter().map(|e| e.index()).collect();
    while let Some(e) = work.pop() {
        let Some(s) = stamp.get_mut(e) else { continue };
        if *s == mark {
            continue;
        }
        *s = mark;
        out.push(e);
        if let Some(x) = p.exprs.get(e) {
            x.kind.for_each_operand(|o| work.push(o.index()));
        }
    }
    out.sort_unstable();
    out
}

/// Nesting depth and expanded size of each expression in `list` (ascending ids), given the
/// depths of the rules they refer to.
fn measure(p: &Program, list: &[usize], rule_depth: &[u32], depth: &mut [u32], size: &mut [u64]) {
    for &e in list {
        let Some(x) = p.exprs.get(e) else { continue };
        let mut d = 0u32;
        let mut s = 1u64;
        x.kind.for_each_operand(|o| {
            d = d.max(depth.get(o.index()).copied().unwrap_or(0));
            s = s.saturating_add(size.get(o.index()).copied().unwrap_or(0));
        });
        if let Some(r) = callee(p, e) {
            d = d.max(rule_depth.get(r).copied().unwrap_or(0));
        }
        if let Some(slot) = depth.get_mut(e) {
            *slot = d.saturating_add(1);
        }
        if let Some(slot) = size.get_mut(e) {
            *slot = s;
        }
    }
}

/// The rules in an order where every rule comes after the rules it refers to; an error
/// when some rules depend on themselves.
fn topological(deps: &[Vec<usize>]) -> Result<Vec<usize>, JitError> {
    let n = deps.len();
    let mut pending: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (r, d) in deps.iter().enumerate() {
        for &callee in d {
            if let Some(u) = users.get_mut(callee) {
                u.push(r);
            }
        }
    }
    let mut ready: Vec<usize> = (0..n).filter(|r| pending.get(*r) == Some(&0)).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(r) = ready.pop() {
        order.push(r);
        for &u in users.get(r).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(c) = pending.get_mut(u) {
                *c -= 1;
                if *c == 0 {
                    ready.push(u);
                }
            }
        }
    }
    if order.len() == n {
        Ok(order)
    } else {
        Err(JitError::Unsupported(
            "a rule depends on itself (the interpreter reports it when a case reaches it)".into(),
        ))
    }
}
