//! [`LoggingDecider`]: a [`Decider`] whose every decision is logged before it is returned.

use std::fmt;

use delegat::{CaseError, Date, Decider, Decision};

use crate::error::LogError;
use crate::log::Log;
use crate::record::Receipt;

/// Decides cases with a [`Decider`] and logs each decision, on disk before it is returned.
#[derive(Debug, Clone, Copy)]
pub struct LoggingDecider<'a> {
    decider: Decider<'a>,
    log: &'a Log,
}

/// Why a logging decider returned no decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecideError {
    /// The case cannot be read (nothing is logged: no decision was made).
    Case(CaseError),
    /// The decision was made but could not be logged, so it is not returned.
    Log(LogError),
}

impl fmt::Display for DecideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecideError::Case(e) => write!(f, "{e}"),
            DecideError::Log(e) => write!(f, "fel[{}]: {e}", e.code()),
        }
    }
}

impl std::error::Error for DecideError {}

impl<'a> LoggingDecider<'a> {
    /// Logs `decider`'s decisions in `log`.
    pub fn new(decider: Decider<'a>, log: &'a Log) -> LoggingDecider<'a> {
        LoggingDecider { decider, log }
    }

    /// The decider.
    pub fn decider(&self) -> &Decider<'a> {
        &self.decider
    }

    /// Decides one case given as JSON text (as [`Decider::decide`]) and logs the decision
    /// with the e-service's reference `ext_ref`; returns the decision and its receipt once
    /// the record is on disk.
    pub fn decide(
        &self,
        input_json: &str,
        default_date: Option<Date>,
        ext_ref: Option<&str>,
    ) -> Result<(Decision, Receipt), DecideError> {
        let case = self
            .decider
            .canonical_case(input_json, default_date)
            .map_err(DecideError::Case)?;
        let decision = self.decider.decide_values(&case.inputs, case.date);
        let receipt = self
            .log
            .record(&self.decider, &case, &decision, ext_ref)
            .map_err(DecideError::Log)?;
        Ok((decision, receipt))
    }
}
