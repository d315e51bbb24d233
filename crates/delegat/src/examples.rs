//! The exempel runner (`delegat test`): every `exempel` of a pack, its expectations
//! compared with what the pack computes, and coverage (`--täckning`).
//!
//! An expectation on a decision compares the outcome and, when written (`med belopp`), the
//! amount; one on a rule or parameter compares the value. A runtime error where a value
//! was expected is a failure that shows the error.
//!
//! Coverage counts what the exempel *reach*: every exempel decides every decision of the
//! pack with its `givet`, and the rules, branches, outcomes and table rows those decisions
//! use are covered. Rules with arguments (functions) are not traced by the interpreter and
//! are not reported.

use std::collections::HashSet;

use delegat_diagnostics::{SourceMap, Span};
use delegat_interp::{Chosen, Evaluator, TraceEntry, ValueTarget};
use delegat_ir::{
    DecisionId, Expected, OutcomeKind, ParamId, ParamType, ParamValue, Program, Row, RowKey,
    RuleId, Target, Type, Value,
};
use delegat_value::Date;

use crate::format;
use crate::pack::Pack;

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
    /// The expectations that failed (empty: it passed).
    pub failures: Vec<ExampleFailure>,
}

impl ExampleResult {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// What no exempel reaches, each item a Swedish description with its position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Rules (without arguments) no decision used.
    pub rules: Vec<(String, Option<Position>)>,
    /// Decision branches never taken (`när` number, or `annars`).
    pub branches: Vec<(String, Option<Position>)>,
    /// Outcomes a decision can give that no exempel gave.
    pub outcomes: Vec<(String, Option<Position>)>,
    /// Table rows no lookup hit.
    pub rows: Vec<(String, Option<Position>)>,
}

impl Coverage {
    /// Whether everything is reached.
    pub fn is_complete(&self) -> bool {
        self.rules.is_empty()
            && self.branches.is_empty()
            && self.outcomes.is_empty()
            && self.rows.is_empty()
    }
}

/// All exempel of a pack: results in source order, and coverage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExamplesReport {
    /// One result per exempel.
    pub results: Vec<ExampleResult>,
    /// What no exempel reaches.
    pub coverage: Coverage,
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

#[derive(Default)]
struct Reached {
    rules: HashSet<RuleId>,
    branches: HashSet<(DecisionId, Option<u32>)>,
    outcomes: HashSet<(DecisionId, OutcomeKind)>,
    rows: HashSet<(ParamId, Date, usize)>,
}

impl Pack {
    /// Runs every `exempel`. An exempel without `beslutsdatum` is decided on `default_date`.
    pub fn run_examples(&self, default_date: Date) -> ExamplesReport {
        let p = &self.program;
        let mut ev = Evaluator::new(p);
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
            for (i, _) in p.decisions.iter().enumerate() {
                let id = DecisionId::from_index(i);
                let r = ev.decide(&inputs, date, id);
                reached.record(p, id, &r);
            }
            let mut failures = Vec::new();
            for e in &ex.expect {
                if let Some(f) = self.check_expectation(&mut ev, &inputs, date, e) {
                    failures.push(f);
                }
            }
            results.push(ExampleResult {
                name: ex.name.clone(),
                position: self.position(ex.span),
                checked: ex.expect.len(),
                failures,
            });
        }
        ExamplesReport {
            results,
            coverage: self.coverage(&reached),
        }
    }

    fn check_expectation(
        &self,
        ev: &mut Evaluator<'_>,
        inputs: &[Option<Value>],
        date: Date,
        e: &delegat_ir::Expectation,
    ) -> Option<ExampleFailure> {
        let p = &self.program;
        let fail = |target: String, expected: String, actual: String| ExampleFailure {
            position: self.position(e.span),
            target,
            expected,
            actual,
        };
        match (&e.target, &e.expected) {
            (Target::Decision(id), Expected::Outcome { kind, belopp }) => {
                let name = p.decision(*id).map_or_else(String::new, |d| d.name.clone());
                let r = ev.decide(inputs, date, *id);
                let want_amount = belopp.as_ref().map(|b| format::text(p, b, &Type::Money));
                let ok = r.outcome == *kind
                    && match belopp {
                        Some(Value::Money(b)) => r.belopp == Some(*b),
                        Some(_) => false,
                        None => true,
                    };
                if ok {
                    return None;
                }
                let expected = match want_amount {
                    Some(b) => format!("{} med belopp {b}", kind.swedish()),
                    None => kind.swedish().to_owned(),
                };
                let mut actual = match r.belopp {
                    Some(b) => format!(
                        "{} med belopp {}",
                        r.outcome.swedish(),
                        delegat_value::format::format_money(b)
                    ),
                    None => r.outcome.swedish().to_owned(),
                };
                if let Some(err) = &r.error {
                    actual.push_str(&format!(" (fel {}: {})", err.code(), err.message()));
                }
                Some(fail(name, expected, actual))
            }
            (target, Expected::Value(want)) => {
                let (name, ty, vt) = match target {
                    Target::Rule(r) => {
                        let rule = p.rule(*r)?;
                        (rule.name.clone(), rule.ty.clone(), ValueTarget::Rule(*r))
                    }
                    Target::Param(id) => {
                        let par = p.param(*id)?;
                        let ty = match &par.ty {
                            ParamType::Value(t) | ParamType::Table { value: t, .. } => t.clone(),
                        };
                        (par.name.clone(), ty, ValueTarget::Param(*id))
                    }
                    Target::Decision(d) => {
                        let name = p.decision(*d).map_or_else(String::new, |d| d.name.clone());
                        return Some(fail(
                            name,
                            format::text(p, want, &Type::Text),
                            "ett beslut, inte ett värde".into(),
                        ));
                    }
                };
                match ev.value(inputs, date, vt) {
                    Ok(v) if v == *want => None,
                    Ok(v) => Some(fail(
                        name,
                        format::text(p, want, &ty),
                        format::text(p, &v, &ty),
                    )),
                    Err(err) => Some(fail(
                        name,
                        format::text(p, want, &ty),
                        format!("fel {}: {}", err.code(), err.message()),
                    )),
                }
            }
            (Target::Rule(_) | Target::Param(_), Expected::Outcome { kind, .. }) => Some(fail(
                "?".into(),
                kind.swedish().to_owned(),
                "ett värde, inte ett beslut".into(),
            )),
        }
    }

    /// The position of a span, when the pack has its sources.
    pub fn position(&self, span: Span) -> Option<Position> {
        position(self.sources.as_ref()?, span)
    }

    fn coverage(&self, reached: &Reached) -> Coverage {
        let p = &self.program;
        let mut c = Coverage::default();
        if p.examples.is_empty() && p.decisions.is_empty() {
            return c;
        }
        for (i, r) in p.rules.iter().enumerate() {
            if r.arity == 0 && !reached.rules.contains(&RuleId::from_index(i)) {
                c.rules
                    .push((format!("regeln `{}`", r.name), self.position(r.span)));
            }
        }
        for (i, d) in p.decisions.iter().enumerate() {
            let id = DecisionId::from_index(i);
            for (b, branch) in d.branches.iter().enumerate() {
                let b32 = u32::try_from(b).unwrap_or(u32::MAX);
                if !reached.branches.contains(&(id, Some(b32))) {
                    c.branches.push((
                        format!("gren {} (`när`) i `{}`", b + 1, d.name),
                        self.position(branch.outcome.span),
                    ));
                }
            }
            if !reached.branches.contains(&(id, None)) {
                c.branches.push((
                    format!("`annars` i `{}`", d.name),
                    self.position(d.otherwise.span),
                ));
            }
            let mut kinds: Vec<(OutcomeKind, Span)> = Vec::new();
            for o in d
                .branches
                .iter()
                .map(|b| &b.outcome)
                .chain(std::iter::once(&d.otherwise))
            {
                if !kinds.iter().any(|(k, _)| *k == o.kind) {
                    kinds.push((o.kind, o.span));
                }
            }
            for (k, span) in kinds {
                if !reached.outcomes.contains(&(id, k)) {
                    c.outcomes.push((
                        format!("utfallet {} i `{}`", k.swedish(), d.name),
                        self.position(span),
                    ));
                }
            }
        }
        for (i, par) in p.params.iter().enumerate() {
            let id = ParamId::from_index(i);
            for v in &par.versions {
                let ParamValue::Table(rows) = &v.value else {
                    continue;
                };
                for (r, row) in rows.iter().enumerate() {
                    if !reached.rows.contains(&(id, v.from, r)) {
                        c.rows.push((
                            format!(
                                "raden {} i `{}` (från {})",
                                row_key_text(p, par, row),
                                par.name,
                                v.from
                            ),
                            self.position(v.span),
                        ));
                    }
                }
            }
        }
        c
    }
}

impl Reached {
    fn record(&mut self, p: &Program, id: DecisionId, r: &delegat_interp::DecisionResult) {
        match r.chosen {
            Some(Chosen::Branch(b)) => {
                self.branches.insert((id, Some(b)));
            }
            Some(Chosen::Otherwise) => {
                self.branches.insert((id, None));
            }
            None => {}
        }
        if r.error.is_none() {
            self.outcomes.insert((id, r.outcome));
        }
        for t in &r.trace {
            match t {
                TraceEntry::Rule { rule, .. } => {
                    self.rules.insert(*rule);
                }
                TraceEntry::Lookup {
                    param,
                    version,
                    key,
                    ..
                } => {
                    let Some(par) = p.param(*param) else { continue };
                    let Some(v) = par.versions.iter().find(|v| v.from == *version) else {
                        continue;
                    };
                    if let ParamValue::Table(rows) = &v.value
                        && let Some(i) = rows.iter().position(|row| covers(row, key))
                    {
                        self.rows.insert((*param, *version, i));
                    }
                }
                TraceEntry::Param { .. } => {}
            }
        }
    }
}

fn covers(row: &Row, key: &Value) -> bool {
    match (&row.key, key) {
        (RowKey::Int { lo, hi }, Value::Int(k)) => {
            lo.is_none_or(|lo| lo <= *k) && hi.is_none_or(|hi| *k <= hi)
        }
        (RowKey::Date { lo, hi }, Value::Date(k)) => {
            lo.is_none_or(|lo| lo <= *k) && hi.is_none_or(|hi| *k <= hi)
        }
        (RowKey::Variants(vs), Value::Enum(k)) => vs.contains(k),
        _ => false,
    }
}

fn row_key_text(p: &Program, par: &delegat_ir::Parameter, row: &Row) -> String {
    let range = |lo: Option<String>, hi: Option<String>| match (lo, hi) {
        (Some(a), Some(b)) if a == b => a,
        (Some(a), Some(b)) => format!("{a}..{b}"),
        (Some(a), None) => format!("{a}.."),
        (None, Some(b)) => format!("..{b}"),
        (None, None) => "..".to_owned(),
    };
    match &row.key {
        RowKey::Int { lo, hi } => range(lo.map(|v| v.to_string()), hi.map(|v| v.to_string())),
        RowKey::Date { lo, hi } => range(lo.map(|v| v.to_string()), hi.map(|v| v.to_string())),
        RowKey::Variants(vs) => {
            let ty = match &par.ty {
                ParamType::Table {
                    key: delegat_ir::KeyType::Enum(t),
                    ..
                } => Type::Enum(*t),
                _ => Type::Int,
            };
            let names: Vec<String> = vs
                .iter()
                .map(|v| format::variant_name(p, &ty, *v))
                .collect();
            names.join(" | ")
        }
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
