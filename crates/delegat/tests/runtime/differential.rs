//! Differential testing, a test layer of its own: the JIT must decide every case exactly as
//! the reference interpreter does.
//!
//! For every shipped pack (`examples/*.regel` and the FS benchmark pack) proptest generates
//! cases from the pack's declared inputs (`differential/cases.rs`) and each case is decided
//! by every decision of the pack on both engines, twice:
//! - from values: the interpreter's and the JIT's full `DecisionResult` (outcome, branch,
//!   amount, interpolated values, trace, error) must be equal, and the JIT may leave no case
//!   to the interpreter;
//! - from the case's JSON, as a caller sends it: both engines' `Decision` and the decision
//!   JSON must be equal byte for byte, and equal to the decision from values (so the JSON
//!   is the same case).
//!
//! CI decides [`CI_CASES`] cases per pack. `cargo test --release -p delegat --test runtime
//! differential:: -- --ignored` decides ten million (`DELEGAT_DIFF_CASES` sets another number)
//! with a random seed; docs/test.md says more. Every fixture of `tests/fixtures/` that
//! builds runs its exempel and a few hundred generated cases the same way.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

#[path = "differential/cases.rs"]
mod cases;

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::time::Instant;

use delegat::{Decider, Engine, Loader, NoLoader, Pack};
use delegat_diagnostics::{FileId, SourceMap};
use delegat_interp::Evaluator;
use delegat_ir::DecisionId;
use delegat_jit::{JitEvaluator, JitPack};
use proptest::test_runner::{Config, TestCaseError, TestRng, TestRunner};

use cases::Case;

/// Generated cases per pack in `cargo test`.
const CI_CASES: u32 = 10_000;

/// Generated cases per fixture.
const FIXTURE_CASES: u32 = 300;

/// Cases in all for the ignored test, spread evenly over the packs.
const BIG_CASES: u64 = 10_000_000;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Reads `använd` files relative to the file that names them (for the fixtures).
struct FsLoader;

impl Loader for FsLoader {
    fn load(&mut self, map: &mut SourceMap, from: FileId, path: &str) -> Result<FileId, String> {
        let base = map
            .get(from)
            .and_then(|f| Path::new(f.name()).parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let target = std::fs::canonicalize(base.join(path)).map_err(|e| e.to_string())?;
        let name = target.display().to_string();
        // A file already read keeps its id: that is how the checker sees a cycle.
        if let Some((id, _)) = map.iter().find(|(_, f)| f.name() == name) {
            return Ok(id);
        }
        let text = std::fs::read_to_string(&target).map_err(|e| e.to_string())?;
        Ok(map.add(name, text))
    }
}

/// The shipped packs: every `examples/*.regel` and the FS benchmark pack.
fn shipped() -> Vec<(String, Pack)> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".regel"))
        .map(|n| format!("examples/{n}"))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "{names:?}");
    names.push("crates/delegat-bench/fs.regel".to_owned());
    names
        .into_iter()
        .map(|rel| {
            let mut text = std::fs::read_to_string(root().join(&rel)).unwrap();
            if rel.ends_with("fs.regel") {
                // As in shipped.rs: the checker needs this guard to see that the table
                // lookup is covered (a declared range is not narrowed by the rule's body).
                text = text.replace(
                    "om hushållsstorlek <= 7 så",
                    "om hushållsstorlek >= 1 och hushållsstorlek <= 7 så",
                );
            }
            let pack = match Pack::from_source(&rel, &text, &mut NoLoader) {
                Ok(p) => p,
                Err(e) => panic!("{rel} is refused:\n{}", e.render(false)),
            };
            (rel, pack)
        })
        .collect()
}

/// Every fixture under `tests/fixtures/` that builds into a pack with a decision or an
/// exempel (the others are tests of refusals).
fn fixtures() -> Vec<(String, Pack)> {
    let mut files = Vec::new();
    let mut dirs = vec![root().join("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "regel") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let name = std::fs::canonicalize(&path).ok()?.display().to_string();
            let pack = Pack::from_source(&name, &text, &mut FsLoader).ok()?;
            let p = pack.program();
            (!p.decisions.is_empty() || !p.examples.is_empty()).then_some((name, pack))
        })
        .collect()
}

/// Both engines over one pack, with their buffers reused from case to case.
struct Differ<'p> {
    name: &'p str,
    pack: &'p Pack,
    interp: Evaluator<'p>,
    jit: JitEvaluator<'p>,
    /// `(interpreter, JIT)` deciders of every decision, for the JSON path.
    deciders: Vec<(Decider<'p>, Decider<'p>)>,
    /// How often each outcome was decided (`[bifall, avslag, fastställt, manuell]`) and how
    /// many of the `manuell` were runtime errors: the generator must reach them all.
    outcomes: [u64; 4],
    errors: u64,
}

impl<'p> Differ<'p> {
    fn new(name: &'p str, pack: &'p Pack, jit: &'p JitPack) -> Differ<'p> {
        let p = pack.program();
        let deciders = p
            .decisions
            .iter()
            .map(|d| {
                let on = |e: Engine| {
                    let decider = pack.engine(e).unwrap().with_decision(&d.name).unwrap();
                    assert_eq!(decider.engine(), e, "{name}: the JIT refused the pack");
                    decider
                };
                (on(Engine::Interpreter), on(Engine::Jit))
            })
            .collect();
        Differ {
            name,
            pack,
            interp: Evaluator::new(p),
            jit: JitEvaluator::new(jit),
            deciders,
            outcomes: [0; 4],
            errors: 0,
        }
    }

    /// Decides `case` by every decision on both engines; `json`: also through the JSON
    /// path and the decision JSON.
    fn check(&mut self, case: &Case, json: bool) -> Result<(), TestCaseError> {
        let p = self.pack.program();
        let name = self.name;
        for i in 0..p.decisions.len() {
            let id = DecisionId::from_index(i);
            let want = self.interp.decide(&case.inputs, case.date, id);
            // `None`: native code left the case to the interpreter, which it never should.
            let got = self.jit.decide(&case.inputs, case.date, id);
            proptest::prop_assert_eq!(
                got.as_ref(),
                Some(&want),
                "{}: decision {} differs",
                name,
                i
            );
            self.outcomes[want.outcome as usize] += 1;
            self.errors += u64::from(want.error.is_some());
        }
        if !json {
            return Ok(());
        }
        let text = cases::to_json(p, case);
        for (interp, jit) in &self.deciders {
            let want = interp.decide(&text, None).map_err(|e| {
                TestCaseError::fail(format!(
                    "{name}: a generated case is refused: {e:?}\n{text}"
                ))
            })?;
            let got = jit.decide(&text, None).map_err(|e| {
                TestCaseError::fail(format!("{name}: the JIT refuses the case: {e:?}"))
            })?;
            proptest::prop_assert_eq!(&got, &want, "{}: {}", name, text);
            proptest::prop_assert_eq!(got.to_json_string(), want.to_json_string());
            let from_values = interp.decide_values(&case.inputs, case.date);
            proptest::prop_assert_eq!(
                &from_values,
                &want,
                "{}: JSON and values differ: {}",
                name,
                text
            );
        }
        Ok(())
    }
}

/// What a run of generated cases did.
struct Ran {
    cases: u64,
    /// Decisions per outcome: bifall, avslag, fastställt, manuell.
    outcomes: [u64; 4],
    /// The `manuell` decisions that a runtime error made.
    errors: u64,
}

impl std::fmt::Display for Ran {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [b, a, fa, m] = self.outcomes;
        write!(
            f,
            "{} cases agree ({b} bifall, {a} avslag, {fa} fastställt, {m} manuell of which {} errors)",
            self.cases, self.errors
        )
    }
}

/// Runs `cases` generated cases of `pack` through both engines.
/// `json_every`: the JSON path on every n-th case.
fn differential(name: &str, pack: &Pack, cases: u32, json_every: u32, rng: TestRng) -> Ran {
    let jit = JitPack::compile(pack.program()).unwrap();
    let differ = RefCell::new(Differ::new(name, pack, &jit));
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, rng);
    let ran = Cell::new(0u64);
    let result = runner.run(&cases::case(pack.program()), |case| {
        let n = ran.get();
        ran.set(n + 1);
        differ
            .borrow_mut()
            .check(&case, n.is_multiple_of(u64::from(json_every.max(1))))
    });
    if let Err(e) = result {
        panic!("{name}: the engines differ: {e}");
    }
    let differ = differ.into_inner();
    Ran {
        cases: ran.get(),
        outcomes: differ.outcomes,
        errors: differ.errors,
    }
}

#[test]
fn generated_cases_decide_the_same_on_both_engines() {
    let packs = shipped();
    let start = Instant::now();
    for (name, pack) in &packs {
        let t = Instant::now();
        let rng = TestRng::deterministic_rng(Config::default().rng_algorithm);
        let ran = differential(name, pack, CI_CASES, 1, rng);
        assert!(ran.cases >= u64::from(CI_CASES), "{name}: {ran}");
        // The generator reaches more than the error paths: most decisions are not runtime
        // errors, and every pack gets at least two outcomes.
        let decided: u64 = ran.outcomes.iter().sum();
        assert!(ran.errors * 2 < decided, "{name}: {ran}");
        assert!(
            ran.outcomes.iter().filter(|n| **n > 0).count() >= 2,
            "{name}: {ran}"
        );
        eprintln!("{name}: {ran} in {:.1} s", t.elapsed().as_secs_f64());
    }
    eprintln!(
        "{} packs, {} cases each: {:.1} s",
        packs.len(),
        CI_CASES,
        start.elapsed().as_secs_f64()
    );
}

#[test]
fn every_exempel_of_every_pack_passes_on_both_engines() {
    for (name, pack) in shipped() {
        let report = pack.run_examples(delegat::Date::from_ymd(2026, 3, 1).unwrap());
        assert!(!report.jit_fallback, "{name}");
        assert_eq!(report.engines, [Engine::Interpreter, Engine::Jit], "{name}");
        assert!(!report.results.is_empty(), "{name}");
        for r in &report.results {
            assert!(r.passed(), "{name}: \"{}\": {r:?}", r.name);
        }
    }
}

#[test]
fn every_fixture_that_builds_decides_the_same_on_both_engines() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 10, "{}", fixtures.len());
    eprintln!("{} fixtures build", fixtures.len());
    let date = delegat::Date::from_ymd(2026, 3, 1).unwrap();
    for (name, pack) in &fixtures {
        let report = pack.run_examples(date);
        assert!(!report.jit_fallback, "{name}: the JIT refused it");
        for r in &report.results {
            assert!(r.disagreements.is_empty(), "{name}: \"{}\": {r:?}", r.name);
        }
        if !pack.program().decisions.is_empty() {
            let rng = TestRng::deterministic_rng(Config::default().rng_algorithm);
            differential(name, pack, FIXTURE_CASES, 1, rng);
        }
    }
}

#[test]
#[ignore = "ten million cases: run with --release (docs/test.md)"]
fn ten_million_generated_cases_decide_the_same_on_both_engines() {
    let total: u64 = std::env::var("DELEGAT_DIFF_CASES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(BIG_CASES);
    let packs = shipped();
    let per_pack = u32::try_from(total.div_ceil(packs.len() as u64)).unwrap_or(u32::MAX);
    let start = Instant::now();
    let seed = seed();
    let ran: u64 = std::thread::scope(|s| {
        let handles: Vec<_> = packs
            .iter()
            .map(|(name, pack)| {
                s.spawn(move || {
                    let t = Instant::now();
                    let rng = TestRng::from_seed(Config::default().rng_algorithm, &seed);
                    // The JSON path costs ~50× the evaluation: every 64th case takes it.
                    let ran = differential(name, pack, per_pack, 64, rng);
                    eprintln!("{name}: {ran} in {:.0} s", t.elapsed().as_secs_f64());
                    ran.cases
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert!(ran >= total, "{ran} < {total}");
    eprintln!("{ran} cases in all: {:.0} s", start.elapsed().as_secs_f64());
}

/// A fresh 32-byte seed (printed, so a failure can be rerun with `DELEGAT_DIFF_SEED`).
fn seed() -> [u8; 32] {
    use std::hash::{BuildHasher, Hasher};
    let given: Option<u64> = std::env::var("DELEGAT_DIFF_SEED")
        .ok()
        .and_then(|v| v.parse().ok());
    let base = given.unwrap_or_else(|| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0);
        h.finish()
    });
    eprintln!("seed: DELEGAT_DIFF_SEED={base}");
    let mut out = [0u8; 32];
    for (i, chunk) in out.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&base.wrapping_add(i as u64).to_le_bytes());
    }
    out
}
