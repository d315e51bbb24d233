//! Builds the report's facts once from the checked program, the dependency analysis and the
//! diagnostics of the run.

use delegat_diagnostics::{Diagnostic, Severity, SourceMap, Span};

use super::pretty::{Pretty, show_name};
use super::{
    AppealLine, AppealStatus, Coverage, DecisionFacts, Finding, InputLine, Judgement, OutcomeLine,
    PackFacts, ParamLine, ParamShown, RuleLagrum,
};
use crate::legality::policy::{coverage, tag_of};
use crate::legality::{self, DecisionDeps, Node};
use crate::program::{
    BeslutDef, Bounds, Kalla, OutcomeBody, OutcomeDef, ParamDef, ParamId, ParamValue, Program,
    TExpr, TExprKind, TableKey, Type, TypeDefKind,
};

/// Builds the facts of a checked program; `diagnostics` are the run's (legality and policy
/// included), each shown with the decision it lies in, or in general.
pub fn build(program: &Program, map: &SourceMap, diagnostics: &[Diagnostic]) -> PackFacts {
    let deps = legality::analyse(program);
    let pretty = Pretty::new(program, Some(map));
    let mut used = vec![false; diagnostics.len()];
    let decisions: Vec<DecisionFacts> = deps
        .iter()
        .filter_map(|d| {
            let beslut = program.beslut.get(d.beslut.index())?;
            let findings = diagnostics
                .iter()
                .enumerate()
                .filter(|(_, diag)| within(diag.primary.span, beslut.span))
                .map(|(i, diag)| {
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                    finding(map, diag)
                })
                .collect();
            Some(decision(program, &pretty, beslut, d, findings))
        })
        .collect();
    let general = diagnostics
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(d, _)| finding(map, d))
        .collect();
    let root = program
        .regelverk
        .as_ref()
        .map(|r| r.span.file)
        .or_else(|| program.beslut.first().map(|b| b.span.file));
    let mut files: Vec<String> = Vec::new();
    if let Some(f) = root.and_then(|f| map.get(f)) {
        files.push(f.name().to_owned());
    }
    let rv = program.regelverk.as_ref();
    PackFacts {
        titel: rv
            .map(|r| r.titel.text.clone())
            .or_else(|| files.first().cloned())
            .unwrap_or_else(|| "Regelpaket".to_owned()),
        namnd: rv.and_then(|r| r.namnd.as_ref()).map(|s| s.text.clone()),
        version: rv.and_then(|r| r.version.as_ref()).map(|s| s.text.clone()),
        beskrivning: rv
            .and_then(|r| r.beskrivning.as_ref())
            .map(|s| s.text.clone()),
        files,
        kontrollsumma: None,
        exempel: None,
        skapad: None,
        lawful: !diagnostics.iter().any(|d| d.severity == Severity::Error),
        general,
        decisions,
    }
}

fn within(inner: Span, outer: Span) -> bool {
    inner.file == outer.file && inner.start >= outer.start && inner.end <= outer.end
}

fn finding(map: &SourceMap, d: &Diagnostic) -> Finding {
    let place = map.get(d.primary.span.file).map(|f| {
        let lc = f.line_col(d.primary.span.start as usize);
        format!("{}:{}", f.name(), lc.line)
    });
    let mut explanation = d.notes.clone();
    if let Some(h) = &d.help {
        explanation.push(format!("Gör så här: {h}"));
    }
    Finding {
        code: d.code.as_str().to_owned(),
        error: d.severity == Severity::Error,
        title: d.code.title().to_owned(),
        message: d.message.clone(),
        explanation,
        place,
    }
}

fn decision(
    program: &Program,
    pretty: &Pretty<'_>,
    beslut: &BeslutDef,
    deps: &DecisionDeps,
    findings: Vec<Finding>,
) -> DecisionFacts {
    let mut outcomes: Vec<OutcomeLine> = beslut
        .branches
        .iter()
        .map(|b| outcome(pretty, Some(pretty.cond(&b.cond)), &b.outcome))
        .collect();
    outcomes.push(outcome(pretty, None, &beslut.otherwise));
    let mut inputs = Vec::new();
    let mut judgements = Vec::new();
    let mut params = Vec::new();
    let mut rules = Vec::new();
    for &node in deps.all.nodes() {
        match node {
            Node::Uppgift(id) => {
                let Some(u) = program.uppgifter.get(id.index()) else {
                    continue;
                };
                let kalla = match &u.kalla {
                    Kalla::Sokande => "sökanden".to_owned(),
                    Kalla::Register(r) => format!("register: {}", r.text),
                    Kalla::Handlaggare => "handläggare".to_owned(),
                };
                inputs.push(InputLine {
                    name: u.name.text.clone(),
                    kalla,
                    from_applicant: u.kalla == Kalla::Sokande,
                    fraga: u.fraga.as_ref().map(|f| f.text.clone()),
                    beskrivning: u
                        .beskrivning
                        .as_ref()
                        .map(|b| b.text.clone())
                        .or_else(|| u.doc.clone()),
                    routing_only: deps.routing_only(node),
                });
            }
            Node::Bedomning(id) => {
                if let Some(b) = program.bedomningar.get(id.index()) {
                    judgements.push(Judgement {
                        name: b.name.text.clone(),
                        beskrivning: b.beskrivning.as_ref().map(|s| s.text.clone()),
                    });
                }
            }
            Node::Param(id) => {
                if let Some(p) = program.params.get(id.index()) {
                    params.push(param(program, pretty, p, id));
                }
            }
            Node::Regel(id) => {
                if let Some(r) = program.regler.get(id.index()) {
                    let undantag: Vec<String> = r
                        .undantag
                        .iter()
                        .filter_map(|u| cite(program, u.enligt.as_ref(), u.lagrum))
                        .collect();
                    if r.enligt.is_some() || !undantag.is_empty() {
                        rules.push(RuleLagrum {
                            name: r.name.text.clone(),
                            enligt: cite(program, r.enligt.as_ref(), r.lagrum),
                            doc: r.doc.as_deref().map(one_line),
                            undantag,
                        });
                    }
                }
            }
        }
    }
    let coverage = coverage(program, deps.beslut)
        .into_iter()
        .map(|(tag, ex)| Coverage {
            tag,
            exempel: ex
                .iter()
                .filter_map(|e| program.exempel.get(e.index()))
                .map(|e| e.name.text.clone())
                .collect(),
        })
        .collect();
    DecisionFacts {
        name: beslut.name.text.clone(),
        kind: beslut.kind,
        doc: beslut.doc.clone(),
        enligt: cite(program, beslut.enligt.as_ref(), beslut.lagrum),
        appeal: appeal_lines(program, beslut),
        avser: beslut.avser.as_ref().map(|e| e.text.clone()),
        overklagande: beslut.overklagande.as_ref().map(|e| e.text.clone()),
        outcomes,
        inputs,
        judgements,
        params,
        rules,
        coverage,
        findings,
        cost: None,
    }
}

fn outcome(pretty: &Pretty<'_>, when: Option<String>, o: &OutcomeDef) -> OutcomeLine {
    let (belopp, text) = match &o.kind {
        OutcomeBody::Bifall { belopp, motivering }
        | OutcomeBody::Faststallt { belopp, motivering } => (belopp.as_ref(), motivering.as_ref()),
        OutcomeBody::Avslag { motivering } => (None, motivering.as_ref()),
        OutcomeBody::Manuell { reason } => (None, Some(reason)),
    };
    OutcomeLine {
        when,
        tag: tag_of(o),
        belopp: belopp.map(|b| pretty.expr(b)),
        text: text.map(|t| pretty.text(t)),
    }
}

fn param(program: &Program, pretty: &Pretty<'_>, p: &ParamDef, id: ParamId) -> ParamLine {
    let key_ty = match &p.ty {
        Type::Tabell(k, _) => Some(k.as_ref().clone()),
        _ => None,
    };
    let values = p
        .values
        .iter()
        .map(|v| {
            let shown = match &v.value {
                ParamValue::Expr(e) => ParamShown::Value(pretty.expr(e)),
                ParamValue::Table(t) => ParamShown::Table(
                    t.rows
                        .iter()
                        .map(|row| {
                            (
                                key(program, key_ty.as_ref(), &row.key),
                                pretty.expr(&row.value),
                            )
                        })
                        .collect(),
                ),
            };
            (v.from.to_string(), shown)
        })
        .collect();
    ParamLine {
        name: p.name.text.clone(),
        enligt: cite(program, p.enligt.as_ref(), p.lagrum),
        doc: p.doc.as_deref().map(one_line),
        values,
        key_heading: key_ty.as_ref().map(|k| key_heading(program, pretty, id, k)),
    }
}

/// The heading of a table's key column: the name every lookup of the table uses as its key
/// (the last part of `b.ålder`), capitalised, when they agree (lookups by a literal key, such
/// as `t[7]`, do not count); else the key's type.
fn key_heading(program: &Program, pretty: &Pretty<'_>, id: ParamId, key_ty: &Type) -> String {
    let mut roots: Vec<&TExpr> = Vec::new();
    for r in &program.regler {
        roots.push(&r.body);
        for u in &r.undantag {
            roots.extend([&u.cond, &u.value]);
        }
    }
    for b in &program.beslut {
        for br in &b.branches {
            roots.push(&br.cond);
            if let OutcomeBody::Bifall {
                belopp: Some(e), ..
            }
            | OutcomeBody::Faststallt {
                belopp: Some(e), ..
            } = &br.outcome.kind
            {
                roots.push(e);
            }
        }
    }
    let mut names: Vec<String> = Vec::new();
    while let Some(e) = roots.pop() {
        if let TExprKind::Index(table, k) = &e.kind
            && matches!(table.kind, TExprKind::Param(p) if p == id)
        {
            let mut k = k.as_ref();
            while let TExprKind::Widen(inner) = &k.kind {
                k = inner;
            }
            let named = matches!(
                k.kind,
                TExprKind::Uppgift(_)
                    | TExprKind::Bedomning(_)
                    | TExprKind::Regel(_)
                    | TExprKind::Param(_)
                    | TExprKind::Local(_)
                    | TExprKind::Field(..)
            );
            // A literal key (`t[7]`) says nothing about what the key is; a computed one
            // (`t[a + 1]`) makes the heading the key's type.
            let literal = matches!(
                k.kind,
                TExprKind::Int(_)
                    | TExprKind::Dec(_)
                    | TExprKind::Money(_)
                    | TExprKind::Bool(_)
                    | TExprKind::Date(_)
                    | TExprKind::Variant(..)
            );
            if named {
                let shown = pretty.expr(k);
                names.push(shown.rsplit('.').next().unwrap_or_default().to_owned());
            } else if !literal {
                names.push(String::new());
            }
        }
        roots.extend(e.children());
    }
    names.sort();
    names.dedup();
    match names.as_slice() {
        [one] if !one.is_empty() => capitalise(one),
        _ => match key_ty {
            Type::Enum(t) => program.type_def(*t).map_or_else(
                || "Värde".to_owned(),
                |d| capitalise(&show_name(&d.name.text)),
            ),
            Type::Datum(_) => "Datum".to_owned(),
            _ => "Tal".to_owned(),
        },
    }
}

/// The first letter in upper case.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A `///` comment as one paragraph (its lines joined).
fn one_line(doc: &str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table key's bounds, each shown by `show` (`3 000–4 999`, `5 000 och mer`).
fn bounds<T: PartialEq>(b: &Bounds<T>, show: impl Fn(&T) -> String) -> String {
    match (&b.lo, &b.hi) {
        (Some(lo), Some(hi)) if lo == hi => show(lo),
        (Some(lo), Some(hi)) => format!("{}–{}", show(lo), show(hi)),
        (Some(lo), None) => format!("{} och mer", show(lo)),
        (None, Some(hi)) => format!("till och med {}", show(hi)),
        (None, None) => "alla".to_owned(),
    }
}

fn key(program: &Program, key_ty: Option<&Type>, k: &TableKey) -> String {
    match k {
        TableKey::Int(b) => bounds(b, |n| delegat_value::format::format_int(*n)),
        TableKey::Date(b) => bounds(b, ToString::to_string),
        TableKey::Variants(vs) => {
            let names: Vec<String> = match key_ty {
                Some(Type::Enum(t)) => match program.type_def(*t).map(|d| &d.kind) {
                    Some(TypeDefKind::Enum(variants)) => vs
                        .iter()
                        .filter_map(|i| variants.get(*i as usize))
                        .map(|v| show_name(&v.text))
                        .collect(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            names.join(" eller ")
        }
    }
}

/// A citation as the report shows it: the text as written, or every version of a declared
/// provision with its date (`SoL (2001:453) 4 kap. 1 § (från 2019-01-01), …`).
fn cite(
    program: &Program,
    enligt: Option<&crate::program::Spanned>,
    lagrum: Option<crate::program::LagrumId>,
) -> Option<String> {
    match lagrum.and_then(|id| program.lagrum_def(id)) {
        Some(l) => Some(
            l.versions
                .iter()
                .map(|v| format!("{} (från {})", v.text.text, v.from))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        None => enligt.map(|e| e.text.clone()),
    }
}

/// The appeal route of each version of a `beslut`'s basis (none for a `beslutsstöd`).
fn appeal_lines(program: &Program, beslut: &BeslutDef) -> Vec<AppealLine> {
    use crate::legality::appeal::{Declared, Route, route};
    if beslut.kind != crate::program::DecisionKind::Beslut {
        return Vec::new();
    }
    let bases: Vec<(Option<String>, &str, Option<Declared<'_>>)> =
        match beslut.lagrum.and_then(|id| program.lagrum_def(id)) {
            Some(l) => l
                .versions
                .iter()
                .map(|v| {
                    (
                        Some(v.from.to_string()),
                        v.text.text.as_str(),
                        v.appeal.as_ref().map(|a| Declared {
                            route: a.route.text.as_str(),
                            enligt: a.enligt.as_ref().map(|e| e.text.as_str()),
                        }),
                    )
                })
                .collect(),
            None => beslut
                .enligt
                .iter()
                .map(|e| (None, e.text.as_str(), None))
                .collect(),
        };
    bases
        .into_iter()
        .map(|(from, basis, declared)| {
            let (provision, status) = match route(basis, declared) {
                Route::Verified(row) => (Some(row.cite.to_owned()), AppealStatus::Verified),
                Route::Unverified(cited) => (Some(cited.to_owned()), AppealStatus::Cited),
                Route::Laglighetsprovning(_) | Route::DeclaredBar(_) | Route::Missing => {
                    (None, AppealStatus::Barred)
                }
            };
            AppealLine {
                from,
                basis: basis.to_owned(),
                provision,
                status,
            }
        })
        .collect()
}
