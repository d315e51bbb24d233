//! The fast case reader against `case::read`: generated valid and mutated cases for every
//! shipped pack and a program of every input type, the 10 000 FS benchmark cases, and the
//! sink of words.

use std::path::Path;

use delegat_ir::{Bounds, FieldDef, Input, Kalla, Meta, Program, Type, TypeDef, TypeDefKind};
use delegat_ir::{TypeId, Value};
use delegat_value::{Date, Decimal, Duration, DurationUnit, Money};
use proptest::prelude::*;

use super::*;
use crate::case;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn pack(rel: &str) -> Program {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    crate::Pack::from_source(rel, &text, &mut crate::NoLoader)
        .unwrap()
        .program
}

/// Every shipped pack and the FS benchmark pack.
fn packs() -> Vec<(String, Program)> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| format!("examples/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|n| n.ends_with(".regel"))
        .collect();
    names.sort();
    names.push("crates/delegat-bench/fs.regel".into());
    assert!(names.len() >= 5, "{names:?}");
    names.into_iter().map(|n| (n.clone(), pack(&n))).collect()
}

fn input(name: &str, ty: Type, bounds: Bounds, kalla: Kalla) -> Input {
    Input {
        name: name.into(),
        ty,
        bounds,
        kalla,
        fraga: None,
        beskrivning: None,
        span: delegat_diagnostics::Span::detached(),
    }
}

fn range(lo: Option<Value>, hi: Option<Value>) -> Bounds {
    Bounds { lo, hi }
}

/// A program with an input of every type, optional inputs of other sources, a name with
/// `å`, a record, nested lists and bounds of every kind.
fn every_type() -> Program {
    let mut p = Program::new(Meta {
        title: "Alla typer".into(),
        namnd: None,
        version: None,
        beskrivning: None,
    });
    p.types.push(TypeDef {
        name: "Form".into(),
        kind: TypeDefKind::Enum(vec![
            "ensam".into(),
            "gift".into(),
            "delar_bostad".into(),
            "sambo_å".into(),
        ]),
    });
    p.types.push(TypeDef {
        name: "Barn".into(),
        kind: TypeDefKind::Record(vec![
            FieldDef {
                name: "ålder".into(),
                ty: Type::Int,
                bounds: range(Some(Value::Int(0)), Some(Value::Int(20))),
            },
            FieldDef {
                name: "namn".into(),
                ty: Type::Text,
                bounds: Bounds::default(),
            },
        ]),
    });
    let form = Type::Enum(TypeId::from_index(0));
    let barn = Type::Record(TypeId::from_index(1));
    let money = |kr: i64| Some(Value::Money(Money::from_ore(kr * 100)));
    let date = |s: &str| Some(Value::Date(Date::parse(s).unwrap()));
    let dec = |m: i128, s: u32| Some(Value::Dec(Decimal::new(m, s).unwrap()));
    let s = Kalla::Sokande;
    p.inputs = vec![
        input(
            "antal",
            Type::Int,
            range(Some(Value::Int(1)), Some(Value::Int(20))),
            s.clone(),
        ),
        input(
            "inkomst",
            Type::Money,
            range(money(0), money(100_000)),
            s.clone(),
        ),
        input("skuld", Type::Money, Bounds::default(), s.clone()),
        input("gift", Type::Bool, Bounds::default(), s.clone()),
        input(
            "född",
            Type::Date,
            range(date("1900-01-01"), date("2030-12-31")),
            s.clone(),
        ),
        input("form", form.clone(), Bounds::default(), s.clone()),
        input("andel", Type::Dec, range(dec(0, 0), dec(15, 1)), s.clone()),
        input("namn", Type::Text, Bounds::default(), s.clone()),
        input(
            "period",
            Type::Duration,
            Bounds::default(),
            Kalla::Handlaggare,
        ),
        input(
            "åldrar",
            Type::List(Box::new(Type::Int)),
            range(Some(Value::Int(0)), Some(Value::Int(20))),
            s.clone(),
        ),
        input(
            "belopp",
            Type::List(Box::new(Type::Money)),
            Bounds::default(),
            s.clone(),
        ),
        input(
            "datum",
            Type::List(Box::new(Type::Date)),
            Bounds::default(),
            Kalla::Register("SPAR".into()),
        ),
        input(
            "former",
            Type::List(Box::new(form)),
            Bounds::default(),
            Kalla::Bedomning,
        ),
        input(
            "barn",
            Type::List(Box::new(barn.clone())),
            Bounds::default(),
            s.clone(),
        ),
        input("make", barn, Bounds::default(), Kalla::Handlaggare),
        input(
            "matris",
            Type::List(Box::new(Type::List(Box::new(Type::Int)))),
            Bounds::default(),
            Kalla::Bedomning,
        ),
        input(
            "andelar",
            Type::List(Box::new(Type::Dec)),
            Bounds::default(),
            Kalla::Bedomning,
        ),
        input(
            "halvt",
            Type::Int,
            range(dec(-5, 1), dec(25, 1)),
            Kalla::Bedomning,
        ),
    ];
    p
}

/// A small deterministic generator (xorshift), seeded by proptest.
struct Rng(u64, bool);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1), false)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A chance of something odd or wrong: never while writing a clean case.
    fn odd(&mut self, percent: u64) -> bool {
        !self.1 && self.chance(percent)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi as i128 - lo as i128 + 1).max(1) as u128;
        (lo as i128 + (self.next() as u128 % span) as i128) as i64
    }
}

/// JSON whitespace, sometimes.
fn ws(r: &mut Rng) -> &'static str {
    if r.chance(85) {
        ""
    } else {
        const SPACES: [&str; 5] = [" ", "\n", "\t ", "\r\n  ", "  "];
        SPACES[r.below(5) as usize]
    }
}

/// A JSON string of `s`, sometimes with escapes where none are needed.
fn string(r: &mut Rng, s: &str) -> String {
    let fancy = r.odd(10);
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if fancy && r.chance(30) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn words(p: &Program, t: TypeId) -> Vec<String> {
    match p.type_def(t).map(|d| &d.kind) {
        Some(TypeDefKind::Enum(v)) => v.clone(),
        _ => vec![],
    }
}

fn fields(p: &Program, t: TypeId) -> Vec<FieldDef> {
    match p.type_def(t).map(|d| &d.kind) {
        Some(TypeDefKind::Record(f)) => f.clone(),
        _ => vec![],
    }
}

fn int_bound(v: Option<&Value>, default: i64) -> i64 {
    match v {
        Some(Value::Int(x)) => *x,
        Some(Value::Money(m)) => m.ore() / 100,
        _ => default,
    }
}

/// A JSON number of `n`, in one of the forms JSON allows.
fn number(r: &mut Rng, n: i64) -> String {
    match r.below(12) {
        0 => format!("{n}.0"),
        1 if n % 10 == 0 && n != 0 => format!("{}e1", n / 10),
        2 if n % 100 == 0 && n != 0 => format!("{}E+2", n / 100),
        3 => format!("{n}00e-2"),
        4 if n == 0 => "-0".into(),
        _ => n.to_string(),
    }
}

/// A value of `ty`: valid most of the time, otherwise something odd or wrong.
fn value(r: &mut Rng, p: &Program, ty: &Type, b: &Bounds) -> String {
    if r.odd(4) {
        return r
            .pick(&[
                "null",
                "true",
                "\"x\"",
                "[]",
                "{}",
                "1",
                "-1",
                "1.5",
                "\"\"",
                "99999999999999999999",
                "1e400",
                "\"5 000 kr\"",
                "\"2026-02-30\"",
                "[1,2]",
                "{\"a\":1}",
                "0.001",
            ])
            .to_string();
    }
    match ty {
        Type::Int => {
            let (lo, hi) = (
                int_bound(b.lo.as_ref(), -1000),
                int_bound(b.hi.as_ref(), 1000),
            );
            let n = if r.odd(5) {
                r.int(lo - 3, hi + 3)
            } else {
                r.int(lo, hi)
            };
            number(r, n)
        }
        Type::Money => {
            let (lo, hi) = (
                int_bound(b.lo.as_ref(), -50_000),
                int_bound(b.hi.as_ref(), 50_000),
            );
            let n = if r.odd(5) {
                r.int(lo - 3, hi + 3)
            } else {
                r.int(lo, hi)
            };
            match r.below(10) {
                0 => format!("\"{n} kr\""),
                1 => format!("\"{},{:02} kr\"", n, r.below(100)),
                2 => format!("{n}.{}", r.below(100)),
                3 => format!("\"{} öre\"", n * 100),
                4 if r.odd(50) => format!("{n}.{:03}", r.below(1000)),
                5 if n >= 1000 => format!("\"{} {:03} kr\"", n / 1000, n % 1000),
                _ => number(r, n),
            }
        }
        Type::Dec => match r.below(8) {
            0 => format!("{}.{}", r.int(-2, 2), r.below(1000)),
            1 => format!("{}e-1", r.int(-20, 20)),
            2 if r.odd(50) => "1.00000000000000000000000000001".into(),
            _ => format!("{}.{}", r.int(0, 1), r.below(10)),
        },
        Type::Bool if r.odd(10) => r.pick(&["1", "\"ja\"", "null"]).to_string(),
        Type::Bool => r.pick(&["true", "false"]).to_string(),
        Type::Date => {
            let y = r.int(1890, 2040);
            let m = r.int(1, 12);
            let last = if r.odd(5) { 31 } else { 28 };
            let d = r.int(1, last);
            match r.below(20) {
                0 if r.odd(50) => format!("{y}{m:02}{d:02}"),
                1 if r.odd(50) => format!("\"{y}-{m}-{d}\""),
                _ => format!("\"{y}-{m:02}-{d:02}\""),
            }
        }
        Type::Duration => {
            let units = [
                "dag", "dagar", "vecka", "veckor", "månad", "månader", "år", "timmar",
            ];
            let unit = if r.odd(10) {
                "timmar"
            } else {
                r.pick(&units[..7])
            };
            let s = format!("{} {unit}", r.int(-3, 30));
            string(r, &s)
        }
        Type::Text => {
            let s = r.pick(&[
                "",
                "Anna",
                "åäö",
                "tab\there",
                "quote\"d",
                "back\\slash",
                "日本",
                "😀",
            ]);
            string(r, s)
        }
        Type::Enum(t) => {
            let mut names = words(p, *t);
            if r.odd(10) {
                names = vec!["okänd".into(), "Ensam".into()];
            }
            let name = r.pick(&names).clone();
            string(r, &name)
        }
        Type::Record(t) => {
            let mut parts: Vec<String> = Vec::new();
            for f in fields(p, *t) {
                if r.odd(3) {
                    continue;
                }
                let v = value(r, p, &f.ty, &f.bounds);
                parts.push(format!(
                    "{}{}{}:{}{v}",
                    ws(r),
                    string(r, &f.name),
                    ws(r),
                    ws(r)
                ));
            }
            if r.odd(3) {
                parts.push("\"extra\":1".into());
            }
            if r.odd(3) && !parts.is_empty() {
                let again = parts[0].clone();
                parts.push(again);
            }
            format!("{{{}}}", parts.join(","))
        }
        Type::List(elem) => {
            let n = if r.chance(3) { 40 } else { r.below(7) };
            let items: Vec<String> = (0..n)
                .map(|_| format!("{}{}{}", ws(r), value(r, p, elem, b), ws(r)))
                .collect();
            format!("[{}{}]", items.join(","), ws(r))
        }
    }
}

/// A case for `p`: its keys (in declaration order or shuffled), some left out, some added,
/// with or without `beslutsdatum`; then perhaps a textual mutation.
fn case_text(r: &mut Rng, p: &Program) -> String {
    r.1 = r.chance(50);
    let mut entries: Vec<String> = Vec::new();
    for i in &p.inputs {
        let leave_out = if case::is_required(i) {
            r.odd(3)
        } else {
            r.chance(40)
        };
        if leave_out {
            continue;
        }
        let v = value(r, p, &i.ty, &i.bounds);
        entries.push(format!(
            "{}{}{}:{}{v}{}",
            ws(r),
            string(r, &i.name),
            ws(r),
            ws(r),
            ws(r)
        ));
    }
    if r.chance(70) {
        let dates = [
            "\"2026-03-01\"",
            "\"2025-12-31\"",
            "\"2026-02-30\"",
            "20260301",
            "\"1.3.2026\"",
        ];
        let d = if r.odd(10) {
            r.pick(&dates[2..])
        } else {
            r.pick(&dates[..2])
        };
        let at = r.below(entries.len() as u64 + 1) as usize;
        entries.insert(at, format!("\"beslutsdatum\":{}{d}", ws(r)));
    }
    if r.chance(5) {
        let (a, b) = (r.below(entries.len() as u64), r.below(entries.len() as u64));
        entries.swap(a as usize, b as usize);
    }
    if r.odd(3) && !entries.is_empty() {
        let again = r.pick(&entries).clone();
        entries.push(again);
    }
    if r.odd(3) {
        let name = r.pick(&["okänd", "Adults", "antal_barn", "beslutsdatu"]);
        entries.push(format!("\"{name}\":1"));
    }
    let mut text = format!("{}{{{}{}}}{}", ws(r), entries.join(","), ws(r), ws(r));
    let mutation = if r.1 { 40 } else { r.below(40) };
    match mutation {
        0 => text.insert(0, '\u{feff}'),
        1 => text.push_str(" x"),
        2 => {
            let mut at = r.below(text.len() as u64) as usize;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.truncate(at);
        }
        3 => text.push(','),
        4 => text = text.replacen(',', ",,", 1),
        5 => text = text.replacen(':', " ", 1),
        6 => text = format!("[{text}]"),
        7 => text = text.replacen("\"", "'", 1),
        _ => {}
    }
    text
}

/// The fast reader and `case::read` agree on `text`; returns whether the fast path read it.
fn agree(p: &Program, reader: &CaseReader<'_>, text: &str, default: Option<Date>) -> bool {
    let expected = case::read(p, text, default);
    let mut sink: Vec<Option<Value>> = vec![Some(Value::Int(7)); 3];
    let got = reader.read(text, default, &mut sink);
    match (&expected, &got) {
        (Ok(case), Ok(date)) => {
            assert_eq!(case.date, *date, "{text}");
            assert_eq!(case.inputs, sink, "{text}");
        }
        (Err(e), Err(g)) => assert_eq!(e, g, "{text}"),
        _ => panic!(
            "{text}\ncase::read: {:?}\nreader: {got:?}",
            expected.as_ref().map(|c| &c.inputs)
        ),
    }
    let mut fast_sink: Vec<Option<Value>> = Vec::new();
    match reader.fast(text, default, &mut fast_sink) {
        Some(date) => {
            let case = expected
                .as_ref()
                .unwrap_or_else(|e| panic!("fast path read {text}: {e}"));
            assert_eq!(case.date, date, "{text}");
            assert_eq!(case.inputs, fast_sink, "{text}");
            true
        }
        None => false,
    }
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn shipped_packs_read_as_case_read_does(seed in 1u64..u64::MAX) {
        let mut r = Rng::new(seed);
        for (_, p) in packs_cached() {
            let reader = CaseReader::new(p);
            for _ in 0..40 {
                let text = case_text(&mut r, p);
                let default = r.chance(50).then(|| date("2026-01-15"));
                agree(p, &reader, &text, default);
            }
        }
    }

    #[test]
    fn every_type_reads_as_case_read_does(seed in 1u64..u64::MAX) {
        let mut r = Rng::new(seed);
        let p = every_type();
        let reader = CaseReader::new(&p);
        for _ in 0..100 {
            let text = case_text(&mut r, &p);
            agree(&p, &reader, &text, Some(date("2026-01-15")));
        }
    }
}

fn packs_cached() -> &'static [(String, Program)] {
    static PACKS: std::sync::OnceLock<Vec<(String, Program)>> = std::sync::OnceLock::new();
    PACKS.get_or_init(packs)
}

/// The generator reaches the fast path for most valid cases of every pack, and the general
/// path too: the comparison above is not vacuous.
#[test]
fn generated_cases_take_both_paths() {
    let mut r = Rng::new(0x9e37_79b9_7f4a_7c15);
    let every = every_type();
    let mut all: Vec<&Program> = packs_cached().iter().map(|(_, p)| p).collect();
    all.push(&every);
    for p in all {
        let reader = CaseReader::new(p);
        let (mut fast, mut ok, mut total) = (0, 0, 0);
        for _ in 0..3000 {
            let text = case_text(&mut r, p);
            total += 1;
            if case::read(p, &text, Some(date("2026-01-15"))).is_ok() {
                ok += 1;
            }
            if agree(p, &reader, &text, Some(date("2026-01-15"))) {
                fast += 1;
            }
        }
        assert!(
            ok * 10 >= total,
            "{} valid of {total} for {}",
            ok,
            p.meta.title
        );
        assert!(
            fast * 2 >= ok,
            "{fast} fast of {ok} valid for {}",
            p.meta.title
        );
        assert!(fast < total, "{}", p.meta.title);
    }
}

/// All 10 000 FS benchmark cases read exactly as `case::read` reads them, every one by the
/// fast path.
#[test]
fn the_fs_benchmark_cases_read_identically() {
    let p = pack("crates/delegat-bench/fs.regel");
    let reader = CaseReader::new(&p);
    let text = std::fs::read_to_string(root().join("../shared/bench/cases_10k.jsonl"))
        .or_else(|_| std::fs::read_to_string("/work/shared/bench/cases_10k.jsonl"));
    let Ok(text) = text else {
        // The shared workload lies outside the repository; generated cases stand in.
        for line in delegat_bench::generate::json_lines(10_000, 42) {
            assert!(
                agree(&p, &reader, &line, Some(date("2026-03-01"))),
                "{line}"
            );
        }
        return;
    };
    let mut n = 0;
    for line in text.lines() {
        assert!(agree(&p, &reader, line, Some(date("2026-03-01"))), "{line}");
        n += 1;
    }
    assert_eq!(n, 10_000);
}

#[test]
fn hand_written_cases_read_identically() {
    let p = every_type();
    let reader = CaseReader::new(&p);
    let full = r#"{"antal": 3, "inkomst": "12 500,50 kr", "skuld": -12.05, "gift": true,
        "född": "1980-02-29", "form": "sambo_å", "andel": 1.25, "namn": "Åsa",
        "åldrar": [0, 20, 3], "belopp": [1e3, "50 öre", 0], "barn": [{"ålder": 4, "namn": "B"}],
        "make": {"namn": "M", "ålder": 20}, "matris": [[1], []], "andelar": [0.5, 1],
        "period": "3 månader", "datum": ["2026-01-01"], "former": ["gift"], "halvt": 2}"#;
    assert!(agree(&p, &reader, full, Some(date("2026-01-01"))));
    let mut sink: Vec<Option<Value>> = Vec::new();
    let d = reader
        .read(full, Some(date("2026-01-01")), &mut sink)
        .unwrap();
    assert_eq!(d, date("2026-01-01"));
    assert_eq!(sink[0], Some(Value::Int(3)));
    assert_eq!(sink[1], Some(Value::Money(Money::from_ore(1_250_050))));
    assert_eq!(sink[2], Some(Value::Money(Money::from_ore(-1205))));
    assert_eq!(sink[5], Some(Value::Enum(3)));
    assert_eq!(sink[6], Some(Value::Dec(Decimal::new(125, 2).unwrap())));
    assert_eq!(
        sink[8],
        Some(Value::Duration(Duration::new(3, DurationUnit::Manader)))
    );
    assert_eq!(
        sink[10],
        Some(Value::list(vec![
            Value::Money(Money::from_ore(100_000)),
            Value::Money(Money::from_ore(50)),
            Value::Money(Money::ZERO)
        ]))
    );
    for odd in [
        // An escape in a key or a value: the general path, same result.
        r#"{"antal": 1, "inkomst": 0, "skuld": 0, "gift": false, "f\u00f6dd": "2000-01-01", "form": "gift", "andel": 0, "namn": "a\nb", "åldrar": [], "belopp": [], "barn": []}"#,
        // A duplicate key, at the top and in a record.
        r#"{"antal": 1, "antal": 2}"#,
        r#"{"antal": 1, "inkomst": 0, "skuld": 0, "gift": false, "född": "2000-01-01", "form": "gift", "andel": 0, "namn": "", "åldrar": [], "belopp": [], "barn": [{"ålder": 1, "namn": "a", "ålder": 2}]}"#,
        // A duplicate date.
        r#"{"beslutsdatum": "2026-01-01", "beslutsdatum": "2026-01-01"}"#,
        // Numbers: -0, huge, exponent, leading zero.
        r#"{"antal": -0}"#,
        r#"{"antal": 1e1, "inkomst": 99999999999999999999}"#,
        r#"{"antal": 01}"#,
        r#"{"skuld": 92233720368547758.07, "antal": 1}"#,
        r#"{"skuld": 922337203685477580}"#,
        // Range edges.
        r#"{"antal": 21}"#,
        r#"{"halvt": 3}"#,
        r#"{"halvt": -1}"#,
        "",
        "   ",
        "{}",
        "{\"antal\": 1}\u{0}",
    ] {
        agree(&p, &reader, odd, Some(date("2026-01-01")));
    }
}

/// A sink of words, the shape of the JIT's native inputs.
#[derive(Default)]
struct Words {
    words: Vec<Option<(Word, i64)>>,
    lists: Vec<Option<(Word, Vec<i64>)>>,
    values: usize,
}

impl InputSink for Words {
    fn clear(&mut self, inputs: usize) {
        self.words.clear();
        self.words.resize(inputs, None);
        self.lists.clear();
        self.lists.resize(inputs, None);
        self.values = 0;
    }
    fn word(&mut self, input: usize, kind: Word, w: i64) {
        self.words[input] = Some((kind, w));
    }
    fn dec(&mut self, _: usize, _: Decimal) {
        self.values += 1;
    }
    fn text(&mut self, _: usize, _: &str) {
        self.values += 1;
    }
    fn word_list(&mut self, input: usize, kind: Word, items: &[i64]) {
        self.lists[input] = Some((kind, items.to_vec()));
    }
    fn value(&mut self, _: usize, _: Value) {
        self.values += 1;
    }
}

#[test]
fn an_fs_case_becomes_words() {
    let p = pack("crates/delegat-bench/fs.regel");
    let reader = CaseReader::new(&p);
    let mut sink = Words::default();
    let line = r#"{"adults":2,"children":[9,11,8,17,12,3,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,0,1,2,3,4,5,6,7],"housing":452,"electricity":1,"travel":0,"incomes":[12639,8895],"special_circumstances":true,"beslutsdatum":"2026-03-01"}"#;
    let d = reader.read(line, None, &mut sink).unwrap();
    assert_eq!(d, date("2026-03-01"));
    assert_eq!(sink.words[0], Some((Word::Int, 2)));
    assert_eq!(sink.words[2], Some((Word::Money, 45_200)));
    assert_eq!(sink.words[6], Some((Word::Bool, 1)));
    let children = sink.lists[1].as_ref().unwrap();
    assert_eq!(children.0, Word::Int);
    assert_eq!(children.1.len(), 34);
    assert_eq!(&children.1[..3], &[9, 11, 8]);
    assert_eq!(children.1[33], 7);
    assert_eq!(sink.lists[5], Some((Word::Money, vec![1_263_900, 889_500])));
    assert_eq!(sink.values, 0);
    // Out of range: read by `case::read`, which refuses it.
    let e = reader.read(r#"{"adults":3}"#, None, &mut sink).unwrap_err();
    assert_eq!(e.kind, crate::CaseErrorKind::Range);
    assert_eq!(e.field.as_deref(), Some("adults"));
}

/// Cases read into the JIT's frame decide as the same cases read by `case::read` and
/// handed over as values: for every FS benchmark case and generated cases of every shipped
/// pack the JIT compiles.
#[test]
fn native_inputs_decide_as_values_do() {
    use delegat_jit::{JitEvaluator, JitPack};
    let fs = pack("crates/delegat-bench/fs.regel");
    let fs_lines: Vec<String> = match std::fs::read_to_string("/work/shared/bench/cases_10k.jsonl")
    {
        Ok(t) => t.lines().take(3000).map(str::to_owned).collect(),
        Err(_) => delegat_bench::generate::json_lines(3000, 7).collect(),
    };
    let mut r = Rng::new(0x5eed);
    let mut all: Vec<(&Program, Vec<String>)> = vec![(&fs, fs_lines)];
    for (_, p) in packs_cached() {
        let lines = (0..500).map(|_| case_text(&mut r, p)).collect();
        all.push((p, lines));
    }
    let mut native_cases = 0;
    for (p, lines) in all {
        let Ok(jit) = JitPack::compile(p) else {
            continue;
        };
        let decision = crate::Pack::from_program(p.clone())
            .unwrap()
            .default_decision()
            .unwrap();
        let reader = CaseReader::new(p);
        let mut native = JitEvaluator::new(&jit);
        let mut by_values = JitEvaluator::new(&jit);
        let default = Some(date("2026-03-01"));
        for line in &lines {
            let expected = case::read(p, line, default);
            let mut inputs = native.inputs();
            let got = reader.read(line, default, &mut inputs);
            match (expected, got) {
                (Ok(case), Ok(d)) => {
                    assert_eq!(case.date, d, "{line}");
                    let want = by_values.run(&case.inputs, case.date, decision);
                    assert_eq!(native.run_native(d, decision), want, "{line}");
                    native_cases += 1;
                }
                (Err(e), Err(g)) => assert_eq!(e, g, "{line}"),
                (e, g) => panic!("{line}: {:?} / {g:?}", e.map(|c| c.inputs)),
            }
        }
    }
    assert!(native_cases >= 3000, "{native_cases}");
}
