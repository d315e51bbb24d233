//! The summary line (`sammanfattning`, `docs/beslut.md`): one short JSON line per case with
//! only the outcome, the amount and, for a case that went to `manuell` through a runtime
//! error, the error code — `{"utfall":"bifall","belopp":4099}`. It is what a jurist needs to
//! see the effect of a new norm on a whole caseload (konsekvensanalys), without the
//! motivering, lagrum and trace of the full decision.
//!
//! [`BatchOutput`] chooses between the two in a batch. The keys and the representation of
//! `utfall`, `belopp` and `felkod` are the full decision's, so a summary line is the full
//! decision line with every other field left out. Both [`Decision::to_summary_json_string`]
//! and the batch's [`write_line`] write it with `document::summary`, from the decision
//! document's own fields.

use delegat_ir::Verdict;

use crate::decision::{Decision, Utfall};
use crate::document;

/// What a batch writes per case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BatchOutput {
    /// The full decision of `docs/beslut.md` (`delegat-beslut/1`: motivering, lagrum, trace,
    /// the pack's identity): the bytes of [`Decision::to_json_string`]. The default.
    #[default]
    Decisions,
    /// The summary line: `{"utfall":…,"belopp":…}`, with `felkod` when a runtime error sent
    /// the case to `manuell` (the bytes of [`Decision::to_summary_json_string`]).
    Summaries,
}

impl BatchOutput {
    /// `"beslut"` or `"sammanfattning"`, as the CLI's `--utdata` names them.
    pub fn as_str(self) -> &'static str {
        match self {
            BatchOutput::Decisions => "beslut",
            BatchOutput::Summaries => "sammanfattning",
        }
    }
}

impl Decision {
    /// The summary line of this decision (one line, no newline): `utfall`, `belopp` (if
    /// any) and `felkod` (if a runtime error sent the case to `manuell`), exactly as the full
    /// decision writes them, and nothing else. What a batch with
    /// [`BatchOutput::Summaries`] writes for the case.
    pub fn to_summary_json_string(&self) -> String {
        let mut out = Vec::new();
        document::summary(&mut out, self.utfall, self.belopp, self.felkod.as_deref());
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Appends the summary line (without the newline) of a case decided with `verdict`;
/// `felkod` is the runtime error's code when one decided the case.
pub(crate) fn write_line(out: &mut Vec<u8>, verdict: &Verdict, felkod: Option<&str>) {
    let utfall = Utfall::from_ir(verdict.outcome);
    document::summary(out, utfall, verdict.belopp, felkod);
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
