//! `exempel`: `givet` names inputs (or judgements, or `beslutsdatum`) with constant values
//! of their types and ranges; `förvänta` names rules, parameters or decisions with values
//! or outcomes; every input an expectation depends on must be given (E0214).
//!
//! Dependencies are computed from the checked program: through rule references and calls,
//! exceptions, conditions, outcomes and motivering texts, down to inputs and judgements. A
//! parameter or `beslutsdatum` makes `beslutsdatum` needed. Dependencies are static: every
//! branch counts, whichever the case would take.

use std::collections::{BTreeSet, HashMap};

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_syntax::ast;

use crate::ctx::{Checker, ValueSym};
use crate::expr::Env;
use crate::program::{
    BeslutDef, ExempelDef, Expect, ExpectTarget, Expected, Given, GivenTarget, OutcomeBody,
    OutcomeKind, RegelDef, TExpr, TExprKind, Type,
};
use crate::resolve::{BESLUTSDATUM, spanned_str};

/// What an expectation depends on.
#[derive(Clone, Debug, Default)]
pub(crate) struct Deps {
    pub uppgifter: BTreeSet<u32>,
    pub bedomningar: BTreeSet<u32>,
    pub date: bool,
}

/// Computes dependencies over the checked rules (memoised per rule).
pub(crate) struct DepCalc<'p> {
    pub regler: &'p [Option<RegelDef>],
    memo: HashMap<u32, Deps>,
    visiting: BTreeSet<u32>,
}

impl<'p> DepCalc<'p> {
    pub fn new(regler: &'p [Option<RegelDef>]) -> DepCalc<'p> {
        DepCalc {
            regler,
            memo: HashMap::new(),
            visiting: BTreeSet::new(),
        }
    }

    /// Adds what `e` depends on to `out`.
    pub fn expr(&mut self, e: &TExpr, out: &mut Deps) {
        match &e.kind {
            TExprKind::Uppgift(u) => {
                out.uppgifter.insert(u.0);
            }
            TExprKind::Bedomning(b) => {
                out.bedomningar.insert(b.0);
            }
            TExprKind::Param(_) | TExprKind::Beslutsdatum => out.date = true,
            TExprKind::Regel(r) | TExprKind::Call(r, _) => {
                let d = self.regel(r.0);
                out.uppgifter.extend(d.uppgifter);
                out.bedomningar.extend(d.bedomningar);
                out.date |= d.date;
            }
            _ => {}
        }
        for c in e.children() {
            self.expr(c, out);
        }
    }

    /// What a rule depends on.
    pub fn regel(&mut self, r: u32) -> Deps {
        if let Some(d) = self.memo.get(&r) {
            return d.clone();
        }
        if !self.visiting.insert(r) {
            return Deps::default();
        }
        let mut out = Deps::default();
        if let Some(Some(def)) = self.regler.get(r as usize) {
            self.expr(&def.body, &mut out);
            for u in &def.undantag {
                self.expr(&u.cond, &mut out);
                self.expr(&u.value, &mut out);
            }
        }
        self.visiting.remove(&r);
        self.memo.insert(r, out.clone());
        out
    }

    /// What a decision depends on.
    pub fn beslut(&mut self, b: &BeslutDef) -> Deps {
        let mut out = Deps::default();
        let outcomes = b
            .branches
            .iter()
            .map(|br| (Some(&br.cond), &br.outcome.kind))
            .chain(std::iter::once((None, &b.otherwise.kind)));
        for (cond, kind) in outcomes {
            if let Some(c) = cond {
                self.expr(c, &mut out);
            }
            let (belopp, text) = match kind {
                OutcomeBody::Bifall { belopp, motivering }
                | OutcomeBody::Faststallt { belopp, motivering } => {
                    (belopp.as_ref(), motivering.as_ref())
                }
                OutcomeBody::Avslag { motivering } => (None, motivering.as_ref()),
                OutcomeBody::Manuell { reason } => (None, Some(reason)),
            };
            if let Some(e) = belopp {
                self.expr(e, &mut out);
            }
            for e in text.into_iter().flat_map(|t| t.interpolations()) {
                self.expr(e, &mut out);
            }
        }
        out
    }
}

impl Checker<'_> {
    /// Checks every `exempel`.
    pub fn check_exempel(
        &mut self,
        regler: &[Option<RegelDef>],
        beslut: &[Option<BeslutDef>],
    ) -> Vec<Option<ExempelDef>> {
        let ex = self.items.exempel.clone();
        let mut calc = DepCalc::new(regler);
        let mut out = Vec::new();
        for (item, e) in ex {
            let mut ok = true;
            let mut givet = Vec::new();
            let mut given_names: HashMap<String, Span> = HashMap::new();
            for b in &e.givet {
                if let Some(first) = given_names.get(&b.name.name) {
                    self.report(
                        Diagnostic::new(
                            Code::E0221,
                            format!("`{}` anges mer än en gång", b.name.name),
                            b.name.span,
                        )
                        .with_primary_label("anges igen")
                        .with_label(*first, "först här"),
                    );
                    ok = false;
                    continue;
                }
                given_names.insert(b.name.name.clone(), b.name.span);
                match self.given(b) {
                    Some(g) => givet.push(g),
                    None => ok = false,
                }
            }
            let mut forvanta = Vec::new();
            let mut missing: Vec<(String, Span, Span, String)> = Vec::new();
            for x in &e.forvanta {
                let Some(exp) = self.expectation(x) else {
                    ok = false;
                    continue;
                };
                let deps = match exp.target {
                    ExpectTarget::Regel(r) => calc.regel(r.0),
                    ExpectTarget::Param(_) => Deps {
                        date: true,
                        ..Deps::default()
                    },
                    ExpectTarget::Beslut(b) => match beslut.get(b.index()) {
                        Some(Some(def)) => calc.beslut(def),
                        _ => Deps::default(),
                    },
                };
                self.missing_inputs(&deps, &given_names, x, &mut missing);
                forvanta.push(exp);
            }
            for (name, at, decl, of) in missing {
                let mut d = Diagnostic::new(
                    Code::E0214,
                    format!(
                        "exemplet `{}` anger inte `{name}`, som `{of}` beror på",
                        e.name.value
                    ),
                    at,
                )
                .with_primary_label(format!("beror på `{name}`"))
                .with_help(format!("lägg till `{name} = …` i `givet`"));
                if !decl.is_detached() {
                    d = d.with_label(decl, "definieras här");
                } else {
                    d = d.with_note(
                        "en parameters värde och `beslutsdatum` i uttryck beror på beslutets datum"
                            .to_owned(),
                    );
                }
                self.report(d);
                ok = false;
            }
            out.push(ok.then(|| ExempelDef {
                name: spanned_str(&e.name),
                doc: item.doc.clone(),
                givet,
                forvanta,
                span: item.span,
            }));
        }
        out
    }

    fn missing_inputs(
        &self,
        deps: &Deps,
        given: &HashMap<String, Span>,
        x: &ast::Expectation,
        missing: &mut Vec<(String, Span, Span, String)>,
    ) {
        // By name, so that a given line whose value was wrong does not also count as missing.
        let has = |name: &str| given.contains_key(name);
        let mut push = |name: String, decl: Span| {
            if !missing.iter().any(|(n, ..)| *n == name) {
                missing.push((name, x.name.span, decl, x.name.name.clone()));
            }
        };
        for u in &deps.uppgifter {
            if let Some((_, up)) = self.items.uppgifter.get(*u as usize)
                && !has(&up.name.name)
            {
                push(up.name.name.clone(), up.name.span);
            }
        }
        for b in &deps.bedomningar {
            if let Some((_, bd)) = self.items.bedomningar.get(*b as usize)
                && !has(&bd.name.name)
            {
                push(bd.name.name.clone(), bd.name.span);
            }
        }
        if deps.date && !has(BESLUTSDATUM) {
            push(BESLUTSDATUM.to_owned(), Span::detached());
        }
    }

    fn given(&mut self, b: &ast::Binding) -> Option<Given> {
        let mut env = Env::constant("ett värde i ett exempel");
        let sym = self.values.get(&b.name.name).map(|(s, _)| *s);
        let (target, ty) = match sym {
            Some(ValueSym::Uppgift(u)) => (
                GivenTarget::Uppgift(u),
                self.uppgift_ty.get(u.index())?.clone()?,
            ),
            Some(ValueSym::Bedomning(x)) => (
                GivenTarget::Bedomning(x),
                self.bedomning_ty.get(x.index())?.clone()?,
            ),
            None if b.name.name == BESLUTSDATUM => (GivenTarget::Beslutsdatum, Type::datum()),
            Some(other) => {
                let _ = self.expr(&b.value, &mut env, None);
                let (label, help) = match other {
                    ValueSym::Param(_) => (
                        "en parameter har sina värden i regelverket",
                        "ange `beslutsdatum`, så gäller parameterns värde för det datumet",
                    ),
                    ValueSym::Beslut(_) => (
                        "ett beslut fattas, det anges inte",
                        "förvänta beslutets utfall i `förvänta`",
                    ),
                    _ => (
                        "räknas ut, anges inte",
                        "ange uppgifterna den räknas ut ur, och förvänta dess värde i `förvänta`",
                    ),
                };
                self.report(
                    Diagnostic::new(
                        Code::E0110,
                        format!(
                            "`{}` är ingen uppgift och kan inte anges i `givet`",
                            b.name.name
                        ),
                        b.name.span,
                    )
                    .with_primary_label(label)
                    .with_help(help),
                );
                return None;
            }
            None => {
                let mut cands: Vec<String> = self
                    .items
                    .uppgifter
                    .iter()
                    .map(|(_, u)| u.name.name.clone())
                    .collect();
                cands.push(BESLUTSDATUM.to_owned());
                self.unknown(Code::E0102, "uppgiften", &b.name, cands);
                return None;
            }
        };
        let what = format!("`{}`", b.name.name);
        let value = self.expr_as(&b.value, &ty, &mut env, &what)?;
        Some(Given {
            target,
            value,
            span: b.span,
        })
    }

    fn expectation(&mut self, x: &ast::Expectation) -> Option<Expect> {
        let sym = self.values.get(&x.name.name).map(|(s, _)| *s);
        let mut env = Env::constant("ett värde i ett exempel");
        let target = match sym {
            Some(ValueSym::Regel(r)) => {
                if self.regel_sig.get(r.index()).is_some_and(|s| s.is_function) {
                    self.error(
                        Code::E0110,
                        format!(
                            "regeln `{}` har argument; bara regler utan argument kan förväntas",
                            x.name.name
                        ),
                        x.name.span,
                        "har argument",
                    );
                    return None;
                }
                ExpectTarget::Regel(r)
            }
            Some(ValueSym::Param(p)) => ExpectTarget::Param(p),
            Some(ValueSym::Beslut(b)) => ExpectTarget::Beslut(b),
            Some(_) => {
                self.report(
                    Diagnostic::new(
                        Code::E0110,
                        format!("`{}` anges i `givet`, inte i `förvänta`", x.name.name),
                        x.name.span,
                    )
                    .with_primary_label("en uppgift förväntas inte")
                    .with_help("förvänta en regel, en parameter eller ett beslut"),
                );
                return None;
            }
            None => {
                let cands: Vec<String> = self.values.keys().cloned().collect();
                self.unknown(Code::E0102, "namnet", &x.name, cands);
                return None;
            }
        };
        let expected = match (&x.expected, target) {
            (ast::Expected::Value(v), ExpectTarget::Regel(r)) => {
                let ty = self.regel_sig.get(r.index())?.ty.clone()?;
                let what = format!("`{}`", x.name.name);
                Expected::Value(self.expr_as(v, &ty, &mut env, &what)?)
            }
            (ast::Expected::Value(v), ExpectTarget::Param(p)) => {
                let ty = self.param_ty.get(p.index())?.clone()?;
                let what = format!("`{}`", x.name.name);
                Expected::Value(self.expr_as(v, &ty, &mut env, &what)?)
            }
            (ast::Expected::Outcome { outcome, belopp }, ExpectTarget::Beslut(_)) => {
                let tag = *outcome;
                let belopp = match belopp {
                    Some(b) => {
                        if !matches!(tag, OutcomeKind::Bifall | OutcomeKind::Faststallt) {
                            self.error(
                                Code::E0215,
                                "bara `bifall` och `fastställt` har ett belopp".to_owned(),
                                b.span,
                                "inget belopp här",
                            );
                            return None;
                        }
                        Some(self.expr_as(b, &Type::belopp(), &mut env, "beloppet")?)
                    }
                    None => None,
                };
                Expected::Outcome { tag, belopp }
            }
            (ast::Expected::Value(v), ExpectTarget::Beslut(_)) => {
                self.report(
                    Diagnostic::new(
                        Code::E0215,
                        format!("beslutet `{}` förväntas ha ett utfall, inte ett värde", x.name.name),
                        v.span,
                    )
                    .with_primary_label("inte ett utfall")
                    .with_help("skriv `= bifall`, `= avslag`, `= fastställt med belopp …` eller `= manuell`"),
                );
                return None;
            }
            (ast::Expected::Outcome { .. }, _) => {
                self.report(
                    Diagnostic::new(
                        Code::E0215,
                        format!("`{}` är inget beslut och har inget utfall", x.name.name),
                        x.name.span,
                    )
                    .with_primary_label("utfall förväntas bara av beslut")
                    .with_help("förvänta ett värde av regelns eller parameterns typ"),
                );
                return None;
            }
        };
        let _ = TExprKind::Beslutsdatum;
        Some(Expect {
            target,
            expected,
            span: x.span,
        })
    }
}
