//! What the board's report says, as data: built once from the checked program, the
//! dependency analysis and the diagnostics of the run, then written as Markdown or HTML.
//!
//! Everything a reader sees is already Swedish text here; the writers only lay it out.

use delegat_diagnostics::{Diagnostic, Severity, SourceMap, Span};

use super::pretty::{Pretty, show_name};
use crate::legality::policy::{coverage, tag_name};
use crate::legality::{self, DecisionDeps, Node};
use crate::program::{
    BeslutDef, Bounds, DecisionKind, Kalla, OutcomeBody, ParamDef, ParamValue, Program, TableKey,
    Type, TypeDefKind,
};

/// The whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The pack's title (`regelverk "…"`), or the file name.
    pub titel: String,
    /// `nämnd:`.
    pub namnd: Option<String>,
    /// `version:`.
    pub version: Option<String>,
    /// `beskrivning:`.
    pub beskrivning: Option<String>,
    /// The rule files, root first.
    pub files: Vec<String>,
    /// The built pack's content hash (`delegat build`), when the caller could build it:
    /// the nämnd's delegation decision names it. `build` leaves it empty.
    pub kontrollsumma: Option<String>,
    /// Whether the check found no errors.
    pub lawful: bool,
    /// Errors and warnings that belong to no single decision.
    pub general: Vec<Reason>,
    /// Every decision and decision support, in source order.
    pub decisions: Vec<DecisionReport>,
}

/// A diagnostic in plain words.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    /// `E0301`.
    pub code: String,
    /// Whether it refuses the file.
    pub error: bool,
    /// The code's title.
    pub title: String,
    /// The message.
    pub message: String,
    /// Why (the notes) and what to do (the help).
    pub explanation: Vec<String>,
    /// `fil.regel:12`.
    pub place: Option<String>,
}

/// One decision's part of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionReport {
    /// The name as written.
    pub name: String,
    /// `beslut` or `beslutsstöd`.
    pub kind: DecisionKind,
    /// The `///` comment.
    pub doc: Option<String>,
    /// `enligt`.
    pub enligt: Option<String>,
    /// `avser:`.
    pub avser: Option<String>,
    /// `överklagande:`.
    pub overklagande: Option<String>,
    /// The outcomes in the order they are tried.
    pub outcomes: Vec<OutcomeLine>,
    /// The inputs the decision uses.
    pub inputs: Vec<InputLine>,
    /// The judgements it uses (only lawful in a `beslutsstöd`).
    pub judgements: Vec<(String, Option<String>)>,
    /// The parameters it uses.
    pub params: Vec<ParamLine>,
    /// The rules it uses that name a lagrum: (name, lagrum, lagrum of exceptions).
    pub rules: Vec<(String, Option<String>, Vec<String>)>,
    /// For each outcome kind: the exempel that expect it.
    pub coverage: Vec<(String, Vec<String>)>,
    /// The diagnostics that concern this decision.
    pub reasons: Vec<Reason>,
}

impl DecisionReport {
    /// Whether no error concerns this decision.
    pub fn lawful(&self) -> bool {
        !self.reasons.iter().any(|r| r.error)
    }
}

/// One `när` branch or `annars`.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeLine {
    /// The condition in words (`None` for `annars`).
    pub when: Option<String>,
    /// `bifall`, `avslag`, `fastställt`, `manuell`.
    pub tag: &'static str,
    /// The amount in words, if any.
    pub belopp: Option<String>,
    /// The motivering or the manuell reason, interpolations in words.
    pub text: Option<String>,
}

/// An input a decision uses.
#[derive(Clone, Debug, PartialEq)]
pub struct InputLine {
    /// The name as written.
    pub name: String,
    /// Where it comes from, in words.
    pub kalla: String,
    /// Whether the source is the applicant.
    pub from_applicant: bool,
    /// The question the e-service asks.
    pub fraga: Option<String>,
    /// `beskrivning:` or the doc comment.
    pub beskrivning: Option<String>,
    /// Only used to send cases to a caseworker.
    pub routing_only: bool,
}

/// A parameter a decision uses.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamLine {
    /// The name as written.
    pub name: String,
    /// `enligt`.
    pub enligt: Option<String>,
    /// `(from date, value in words)`; a table's value is its rows `(key, value)`.
    pub values: Vec<(String, ParamShown)>,
}

/// A parameter's value in words.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamShown {
    /// A single value.
    Value(String),
    /// A table's rows.
    Table(Vec<(String, String)>),
}

/// Builds the report for a checked program; `diagnostics` are the run's (legality and
/// policy included), used for the verdict.
pub fn build(program: &Program, map: &SourceMap, diagnostics: &[Diagnostic]) -> Report {
    let deps = legality::analyse(program);
    let pretty = Pretty::new(program, Some(map));
    let mut used = vec![false; diagnostics.len()];
    let decisions: Vec<DecisionReport> = deps
        .iter()
        .filter_map(|d| {
            let beslut = program.beslut.get(d.beslut.index())?;
            let reasons = diagnostics
                .iter()
                .enumerate()
                .filter(|(_, diag)| within(diag.primary.span, beslut.span))
                .map(|(i, diag)| {
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                    reason(map, diag)
                })
                .collect();
            Some(decision(program, &pretty, beslut, d, reasons))
        })
        .collect();
    let general = diagnostics
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(d, _)| reason(map, d))
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
    Report {
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
        lawful: !diagnostics.iter().any(|d| d.severity == Severity::Error),
        general,
        decisions,
    }
}

fn within(inner: Span, outer: Span) -> bool {
    inner.file == outer.file && inner.start >= outer.start && inner.end <= outer.end
}

fn reason(map: &SourceMap, d: &Diagnostic) -> Reason {
    let place = map.get(d.primary.span.file).map(|f| {
        let lc = f.line_col(d.primary.span.start as usize);
        format!("{}:{}", f.name(), lc.line)
    });
    let mut explanation = d.notes.clone();
    if let Some(h) = &d.help {
        explanation.push(format!("Gör så här: {h}"));
    }
    Reason {
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
    reasons: Vec<Reason>,
) -> DecisionReport {
    let mut outcomes: Vec<OutcomeLine> = beslut
        .branches
        .iter()
        .map(|b| outcome(pretty, Some(pretty.cond(&b.cond)), &b.outcome.kind))
        .collect();
    outcomes.push(outcome(pretty, None, &beslut.otherwise.kind));
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
                    judgements.push((
                        b.name.text.clone(),
                        b.beskrivning.as_ref().map(|s| s.text.clone()),
                    ));
                }
            }
            Node::Param(id) => {
                if let Some(p) = program.params.get(id.index()) {
                    params.push(param(program, pretty, p));
                }
            }
            Node::Regel(id) => {
                if let Some(r) = program.regler.get(id.index()) {
                    let exc: Vec<String> = r
                        .undantag
                        .iter()
                        .filter_map(|u| u.enligt.as_ref().map(|e| e.text.clone()))
                        .collect();
                    if r.enligt.is_some() || !exc.is_empty() {
                        rules.push((
                            r.name.text.clone(),
                            r.enligt.as_ref().map(|e| e.text.clone()),
                            exc,
                        ));
                    }
                }
            }
        }
    }
    let coverage = coverage(program, deps.beslut)
        .into_iter()
        .map(|(tag, ex)| {
            let names = ex
                .iter()
                .filter_map(|e| program.exempel.get(e.index()))
                .map(|e| e.name.text.clone())
                .collect();
            (tag_name(tag).to_owned(), names)
        })
        .collect();
    DecisionReport {
        name: beslut.name.text.clone(),
        kind: beslut.kind,
        doc: beslut.doc.clone(),
        enligt: beslut.enligt.as_ref().map(|e| e.text.clone()),
        avser: beslut.avser.as_ref().map(|e| e.text.clone()),
        overklagande: beslut.overklagande.as_ref().map(|e| e.text.clone()),
        outcomes,
        inputs,
        judgements,
        params,
        rules,
        coverage,
        reasons,
    }
}

fn outcome(pretty: &Pretty<'_>, when: Option<String>, kind: &OutcomeBody) -> OutcomeLine {
    let (tag, belopp, text) = match kind {
        OutcomeBody::Bifall { belopp, motivering } => {
            ("bifall", belopp.as_ref(), motivering.as_ref())
        }
        OutcomeBody::Avslag { motivering } => ("avslag", None, motivering.as_ref()),
        OutcomeBody::Faststallt { belopp, motivering } => {
            ("fastställt", belopp.as_ref(), motivering.as_ref())
        }
        OutcomeBody::Manuell { reason } => ("manuell", None, Some(reason)),
    };
    OutcomeLine {
        when,
        tag,
        belopp: belopp.map(|b| pretty.expr(b)),
        text: text.map(|t| pretty.text(t)),
    }
}

fn param(program: &Program, pretty: &Pretty<'_>, p: &ParamDef) -> ParamLine {
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
        enligt: p.enligt.as_ref().map(|e| e.text.clone()),
        values,
    }
}

fn bounds<T: ToString + PartialEq>(b: &Bounds<T>) -> String {
    match (&b.lo, &b.hi) {
        (Some(lo), Some(hi)) if lo == hi => lo.to_string(),
        (Some(lo), Some(hi)) => format!("{}–{}", lo.to_string(), hi.to_string()),
        (Some(lo), None) => format!("{} och mer", lo.to_string()),
        (None, Some(hi)) => format!("till och med {}", hi.to_string()),
        (None, None) => "alla".to_owned(),
    }
}

fn key(program: &Program, key_ty: Option<&Type>, k: &TableKey) -> String {
    match k {
        TableKey::Int(b) => bounds(b),
        TableKey::Date(b) => bounds(b),
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
