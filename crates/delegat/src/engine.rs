//! [`Engine`] choice and [`Decider`]: deciding cases with a pack.

use delegat_interp::Evaluator;
use delegat_ir::{DecisionId, DecisionResult, OutcomeKind, Value, Verdict};
#[cfg(feature = "jit")]
use delegat_ir::{Program, RuntimeError, ValueTarget};
#[cfg(feature = "jit")]
use delegat_jit::{JitEvaluator, JitPack};
use delegat_value::Date;

use crate::canonical::CanonicalSink;
use crate::case::{self, CaseError};
use crate::decision::Decision;
use crate::letter::LetterFacts;
use crate::pack::{Pack, PackError};
use crate::reader::Both;
use crate::reader::CaseReader;
use crate::write::{DecisionWriter, WriteCache};

/// Which engine evaluates the rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Engine {
    /// The reference interpreter (`delegat-interp`).
    #[default]
    Interpreter,
    /// Native code from Cranelift (`delegat-jit`), with the same results as the
    /// interpreter. A pack the JIT cannot compile (an unsupported machine, a pack it refuses)
    /// is decided by the interpreter; [`Decider::engine`] says which engine actually runs.
    Jit,
}

impl Engine {
    /// `"tolk"` or `"jit"`, as the CLI's `--motor` names them.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Interpreter => "tolk",
            Engine::Jit => "jit",
        }
    }
}

/// Decides cases of one decision of a pack with one engine.
#[derive(Debug, Clone, Copy)]
pub struct Decider<'p> {
    pub(crate) pack: &'p Pack,
    pub(crate) decision: DecisionId,
    pub(crate) engine: Engine,
}

impl Pack {
    /// A decider for the pack's default decision (its first `beslut`, else its first
    /// `beslutsstöd`) on `engine`.
    pub fn engine(&self, engine: Engine) -> Result<Decider<'_>, PackError> {
        let decision = self.default_decision().ok_or(PackError::NoDecision)?;
        Ok(Decider {
            pack: self,
            decision,
            engine: self.effective(engine),
        })
    }

    /// The engine that really runs for a requested one (see [`Engine::Jit`]).
    fn effective(&self, requested: Engine) -> Engine {
        match requested {
            #[cfg(feature = "jit")]
            Engine::Jit if self.jit_pack().is_some() => Engine::Jit,
            _ => Engine::Interpreter,
        }
    }

    /// The pack's native code, compiled on first use; `None` when the JIT refuses it.
    #[cfg(feature = "jit")]
    pub(crate) fn jit_pack(&self) -> Option<&JitPack> {
        self.jit_compiled().as_ref().ok()
    }

    /// Why the JIT does not run this pack (compiling it first if no engine asked for it
    /// yet); `None` when it does. [`Engine::Jit`] then falls back to the interpreter.
    #[cfg(feature = "jit")]
    pub fn jit_refusal(&self) -> Option<&delegat_jit::JitError> {
        self.jit_compiled().as_ref().err()
    }

    #[cfg(feature = "jit")]
    fn jit_compiled(&self) -> &Result<JitPack, delegat_jit::JitError> {
        self.jit.get_or_init(|| JitPack::compile(&self.program))
    }
}

impl<'p> Decider<'p> {
    /// The same decider for the decision named `name`.
    pub fn with_decision(self, name: &str) -> Result<Decider<'p>, PackError> {
        let decision = self
            .pack
            .program
            .decision_by_name(name)
            .ok_or_else(|| PackError::UnknownDecision(name.to_owned()))?;
        Ok(Decider { decision, ..self })
    }

    /// The pack decided with.
    pub fn pack(&self) -> &'p Pack {
        self.pack
    }

    /// The engine that actually evaluates (the interpreter when the JIT refused the pack).
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The name of the decision decided.
    pub fn decision_name(&self) -> &str {
        self.pack
            .program
            .decision(self.decision)
            .map_or("", |d| d.name.as_str())
    }

    /// Decides one case given as JSON text. The decision date is the case's `beslutsdatum`,
    /// else `default_date`. A case that cannot be read is a [`CaseError`]; anything that goes
    /// wrong while deciding makes the decision `manuell` with the reason.
    pub fn decide(
        &self,
        input_json: &str,
        default_date: Option<Date>,
    ) -> Result<Decision, CaseError> {
        let mut ev = self.runner();
        self.decide_with(&mut ev, input_json, default_date)
    }

    pub(crate) fn decide_with(
        &self,
        ev: &mut Runner<'_>,
        input_json: &str,
        default_date: Option<Date>,
    ) -> Result<Decision, CaseError> {
        let case = case::read(&self.pack.program, input_json, default_date)?;
        Ok(self.decide_values_with(ev, &case.inputs, case.date))
    }

    /// Decides a case of already validated values (one slot per input of the program).
    pub fn decide_values(&self, inputs: &[Option<Value>], date: Date) -> Decision {
        let mut ev = self.runner();
        self.decide_values_with(&mut ev, inputs, date)
    }

    fn decide_values_with(
        &self,
        ev: &mut Runner<'_>,
        inputs: &[Option<Value>],
        date: Date,
    ) -> Decision {
        let mut result = empty_result(self.decision);
        ev.decide_into(inputs, date, self.decision, &mut result);
        self.decision_of(&result, Some(inputs), date)
    }

    /// The [`Decision`] of an engine's result, with the case's `inputs` when known (for
    /// the letter's reference and shown inputs).
    pub(crate) fn decision_of(
        &self,
        result: &DecisionResult,
        inputs: Option<&[Option<Value>]>,
        date: Date,
    ) -> Decision {
        let mut decision = Decision::from_result(self.pack, result, date);
        decision.felplats = result
            .error
            .as_ref()
            .and_then(|e| self.pack.position(e.span));
        decision.brev = LetterFacts::new(&self.pack.program, result, inputs, &decision.spar);
        decision
    }
}

/// A result to be filled by [`Runner::decide_into`].
pub(crate) fn empty_result(decision: DecisionId) -> DecisionResult {
    DecisionResult {
        decision,
        outcome: delegat_ir::OutcomeKind::Manuell,
        chosen: None,
        belopp: None,
        values: Vec::new(),
        error: None,
        trace: Vec::new(),
        norm: None,
    }
}

/// The evaluator of one engine, with its buffers reused from case to case. This is the one
/// place an engine is chosen: the JIT adds a variant here (and in [`Decider::runner`]).
#[derive(Debug)]
pub(crate) enum Runner<'p> {
    /// The reference interpreter (boxed like the JIT: one per batch or thread, and the
    /// enum stays one pointer wide).
    Interpreter(Box<Evaluator<'p>>),
    /// Native code, with the interpreter for what it does not decide.
    #[cfg(feature = "jit")]
    Jit(Box<JitRunner<'p>>),
}

/// Native code with its fallback: a case native code does not decide (inputs not of their
/// declared types, a status or result it cannot read back; never in normal use, see
/// `delegat-jit`'s `run.rs`) is decided by the interpreter, so [`Engine::Jit`] always
/// gives the interpreter's result.
#[cfg(feature = "jit")]
#[derive(Debug)]
pub(crate) struct JitRunner<'p> {
    program: &'p Program,
    native: JitEvaluator<'p>,
    /// The interpreter, made at the first case native code does not decide.
    interp: Option<Evaluator<'p>>,
    /// Whether the interpreter decided the last case.
    by_interp: bool,
    /// The last case's date and decision, should phase two need the interpreter.
    last: Option<(Date, DecisionId)>,
}

#[cfg(feature = "jit")]
impl<'p> JitRunner<'p> {
    /// A runner of `jit`'s native code.
    pub(crate) fn new(jit: &'p JitPack) -> JitRunner<'p> {
        JitRunner {
            program: jit.program(),
            native: JitEvaluator::new(jit),
            interp: None,
            by_interp: false,
            last: None,
        }
    }

    fn interp(&mut self) -> &mut Evaluator<'p> {
        let program = self.program;
        self.interp.get_or_insert_with(|| Evaluator::new(program))
    }

    /// Phase one of a case of validated inputs.
    pub(crate) fn run(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> Verdict {
        self.last = Some((date, decision));
        self.by_interp = false;
        match self.native.run(inputs, date, decision) {
            Some(v) => v,
            None => self.interpret(inputs, date, decision),
        }
    }

    /// Phase one of a case written into the native inputs (`JitEvaluator::inputs`).
    fn run_native(&mut self, date: Date, decision: DecisionId) -> Verdict {
        self.last = Some((date, decision));
        self.by_interp = false;
        match self.native.run_native(date, decision) {
            Some(v) => v,
            None => {
                let inputs = self.native.inputs_back();
                self.interpret(&inputs, date, decision)
            }
        }
    }

    /// Decides a case with the interpreter; phase two then reads the interpreter.
    fn interpret(&mut self, inputs: &[Option<Value>], date: Date, decision: DecisionId) -> Verdict {
        self.by_interp = true;
        self.interp().run(inputs, date, decision)
    }

    /// Phase two of the last case into `out` (buffers reused).
    pub(crate) fn result_into(&mut self, out: &mut DecisionResult) {
        if !self.by_interp && self.native.result_into(out) {
            return;
        }
        self.fallback_into(out);
    }

    /// Phase two's trace alone into `out.trace` (the rest of `out` is the interpreter's
    /// whole result when it gives the trace, else untouched).
    pub(crate) fn trace_into(&mut self, out: &mut DecisionResult) {
        if !self.by_interp && self.native.trace_into(&mut out.trace) {
            return;
        }
        self.fallback_into(out);
    }

    /// Phase two by the interpreter: the last case decided again by it, if native code
    /// decided it, then its result.
    fn fallback_into(&mut self, out: &mut DecisionResult) {
        if !self.by_interp
            && let Some((date, decision)) = self.last
        {
            let inputs = self.native.inputs_back();
            self.interpret(&inputs, date, decision);
        }
        self.interp().result_into(out);
    }

    /// Decides one case into a fresh result.
    pub(crate) fn decide(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> DecisionResult {
        self.run(inputs, date, decision);
        let mut out = empty_result(decision);
        self.result_into(&mut out);
        out
    }

    /// A rule's or parameter's value (for `exempel`): native code's, else the
    /// interpreter's.
    pub(crate) fn value(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        norm_date: Date,
        target: ValueTarget,
    ) -> Result<Value, RuntimeError> {
        match self.native.value_on(inputs, date, norm_date, target) {
            Some(v) => v,
            None => self.interp().value_on(inputs, date, norm_date, target),
        }
    }

    /// The rest of [`Runner::write_text`] for native code, after phase one: the decision
    /// line appended to `out`, the head from `result` and the trace streamed from the
    /// finished frame (the interpreter's result when native code cannot give it). Returns
    /// the outcome.
    fn write_line(
        &mut self,
        result: &mut DecisionResult,
        date: Date,
        writer: &DecisionWriter<'_>,
        cache: &mut WriteCache,
        out: &mut Vec<u8>,
    ) -> OutcomeKind {
        if self.by_interp || !self.native.result_head_into(result) {
            self.result_into(result);
            writer.write_with(out, result, date, cache);
            return result.outcome;
        }
        let start = out.len();
        if !writer.write_head(out, result, date, cache) {
            return result.outcome;
        }
        let mut first = true;
        let kept = &mut *cache;
        if self
            .native
            .stream_trace(|item| writer.trace_item(out, item, kept, &mut first))
        {
            DecisionWriter::finish(out);
        } else {
            out.truncate(start);
            self.fallback_into(result);
            writer.write_with(out, result, date, cache);
        }
        result.outcome
    }
}

impl Runner<'_> {
    /// Decides one case of validated inputs into `out` (its buffers are reused).
    pub(crate) fn decide_into(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
        out: &mut DecisionResult,
    ) {
        match self {
            Runner::Interpreter(ev) => {
                ev.run(inputs, date, decision);
            }
            #[cfg(feature = "jit")]
            Runner::Jit(ev) => {
                ev.run(inputs, date, decision);
            }
        }
        self.result_into(out);
    }

    /// Phase two of the last case: its full result into `out` (buffers reused).
    pub(crate) fn result_into(&mut self, out: &mut DecisionResult) {
        match self {
            Runner::Interpreter(ev) => ev.result_into(out),
            #[cfg(feature = "jit")]
            Runner::Jit(ev) => ev.result_into(out),
        }
    }

    /// Phase two's trace of the last case into `out.trace` (buffers reused); the rest of
    /// `out` is not to be read.
    pub(crate) fn trace_into(&mut self, out: &mut DecisionResult) {
        match self {
            Runner::Interpreter(ev) => ev.result_into(out),
            #[cfg(feature = "jit")]
            Runner::Jit(ev) => ev.trace_into(out),
        }
    }

    /// Reads a case's JSON text with `reader` (for the JIT straight into its native
    /// inputs; for the interpreter into `values`, reused) and decides it into `out`.
    /// Returns the decision date.
    pub(crate) fn decide_text(
        &mut self,
        reader: &CaseReader<'_>,
        text: &str,
        default_date: Option<Date>,
        decision: DecisionId,
        values: &mut Vec<Option<Value>>,
        out: &mut DecisionResult,
    ) -> Result<Date, CaseError> {
        let (_, date) = self.verdict_text(reader, text, default_date, decision, values)?;
        self.result_into(out);
        Ok(date)
    }

    /// Reads a case's JSON text with `reader`, decides it and appends its decision line
    /// (the bytes of `Decision::to_json_string`) to `out` with `writer`. The JIT's result is
    /// written straight from its finished frame: the head from a `DecisionResult` without
    /// the trace (`result` reused), the trace streamed item by item into the line
    /// (`JitEvaluator::stream_trace`); the interpreter's through `result_into`. Returns the
    /// outcome and the decision date; `result` holds the outcome, the amount and the error
    /// (its trace only when the interpreter wrote the line). With `canonical` the case's
    /// canonical JSON is also written into it as the case is read (one reading fills both
    /// the engine's inputs and it), for a decision log.
    #[allow(
        clippy::too_many_arguments,
        reason = "the reused buffers of one batch line"
    )]
    pub(crate) fn write_text(
        &mut self,
        reader: &CaseReader<'_>,
        text: &str,
        default_date: Option<Date>,
        decision: DecisionId,
        values: &mut Vec<Option<Value>>,
        canonical: Option<&mut CanonicalSink<'_>>,
        result: &mut DecisionResult,
        writer: &DecisionWriter<'_>,
        cache: &mut WriteCache,
        out: &mut Vec<u8>,
    ) -> Result<(OutcomeKind, Date), CaseError> {
        let (_, date) = match (&mut *self, canonical) {
            #[cfg(feature = "jit")]
            (Runner::Jit(ev), Some(canonical)) => {
                let date = reader.read(
                    text,
                    default_date,
                    &mut Both(&mut ev.native.inputs(), canonical),
                )?;
                (ev.run_native(date, decision), date)
            }
            (Runner::Interpreter(ev), Some(canonical)) => {
                let date = reader.read(text, default_date, &mut Both(values, canonical))?;
                (ev.run(values, date, decision), date)
            }
            (_, None) => self.verdict_text(reader, text, default_date, decision, values)?,
        };
        #[cfg(feature = "jit")]
        if let Runner::Jit(ev) = self {
            return Ok((ev.write_line(result, date, writer, cache, out), date));
        }
        self.result_into(result);
        writer.write_with(out, result, date, cache);
        Ok((result.outcome, date))
    }

    /// Reads a case's JSON text with `reader` and runs phase one only: the verdict
    /// (outcome, branch, amount) and the decision date. Phase two ([`Self::error_code`],
    /// or `result_into`) may follow.
    pub(crate) fn verdict_text(
        &mut self,
        reader: &CaseReader<'_>,
        text: &str,
        default_date: Option<Date>,
        decision: DecisionId,
        values: &mut Vec<Option<Value>>,
    ) -> Result<(Verdict, Date), CaseError> {
        Ok(match self {
            Runner::Interpreter(ev) => {
                let date = reader.read(text, default_date, values)?;
                (ev.run(values, date, decision), date)
            }
            #[cfg(feature = "jit")]
            Runner::Jit(ev) => {
                let date = reader.read(text, default_date, &mut ev.native.inputs())?;
                (ev.run_native(date, decision), date)
            }
        })
    }

    /// Phase one of a case already read into this runner's inputs (for the interpreter,
    /// into `values`; for native code, into its frame).
    fn run_read(&mut self, values: &[Option<Value>], date: Date, decision: DecisionId) -> Verdict {
        match self {
            Runner::Interpreter(ev) => ev.run(values, date, decision),
            #[cfg(feature = "jit")]
            Runner::Jit(ev) => ev.run_native(date, decision),
        }
    }

    /// Reads a case's JSON text once, with `reader`, into the inputs of both runners (the
    /// two programs must declare the same inputs, so that either program's reader reads
    /// the case alike), and runs phase one of both: the two verdicts and the decision date.
    /// On an error neither runner is to be trusted for this case; the caller reads it with
    /// each program for its own error.
    pub(crate) fn verdict_pair(
        reader: &CaseReader<'_>,
        text: &str,
        default_date: Option<Date>,
        a: PairSide<'_, '_>,
        b: PairSide<'_, '_>,
    ) -> Result<(Verdict, Verdict, Date), CaseError> {
        let date = match (&mut *a.runner, &mut *b.runner) {
            #[cfg(feature = "jit")]
            (Runner::Jit(x), Runner::Jit(y)) => reader.read(
                text,
                default_date,
                &mut Both(&mut x.native.inputs(), &mut y.native.inputs()),
            )?,
            #[cfg(feature = "jit")]
            (Runner::Jit(x), Runner::Interpreter(_)) => reader.read(
                text,
                default_date,
                &mut Both(&mut x.native.inputs(), b.values),
            )?,
            #[cfg(feature = "jit")]
            (Runner::Interpreter(_), Runner::Jit(y)) => reader.read(
                text,
                default_date,
                &mut Both(a.values, &mut y.native.inputs()),
            )?,
            (Runner::Interpreter(_), Runner::Interpreter(_)) => {
                let date = reader.read(text, default_date, a.values)?;
                b.values.clone_from(a.values);
                date
            }
        };
        let va = a.runner.run_read(a.values, date, a.decision);
        let vb = b.runner.run_read(b.values, date, b.decision);
        Ok((va, vb, date))
    }

    /// The code of the runtime error that made the last case `manuell`, if one did (read
    /// through phase two into `scratch`, only for such a case: a verdict without a chosen
    /// branch).
    pub(crate) fn error_code(
        &mut self,
        verdict: &Verdict,
        scratch: &mut DecisionResult,
    ) -> Option<&'static str> {
        if verdict.chosen.is_some() {
            return None;
        }
        self.result_into(scratch);
        scratch.error.as_ref().map(|e| e.code().as_str())
    }
}

/// One of the two runners [`Runner::verdict_pair`] reads a case into: the runner, the
/// interpreter's input slots it decides from, and the decision.
pub(crate) struct PairSide<'s, 'p> {
    pub(crate) runner: &'s mut Runner<'p>,
    pub(crate) values: &'s mut Vec<Option<Value>>,
    pub(crate) decision: DecisionId,
}

impl<'p> Decider<'p> {
    /// A fresh evaluator of this decider's engine.
    pub(crate) fn runner(&self) -> Runner<'p> {
        let pack: &'p Pack = self.pack;
        #[cfg(feature = "jit")]
        if let (Engine::Jit, Some(jit)) =
            (self.engine, pack.jit.get().and_then(|j| j.as_ref().ok()))
        {
            return Runner::Jit(Box::new(JitRunner::new(jit)));
        }
        Runner::Interpreter(Box::new(Evaluator::new(&pack.program)))
    }
}
