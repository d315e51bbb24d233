//! Summary lines: the batch's writer against `Decision::to_summary_json_string`, and both
//! against the full decision's outcome, amount and error code, on both engines.

use std::num::NonZeroUsize;

use crate::write::old_json;
use crate::write::tests::{date, fs_lines, fs_pack, with_bad_lines};
use crate::{BatchOptions, BatchOutput, Engine};

/// The summary lines a batch must write: per line the reference summary of the decision,
/// or the error line of a case that cannot be read.
fn expected(
    pack: &crate::Pack,
    engine: Engine,
    input: &[u8],
    default: Option<crate::Date>,
) -> Vec<u8> {
    let d = pack.engine(engine).unwrap();
    let mut out = Vec::new();
    let body = input.strip_suffix(b"\n").unwrap_or(input);
    for line in body.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let text = match std::str::from_utf8(line) {
            Ok(t) => match d.decide(t, default) {
                Ok(dec) => dec.to_summary_json_string(),
                Err(e) => old_json::error_line(&e),
            },
            Err(_) => {
                r#"{"fel":{"kod":"E0420","meddelande":"raden är inte kodad i UTF-8","fält":null}}"#
                    .to_owned()
            }
        };
        out.extend_from_slice(text.as_bytes());
        out.push(b'\n');
    }
    out
}

#[test]
fn summary_lines_have_only_outcome_amount_and_error_code() {
    let pack = fs_pack();
    let d = pack.engine(Engine::Interpreter).unwrap();
    let day = Some(date(2026, 1, 15));
    let case = r#"{"adults":1,"children":[9,11,8,17,12,3],"housing":452,"electricity":1,"travel":0,"incomes":[12639,8895],"special_circumstances":false}"#;
    assert_eq!(
        d.decide(case, day).unwrap().to_summary_json_string(),
        r#"{"utfall":"bifall","belopp":4099}"#
    );
    let reject = r#"{"adults":2,"children":[],"housing":4198,"electricity":769,"travel":1300,"incomes":[24787],"special_circumstances":false}"#;
    assert_eq!(
        d.decide(reject, day).unwrap().to_summary_json_string(),
        r#"{"utfall":"avslag"}"#
    );
    let manual = reject.replace(
        "\"special_circumstances\":false",
        "\"special_circumstances\":true",
    );
    assert_eq!(
        d.decide(&manual, day).unwrap().to_summary_json_string(),
        r#"{"utfall":"manuell"}"#
    );
    // Before the parameters are in force: a runtime error makes the case `manuell`.
    let early = Some(date(2019, 6, 1));
    let dec = d.decide(reject, early).unwrap();
    assert_eq!(dec.felkod.as_deref(), Some("E0405"));
    assert_eq!(
        dec.to_summary_json_string(),
        r#"{"utfall":"manuell","felkod":"E0405"}"#
    );
    for engine in [Engine::Interpreter, Engine::Jit] {
        let mut s = pack.engine(engine).unwrap().session();
        let mut out = Vec::new();
        for (text, when) in [
            (case, day),
            (reject, day),
            (manual.as_str(), day),
            (reject, early),
        ] {
            out.clear();
            let u = s.write_summary_json(text, when, &mut out).unwrap();
            let want = d.decide(text, when).unwrap();
            assert_eq!(u, want.utfall);
            assert_eq!(
                String::from_utf8(out.clone()).unwrap(),
                want.to_summary_json_string()
            );
        }
        assert!(s.write_summary_json("{}", day, &mut out).is_err());
    }
}

#[test]
fn summary_batches_agree_with_the_full_decisions_on_both_engines() {
    let pack = fs_pack();
    let input = with_bad_lines(fs_lines(3_000, 11));
    let default = Some(date(2026, 1, 15));
    for engine in [Engine::Interpreter, Engine::Jit] {
        let want = expected(&pack, engine, &input, default);
        let d = pack.engine(engine).unwrap();
        let mut full = Vec::new();
        let s_full = d
            .decide_batch(&input[..], &mut full, default, |_| {})
            .unwrap();
        for threads in [1, 3] {
            let opts = BatchOptions {
                default_date: default,
                threads: NonZeroUsize::new(threads).unwrap(),
                output: BatchOutput::Summaries,
            };
            let mut out = Vec::new();
            let s = d
                .decide_batch_with(&input[..], &mut out, &opts, |_| {})
                .unwrap();
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&want)
            );
            assert_eq!(s, s_full);
        }
        // Line by line, the summary carries the full decision's utfall, belopp and felkod
        // (and an error line is the same error line).
        let full = String::from_utf8(full).unwrap();
        let summary = String::from_utf8(want).unwrap();
        assert_eq!(full.lines().count(), summary.lines().count());
        let (mut errors, mut amounts) = (0, 0);
        for (f, s) in full.lines().zip(summary.lines()) {
            let f: serde_json::Value = serde_json::from_str(f).unwrap();
            let s: serde_json::Value = serde_json::from_str(s).unwrap();
            if f.get("fel").is_some() {
                assert_eq!(f, s);
                continue;
            }
            let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
            assert!(
                keys.iter()
                    .all(|k| ["utfall", "belopp", "felkod"].contains(&k.as_str())),
                "{s}"
            );
            for k in ["utfall", "belopp", "felkod"] {
                assert_eq!(f.get(k), s.get(k), "{k}: {f} / {s}");
            }
            errors += usize::from(s.get("felkod").is_some());
            amounts += usize::from(s.get("belopp").is_some());
        }
        assert!(
            errors >= 1 && amounts > 500,
            "{errors} errors, {amounts} amounts"
        );
    }
}
