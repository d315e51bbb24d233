//! Generated cases for the reader's tests: a program with an input of every type, and
//! JSON cases for any program, valid or mutated (wrong types, out of range, unknown, missing
//! and duplicate keys, escapes, odd whitespace and number forms, broken JSON).

use delegat_ir::{Bounds, FieldDef, Input, Kalla, Meta, Program, Type, TypeDef, TypeDefKind};
use delegat_ir::{TypeId, Value};
use delegat_value::{Date, Decimal, Money};

use crate::case;

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
pub(super) fn every_type() -> Program {
    let mut p = Program::new(Meta {
        title: "Alla typer".into(),
        ..Meta::default()
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
pub(super) struct Rng(u64, bool);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
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
    pub(super) fn chance(&mut self, percent: u64) -> bool {
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
pub(super) fn case_text(r: &mut Rng, p: &Program) -> String {
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
    // Two entries swapped (a case with none has nothing to swap).
    if r.chance(5) && !entries.is_empty() {
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
