//! The cheap log of used values that phase one keeps and phase two expands into the trace,
//! and the memo slots of rules without arguments.

use delegat_ir::{ParamId, ParamValue, Program, RuleId, TraceEntry, Value};

/// One entry of the log phase one keeps: a [`TraceEntry`] by reference. A rule's value is in
/// its memo slot, a parameter's and a row's in the program; only a lookup's key is a value
/// of its own (an integer, date or variant: never an allocation).
#[derive(Clone, Debug)]
pub(crate) enum Used {
    /// A rule without arguments, evaluated (its value is in its memo slot).
    Rule {
        rule: RuleId,
        exception: Option<u32>,
    },
    /// A scalar parameter: the index of the version in force.
    Param { param: ParamId, version: u32 },
    /// A table lookup: the version in force, the key and the row found.
    Lookup {
        param: ParamId,
        version: u32,
        row: u32,
        key: Value,
    },
}

/// The memo slot of a rule without arguments.
#[derive(Clone, Debug, Default)]
pub(crate) enum MemoState {
    /// Not evaluated in this case.
    #[default]
    Empty,
    /// Being evaluated (reaching it again is a cycle).
    Busy,
    /// Evaluated.
    Done(Value),
}

/// The trace entry a log entry stands for: the values read from the memo and the program.
/// `None` only if the log and the program disagree, which phase one never lets happen.
pub(crate) fn trace_entry(p: &Program, memo: &[MemoState], used: &Used) -> Option<TraceEntry> {
    let version = |param: ParamId, version: u32| {
        p.param(param)
            .and_then(|x| x.versions.get(version as usize))
    };
    Some(match used {
        Used::Rule { rule, exception } => match memo.get(rule.index()) {
            Some(MemoState::Done(value)) => TraceEntry::Rule {
                rule: *rule,
                value: value.clone(),
                exception: *exception,
            },
            _ => return None,
        },
        Used::Param { param, version: v } => {
            let version = version(*param, *v)?;
            let ParamValue::Value(value) = &version.value else {
                return None;
            };
            TraceEntry::Param {
                param: *param,
                version: version.from,
                value: value.clone(),
            }
        }
        Used::Lookup {
            param,
            version: v,
            row,
            key,
        } => {
            let version = version(*param, *v)?;
            let ParamValue::Table(rows) = &version.value else {
                return None;
            };
            TraceEntry::Lookup {
                param: *param,
                version: version.from,
                key: key.clone(),
                value: rows.get(*row as usize)?.value.clone(),
            }
        }
    })
}
