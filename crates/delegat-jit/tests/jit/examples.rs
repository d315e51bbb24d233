//! Every shipped example pack (`examples/*.regel`), the FS benchmark pack and
//! `tests/facts.regel` (repeated reads in every kind of branch), lowered from
//! source, through the JIT and the interpreter: each `exempel` case as written, and many
//! random variations of it (inputs replaced by random values of their type, inputs left
//! out, other decision dates). Every decision and every nullary rule must give identical
//! results, through every entry point of the evaluator (values, native inputs, a native
//! case), and no case may be left to the interpreter.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers outside #[test] functions: a failure is a test failure"
)]

use std::path::{Path, PathBuf};

use delegat_diagnostics::{FileId, SourceMap};
use delegat_interp::Evaluator;
use delegat_ir::build::date;
use delegat_ir::{DecisionId, Program, RuleId, Type, TypeDefKind, Value};
use delegat_ir::{DecisionResult, ValueTarget, Verdict};
use delegat_jit::{JitEvaluator, JitPack, NativeCase};
use delegat_value::{Date, Decimal, Duration, DurationUnit, Money};

struct NoFiles;

impl delegat_check::Loader for NoFiles {
    fn load(&mut self, _: &mut SourceMap, _: FileId, path: &str) -> Result<FileId, String> {
        Err(format!("`{path}` läses inte i testerna"))
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Parses, checks and lowers a rule file.
fn build(path: &Path) -> Program {
    let text = std::fs::read_to_string(path).unwrap();
    let mut map = SourceMap::new();
    let file = map.add(path.display().to_string(), text.clone());
    let (ast, syntax) = delegat_syntax::parse(file, &text);
    assert!(syntax.iter().all(|d| !d.is_error()), "{path:?}: {syntax:?}");
    let (checked, diags) = delegat_check::check(&mut map, file, &ast, &mut NoFiles);
    let checked = checked.unwrap_or_else(|| panic!("{path:?} does not check: {diags:#?}"));
    delegat_lower::lower(&checked).unwrap_or_else(|d| panic!("{path:?} does not lower: {d:?}"))
}

fn packs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .collect();
    files.sort();
    files.push(repo().join("crates/delegat-bench/fs.regel"));
    files.push(repo().join("crates/delegat-jit/tests/facts.regel"));
    files
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
}

/// A random value of a type: mostly ordinary, sometimes extreme.
fn random_value(ty: &Type, p: &Program, rng: &mut Rng) -> Value {
    let extreme = rng.below(12) == 0;
    match ty {
        Type::Int => Value::Int(if extreme {
            [i64::MAX, i64::MIN, -1][rng.below(3) as usize]
        } else {
            rng.range(-2, 25)
        }),
        Type::Money => Value::Money(Money::from_ore(if extreme {
            [i64::MAX, i64::MIN / 2, -100][rng.below(3) as usize]
        } else {
            rng.range(0, 3_000_000)
        })),
        Type::Dec => Value::Dec(
            Decimal::new(i128::from(rng.range(-2000, 2000)), rng.below(4) as u32)
                .unwrap_or(Decimal::ZERO),
        ),
        Type::Bool => Value::Bool(rng.below(2) == 0),
        Type::Date => {
            Value::Date(Date::from_days(rng.range(-30_000, 40_000)).unwrap_or(date(2026, 1, 1)))
        }
        Type::Duration => Value::Duration(Duration::new(
            rng.range(-24, 24),
            DurationUnit::from_u8(rng.below(4) as u8).unwrap_or(DurationUnit::Dagar),
        )),
        Type::Text => Value::text(["", "ja", "x"][rng.below(3) as usize]),
        Type::Enum(t) => {
            let n = match p.type_def(*t).map(|d| &d.kind) {
                Some(TypeDefKind::Enum(v)) => v.len() as u64,
                _ => 1,
            };
            Value::Enum(rng.below(n) as u32)
        }
        Type::Record(t) => match p.type_def(*t).map(|d| &d.kind) {
            Some(TypeDefKind::Record(fields)) => Value::record(
                fields
                    .iter()
                    .map(|f| random_value(&f.ty, p, rng))
                    .collect::<Vec<_>>(),
            ),
            _ => Value::record(Vec::new()),
        },
        Type::List(elem) => {
            let n = rng.below(5);
            Value::list(
                (0..n)
                    .map(|_| random_value(elem, p, rng))
                    .collect::<Vec<_>>(),
            )
        }
    }
}

/// A one-word value's word.
fn word(v: &Value) -> Option<i64> {
    match v {
        Value::Int(x) => Some(*x),
        Value::Money(m) => Some(m.ore()),
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Date(d) => Some(i64::from(d.days())),
        Value::Enum(e) => Some(i64::from(*e)),
        _ => None,
    }
}

/// A non-empty list of records of one-word fields as `set_record_list` takes it: the
/// record's width and every record's words one after another.
fn record_words(items: &[Value]) -> Option<(usize, Vec<i64>)> {
    let mut width = None;
    let mut fields = Vec::new();
    for item in items {
        let Value::Record(f) = item else { return None };
        if *width.get_or_insert(f.len()) != f.len() {
            return None;
        }
        for x in f.iter() {
            fields.push(word(x)?);
        }
    }
    Some((width?, fields))
}

/// Writes a case's inputs through `NativeInputs`, with the one-word setters wherever the
/// type allows (as a JSON reader would; lists of records of one-word fields with
/// `set_record_list`), else `set_value`.
fn write_native(p: &Program, jit: &mut JitEvaluator<'_>, inputs: &[Option<Value>]) {
    let mut w = jit.inputs();
    for (i, v) in inputs.iter().enumerate() {
        let Some(v) = v else { continue };
        let ok = match v {
            Value::Int(_) | Value::Money(_) | Value::Bool(_) | Value::Date(_) | Value::Enum(_) => {
                word(v).is_some_and(|x| w.set_word(i, x))
            }
            Value::Dec(d) => w.set_dec(i, *d),
            Value::Text(t) => w.set_text(i, t),
            Value::List(items) => {
                let words: Option<Vec<i64>> = items.iter().map(word).collect();
                match (words, record_words(items)) {
                    (Some(words), _) if !items.is_empty() => w.set_word_list(i, &words),
                    (_, Some((width, fields))) => w.set_record_list(i, width, &fields),
                    _ => w.set_value(i, v),
                }
            }
            _ => w.set_value(i, v),
        };
        assert!(ok, "input {} = {v:?} refused", p.inputs[i].name);
    }
}

/// Both engines on one case: every decision (through `decide`, `run` + `result_into`,
/// `NativeInputs` + `run_native` and `NativeCase` + `run_case`, the last three into a
/// result reused from case to case) and every nullary rule.
fn compare(
    p: &Program,
    (pack, jit): (&JitPack, &mut JitEvaluator<'_>),
    interp: &mut Evaluator<'_>,
    out: &mut DecisionResult,
    inputs: &[Option<Value>],
    day: Date,
    what: &str,
) {
    let native = NativeCase::new(pack, inputs).unwrap();
    for d in 0..p.decisions.len() {
        let d = DecisionId::from_index(d);
        let want = interp.decide(inputs, day, d);
        let verdict = Verdict {
            outcome: want.outcome,
            chosen: want.chosen,
            belopp: want.belopp,
        };
        let got = jit.decide(inputs, day, d);
        assert_eq!(
            got.as_ref(),
            Some(&want),
            "{what}: decision {d:?} on {day} with {inputs:?}"
        );
        assert_eq!(jit.run(inputs, day, d), Some(verdict), "{what}: run");
        assert!(jit.result_into(out), "{what}: run + result_into");
        assert_eq!(
            *out, want,
            "{what}: run + result_into {d:?} on {day} with {inputs:?}"
        );
        write_native(p, jit, inputs);
        assert_eq!(jit.run_native(day, d), Some(verdict), "{what}: run_native");
        assert!(jit.result_into(out), "{what}: run_native + result_into");
        assert_eq!(
            *out, want,
            "{what}: run_native {d:?} on {day} with {inputs:?}"
        );
        assert_eq!(
            jit.run_case(&native, day, d),
            Some(verdict),
            "{what}: run_case"
        );
        assert!(jit.result_into(out), "{what}: run_case + result_into");
        assert_eq!(
            *out, want,
            "{what}: run_case {d:?} on {day} with {inputs:?}"
        );
    }
    for (r, rule) in p.rules.iter().enumerate() {
        if rule.arity != 0 {
            continue;
        }
        let t = ValueTarget::Rule(RuleId::from_index(r));
        let got = jit.value(inputs, day, t);
        let want = interp.value(inputs, day, t);
        assert_eq!(
            got,
            Some(want),
            "{what}: rule `{}` on {day} with {inputs:?}",
            rule.name
        );
    }
}

#[test]
fn every_example_pack_agrees_on_its_exempel_and_variations() {
    let mut packs_seen = 0;
    let mut cases = 0;
    for path in packs() {
        let p = build(&path);
        let pack = JitPack::compile(&p).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let mut jit = JitEvaluator::new(&pack);
        let mut interp = Evaluator::new(&p);
        let mut out = DecisionResult::default();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ packs_seen);
        let mut bases: Vec<(Vec<Option<Value>>, Date)> = p
            .examples
            .iter()
            .map(|ex| {
                let mut inputs: Vec<Option<Value>> = vec![None; p.inputs.len()];
                for g in &ex.givet {
                    inputs[g.input.index()] = Some(g.value.clone());
                }
                (inputs, ex.date.unwrap_or(date(2026, 1, 1)))
            })
            .collect();
        if bases.is_empty() {
            bases.push((vec![None; p.inputs.len()], date(2026, 1, 1)));
        }
        for (inputs, day) in &bases {
            compare(
                &p,
                (&pack, &mut jit),
                &mut interp,
                &mut out,
                inputs,
                *day,
                "exempel",
            );
            cases += 1;
            for _ in 0..40 {
                let mut varied = inputs.clone();
                for (i, input) in p.inputs.iter().enumerate() {
                    match rng.below(8) {
                        0 | 1 => varied[i] = Some(random_value(&input.ty, &p, &mut rng)),
                        2 if rng.below(4) == 0 => varied[i] = None,
                        _ => {}
                    }
                }
                let day = match rng.below(6) {
                    0 => {
                        Date::from_days(i64::from(day.days()) - rng.range(0, 4000)).unwrap_or(*day)
                    }
                    1 => Date::from_days(i64::from(day.days()) + rng.range(0, 800)).unwrap_or(*day),
                    _ => *day,
                };
                compare(
                    &p,
                    (&pack, &mut jit),
                    &mut interp,
                    &mut out,
                    &varied,
                    day,
                    "variation",
                );
                cases += 1;
            }
        }
        packs_seen += 1;
    }
    assert!(packs_seen >= 5, "{packs_seen}");
    assert!(cases > 1000, "{cases}");
}

/// `set_record_list` writes a list of records of one-word fields as `set_value` does, and
/// refuses (setting nothing) what is not such a list of the input's record type.
#[test]
fn lists_of_records_are_set_as_words_or_refused() {
    let p = build(&repo().join("examples/forsorjningsstod.regel"));
    let pack = JitPack::compile(&p).unwrap();
    let mut jit = JitEvaluator::new(&pack);
    let input = |name: &str| p.inputs.iter().position(|i| i.name == name).unwrap();
    let (barn, form, inkomster) = (
        input("barn"),
        input("hushållsform"),
        input("övriga_inkomster"),
    );
    let mut w = jit.inputs();
    assert!(!w.set_record_list(form, 2, &[4, 1]), "not a list");
    assert!(!w.set_record_list(inkomster, 1, &[100]), "a list of words");
    assert!(!w.set_record_list(barn, 1, &[4, 1]), "two fields, not one");
    assert!(!w.set_record_list(barn, 0, &[]), "no width");
    assert!(!w.set_record_list(barn, 2, &[4, 1, 5]), "not whole records");
    assert!(!w.set_record_list(barn, 2, &[4, 2]), "ja/nej is 0 or 1");
    assert!(w.set_record_list(barn, 2, &[4, 1, 19, 0]));
    let back = jit.inputs_back();
    assert_eq!(
        back[barn],
        Some(Value::list(vec![
            Value::record(vec![Value::Int(4), Value::Bool(true)]),
            Value::record(vec![Value::Int(19), Value::Bool(false)]),
        ]))
    );
    assert_eq!(back[form], None);
    assert_eq!(back[inkomster], None);
    let mut w = jit.inputs();
    assert!(w.set_record_list(barn, 2, &[]));
    assert_eq!(jit.inputs_back()[barn], Some(Value::list(Vec::new())));
}

/// The one-word setters take exactly the words of the input's type: a variant index below
/// the number of variants, a day in the range of dates, any amount.
#[test]
fn words_are_checked_against_the_input_type() {
    let p = build(&repo().join("examples/forsorjningsstod.regel"));
    let pack = JitPack::compile(&p).unwrap();
    let mut jit = JitEvaluator::new(&pack);
    let input = |name: &str| p.inputs.iter().position(|i| i.name == name).unwrap();
    let (form, month, rent, other, kids) = (
        input("hushållsform"),
        input("ansökningsmånad"),
        input("boendekostnad"),
        input("övriga_inkomster"),
        input("barn"),
    );
    let mut w = jit.inputs();
    assert!(!w.set_word(form, 3), "three variants");
    assert!(!w.set_word(form, -1));
    assert!(!w.set_word(month, i64::from(i32::MAX)), "no such date");
    assert!(!w.set_word(kids, 1), "a list");
    assert!(!w.set_word(p.inputs.len(), 1), "no such input");
    assert!(!w.set_word_list(form, &[1]), "no list");
    assert!(!w.set_word_list(kids, &[1]), "a list of records");
    assert!(w.set_word(form, 2));
    assert!(w.set_word(month, i64::from(date(2024, 6, 1).days())));
    assert!(w.set_word(rent, -5));
    assert!(w.set_word_list(other, &[i64::MIN, 0, i64::MAX]));
    let back = jit.inputs_back();
    assert_eq!(back[form], Some(Value::Enum(2)));
    assert_eq!(back[month], Some(Value::Date(date(2024, 6, 1))));
    assert_eq!(back[kids], None);
}

/// One evaluator deciding cases whose dates jump between many ranges of parameter
/// versions (more than the sets it keeps, in an order that reuses and replaces them) gives
/// the interpreter's results on every one.
#[test]
fn parameters_follow_the_date_across_many_version_ranges() {
    let p = build(&repo().join("examples/forsorjningsstod.regel"));
    let pack = JitPack::compile(&p).unwrap();
    let mut jit = JitEvaluator::new(&pack);
    let mut interp = Evaluator::new(&p);
    let mut out = DecisionResult::default();
    let ex = p.examples.first().unwrap();
    let mut inputs: Vec<Option<Value>> = vec![None; p.inputs.len()];
    for g in &ex.givet {
        inputs[g.input.index()] = Some(g.value.clone());
    }
    let month = p
        .inputs
        .iter()
        .position(|i| i.name == "ansökningsmånad")
        .unwrap();
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    for _ in 0..300 {
        let year = 2018 + rng.range(0, 8) as i32;
        let m = 1 + rng.range(0, 11) as u32;
        inputs[month] = Some(Value::Date(date(year, m, 1)));
        // Decided in the month applied for (the norm date is its first day).
        let day = date(year, m, 1 + rng.range(0, 27) as u32);
        compare(
            &p,
            (&pack, &mut jit),
            &mut interp,
            &mut out,
            &inputs,
            day,
            "dates",
        );
    }
}
