//! The engines the exempel runner compares: one evaluator per engine with the operations the
//! runner needs (decide, a rule's or parameter's value), and how a difference between two
//! engines' results is put in words.

use delegat_interp::Evaluator;
use delegat_ir::{DecisionId, DecisionResult, Program, RuntimeError, Value, ValueTarget};
#[cfg(feature = "jit")]
use delegat_jit::JitPack;
use delegat_value::Date;

use crate::engine::Engine;
#[cfg(feature = "jit")]
use crate::engine::JitRunner;
use crate::format;
use crate::pack::Pack;

/// The evaluator of one engine, with its buffers reused from case to case.
#[derive(Debug)]
pub(super) enum Eval<'p> {
    /// The reference interpreter.
    Interpreter(Box<Evaluator<'p>>),
    /// Native code (with the interpreter for what it does not decide).
    #[cfg(feature = "jit")]
    Jit(Box<JitRunner<'p>>),
}

impl<'p> Eval<'p> {
    /// An evaluator of `engine` for `pack`; `None` when the JIT refuses the pack.
    pub(super) fn new(pack: &'p Pack, engine: Engine) -> Option<Eval<'p>> {
        match engine {
            Engine::Interpreter => Some(Eval::Interpreter(Box::new(Evaluator::new(&pack.program)))),
            #[cfg(not(feature = "jit"))]
            Engine::Jit => None,
            #[cfg(feature = "jit")]
            Engine::Jit => {
                let jit: &'p JitPack = pack.jit_pack()?;
                Some(Eval::Jit(Box::new(JitRunner::new(jit))))
            }
        }
    }

    /// The engine this evaluator runs.
    pub(super) fn engine(&self) -> Engine {
        match self {
            Eval::Interpreter(_) => Engine::Interpreter,
            #[cfg(feature = "jit")]
            Eval::Jit(_) => Engine::Jit,
        }
    }

    pub(super) fn decide(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> DecisionResult {
        match self {
            Eval::Interpreter(ev) => ev.decide(inputs, date, decision),
            #[cfg(feature = "jit")]
            Eval::Jit(ev) => ev.decide(inputs, date, decision),
        }
    }

    pub(super) fn value(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        norm_date: Date,
        target: ValueTarget,
    ) -> Result<Value, RuntimeError> {
        match self {
            Eval::Interpreter(ev) => ev.value_on(inputs, date, norm_date, target),
            #[cfg(feature = "jit")]
            Eval::Jit(ev) => ev.value(inputs, date, norm_date, target),
        }
    }
}

/// The first way two results of one decision differ, in Swedish, as the pair of what each
/// shows (`None`: they are equal). Outcome, amount and error come first, as the runner
/// shows them; then the interpolated values and the trace.
pub(super) fn difference(
    p: &Program,
    a: &DecisionResult,
    b: &DecisionResult,
) -> Option<(String, String)> {
    if a == b {
        return None;
    }
    let (sa, sb) = (summary(a), summary(b));
    if sa != sb {
        return Some((sa, sb));
    }
    if a.chosen != b.chosen {
        let branch = |r: &DecisionResult| match r.chosen {
            Some(delegat_ir::Chosen::Branch(i)) => format!("{sa}, gren {}", i + 1),
            Some(delegat_ir::Chosen::Otherwise) => format!("{sa}, `annars`"),
            None => sa.clone(),
        };
        return Some((branch(a), branch(b)));
    }
    if a.values != b.values {
        return Some((
            format!("{sa}, motiveringens värden {}", values_text(p, &a.values)),
            format!("{sb}, motiveringens värden {}", values_text(p, &b.values)),
        ));
    }
    // The trace: the first entry that differs (or the one that only one engine has).
    let at = a
        .trace
        .iter()
        .zip(&b.trace)
        .position(|(x, y)| x != y)
        .unwrap_or(a.trace.len().min(b.trace.len()));
    let entry = |r: &DecisionResult| match r.trace.get(at) {
        Some(t) => format!("{sa}, spårets post {}: {}", at + 1, trace_text(p, t)),
        None => format!("{sa}, spåret slutar efter {at} poster"),
    };
    Some((entry(a), entry(b)))
}

/// `bifall med belopp 8 560 kr`, `manuell (fel E0401: …)`.
pub(super) fn summary(r: &DecisionResult) -> String {
    let mut s = match r.belopp {
        Some(b) => format!(
            "{} med belopp {}",
            r.outcome.swedish(),
            delegat_value::format::format_money(b)
        ),
        None => r.outcome.swedish().to_owned(),
    };
    if let Some(err) = &r.error {
        s.push_str(&format!(" (fel {}: {})", err.code(), err.message()));
    }
    s
}

fn trace_text(p: &Program, t: &delegat_ir::TraceEntry) -> String {
    use delegat_ir::TraceEntry;
    use delegat_ir::{KeyType, ParamType, Type};
    let value_type = |param: delegat_ir::ParamId| match p.param(param).map(|x| &x.ty) {
        Some(ParamType::Value(t) | ParamType::Table { value: t, .. }) => t.clone(),
        None => Type::Text,
    };
    match t {
        TraceEntry::Rule { rule, value, .. } => {
            let r = p.rule(*rule);
            let ty = r.map_or(Type::Text, |r| r.ty.clone());
            let name = r.map_or("?", |r| r.name.as_str());
            format!("regeln `{name}` = {}", format::text(p, value, &ty))
        }
        TraceEntry::Param {
            param,
            version,
            value,
        } => {
            let name = p.param(*param).map_or("?", |r| r.name.as_str());
            let v = format::text(p, value, &value_type(*param));
            format!("parametern `{name}` (från {version}) = {v}")
        }
        TraceEntry::Lookup {
            param,
            version,
            key,
            value,
        } => {
            let par = p.param(*param);
            let name = par.map_or("?", |r| r.name.as_str());
            let key_type = match par.map(|x| &x.ty) {
                Some(ParamType::Table {
                    key: KeyType::Enum(t),
                    ..
                }) => Type::Enum(*t),
                Some(ParamType::Table {
                    key: KeyType::Date, ..
                }) => Type::Date,
                _ => Type::Int,
            };
            let k = format::text(p, key, &key_type);
            let v = format::text(p, value, &value_type(*param));
            format!("`{name}` (från {version}) för {k} = {v}")
        }
    }
}

/// Values of unknown type (the motivering's), each as Swedish text.
fn values_text(p: &Program, values: &[Value]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|v| format::text(p, v, &delegat_ir::Type::Text))
        .collect();
    format!("[{}]", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use delegat_ir::{Chosen, DecisionResult, TraceEntry};
    use delegat_ir::{DecisionId, OutcomeKind, RuleId, Value};
    use delegat_value::Money;

    use super::difference;

    fn result(outcome: OutcomeKind, belopp: Option<i64>) -> DecisionResult {
        DecisionResult {
            decision: DecisionId::from_index(0),
            outcome,
            chosen: Some(Chosen::Branch(0)),
            belopp: belopp.map(Money::from_ore),
            values: Vec::new(),
            error: None,
            trace: Vec::new(),
            norm: None,
        }
    }

    #[test]
    fn the_outcome_and_amount_come_first() {
        let p = crate::pack::demo::program();
        let a = result(OutcomeKind::Bifall, Some(856_000));
        let b = result(OutcomeKind::Avslag, None);
        assert_eq!(difference(&p, &a, &a.clone()), None);
        assert_eq!(
            difference(&p, &a, &b),
            Some(("bifall med belopp 8 560 kr".into(), "avslag".into()))
        );
    }

    #[test]
    fn the_first_differing_trace_entry_is_named() {
        let p = crate::pack::demo::program();
        let a = result(OutcomeKind::Bifall, None);
        let mut b = a.clone();
        b.trace.push(TraceEntry::Rule {
            rule: RuleId::from_index(0),
            value: Value::Money(Money::from_ore(3000)),
            exception: None,
        });
        assert_eq!(
            difference(&p, &a, &b),
            Some((
                "bifall, spåret slutar efter 0 poster".into(),
                "bifall, spårets post 1: regeln `behov` = 30 kr".into()
            ))
        );
        let mut c = a.clone();
        c.chosen = Some(Chosen::Otherwise);
        assert_eq!(
            difference(&p, &a, &c),
            Some(("bifall, gren 1".into(), "bifall, `annars`".into()))
        );
    }
}
