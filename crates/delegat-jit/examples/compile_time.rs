//! Pack load and JIT compile times for every example pack (not a test: a measurement).
//!
//! Each `examples/*.regel` file and `crates/delegat-bench/fs.regel` is built into a pack
//! file as `delegat build` writes it (`delegat_ir::pack::save`); then, `N` times (default
//! 21), the pack file is loaded as `delegat::Pack::load` does
//! (`delegat_ir::pack::load_with_hash`: parsed, hash recomputed and compared, verified) and
//! compiled with `JitPack::compile`. Prints the medians.
//!
//! With `--run` (after `N`), also the run time of the compiled code: `run_case` on the
//! pack's `exempel` cases (to see that a compile setting does not slow the code down).
//!
//! `cargo run --release -p delegat-jit --example compile_time -- [N] [--run]`, `-- --clif FILE`
//! for the Cranelift IR of one rule file, or `-- --loop FILE N` to load and compile one
//! rule file `N` times (for `perf record`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use delegat_diagnostics::{FileId, SourceMap};
use delegat_ir::{DecisionId, Value};
use delegat_jit::{JitEvaluator, JitPack, NativeCase};
use delegat_value::Date;

struct NoFiles;

impl delegat_check::Loader for NoFiles {
    fn load(&mut self, _: &mut SourceMap, _: FileId, path: &str) -> Result<FileId, String> {
        Err(format!("`{path}` läses inte här"))
    }
}

fn build(path: &Path) -> Result<Vec<u8>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut map = SourceMap::new();
    let file = map.add(path.display().to_string(), text.clone());
    let (ast, _) = delegat_syntax::parse(file, &text);
    let (checked, diags) = delegat_check::check(&mut map, file, &ast, &mut NoFiles);
    let checked = checked.ok_or_else(|| format!("does not check: {diags:?}"))?;
    let program = delegat_lower::lower(&checked).map_err(|d| format!("{d:?}"))?;
    delegat_ir::pack::save(&program).map_err(|e| e.to_string())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    if let (Some("--clif"), Some(path)) =
        (std::env::args().nth(1).as_deref(), std::env::args().nth(2))
    {
        // The Cranelift IR of one pack, for reading what the JIT generates.
        let program = build(Path::new(&path))
            .and_then(|b| delegat_ir::pack::load(&b).map_err(|e| e.to_string()));
        match program.and_then(|p| JitPack::compile_with_clif(&p).map_err(|e| e.to_string())) {
            Ok((_, clif)) => print!("{clif}"),
            Err(e) => eprintln!("{path}: {e}"),
        }
        return;
    }
    if let (Some("--loop"), Some(path), n) = (
        std::env::args().nth(1).as_deref(),
        std::env::args().nth(2),
        std::env::args()
            .nth(3)
            .and_then(|a| a.parse::<usize>().ok()),
    ) {
        // Load and compile one pack `N` times, for a profiler (`perf record`).
        let bytes = match build(Path::new(&path)) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                return;
            }
        };
        for _ in 0..n.unwrap_or(100) {
            match delegat_ir::pack::load_with_hash(&bytes) {
                Ok((p, _)) => {
                    if let Err(e) = JitPack::compile(&p) {
                        eprintln!("{path}: {e}");
                    }
                }
                Err(e) => eprintln!("{path}: {e}"),
            }
        }
        return;
    }
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(21);
    let run = std::env::args().any(|a| a == "--run");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo.join("examples"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "regel"));
    files.sort();
    files.push(repo.join("crates/delegat-bench/fs.regel"));
    if run {
        println!(
            "| pack | pack file | load (ms) | compile (ms) | load + compile (ms) | run_case (ns) |"
        );
        println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    } else {
        println!("| pack | pack file | load (ms) | compile (ms) | load + compile (ms) |");
        println!("| --- | ---: | ---: | ---: | ---: |");
    }
    for path in files {
        let name = path
            .file_name()
            .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let bytes = match build(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{name}: {e}");
                continue;
            }
        };
        let (mut load, mut compile, mut both) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..n {
            let t0 = Instant::now();
            // As `delegat::Pack::load` reads a pack: the program and its verified hash.
            let program = match delegat_ir::pack::load_with_hash(&bytes) {
                Ok((p, _)) => p,
                Err(e) => {
                    eprintln!("{name}: {e}");
                    break;
                }
            };
            let t1 = Instant::now();
            let pack = JitPack::compile(&program);
            let t2 = Instant::now();
            if let Err(e) = pack {
                eprintln!("{name}: {e}");
            }
            load.push(t1 - t0);
            compile.push(t2 - t1);
            both.push(t2 - t0);
        }
        let run_ns = if run {
            delegat_ir::pack::load(&bytes)
                .ok()
                .and_then(|p| run_time(&p))
                .map_or_else(|| " – |".to_string(), |ns| format!(" {ns:.0} |"))
        } else {
            String::new()
        };
        println!(
            "| {name} | {} KB | {} | {} | {} |{run_ns}",
            bytes.len() / 1024,
            ms(median(load)),
            ms(median(compile)),
            ms(median(both))
        );
    }
}

/// Nanoseconds per decision of `JitEvaluator::run_case` on the pack's `exempel` cases, every
/// decision of the pack, the best of 7 rounds of 2 000 repetitions.
fn run_time(p: &delegat_ir::Program) -> Option<f64> {
    let pack = JitPack::compile(p).ok()?;
    let mut ev = JitEvaluator::new(&pack);
    let default_day = Date::from_days(20_454).ok()?; // 2026-01-01
    let cases: Vec<(NativeCase, Date)> = p
        .examples
        .iter()
        .filter_map(|ex| {
            let mut inputs: Vec<Option<Value>> = vec![None; p.inputs.len()];
            for g in &ex.givet {
                *inputs.get_mut(g.input.index())? = Some(g.value.clone());
            }
            Some((
                NativeCase::new(&pack, &inputs)?,
                ex.date.unwrap_or(default_day),
            ))
        })
        .collect();
    let decisions = (0..p.decisions.len()).filter_map(|d| u32::try_from(d).ok().map(DecisionId));
    let decisions: Vec<DecisionId> = decisions.collect();
    let per_round = 2000 * cases.len() * decisions.len();
    if per_round == 0 {
        return None;
    }
    let mut best = f64::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        for _ in 0..2000 {
            for (case, day) in &cases {
                for d in &decisions {
                    std::hint::black_box(ev.run_case(case, *day, *d));
                }
            }
        }
        best = best.min(t.elapsed().as_secs_f64() * 1e9 / per_round as f64);
    }
    Some(best)
}
