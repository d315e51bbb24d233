//! Running cases: [`JitEvaluator`] owns the per-case buffers (frame arrays, arena, trace
//! log) and decides cases one after another, in two phases.
//!
//! Phase one (`run`, `run_native`, `run_case`) places the inputs in the frame, the values
//! of the parameters in force on the decision date (kept while the date stays the same),
//! calls the decision's native function and returns the [`Verdict`] read from the frame.
//! Everything phase two needs stays in the evaluator: the memo slots, the outputs, the
//! trace log (rule, parameter and lookup ids appended by generated code) and the arena.
//! Phase two (`result_into`) turns that into a [`DecisionResult`], the interpreter's own
//! result type (`delegat-ir`).
//!
//! Whenever the inputs are not what the program declares, or a result cannot be read back,
//! native code gives no result (`None`, `false`) rather than a wrong one; the runtime then
//! decides the case with the interpreter (`crates/delegat/src/engine.rs`), reading the
//! inputs back with [`JitEvaluator::inputs_back`] if it has no other copy.

#![expect(
    unsafe_code,
    reason = "calling generated code and reading back the inputs' slots are unsafe; both are justified"
)]

use delegat_ir::{
    Chosen, DecisionId, DecisionResult, NormDate, OutcomeKind, RuntimeError, Value, ValueTarget,
    Verdict,
};
use delegat_value::{Date, Money};

use crate::host::Host;
use crate::layout::{Cell, Finished, Frame, Status};
use crate::marshal::from_slot;
use crate::native::{INLINE_SLOTS, NativeCase, NativeInputs, byte_at};
use crate::pack::JitPack;
use crate::params::ParamSets;
use crate::result::{Case, TraceEntryRef, TraceScratch};

/// What the last phase one left for phase two.
#[derive(Debug)]
enum Last {
    /// No case was run yet.
    Nothing,
    /// Native code decided the case; the frame's state is in the evaluator.
    Native { decision: DecisionId, status: u32 },
}

/// Decides cases of one compiled pack, reusing its buffers from case to case.
#[derive(Debug)]
pub struct JitEvaluator<'j> {
    pack: &'j JitPack,
    host: Host,
    /// One slot per input; after `run_case` of a case stored on the heap, the copy of the
    /// case's block (its lists, records, presence bytes and texts follow).
    inputs: Vec<Cell>,
    /// After `run_case` of a case stored inline: the copy of its block.
    case_buf: Box<[Cell; INLINE_SLOTS]>,
    /// Whether the case's slots are in `case_buf` (else in `inputs`).
    in_buf: bool,
    /// One byte per input (1: given), unless `present_at` says where they are in the slots.
    present: Vec<u8>,
    /// After `run_case`: the slot where the presence bytes start.
    present_at: Option<usize>,
    memo: Vec<Cell>,
    /// One byte per rule (1: its memo slot is filled), in words so that clearing them
    /// for a case is a store or two.
    filled: Vec<u64>,
    /// The parameters in force, for the last date set and a few before it.
    params: ParamSets,
    out: Vec<Cell>,
    /// The last case's norm date, when its decision declares one and it was computed.
    norm: Option<NormDate>,
    /// The error when the last case's norm date was outside its decision's bounds
    /// (`Status::NormOutside`).
    norm_error: Option<RuntimeError>,
    /// The frame of the last call (its array pointers set once, the rest before each call).
    frame: Frame,
    last: Last,
    scratch: TraceScratch,
}

// SAFETY: the only field that is not `Send` by itself is the frame, whose pointers point
// into buffers this evaluator owns (moved with it; the host's address is set again before
// every call) and into the pack, which is `Sync`. They are dereferenced only during a call
// of generated code, made through `&mut self`, so on one thread at a time.
unsafe impl Send for JitEvaluator<'_> {}

impl<'j> JitEvaluator<'j> {
    /// An evaluator for `pack`.
    pub fn new(pack: &'j JitPack) -> JitEvaluator<'j> {
        let p = &pack.program;
        JitEvaluator {
            pack,
            host: Host::default(),
            inputs: vec![Cell::default(); p.inputs.len()],
            case_buf: Box::new([Cell::default(); INLINE_SLOTS]),
            in_buf: false,
            present: vec![0; p.inputs.len()],
            present_at: None,
            memo: vec![Cell::default(); p.rules.len()],
            filled: vec![0; p.rules.len().div_ceil(8)],
            params: ParamSets::default(),
            out: vec![Cell::default(); pack.out_len],
            norm: None,
            norm_error: None,
            frame: Frame::default(),
            last: Last::Nothing,
            scratch: TraceScratch::default(),
        }
    }

    /// Decides one case (the interpreter's `evaluate`): [`Self::run`] then
    /// [`Self::result_into`]; `None` when native code does not decide it (see the module
    /// docs).
    pub fn decide(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> Option<DecisionResult> {
        self.run(inputs, date, decision)?;
        let mut out = empty_result(decision);
        self.result_into(&mut out).then_some(out)
    }

    /// Starts a case and writes `inputs` (one per program input, `None` absent) into the
    /// native frame; `false` when one is not a value of its input's type.
    fn set_values(&mut self, inputs: &[Option<Value>]) -> bool {
        let mut w = self.inputs();
        for i in 0..w.p.inputs.len() {
            if let Some(Some(v)) = inputs.get(i)
                && !w.set_value(i, v)
            {
                return false;
            }
        }
        true
    }

    /// Phase one on IR values: converts the inputs to the native layout and decides;
    /// `None` when an input is not a value of its declared type, or native code does not
    /// decide the case.
    pub fn run(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> Option<Verdict> {
        if !self.set_values(inputs) {
            return None;
        }
        self.execute(date, decision)
    }

    /// Starts a new case: every input absent, the case's arena reset. The inputs written
    /// through the returned [`NativeInputs`] are decided by [`Self::run_native`].
    pub fn inputs(&mut self) -> NativeInputs<'_> {
        let pack = self.pack;
        let n = pack.program.inputs.len();
        self.host.reset();
        self.present_at = None;
        self.in_buf = false;
        self.inputs.clear();
        self.inputs.resize(n, Cell::default());
        self.present.clear();
        self.present.resize(n, 0);
        self.last = Last::Nothing;
        NativeInputs {
            p: &pack.program,
            words: &pack.input_words,
            slots: &mut self.inputs,
            present: &mut self.present,
            host: &mut self.host,
        }
    }

    /// Phase one on the inputs written through [`Self::inputs`]; `None` when native code
    /// does not decide the case ([`Self::inputs_back`] gives the inputs to the
    /// interpreter).
    pub fn run_native(&mut self, date: Date, decision: DecisionId) -> Option<Verdict> {
        self.execute(date, decision)
    }

    /// Phase one on a case converted once with [`NativeCase::new`]; `None` when the case
    /// was converted for another pack, or native code does not decide it.
    pub fn run_case(
        &mut self,
        case: &NativeCase,
        date: Date,
        decision: DecisionId,
    ) -> Option<Verdict> {
        if case.pack_id != self.pack.id {
            self.last = Last::Nothing;
            return None;
        }
        self.host.reset();
        let src = case.block();
        let block = if case.is_inline() {
            // A fixed-size copy.
            *self.case_buf = case.inline;
            self.in_buf = true;
            &mut self.case_buf[..]
        } else {
            self.inputs.clear();
            self.inputs.extend_from_slice(case.block());
            self.in_buf = false;
            &mut self.inputs[..]
        };
        self.present_at = Some(case.present as usize);
        let base = block.as_ptr() as u64;
        // The offset is read from the case, not from the copy: a load from the copy just
        // written by wide stores could not be forwarded from them and would stall.
        for &i in case.relocations() {
            let i = i as usize;
            if let (Some(s), Some(from)) = (block.get_mut(i), src.get(i)) {
                s.w0 = from.w0.wrapping_add(base);
            }
        }
        self.execute(date, decision)
    }

    /// Phase two: the full result of the last case (as [`Self::decide`] returns it),
    /// written into `out` and reusing its buffers; `false` when native code did not
    /// decide the last case or its result cannot be read back (`out` is then to be
    /// ignored, and the interpreter decides the case).
    pub fn result_into(&mut self, out: &mut DecisionResult) -> bool {
        let Last::Native { decision, status } = self.last else {
            return false;
        };
        let mut scratch = std::mem::take(&mut self.scratch);
        let read = self
            .finished()
            .decision_into(decision, status, out, &mut scratch);
        self.scratch = scratch;
        read.is_some()
    }

    /// A rule's value (the interpreter's `evaluate_value`); `None` for a parameter, a
    /// rule with arguments, inputs not of their declared types or a value that cannot be
    /// read back: the interpreter computes those.
    pub fn value(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        target: ValueTarget,
    ) -> Option<Result<Value, RuntimeError>> {
        self.value_on(inputs, date, date, target)
    }

    /// [`Self::value`] with the parameters in force on `norm_date` (the interpreter's
    /// `value_on`).
    pub fn value_on(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        norm_date: Date,
        target: ValueTarget,
    ) -> Option<Result<Value, RuntimeError>> {
        let pack = self.pack;
        self.norm = (norm_date != date).then_some(NormDate {
            date: norm_date,
            period: None,
        });
        self.norm_error = None;
        let ValueTarget::Rule(r) = target else {
            return None;
        };
        let f = pack.code.rule_fns.get(r.index()).copied().flatten()?;
        if !self.set_values(inputs) {
            return None;
        }
        let status = loop {
            let status = self.call_once(f, date, norm_date, true);
            if status != Status::LogFull as u32 {
                break status;
            }
            self.host.grow_log();
        };
        self.finished().rule_value(r, status)
    }

    /// Runs the decision's function on the inputs in the frame; the verdict, or `None`
    /// for a status the interpreter has to explain.
    #[inline(always)]
    fn execute(&mut self, date: Date, decision: DecisionId) -> Option<Verdict> {
        let pack = self.pack;
        let &f = pack.code.decision_fns.get(decision.index())?;
        self.norm = None;
        self.norm_error = None;
        let status = match pack.code.norm_fns.get(decision.index()).copied().flatten() {
            None => self.call(f, date),
            Some(n) => self.call_with_norm(n, f, date, decision)?,
        };
        let verdict = if status == 0 {
            let outcomes = pack.outcomes.get(decision.index());
            let (index, chosen) = match u32::try_from(self.frame.chosen) {
                Ok(i) => (i as usize, Chosen::Branch(i)),
                Err(_) => (
                    outcomes.map_or(0, |o| o.len().saturating_sub(1)),
                    Chosen::Otherwise,
                ),
            };
            let &(outcome, has_belopp) = outcomes.and_then(|o| o.get(index))?;
            let belopp = match (has_belopp, self.out.first()) {
                (true, Some(s)) => Some(Money::from_ore(s.w0 as i64)),
                _ => None,
            };
            Verdict {
                outcome,
                chosen: Some(chosen),
                belopp,
            }
        } else if known_status(status) {
            Verdict {
                outcome: OutcomeKind::Manuell,
                chosen: None,
                belopp: None,
            }
        } else {
            return None;
        };
        self.last = Last::Native { decision, status };
        Some(verdict)
    }

    /// The inputs of the case in the frame, read back from its slots (an input that cannot
    /// be read back is absent): for the interpreter, when native code did not decide the
    /// case.
    pub fn inputs_back(&self) -> Vec<Option<Value>> {
        let p = &self.pack.program;
        let mut values = Vec::with_capacity(p.inputs.len());
        for (i, decl) in p.inputs.iter().enumerate() {
            let (Some(&slot), Some(present)) = (self.slots().get(i), self.present_byte(i)) else {
                values.push(None);
                continue;
            };
            // SAFETY: the input slots were written by `NativeInputs` or relocated by
            // `run_case`; they point only into the host's arena, `inputs` or `case_buf`,
            // none of which changed since.
            values.push(
                (present != 0)
                    .then(|| unsafe { from_slot(slot, &decl.ty, p) })
                    .flatten(),
            );
        }
        values
    }

    /// The input slots of the case in the frame (and after them, for a `NativeCase`, the
    /// rest of its block).
    fn slots(&self) -> &[Cell] {
        if self.in_buf {
            &self.case_buf[..]
        } else {
            &self.inputs
        }
    }

    /// Whether input `i` is given (from `present` or the copied case's presence bytes).
    fn present_byte(&self, i: usize) -> Option<u8> {
        match self.present_at {
            None => self.present.get(i).copied(),
            Some(at) => byte_at(self.slots().get(at..)?, i),
        }
    }

    /// The frame's pointer to the presence bytes.
    fn present_ptr(&self) -> *const u8 {
        match self.present_at.and_then(|at| self.slots().get(at..)) {
            Some(bytes) => bytes.as_ptr().cast(),
            None => self.present.as_ptr(),
        }
    }

    /// Runs a decision that declares a norm date: its norm function on the decision date,
    /// then (the norm date computed and within its bounds) the decision's function on the
    /// same frame with the parameters in force on the norm date, as the interpreter's
    /// `Machine::decide` does; the status. `None` when a norm field cannot be read back.
    fn call_with_norm(
        &mut self,
        norm_f: usize,
        f: usize,
        date: Date,
        decision: DecisionId,
    ) -> Option<u32> {
        let pack = self.pack;
        let d = pack.program.decision(decision)?;
        loop {
            let status = self.call_once(norm_f, date, date, true);
            if status == Status::LogFull as u32 {
                self.host.grow_log();
                continue;
            }
            if status != 0 {
                return Some(status);
            }
            let mut values = [None; 4];
            let n = &d.norm;
            for (k, (slot, e)) in values
                .iter_mut()
                .zip([n.month, n.date, n.earliest, n.latest])
                .enumerate()
            {
                if e.is_some() {
                    *slot = Some(Date::from_days(self.out.get(k)?.w0 as i64).ok()?);
                }
            }
            let (norm, error) = NormDate::resolve(&pack.program, d, date, values);
            self.norm = Some(norm);
            if let Some(e) = error {
                self.norm_error = Some(e);
                return Some(Status::NormOutside as u32);
            }
            let status = self.call_once(f, date, norm.date, false);
            if status == Status::LogFull as u32 {
                // Both functions again from the start, with a larger log.
                self.host.grow_log();
                continue;
            }
            return Some(status);
        }
    }

    /// Sets the parameters in force on `date` (kept for the dates of a few ranges
    /// between version dates, `params.rs`).
    fn set_date(&mut self, date: Date) {
        self.params.set_date(self.pack, date);
    }

    /// Runs a generated function of signature `fn(frame) -> status` on the case in the
    /// frame; the frame keeps what it wrote.
    #[inline(always)]
    fn call(&mut self, f: usize, date: Date) -> u32 {
        loop {
            let status = self.call_once(f, date, date, true);
            if status != Status::LogFull as u32 {
                return status;
            }
            // The run logged more events than the log holds: run it again from the start
            // with twice the room (everything a run writes is reset by `call_once`; the
            // case's inputs are untouched). The log is kept for later cases, so this
            // happens a few times per evaluator at most.
            self.host.grow_log();
        }
    }

    /// One run of the function at `f` with `beslutsdatum` `date` and the parameters in
    /// force on `norm_date`; its status. `fresh`: on a freshly reset frame; else the memo
    /// slots and the trace log of the previous call (the norm function's) are kept.
    fn call_once(&mut self, f: usize, date: Date, norm_date: Date, fresh: bool) -> u32 {
        self.set_date(norm_date);
        if fresh {
            match self.filled.as_mut_slice() {
                [] => {}
                [w] => *w = 0,
                [a, b] => (*a, *b) = (0, 0),
                words => words.fill(0),
            }
        }
        let inputs = self.slots().as_ptr();
        let present = self.present_ptr();
        let fr = &mut self.frame;
        fr.inputs = inputs;
        fr.present = present;
        // The arrays below never move (never resized after `new`), but setting them is
        // cheaper than proving it here, and the host moves with the evaluator.
        fr.memo = self.memo.as_mut_ptr();
        fr.filled = self.filled.as_mut_ptr().cast();
        fr.params = self.params.params().as_ptr();
        fr.versions = self.params.versions().as_ptr();
        fr.out = self.out.as_mut_ptr();
        fr.host = &raw mut self.host;
        fr.log = self.host.log.as_mut_ptr();
        if fresh {
            fr.log_len = 0;
            fr.steps = i64::try_from(delegat_ir::STEP_BUDGET).unwrap_or(i64::MAX);
        }
        fr.log_cap = i64::try_from(self.host.log.len()).unwrap_or(0);
        fr.date = i64::from(date.days());
        fr.chosen = -1;
        fr.err_expr = -1;
        fr.err_a = 0;
        fr.err_b = 0;
        fr.err_c = 0;
        // SAFETY: `f` is the address of a function this pack's module generated with the
        // signature `fn(*mut Frame) -> u32` in the host's default (C) calling convention
        // (codegen/mod.rs: `status_sig(_, 1)`), and the module is alive while `self.pack`
        // is borrowed. The frame's arrays have the lengths the code indexes them with (one
        // entry per input, rule and output, sized in `new` and `inputs`; one per parameter
        // in the two arrays of the set `set_date` made current above; and `run_case`
        // copies one slot per input first), the log holds `log_cap` slots (set together
        // just above; generated code never writes past them, it returns
        // `Status::LogFull` instead), and nothing else touches them or the host during
        // the call.
        unsafe {
            let code: extern "C" fn(*mut Frame) -> u32 = std::mem::transmute(f);
            code(&raw mut self.frame)
        }
    }

    /// The finished case, for reading back.
    fn finished(&self) -> Case<'_> {
        let mut done = Finished::of(&self.frame);
        if let Some(n) = self.norm {
            // Parameters were chosen on the norm date (for a missing version's message).
            done.date = i64::from(n.date.days());
        }
        Case {
            norm: self.norm,
            norm_error: self.norm_error.as_ref(),
            p: &self.pack.program,
            consts: &self.pack.consts,
            frame: done,
            memo: &self.memo,
            versions: self.params.versions(),
            out: &self.out,
            log: self.host.log.get(..done.log_len).unwrap_or(&[]),
        }
    }
}

/// Phase two streamed, for a writer that writes the trace as it is read (`result.rs`).
impl JitEvaluator<'_> {
    /// Phase two without the trace: writes the last case's result into `out` like
    /// [`Self::result_into`], but leaves `out.trace` empty: the trace is then to be read
    /// with [`Self::stream_trace`]. `false` as for [`Self::result_into`].
    pub fn result_head_into(&mut self, out: &mut DecisionResult) -> bool {
        if let Last::Native { decision, status } = self.last
            && self.finished().head_into(decision, status, out).is_some()
        {
            out.trace.clear();
            return true;
        }
        false
    }

    /// Phase two's trace alone: the last case's trace (as [`Self::result_into`] writes it
    /// into `DecisionResult::trace`) into `out`, reusing its buffer. `false` as for
    /// [`Self::result_into`] (`out` is then to be ignored).
    pub fn trace_into(&mut self, out: &mut Vec<delegat_ir::TraceEntry>) -> bool {
        if !matches!(self.last, Last::Native { .. }) {
            return false;
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        let read = self.finished().trace_into(out, &mut scratch);
        self.scratch = scratch;
        read.is_some()
    }

    /// Hands the last case's trace to `sink`, item by item, in the order of
    /// [`DecisionResult::trace`]. `false` when native code did not decide the last case or
    /// an item could not be read back (which generated code never causes): the items
    /// handed so far are then to be dropped, and the interpreter decides the case.
    pub fn stream_trace(&mut self, mut sink: impl FnMut(TraceEntryRef<'_>)) -> bool {
        if !matches!(self.last, Last::Native { .. }) {
            return false;
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        let streamed = self
            .finished()
            .stream_trace(&mut scratch, &mut sink)
            .is_some();
        self.scratch = scratch;
        streamed
    }
}

/// Whether generated code returns this status for a runtime error the interpreter also
/// reports (anything else makes the interpreter decide the case).
fn known_status(status: u32) -> bool {
    delegat_value::ArithError::from_status(status).is_some()
        || Status::from_u32(status).is_some_and(|s| s != Status::BadValue && s != Status::LogFull)
}

/// A result to fill: no outcome yet.
fn empty_result(decision: DecisionId) -> DecisionResult {
    DecisionResult {
        decision,
        ..DecisionResult::default()
    }
}
