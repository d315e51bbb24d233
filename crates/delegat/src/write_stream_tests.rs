//! The JIT's streamed decision lines (`Runner::write_text`: the head from the frame, the
//! trace item by item) and the summary lines against `Decision::to_json_string` and
//! `Decision::to_summary_json_string`, on every shipped pack's exempel, with each input left
//! out in turn (runtime errors, exceptions, every kind of trace item), on both engines.

use crate::write::tests::{date, root};
use crate::{Engine, NoLoader, Pack};

#[test]
fn streamed_lines_are_the_decisions_bytes_on_every_shipped_exempel() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".regel"))
        .map(|n| format!("examples/{n}"))
        .collect();
    names.push("crates/delegat-bench/fs.regel".into());
    // A case without `beslutsdatum` is decided on one of these; on the second no norm is
    // in force yet (runtime errors).
    let defaults = [Some(date(2026, 3, 1)), Some(date(1990, 1, 1))];
    let (mut lines, mut errors, mut exceptions) = (0, 0, 0);
    for name in names {
        let text = std::fs::read_to_string(root().join(&name)).unwrap();
        let pack = Pack::from_source(&name, &text, &mut NoLoader).unwrap();
        let mut cases = Vec::new();
        for (_, json) in pack.example_cases() {
            let case: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&json).unwrap();
            for leave_out in std::iter::once(None).chain(case.keys().map(Some)) {
                let mut c = case.clone();
                if let Some(k) = leave_out {
                    c.remove(k);
                }
                cases.push(serde_json::Value::Object(c).to_string());
            }
        }
        let decisions: Vec<String> = pack
            .program()
            .decisions
            .iter()
            .map(|d| d.name.clone())
            .collect();
        for engine in [Engine::Interpreter, Engine::Jit] {
            for decision in &decisions {
                let d = pack
                    .engine(engine)
                    .unwrap()
                    .with_decision(decision)
                    .unwrap();
                let mut s = d.session();
                for (case, default) in cases.iter().flat_map(|c| defaults.map(|d| (c, d))) {
                    let (mut out, mut summary) = (Vec::new(), Vec::new());
                    let got = s.write_json(case, default, &mut out);
                    let got_summary = s.write_summary_json(case, default, &mut summary);
                    match d.decide(case, default) {
                        Ok(want) => {
                            assert_eq!(got.unwrap(), want.utfall);
                            assert_eq!(got_summary.unwrap(), want.utfall);
                            let line = String::from_utf8(out).unwrap();
                            assert_eq!(line, want.to_json_string(), "{name} {case}");
                            assert_eq!(
                                String::from_utf8(summary).unwrap(),
                                want.to_summary_json_string()
                            );
                            lines += 1;
                            errors += usize::from(want.felkod.is_some());
                            exceptions += usize::from(line.contains("\"undantag\":true"));
                        }
                        Err(e) => {
                            assert_eq!(got.unwrap_err(), e);
                            assert_eq!(got_summary.unwrap_err(), e);
                        }
                    }
                }
            }
        }
    }
    assert!(
        lines > 200 && errors > 20 && exceptions > 2,
        "{lines} lines, {errors} runtime errors, {exceptions} with an exception"
    );
}
