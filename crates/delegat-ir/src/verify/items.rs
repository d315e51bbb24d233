//! The verifier's checks of rules, decisions and examples, and of locals per frame.

use super::Verifier;
use crate::{
    Expected, ExprId, ExprKind, LetterSpec, LocalDecl, OutcomeKind, ShownTarget, Target,
    TemplatePart, Type,
};

impl Verifier<'_> {
    fn root(&mut self, id: ExprId, want: &Type) {
        match self.p.exprs.get(id.index()) {
            Some(e) if &e.ty == want => {}
            Some(e) => self.err(format!(
                "uttryck #{} har typen {} men {} krävs",
                id.0,
                self.p.type_name(&e.ty),
                self.p.type_name(want)
            )),
            None => self.err(format!("uttryck #{} finns inte", id.0)),
        }
    }

    pub(super) fn check_rules(&mut self) {
        for (i, rule) in self.p.rules.iter().enumerate() {
            self.at = format!("regel `{}` (#{i})", rule.name);
            self.type_ok(&rule.ty);
            if rule.arity as usize > rule.locals.len() {
                self.err("regeln har fler argument än lokala platser");
            }
            self.root(rule.body, &rule.ty);
            let mut roots = vec![rule.body];
            for u in &rule.undantag {
                self.root(u.cond, &Type::Bool);
                self.root(u.value, &rule.ty);
                roots.push(u.cond);
                roots.push(u.value);
            }
            self.check_frame(&roots, &rule.locals);
        }
    }

    pub(super) fn check_decisions(&mut self) {
        for (i, d) in self.p.decisions.iter().enumerate() {
            self.at = format!("beslut `{}` (#{i})", d.name);
            let mut roots = Vec::new();
            for e in d.norm.exprs() {
                self.root(e, &Type::Date);
                roots.push(e);
            }
            if self.reads_dated(&roots) {
                self.err("normdatumet beror på en parameter, vars värde väljs efter normdatumet");
            }
            for b in &d.branches {
                self.root(b.cond, &Type::Bool);
                roots.push(b.cond);
            }
            for o in d.branches.iter().map(|b| &b.outcome).chain([&d.otherwise]) {
                if let Some(b) = o.belopp {
                    self.root(b, &Type::Money);
                    roots.push(b);
                }
                if o.kind == OutcomeKind::Manuell && o.belopp.is_some() {
                    self.err("ett `manuell` utfall har ett belopp");
                }
                for part in o.text.iter().flat_map(|t| &t.parts) {
                    if let TemplatePart::Expr(e) = part {
                        if self.p.exprs.get(e.index()).is_none() {
                            self.err(format!("uttryck #{} finns inte", e.0));
                        }
                        roots.push(*e);
                    }
                }
            }
            self.check_frame(&roots, &d.locals);
            self.check_letter(&d.letter);
        }
    }

    /// A decision's letter fields name inputs, parameters and rules that exist; the
    /// reference is a `text` input, and a shown rule takes no arguments.
    fn check_letter(&mut self, l: &LetterSpec) {
        if let Some(i) = l.arendenummer {
            match self.p.inputs.get(i.index()) {
                Some(input) if input.ty == Type::Text => {}
                Some(_) => self.err("ärendenumret är ingen uppgift av typen text"),
                None => self.err(format!("ärendenumrets uppgift #{} finns inte", i.0)),
            }
        }
        for s in &l.visa {
            let ok = match s.target {
                ShownTarget::Input(i) => self.p.inputs.get(i.index()).is_some(),
                ShownTarget::Param(p) => self.p.params.get(p.index()).is_some(),
                ShownTarget::Rule(r) => self.p.rules.get(r.index()).is_some_and(|r| r.arity == 0),
            };
            if !ok {
                self.err(format!(
                    "`visa:` {:?} finns inte eller har parametrar",
                    s.target
                ));
            }
        }
    }

    /// Whether the expressions `roots` read a parameter, directly or through the rules they
    /// read or call (what the checker refuses in a norm date, E0229).
    fn reads_dated(&self, roots: &[ExprId]) -> bool {
        let p = self.p;
        let mut seen = vec![false; p.exprs.len()];
        let mut rules = vec![false; p.rules.len()];
        let mut stack: Vec<ExprId> = roots.to_vec();
        while let Some(e) = stack.pop() {
            match seen.get_mut(e.index()) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            let Some(node) = p.exprs.get(e.index()) else {
                continue;
            };
            let rule = match &node.kind {
                ExprKind::Param(_) | ExprKind::Lookup { .. } => return true,
                ExprKind::Rule(r) | ExprKind::Call { rule: r, .. } => Some(*r),
                _ => None,
            };
            if let Some(r) = rule
                && let Some(done) = rules.get_mut(r.index())
                && !*done
            {
                *done = true;
                if let Some(rule) = p.rules.get(r.index()) {
                    stack.push(rule.body);
                    for u in &rule.undantag {
                        stack.push(u.cond);
                        stack.push(u.value);
                    }
                }
            }
            node.kind.for_each_operand(|child| stack.push(child));
        }
        false
    }

    pub(super) fn check_examples(&mut self) {
        for (i, ex) in self.p.examples.iter().enumerate() {
            self.at = format!("exempel \"{}\" (#{i})", ex.name);
            for g in &ex.givet {
                match self.p.inputs.get(g.input.index()) {
                    Some(input) => self.value_ok(&g.value, &input.ty),
                    None => self.err(format!("uppgift #{} finns inte", g.input.0)),
                }
            }
            for e in &ex.expect {
                self.check_expectation(e.target, &e.expected);
            }
        }
    }

    fn check_expectation(&mut self, target: Target, expected: &Expected) {
        let ty = match target {
            Target::Decision(d) => {
                if self.p.decisions.get(d.index()).is_none() {
                    self.err(format!("beslut #{} finns inte", d.0));
                }
                match expected {
                    Expected::Outcome { belopp, .. } => {
                        if let Some(b) = belopp {
                            self.value_ok(b, &Type::Money);
                        }
                    }
                    Expected::Value(_) => self.err("ett beslut förväntas ha ett värde"),
                }
                return;
            }
            Target::Rule(r) => match self.p.rules.get(r.index()) {
                Some(rule) if rule.arity == 0 => rule.ty.clone(),
                Some(_) => {
                    self.err("en regel med argument har inget värde att förvänta");
                    return;
                }
                None => {
                    self.err(format!("regel #{} finns inte", r.0));
                    return;
                }
            },
            Target::Param(p) => match self.p.params.get(p.index()).map(|p| &p.ty) {
                Some(crate::ParamType::Value(t)) => t.clone(),
                Some(crate::ParamType::Table { .. }) => {
                    self.err("en tabell har inget enskilt värde att förvänta");
                    return;
                }
                None => {
                    self.err(format!("parameter #{} finns inte", p.0));
                    return;
                }
            },
        };
        match expected {
            Expected::Value(v) => self.value_ok(v, &ty),
            Expected::Outcome { .. } => {
                self.err("en regel eller parameter förväntas ha ett utfall")
            }
        }
    }

    /// Walks the expressions reachable from `roots` without entering other rules, and
    /// checks every local read and loop variable against `locals`. Iterative, and each
    /// expression is visited once.
    fn check_frame(&mut self, roots: &[ExprId], locals: &[LocalDecl]) {
        for l in locals {
            self.type_ok(&l.ty);
        }
        // One visit mark per expression, stamped with this frame's number, so that the marks
        // are allocated once per verification rather than once per frame.
        self.frame_stamp = self.frame_stamp.wrapping_add(1);
        if self.seen.len() != self.p.exprs.len() || self.frame_stamp == 0 {
            self.seen = vec![0; self.p.exprs.len()];
            self.frame_stamp = 1;
        }
        let stamp = self.frame_stamp;
        let mut stack: Vec<ExprId> = roots.to_vec();
        while let Some(id) = stack.pop() {
            let Some(slot) = self.seen.get_mut(id.index()) else {
                continue;
            };
            if *slot == stamp {
                continue;
            }
            *slot = stamp;
            let Some(e) = self.p.exprs.get(id.index()) else {
                continue;
            };
            match &e.kind {
                ExprKind::Local(l) => match locals.get(l.index()) {
                    Some(decl) if decl.ty == e.ty => {}
                    Some(_) => self.err(format!(
                        "uttryck #{}: den lokala platsen {} har en annan typ",
                        id.0, l.0
                    )),
                    None => self.err(format!(
                        "uttryck #{}: den lokala platsen {} finns inte",
                        id.0, l.0
                    )),
                },
                ExprKind::Aggregate(agg) => {
                    let elem = self
                        .p
                        .exprs
                        .get(agg.list.index())
                        .and_then(|l| l.ty.elem().cloned());
                    match (locals.get(agg.var.index()), elem) {
                        (Some(decl), Some(elem)) if decl.ty == elem => {}
                        (Some(_), Some(_)) => self.err(format!(
                            "uttryck #{}: loopvariabelns typ är inte listans elementtyp",
                            id.0
                        )),
                        (None, _) => self.err(format!(
                            "uttryck #{}: loopvariabelns plats {} finns inte",
                            id.0, agg.var.0
                        )),
                        (_, None) => {}
                    }
                }
                _ => {}
            }
            e.kind.for_each_operand(|op| stack.push(op));
        }
    }
}
