//! Coverage of the exempel (`delegat test --täckning`): which rules, branches, outcomes and
//! table rows the decisions of the exempel reach, and the Swedish list of what none reaches.

use std::collections::HashSet;

use delegat_diagnostics::Span;
use delegat_ir::{Chosen, TraceEntry};
use delegat_ir::{
    DecisionId, OutcomeKind, ParamId, ParamType, ParamValue, Program, Row, RowKey, RuleId, Type,
};
use delegat_value::Date;

use crate::format;
use crate::pack::Pack;

use super::Position;

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

#[derive(Default)]
pub(super) struct Reached {
    rules: HashSet<RuleId>,
    branches: HashSet<(DecisionId, Option<u32>)>,
    outcomes: HashSet<(DecisionId, OutcomeKind)>,
    rows: HashSet<(ParamId, Date, usize)>,
}

impl Pack {
    pub(super) fn coverage(&self, reached: &Reached) -> Coverage {
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
    pub(super) fn record(&mut self, p: &Program, id: DecisionId, r: &delegat_ir::DecisionResult) {
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
                        && let Some(i) = rows.iter().position(|row| row.covers(key))
                    {
                        self.rows.insert((*param, *version, i));
                    }
                }
                TraceEntry::Param { .. } => {}
            }
        }
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
