//! Cases: the evaluator's reusable state and its two phases (`run`, then `result_into`),
//! decisions, rules with their exceptions and memo slots, parameters and table lookups.

use std::collections::HashSet;

use delegat_diagnostics::Span;
use delegat_ir::{
    Chosen, DecisionId, DecisionResult, ExceptionRef, ExprId, NormDate, OutcomeKind, ParamId,
    ParamType, ParamValue, Program, RuleId, RuntimeError, RuntimeErrorKind, TemplatePart, Value,
    ValueTarget, Verdict,
};
use delegat_value::{Date, Money};

use crate::used::{MemoState, Used, trace_entry};

/// Internal result: errors are boxed so that `Result<Value, _>` stays small.
pub(crate) type Res<T> = Result<T, Box<RuntimeError>>;

/// An evaluator for one program, with buffers reused from case to case.
///
/// Deciding is two phases. [`Evaluator::run`] decides a case and keeps its state here: the
/// rules' values in their memo slots, the interpolated values, and a log of what the
/// decision used (rule, parameter version and table row ids, no copied values).
/// [`Evaluator::result_into`] then writes the full [`DecisionResult`] of that case. The
/// state owns everything phase two reads (values, not references into the inputs), so the
/// inputs of `run` may be gone by then. [`Evaluator::decide`] does both.
#[derive(Debug)]
pub struct Evaluator<'p> {
    program: &'p Program,
    bufs: Buffers,
    /// The last case decided by `run`, if any.
    last: Option<Last>,
}

/// What `run` keeps of the last case besides the buffers.
#[derive(Debug)]
struct Last {
    decision: DecisionId,
    verdict: Verdict,
    error: Option<Box<RuntimeError>>,
}

/// The per-case buffers, sized once and reset by what the last case used.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    /// One slot per rule of the program.
    pub(crate) memo: Vec<MemoState>,
    /// The rules whose slot this case set (to reset only those).
    pub(crate) touched: Vec<RuleId>,
    /// One flag per parameter: already in the log.
    pub(crate) param_traced: Vec<bool>,
    /// Local slots of all active frames; the current frame starts at `Machine::base`.
    pub(crate) stack: Vec<Value>,
    /// What the case used, in the order first used: the trace by reference.
    pub(crate) log: Vec<Used>,
    /// The values of the chosen outcome's interpolations.
    pub(crate) values: Vec<Value>,
    /// The case's norm date, when its decision declares one and it was computed.
    pub(crate) norm: Option<NormDate>,
    /// How many lookups `log` holds.
    pub(crate) lookups: usize,
    /// The (table, key) pairs in `log`, kept once a case has more than [`FEW_LOOKUPS`]
    /// lookups, so a case with many lookups is not quadratic in them.
    pub(crate) looked_up: HashSet<(ParamId, LookupKey)>,
    /// The steps this case may still take ([`delegat_ir::STEP_BUDGET`] at its start).
    pub(crate) steps_left: u64,
}

/// Up to this many lookups in a case, a repeat is found by scanning the log (cheaper than
/// hashing for the few lookups a usual decision makes).
const FEW_LOOKUPS: usize = 16;

/// A table key as a hashable word: tables are keyed by `heltal`, `datum` or an enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum LookupKey {
    Int(i64),
    Date(Date),
    Enum(u32),
}

impl LookupKey {
    fn of(v: &Value) -> Option<LookupKey> {
        match v {
            Value::Int(i) => Some(LookupKey::Int(*i)),
            Value::Date(d) => Some(LookupKey::Date(*d)),
            Value::Enum(e) => Some(LookupKey::Enum(*e)),
            _ => None,
        }
    }
}

impl Buffers {
    /// Buffers sized for `program`.
    fn new(program: &Program) -> Buffers {
        let mut b = Buffers::default();
        b.memo.resize(program.rules.len(), MemoState::Empty);
        b.param_traced.resize(program.params.len(), false);
        b.steps_left = delegat_ir::STEP_BUDGET;
        b
    }

    /// Forgets the last case: the memo slots it set, its parameter flags, log and values.
    fn reset(&mut self) {
        for r in self.touched.drain(..) {
            if let Some(s) = self.memo.get_mut(r.index()) {
                *s = MemoState::Empty;
            }
        }
        for u in self.log.drain(..) {
            if let Used::Param { param, .. } = u
                && let Some(t) = self.param_traced.get_mut(param.index())
            {
                *t = false;
            }
        }
        self.stack.clear();
        self.values.clear();
        self.norm = None;
        self.lookups = 0;
        self.looked_up.clear();
        self.steps_left = delegat_ir::STEP_BUDGET;
    }

    /// Logs a lookup unless its (table, key) pair is already in the log.
    fn log_lookup(&mut self, param: ParamId, version: u32, row: u32, key: Value) {
        let same = |u: &Used| matches!(u, Used::Lookup { param: p, key: k, .. } if *p == param && *k == key);
        let seen = match LookupKey::of(&key) {
            Some(word) if self.lookups >= FEW_LOOKUPS => {
                if self.looked_up.is_empty() {
                    let logged = self.log.iter().filter_map(|u| match u {
                        Used::Lookup { param, key, .. } => Some((*param, LookupKey::of(key)?)),
                        _ => None,
                    });
                    self.looked_up.extend(logged);
                }
                !self.looked_up.insert((param, word))
            }
            _ => self.log.iter().any(same),
        };
        if !seen {
            self.lookups += 1;
            self.log.push(Used::Lookup {
                param,
                version,
                row,
                key,
            });
        }
    }
}

/// The state of one case being evaluated.
pub(crate) struct Machine<'p, 'i, 'b> {
    pub(crate) p: &'p Program,
    pub(crate) inputs: &'i [Option<Value>],
    /// `beslutsdatum`.
    pub(crate) date: Date,
    /// The date that selects parameter versions: `date` unless the decision's norm date
    /// says otherwise.
    pub(crate) norm_date: Date,
    pub(crate) b: &'b mut Buffers,
    /// The start of the current frame in `b.stack`.
    pub(crate) base: usize,
    pub(crate) depth: u32,
}

impl<'p> Evaluator<'p> {
    /// An evaluator for `program`.
    pub fn new(program: &'p Program) -> Evaluator<'p> {
        Evaluator {
            program,
            bufs: Buffers::new(program),
            last: None,
        }
    }

    /// Phase one: decides one case (see [`crate::evaluate`] for the arguments) and keeps
    /// its state for [`Evaluator::result_into`]. The outcome, branch and amount are final;
    /// the interpolated values are computed (an error in them makes the case `manuell`).
    pub fn run(&mut self, inputs: &[Option<Value>], date: Date, decision: DecisionId) -> Verdict {
        self.bufs.reset();
        let outcome = Machine {
            p: self.program,
            inputs,
            date,
            norm_date: date,
            b: &mut self.bufs,
            base: 0,
            depth: 0,
        }
        .decide(decision);
        let (verdict, error) = match outcome {
            Ok((chosen, outcome, belopp)) => (
                Verdict {
                    outcome,
                    chosen: Some(chosen),
                    belopp,
                },
                None,
            ),
            Err(error) => {
                self.bufs.values.clear();
                (
                    Verdict {
                        outcome: OutcomeKind::Manuell,
                        chosen: None,
                        belopp: None,
                    },
                    Some(error),
                )
            }
        };
        self.last = Some(Last {
            decision,
            verdict,
            error,
        });
        verdict
    }

    /// Phase two: writes the full result of the last [`Evaluator::run`] into `out`, reusing
    /// its vectors: the same result [`Evaluator::decide`] returns for that case. Calling it
    /// again gives the same result again. Before any `run`, `out` becomes a `manuell` result
    /// whose error says that no case has been decided.
    pub fn result_into(&mut self, out: &mut DecisionResult) {
        out.values.clear();
        out.trace.clear();
        let Some(last) = &self.last else {
            out.decision = DecisionId(0);
            out.outcome = OutcomeKind::Manuell;
            out.chosen = None;
            out.belopp = None;
            out.norm = None;
            out.error = Some(RuntimeError::malformed(
                "inget ärende har prövats",
                Span::detached(),
            ));
            return;
        };
        out.decision = last.decision;
        out.outcome = last.verdict.outcome;
        out.chosen = last.verdict.chosen;
        out.belopp = last.verdict.belopp;
        out.error = last.error.as_deref().cloned();
        out.norm = self.bufs.norm;
        out.values.extend(self.bufs.values.iter().cloned());
        let (p, memo) = (self.program, &self.bufs.memo);
        out.trace
            .extend(self.bufs.log.iter().filter_map(|u| trace_entry(p, memo, u)));
    }

    /// Decides one case (see [`crate::evaluate`]): [`Evaluator::run`], then
    /// [`Evaluator::result_into`] a new result.
    pub fn decide(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> DecisionResult {
        self.run(inputs, date, decision);
        let mut out = DecisionResult::default();
        self.result_into(&mut out);
        out
    }

    /// Computes one rule's or parameter's value (see [`crate::evaluate_value`]). It has
    /// buffers of its own: the last `run`'s result stays as it was.
    pub fn value(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        target: ValueTarget,
    ) -> Result<Value, RuntimeError> {
        self.value_on(inputs, date, date, target)
    }

    /// [`Evaluator::value`] with the parameters in force on `norm_date` (a decision's norm
    /// date, for an `exempel` of a pack that declares one), `beslutsdatum` being `date`.
    pub fn value_on(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        norm_date: Date,
        target: ValueTarget,
    ) -> Result<Value, RuntimeError> {
        let mut m = Machine {
            p: self.program,
            inputs,
            date,
            norm_date,
            b: &mut Buffers::new(self.program),
            base: 0,
            depth: 0,
        };
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
        result.map_err(|e| *e)
    }
}

/// A successful decision: branch, outcome, amount (the interpolated values are in
/// `Buffers::values`).
type Decided = (Chosen, OutcomeKind, Option<Money>);

impl<'p> Machine<'p, '_, '_> {
    fn decide(&mut self, id: DecisionId) -> Res<Decided> {
        let p = self.p;
        let d = p.decision(id).ok_or_else(|| {
            RuntimeError::malformed(format!("beslut #{} finns inte", id.0), Span::detached())
        })?;
        // The decision's own frame: its loop variables.
        self.b.stack.clear();
        if !d.locals.is_empty() {
            self.b.stack.resize(d.locals.len(), Value::Bool(false));
        }
        self.base = 0;
        if !d.norm.is_empty() {
            self.norm(d)?;
        }
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
        if let Some(text) = &outcome.text {
            for part in &text.parts {
                if let TemplatePart::Expr(e) = part {
                    let v = self.eval(*e)?;
                    self.b.values.push(v);
                }
            }
        }
        Ok((which, outcome.kind, belopp))
    }

    /// The value of a rule without arguments: from its memo slot, or evaluated once.
    pub(crate) fn rule(&mut self, id: RuleId, span: Span) -> Res<Value> {
        let p = self.p;
        let rule = p
            .rule(id)
            .ok_or_else(|| RuntimeError::malformed(format!("regel #{} finns inte", id.0), span))?;
        match self.b.memo.get(id.index()) {
            Some(MemoState::Done(v)) => return Ok(v.clone()),
            Some(MemoState::Busy) => {
                return Err(Box::new(RuntimeError::new(
                    RuntimeErrorKind::Cycle {
                        rule: rule.name.clone(),
                    },
                    span,
                )));
            }
            Some(MemoState::Empty) => {}
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
        self.set_slot(id, MemoState::Busy);
        self.b.touched.push(id);
        let frame = self.enter_frame(rule.locals.len());
        let result = self.rule_body(rule);
        self.leave_frame(frame);
        match result {
            Ok((value, exception)) => {
                if let Some(s) = self.b.memo.get_mut(id.index()) {
                    *s = MemoState::Done(value.clone());
                }
                self.b.log.push(Used::Rule {
                    rule: id,
                    exception,
                });
                Ok(value)
            }
            Err(e) => {
                self.set_slot(id, MemoState::Empty);
                Err(e)
            }
        }
    }

    #[inline(always)]
    fn set_slot(&mut self, id: RuleId, slot: MemoState) {
        if let Some(s) = self.b.memo.get_mut(id.index()) {
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
        let new_base = self.b.stack.len();
        for a in args {
            let v = match self.eval(*a) {
                Ok(v) => v,
                Err(e) => {
                    self.b.stack.truncate(new_base);
                    return Err(e);
                }
            };
            self.b.stack.push(v);
        }
        // The step is taken once the arguments are in, before the body (where the JIT
        // takes it too).
        if let Err(e) = self.step(span) {
            self.b.stack.truncate(new_base);
            return Err(e);
        }
        self.b
            .stack
            .resize(new_base + rule.locals.len(), Value::Bool(false));
        let old_base = std::mem::replace(&mut self.base, new_base);
        let result = self.rule_body(rule).map(|(v, _)| v);
        self.base = old_base;
        self.b.stack.truncate(new_base);
        result
    }

    /// Takes one step of the case's budget ([`delegat_ir::STEP_BUDGET`]); an error at
    /// `span` when none is left.
    #[inline]
    pub(crate) fn step(&mut self, span: Span) -> Res<()> {
        match self.b.steps_left.checked_sub(1) {
            Some(left) => {
                self.b.steps_left = left;
                Ok(())
            }
            None => Err(Box::new(RuntimeError::new(RuntimeErrorKind::Budget, span))),
        }
    }

    fn enter_frame(&mut self, slots: usize) -> (usize, usize) {
        let new_base = self.b.stack.len();
        if slots > 0 {
            self.b.stack.resize(new_base + slots, Value::Bool(false));
        }
        let old_base = std::mem::replace(&mut self.base, new_base);
        (old_base, new_base)
    }

    fn leave_frame(&mut self, (old_base, new_base): (usize, usize)) {
        self.base = old_base;
        if self.b.stack.len() > new_base {
            self.b.stack.truncate(new_base);
        }
    }

    /// The rule's value in the current frame: exactly one holding exception gives its
    /// value; two holding is a conflict naming both; none gives the main expression.
    fn rule_body(&mut self, rule: &'p delegat_ir::Rule) -> Res<(Value, Option<u32>)> {
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

    /// Computes the decision's norm date (its fields in order, on `beslutsdatum`), keeps it
    /// for the result and makes it choose the parameter versions from here on; a norm date
    /// outside the declared bounds is an error (E0426).
    fn norm(&mut self, d: &'p delegat_ir::Decision) -> Res<()> {
        let mut values = [None; 4];
        let n = &d.norm;
        for (slot, e) in values
            .iter_mut()
            .zip([n.month, n.date, n.earliest, n.latest])
        {
            if let Some(e) = e {
                *slot = Some(match self.eval(e)? {
                    Value::Date(date) => date,
                    other => return Err(self.kind_error(e, &other)),
                });
            }
        }
        let (norm, error) = NormDate::resolve(self.p, d, self.date, values);
        self.b.norm = Some(norm);
        self.norm_date = norm.date;
        match error {
            Some(e) => Err(Box::new(e)),
            None => Ok(()),
        }
    }

    /// The version of a parameter in force on the norm date: its index and start.
    fn version(&self, id: ParamId, span: Span) -> Res<(&'p delegat_ir::Parameter, usize)> {
        let p = self.p;
        let param = p.param(id).ok_or_else(|| {
            RuntimeError::malformed(format!("parameter #{} finns inte", id.0), span)
        })?;
        match param
            .versions
            .iter()
            .rposition(|v| v.from <= self.norm_date)
        {
            Some(i) => Ok((param, i)),
            None => Err(Box::new(RuntimeError::new(
                RuntimeErrorKind::NoParamValue {
                    param: param.name.clone(),
                    date: self.norm_date,
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
        if let Some(traced) = self.b.param_traced.get_mut(id.index())
            && !*traced
        {
            *traced = true;
            self.b.log.push(Used::Param {
                param: id,
                version: index_u32(i),
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
        let Some(row) = rows.iter().position(|r| r.covers(&key)) else {
            let key_ty = match &param.ty {
                ParamType::Table { key, .. } => Some(key.ty()),
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
        let Some(value) = rows.get(row).map(|r| r.value.clone()) else {
            return Err(Box::new(RuntimeError::malformed(
                "tabellraden saknas",
                span,
            )));
        };
        self.b.log_lookup(id, index_u32(i), index_u32(row), key);
        Ok(value)
    }
}

/// An index as the log keeps it (a program's vectors never reach `u32::MAX` entries).
fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}
