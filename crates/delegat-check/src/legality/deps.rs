//! The dependency analysis: for every decision, everything it depends on, with the shortest
//! chain of references from the decision down to each item.
//!
//! The graph's nodes are the declarations a value can come from ([`Node`]); its edges are
//! references found by walking checked expressions ([`Ref`], with the span of the reference
//! in the source). Rules contribute the references of their body and of every exception's
//! condition and value; parameters, inputs and judgements are leaves. Function arguments are
//! expressions of the caller, so what a call passes in is a dependency of the caller.
//!
//! A decision's references are its *roots*, each with a [`Role`]: a reference in the
//! condition of a branch that leads to `manuell`, or in a `manuell` reason, only routes a
//! case to a caseworker ([`Role::Routing`]); everything else decides ([`Role::Decisive`]).
//! [`DecisionDeps`] holds two breadth-first searches: over every root (used for E0301 and
//! E0302, which no role exempts) and over the decisive roots only (used for W0301, which
//! routing exempts). Breadth-first order makes every chain a shortest one, and visiting roots
//! and references in source order makes the choice among equally short chains stable.

use std::collections::HashMap;

use delegat_diagnostics::Span;

use crate::program::{
    BedomningId, BeslutDef, BeslutId, OutcomeBody, OutcomeDef, ParamId, Program, RegelId, TExpr,
    TExprKind, Text, TextPiece, UppgiftId, Valj,
};

/// A declaration a decision can depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    /// A `regel` (with or without arguments).
    Regel(RegelId),
    /// A `parameter`.
    Param(ParamId),
    /// An `uppgift`.
    Uppgift(UppgiftId),
    /// A `bedömning`.
    Bedomning(BedomningId),
}

/// One reference to a node, where it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ref {
    /// What is referred to.
    pub node: Node,
    /// The reference in the source (for a call, the callee's name).
    pub span: Span,
}

/// Why a decision refers to something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// It can decide an automated outcome (bifall, avslag, fastställt) or its content.
    Decisive,
    /// It only routes a case to a caseworker: the condition of a `när` whose outcome is
    /// `manuell`, or a value written into a `manuell` reason.
    Routing,
}

/// One step of a chain: the node reached and the reference that reached it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// The node.
    pub node: Node,
    /// Where the previous item (the decision, or the previous link's node) refers to it.
    pub span: Span,
}

/// The result of one breadth-first search from a decision.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reach {
    /// Nodes in the order they were first reached (nearest first).
    order: Vec<Node>,
    /// For each reached node: the node it was reached from (`None`: the decision itself)
    /// and the span of that reference.
    pred: HashMap<Node, (Option<Node>, Span)>,
}

impl Reach {
    /// Every node reached, nearest first.
    pub fn nodes(&self) -> &[Node] {
        &self.order
    }

    /// Whether the node was reached.
    pub fn contains(&self, node: Node) -> bool {
        self.pred.contains_key(&node)
    }

    /// The shortest chain from the decision to `node` (first link: what the decision itself
    /// refers to; last link: `node`). Empty when `node` was not reached.
    pub fn chain(&self, node: Node) -> Vec<Link> {
        let mut links = Vec::new();
        let mut current = Some(node);
        // The predecessor relation is a tree rooted at the decision, so this terminates; the
        // bound guards against a corrupted map all the same.
        while let Some(n) = current {
            let Some(&(from, span)) = self.pred.get(&n) else {
                return Vec::new();
            };
            links.push(Link { node: n, span });
            current = from;
            if links.len() > self.order.len() {
                return Vec::new();
            }
        }
        links.reverse();
        links
    }
}

/// Everything one decision depends on.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionDeps {
    /// The decision.
    pub beslut: BeslutId,
    /// Reached from any of the decision's references.
    pub all: Reach,
    /// Reached from the decisive references only (a subset of `all`).
    pub decisive: Reach,
}

impl DecisionDeps {
    /// Whether `node` is only used to route cases to a caseworker.
    pub fn routing_only(&self, node: Node) -> bool {
        self.all.contains(node) && !self.decisive.contains(node)
    }
}

/// The dependency graph of a program: each node's outgoing references.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    edges: HashMap<Node, Vec<Ref>>,
}

impl Graph {
    /// Builds the graph of every rule of the program.
    pub fn new(program: &Program) -> Graph {
        let mut edges = HashMap::new();
        for (i, regel) in program.regler.iter().enumerate() {
            let id = RegelId(u32::try_from(i).unwrap_or(u32::MAX));
            let mut refs = Vec::new();
            for undantag in &regel.undantag {
                refs_of(program, &undantag.cond, &mut refs);
                refs_of(program, &undantag.value, &mut refs);
            }
            refs_of(program, &regel.body, &mut refs);
            edges.insert(Node::Regel(id), refs);
        }
        Graph { edges }
    }

    /// What a node refers to directly (nothing for a leaf).
    pub fn refs(&self, node: Node) -> &[Ref] {
        self.edges.get(&node).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Breadth-first search from `roots`, in order.
    pub fn reach(&self, roots: impl IntoIterator<Item = Ref>) -> Reach {
        let mut reach = Reach::default();
        let mut queue = std::collections::VecDeque::new();
        for root in roots {
            if let std::collections::hash_map::Entry::Vacant(e) = reach.pred.entry(root.node) {
                e.insert((None, root.span));
                reach.order.push(root.node);
                queue.push_back(root.node);
            }
        }
        while let Some(node) = queue.pop_front() {
            for r in self.refs(node) {
                if let std::collections::hash_map::Entry::Vacant(e) = reach.pred.entry(r.node) {
                    e.insert((Some(node), r.span));
                    reach.order.push(r.node);
                    queue.push_back(r.node);
                }
            }
        }
        reach
    }

    /// The dependencies of one decision.
    pub fn decision(&self, program: &Program, id: BeslutId, beslut: &BeslutDef) -> DecisionDeps {
        let roots = decision_roots(program, beslut);
        let all = self.reach(roots.iter().map(|(r, _)| *r));
        let decisive = self.reach(
            roots
                .iter()
                .filter(|(_, role)| *role == Role::Decisive)
                .map(|(r, _)| *r),
        );
        DecisionDeps {
            beslut: id,
            all,
            decisive,
        }
    }
}

/// Analyses every decision of the program (both `beslut` and `beslutsstöd`), in order.
pub fn analyse(program: &Program) -> Vec<DecisionDeps> {
    let graph = Graph::new(program);
    program
        .beslut
        .iter()
        .enumerate()
        .map(|(i, b)| graph.decision(program, BeslutId(u32::try_from(i).unwrap_or(u32::MAX)), b))
        .collect()
}

/// A decision's own references with their roles, in source order.
pub fn decision_roots(program: &Program, beslut: &BeslutDef) -> Vec<(Ref, Role)> {
    let mut roots = Vec::new();
    let mut push = |refs: Vec<Ref>, role: Role| roots.extend(refs.into_iter().map(|r| (r, role)));
    // The norm date chooses the norms every outcome is computed with.
    for e in beslut.norm.exprs() {
        let mut refs = Vec::new();
        refs_of(program, e, &mut refs);
        push(refs, Role::Decisive);
    }
    for branch in &beslut.branches {
        let role = role_of(&branch.outcome);
        let mut refs = Vec::new();
        refs_of(program, &branch.cond, &mut refs);
        push(refs, role);
        push(outcome_refs(program, &branch.outcome), role);
    }
    let role = role_of(&beslut.otherwise);
    push(outcome_refs(program, &beslut.otherwise), role);
    roots
}

fn role_of(outcome: &OutcomeDef) -> Role {
    match outcome.kind {
        OutcomeBody::Manuell { .. } => Role::Routing,
        _ => Role::Decisive,
    }
}

/// The references of an outcome's amount, motivering or reason.
pub fn outcome_refs(program: &Program, outcome: &OutcomeDef) -> Vec<Ref> {
    let mut refs = Vec::new();
    match &outcome.kind {
        OutcomeBody::Bifall { belopp, motivering }
        | OutcomeBody::Faststallt { belopp, motivering } => {
            if let Some(b) = belopp {
                refs_of(program, b, &mut refs);
            }
            if let Some(m) = motivering {
                text_refs(program, m, &mut refs);
            }
        }
        OutcomeBody::Avslag { motivering } => {
            if let Some(m) = motivering {
                text_refs(program, m, &mut refs);
            }
        }
        OutcomeBody::Manuell { reason } => text_refs(program, reason, &mut refs),
    }
    refs
}

fn text_refs(program: &Program, text: &Text, out: &mut Vec<Ref>) {
    for piece in &text.pieces {
        if let TextPiece::Interp(e) = piece {
            refs_of(program, e, out);
        }
    }
}

/// Appends every reference in `expr` to `out`, in source order.
pub fn refs_of(program: &Program, expr: &TExpr, out: &mut Vec<Ref>) {
    let span = expr.span;
    match &expr.kind {
        TExprKind::Int(_)
        | TExprKind::Dec(_)
        | TExprKind::Money(_)
        | TExprKind::Bool(_)
        | TExprKind::Date(_)
        | TExprKind::Duration(_)
        | TExprKind::Local(_)
        | TExprKind::Variant(..)
        | TExprKind::Beslutsdatum => {}
        TExprKind::Text(t) => text_refs(program, t, out),
        TExprKind::Uppgift(id) => out.push(Ref {
            node: Node::Uppgift(*id),
            span,
        }),
        TExprKind::Bedomning(id) => out.push(Ref {
            node: Node::Bedomning(*id),
            span,
        }),
        TExprKind::Param(id) => out.push(Ref {
            node: Node::Param(*id),
            span,
        }),
        TExprKind::Regel(id) => out.push(Ref {
            node: Node::Regel(*id),
            span,
        }),
        TExprKind::Call(id, args) => {
            out.push(Ref {
                node: Node::Regel(*id),
                span: callee_span(program, *id, span),
            });
            for a in args {
                refs_of(program, a, out);
            }
        }
        TExprKind::Widen(e) | TExprKind::Field(e, _) | TExprKind::Neg(e) | TExprKind::Not(e) => {
            refs_of(program, e, out);
        }
        TExprKind::Index(table, key) => {
            refs_of(program, table, out);
            refs_of(program, key, out);
        }
        TExprKind::Builtin(_, args) | TExprKind::List(args) | TExprKind::Record(_, args) => {
            for a in args {
                refs_of(program, a, out);
            }
        }
        TExprKind::Aggregate(agg) => {
            refs_of(program, &agg.list, out);
            if let Some(f) = &agg.filter {
                refs_of(program, f, out);
            }
            if let Some(b) = &agg.body {
                refs_of(program, b, out);
            }
        }
        TExprKind::Arith(_, a, b)
        | TExprKind::Compare(_, a, b)
        | TExprKind::And(a, b)
        | TExprKind::Or(a, b) => {
            refs_of(program, a, out);
            refs_of(program, b, out);
        }
        TExprKind::If(c, a, b) => {
            refs_of(program, c, out);
            refs_of(program, a, out);
            refs_of(program, b, out);
        }
        TExprKind::Valj(v) => match v.as_ref() {
            Valj::Cond { arms, otherwise } => {
                for (c, e) in arms {
                    refs_of(program, c, out);
                    refs_of(program, e, out);
                }
                refs_of(program, otherwise, out);
            }
            Valj::Enum {
                subject,
                arms,
                otherwise,
                ..
            } => {
                refs_of(program, subject, out);
                for (_, e) in arms {
                    refs_of(program, e, out);
                }
                if let Some(o) = otherwise {
                    refs_of(program, o, out);
                }
            }
        },
    }
}

/// The span of a call's callee name: the call expression starts with the name, so the
/// name's length cut from the start (the whole call when that does not fit).
fn callee_span(program: &Program, id: RegelId, call: Span) -> Span {
    let Some(regel) = program.regel(id) else {
        return call;
    };
    let len = u32::try_from(regel.name.text.len()).unwrap_or(u32::MAX);
    match call.start.checked_add(len) {
        Some(end) if end <= call.end => Span::new(call.file, call.start, end),
        _ => call,
    }
}
