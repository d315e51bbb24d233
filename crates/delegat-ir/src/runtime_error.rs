//! Runtime errors: every way a case can fail to be decided automatically.
//!
//! A runtime error never escapes as a panic or a bifall/avslag/fastställt: the decision
//! becomes `manuell` with the error as its reason. Each kind has a stable code (E04xx) and a
//! Swedish message, and the error keeps the span of the expression where it arose.

use std::fmt;

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_value::{ArithError, Date};

/// A runtime error: what went wrong and where.
#[derive(Clone, Debug, PartialEq)]
pub struct RuntimeError {
    /// What went wrong.
    pub kind: RuntimeErrorKind,
    /// The expression (or item) where it arose.
    pub span: Span,
}

/// An exception of a rule, as named in a conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExceptionRef {
    /// The exception's position among the rule's exceptions.
    pub index: u32,
    /// Its `enligt`, if written.
    pub enligt: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// The kinds of runtime error.
#[derive(Clone, Debug, PartialEq)]
pub enum RuntimeErrorKind {
    /// Overflow, division by zero, a date out of range, a bad rounding step (from
    /// `delegat-value`).
    Arith(ArithError),
    /// No version of a parameter is in force on the decision date.
    NoParamValue {
        /// The parameter.
        param: String,
        /// The decision date.
        date: Date,
        /// The date the first version comes into force, if there is one.
        first: Option<Date>,
    },
    /// No row of a table covers the key.
    TableMiss {
        /// The table parameter.
        param: String,
        /// The key, as text.
        key: String,
    },
    /// Two exceptions of one rule hold at once.
    Conflict {
        /// The rule.
        rule: String,
        /// The first exception that holds.
        first: ExceptionRef,
        /// The second exception that holds.
        second: ExceptionRef,
    },
    /// `minsta` or `största` over an empty list.
    EmptyAggregate {
        /// `minsta` or `största`.
        func: &'static str,
    },
    /// No arm of a `välj` without `annars` holds.
    NoArm,
    /// An input the computation needs is missing from the case.
    MissingInput {
        /// The input.
        name: String,
    },
    /// A rule depends on itself (impossible in a checked program; a damaged pack).
    Cycle {
        /// The rule.
        rule: String,
    },
    /// The computation is nested too deeply.
    TooDeep,
    /// The case took more than [`crate::STEP_BUDGET`] steps.
    Budget,
    /// The norm date is outside the bounds the nämnd delegated (`normdatum_tidigast:`,
    /// `normdatum_senast:`).
    NormOutside {
        /// The case's norm date.
        norm: Date,
        /// The bound it passes.
        bound: Date,
        /// Whether it is earlier than the earliest (else later than the latest).
        early: bool,
    },
    /// The pack is inconsistent where evaluation needed it (a bad id, a value of the wrong
    /// kind); a verified pack never gives this.
    Malformed(String),
}

impl RuntimeError {
    /// An error of `kind` at `span`.
    pub fn new(kind: RuntimeErrorKind, span: Span) -> RuntimeError {
        RuntimeError { kind, span }
    }

    /// A structural error: the pack is not what the interpreter needs.
    pub fn malformed(what: impl Into<String>, span: Span) -> RuntimeError {
        RuntimeError::new(RuntimeErrorKind::Malformed(what.into()), span)
    }

    /// The stable code of the error.
    pub fn code(&self) -> Code {
        match &self.kind {
            RuntimeErrorKind::Arith(a) => match a {
                ArithError::Overflow | ArithError::TooPrecise => Code::E0401,
                ArithError::DivisionByZero => Code::E0402,
                ArithError::DateOutOfRange | ArithError::InvalidDate => Code::E0403,
                ArithError::InvalidStep => Code::E0404,
            },
            RuntimeErrorKind::NoParamValue { .. } => Code::E0405,
            RuntimeErrorKind::TableMiss { .. } => Code::E0406,
            RuntimeErrorKind::Conflict { .. } => Code::E0407,
            RuntimeErrorKind::EmptyAggregate { .. } => Code::E0408,
            RuntimeErrorKind::NoArm => Code::E0409,
            RuntimeErrorKind::MissingInput { .. } => Code::E0410,
            RuntimeErrorKind::Cycle { .. } | RuntimeErrorKind::TooDeep => Code::E0411,
            RuntimeErrorKind::Malformed(_) => Code::E0412,
            RuntimeErrorKind::Budget => Code::E0413,
            RuntimeErrorKind::NormOutside { .. } => Code::E0426,
        }
    }

    /// The Swedish message (lowercase, no final period): the reason of the `manuell`.
    pub fn message(&self) -> String {
        match &self.kind {
            RuntimeErrorKind::Arith(a) => a.message().to_string(),
            RuntimeErrorKind::NoParamValue { param, date, first } => match first {
                Some(first) => format!(
                    "regelpaketet har inget värde för `{param}` som gäller {date}: det första \
                     värdet gäller från {first}"
                ),
                None => format!("regelpaketet har inget värde för `{param}` som gäller {date}"),
            },
            RuntimeErrorKind::NormOutside { norm, bound, early } => {
                let (than, which) = if *early {
                    ("tidigare", "tidigaste")
                } else {
                    ("senare", "senaste")
                };
                format!(
                    "ärendets normdatum {norm} är {than} än {bound}, det {which} som nämnden har \
                     delegerat till den automatiserade beslutsfunktionen"
                )
            }
            RuntimeErrorKind::TableMiss { param, key } => {
                format!("tabellen `{param}` har ingen rad för `{key}`")
            }
            RuntimeErrorKind::Conflict {
                rule,
                first,
                second,
            } => format!(
                "två undantag från regeln `{rule}` gäller samtidigt: {} och {}",
                exception_name(first),
                exception_name(second)
            ),
            RuntimeErrorKind::EmptyAggregate { func } => {
                format!("`{func}` av en tom lista har inget värde")
            }
            RuntimeErrorKind::NoArm => "inget alternativ i `välj` gäller".to_string(),
            RuntimeErrorKind::MissingInput { name } => format!("uppgiften `{name}` saknas"),
            RuntimeErrorKind::Cycle { rule } => format!("regeln `{rule}` beror av sig själv"),
            RuntimeErrorKind::TooDeep => "beräkningen är för djupt nästlad".to_string(),
            RuntimeErrorKind::Budget => format!(
                "beräkningen av ärendet krävde fler än {} steg (anrop av regler med argument och \
                 genomgångna listelement)",
                group_digits(crate::STEP_BUDGET)
            ),
            RuntimeErrorKind::Malformed(what) => format!("regelpaketet är felaktigt: {what}"),
        }
    }

    /// The reason a caseworker and the citizen read (`skäl`, lowercase, no final period):
    /// [`RuntimeError::message`], except for a missing parameter value on a norm date
    /// before the first day `program` has norms for ([`RuntimeError::before_rules`]),
    /// which is said without the parameter's name; the name and place stay in the
    /// diagnostic and the decision's `felplats`. `norm_declared`: the decision declares
    /// a norm date (`normdatum:`, `gäller_månad:`), else the date is `beslutsdatum`.
    pub fn reason(&self, program: &crate::Program, norm_declared: bool) -> String {
        match self.before_rules(program) {
            Some((date, first)) => {
                let which = if norm_declared {
                    "normdatum"
                } else {
                    "beslutsdatum"
                };
                format!(
                    "ärendets {which} {date} ligger före {first}, den dag då nämndens \
                     regler för automatiserade beslut börjar gälla, så ärendet prövas av en \
                     handläggare"
                )
            }
            None => self.message(),
        }
    }

    /// The norm date and the first day `program` has norms for, when this error is a
    /// missing parameter value on a date before that day (E0405): no parameter of the
    /// pack had a value then.
    pub fn before_rules(&self, program: &crate::Program) -> Option<(Date, Date)> {
        let RuntimeErrorKind::NoParamValue { date, .. } = &self.kind else {
            return None;
        };
        let first = program.first_norm_date()?;
        (*date < first).then_some((*date, first))
    }

    /// The error as a diagnostic (for `delegat run` with sources, and for tests).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic::new(self.code(), self.message(), self.span);
        match &self.kind {
            RuntimeErrorKind::Conflict { first, second, .. } => {
                d = d
                    .with_label(first.span, format!("{} gäller", exception_name(first)))
                    .with_label(
                        second.span,
                        format!("{} gäller också", exception_name(second)),
                    )
                    .with_help("en handläggare får avgöra vilket undantag som ska tillämpas");
            }
            RuntimeErrorKind::NoParamValue {
                first: Some(first), ..
            } => {
                d = d.with_note(format!("parameterns första värde gäller från {first}"));
            }
            _ => {}
        }
        d.with_note("ärendet lämnas till en handläggare i stället för att beslutas automatiskt")
    }
}

/// `n` with its digits grouped by three, the Swedish way.
fn group_digits(n: u64) -> String {
    delegat_value::format::format_int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// How an exception is named in a message: by its `enligt` or its number.
fn exception_name(e: &ExceptionRef) -> String {
    match &e.enligt {
        Some(enligt) => format!("undantaget enligt \"{enligt}\""),
        None => format!("undantag nummer {}", e.index + 1),
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for RuntimeError {}

impl From<ArithError> for RuntimeErrorKind {
    fn from(e: ArithError) -> RuntimeErrorKind {
        RuntimeErrorKind::Arith(e)
    }
}
