//! Cases: the evaluator's reusable state, decisions, rules with their exceptions and memo
//! slots, parameters and table lookups, and the trace.

use delegat_diagnostics::Span;
use delegat_ir::{
    DecisionId, ExprId, OutcomeKind, ParamId, ParamType, ParamValue, Program, Row, RowKey, RuleId,
    TemplatePart, Value,
};
use delegat_value::{Date, Money};

use crate::error::{ExceptionRef, RuntimeError, RuntimeErrorKind};

/// Internal result: errors are boxed so that `Result<Value, _>` stays small.
pub(crate) type Res<T> = Result<T, Box<RuntimeError>>;

/// Which branch of a decision was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// The `när` branch with this index.
    Branch(u32),
    /// `annars`.
    Otherwise,
}

/// One value the decision used, in the order first used (a rule's entry comes after the
/// entries of the values it used).
#[derive(Clone, Debug, PartialEq)]
pub enum TraceEntry {
    /// A rule without arguments and its value.
    Rule {
        /// The rule.
        rule: RuleId,
        /// Its value for the case.
        value: Value,
        /// The exception that gave the value, if one did (its index in the rule).
        exception: Option<u32>,
    },
    /// A scalar parameter: the version in force and its value.
    Param {
        /// The parameter.
        param: ParamId,
        /// The date the version in force came into force.
        version: Date,
        /// Its value.
        value: Value,
    },
    /// A table lookup: the version in force, the key and the row's value.
    Lookup {
        /// The table parameter.
        param: ParamId,
        /// The date the version in force came into force.
        version: Date,
        /// The key looked up.
        key: Value,
        /// The value found.
        value: Value,
    },
}

/// The result of deciding one case.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionResult {
    /// The decision.
    pub decision: DecisionId,
    /// The outcome; always [`OutcomeKind::Manuell`] when `error` is set.
    pub outcome: OutcomeKind,
    /// The branch taken; `None` when an error decided the case.
    pub chosen: Option<Chosen>,
    /// The outcome's amount, if it has one.
    pub belopp: Option<Money>,
    /// The values of the interpolations of the chosen outcome's text, in order (the
    /// runtime formats them the Swedish way). Empty on an error.
    pub values: Vec<Value>,
    /// The runtime error that made the case `manuell`, if any: the reason to show.
    pub error: Option<RuntimeError>,
    /// Every rule and parameter value used, in the order first used.
    pub trace: Vec<TraceEntry>,
}

/// Phase one of a decision: the outcome and amount a case gets, before any value is copied
/// out for the texts and the trace.
///
/// Both engines split deciding in two: `run` decides and keeps the case's state (rule
/// values, interpolated values, a log of what the decision used) in the evaluator;
/// `result_into` then copies it out as a [`DecisionResult`]. A caller that needs only the
/// outcome (a count, a benchmark of evaluation) stops after phase one; `decide` does both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The outcome; [`OutcomeKind::Manuell`] when a runtime error decided the case.
    pub outcome: OutcomeKind,
    /// The branch taken; `None` when a runtime error decided the case.
    pub chosen: Option<Chosen>,
    /// The outcome's amount, if it has one.
    pub belopp: Option<Money>,
}

impl DecisionResult {
    /// The chosen outcome's declaration in the program (for its text's literal parts).
    pub fn outcome_decl<'p>(&self, program: &'p Program) -> Option<&'p delegat_ir::Outcome> {
        let d = program.decision(self.decision)?;
        match self.chosen? {
            Chosen::Branch(i) => d.branches.get(i as usize).map(|b| &b.outcome),
            Chosen::Otherwise => Some(&d.otherwise),
        }
    }
}

/// What [`crate::evaluate_value`] computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueTarget {
    /// A rule without arguments.
    Rule(RuleId),
    /// A scalar parameter.
    Param(ParamId),
}

/// A memo slot of a rule without arguments.
#[derive(Clone, Debug, Default)]
pub(crate) enum Slot {
    /// Not evaluated in this case.
    #[default]
    Empty,
    /// Being evaluated (reaching it again is a cycle).
    Busy,
    /// Evaluated.
    Done(Value),
}

/// An evaluator for one program, with buffers reused from case to case.
#[derive(Debug)]
pub struct Evaluator<'p> {
    program: &'p Program,
    memo: Vec<Slot>,
    param_traced: Vec<bool>,
    stack: Vec<Value>,
}

/// The state of one case being evaluated.
pub(crate) struct Machine<'p, 'i> {
    pub(crate) p: &'p Program,
    pub(crate) inputs: &'i [Option<Value>],
    pub(crate) date: Date,
    pub(crate) memo: Vec<Slot>,
    pub(crate) param_traced: Vec<bool>,
    /// Local slots of all active frames; the current frame starts at `base`.
    pub(crate) stack: Vec<Value>,
    pub(crate) base: usize,
    pub(crate) depth: u32,
    pub(crate) trace: Vec<TraceEntry>,
}

impl<'p> Evaluator<'p> {
    /// An evaluator for `program`.
    pub fn new(program: &'p Program) -> Evaluator<'p> {
        Evaluator {
            program,
            memo: Vec::new(),
            param_traced: Vec::new(),
            stack: Vec::new(),
        }
    }

    fn machine<'i>(&mut self, inputs: &'i [Option<Value>], date: Date) -> Machine<'p, 'i> {
        let mut memo = std::mem::take(&mut self.memo);
        memo.clear();
        memo.resize(self.program.rules.len(), Slot::Empty);
        let mut param_traced = std::mem::take(&mut self.param_traced);
        param_traced.clear();
        param_traced.resize(self.program.params.len(), false);
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        Machine {
            p: self.program,
            inputs,
            date,
            memo,
            param_traced,
            stack,
            base: 0,
            depth: 0,
            // Room for every rule and parameter once, and a few lookups, so that the trace
            // is allocated once per case.
            trace: Vec::with_capacity(self.program.rules.len() + self.program.params.len() + 8),
        }
    }

    fn give_back(&mut self, m: Machine<'p, '_>) -> Vec<TraceEntry> {
        self.memo = m.memo;
        self.param_traced = m.param_traced;
        self.stack = m.stack;
        m.trace
    }

    /// Decides one case (see [`crate::evaluate`]).
    pub fn decide(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> DecisionResult {
        let mut m = self.machine(inputs, date);
        let outcome = m.decide(decision);
        let trace = self.give_back(m);
        match outcome {
            Ok((chosen, kind, belopp, values)) => DecisionResult {
                decision,
                outcome: kind,
                chosen: Some(chosen),
                belopp,
                values,
                error: None,
                trace,
            },
            Err(error) => DecisionResult {
                decision,
                outcome: OutcomeKind::Manuell,
                chosen: None,
                belopp: None,
                values: Vec::new(),
                error: Some(*error),
                trace,
            },
        }
    }

    /// Computes one rule's or parameter's value (see [`crate::evaluate_value`]).
    pub fn value(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        target: ValueTarget,
    ) -> Result<Value, RuntimeError> {
        let mut m = self.machine(inputs, date);
        let result = match target {
            // Errors about the target itself point at its declaration.
            ValueTarget::Rule(r) => {
                let span = self.program.rule(r).map_or_else(Span::detached, |x| x.span);
                m.rule(r, span)
            }
            ValueTarget::Param(p) => {
                let span = self
                    .program
                    .param(p)
                    .map_or_else(Span::detached, |x| x.span);
                m.param(p, span)
            }
        };
        self.give_back(m);
        result.map_err(|e| *e)
    }
}

/// A successful decision: branch, outcome, amount, interpolated values.
type Decided = (Chosen, OutcomeKind, Option<Money>, Vec<Value>);

impl<'p> Machine<'p, '_> {
    fn decide(&mut self, id: DecisionId) -> Res<Decided> {
        let p = self.p;
        let d = p.decision(id).ok_or_else(|| {
            RuntimeError::malformed(format!("beslut #{} finns inte", id.0), Span::detached())
        })?;
        // The decision's own frame: its loop variables.
        self.stack.clear();
        self.stack.resize(d.locals.len(), Value::Bool(false));
        self.base = 0;
        let mut chosen = (Chosen::Otherwise, &d.otherwise);
        for (i, b) in d.branches.iter().enumerate() {
            if self.eval_bool(b.cond)? {
                chosen = (
                    Chosen::Branch(u32::try_from(i).unwrap_or(u32::MAX)),
                    &b.outcome,
                );
                break;
            }
        }
        let (which, outcome) = chosen;
        let belopp = match outcome.belopp {
            Some(e) => Some(self.eval_money(e)?),
            None => None,
        };
        let mut values = Vec::new();
        if let Some(text) = &outcome.text {
            for part in &text.parts {
                if let TemplatePart::Expr(e) = part {
                    values.push(self.eval(*e)?);
                }
            }
        }
        Ok((which, outcome.kind, belopp, values))
    }

    /// The value of a rule without arguments: from its memo slot, or evaluated once.
    pub(crate) fn rule(&mut self, id: RuleId, span: Span) -> Res<Value> {
        let p = self.p;
        let rule = p
            .rule(id)
            .ok_or_else(|| RuntimeError::malformed(format!("regel #{} finns inte", id.0), span))?;
        match self.memo.get(id.index()) {
            Some(Slot::Done(v)) => return Ok(v.clone()),
            Some(Slot::Busy) => {
                return Err(Box::new(RuntimeError::new(
                    RuntimeErrorKind::Cycle {
                        rule: rule.name.clone(),
                    },
                    span,
                )));
            }
            Some(Slot::Empty) => {}
            None => {
                return Err(Box::new(RuntimeError::malformed(
                    format!("regel #{} finns inte", id.0),
                    span,
                )));
            }
        }
        if rule.arity != 0 {
            return Err(Box::new(RuntimeError::malformed(
                format!("regeln `{}` läses utan sina argument", rule.name),
                span,
            )));
        }
        self.set_slot(id, Slot::Busy);
        let frame = self.enter_frame(rule.locals.len());
        let result = self.rule_body(id);
        self.leave_frame(frame);
        match result {
            Ok((value, exception)) => {
                self.set_slot(id, Slot::Done(value.clone()));
                self.trace.push(TraceEntry::Rule {
                    rule: id,
                    value: value.clone(),
                    exception,
                });
                Ok(value)
            }
            Err(e) => {
                self.set_slot(id, Slot::Empty);
                Err(e)
            }
        }
    }

    fn set_slot(&mut self, id: RuleId, slot: Slot) {
        if let Some(s) = self.memo.get_mut(id.index()) {
            *s = slot;
        }
    }

    /// A call of a rule with arguments: a fresh frame, no memo.
    pub(crate) fn call(&mut self, id: RuleId, args: &[ExprId], span: Span) -> Res<Value> {
        let p = self.p;
        let rule = p
            .rule(id)
            .ok_or_else(|| RuntimeError::malformed(format!("regel #{} finns inte", id.0), span))?;
        if args.len() != rule.arity as usize || rule.locals.len() < args.len() {
            return Err(Box::new(RuntimeError::malformed(
                format!("regeln `{}` anropas med fel antal argument", rule.name),
                span,
            )));
        }
        // Arguments are evaluated in the caller's frame and pushed as the callee's first
        // slots; nested calls during that push and pop above them.
        let new_base = self.stack.len();
        for a in args {
            let v = match self.eval(*a) {
                Ok(v) => v,
                Err(e) => {
                    self.stack.truncate(new_base);
                    return Err(e);
                }
            };
            self.stack.push(v);
        }
        self.stack
            .resize(new_base + rule.locals.len(), Value::Bool(false));
        let old_base = std::mem::replace(&mut self.base, new_base);
        let result = self.rule_body(id).map(|(v, _)| v);
        self.base = old_base;
        self.stack.truncate(new_base);
        result
    }

    fn enter_frame(&mut self, slots: usize) -> (usize, usize) {
        let new_base = self.stack.len();
        self.stack.resize(new_base + slots, Value::Bool(false));
        let old_base = std::mem::replace(&mut self.base, new_base);
        (old_base, new_base)
    }

    fn leave_frame(&mut self, (old_base, new_base): (usize, usize)) {
        self.base = old_base;
        self.stack.truncate(new_base);
    }

    /// The rule's value in the current frame: exactly one holding exception gives its
    /// value; two holding is a conflict naming both; none gives the main expression.
    fn rule_body(&mut self, id: RuleId) -> Res<(Value, Option<u32>)> {
        let p = self.p;
        let Some(rule) = p.rule(id) else {
            return Err(Box::new(RuntimeError::malformed(
                format!("regel #{} finns inte", id.0),
                Span::detached(),
            )));
        };
        let mut holding: Option<usize> = None;
        for (i, u) in rule.undantag.iter().enumerate() {
            if self.eval_bool(u.cond)? {
                if let Some(first) = holding {
                    let name = |j: usize| {
                        rule.undantag.get(j).map(|x| ExceptionRef {
                            index: u32::try_from(j).unwrap_or(u32::MAX),
                            enligt: x.enligt.clone(),
                            span: x.span,
                        })
                    };
                    let (Some(first), Some(second)) = (name(first), name(i)) else {
                        break;
                    };
                    return Err(Box::new(RuntimeError::new(
                        RuntimeErrorKind::Conflict {
                            rule: rule.name.clone(),
                            first,
                            second,
                        },
                        rule.span,
                    )));
                }
                holding = Some(i);
            }
        }
        match holding.and_then(|i| rule.undantag.get(i).map(|u| (i, u))) {
            Some((i, u)) => Ok((
                self.eval(u.value)?,
                Some(u32::try_from(i).unwrap_or(u32::MAX)),
            )),
            None => Ok((self.eval(rule.body)?, None)),
        }
    }

    /// The version of a parameter in force on the decision date: its index and start.
    fn version(&self, id: ParamId, span: Span) -> Res<(&'p delegat_ir::Parameter, usize)> {
        let p = self.p;
        let param = p.param(id).ok_or_else(|| {
            RuntimeError::malformed(format!("parameter #{} finns inte", id.0), span)
        })?;
        match param.versions.iter().rposition(|v| v.from <= self.date) {
            Some(i) => Ok((param, i)),
            None => Err(Box::new(RuntimeError::new(
                RuntimeErrorKind::NoParamValue {
                    param: param.name.clone(),
                    date: self.date,
                    first: param.versions.first().map(|v| v.from),
                },
                span,
            ))),
        }
    }

    /// A scalar parameter's value on the decision date.
    pub(crate) fn param(&mut self, id: ParamId, span: Span) -> Res<Value> {
        let (param, i) = self.version(id, span)?;
        let Some(version) = param.versions.get(i) else {
            return Err(Box::new(RuntimeError::malformed(
                "parameterversion saknas",
                span,
            )));
        };
        let ParamValue::Value(value) = &version.value else {
            return Err(Box::new(RuntimeError::malformed(
                format!(
                    "parametern `{}` är en tabell och läses utan nyckel",
                    param.name
                ),
                span,
            )));
        };
        if let Some(traced) = self.param_traced.get_mut(id.index())
            && !*traced
        {
            *traced = true;
            self.trace.push(TraceEntry::Param {
                param: id,
                version: version.from,
                value: value.clone(),
            });
        }
        Ok(value.clone())
    }

    /// A table lookup on the decision date; a key no row covers is an error.
    pub(crate) fn lookup(&mut self, id: ParamId, key: Value, span: Span) -> Res<Value> {
        let (param, i) = self.version(id, span)?;
        let Some(version) = param.versions.get(i) else {
            return Err(Box::new(RuntimeError::malformed(
                "parameterversion saknas",
                span,
            )));
        };
        let ParamValue::Table(rows) = &version.value else {
            return Err(Box::new(RuntimeError::malformed(
                format!("parametern `{}` är ingen tabell", param.name),
                span,
            )));
        };
        let Some(row) = rows.iter().find(|r| row_covers(r, &key)) else {
            let key_ty = match &param.ty {
                ParamType::Table { key, .. } => match key {
                    delegat_ir::KeyType::Int => Some(delegat_ir::Type::Int),
                    delegat_ir::KeyType::Date => Some(delegat_ir::Type::Date),
                    delegat_ir::KeyType::Enum(t) => Some(delegat_ir::Type::Enum(*t)),
                },
                ParamType::Value(_) => None,
            };
            return Err(Box::new(RuntimeError::new(
                RuntimeErrorKind::TableMiss {
                    param: param.name.clone(),
                    key: self.p.value_text(&key, key_ty.as_ref()),
                },
                span,
            )));
        };
        let value = row.value.clone();
        let seen = self.trace.iter().any(
            |t| matches!(t, TraceEntry::Lookup { param, key: k, .. } if *param == id && *k == key),
        );
        if !seen {
            self.trace.push(TraceEntry::Lookup {
                param: id,
                version: version.from,
                key,
                value: value.clone(),
            });
        }
        Ok(value)
    }
}

/// Whether a table row covers a key (range ends inclusive, `None` open).
fn row_covers(row: &Row, key: &Value) -> bool {
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
