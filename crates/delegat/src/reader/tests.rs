//! The fast case reader against `case::read`: generated valid and mutated cases for every
//! shipped pack and a program of every input type, the 10 000 FS benchmark cases, and the
//! sink of words.

use std::path::Path;

use delegat_ir::{Program, Value};
use delegat_value::{Date, Decimal, Duration, DurationUnit, Money};
use proptest::prelude::*;

use super::*;
use crate::case;

mod generate;

use generate::{Rng, case_text, every_type};

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

/// 10 000 FS benchmark cases (the committed sample and generated ones) read exactly as
/// `case::read` reads them, every one by the
/// fast path.
#[test]
fn the_fs_benchmark_cases_read_identically() {
    let p = pack("crates/delegat-bench/fs.regel");
    let reader = CaseReader::new(&p);
    let generated = delegat_bench::generate::json_lines(9_000, 42);
    let sample = delegat_bench::sample::CASES.lines().map(str::to_owned);
    let mut n = 0;
    for line in sample.chain(generated) {
        assert!(
            agree(&p, &reader, &line, Some(date("2026-03-01"))),
            "{line}"
        );
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
    records: Vec<Option<(Vec<Word>, Vec<i64>)>>,
    values: usize,
}

impl InputSink for Words {
    fn clear(&mut self, inputs: usize) {
        self.words.clear();
        self.words.resize(inputs, None);
        self.lists.clear();
        self.lists.resize(inputs, None);
        self.records.clear();
        self.records.resize(inputs, None);
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
    fn record_list(&mut self, input: usize, kinds: &[Word], fields: &[i64]) {
        self.records[input] = Some((kinds.to_vec(), fields.to_vec()));
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
/// handed over as values: for every FS benchmark case, the impact benchmark's cases of the
/// försörjningsstöd pack and generated cases of every shipped pack the JIT compiles.
#[test]
fn native_inputs_decide_as_values_do() {
    use delegat_jit::{JitEvaluator, JitPack};
    let fs = pack("crates/delegat-bench/fs.regel");
    let fs_lines: Vec<String> = delegat_bench::sample::CASES
        .lines()
        .map(str::to_owned)
        .chain(delegat_bench::generate::json_lines(2000, 7))
        .collect();
    // Lists of records of words, written into the frame directly.
    let fsst = pack("examples/forsorjningsstod.regel");
    let fsst_lines = delegat_bench::konsekvens::json_lines(2000, 5).collect();
    let mut r = Rng::new(0x5eed);
    let mut all: Vec<(&Program, Vec<String>)> = vec![(&fs, fs_lines), (&fsst, fsst_lines)];
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
                    assert!(want.is_some(), "{line}: not decided natively");
                    assert_eq!(native.run_native(d, decision), want, "{line}");
                    native_cases += 1;
                }
                (Err(e), Err(g)) => assert_eq!(e, g, "{line}"),
                (e, g) => panic!("{line}: {:?} / {g:?}", e.map(|c| c.inputs)),
            }
        }
    }
    assert!(native_cases >= 5000, "{native_cases}");
}

#[test]
fn an_empty_list_of_records_reads_as_case_read_does() {
    let p = every_type();
    let reader = CaseReader::new(&p);
    for lists in [
        r#""barn": [], "matris": []"#,
        r#""barn": [ ], "matris": [ [] ]"#,
        r#""barn": [	
 ], "matris": [[1], []]"#,
    ] {
        let text = format!(
            r#"{{"antal": 1, "inkomst": 0, "skuld": 0, "gift": false, "född": "2000-01-01", "form": "gift", "andel": 0, "namn": "a", "åldrar": [], "belopp": [], {lists}}}"#
        );
        assert!(
            agree(&p, &reader, &text, Some(date("2026-01-01"))),
            "{text}"
        );
    }
}

/// Lists of records of one-word fields (the försörjningsstöd pack's children and young
/// people's incomes) are read by the fast path, with `case::read`'s values and, for
/// anything unusual, its errors.
#[test]
fn lists_of_records_read_as_case_read_does() {
    let p = pack("examples/forsorjningsstod.regel");
    let reader = CaseReader::new(&p);
    let default = Some(date("2024-06-15"));
    let mut with_children = 0;
    for line in delegat_bench::konsekvens::json_lines(3000, 11) {
        assert!(agree(&p, &reader, &line, default), "{line}");
        with_children += usize::from(line.contains("\"barn\":[{"));
    }
    assert!(with_children > 1000, "{with_children}");
    let case = |barn: &str, unga: &str| {
        format!(
            r#"{{"ansökningsmånad":"2024-06-01","första_ansökan":false,"ändrat_hushåll":false,"övriga_omständigheter":false,"har_tillgångar":false,"hushållsform":"ensamstående","barn":{barn},"antal_i_bostaden":2,"boendekostnad":5000,"hushållsel":300,"arbetsresor":0,"hemförsäkring":100,"fackavgift_och_akassa":0,"arbetsinkomst":0,"månader_med_stöd_före_arbetet":0,"månader_med_arbetsinkomst":0,"övriga_inkomster":[],"ungdomars_arbetsinkomster":{unga}}}"#
        )
    };
    // Read by the fast path: any field order, any whitespace, money as text, many records.
    let many = format!(
        "[{}]",
        vec![r#"{"ålder":3,"lunch_utanför_hemmet":true}"#; 40].join(",")
    );
    for (barn, unga) in [
        (r#"[{"lunch_utanför_hemmet":true,"ålder":4}]"#, "[]"),
        (
            r#"[ { "ålder" : 0 , "lunch_utanför_hemmet" : false } ,{"ålder":20,"lunch_utanför_hemmet":true}]"#,
            r#"[{"denna_månad":"1 200,50 kr","tidigare_i_år":0}]"#,
        ),
        (
            many.as_str(),
            r#"[{"tidigare_i_år":15000,"denna_månad":2000}]"#,
        ),
        // An integer written with a fraction of zero, as `case::read` takes it.
        (r#"[{"ålder":4.0,"lunch_utanför_hemmet":true}]"#, "[]"),
    ] {
        let text = case(barn, unga);
        assert!(agree(&p, &reader, &text, default), "{text}");
    }
    let mut sink: Vec<Option<Value>> = Vec::new();
    reader
        .read(
            &case(
                r#"[{"lunch_utanför_hemmet":true,"ålder":4},{"ålder":19,"lunch_utanför_hemmet":false}]"#,
                r#"[{"denna_månad":"1 200,50 kr","tidigare_i_år":0}]"#,
            ),
            default,
            &mut sink,
        )
        .unwrap();
    let barn = p.inputs.iter().position(|i| i.name == "barn").unwrap();
    let unga = p
        .inputs
        .iter()
        .position(|i| i.name == "ungdomars_arbetsinkomster")
        .unwrap();
    assert_eq!(
        sink[barn],
        Some(Value::list(vec![
            Value::record(vec![Value::Int(4), Value::Bool(true)]),
            Value::record(vec![Value::Int(19), Value::Bool(false)]),
        ]))
    );
    assert_eq!(
        sink[unga],
        Some(Value::list(vec![Value::record(vec![
            Value::Money(Money::from_ore(120_050)),
            Value::Money(Money::ZERO),
        ])]))
    );
    // An enum value written decomposed (`a` and a combining ring): not a variant's bytes,
    // so `case::read` reads it, composed.
    let decomposed = case("[]", "[]").replace("ensamstående", "ensamsta\u{30a}ende");
    assert!(!agree(&p, &reader, &decomposed, default), "{decomposed}");
    assert!(case::read(&p, &decomposed, default).is_ok());
    // Not read by the fast path: `case::read`'s value or error.
    for barn in [
        r#"[{"ålder":4}]"#,
        r#"[{"ålder":4,"lunch_utanför_hemmet":true,"namn":"A"}]"#,
        r#"[{"ålder":4,"lunch_utanför_hemmet":true,"ålder":5}]"#,
        r#"[{"ålder":21,"lunch_utanför_hemmet":true}]"#,
        r#"[{"ålder":-1,"lunch_utanför_hemmet":true}]"#,
        r#"[{"ålder":"4","lunch_utanför_hemmet":true}]"#,
        r#"[{"ålder":4,"lunch_utanför_hemmet":1}]"#,
        r#"[{"a\u030alder":4,"lunch_utanför_hemmet":true}]"#,
        "[{\"a\u{30a}lder\":4,\"lunch_utanför_hemmet\":true}]",
        r#"[{"\u00e5lder":4,"lunch_utanför_hemmet":true}]"#,
        r#"[{}]"#,
        r#"[4]"#,
        r#"[[]]"#,
        r#"[{"ålder":4,"lunch_utanför_hemmet":true},]"#,
        r#"[{"ålder":4,"lunch_utanför_hemmet":true}"#,
        r#"{"ålder":4,"lunch_utanför_hemmet":true}"#,
        "null",
    ] {
        let text = case(barn, "[]");
        assert!(!agree(&p, &reader, &text, default), "{text}");
    }
}

/// Lists longer than the reader keeps on the stack (32 words; 64 words of records) spill to
/// the heap and still read as `case::read` reads them, on the fast path.
#[test]
fn long_lists_read_identically() {
    let p = pack("examples/forsorjningsstod.regel");
    let reader = CaseReader::new(&p);
    let text = std::fs::read_to_string(root().join("examples/fall/forsorjningsstod.json")).unwrap();
    let mut case: serde_json::Value = serde_json::from_str(&text).unwrap();
    for n in [31, 32, 33, 40, 70] {
        case["övriga_inkomster"] = (0..n).map(|k| serde_json::json!(100 + k)).collect();
        case["barn"] = (0..n)
            .map(|k| serde_json::json!({"ålder": k % 21, "lunch_utanför_hemmet": k % 2 == 0}))
            .collect();
        let line = case.to_string();
        assert!(agree(&p, &reader, &line, None), "{n}: {line}");
        let mut sink: Vec<Option<Value>> = Vec::new();
        reader.fast(&line, None, &mut sink).unwrap();
        let lists = sink
            .iter()
            .filter(|v| matches!(v, Some(Value::List(items)) if items.len() == n))
            .count();
        assert!(lists >= 2, "{n}: {sink:?}");
    }
}

/// A diagnostic on a value inside lists and records names its whole path (`barn[1].ålder`,
/// `matris[1][0]`), however it is reached; the path is written out only for the error.
#[test]
fn errors_name_the_nested_path() {
    let p = every_type();
    let reader = CaseReader::new(&p);
    let cases = [
        (
            r#"{"barn": [{"ålder": 4, "namn": "B"}, {"ålder": 21, "namn": "C"}]}"#,
            "barn[1].ålder",
            "uppgiften `barn[1].ålder` ska vara mellan 0 och 20, men är 21",
        ),
        (
            r#"{"barn": [{"ålder": 4}]}"#,
            "barn[0].namn",
            "fältet `barn[0].namn` saknas; det ska vara en text",
        ),
        (
            r#"{"make": {"ålder": 4, "namn": "M", "skor": 2}}"#,
            "make.skor",
            "`make` har ett okänt fält `skor`; typen `Barn` har fälten `ålder` och `namn`",
        ),
        (
            r#"{"matris": [[1], [true]]}"#,
            "matris[1][0]",
            "uppgiften `matris[1][0]` ska vara ett heltal, men är `true`",
        ),
        (
            r#"{"andelar": [0.5, 1e-99]}"#,
            "andelar[1]",
            "uppgiften `andelar[1]`: ",
        ),
    ];
    for (text, field, message) in cases {
        let Err(e) = case::read(&p, text, Some(date("2026-01-01"))) else {
            panic!("{text} was read");
        };
        assert_eq!(e.field.as_deref(), Some(field), "{text}");
        assert!(e.message.starts_with(message), "{text}: {}", e.message);
        agree(&p, &reader, text, Some(date("2026-01-01")));
    }
}
