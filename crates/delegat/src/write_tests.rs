//! The decision writer, the owned `Decision`'s JSON and the batch paths against the old
//! path (`Decision::from_result` + `felplats` + the `serde_json::Value` the decision was
//! once written from, with ordered keys: `old_json_tests.rs`), byte for byte.

use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::Arc;

use delegat_interp::Evaluator;
use delegat_ir::{Chosen, DecisionResult, TraceEntry};
use delegat_ir::{
    DecisionId, Exception, FieldDef, KeyType, ParamId, ParamType, ParamValue, Parameter, RuleId,
    TemplatePart, Type, TypeDef, TypeDefKind, TypeId, Value, Version,
};
use delegat_value::{
    Date, Decimal, Duration, DurationUnit, Money, format as swedish, json as vjson,
};

use crate::decision::Decision;
use crate::json_out;
use crate::write::{DecisionWriter, old_json};
use crate::{Engine, NoLoader, Pack};

pub(crate) fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap()
}

/// The old path's bytes for a result.
fn old_line(pack: &Pack, r: &DecisionResult, date: Date) -> String {
    let mut d = Decision::from_result(pack, r, date);
    d.felplats = r.error.as_ref().and_then(|e| pack.position(e.span));
    old_json::line(&d)
}

/// Checks the writer and `Decision::to_json_string` against the old path; the line.
fn check(pack: &Pack, r: &DecisionResult, date: Date) -> String {
    let old = old_line(pack, r, date);
    let w = DecisionWriter::new(pack, r.decision);
    let mut out = b"prefix".to_vec();
    w.write(&mut out, r, date);
    assert_eq!(String::from_utf8(out[6..].to_vec()).unwrap(), old);
    let mut d = Decision::from_result(pack, r, date);
    d.felplats = r.error.as_ref().and_then(|e| pack.position(e.span));
    assert_eq!(d.to_json_string(), old);
    assert_eq!(d.to_json_pretty(), old_json::pretty(&d));
    assert_eq!(
        d.to_json(),
        serde_json::from_str::<serde_json::Value>(&old).unwrap()
    );
    old
}

pub(crate) fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn build(rel: &str) -> Pack {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    Pack::from_source(rel, &text, &mut NoLoader).unwrap()
}

pub(crate) fn fs_pack() -> Pack {
    build("crates/delegat-bench/fs.regel")
}

#[test]
fn escapes_as_serde_json_does() {
    let mut all = String::new();
    for c in (0u32..0x80).filter_map(char::from_u32) {
        all.push(c);
    }
    all.push_str("åäö – \u{2028}\u{feff}\u{10ffff}\"\\");
    for s in [
        all.as_str(),
        "",
        "plain",
        "\"",
        "\\\\",
        "a\u{0}b\u{1f}",
        "\u{7f}",
    ] {
        let mut out = Vec::new();
        json_out::string(&mut out, s);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(s).unwrap()
        );
    }
}

#[test]
fn numbers_and_dates_as_the_formatters_write_them() {
    let mut ints = vec![
        0i64, 1, -1, 9, 10, 99, 999, 1000, 9999, 10_000, 12_345, 123_456,
    ];
    ints.extend([1_234_567, -1_234_567, i64::MAX, i64::MIN, i64::MIN + 1]);
    for e in 0..19 {
        let p = 10i64.pow(e);
        ints.extend([p, p - 1, p + 1, -p, -(p - 1), 7 * p + 5]);
    }
    for v in ints {
        let mut out = Vec::new();
        json_out::int_json(&mut out, v);
        assert_eq!(String::from_utf8(out).unwrap(), v.to_string());
        let mut out = Vec::new();
        json_out::int_text(&mut out, v);
        assert_eq!(String::from_utf8(out).unwrap(), swedish::format_int(v));
        let mut out = Vec::new();
        json_out::int_json_and_text(&mut out, v, b"|");
        let both = format!("{v}|{}", swedish::format_int(v));
        assert_eq!(String::from_utf8(out).unwrap(), both);
        for m in [
            v,
            v / 3,
            v / 7 + 5,
            v / 10 * 10 + 5,
            (v / 100 * 100).wrapping_add(50),
        ] {
            let m = Money::from_ore(m);
            let mut out = Vec::new();
            json_out::money_json(&mut out, m);
            assert_eq!(String::from_utf8(out).unwrap(), vjson::money_to_json(m));
            let mut out = Vec::new();
            json_out::money_text(&mut out, m);
            assert_eq!(String::from_utf8(out).unwrap(), swedish::format_money(m));
            let mut out = Vec::new();
            json_out::money_json_and_text(&mut out, m, b"|");
            let both = format!("{}|{}", vjson::money_to_json(m), swedish::format_money(m));
            assert_eq!(String::from_utf8(out).unwrap(), both);
        }
    }
    for d in [
        Date::MIN,
        Date::MAX,
        date(2026, 1, 15),
        date(999, 12, 31),
        date(10, 2, 3),
    ] {
        let mut out = Vec::new();
        json_out::date(&mut out, d);
        assert_eq!(String::from_utf8(out).unwrap(), swedish::format_date(d));
    }
}

/// The demo pack with every name and text full of characters JSON escapes, and rules and
/// tables of every value type.
/// A table lookup of the odd pack: the table, a key and a value.
type Lookup = (ParamId, Value, Value);

fn odd_pack() -> (Pack, Vec<(RuleId, Value)>, Vec<Lookup>) {
    let nasty = "\"citat\" \\ snedstreck\nrad\ttab\u{1}\u{7f} – åäö";
    let mut p = crate::pack::demo::program();
    p.meta.title = format!("Titel {nasty}");
    p.meta.namnd = Some(format!("Nämnd {nasty}"));
    p.meta.version = None;
    if let Some(d) = p.decisions.first_mut() {
        d.name = format!("beslut {nasty}");
        d.enligt = Some(format!("lagrum {nasty}"));
        for o in d
            .branches
            .iter_mut()
            .map(|b| &mut b.outcome)
            .chain([&mut d.otherwise])
        {
            if let Some(t) = &mut o.text {
                t.parts.insert(0, TemplatePart::Lit(format!("{nasty} ")));
            }
        }
    }
    let (en, rec) = (
        TypeId(p.types.len() as u32),
        TypeId(p.types.len() as u32 + 1),
    );
    p.types.push(TypeDef {
        name: "Form".into(),
        kind: TypeDefKind::Enum(vec!["ensam\"stående".into(), "sambo".into()]),
    });
    // Keys the decision's field order ranks (`värde`, `text`, `belopp`) and ones it does not.
    let field = |name: &str, ty: Type| FieldDef {
        name: name.into(),
        ty,
        bounds: Default::default(),
    };
    p.types.push(TypeDef {
        name: "Barn".into(),
        kind: TypeDefKind::Record(vec![
            field("ålder", Type::Int),
            field("värde", Type::Money),
            field("text", Type::Text),
            field("belopp", Type::Money),
            field("a\"b", Type::Enum(en)),
        ]),
    });
    let template = p.rules[0].clone();
    let money = |o| Value::Money(Money::from_ore(o));
    let text = |s: &str| Value::Text(Arc::from(s));
    let dec = |m, s| Value::Dec(Decimal::new(m, s).unwrap());
    let child = |a, t: &str| {
        Value::record(vec![
            Value::Int(a),
            money(-5),
            text(t),
            money(123_456),
            Value::Enum(1),
        ])
    };
    let cases: Vec<(Type, Value)> = vec![
        (Type::Text, text(nasty)),
        (Type::Int, Value::Int(-1_234_567)),
        (Type::Money, money(-5)),
        (Type::Money, money(856_050)),
        (Type::Dec, dec(-325, 4)),
        (Type::Dec, dec(125_000, 1)),
        (Type::Bool, Value::Bool(true)),
        (Type::Bool, Value::Bool(false)),
        (Type::Date, Value::Date(date(2026, 3, 1))),
        (
            Type::Duration,
            Value::Duration(Duration {
                amount: 1,
                unit: DurationUnit::Manader,
            }),
        ),
        (
            Type::Duration,
            Value::Duration(Duration {
                amount: -14,
                unit: DurationUnit::Dagar,
            }),
        ),
        (Type::Enum(en), Value::Enum(0)),
        (Type::Enum(en), Value::Enum(7)),
        (Type::Record(rec), child(4, nasty)),
        (Type::List(Box::new(Type::Text)), Value::list(vec![])),
        (
            Type::List(Box::new(Type::Text)),
            Value::list(vec![text("a")]),
        ),
        (
            Type::List(Box::new(Type::Text)),
            Value::list(vec![text("a"), text(nasty)]),
        ),
        (
            Type::List(Box::new(Type::List(Box::new(Type::Money)))),
            Value::list(vec![
                Value::list(vec![money(1), money(100_000)]),
                Value::list(vec![]),
                Value::list(vec![money(-1)]),
            ]),
        ),
        (
            Type::List(Box::new(Type::Record(rec))),
            Value::list(vec![child(1, "x"), child(2, "y\"")]),
        ),
        (
            Type::List(Box::new(Type::Enum(en))),
            Value::list(vec![Value::Enum(0), Value::Enum(1), Value::Enum(9)]),
        ),
    ];
    let mut rules = Vec::new();
    for (i, (ty, v)) in cases.iter().enumerate() {
        let mut r = template.clone();
        r.name = format!("regel{i} {nasty}");
        r.ty = ty.clone();
        r.enligt = (i % 3 != 0).then(|| format!("enligt {i} {nasty}"));
        r.undantag = vec![
            Exception {
                enligt: Some(format!("undantag {nasty}")),
                lagrum: None,
                cond: r.body,
                value: r.body,
                span: r.span,
            },
            Exception {
                enligt: None,
                lagrum: None,
                cond: r.body,
                value: r.body,
                span: r.span,
            },
        ];
        rules.push((RuleId(p.rules.len() as u32), v.clone()));
        p.rules.push(r);
    }
    let mut lookups = Vec::new();
    let keys = [
        (KeyType::Int, Value::Int(12_345)),
        (KeyType::Date, Value::Date(date(2024, 2, 29))),
        (KeyType::Enum(en), Value::Enum(0)),
    ];
    for (i, (key, kv)) in keys.into_iter().enumerate() {
        let (ty, v) = cases[i * 5 % cases.len()].clone();
        lookups.push((ParamId(p.params.len() as u32), kv, v));
        p.params.push(Parameter {
            name: format!("tabell{i} {nasty}"),
            enligt: (i != 1).then(|| format!("tabellagrum {nasty}")),
            lagrum: None,
            ty: ParamType::Table { key, value: ty },
            versions: vec![Version {
                from: date(2020, 1, 1),
                value: ParamValue::Value(Value::Int(0)),
                span: template.span,
            }],
            percent: false,
            span: template.span,
        });
    }
    let pack = Pack {
        hash_hex: "ab".repeat(32),
        program: p,
        sources: None,
        warnings: Vec::new(),
        // As if loaded under trusted keys: every line below carries `signerad_av` (the
        // shipped packs' lines, built from source, do not).
        signer: Some("0123456789abcdef".into()),
        signature: None,
        canonical_order: std::sync::OnceLock::new(),
        jit: std::sync::OnceLock::new(),
    };
    (pack, rules, lookups)
}

#[test]
fn every_value_type_and_escaped_text_is_written_as_before() {
    let (pack, rules, lookups) = odd_pack();
    let p = &pack.program;
    let mut trace = vec![TraceEntry::Param {
        param: ParamId(0),
        version: date(2026, 1, 1),
        value: Value::Money(Money::from_ore(856_000)),
    }];
    for (i, (rule, value)) in rules.iter().enumerate() {
        let exception = [None, Some(0), Some(1), Some(9)][i % 4];
        trace.push(TraceEntry::Rule {
            rule: *rule,
            value: value.clone(),
            exception,
        });
        trace.push(TraceEntry::Param {
            param: ParamId(0),
            version: date(2026, 1, 1),
            value: value.clone(),
        });
    }
    for (param, key, value) in &lookups {
        trace.push(TraceEntry::Lookup {
            param: *param,
            version: date(2019, 12, 31),
            key: key.clone(),
            value: value.clone(),
        });
    }
    // Entries of rules and parameters the program lacks are left out.
    trace.insert(
        3,
        TraceEntry::Rule {
            rule: RuleId(9999),
            value: Value::Int(1),
            exception: None,
        },
    );
    trace.push(TraceEntry::Param {
        param: ParamId(9999),
        version: date(2026, 1, 1),
        value: Value::Int(1),
    });
    let values = vec![
        Value::Money(Money::from_ore(856_000)),
        Value::Money(Money::from_ore(400_050)),
    ];
    let base = DecisionResult {
        decision: DecisionId(0),
        outcome: delegat_ir::OutcomeKind::Bifall,
        chosen: Some(Chosen::Branch(0)),
        belopp: Some(Money::from_ore(455_950)),
        values,
        error: None,
        trace,
        norm: None,
    };
    let mut seen = Vec::new();
    for (outcome, chosen, belopp) in [
        (
            delegat_ir::OutcomeKind::Bifall,
            Some(Chosen::Branch(0)),
            Some(Money::from_ore(455_950)),
        ),
        (
            delegat_ir::OutcomeKind::Avslag,
            Some(Chosen::Otherwise),
            None,
        ),
        (
            delegat_ir::OutcomeKind::Faststallt,
            Some(Chosen::Otherwise),
            Some(Money::from_ore(-1)),
        ),
        (
            delegat_ir::OutcomeKind::Manuell,
            Some(Chosen::Branch(0)),
            None,
        ),
        (
            delegat_ir::OutcomeKind::Manuell,
            Some(Chosen::Branch(7)),
            None,
        ),
        (delegat_ir::OutcomeKind::Bifall, None, None),
    ] {
        let mut r = DecisionResult {
            outcome,
            chosen,
            belopp,
            ..base.clone()
        };
        seen.push(check(&pack, &r, date(2026, 3, 1)));
        // Fewer values than interpolations.
        r.values.truncate(1);
        seen.push(check(&pack, &r, date(2026, 3, 1)));
    }
    // A beslutsstöd carries no appeal notice.
    let mut stod = odd_pack().0;
    stod.program.decisions[0].kind = delegat_ir::DecisionKind::Beslutsstod;
    stod.program.decisions[0].enligt = None;
    let r = DecisionResult {
        outcome: delegat_ir::OutcomeKind::Avslag,
        chosen: Some(Chosen::Otherwise),
        ..base.clone()
    };
    seen.push(check(&stod, &r, date(2026, 3, 1)));
    assert!(
        seen[0].contains(r#""titel":"Titel \"citat\" \\ snedstreck\nrad\ttab\u0001"#),
        "{}",
        seen[0]
    );
    assert!(seen[2].contains("överklagande"));
    assert!(!seen.last().unwrap().contains("överklagande"));
    // Record fields in the old order: ranked keys first, then the others sorted.
    let record = r#"[{"värde":-0.05,"text":"x","belopp":1234.56,"a\"b":"sambo","ålder":1},"#;
    assert!(seen[0].contains(record), "{}", seen[0]);
    assert!(seen[0].contains(r#""text":"(inga)""#), "{}", seen[0]);
    assert_eq!(p.rules.len(), rules.len() + 1);
}

/// Every decision of every shipped pack on every exempel, and on each exempel with each of
/// its inputs left out (runtime errors: `manuell` with felkod and felplats).
#[test]
fn shipped_exempel_decisions_are_written_as_before() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".regel"))
        .map(|n| format!("examples/{n}"))
        .collect();
    names.push("crates/delegat-bench/fs.regel".into());
    let (mut lines, mut errors) = (0, 0);
    for name in names {
        let pack = build(&name);
        let p = &pack.program;
        let mut ev = Evaluator::new(p);
        for ex in &p.examples {
            let mut inputs: Vec<Option<Value>> = vec![None; p.inputs.len()];
            for g in &ex.givet {
                inputs[g.input.index()] = Some(g.value.clone());
            }
            let date = ex.date.unwrap_or(date(2026, 3, 1));
            for leave_out in std::iter::once(None).chain((0..inputs.len()).map(Some)) {
                let mut inputs = inputs.clone();
                if let Some(i) = leave_out {
                    inputs[i] = None;
                }
                for d in 0..p.decisions.len() {
                    let r = ev.decide(&inputs, date, DecisionId::from_index(d));
                    let line = check(&pack, &r, date);
                    lines += 1;
                    if r.error.is_some() {
                        errors += 1;
                        assert!(line.contains("\"felkod\":\"E04"), "{line}");
                        assert!(line.contains(&format!("\"felplats\":\"{name}:")), "{line}");
                    }
                }
            }
        }
    }
    assert!(
        lines > 100 && errors > 20,
        "{lines} lines, {errors} runtime errors"
    );
}

/// A small generator of FS cases (the ranges of crates/delegat-bench/README.md), as JSON lines.
pub(crate) fn fs_lines(n: usize, mut seed: u64) -> Vec<String> {
    let mut next = |k: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % k
    };
    (0..n)
        .map(|_| {
            let adults = 1 + next(2);
            let children: Vec<String> = (0..next(8)).map(|_| next(21).to_string()).collect();
            let incomes: Vec<String> = (0..next(6)).map(|_| next(30_001).to_string()).collect();
            format!(
                r#"{{"adults":{adults},"children":[{}],"housing":{},"electricity":{},"travel":{},"incomes":[{}],"special_circumstances":{}}}"#,
                children.join(","),
                next(15_001),
                next(1_501),
                if next(2) == 0 { 0 } else { next(2_001) },
                incomes.join(","),
                next(20) == 0,
            )
        })
        .collect()
}

/// Lines a batch must answer with error lines (and one a runtime error), mixed into FS
/// cases; then a line that is not UTF-8 and a last line without its newline.
pub(crate) fn with_bad_lines(mut lines: Vec<String>) -> Vec<u8> {
    let bad = [
        "",
        "not json",
        "[1,2]",
        r#"{"adults": 3}"#,
        r#"{"adults":1,"children":[],"housing":0,"electricity":0,"travel":0,"incomes":[],"special_circumstances":false,"okänd":"\"x\"\n"}"#,
        r#"{"adults":1,"children":[-1],"housing":0,"electricity":0,"travel":0,"incomes":[],"special_circumstances":false}"#,
        r#"{"adults":1,"children":[],"housing":0,"electricity":0,"travel":0,"incomes":[],"special_circumstances":false,"beslutsdatum":"2026-02-30"}"#,
        r#"{"adults":1,"children":[],"housing":0,"electricity":0,"travel":0,"incomes":[],"special_circumstances":false,"beslutsdatum":"2019-06-01"}"#,
        "{\"adults\":1,\r",
    ];
    for (i, b) in bad.iter().enumerate() {
        let at = (i * 397 + 5) % lines.len();
        lines.insert(at, (*b).to_owned());
    }
    let mut bytes = lines.join("\n").into_bytes();
    bytes.extend_from_slice(b"\n\xff\xfe\n\xc3(\n");
    bytes.extend_from_slice(fs_lines(1, 99)[0].as_bytes());
    bytes
}

/// The old batch: per line `Decider::decide` and the ordered `serde_json::Value`.
fn old_batch(pack: &Pack, engine: Engine, input: &[u8], default: Option<Date>) -> Vec<u8> {
    let d = pack.engine(engine).unwrap();
    let mut out = Vec::new();
    if input.is_empty() {
        return out;
    }
    let body = input.strip_suffix(b"\n").unwrap_or(input);
    for line in body.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let text = match std::str::from_utf8(line) {
            Ok(t) => match d.decide(t, default) {
                Ok(dec) => old_json::line(&dec),
                Err(e) => old_json::error_line(&e),
            },
            Err(_) => old_json::error_line(&crate::CaseError::new(
                crate::CaseErrorKind::Json,
                None,
                "raden är inte kodad i UTF-8",
            )),
        };
        out.extend_from_slice(text.as_bytes());
        out.push(b'\n');
    }
    out
}

#[test]
fn batches_write_the_old_bytes_on_any_thread_count() {
    let pack = fs_pack();
    let input = with_bad_lines(fs_lines(3_000, 7));
    let default = Some(date(2026, 1, 15));
    let n_lines = input.iter().filter(|b| **b == b'\n').count() + 1;
    for engine in [Engine::Interpreter, Engine::Jit] {
        let expected = old_batch(&pack, engine, &input, default);
        let d = pack.engine(engine).unwrap();
        let mut seq = Vec::new();
        let mut calls = 0;
        let s = d
            .decide_batch(&input[..], &mut seq, default, |_| calls += 1)
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&seq),
            String::from_utf8_lossy(&expected)
        );
        assert_eq!(s.cases as usize, n_lines);
        assert_eq!(calls, n_lines);
        let fel = expected
            .split(|b| *b == b'\n')
            .filter(|l| l.starts_with(b"{\"fel\""))
            .count();
        assert_eq!((s.fel as usize, fel), (10, 10), "{s:?}");
        assert_eq!(
            s.bifall + s.avslag + s.manuell + s.faststallt + s.fel,
            s.cases
        );
        assert!(s.bifall > 100 && s.avslag > 100 && s.manuell > 50, "{s:?}");
        for threads in [1, 2, 3] {
            let mut par = Vec::new();
            let mut last = None;
            let t = NonZeroUsize::new(threads).unwrap();
            let s2 = d
                .decide_batch_threads(&input[..], &mut par, default, t, |s| last = Some(*s))
                .unwrap();
            assert!(par == expected, "{threads} threads differ");
            assert_eq!(s2, s);
            assert_eq!(last, Some(s));
        }
    }
    // Empty input: no line.
    let d = pack.engine(Engine::Interpreter).unwrap();
    let mut out = Vec::new();
    let t = NonZeroUsize::new(2).unwrap();
    let s = d
        .decide_batch_threads(&b""[..], &mut out, default, t, |_| {})
        .unwrap();
    assert_eq!((s.cases, out.len()), (0, 0));
}

#[test]
fn a_signed_pack_s_batches_write_the_old_bytes_and_name_the_key() {
    let key = crate::SecretKey::from_seed("Nämnden", [3; 32]).unwrap();
    let bytes = fs_pack().to_signed_bytes(&key).unwrap();
    let trusted: crate::TrustedKeys = [key.public_key()].into_iter().collect();
    let pack = Pack::load_trusted(&bytes, &trusted).unwrap();
    assert_eq!(pack.signer(), Some(key.id()));
    let input = with_bad_lines(fs_lines(400, 11));
    let default = Some(date(2026, 1, 15));
    let tail = format!(
        "\"hash\":\"{}\",\"signerad_av\":\"{}\"}}",
        pack.hash(),
        key.id()
    );
    for engine in [Engine::Interpreter, Engine::Jit] {
        let expected = old_batch(&pack, engine, &input, default);
        let decisions = String::from_utf8(expected.clone()).unwrap();
        let decided = decisions
            .lines()
            .filter(|l| !l.starts_with("{\"fel\""))
            .count();
        assert_eq!(decisions.matches(&tail).count(), decided);
        assert!(decided > 400, "{decided}");
        let d = pack.engine(engine).unwrap();
        for threads in [1, 2] {
            let mut out = Vec::new();
            let t = NonZeroUsize::new(threads).unwrap();
            d.decide_batch_threads(&input[..], &mut out, default, t, |_| {})
                .unwrap();
            assert!(out == expected, "{engine:?}, {threads} threads differ");
        }
    }
}

/// With `DELEGAT_CASES=CASES.jsonl` (fs_generate's output), the batch on that file against the old path.
#[test]
fn batch_of_a_given_case_file_writes_the_old_bytes() {
    let Ok(path) = std::env::var("DELEGAT_CASES") else {
        return;
    };
    let input = std::fs::read(path).unwrap();
    let pack = fs_pack();
    let default = Some(date(2026, 1, 15));
    let expected = old_batch(&pack, Engine::Jit, &input, default);
    let d = pack.engine(Engine::Jit).unwrap();
    let mut out = Vec::new();
    d.decide_batch_threads(
        &input[..],
        &mut out,
        default,
        NonZeroUsize::new(2).unwrap(),
        |_| {},
    )
    .unwrap();
    assert!(out == expected);
}

#[test]
fn a_session_decides_as_the_decider_does() {
    let pack = fs_pack();
    let date = date(2026, 1, 15);
    for engine in [Engine::Interpreter, Engine::Jit] {
        let d = pack.engine(engine).unwrap();
        let mut s = d.session();
        for line in fs_lines(300, 3) {
            let want = d.decide(&line, Some(date)).unwrap();
            assert_eq!(s.decide(&line, Some(date)).unwrap(), want);
            let mut out = Vec::new();
            let u = s.write_json(&line, Some(date), &mut out).unwrap();
            assert_eq!(u, want.utfall);
            assert_eq!(String::from_utf8(out).unwrap(), old_json::line(&want));
        }
        assert!(s.decide("{}", Some(date)).is_err());
    }
}

/// A pack whose citations change on 2025-07-01 (a declared `lagrum` on the decision, a
/// parameter, a table, a rule and an exception), decided across the change.
const DATED_CITATIONS: &str = r#"
regelverk "Lagbyte" { nämnd: "Socialnämnden" version: "1" }
uppgift inkomst: belopp 0 kr..100 000 kr { källa: sökande }
uppgift barn: heltal 0..3 { källa: sökande }
lagrum bistånd {
  från 2019-01-01: "SoL (2001:453) 4 kap. 1 §"
    överklagas: förvaltningsbesvär enligt "SoL (2001:453) 16 kap. 3 §"
  från 2025-07-01: "SoL (2025:400) 12 kap. 1 §"
    överklagas: förvaltningsbesvär enligt "SoL (2025:400) 35 kap. 1 §"
}
lagrum jobb {
  från 2019-01-01: "gammal \"lydelse\""
  från 2025-07-01: "ny lydelse"
}
parameter norm: belopp enligt bistånd { från 2019-01-01: 3 000 kr  från 2026-01-01: 3 100 kr }
parameter barnnorm: tabell heltal -> belopp enligt bistånd { från 2019-01-01: { 0..3: 1 000 kr } }
regel räknad: belopp enligt bistånd = inkomst
  undantag enligt jobb när inkomst > 5 000 kr: inkomst - 1 000 kr
regel behov: belopp enligt "SoL (2025:400) 12 kap. 7 §" = norm + barnnorm[barn]
beslut stöd enligt bistånd {
  avser: myndighetsutövning
  överklagande: förvaltningsbesvär
  när behov > räknad:
    bifall { belopp: behov - räknad  motivering: "Behovet {behov} är större än {räknad}." }
  annars:
    avslag { motivering: "Inkomsten {räknad} täcker behovet {behov}." }
}
"#;

#[test]
fn citations_follow_the_date_in_both_paths_and_across_a_batch() {
    let pack = Pack::from_source("lagbyte.regel", DATED_CITATIONS, &mut NoLoader).unwrap();
    let mut input = Vec::new();
    let dates = [
        "2025-06-30",
        "2025-07-01",
        "2024-01-01",
        "2026-02-01",
        "2025-06-30",
    ];
    for (i, d) in dates.iter().cycle().take(40).enumerate() {
        let inkomst = [0, 2_000, 6_000, 9_000][i % 4];
        let barn = i % 4;
        input.extend_from_slice(
            format!(
                "{{\"beslutsdatum\":\"{d}\",\"inkomst\":{}, \"barn\":{barn}}}\n",
                inkomst
            )
            .as_bytes(),
        );
    }
    let mut per_engine = Vec::new();
    for engine in [Engine::Interpreter, Engine::Jit] {
        let expected = old_batch(&pack, engine, &input, None);
        let text = String::from_utf8(expected.clone()).unwrap();
        per_engine.push(text.clone());
        let lines: Vec<&str> = text.lines().collect();
        // The old act before the change, the new one from it, in the decision and the trace.
        assert!(
            lines[0].contains("\"lagrum\":\"SoL (2001:453) 4 kap. 1 §\""),
            "{}",
            lines[0]
        );
        assert!(
            !lines[0].contains("SoL (2025:400) 12 kap. 1 §"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].contains("\"lagrum\":\"SoL (2025:400) 12 kap. 1 §\""),
            "{}",
            lines[1]
        );
        assert!(!lines[1].contains("SoL (2001:453)"), "{}", lines[1]);
        assert!(text.contains("\"lagrum\":\"gammal \\\"lydelse\\\"\",\"undantag\":true"));
        assert!(text.contains("\"lagrum\":\"ny lydelse\",\"undantag\":true"));
        let d = pack.engine(engine).unwrap();
        let mut out = Vec::new();
        d.decide_batch(&input[..], &mut out, None, |_| {}).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), text);
        let mut par = Vec::new();
        let threads = NonZeroUsize::new(2).unwrap();
        d.decide_batch_threads(&input[..], &mut par, None, threads, |_| {})
            .unwrap();
        assert_eq!(String::from_utf8(par).unwrap(), text);
    }
    // Both engines write the same lines, citations included.
    assert_eq!(per_engine[0], per_engine[1]);
}

#[test]
fn the_letter_names_the_appeal_provision_in_force_on_the_date() {
    let pack = Pack::from_source("lagbyte.regel", DATED_CITATIONS, &mut NoLoader).unwrap();
    let d = pack.engine(Engine::Interpreter).unwrap();
    let old = d
        .decide(
            r#"{"beslutsdatum":"2025-06-30","inkomst":9000,"barn":0}"#,
            None,
        )
        .unwrap();
    let new = d
        .decide(
            r#"{"beslutsdatum":"2025-07-01","inkomst":9000,"barn":0}"#,
            None,
        )
        .unwrap();
    assert_eq!(old.lagrum.as_deref(), Some("SoL (2001:453) 4 kap. 1 §"));
    assert_eq!(new.lagrum.as_deref(), Some("SoL (2025:400) 12 kap. 1 §"));
    let old_letter = old.letter();
    let new_letter = new.letter();
    assert!(
        old_letter.contains("Rätten att överklaga följer av SoL (2001:453) 16 kap. 3 §."),
        "{old_letter}"
    );
    assert!(
        new_letter.contains("Rätten att överklaga följer av SoL (2025:400) 35 kap. 1 §."),
        "{new_letter}"
    );
    assert!(
        new_letter.contains("med stöd av SoL (2025:400) 12 kap. 1 §"),
        "{new_letter}"
    );
}

/// A pack with declared provisions survives the pack file: saved, loaded (verified) and
/// equal, with its provisions and the items' references to them.
#[test]
fn declared_provisions_round_trip_through_the_pack_file() {
    let pack = Pack::from_source("lagbyte.regel", DATED_CITATIONS, &mut NoLoader).unwrap();
    let p = &pack.program;
    assert_eq!(p.provisions.len(), 2);
    assert_eq!(p.provisions[0].versions.len(), 2);
    assert_eq!(
        p.provisions[0].versions[0].appeal.as_deref(),
        Some("SoL (2001:453) 16 kap. 3 §")
    );
    assert!(p.decisions[0].lagrum.is_some());
    let bytes = delegat_ir::pack::save(p).unwrap();
    assert_eq!(delegat_ir::pack::load(&bytes).unwrap(), *p);
    // An index past the provisions is refused by the verifier.
    let mut bad = p.clone();
    bad.params[0].lagrum = Some(7);
    assert!(
        bad.verify()
            .iter()
            .any(|e| e.message == "lagrum #7 finns inte"),
        "{:?}",
        bad.verify()
    );
}
