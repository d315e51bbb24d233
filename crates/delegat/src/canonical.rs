//! A validated case in canonical form, and deciding a case for a decision log.
//!
//! The canonical form of a case is the JSON object of its present inputs, keys in byte
//! order, each value as the decision document writes values (`format::to_json`: money as an
//! exact number of kronor, dates as `"YYYY-MM-DD"`, enum variants by name) and without the
//! decision date, which a log keeps beside it. It is what `serde_json` writes for the same
//! object, so two cases with the same validated values have the same bytes, whatever the
//! spelling of the text they were read from (`"5 000 kr"` or `5000`, key order,
//! whitespace). Read back with the date as the default, it gives the same values again, so
//! the decision is reproduced exactly (the crate's tests hold both).

mod sink;

pub(crate) use sink::CanonicalSink;

use delegat_ir::{Program, Value};
use delegat_value::{Date, Money};

use crate::case::{self, CaseError};
use crate::decision::Utfall;
use crate::engine::Decider;
use crate::examples::Position;
use crate::session::Session;

/// A case read and validated, with its canonical JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct CanonicalCase {
    /// One slot per input of the program, in the program's order.
    pub inputs: Vec<Option<Value>>,
    /// The decision date (the case's `beslutsdatum`, else the default date).
    pub date: Date,
    /// The canonical JSON of the inputs (see the module's documentation).
    pub json: String,
}

/// What deciding a case for a log gives beside the decision line
/// ([`Session::write_canonical`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LoggedCase {
    /// The decision date.
    pub date: Date,
    /// The outcome.
    pub utfall: Utfall,
    /// The amount, if the outcome has one.
    pub belopp: Option<Money>,
    /// The decision document's `felplats`, if it has one (a runtime error in a pack built
    /// from source): replaying from a pack file, which holds no source, needs it back.
    pub felplats: Option<Position>,
}

/// The program's inputs by name in byte order, as indices into `p.inputs`: the order of
/// the canonical JSON's keys, computed once per pack ([`crate::Pack::canonical_order`]).
pub(crate) fn order(p: &Program) -> Vec<usize> {
    let mut order: Vec<usize> = (0..p.inputs.len()).collect();
    order.sort_by(|a, b| {
        let name = |i: &usize| p.inputs.get(*i).map(|input| input.name.as_str());
        name(a).cmp(&name(b))
    });
    order
}

/// Appends the canonical JSON of `inputs` (one slot per input of `p`) to `out`; `order`
/// is [`order`] of `p`.
pub(crate) fn write(out: &mut Vec<u8>, p: &Program, order: &[usize], inputs: &[Option<Value>]) {
    out.push(b'{');
    let mut first = true;
    for i in order {
        let (Some(input), Some(Some(value))) = (p.inputs.get(*i), inputs.get(*i)) else {
            continue;
        };
        if !first {
            out.push(b',');
        }
        first = false;
        crate::json_out::string(out, &input.name);
        out.push(b':');
        crate::json_out::value_json(out, p, value, &input.ty);
    }
    out.push(b'}');
}

impl Decider<'_> {
    /// Reads and validates one case (as [`Decider::decide`] does) and gives its values, its
    /// decision date and its canonical JSON: what a decision log keeps of the input.
    /// [`Decider::decide_values`] decides it.
    pub fn canonical_case(
        &self,
        input_json: &str,
        default_date: Option<Date>,
    ) -> Result<CanonicalCase, CaseError> {
        let case = case::read(&self.pack.program, input_json, default_date)?;
        let mut json = Vec::with_capacity(input_json.len());
        write(
            &mut json,
            &self.pack.program,
            self.pack.canonical_order(),
            &case.inputs,
        );
        Ok(CanonicalCase {
            inputs: case.inputs,
            date: case.date,
            json: String::from_utf8(json).unwrap_or_default(),
        })
    }
}

impl Session<'_> {
    /// Decides one case given as JSON text for a decision log: appends its decision line
    /// (the bytes of [`crate::Decision::to_json_string`], as [`Session::write_json`] does)
    /// to `out` and the case's canonical JSON (see [`CanonicalCase`]) to `canonical`.
    pub fn write_canonical(
        &mut self,
        input_json: &str,
        default_date: Option<Date>,
        out: &mut Vec<u8>,
        canonical: &mut Vec<u8>,
    ) -> Result<LoggedCase, CaseError> {
        let (_, date) = self.write_text(input_json, default_date, true, out)?;
        let (result, pack) = self.last_result();
        self.canonical().write(canonical, pack.canonical_order());
        Ok(LoggedCase {
            date,
            utfall: Utfall::from_ir(result.outcome),
            belopp: result.belopp,
            felplats: result.error.as_ref().and_then(|e| pack.position(e.span)),
        })
    }
}
