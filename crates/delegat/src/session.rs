//! [`Session`]: a reusable handle for deciding many cases one at a time, keeping the
//! engine's buffers (and the decision writer's pre-rendered pieces) from case to case.

use delegat_ir::Value;
use delegat_ir::{DecisionResult, TraceEntry, Verdict};
use delegat_value::Date;

use crate::canonical::CanonicalSink;
use crate::case::CaseError;
use crate::decision::{Decision, Utfall};
use crate::engine::{Decider, PairSide, Runner, empty_result};
use crate::letter::LetterFacts;
use crate::reader::CaseReader;
use crate::write::{DecisionWriter, WriteCache};

/// Decides cases one after another with one engine runner, reusing its buffers.
///
/// [`Decider::decide`] and [`Decider::decide_values`] set up a fresh evaluator per call;
/// a session keeps one. It is not shared between threads: make one per thread
/// ([`Decider`] is `Copy` and `Sync`).
///
/// ```
/// use delegat::{Date, Engine, Pack};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let pack = Pack::load(&delegat::doc_example_pack())?;
/// let decider = pack.engine(Engine::Interpreter)?;
/// let mut session = decider.session();
/// let date = Date::parse("2026-03-01")?;
/// let mut line = Vec::new();
/// for income in [4000, 9000] {
///     let json = format!(r#"{{"inkomst": {income}}}"#);
///     let decision = session.decide(&json, Some(date))?;
///     line.clear();
///     session.write_json(&json, Some(date), &mut line)?;
///     assert_eq!(line, decision.to_json_string().into_bytes());
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct Session<'p> {
    decider: Decider<'p>,
    runner: Runner<'p>,
    result: DecisionResult,
    writer: Option<Box<DecisionWriter<'p>>>,
    reader: CaseReader<'p>,
    /// The interpreter's input slots, reused.
    values: Vec<Option<Value>>,
    /// The canonical JSON of the last case read for a decision log (reused).
    canonical: CanonicalSink<'p>,
    /// The texts of the last dates written.
    dates: WriteCache,
}

impl<'p> Decider<'p> {
    /// A session: a reusable handle deciding with this decider.
    pub fn session(&self) -> Session<'p> {
        Session {
            decider: *self,
            runner: self.runner(),
            result: empty_result(self.decision),
            writer: None,
            reader: CaseReader::new(&self.pack.program),
            values: Vec::new(),
            canonical: CanonicalSink::new(&self.pack.program),
            dates: WriteCache::default(),
        }
    }
}

impl<'p> Session<'p> {
    /// The decider this session decides with.
    pub fn decider(&self) -> &Decider<'p> {
        &self.decider
    }

    /// Decides a case of already validated values (one slot per input of the program, in
    /// the program's order), as [`Decider::decide_values`] does.
    pub fn decide_values(&mut self, inputs: &[Option<Value>], date: Date) -> Decision {
        self.run(inputs, date);
        self.decider.decision_of(&self.result, Some(inputs), date)
    }

    /// Decides one case given as JSON text, as [`Decider::decide`] does.
    pub fn decide(
        &mut self,
        input_json: &str,
        default_date: Option<Date>,
    ) -> Result<Decision, CaseError> {
        let date = self.read_and_run(input_json, default_date)?;
        // The fast reader may have filled only the JIT's frame: a letter that shows an
        // input reads the case again (this is the owned, slow path anyway).
        let program = &self.decider.pack.program;
        let case = LetterFacts::needs_inputs(program, &self.result)
            .then(|| crate::case::read(program, input_json, default_date).ok())
            .flatten();
        let inputs = case.as_ref().map(|c| c.inputs.as_slice());
        Ok(self.decider.decision_of(&self.result, inputs, date))
    }

    /// Decides a case of validated values and appends its decision JSON (one line, no
    /// newline; the bytes of [`Decision::to_json_string`]) to `out`, without building the
    /// [`Decision`]. Returns the outcome.
    pub fn write_values(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        out: &mut Vec<u8>,
    ) -> Utfall {
        self.run(inputs, date);
        self.write(out, date);
        Utfall::from_ir(self.result.outcome)
    }

    /// Decides one case given as JSON text and appends its decision JSON to `out` (see
    /// [`Session::write_values`]).
    pub fn write_json(
        &mut self,
        input_json: &str,
        default_date: Option<Date>,
        out: &mut Vec<u8>,
    ) -> Result<Utfall, CaseError> {
        let (outcome, _) = self.write_text(input_json, default_date, false, out)?;
        Ok(Utfall::from_ir(outcome))
    }

    /// [`Session::write_json`], giving the decision date too; with `canonical` the
    /// case's canonical JSON is also written as it is read, for [`Self::canonical`] (see
    /// `Runner::write_text`).
    pub(crate) fn write_text(
        &mut self,
        input_json: &str,
        default_date: Option<Date>,
        canonical: bool,
        out: &mut Vec<u8>,
    ) -> Result<(delegat_ir::OutcomeKind, Date), CaseError> {
        let decider = self.decider;
        let writer = self
            .writer
            .get_or_insert_with(|| Box::new(DecisionWriter::new(decider.pack, decider.decision)));
        self.runner.write_text(
            &self.reader,
            input_json,
            default_date,
            decider.decision,
            &mut self.values,
            canonical.then_some(&mut self.canonical),
            &mut self.result,
            writer,
            &mut self.dates,
            out,
        )
    }

    /// The result of the last case written by [`Self::write_text`]: its outcome, amount
    /// and error (not necessarily its trace).
    pub(crate) fn last_result(&self) -> (&DecisionResult, &'p crate::Pack) {
        (&self.result, self.decider.pack)
    }

    /// Decides one case given as JSON text and appends its summary line (one line, no
    /// newline; the bytes of [`Decision::to_summary_json_string`]) to `out`: phase one
    /// only, and phase two only for the error code of a case a runtime error made
    /// `manuell`. Returns the outcome.
    pub fn write_summary_json(
        &mut self,
        input_json: &str,
        default_date: Option<Date>,
        out: &mut Vec<u8>,
    ) -> Result<Utfall, CaseError> {
        let (verdict, _) = self.runner.verdict_text(
            &self.reader,
            input_json,
            default_date,
            self.decider.decision,
            &mut self.values,
        )?;
        let felkod = self.runner.error_code(&verdict, &mut self.result);
        crate::summary::write_line(out, &verdict, felkod);
        Ok(Utfall::from_ir(verdict.outcome))
    }

    /// Decides one case given as JSON text, phase one only, and gives its verdict (the
    /// outcome, the branch taken and the amount) with the decision date, and for a case a
    /// runtime error made `manuell` the error's code (`E0405`). What the nämnd's follow-up
    /// counts of a logged decision: which `när` line decided it, and why a case went to a
    /// caseworker, without building or writing the decision.
    pub fn verdict(
        &mut self,
        input_json: &str,
        default_date: Option<Date>,
    ) -> Result<(Verdict, Date, Option<&'static str>), CaseError> {
        let (verdict, date) = self.verdict_only(input_json, default_date)?;
        let felkod = self.runner.error_code(&verdict, &mut self.result);
        Ok((verdict, date, felkod))
    }

    /// [`Self::verdict`] without the error code: phase one only, whatever the outcome.
    pub(crate) fn verdict_only(
        &mut self,
        input_json: &str,
        default_date: Option<Date>,
    ) -> Result<(Verdict, Date), CaseError> {
        self.runner.verdict_text(
            &self.reader,
            input_json,
            default_date,
            self.decider.decision,
            &mut self.values,
        )
    }

    /// The session's reader, and its runner as one side of a case read once for two
    /// sessions (`Runner::verdict_pair`).
    pub(crate) fn pair_side(&mut self) -> (&CaseReader<'p>, PairSide<'_, 'p>) {
        (
            &self.reader,
            PairSide {
                runner: &mut self.runner,
                values: &mut self.values,
                decision: self.decider.decision,
            },
        )
    }

    /// Phase two of the case the last successful [`Self::verdict`] decided: its whole
    /// result (trace, interpolated values, error), copied out of the evaluator into the
    /// session's reused result, without reading or deciding the case again. What the impact
    /// analysis compares of a case whose verdict changed. Only meaningful right after a
    /// verdict that returned `Ok` (after an error or another call it is that call's state).
    pub fn verdict_result(&mut self) -> &DecisionResult {
        self.runner.result_into(&mut self.result);
        &self.result
    }

    /// The trace of the case the last successful [`Self::verdict`] decided: the `trace` of
    /// [`Self::verdict_result`] without the rest of phase two (the outcome's texts' values).
    /// What the impact analysis compares of a changed case. Only meaningful right after a
    /// verdict that returned `Ok`.
    pub fn verdict_trace(&mut self) -> &[TraceEntry] {
        self.runner.trace_into(&mut self.result);
        &self.result.trace
    }

    /// The canonical JSON of the last case read by [`Self::write_text`] with `canonical`.
    pub(crate) fn canonical(&self) -> &CanonicalSink<'p> {
        &self.canonical
    }

    fn read_and_run(&mut self, text: &str, default_date: Option<Date>) -> Result<Date, CaseError> {
        self.runner.decide_text(
            &self.reader,
            text,
            default_date,
            self.decider.decision,
            &mut self.values,
            &mut self.result,
        )
    }

    fn write(&mut self, out: &mut Vec<u8>, date: Date) {
        let decider = self.decider;
        let writer = self
            .writer
            .get_or_insert_with(|| Box::new(DecisionWriter::new(decider.pack, decider.decision)));
        writer.write(out, &self.result, date);
    }

    fn run(&mut self, inputs: &[Option<Value>], date: Date) {
        self.runner
            .decide_into(inputs, date, self.decider.decision, &mut self.result);
    }
}
