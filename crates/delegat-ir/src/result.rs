//! What deciding a case returns, in either engine: the phase-one [`Verdict`], the full
//! [`DecisionResult`] with its trace, and what an `exempel` value asks for
//! ([`ValueTarget`]). Both engines return these types, so the runtime formats their results
//! with one code path.

use delegat_value::{Date, Money};

use crate::runtime_error::RuntimeError;
use crate::{DecisionId, OutcomeKind, ParamId, Program, RuleId, Value};

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

/// One item of a finished case's trace, borrowed: what [`TraceEntry`] owns. The items come
/// in the order (and with the repeats left out) of [`DecisionResult::trace`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TraceEntryRef<'a> {
    /// A rule without arguments and its value.
    Rule {
        /// The rule.
        rule: RuleId,
        /// Its value for the case.
        value: &'a Value,
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
        value: &'a Value,
    },
    /// A table lookup: the version in force, the key and the row's value.
    Lookup {
        /// The table parameter.
        param: ParamId,
        /// The date the version in force came into force.
        version: Date,
        /// The key looked up.
        key: &'a Value,
        /// The value found.
        value: &'a Value,
    },
}

impl<'a> TraceEntryRef<'a> {
    /// The borrowed view of an owned trace entry.
    pub fn of(t: &'a TraceEntry) -> TraceEntryRef<'a> {
        match t {
            TraceEntry::Rule {
                rule,
                value,
                exception,
            } => TraceEntryRef::Rule {
                rule: *rule,
                value,
                exception: *exception,
            },
            TraceEntry::Param {
                param,
                version,
                value,
            } => TraceEntryRef::Param {
                param: *param,
                version: *version,
                value,
            },
            TraceEntry::Lookup {
                param,
                version,
                key,
                value,
            } => TraceEntryRef::Lookup {
                param: *param,
                version: *version,
                key,
                value,
            },
        }
    }
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
    /// The norm date and period, for a decision that declares them (`Decision::norm`) and
    /// a case whose norm date was computed; `None`: the norms in force on `beslutsdatum`.
    pub norm: Option<NormDate>,
}

/// The date that selected a case's norms and the period the decision concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NormDate {
    /// The date whose parameter values, table rows and citations applied.
    pub date: Date,
    /// The month the decision concerns (`gäller_månad:`): its first and last day.
    pub period: Option<(Date, Date)>,
}

impl NormDate {
    /// The norm date of `decision` on a case decided on `decision_date`, from the values of
    /// its norm fields in [`crate::NormSpec`] order (`None` where a field is not written),
    /// and the error that sends the case to a caseworker when the norm date is outside
    /// `earliest..=latest` (E0426, at the bound's expression). Both engines call this
    /// after evaluating the fields, so the rule is written once.
    pub fn resolve(
        program: &Program,
        decision: &crate::Decision,
        decision_date: Date,
        [month, date, earliest, latest]: [Option<Date>; 4],
    ) -> (NormDate, Option<RuntimeError>) {
        let period = month.and_then(|m| {
            // The month's first and last day, counted from `m` in days.
            let (y, mo, d) = m.ymd();
            let first = Date::from_days(i64::from(m.days()) - i64::from(d) + 1).ok()?;
            let days = i64::from(delegat_value::days_in_month(y, mo));
            let last = Date::from_days(i64::from(first.days()) + days - 1).ok()?;
            Some((first, last))
        });
        let norm = NormDate {
            date: date.or(period.map(|p| p.0)).unwrap_or(decision_date),
            period,
        };
        let span = |e: Option<crate::ExprId>| {
            e.and_then(|e| program.exprs.get(e.index()))
                .map_or(decision.span, |e| e.span)
        };
        let outside = match (earliest, latest) {
            (Some(b), _) if norm.date < b => Some((b, true, span(decision.norm.earliest))),
            (_, Some(b)) if norm.date > b => Some((b, false, span(decision.norm.latest))),
            _ => None,
        };
        let error = outside.map(|(bound, early, span)| {
            RuntimeError::new(
                crate::RuntimeErrorKind::NormOutside {
                    norm: norm.date,
                    bound,
                    early,
                },
                span,
            )
        });
        (norm, error)
    }
}

impl Default for DecisionResult {
    /// An empty result (`manuell`, no branch, nothing used): a buffer for
    /// the engines' `result_into` to fill.
    fn default() -> DecisionResult {
        DecisionResult {
            decision: DecisionId(0),
            outcome: OutcomeKind::Manuell,
            chosen: None,
            belopp: None,
            values: Vec::new(),
            error: None,
            trace: Vec::new(),
            norm: None,
        }
    }
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
    pub fn outcome_decl<'p>(&self, program: &'p Program) -> Option<&'p crate::Outcome> {
        let d = program.decision(self.decision)?;
        match self.chosen? {
            Chosen::Branch(i) => d.branches.get(i as usize).map(|b| &b.outcome),
            Chosen::Otherwise => Some(&d.otherwise),
        }
    }
}

/// What an engine's `value` computes (for the expectations of an `exempel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueTarget {
    /// A rule without arguments.
    Rule(RuleId),
    /// A scalar parameter.
    Param(ParamId),
}
