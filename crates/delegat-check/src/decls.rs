//! Checking declarations: the signatures of inputs, parameters, judgements and rules, then
//! parameter values (dates rising, values of the type, tables), rule bodies with their
//! exceptions, and decisions with their branches and outcomes.

use delegat_diagnostics::{Code, Diagnostic};
use delegat_syntax::ast;

use crate::ctx::{Checker, RegelSig, RegelState, ValueSym, idx};
use crate::expr::Env;
use crate::narrow::{Facts, facts_when};
use crate::program::{
    BedomningDef, BeslutDef, BranchDef, DatedValue, DecisionKind, Kalla, LocalDef, LocalKind,
    NormDef, OutcomeBody, OutcomeDef, ParamDef, ParamValue, RegelDef, RegelId, Regelverk, TExpr,
    Type, UndantagDef, UppgiftDef,
};
use crate::resolve::{spanned, spanned_str};
use crate::types::date;

impl Checker<'_> {
    /// Resolves the declared types of inputs, parameters, judgements and rule signatures.
    pub fn signatures(&mut self) {
        let ups = self.items.uppgifter.clone();
        for (_, u) in ups {
            let t = self.lower_type(&u.ty);
            let t = self.no_table(t, u.ty.span, false);
            self.uppgift_ty.push(t);
        }
        let ps = self.items.params.clone();
        for (_, p) in ps {
            let t = self.lower_type(&p.ty);
            let t = self.no_table(t, p.ty.span, true);
            self.param_ty.push(t);
        }
        let bs = self.items.bedomningar.clone();
        for (_, b) in bs {
            let t = self.lower_type(&b.ty);
            let t = self.no_table(t, b.ty.span, false);
            self.bedomning_ty.push(t);
        }
        let rs = self.items.regler.clone();
        for (i, (_, r)) in rs.into_iter().enumerate() {
            let rid = RegelId(idx(i));
            let mut params = Vec::new();
            let mut params_ok = true;
            let mut seen: Vec<(&str, delegat_diagnostics::Span)> = Vec::new();
            for (n, f) in r.params.iter().enumerate() {
                if let Some((_, first)) = seen.iter().find(|(s, _)| *s == f.name.name) {
                    let first = *first;
                    self.duplicate(&f.name.name, f.name.span, first);
                    params_ok = false;
                }
                seen.push((&f.name.name, f.name.span));
                let ty = self.lower_type(&f.ty);
                let ty = self.no_table(ty, f.ty.span, false);
                params_ok &= ty.is_some();
                params.push(self.new_local(LocalDef {
                    name: spanned(&f.name),
                    ty: ty.unwrap_or(Type::Text),
                    kind: LocalKind::Arg {
                        regel: rid,
                        index: idx(n),
                    },
                }));
            }
            let ty = self.lower_type(&r.ty);
            let ty = self.no_table(ty, r.ty.span, false);
            self.regel_sig.push(RegelSig {
                params,
                params_ok,
                ty,
                is_function: r.has_parens || !r.params.is_empty(),
                inferred: None,
            });
            self.calls.push(Vec::new());
        }
    }

    /// Checks every parameter's dated values; fills `param_tables`.
    pub fn check_params(&mut self) -> Vec<Option<ParamDef>> {
        let ps = self.items.params.clone();
        let mut out = Vec::new();
        for (i, (item, p)) in ps.into_iter().enumerate() {
            let ty = self.param_ty.get(i).cloned().flatten();
            let mut values = Vec::new();
            let mut versions = Vec::new();
            let mut ok = ty.is_some();
            if p.values.is_empty() {
                self.report(
                    Diagnostic::new(
                        Code::E0224,
                        format!("parametern `{}` har inga värden", p.name.name),
                        p.name.span,
                    )
                    .with_primary_label("inget värde att tillämpa")
                    .with_help("ange värdet och datumet det gäller från: `från 2026-01-01: …`"),
                );
                ok = false;
            }
            let mut prev: Option<&ast::DatedValue> = None;
            for dated in &p.values {
                if let Some(prev) = prev
                    && dated.from.ymd() <= prev.from.ymd()
                {
                    let d = if dated.from.ymd() == prev.from.ymd() {
                        Diagnostic::new(
                            Code::E0212,
                            format!("två värden gäller från samma datum, {}", date(dated.from)),
                            dated.from.span,
                        )
                        .with_primary_label("samma datum en gång till")
                        .with_label(prev.from.span, "första värdet från det datumet")
                        .with_help(
                            "ta bort det ena värdet, eller ändra datumet till det som gäller",
                        )
                    } else {
                        Diagnostic::new(
                            Code::E0212,
                            format!(
                                "datumet {} kommer inte efter {}",
                                date(dated.from),
                                date(prev.from)
                            ),
                            dated.from.span,
                        )
                        .with_primary_label("ska vara senare än föregående datum")
                        .with_label(prev.from.span, "föregående värde")
                    };
                    self.report(d);
                    ok = false;
                }
                prev = Some(dated);
                let Some(ty) = &ty else { continue };
                match (&dated.value, ty) {
                    (ast::ParamValue::Table(t), Type::Tabell(k, v)) => {
                        match self.table(k, v, t, date(dated.from)) {
                            Some((table, version)) => {
                                versions.extend(version);
                                values.push(DatedValue {
                                    from: date(dated.from),
                                    value: ParamValue::Table(table),
                                    span: dated.span,
                                });
                            }
                            None => ok = false,
                        }
                    }
                    (ast::ParamValue::Expr(e), Type::Tabell(..)) => {
                        let shown = self.show(ty);
                        self.error(
                            Code::E0201,
                            format!("värdet ska vara en tabell av typen `{shown}`"),
                            e.span,
                            "en tabell skrivs `{ nyckel: värde … }`",
                        );
                        ok = false;
                    }
                    (ast::ParamValue::Table(t), _) => {
                        let shown = self.show(ty);
                        self.error(
                            Code::E0201,
                            format!("värdet är en tabell, men parametern är av typen `{shown}`"),
                            t.span,
                            "parametern är ingen tabell",
                        );
                        ok = false;
                    }
                    (ast::ParamValue::Expr(e), ty) => {
                        let mut env = Env::constant("ett parametervärde");
                        match self.expr_as(e, ty, &mut env, "parameterns värde") {
                            Some(v) => values.push(DatedValue {
                                from: date(dated.from),
                                value: ParamValue::Expr(v),
                                span: dated.span,
                            }),
                            None => ok = false,
                        }
                    }
                }
            }
            self.param_tables.push(versions);
            let (enligt, lagrum) = self.enligt(p.enligt.as_ref());
            let percent = written_as_percent(&p.values);
            out.push(ty.filter(|_| ok).map(|ty| ParamDef {
                percent: percent && matches!(value_type(&ty), Type::Tal(_)),
                name: spanned(&p.name),
                doc: item.doc.clone(),
                ty,
                enligt,
                lagrum,
                values,
                span: item.span,
            }));
        }
        out
    }

    /// Checks every rule's body and exceptions, each after the rules it refers to (a
    /// reference may need the referred rule's inferred range: see
    /// [`Checker::ensure_regel`]). Checking in that order keeps the on-demand check from
    /// nesting, so a chain of thousands of rules needs no deep call stack. The diagnostics
    /// come out in source order.
    pub fn check_regler(&mut self) -> Vec<Option<RegelDef>> {
        let n = self.items.regler.len();
        self.regel_state = (0..n).map(|_| RegelState::Unchecked).collect();
        for i in self.regel_order() {
            self.ensure_regel(i);
        }
        let mut out = Vec::with_capacity(n);
        for state in std::mem::take(&mut self.regel_state) {
            match state {
                RegelState::Done(def, diags) => {
                    self.diags.extend(diags);
                    out.push(def.map(|d| *d));
                }
                RegelState::Unchecked | RegelState::InProgress => out.push(None),
            }
        }
        out
    }

    /// The rules in an order where each comes after the rules its body and exceptions name
    /// (a depth-first post-order with its own stack; in a cycle, which the recursion check
    /// reports, the order within the cycle is arbitrary).
    fn regel_order(&self) -> Vec<usize> {
        let n = self.items.regler.len();
        let edges: Vec<Vec<usize>> = self
            .items
            .regler
            .iter()
            .map(|(_, r)| {
                let mut names = Vec::new();
                r.body.referenced_names(&mut names);
                for u in &r.undantag {
                    u.cond.referenced_names(&mut names);
                    u.value.referenced_names(&mut names);
                }
                let mut targets: Vec<usize> = names
                    .into_iter()
                    .filter_map(|name| match self.values.get(name) {
                        Some((ValueSym::Regel(t), _)) => Some(t.index()),
                        _ => None,
                    })
                    .collect();
                targets.sort_unstable();
                targets.dedup();
                targets
            })
            .collect();
        let mut order = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        // (rule, index of the next edge to follow)
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for root in 0..n {
            if seen.get(root).copied().unwrap_or(true) {
                continue;
            }
            if let Some(s) = seen.get_mut(root) {
                *s = true;
            }
            stack.push((root, 0));
            while let Some((node, next)) = stack.last_mut() {
                let (node, at) = (*node, *next);
                *next += 1;
                match edges.get(node).and_then(|e| e.get(at)) {
                    Some(&t) => {
                        if let Some(s) = seen.get_mut(t)
                            && !*s
                        {
                            *s = true;
                            stack.push((t, 0));
                        }
                    }
                    None => {
                        order.push(node);
                        stack.pop();
                    }
                }
            }
        }
        order
    }

    /// Checks rule `i` unless it is checked or being checked (a cycle, reported by the
    /// recursion check; its references then see the declared type). A rule without
    /// arguments declared `heltal` with no range gets the range of its body and exception
    /// values as [`RegelSig::inferred`]: `regel storlek: heltal = vuxna + antal(barn)` is
    /// known to be at least 1 when `vuxna` is, as a reader of the rule knows it.
    pub fn ensure_regel(&mut self, i: usize) {
        match self.regel_state.get_mut(i) {
            Some(state @ RegelState::Unchecked) => *state = RegelState::InProgress,
            _ => return,
        }
        let outer = std::mem::take(&mut self.diags);
        let def = self.check_regel(i);
        let diags = std::mem::replace(&mut self.diags, outer);
        if let (Some(d), Some(sig)) = (&def, self.regel_sig.get_mut(i)) {
            sig.inferred = inferred_range(sig, d);
        }
        if let Some(state) = self.regel_state.get_mut(i) {
            *state = RegelState::Done(def.map(Box::new), diags);
        }
    }

    /// Checks one rule's body and exceptions.
    fn check_regel(&mut self, i: usize) -> Option<RegelDef> {
        let (item, r) = *self.items.regler.get(i)?;
        let rid = RegelId(idx(i));
        let sig = self.regel_sig.get(i).cloned()?;
        let mut env = Env {
            regel: Some(rid),
            ..Env::default()
        };
        for (p, local) in r.params.iter().zip(&sig.params) {
            env.scopes.push((p.name.name.clone(), *local));
        }
        let mut undantag = Vec::new();
        let mut none_hold = Facts::default();
        let mut ok = sig.ty.is_some() && sig.params_ok;
        for u in &r.undantag {
            let cond = self.cond(&u.cond, &mut env);
            let saved = env.facts.clone();
            if let Some(c) = &cond {
                env.facts = saved.clone().and(facts_when(c, true));
                none_hold = none_hold.and(facts_when(c, false));
            }
            let value = match &sig.ty {
                Some(ty) => self.expr_as(&u.value, ty, &mut env, "undantagets värde"),
                None => self.expr(&u.value, &mut env, None),
            };
            env.facts = saved;
            let (u_enligt, u_lagrum) = self.enligt(u.enligt.as_ref());
            match (cond, value) {
                (Some(cond), Some(value)) => undantag.push(UndantagDef {
                    enligt: u_enligt,
                    lagrum: u_lagrum,
                    cond,
                    value,
                    span: u.span,
                }),
                _ => ok = false,
            }
        }
        env.facts = none_hold;
        let body = match &sig.ty {
            Some(ty) => self.expr_as(&r.body, ty, &mut env, "regelns värde"),
            None => self.expr(&r.body, &mut env, None),
        };
        let r_enligt = self.enligt(r.enligt.as_ref());
        match (body, sig.ty, ok) {
            (Some(body), Some(ty), true) => Some(RegelDef {
                name: spanned(&r.name),
                doc: item.doc.clone(),
                params: sig.params,
                is_function: sig.is_function,
                ty,
                enligt: r_enligt.0,
                lagrum: r_enligt.1,
                body,
                undantag,
                span: item.span,
            }),
            _ => None,
        }
    }

    /// Checks every decision.
    pub fn check_beslut(&mut self) -> Vec<Option<BeslutDef>> {
        let bs = self.items.beslut.clone();
        let mut out = Vec::new();
        for (item, b) in bs {
            let mut env = Env::default();
            let mut branches = Vec::new();
            let mut ok = true;
            let norm = self.norm_fields(
                b.norm.as_deref().unwrap_or(&ast::NormFields::NONE),
                &mut env,
            );
            ok &= norm.is_some();
            for br in &b.branches {
                let cond = self.cond(&br.cond, &mut env);
                let saved = env.facts.clone();
                if let Some(c) = &cond {
                    env.facts = saved.clone().and(facts_when(c, true));
                }
                let outcome = self.outcome(&br.outcome, &mut env);
                env.facts = saved;
                if let Some(c) = &cond {
                    env.facts = env.facts.clone().and(facts_when(c, false));
                }
                match (cond, outcome) {
                    (Some(cond), Some(outcome)) => branches.push(BranchDef {
                        cond,
                        outcome,
                        span: br.span,
                    }),
                    _ => ok = false,
                }
            }
            let otherwise = match &b.otherwise {
                Some(o) => self.outcome(o, &mut env),
                None => {
                    let kind = match b.kind {
                        ast::DecisionKind::Beslut => "beslutet",
                        ast::DecisionKind::Beslutsstod => "beslutsstödet",
                    };
                    self.report(
                        Diagnostic::new(
                            Code::E0213,
                            format!("{kind} `{}` saknar `annars`", b.name.name),
                            b.name.span,
                        )
                        .with_primary_label("inget utfall när inget `när` gäller")
                        .with_help("lägg till `annars: avslag { motivering: \"…\" }` eller `annars: manuell \"…\"` sist"),
                    );
                    None
                }
            };
            let b_enligt = self.enligt(b.enligt.as_ref());
            let letter = self.letter_fields(b);
            out.push(match (otherwise, ok) {
                (Some(otherwise), true) => Some(BeslutDef {
                    kind: match b.kind {
                        ast::DecisionKind::Beslut => DecisionKind::Beslut,
                        ast::DecisionKind::Beslutsstod => DecisionKind::Beslutsstod,
                    },
                    name: spanned(&b.name),
                    doc: item.doc.clone(),
                    enligt: b_enligt.0,
                    lagrum: b_enligt.1,
                    avser: b.avser.as_ref().map(spanned),
                    overklagande: b.overklagande.as_ref().map(spanned),
                    norm: norm.unwrap_or_default(),
                    letter,
                    branches,
                    otherwise,
                    span: item.span,
                }),
                _ => None,
            });
        }
        out
    }

    /// A decision's norm fields, each a `datum`; `None` when one is in error.
    fn norm_fields(&mut self, n: &ast::NormFields, env: &mut Env) -> Option<NormDef> {
        let mut one = |c: &mut Self, e: &Option<ast::Expr>, what: &str| match e {
            Some(e) => c.expr_as(e, &Type::datum(), env, what).map(Some),
            None => Some(None),
        };
        let month = one(self, &n.month, "`gäller_månad:`");
        let date = one(self, &n.date, "`normdatum:`");
        let earliest = one(self, &n.earliest, "`normdatum_tidigast:`");
        let latest = one(self, &n.latest, "`normdatum_senast:`");
        Some(NormDef {
            month: month?,
            date: date?,
            earliest: earliest?,
            latest: latest?,
        })
    }

    fn outcome(&mut self, o: &ast::Outcome, env: &mut Env) -> Option<OutcomeDef> {
        let belopp =
            |c: &mut Self, e: &Option<ast::Expr>, env: &mut Env| -> Option<Option<TExpr>> {
                match e {
                    Some(e) => c.expr_as(e, &Type::belopp(), env, "beloppet").map(Some),
                    None => Some(None),
                }
            };
        let text = |c: &mut Self, t: &Option<ast::TextLit>, env: &mut Env| match t {
            Some(t) => c.text_lit(t, env).map(Some),
            None => Some(None),
        };
        let kind = match &o.kind {
            ast::OutcomeBody::Bifall {
                belopp: b,
                motivering,
            } => {
                let b = belopp(self, b, env);
                let m = text(self, motivering, env);
                OutcomeBody::Bifall {
                    belopp: b?,
                    motivering: m?,
                }
            }
            ast::OutcomeBody::Avslag { motivering } => OutcomeBody::Avslag {
                motivering: text(self, motivering, env)?,
            },
            ast::OutcomeBody::Faststallt {
                belopp: b,
                motivering,
            } => {
                let b = belopp(self, b, env);
                let m = text(self, motivering, env);
                OutcomeBody::Faststallt {
                    belopp: b?,
                    motivering: m?,
                }
            }
            ast::OutcomeBody::Manuell { reason } => OutcomeBody::Manuell {
                reason: self.text_lit(reason, env)?,
            },
        };
        Some(OutcomeDef { kind, span: o.span })
    }

    /// The other declarations, which need no checking beyond their types.
    pub fn plain_decls(
        &mut self,
    ) -> (
        Vec<Option<UppgiftDef>>,
        Vec<Option<BedomningDef>>,
        Option<Regelverk>,
    ) {
        let ups = self.items.uppgifter.clone();
        let uppgifter = ups
            .into_iter()
            .enumerate()
            .map(|(i, (item, u))| {
                let ty = self.uppgift_ty.get(i).cloned().flatten()?;
                let kalla = u.kalla.as_ref()?;
                Some(UppgiftDef {
                    name: spanned(&u.name),
                    doc: item.doc.clone(),
                    ty,
                    kalla: match &kalla.kind {
                        ast::KallaKind::Sokande => Kalla::Sokande,
                        ast::KallaKind::Register(s) => Kalla::Register(spanned_str(s)),
                        ast::KallaKind::Handlaggare => Kalla::Handlaggare,
                    },
                    kalla_span: kalla.span,
                    fraga: u.fraga.as_ref().map(spanned_str),
                    beskrivning: u.beskrivning.as_ref().map(spanned_str),
                    span: item.span,
                })
            })
            .collect();
        let bs = self.items.bedomningar.clone();
        let bedomningar = bs
            .into_iter()
            .enumerate()
            .map(|(i, (item, b))| {
                Some(BedomningDef {
                    name: spanned(&b.name),
                    doc: item.doc.clone(),
                    ty: self.bedomning_ty.get(i).cloned().flatten()?,
                    beskrivning: b.beskrivning.as_ref().map(spanned_str),
                    span: item.span,
                })
            })
            .collect();
        let regelverk = self
            .items
            .regelverk
            .first()
            .and_then(|item| match &item.kind {
                ast::ItemKind::Regelverk(r) => Some(Regelverk {
                    titel: spanned_str(&r.title),
                    namnd: r.namnd.as_ref().map(spanned_str),
                    version: r.version.as_ref().map(spanned_str),
                    beskrivning: r.beskrivning.as_ref().map(spanned_str),
                    kontakt: r.kontakt.as_ref().map(spanned_str),
                    personuppgifter: r.personuppgifter.as_ref().map(spanned_str),
                    logotyp: r.logotyp.as_ref().map(spanned_str),
                    span: item.span,
                }),
                _ => None,
            });
        (uppgifter, bedomningar, regelverk)
    }
}

/// The range a reference to a rule sees when the rule is declared `heltal` without one: the
/// hull of its body's and its exceptions' ranges (see [`Checker::ensure_regel`]).
fn inferred_range(sig: &RegelSig, d: &RegelDef) -> Option<Type> {
    if sig.is_function || !matches!(&sig.ty, Some(Type::Heltal(b)) if b.is_unbounded()) {
        return None;
    }
    let bounds = |ty: &Type| match ty {
        Type::Heltal(b) => Some(*b),
        _ => None,
    };
    let mut range = bounds(&d.body.ty)?;
    for u in &d.undantag {
        range = crate::types::hull(range, bounds(&u.value.ty)?);
    }
    (!range.is_unbounded()).then_some(Type::Heltal(range))
}

/// Whether every value of a parameter is written as a percentage (`50 %`, or a table whose
/// every row is), so that a reader is shown its values as percentages too.
fn written_as_percent(values: &[ast::DatedValue]) -> bool {
    let percent = |e: &ast::Expr| matches!(e.kind, ast::ExprKind::Lit(ast::Literal::Percent(_)));
    !values.is_empty()
        && values.iter().all(|d| match &d.value {
            ast::ParamValue::Expr(e) => percent(e),
            ast::ParamValue::Table(t) => {
                !t.entries.is_empty() && t.entries.iter().all(|r| percent(&r.value))
            }
        })
}

/// A parameter's value type: the type itself, or a table's value type.
fn value_type(ty: &Type) -> &Type {
    match ty {
        Type::Tabell(_, v) => v,
        other => other,
    }
}
