//! The FS engine comparison in one run, as a Markdown table: every engine on the 10 000
//! cases, evaluation only and end to end, medians of N rounds (engines interleaved within a
//! round, so that the machine's load hits them alike), ratios to the hand-written function
//! from the same run. End to end, each runtime engine is measured twice: writing the full
//! decisions of `docs/beslut.md` (about 1 KB a line) and writing summary lines only
//! (`{"utfall":…,"belopp":…}`, the information of the hand-written function's lines); the
//! rows say which. Then pack build, load and JIT compile times of every example pack.
//!
//! `cargo run --release -p delegat-bench --example fs_report [--features zen] -- [ROUNDS]`
//!
//! Every engine is checked against the hand-written function first; a disagreement stops
//! the run.

#[path = "../benches/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use delegat::{BatchOutput, Pack};
use support::{EngineKind, Engines};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn main() -> Res<()> {
    let rounds: usize = std::env::args().nth(1).as_deref().unwrap_or("9").parse()?;
    let w = support::workload()?;
    let n = w.cases.len() as f64;
    let pack = support::pack()?;
    let jit = match support::jit_pack(&pack) {
        Ok(j) => Some(j),
        Err(e) => {
            eprintln!("JIT not measured: {e}");
            None
        }
    };
    let mut engines = Engines::new(&pack, jit.as_ref())?;

    // Evaluation only.
    let kinds: Vec<EngineKind> = EngineKind::ALL
        .into_iter()
        .filter(|k| k.available(&pack, jit.as_ref()))
        .collect();
    let mut prepared = Vec::new();
    for &k in &kinds {
        engines.check(k, &w)?;
        prepared.push(engines.prepare(k, &w.cases)?);
    }
    #[cfg(feature = "zen")]
    let zens = {
        let mut zens = Vec::new();
        for m in support::zen::Model::ALL {
            let z = support::zen::Zen::new(m)?;
            z.check(&w)?;
            let p = z.prepare(&w.lines)?;
            zens.push((m, z, p));
        }
        zens
    };
    let mut eval: Vec<Vec<f64>> = vec![Vec::new(); kinds.len()];
    #[cfg(feature = "zen")]
    let mut zen_eval: Vec<Vec<f64>> = vec![Vec::new(); 2];
    let mut sink = 0i64;
    for _ in 0..rounds {
        for (i, (&k, p)) in kinds.iter().zip(&prepared).enumerate() {
            let (s, t) = time(|| engines.decide_all(k, p));
            sink = sink.wrapping_add(s);
            if let Some(v) = eval.get_mut(i) {
                v.push(t.as_nanos() as f64 / n);
            }
        }
        #[cfg(feature = "zen")]
        for (i, (_, z, p)) in zens.iter().enumerate() {
            let (s, t) = time(|| z.decide_all(p));
            sink = sink.wrapping_add(s);
            if let Some(v) = zen_eval.get_mut(i) {
                v.push(t.as_nanos() as f64 / n);
            }
        }
    }
    engines.no_fallbacks()?;

    // End to end: the hand-written function, then each runtime engine writing full
    // decisions, then each writing summary lines.
    let mut e2e_names = vec!["hand-written Rust (serde_json into `Case`)".to_owned()];
    let mut runtime_deciders = vec![(EngineKind::RuntimeInterpreter, engines.runtime_interp)];
    if EngineKind::RuntimeJit.available(&pack, jit.as_ref()) {
        runtime_deciders.push((EngineKind::RuntimeJit, engines.runtime_jit));
    }
    let outputs = [BatchOutput::Decisions, BatchOutput::Summaries];
    let mut arms = Vec::new();
    for output in outputs {
        for (k, d) in &runtime_deciders {
            let what = match output {
                BatchOutput::Decisions => "full decisions",
                BatchOutput::Summaries => "**summary lines only**",
            };
            e2e_names.push(format!(
                "{} via `decide_batch`, {what}",
                k.name().replace(" (decide_values)", "")
            ));
            arms.push((*d, output));
        }
    }
    let mut out = Vec::with_capacity(w.text.len() * 8);
    for (d, output) in &arms {
        support::runtime_batch(d, engines.date, *output, &w.text, &mut out)?;
        support::check_runtime_lines(&out, &w.expected)?;
    }
    let mut e2e: Vec<Vec<f64>> = vec![Vec::new(); e2e_names.len()];
    #[cfg(feature = "zen")]
    let mut zen_e2e: Vec<Vec<f64>> = vec![Vec::new(); 2];
    for _ in 0..rounds {
        let (r, t) = time(|| support::handwritten_end_to_end(&w.text, &mut out));
        r?;
        if let Some(v) = e2e.get_mut(0) {
            v.push(t.as_nanos() as f64 / n);
        }
        for (i, (d, output)) in arms.iter().enumerate() {
            let (r, t) =
                time(|| support::runtime_batch(d, engines.date, *output, &w.text, &mut out));
            r?;
            if let Some(v) = e2e.get_mut(i + 1) {
                v.push(t.as_nanos() as f64 / n);
            }
        }
        #[cfg(feature = "zen")]
        for (i, (_, z, _)) in zens.iter().enumerate() {
            let (r, t) = time(|| z.end_to_end(&w.text, &mut out));
            r?;
            if let Some(v) = zen_e2e.get_mut(i) {
                v.push(t.as_nanos() as f64 / n);
            }
        }
    }

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "FS workload, {} cases, medians of {rounds} rounds; load average at the end: {}",
        w.cases.len(),
        load.trim()
    );
    println!("(checksum {sink})\n");
    println!("| engine | evaluation only, ns per decision | × hand-written |");
    println!("| --- | ---: | ---: |");
    let base = eval.first().cloned().map_or(f64::NAN, median);
    #[allow(unused_mut, reason = "the zen rows are added with --features zen")]
    let mut rows: Vec<(String, f64)> = kinds
        .iter()
        .zip(&eval)
        .map(|(k, v)| (k.name().to_owned(), median(v.clone())))
        .collect();
    #[cfg(feature = "zen")]
    for ((m, _, _), v) in zens.iter().zip(&zen_eval) {
        rows.push((m.name().to_owned(), median(v.clone())));
    }
    for (name, ns) in &rows {
        println!("| {name} | {ns:.0} | {:.1} |", ns / base);
    }
    let interp = rows
        .iter()
        .find(|(n, _)| n.starts_with("interpreter"))
        .map(|r| r.1);
    let jit_ns = rows
        .iter()
        .find(|(n, _)| n.starts_with("Cranelift"))
        .map(|r| r.1);
    if let (Some(i), Some(j)) = (interp, jit_ns) {
        println!(
            "\nJIT vs interpreter: {:.1}× faster; JIT vs hand-written: {:.2}×",
            i / j,
            j / base
        );
    }

    println!(
        "\n| engine | end to end from JSON lines, ns per case | cases per second | × hand-written |"
    );
    println!("| --- | ---: | ---: | ---: |");
    let base = e2e.first().cloned().map_or(f64::NAN, median);
    #[allow(unused_mut, reason = "the zen rows are added with --features zen")]
    let mut rows: Vec<(String, f64)> = e2e_names
        .iter()
        .zip(&e2e)
        .map(|(name, v)| (name.clone(), median(v.clone())))
        .collect();
    #[cfg(feature = "zen")]
    for ((m, _, _), v) in zens.iter().zip(&zen_e2e) {
        rows.push((m.name().to_owned(), median(v.clone())));
    }
    for (name, ns) in &rows {
        println!("| {name} | {ns:.0} | {:.0} | {:.1} |", 1e9 / ns, ns / base);
    }

    packs()?;
    Ok(())
}

/// Build (parse, check, lower), pack file load and JIT compile times of every example pack
/// (`examples/*.regel` of the repository, and fs.regel), medians of 5.
fn packs() -> Res<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files: Vec<_> = std::fs::read_dir(root.join("examples"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .collect();
    files.sort();
    files.push(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fs.regel"));
    println!(
        "\n| pack | source lines | build from source, ms | pack file, bytes | load pack file, ms | JIT compile, ms |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut build = Vec::new();
        let mut load = Vec::new();
        let mut compile = Vec::new();
        let mut size = 0;
        let mut jit_note = String::new();
        for _ in 0..5 {
            let (pack, t) = time(|| Pack::from_source(&name, &text, &mut delegat::NoLoader));
            let pack = pack.map_err(|e| e.render(false))?;
            build.push(t.as_secs_f64() * 1e3);
            let bytes = pack.to_bytes()?;
            size = bytes.len();
            let (loaded, t) = time(|| Pack::load(&bytes));
            loaded?;
            load.push(t.as_secs_f64() * 1e3);
            let (compiled, t) = time(|| support::jit_pack(&pack));
            match compiled {
                Ok(_) => compile.push(t.as_secs_f64() * 1e3),
                Err(e) => jit_note = e,
            }
        }
        let jit = if compile.is_empty() {
            format!("not compiled: {jit_note}")
        } else {
            format!("{:.2}", median(compile))
        };
        println!(
            "| {name} | {} | {:.2} | {size} | {:.2} | {jit} |",
            text.lines().count(),
            median(build),
            median(load)
        );
    }
    Ok(())
}
