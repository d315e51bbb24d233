//! The exempel runner (`delegat test`): every `exempel` of a pack, its expectations
//! compared with what the pack computes on each engine, and coverage (`--täckning`).
//!
//! An expectation on a decision compares the outcome and, when written (`med belopp`), the
//! amount; one on a rule or parameter compares the value. A runtime error where a value
//! was expected is a failure that shows the error.
//!
//! [`Pack::run_examples`] runs every exempel on both engines, the interpreter and the JIT
//! (the interpreter alone when the JIT refuses the pack: [`ExamplesReport::jit_fallback`]).
//! An exempel passes only when every engine meets every expectation *and* the engines agree:
//! every decision of the pack gives the same result (outcome, amount, branch, interpolated
//! values, trace, error) on each, and every expected value is the same. A difference is an
//! [`EngineDisagreement`], a failure of its own that shows each engine's result.
//!
//! Coverage counts what the exempel *reach*: every exempel decides every decision of the
//! pack with its `givet`, and the rules, branches, outcomes and table rows those decisions
//! use are covered. Rules with arguments (functions) are not traced by the interpreter and
//! are not reported.

mod coverage;
mod engines;

use delegat_diagnostics::{SourceMap, Span};
use delegat_ir::{Chosen, DecisionResult, ValueTarget};
use delegat_ir::{DecisionId, Expected, ParamType, Target, Type, Value};
use delegat_value::Date;

use crate::engine::Engine;
use crate::format;
use crate::pack::Pack;

pub use coverage::Coverage;
use coverage::Reached;
use engines::Eval;

/// A place in a source file (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    /// The file's display name.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One expectation that did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Where the `förvänta` line is written.
    pub position: Option<Position>,
    /// What was expected of (`försörjningsstöd`, `behov`).
    pub target: String,
    /// The expectation as text (`bifall med belopp 8 560 kr`).
    pub expected: String,
    /// What the pack computed.
    pub actual: String,
    /// For an expectation on a decision: why the pack decided as it did.
    pub decided: Option<Decided>,
}

/// Why a decision came out as it did, for a failed expectation: the branch, the motivering
/// and the values used, as Swedish text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided {
    /// The branch taken: `när behov > inkomst` or `annars` (`None` when a runtime error
    /// decided the case).
    pub branch: Option<String>,
    /// Where the branch is written.
    pub branch_position: Option<Position>,
    /// The motivering, or for `manuell` the reason.
    pub motivering: Option<String>,
    /// The rule and parameter values the decision used, in the order first used:
    /// `(name, value)`, a table row's name with its key (`tillägg[2]`).
    pub values: Vec<(String, String)>,
}

/// The result of one `exempel`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleResult {
    /// Its name.
    pub name: String,
    /// Where it is written.
    pub position: Option<Position>,
    /// The number of expectations checked.
    pub checked: usize,
    /// The expectations that failed on every engine alike.
    pub failures: Vec<ExampleFailure>,
    /// Where the engines gave different results (empty when they agree).
    pub disagreements: Vec<EngineDisagreement>,
}

impl ExampleResult {
    /// Whether every expectation held on every engine, and the engines agree.
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.disagreements.is_empty()
    }
}

/// A decision, rule or parameter for which the engines gave different results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineDisagreement {
    /// The `förvänta` line, or the exempel when no expectation names the decision.
    pub position: Option<Position>,
    /// What differs (`försörjningsstöd`, `behov`).
    pub target: String,
    /// The expectation as text, when an expectation names it.
    pub expected: Option<String>,
    /// Each engine's result, as text, in the order the engines ran.
    pub results: Vec<(Engine, String)>,
}

/// All exempel of a pack: results in source order, and coverage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExamplesReport {
    /// One result per exempel.
    pub results: Vec<ExampleResult>,
    /// What no exempel reaches.
    pub coverage: Coverage,
    /// The engines that ran, in order (each at most once).
    pub engines: Vec<Engine>,
    /// The JIT was asked for but refused the pack (or cannot target this machine), so the
    /// interpreter alone ran.
    pub jit_fallback: bool,
}

impl ExamplesReport {
    /// Exempel that passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    /// Exempel that failed.
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

/// What one engine gave for one expectation.
struct Check {
    target: String,
    expected: String,
    actual: String,
    ok: bool,
    decided: Option<Decided>,
}

impl Pack {
    /// Runs every `exempel` on both engines, the interpreter and the JIT (what
    /// `delegat test` does). An exempel without `beslutsdatum` is decided on `default_date`.
    pub fn run_examples(&self, default_date: Date) -> ExamplesReport {
        self.run_examples_on(&[Engine::Interpreter, Engine::Jit], default_date)
    }

    /// Runs every `exempel` on the engines named (each once, in order; the JIT is left out,
    /// with [`ExamplesReport::jit_fallback`] set, when it refuses the pack, and the
    /// interpreter then runs in its place if it was not named). With one engine there is
    /// nothing to compare: an exempel passes when its expectations hold.
    pub fn run_examples_on(&self, engines: &[Engine], default_date: Date) -> ExamplesReport {
        let p = &self.program;
        let mut jit_fallback = false;
        let mut evals: Vec<Eval<'_>> = Vec::new();
        for &engine in engines {
            let ev = Eval::new(self, engine).or_else(|| {
                jit_fallback = true;
                Eval::new(self, Engine::Interpreter)
            });
            if let Some(ev) = ev
                && !evals.iter().any(|e| e.engine() == ev.engine())
            {
                evals.push(ev);
            }
        }
        if evals.is_empty() {
            evals.extend(Eval::new(self, Engine::Interpreter));
        }
        let mut reached = Reached::default();
        let mut results = Vec::new();
        for ex in &p.examples {
            let mut inputs: Vec<Option<Value>> = vec![None; p.inputs.len()];
            for g in &ex.givet {
                if let Some(slot) = inputs.get_mut(g.input.index()) {
                    *slot = Some(g.value.clone());
                }
            }
            let date = ex.date.unwrap_or(default_date);
            // Every decision on every engine: [engine][decision].
            let decided: Vec<Vec<DecisionResult>> = evals
                .iter_mut()
                .map(|ev| {
                    (0..p.decisions.len())
                        .map(|i| ev.decide(&inputs, date, DecisionId::from_index(i)))
                        .collect()
                })
                .collect();
            if let Some(first) = decided.first() {
                for (i, r) in first.iter().enumerate() {
                    reached.record(p, DecisionId::from_index(i), r);
                }
            }
            // Values are expected on the norm date of the first decision that computed
            // one (docs/language.md §4, `exempel`).
            let norm_date = decided
                .first()
                .and_then(|d| d.iter().find_map(|r| r.norm))
                .map_or(date, |n| n.date);
            let mut failures = Vec::new();
            let mut disagreements = Vec::new();
            for e in &ex.expect {
                let checks: Vec<(Engine, Check)> = evals
                    .iter_mut()
                    .zip(&decided)
                    .map(|(ev, d)| {
                        let engine = ev.engine();
                        let dates = (date, norm_date);
                        (engine, self.check_expectation(ev, d, &inputs, dates, e))
                    })
                    .collect();
                let Some((_, first)) = checks.first() else {
                    continue;
                };
                if checks.iter().all(|(_, c)| c.actual == first.actual) {
                    if !first.ok {
                        failures.push(ExampleFailure {
                            position: self.position(e.span),
                            target: first.target.clone(),
                            expected: first.expected.clone(),
                            actual: first.actual.clone(),
                            decided: first.decided.clone(),
                        });
                    }
                } else {
                    disagreements.push(EngineDisagreement {
                        position: self.position(e.span),
                        target: first.target.clone(),
                        expected: Some(first.expected.clone()),
                        results: checks
                            .iter()
                            .map(|(en, c)| (*en, c.actual.clone()))
                            .collect(),
                    });
                }
            }
            self.compare_decisions(&evals, &decided, ex.span, &mut disagreements);
            results.push(ExampleResult {
                name: ex.name.clone(),
                position: self.position(ex.span),
                checked: ex.expect.len(),
                failures,
                disagreements,
            });
        }
        ExamplesReport {
            results,
            coverage: self.coverage(&reached),
            engines: evals.iter().map(Eval::engine).collect(),
            jit_fallback,
        }
    }

    /// A disagreement for every decision whose full result differs between the first
    /// engine and another, unless an expectation on it already reported one.
    fn compare_decisions(
        &self,
        evals: &[Eval<'_>],
        decided: &[Vec<DecisionResult>],
        at: Span,
        disagreements: &mut Vec<EngineDisagreement>,
    ) {
        let p = &self.program;
        let Some((first, others)) = decided.split_first() else {
            return;
        };
        for (i, want) in first.iter().enumerate() {
            let name = p.decisions.get(i).map_or("", |d| d.name.as_str());
            if disagreements.iter().any(|d| d.target == name) {
                continue;
            }
            for (k, other) in others.iter().enumerate() {
                let Some(got) = other.get(i) else { continue };
                let Some((a, b)) = engines::difference(p, want, got) else {
                    continue;
                };
                let engine = |j: usize| evals.get(j).map_or(Engine::Interpreter, Eval::engine);
                disagreements.push(EngineDisagreement {
                    position: self.position(at),
                    target: name.to_owned(),
                    expected: None,
                    results: vec![(engine(0), a), (engine(k + 1), b)],
                });
                break;
            }
        }
    }

    /// What one engine gives for one expectation; `decided` holds the engine's result for
    /// every decision of the pack.
    fn check_expectation(
        &self,
        ev: &mut Eval<'_>,
        decided: &[DecisionResult],
        inputs: &[Option<Value>],
        (date, norm_date): (Date, Date),
        e: &delegat_ir::Expectation,
    ) -> Check {
        let p = &self.program;
        match (&e.target, &e.expected) {
            (Target::Decision(id), Expected::Outcome { kind, belopp }) => {
                let target = p.decision(*id).map_or_else(String::new, |d| d.name.clone());
                let Some(r) = decided.get(id.index()) else {
                    return Check {
                        target,
                        expected: kind.swedish().to_owned(),
                        actual: "inget beslut".into(),
                        ok: false,
                        decided: None,
                    };
                };
                let ok = r.outcome == *kind
                    && match belopp {
                        Some(Value::Money(b)) => r.belopp == Some(*b),
                        Some(_) => false,
                        None => true,
                    };
                let expected = match belopp {
                    Some(b) => format!(
                        "{} med belopp {}",
                        kind.swedish(),
                        format::text(p, b, &Type::Money)
                    ),
                    None => kind.swedish().to_owned(),
                };
                Check {
                    target,
                    expected,
                    actual: engines::summary(r),
                    decided: (!ok).then(|| self.decided(r, date)),
                    ok,
                }
            }
            (target, Expected::Value(want)) => {
                let (name, ty, vt) = match target {
                    Target::Rule(r) => {
                        let rule = p.rule(*r);
                        let name = rule.map_or_else(|| "?".to_owned(), |x| x.name.clone());
                        let ty = rule.map_or(Type::Text, |x| x.ty.clone());
                        (name, ty, ValueTarget::Rule(*r))
                    }
                    Target::Param(id) => {
                        let par = p.param(*id);
                        let name = par.map_or_else(|| "?".to_owned(), |x| x.name.clone());
                        let ty = match par.map(|x| &x.ty) {
                            Some(ParamType::Value(t) | ParamType::Table { value: t, .. }) => {
                                t.clone()
                            }
                            None => Type::Text,
                        };
                        (name, ty, ValueTarget::Param(*id))
                    }
                    Target::Decision(d) => {
                        return Check {
                            target: p.decision(*d).map_or_else(String::new, |d| d.name.clone()),
                            expected: format::text(p, want, &Type::Text),
                            actual: "ett beslut, inte ett värde".into(),
                            ok: false,
                            decided: None,
                        };
                    }
                };
                let expected = format::text(p, want, &ty);
                let (actual, ok) = match ev.value(inputs, date, norm_date, vt) {
                    Ok(v) => (format::text(p, &v, &ty), v == *want),
                    Err(err) => (format!("fel {}: {}", err.code(), err.message()), false),
                };
                Check {
                    target: name,
                    expected,
                    actual,
                    ok,
                    decided: None,
                }
            }
            (Target::Rule(_) | Target::Param(_), Expected::Outcome { kind, .. }) => Check {
                target: "?".into(),
                expected: kind.swedish().to_owned(),
                actual: "ett värde, inte ett beslut".into(),
                ok: false,
                decided: None,
            },
        }
    }

    /// Why `r` came out as it did: the branch (its condition as written, when the pack has
    /// its sources), the motivering or reason, and the values used.
    fn decided(&self, r: &DecisionResult, date: Date) -> Decided {
        let p = &self.program;
        let decision = p.decision(r.decision);
        let (branch, at) = match (r.chosen, decision) {
            (Some(Chosen::Branch(i)), Some(d)) => {
                let b = d.branches.get(i as usize);
                let cond = b
                    .and_then(|b| p.expr(b.cond))
                    .map(|e| e.span)
                    .and_then(|span| Some(self.sources.as_ref()?.slice(span).to_owned()))
                    .filter(|t| !t.is_empty())
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
                let text = match cond {
                    Some(c) => format!("när {c}"),
                    None => format!("gren {} (`när`)", i + 1),
                };
                (Some(text), b.map(|b| b.outcome.span))
            }
            (Some(Chosen::Otherwise), Some(d)) => {
                (Some("annars".to_owned()), Some(d.otherwise.span))
            }
            _ => (None, None),
        };
        let decision = crate::decision::Decision::from_result(self, r, date);
        let values = decision
            .spar
            .iter()
            .map(|t| {
                let name = match &t.nyckel {
                    Some(k) => format!("{}[{k}]", t.namn),
                    None => t.namn.clone(),
                };
                (name, t.text.clone())
            })
            .collect();
        Decided {
            branch,
            branch_position: at.and_then(|s| self.position(s)),
            motivering: decision.motivering.or(decision.skal),
            values,
        }
    }

    /// The position of a span, when the pack has its sources.
    pub fn position(&self, span: Span) -> Option<Position> {
        position(self.sources.as_ref()?, span)
    }
}

fn position(map: &SourceMap, span: Span) -> Option<Position> {
    if span.is_detached() {
        return None;
    }
    let file = map.get(span.file)?;
    let lc = file.line_col(span.range().start);
    Some(Position {
        file: file.name().to_owned(),
        line: lc.line,
        column: lc.column,
    })
}

impl Pack {
    /// Every `exempel` as a JSON case (its `givet`, with `beslutsdatum` when written), in
    /// source order: `(name, case)`. Useful to try a pack with `delegat run`, and to test
    /// that the JSON path decides like the exempel.
    pub fn example_cases(&self) -> Vec<(String, String)> {
        let p = &self.program;
        p.examples
            .iter()
            .map(|ex| {
                let mut m = serde_json::Map::new();
                if let Some(d) = ex.date {
                    m.insert(
                        crate::case::DATE_KEY.into(),
                        serde_json::Value::String(d.to_string()),
                    );
                }
                for g in &ex.givet {
                    if let Some(input) = p.input(g.input) {
                        m.insert(input.name.clone(), format::to_json(p, &g.value, &input.ty));
                    }
                }
                (ex.name.clone(), serde_json::Value::Object(m).to_string())
            })
            .collect()
    }
}
