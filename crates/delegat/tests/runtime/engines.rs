//! `Engine::Jit` runs native code and decides exactly as `Engine::Interpreter`: the shipped
//! packs' exempel cases as JSON, and generated FS cases through the batch path, compared
//! decision by decision (outcome, amount, motivering, trace, error) and byte by byte.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "helpers of integration tests fail loudly"
)]

use std::path::Path;

use delegat::{Date, Engine, NoLoader, Pack};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn build_text(rel: &str, text: &str) -> Pack {
    match Pack::from_source(rel, text, &mut NoLoader) {
        Ok(p) => p,
        Err(e) => panic!("{rel} is refused:\n{}", e.render(false)),
    }
}

fn default_date() -> Date {
    Date::from_ymd(2026, 3, 1).unwrap()
}

#[test]
fn the_shipped_packs_decide_the_same_on_both_engines() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".regel"))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "{names:?}");
    let mut cases = 0;
    for name in names {
        let rel = format!("examples/{name}");
        let pack = build_text(&rel, &std::fs::read_to_string(root().join(&rel)).unwrap());
        let interp = pack.engine(Engine::Interpreter).unwrap();
        let jit = pack.engine(Engine::Jit).unwrap();
        assert_eq!(
            jit.engine(),
            Engine::Jit,
            "{name}: the JIT refused the pack"
        );
        for (ex, case) in pack.example_cases() {
            let want = interp.decide(&case, Some(default_date()));
            let got = jit.decide(&case, Some(default_date()));
            assert_eq!(got, want, "{name}: \"{ex}\"");
            cases += 1;
        }
    }
    assert!(cases > 50, "{cases}");
}

#[test]
fn generated_fs_cases_give_the_same_batch_output() {
    let rel = "crates/delegat-bench/fs.regel";
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    // As in shipped.rs: the guard the checker needs to see that the table lookup is covered.
    let guarded = text.replace(
        "om hushållsstorlek <= 7 så",
        "om hushållsstorlek >= 1 och hushållsstorlek <= 7 så",
    );
    let pack = build_text(rel, &guarded);
    let lines: Vec<String> = delegat_bench::generate::json_lines(2000, 7).collect();
    let input = lines.join("\n");
    let run = |engine: Engine| {
        let d = pack.engine(engine).unwrap();
        assert_eq!(d.engine(), engine);
        let mut out = Vec::new();
        let summary = d
            .decide_batch(input.as_bytes(), &mut out, Some(default_date()), |_| {})
            .unwrap();
        assert_eq!(summary.cases, 2000);
        String::from_utf8(out).unwrap()
    };
    let want = run(Engine::Interpreter);
    let got = run(Engine::Jit);
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "case {i}: {}", lines[i]);
    }
    assert_eq!(got, want);
}

#[test]
fn a_case_native_code_does_not_decide_is_decided_by_the_interpreter() {
    // Native code decides only inputs of their declared types; `decide_values` takes any
    // values, so a text where a heltal is declared leaves the case to the interpreter,
    // through the runtime (the JIT has no interpreter of its own).
    let rel = "examples/forsorjningsstod.regel";
    let pack = build_text(rel, &std::fs::read_to_string(root().join(rel)).unwrap());
    let interp = pack.engine(Engine::Interpreter).unwrap();
    let jit = pack.engine(Engine::Jit).unwrap();
    assert_eq!(jit.engine(), Engine::Jit);
    let (_, case) = pack.example_cases().into_iter().next().unwrap();
    let read = jit.decide(&case, Some(default_date())).unwrap();
    let p = pack.program();
    let mut inputs: Vec<Option<delegat_ir::Value>> = vec![None; p.inputs.len()];
    let heltal = p
        .inputs
        .iter()
        .position(|i| i.ty == delegat_ir::Type::Int)
        .unwrap();
    inputs[heltal] = Some(delegat_ir::Value::Text("två".into()));
    let want = interp.decide_values(&inputs, default_date());
    let got = jit.decide_values(&inputs, default_date());
    assert_eq!(got, want);
    assert_eq!(got.utfall, delegat::Utfall::Manuell, "{got:?}");
    assert_ne!(got, read);
}
