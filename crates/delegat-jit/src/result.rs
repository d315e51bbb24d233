//! Reading a finished case back (phase two): the chosen branch, amount and interpolated
//! values from the frame's outputs, the trace from the frame's event log and the memo slots, and the
//! runtime error from the status and the frame's error fields, all in the interpreter's own
//! types and with its exact messages and spans.
//!
//! The trace can also be streamed ([`TraceEntryRef`], `Case::stream_trace`): each item handed
//! to a sink as it is read, borrowing the parameter values from the program, so that a
//! writer of decision lines needs no `Vec<TraceEntry>` and no clones of values.
//!
//! Every function returns `None` when something cannot be read back (which generated code
//! never causes); the caller then decides the case with the interpreter.

#![expect(
    unsafe_code,
    reason = "reading slots back follows pointers written by generated code"
)]

use delegat_diagnostics::Span;
use delegat_ir::{
    AggOp, DecisionId, ExprId, ExprKind, KeyType, MinMaxOp, OutcomeKind, ParamType, ParamValue,
    Program, RuleId, Type, Value,
};
use delegat_ir::{
    Chosen, DecisionResult, ExceptionRef, NormDate, RuntimeError, RuntimeErrorKind, TraceEntry,
};
use delegat_value::{ArithError, Date, Money};

pub use delegat_ir::TraceEntryRef;

use std::collections::HashSet;

use crate::consts::Consts;
use crate::layout::{Cell, Finished, Status, event};
use crate::marshal::from_slot;
use crate::pack::version_value;

/// A finished case: the frame after the call and the buffers it used.
pub(crate) struct Case<'a> {
    pub(crate) p: &'a Program,
    pub(crate) consts: &'a Consts,
    pub(crate) frame: Finished,
    pub(crate) memo: &'a [Cell],
    pub(crate) versions: &'a [i64],
    pub(crate) out: &'a [Cell],
    /// The trace log's events.
    pub(crate) log: &'a [Cell],
    /// The case's norm date, if its decision declares one and it was computed.
    pub(crate) norm: Option<NormDate>,
    /// The error of `Status::NormOutside`.
    pub(crate) norm_error: Option<&'a RuntimeError>,
}

/// Reused buffers for removing repeated parameters and lookups from the trace.
#[derive(Debug, Default)]
pub(crate) struct TraceScratch {
    params: Vec<bool>,
    /// The (table, key) pairs traced so far: the first few in a short list (most cases
    /// look up a handful of keys), then all in a set.
    few: Vec<(u32, i64)>,
    many: HashSet<(u32, i64)>,
}

/// How many traced lookups are kept in the short list before the set is used.
const FEW: usize = 16;

impl TraceScratch {
    fn reset(&mut self, params: usize) {
        self.params.clear();
        self.params.resize(params, false);
        self.few.clear();
        self.many.clear();
    }

    /// Whether this is the parameter's first use; `None` for an unknown parameter.
    fn first_param(&mut self, param: u32) -> Option<bool> {
        let seen = self.params.get_mut(param as usize)?;
        Some(!std::mem::replace(seen, true))
    }

    /// Whether this (table, key) pair is looked up for the first time in the case.
    fn first_lookup(&mut self, k: (u32, i64)) -> bool {
        if self.many.is_empty() {
            if self.few.contains(&k) {
                return false;
            }
            if self.few.len() < FEW {
                self.few.push(k);
                return true;
            }
            self.many.extend(self.few.iter().copied());
        }
        self.many.insert(k)
    }
}

impl Case<'_> {
    /// Reads a slot back as a value of `ty`: the one-word numbers and truth values here,
    /// so that the value is built where it is used (a `Value` returned through memory and
    /// then moved stalls on the store-to-load forwarding), the rest by `from_slot`.
    #[inline(always)]
    fn read(&self, slot: Cell, ty: &Type) -> Option<Value> {
        Some(match ty {
            Type::Int => Value::Int(slot.w0 as i64),
            Type::Money => Value::Money(Money::from_ore(slot.w0 as i64)),
            Type::Bool => Value::Bool(slot.w0 != 0),
            _ => self.read_any(slot, ty)?,
        })
    }

    /// Reads a slot back as a value of any type.
    #[inline(never)]
    fn read_any(&self, slot: Cell, ty: &Type) -> Option<Value> {
        // SAFETY: every slot of a finished case points only into the evaluator's input
        // slots and text (not changed until the next case), the host's arena (not reset
        // until the next case) or the pack's constants (alive with the pack): see
        // marshal.rs and native.rs.
        unsafe { from_slot(slot, ty, self.p) }
    }

    /// Writes the result of a decision whose function returned `status` into `out`,
    /// reusing its buffers; `None` (with `out` in an unspecified state) when something
    /// cannot be read back.
    pub(crate) fn decision_into(
        &self,
        decision: DecisionId,
        status: u32,
        out: &mut DecisionResult,
        seen: &mut TraceScratch,
    ) -> Option<()> {
        self.trace_into(&mut out.trace, seen)?;
        self.head_into(decision, status, out)
    }

    /// [`Self::decision_into`] without the trace (`out.trace` is left as it is).
    pub(crate) fn head_into(
        &self,
        decision: DecisionId,
        status: u32,
        out: &mut DecisionResult,
    ) -> Option<()> {
        out.decision = decision;
        out.values.clear();
        out.norm = self.norm;
        if status != 0 {
            out.outcome = OutcomeKind::Manuell;
            out.chosen = None;
            out.belopp = None;
            out.error = Some(self.error(status)?);
            return Some(());
        }
        let d = self.p.decision(decision)?;
        let (chosen, outcome) = if self.frame.chosen < 0 {
            (Chosen::Otherwise, &d.otherwise)
        } else {
            let i = u32::try_from(self.frame.chosen).ok()?;
            (Chosen::Branch(i), &d.branches.get(i as usize)?.outcome)
        };
        out.belopp = match outcome.belopp {
            Some(_) => Some(Money::from_ore(self.out.first()?.w0 as i64)),
            None => None,
        };
        if let Some(t) = &outcome.text {
            for (k, e) in t.exprs().enumerate() {
                let ty = &self.p.expr(e)?.ty;
                out.values.push(self.read(*self.out.get(k + 1)?, ty)?);
            }
        }
        out.outcome = outcome.kind;
        out.chosen = Some(chosen);
        out.error = None;
        Some(())
    }

    /// The value of a nullary rule whose function returned `status`.
    pub(crate) fn rule_value(
        &self,
        rule: RuleId,
        status: u32,
    ) -> Option<Result<Value, RuntimeError>> {
        if status != 0 {
            return Some(Err(self.error(status)?));
        }
        let r = self.p.rule(rule)?;
        Some(Ok(self.read(*self.memo.get(rule.index())?, &r.ty)?))
    }

    /// Writes the trace into `out` (cleared first), from the event log: rules as logged,
    /// a parameter at its first use, a lookup at the first use of its (table, key) pair.
    pub(crate) fn trace_into(
        &self,
        out: &mut Vec<TraceEntry>,
        seen: &mut TraceScratch,
    ) -> Option<()> {
        out.clear();
        seen.reset(self.p.params.len());
        for ev in self.log {
            let kind = ev.w0 >> 32;
            let id = ev.w0 as u32;
            let entry = match kind {
                event::RULE => {
                    let r = self.p.rules.get(id as usize)?;
                    TraceEntry::Rule {
                        rule: RuleId(id),
                        value: self.read(*self.memo.get(id as usize)?, &r.ty)?,
                        exception: u32::try_from(ev.w1 as i64).ok(),
                    }
                }
                event::PARAM => {
                    if !seen.first_param(id)? {
                        continue;
                    }
                    let v = usize::try_from(*self.versions.get(id as usize)?).ok()?;
                    let (version, value) = version_value(self.p, id as usize, v)?;
                    TraceEntry::Param {
                        param: delegat_ir::ParamId(id),
                        version,
                        value: value.clone(),
                    }
                }
                event::LOOKUP => {
                    let key = ev.w1 as i64;
                    if !seen.first_lookup((id, key)) {
                        continue;
                    }
                    self.lookup_entry(id, key)?
                }
                _ => return None,
            };
            out.push(entry);
        }
        Some(())
    }

    /// Hands the trace's items to `sink` in the order of [`Self::trace_into`]; `None` (after
    /// some items, perhaps) when one cannot be read back.
    pub(crate) fn stream_trace(
        &self,
        seen: &mut TraceScratch,
        sink: &mut impl FnMut(TraceEntryRef<'_>),
    ) -> Option<()> {
        seen.reset(self.p.params.len());
        for ev in self.log {
            let kind = ev.w0 >> 32;
            let id = ev.w0 as u32;
            match kind {
                event::RULE => {
                    let r = self.p.rules.get(id as usize)?;
                    let value = self.read(*self.memo.get(id as usize)?, &r.ty)?;
                    sink(TraceEntryRef::Rule {
                        rule: RuleId(id),
                        value: &value,
                        exception: u32::try_from(ev.w1 as i64).ok(),
                    });
                }
                event::PARAM => {
                    if !seen.first_param(id)? {
                        continue;
                    }
                    let v = usize::try_from(*self.versions.get(id as usize)?).ok()?;
                    let (version, value) = version_value(self.p, id as usize, v)?;
                    sink(TraceEntryRef::Param {
                        param: delegat_ir::ParamId(id),
                        version,
                        value,
                    });
                }
                event::LOOKUP => {
                    let key = ev.w1 as i64;
                    if !seen.first_lookup((id, key)) {
                        continue;
                    }
                    let (par, version, value) = self.lookup_row(id, key)?;
                    let key = key_word_value(par, key)?;
                    sink(TraceEntryRef::Lookup {
                        param: delegat_ir::ParamId(id),
                        version,
                        key: &key,
                        value,
                    });
                }
                _ => return None,
            }
        }
        Some(())
    }

    fn lookup_entry(&self, param: u32, key: i64) -> Option<TraceEntry> {
        let (par, version, value) = self.lookup_row(param, key)?;
        Some(TraceEntry::Lookup {
            param: delegat_ir::ParamId(param),
            version,
            key: key_word_value(par, key)?,
            value: value.clone(),
        })
    }

    /// The row a logged lookup found: the table parameter, the version's date and the
    /// row's value.
    fn lookup_row(&self, param: u32, key: i64) -> Option<(&delegat_ir::Parameter, Date, &Value)> {
        let v = usize::try_from(*self.versions.get(param as usize)?).ok()?;
        let table = self.consts.tables.get(param as usize)?.as_ref()?;
        let row = table.search.get(v)?.find(key)? as usize;
        let par = self.p.params.get(param as usize)?;
        let start: usize = par
            .versions
            .get(..v)?
            .iter()
            .map(|v| match &v.value {
                ParamValue::Table(rows) => rows.len(),
                ParamValue::Value(_) => 0,
            })
            .sum();
        let version = par.versions.get(v)?;
        let ParamValue::Table(rows) = &version.value else {
            return None;
        };
        let value = &rows.get(row.checked_sub(start)?)?.value;
        Some((par, version.from, value))
    }

    fn span(&self) -> Option<Span> {
        let e = u32::try_from(self.frame.err_expr).ok()?;
        Some(self.p.expr(ExprId(e))?.span)
    }

    /// The runtime error a non-zero status stands for, as the interpreter reports it.
    fn error(&self, status: u32) -> Option<RuntimeError> {
        if let Some(a) = ArithError::from_status(status) {
            return Some(RuntimeError::new(RuntimeErrorKind::Arith(a), self.span()?));
        }
        let f = &self.frame;
        let kind = match Status::from_u32(status)? {
            Status::NormOutside => return self.norm_error.cloned(),
            Status::NoParamValue => {
                let par = self.p.params.get(usize::try_from(f.err_a).ok()?)?;
                RuntimeErrorKind::NoParamValue {
                    param: par.name.clone(),
                    date: Date::from_days(f.date).ok()?,
                    first: par.versions.first().map(|v| v.from),
                }
            }
            Status::TableMiss => {
                let par = self.p.params.get(usize::try_from(f.err_a).ok()?)?;
                let (key, key_ty) = key_value(par, f.err_b)?;
                RuntimeErrorKind::TableMiss {
                    param: par.name.clone(),
                    key: self.p.value_text(&key, Some(&key_ty)),
                }
            }
            Status::Conflict => {
                let rule = self.p.rules.get(usize::try_from(f.err_a).ok()?)?;
                let exc = |i: i64| {
                    let index = u32::try_from(i).ok()?;
                    let u = rule.undantag.get(index as usize)?;
                    Some(ExceptionRef {
                        index,
                        enligt: u.enligt.clone(),
                        span: u.span,
                    })
                };
                let kind = RuntimeErrorKind::Conflict {
                    rule: rule.name.clone(),
                    first: exc(f.err_b)?,
                    second: exc(f.err_c)?,
                };
                return Some(RuntimeError::new(kind, rule.span));
            }
            Status::EmptyAggregate => {
                let e = self.p.expr(ExprId(u32::try_from(f.err_expr).ok()?))?;
                let func = match &e.kind {
                    ExprKind::MinMax {
                        op: MinMaxOp::Max, ..
                    } => "största",
                    ExprKind::Aggregate(a) if matches!(a.op, AggOp::Max(_)) => "största",
                    _ => "minsta",
                };
                RuntimeErrorKind::EmptyAggregate { func }
            }
            Status::NoArm => RuntimeErrorKind::NoArm,
            Status::Budget => RuntimeErrorKind::Budget,
            Status::MissingInput => {
                let input = self.p.inputs.get(usize::try_from(f.err_a).ok()?)?;
                RuntimeErrorKind::MissingInput {
                    name: input.name.clone(),
                }
            }
            Status::BadValue | Status::LogFull => return None,
        };
        Some(RuntimeError::new(kind, self.span()?))
    }
}

/// A table key word as a value of the table's key type.
#[inline(always)]
fn key_word_value(par: &delegat_ir::Parameter, key: i64) -> Option<Value> {
    let ParamType::Table { key: kt, .. } = &par.ty else {
        return None;
    };
    Some(match kt {
        KeyType::Int => Value::Int(key),
        KeyType::Date => Value::Date(Date::from_days(key).ok()?),
        KeyType::Enum(_) => Value::Enum(u32::try_from(key).ok()?),
    })
}

/// A table key word as a value of the table's key type, with that type.
fn key_value(par: &delegat_ir::Parameter, key: i64) -> Option<(Value, Type)> {
    let ParamType::Table { key: kt, .. } = &par.ty else {
        return None;
    };
    Some((key_word_value(par, key)?, kt.ty()))
}
