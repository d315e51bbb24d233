//! The FS engine comparison's common harness: the 10k cases and their expected decisions,
//! the pack built from `fs.regel`, each engine's input form, and the agreement check.
//!
//! Shared by `benches/fs.rs` (divan), `examples/fs_report.rs` (one-run table) and
//! `tests/agree.rs` (the untimed agreement test) through `#[path]`, so that every one of them
//! decides with exactly the same adapters. Adding an engine is one [`EngineKind`] entry:
//! its input form in [`Prepared`], its decide in [`Engines::decide`].

#![allow(
    dead_code,
    reason = "each includer uses a different part of the harness"
)]

#[cfg(feature = "zen")]
pub mod zen;

use std::path::PathBuf;

use delegat::{BatchOptions, BatchOutput, Date, Decider, Engine, Pack, Session, Utfall};
use delegat_bench::{Case, Decision, Outcome, handwritten, parse_expected};
use delegat_interp::Evaluator;
use delegat_ir::{DecisionId, OutcomeKind, Program, Value};
use delegat_jit::{JitEvaluator, JitPack, NativeCase};
use delegat_value::Money;

/// The decision date passed to fs.regel (its parameters are in force from 2020-01-01).
pub const DATE: (i32, u32, u32) = (2026, 1, 15);

/// The seed of the workload's 10 000 generated cases.
pub const SEED: u64 = 2024;

/// The number of cases in the workload.
pub const CASES: usize = 10_000;

/// `peers/` in this crate: the peer engines' encodings of the workload.
pub fn peers_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peers")
}

/// The decision date as a Delegat date.
pub fn date() -> Result<Date, String> {
    Date::from_ymd(DATE.0, DATE.1, DATE.2).map_err(|e| format!("{e:?}"))
}

/// The workload: the JSON lines, the parsed cases and the expected decisions.
pub struct Workload {
    /// The cases as JSON lines (one case per line, each ending in `\n`).
    pub text: String,
    /// The lines.
    pub lines: Vec<String>,
    /// The cases, parsed once.
    pub cases: Vec<Case>,
    /// The expected decisions: the hand-written function's, which the committed sample ties
    /// to the peers' (`delegat_bench::sample`).
    pub expected: Vec<Decision>,
}

/// The workload: [`CASES`] cases generated from [`SEED`] (crates/delegat-bench/README.md),
/// expected as the hand-written function decides them.
pub fn workload() -> Result<Workload, String> {
    let lines: Vec<String> = delegat_bench::generate::json_lines(CASES, SEED).collect();
    workload_of(lines, None)
}

/// The committed sample (`delegat_bench::sample`): 1 000 cases with the decisions the peer
/// engines confirmed.
pub fn sample() -> Result<Workload, String> {
    let lines = delegat_bench::sample::CASES
        .lines()
        .map(str::to_owned)
        .collect();
    let expected = delegat_bench::sample::EXPECTED
        .lines()
        .map(|l| parse_expected(l).ok_or_else(|| format!("bad expected line {l}")))
        .collect::<Result<Vec<_>, _>>()?;
    workload_of(lines, Some(expected))
}

/// A workload of `lines`, expected as given or else as the hand-written function decides.
fn workload_of(lines: Vec<String>, expected: Option<Vec<Decision>>) -> Result<Workload, String> {
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for line in &lines {
        text.push_str(line);
        text.push('\n');
    }
    let cases = lines
        .iter()
        .map(|l| serde_json::from_str::<Case>(l).map_err(|e| format!("{l}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let expected = expected.unwrap_or_else(|| cases.iter().map(handwritten::decide).collect());
    if cases.len() != expected.len() {
        return Err(format!(
            "{} cases, {} expected",
            cases.len(),
            expected.len()
        ));
    }
    Ok(Workload {
        text,
        lines,
        cases,
        expected,
    })
}

/// Builds the pack from `fs.regel`.
pub fn pack() -> Result<Pack, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fs.regel");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Pack::from_source("fs.regel", &text, &mut delegat::NoLoader).map_err(|e| e.render(false))
}

/// The engines of the comparison. The JIT runs directly (`JitEvaluator`) and through the
/// runtime's `Engine::Jit`; while the runtime still falls back to the interpreter for the
/// latter, [`EngineKind::available`] says so and the harness leaves it out rather than
/// timing the interpreter twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineKind {
    /// `delegat_bench::handwritten::decide` on the `Case` struct.
    Handwritten,
    /// `delegat_interp::Evaluator::run`, one evaluator reused: evaluation proper (phase one:
    /// outcome, amount and the motivering's values; the trace stays a log of ids).
    Interpreter,
    /// `delegat_jit::JitEvaluator::run_case` on cases converted once to `NativeCase`, one
    /// evaluator reused: native code from Cranelift (phase one: the verdict, with what the
    /// full result needs kept in the evaluator).
    Jit,
    /// The runtime's `Session::decide_values` (one session reused) with
    /// `Engine::Interpreter`: evaluation and the full `delegat::Decision` (motivering, trace,
    /// pack identity).
    RuntimeInterpreter,
    /// The runtime's `Session::decide_values` with `Engine::Jit`.
    RuntimeJit,
}

impl std::fmt::Display for EngineKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EngineKind::Handwritten => "handwritten",
            EngineKind::Interpreter => "interpreter",
            EngineKind::Jit => "jit",
            EngineKind::RuntimeInterpreter => "runtime_interpreter",
            EngineKind::RuntimeJit => "runtime_jit",
        })
    }
}

impl EngineKind {
    /// Every engine, in table order.
    pub const ALL: [EngineKind; 5] = [
        EngineKind::Handwritten,
        EngineKind::Interpreter,
        EngineKind::Jit,
        EngineKind::RuntimeInterpreter,
        EngineKind::RuntimeJit,
    ];

    /// The name in tables.
    pub fn name(self) -> &'static str {
        match self {
            EngineKind::Handwritten => "hand-written Rust",
            EngineKind::Interpreter => "interpreter (Evaluator::run)",
            EngineKind::Jit => "Cranelift JIT (JitEvaluator::run_case)",
            EngineKind::RuntimeInterpreter => "runtime, Engine::Interpreter (decide_values)",
            EngineKind::RuntimeJit => "runtime, Engine::Jit (decide_values)",
        }
    }

    /// Whether the engine really runs (the JIT only once the runtime does not fall back).
    pub fn available(self, pack: &Pack, jit: Option<&JitPack>) -> bool {
        match self {
            EngineKind::Jit => jit.is_some(),
            EngineKind::RuntimeJit => pack
                .engine(Engine::Jit)
                .is_ok_and(|d| d.engine() == Engine::Jit),
            _ => true,
        }
    }
}

/// The deciders of one pack.
pub struct Engines<'p> {
    pub program: &'p Program,
    pub decision: DecisionId,
    pub date: Date,
    pub interp: Evaluator<'p>,
    pub runtime_interp: Decider<'p>,
    pub runtime_jit: Decider<'p>,
    /// Sessions of the two runtime deciders (their buffers reused from case to case).
    pub runtime_interp_session: Session<'p>,
    pub runtime_jit_session: Session<'p>,
    pub jit: Option<JitEvaluator<'p>>,
    /// How many cases native code left to the interpreter (see [`Self::no_fallbacks`]).
    jit_left: u64,
    pub jit_pack: Option<&'p JitPack>,
}

/// The pack compiled by the JIT.
pub fn jit_pack(pack: &Pack) -> Result<JitPack, String> {
    JitPack::compile(pack.program()).map_err(|e| e.to_string())
}

/// The cases in each engine's input form, converted once.
pub enum Prepared<'w> {
    /// The parsed `Case` structs.
    Cases(&'w [Case]),
    /// One input slot vector per case, in the program's input order.
    Values(Vec<Vec<Option<Value>>>),
    /// The cases in the JIT's native layout.
    Native(Vec<NativeCase>),
}

impl<'p> Engines<'p> {
    /// The runtime decider of a runtime engine kind (the JIT's for `RuntimeJit`, else the
    /// interpreter's).
    pub fn runtime(&self, kind: EngineKind) -> Decider<'p> {
        if kind == EngineKind::RuntimeJit {
            self.runtime_jit
        } else {
            self.runtime_interp
        }
    }

    /// Deciders for `pack`'s default decision; `jit` is the pack compiled by the JIT.
    pub fn new(pack: &'p Pack, jit: Option<&'p JitPack>) -> Result<Engines<'p>, String> {
        let decision = pack.default_decision().ok_or("the pack has no decision")?;
        let runtime_interp = pack
            .engine(Engine::Interpreter)
            .map_err(|e| e.to_string())?;
        let runtime_jit = pack.engine(Engine::Jit).map_err(|e| e.to_string())?;
        Ok(Engines {
            program: pack.program(),
            decision,
            date: date()?,
            interp: Evaluator::new(pack.program()),
            runtime_interp,
            runtime_jit,
            runtime_interp_session: runtime_interp.session(),
            runtime_jit_session: runtime_jit.session(),
            jit: jit.map(JitEvaluator::new),
            jit_left: 0,
            jit_pack: jit,
        })
    }

    /// The cases converted into `kind`'s input form.
    pub fn prepare<'w>(&self, kind: EngineKind, cases: &'w [Case]) -> Result<Prepared<'w>, String> {
        Ok(match kind {
            EngineKind::Handwritten => Prepared::Cases(cases),
            EngineKind::Jit => {
                let pack = self.jit_pack.ok_or("the JIT did not compile the pack")?;
                Prepared::Native(
                    cases
                        .iter()
                        .map(|c| {
                            NativeCase::new(pack, &values(self.program, c)?)
                                .ok_or_else(|| format!("case {c:?} is not of the input types"))
                        })
                        .collect::<Result<_, _>>()?,
                )
            }
            _ => Prepared::Values(
                cases
                    .iter()
                    .map(|c| values(self.program, c))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// Decides case `i` of `prepared` with `kind`.
    #[inline]
    pub fn decide(&mut self, kind: EngineKind, prepared: &Prepared<'_>, i: usize) -> Decision {
        match (kind, prepared) {
            (EngineKind::Handwritten, Prepared::Cases(cases)) => match cases.get(i) {
                Some(c) => handwritten::decide(c),
                None => WRONG,
            },
            (EngineKind::Interpreter, Prepared::Values(v)) => match v.get(i) {
                Some(inputs) => {
                    let r = self.interp.run(inputs, self.date, self.decision);
                    from_ir(r.outcome, r.belopp)
                }
                None => WRONG,
            },
            (EngineKind::Jit, Prepared::Native(v)) => match (v.get(i), self.jit.as_mut()) {
                // A case native code does not decide is a wrong decision here: its timing
                // would be the interpreter's.
                (Some(case), Some(jit)) => match jit.run_case(case, self.date, self.decision) {
                    Some(r) => from_ir(r.outcome, r.belopp),
                    None => {
                        self.jit_left += 1;
                        WRONG
                    }
                },
                _ => WRONG,
            },
            (EngineKind::RuntimeInterpreter, Prepared::Values(v)) => match v.get(i) {
                Some(inputs) => {
                    from_runtime(&self.runtime_interp_session.decide_values(inputs, self.date))
                }
                None => WRONG,
            },
            (EngineKind::RuntimeJit, Prepared::Values(v)) => match v.get(i) {
                Some(inputs) => {
                    from_runtime(&self.runtime_jit_session.decide_values(inputs, self.date))
                }
                None => WRONG,
            },
            _ => WRONG,
        }
    }

    /// Decides every prepared case; the number of decisions with an amount, so that the
    /// work cannot be optimised away.
    pub fn decide_all(&mut self, kind: EngineKind, prepared: &Prepared<'_>) -> i64 {
        let n = match prepared {
            Prepared::Cases(c) => c.len(),
            Prepared::Values(v) => v.len(),
            Prepared::Native(v) => v.len(),
        };
        let mut sum = 0i64;
        for i in 0..n {
            sum = sum.wrapping_add(self.decide(kind, prepared, i).amount);
        }
        sum
    }

    /// Checks `kind` against the expected decisions: an error naming the first difference.
    pub fn check(&mut self, kind: EngineKind, w: &Workload) -> Result<(), String> {
        let prepared = self.prepare(kind, &w.cases)?;
        for (i, exp) in w.expected.iter().enumerate() {
            let got = self.decide(kind, &prepared, i);
            if got != *exp {
                return Err(format!(
                    "{}: case {i} ({:?}) decided {got:?}, expected {exp:?}",
                    kind.name(),
                    w.cases.get(i)
                ));
            }
        }
        self.no_fallbacks()
    }

    /// An error if native code left any case to the interpreter (its timing would then be
    /// the interpreter's).
    pub fn no_fallbacks(&self) -> Result<(), String> {
        match self.jit_left {
            0 => Ok(()),
            n => Err(format!("the JIT left {n} cases to the interpreter")),
        }
    }
}

/// A decision no engine makes: what a missing case or a wrong pairing decides, so that the
/// agreement check fails on it.
const WRONG: Decision = Decision {
    outcome: Outcome::Manual,
    amount: i64::MIN,
};

/// The case's inputs as the program's input slots (the form `case::read` produces).
pub fn values(p: &Program, c: &Case) -> Result<Vec<Option<Value>>, String> {
    let money = |k: i64| {
        Money::from_kronor(k)
            .map(Value::Money)
            .map_err(|e| format!("{e:?}"))
    };
    let mut slots = vec![None; p.inputs.len()];
    let mut set = |name: &str, v: Value| -> Result<(), String> {
        let id = p
            .input_by_name(name)
            .ok_or_else(|| format!("no input {name}"))?;
        let slot = slots.get_mut(id.index()).ok_or("input id out of range")?;
        *slot = Some(v);
        Ok(())
    };
    set("adults", Value::Int(c.adults))?;
    set(
        "children",
        Value::list(
            c.children
                .iter()
                .map(|&a| Value::Int(a))
                .collect::<Vec<_>>(),
        ),
    )?;
    set("housing", money(c.housing)?)?;
    set("electricity", money(c.electricity)?)?;
    set("travel", money(c.travel)?)?;
    set(
        "incomes",
        Value::list(
            c.incomes
                .iter()
                .map(|&k| money(k))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    )?;
    set(
        "special_circumstances",
        Value::Bool(c.special_circumstances),
    )?;
    Ok(slots)
}

/// Whole kronor of an amount in öre; `None` for a fraction of a krona (FS has none).
fn kronor(m: Option<Money>) -> Option<i64> {
    let ore = m.map_or(0, Money::ore);
    (ore % 100 == 0).then_some(ore / 100)
}

fn decision(outcome: Outcome, belopp: Option<Money>) -> Decision {
    match kronor(belopp) {
        Some(amount) => Decision { outcome, amount },
        None => WRONG,
    }
}

/// The interpreter's outcome as an FS decision.
pub fn from_ir(outcome: OutcomeKind, belopp: Option<Money>) -> Decision {
    match outcome {
        OutcomeKind::Bifall => decision(Outcome::Grant, belopp),
        OutcomeKind::Avslag => decision(Outcome::Reject, belopp),
        OutcomeKind::Manuell => decision(Outcome::Manual, belopp),
        OutcomeKind::Faststallt => WRONG,
    }
}

/// The runtime's decision as an FS decision.
pub fn from_runtime(d: &delegat::Decision) -> Decision {
    match d.utfall {
        Utfall::Bifall => decision(Outcome::Grant, d.belopp),
        Utfall::Avslag => decision(Outcome::Reject, d.belopp),
        Utfall::Manuell => decision(Outcome::Manual, d.belopp),
        Utfall::Faststallt => WRONG,
    }
}

/// The outcome word of the FS result lines.
pub fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Grant => "grant",
        Outcome::Reject => "reject",
        Outcome::Manual => "manual",
    }
}

/// End to end for the hand-written function: every JSON line parsed by serde_json into the
/// `Case` struct, decided, and a small JSON result line written to `out`.
pub fn handwritten_end_to_end(text: &str, out: &mut Vec<u8>) -> Result<(), String> {
    use std::io::Write;
    out.clear();
    for line in text.lines() {
        let case: Case = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let d = handwritten::decide(&case);
        writeln!(
            out,
            "{{\"outcome\":\"{}\",\"amount\":{}}}",
            outcome_word(d.outcome),
            d.amount
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// End to end for a runtime engine: `decide_batch` from the JSON lines to the decision JSON
/// lines of `docs/beslut.md` (with motivering, trace and pack identity).
pub fn runtime_end_to_end(
    d: &Decider<'_>,
    date: Date,
    text: &str,
    out: &mut Vec<u8>,
) -> Result<u64, String> {
    runtime_batch(d, date, BatchOutput::Decisions, text, out)
}

/// End to end for a runtime engine writing `output`: the full decisions (as
/// [`runtime_end_to_end`]) or the summary lines (`{"utfall":…,"belopp":…}`, the same
/// information as the hand-written function's lines), through `Decider::decide_batch_with`
/// on one thread.
pub fn runtime_batch(
    d: &Decider<'_>,
    date: Date,
    output: BatchOutput,
    text: &str,
    out: &mut Vec<u8>,
) -> Result<u64, String> {
    out.clear();
    let opts = BatchOptions {
        default_date: Some(date),
        output,
        ..BatchOptions::default()
    };
    let summary = d
        .decide_batch_with(text.as_bytes(), &mut *out, &opts, |_| {})
        .map_err(|e| e.to_string())?;
    if summary.fel != 0 {
        return Err(format!("{} error lines", summary.fel));
    }
    Ok(summary.cases)
}

/// Checks the decision JSON lines (or summary lines) of a runtime batch against the expected
/// decisions: `utfall` and `belopp`, the keys both kinds of line share.
pub fn check_runtime_lines(out: &[u8], expected: &[Decision]) -> Result<(), String> {
    let text = std::str::from_utf8(out).map_err(|e| e.to_string())?;
    let mut n = 0;
    for (i, (line, exp)) in text.lines().zip(expected).enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let outcome = match v.get("utfall").and_then(|u| u.as_str()) {
            Some("bifall") => Outcome::Grant,
            Some("avslag") => Outcome::Reject,
            Some("manuell") => Outcome::Manual,
            other => return Err(format!("line {i}: utfall {other:?}")),
        };
        let amount = match outcome {
            Outcome::Grant => {
                belopp_kronor(&v).ok_or_else(|| format!("line {i}: belopp in {line}"))?
            }
            _ => 0,
        };
        let got = Decision { outcome, amount };
        if got != *exp {
            return Err(format!("line {i}: {got:?}, expected {exp:?}: {line}"));
        }
        n += 1;
    }
    if n != expected.len() {
        return Err(format!("{n} lines, {} expected", expected.len()));
    }
    Ok(())
}

/// The `belopp` of a decision line in whole kronor (`docs/beslut.md`).
fn belopp_kronor(v: &serde_json::Value) -> Option<i64> {
    let text = v.get("belopp")?.to_string();
    let text = text.trim_matches('"');
    let (kr, frac) = text.split_once('.').unwrap_or((text, "0"));
    if frac.trim_end_matches('0').is_empty() {
        kr.parse().ok()
    } else {
        None
    }
}
