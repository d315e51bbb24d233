//! The summary line (`sammanfattning`, `docs/beslut.md`): one short JSON line per case with
//! only the outcome, the amount and, for a case that went to `manuell` through a runtime
//! error, the error code — `{"utfall":"bifall","belopp":4099}`. It is what a jurist needs to
//! see the effect of a new norm on a whole caseload (konsekvensanalys), without the
//! motivering, lagrum and trace of the full decision.
//!
//! [`BatchOutput`] chooses between the two in a batch. The keys and the representation of
//! `utfall`, `belopp` and `felkod` are the full decision's, so a summary line is the full
//! decision line with every other field left out: [`Decision::to_summary_json_string`] is
//! the reference, [`write_line`] the batch's writer, and the tests hold the two to the same
//! bytes.

use delegat_ir::Verdict;
use delegat_value::Money;
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::decision::{Decision, Utfall};
use crate::json_out as jo;

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

/// The summary of a decision: borrowed from a [`Decision`], serialized as the summary line.
struct SummaryJson<'a> {
    utfall: Utfall,
    belopp: Option<Money>,
    felkod: Option<&'a str>,
}

impl Serialize for SummaryJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("utfall", self.utfall.as_str())?;
        if let Some(b) = self.belopp {
            m.serialize_entry(
                "belopp",
                &crate::format::number(&delegat_value::json::money_to_json(b)),
            )?;
        }
        if let Some(k) = self.felkod {
            m.serialize_entry("felkod", k)?;
        }
        m.end()
    }
}

impl Decision {
    /// The summary line of this decision (one line, no newline): `utfall`, `belopp` (if
    /// any) and `felkod` (if a runtime error sent the case to `manuell`), exactly as the full
    /// decision writes them, and nothing else. What a batch with
    /// [`BatchOutput::Summaries`] writes for the case.
    pub fn to_summary_json_string(&self) -> String {
        let s = SummaryJson {
            utfall: self.utfall,
            belopp: self.belopp,
            felkod: self.felkod.as_deref(),
        };
        serde_json::to_string(&s).unwrap_or_default()
    }
}

/// Appends the summary line (without the newline) of a case decided with `verdict`;
/// `felkod` is the runtime error's code when one decided the case.
pub(crate) fn write_line(out: &mut Vec<u8>, verdict: &Verdict, felkod: Option<&str>) {
    out.extend_from_slice(match Utfall::from_ir(verdict.outcome) {
        Utfall::Bifall => b"{\"utfall\":\"bifall\"".as_slice(),
        Utfall::Avslag => b"{\"utfall\":\"avslag\"".as_slice(),
        Utfall::Faststallt => "{\"utfall\":\"fastställt\"".as_bytes(),
        Utfall::Manuell => b"{\"utfall\":\"manuell\"".as_slice(),
    });
    if let Some(b) = verdict.belopp {
        out.extend_from_slice(b",\"belopp\":");
        jo::money_json(out, b);
    }
    if let Some(k) = felkod {
        jo::field(out, "felkod", k);
    }
    out.push(b'}');
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
