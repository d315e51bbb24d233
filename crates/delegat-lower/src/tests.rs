//! Tests of the lowering: every shipped example pack lowers, verifies, survives the pack
//! format, and passes all its `exempel` on the interpreter; the FS pack from source agrees
//! with the benchmark's expected outcomes.

use std::path::{Path, PathBuf};

use delegat_diagnostics::{FileId, SourceMap};
use delegat_interp::evaluate;
use delegat_ir::ValueTarget;
use delegat_ir::build::date;
use delegat_ir::{DecisionId, Expected, OutcomeKind, Program, Target, Value};

struct NoFiles;

impl delegat_check::Loader for NoFiles {
    fn load(&mut self, _: &mut SourceMap, _: FileId, path: &str) -> Result<FileId, String> {
        Err(format!("`{path}` läses inte i testerna"))
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `text` written to a file `name` in a fresh temporary directory, removed when the returned
/// directory is dropped.
fn scratch_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("delegat-lower-")
        .tempdir()
        .unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
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
    match crate::lower(&checked) {
        Ok(p) => p,
        Err(d) => panic!("{path:?} does not lower: {d:?}"),
    }
}

/// Runs every `exempel` of a program; returns the failures as text.
fn run_examples(p: &Program) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for ex in &p.examples {
        let mut inputs: Vec<Option<Value>> = vec![None; p.inputs.len()];
        for g in &ex.givet {
            inputs[g.input.index()] = Some(g.value.clone());
        }
        let day = ex.date.unwrap_or(date(2026, 1, 1));
        // Values on the norm date of the first decision that computes one (as `delegat test`).
        let norm_day = (0..p.decisions.len())
            .find_map(|i| evaluate(p, &inputs, day, DecisionId::from_index(i)).norm)
            .map_or(day, |n| n.date);
        let mut ev = delegat_interp::Evaluator::new(p);
        for e in &ex.expect {
            checked += 1;
            match (e.target, &e.expected) {
                (Target::Decision(d), Expected::Outcome { kind, belopp }) => {
                    let r = evaluate(p, &inputs, day, d);
                    let got_belopp = r.belopp.map(Value::Money);
                    let ok = r.outcome == *kind && (belopp.is_none() || *belopp == got_belopp);
                    if !ok {
                        failures.push(format!(
                            "{}: {:?} {:?} ≠ {:?} {:?} ({:?})",
                            ex.name, r.outcome, got_belopp, kind, belopp, r.error
                        ));
                    }
                }
                (Target::Rule(r), Expected::Value(v)) => {
                    let got = ev.value_on(&inputs, day, norm_day, ValueTarget::Rule(r));
                    if got.as_ref() != Ok(v) {
                        failures.push(format!("{}: regel {got:?} ≠ {v:?}", ex.name));
                    }
                }
                (Target::Param(q), Expected::Value(v)) => {
                    let got = ev.value_on(&inputs, day, norm_day, ValueTarget::Param(q));
                    if got.as_ref() != Ok(v) {
                        failures.push(format!("{}: parameter {got:?} ≠ {v:?}", ex.name));
                    }
                }
                other => failures.push(format!("{}: {other:?}", ex.name)),
            }
        }
    }
    (checked, failures)
}

fn example_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "regel"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_pack_lowers_and_passes_its_exempel() {
    let files = example_files();
    assert!(files.len() >= 4, "{files:?}");
    let mut total = 0;
    for path in files {
        let p = build(&path);
        assert_eq!(p.verify(), vec![], "{path:?}");
        let bytes = delegat_ir::pack::save(&p).unwrap();
        assert_eq!(delegat_ir::pack::load(&bytes).unwrap(), p, "{path:?}");
        let (checked, failures) = run_examples(&p);
        assert!(checked > 0 || p.examples.is_empty(), "{path:?}");
        assert_eq!(failures, Vec::<String>::new(), "{path:?}");
        total += checked;
    }
    // The four shipped packs hold over a hundred exempel with one or more expectations.
    assert!(total > 100, "{total}");
}

#[test]
fn the_fs_pack_from_source_agrees_with_the_benchmark() {
    // The workload's committed sample, with the decisions the peer engines confirmed.
    let dir = repo().join("crates/delegat-bench/data");
    let cases = std::fs::read_to_string(dir.join("cases_1k.jsonl")).unwrap();
    let expected = std::fs::read_to_string(dir.join("expected_1k.jsonl")).unwrap();
    // The benchmark's rules (crates/delegat-bench/fs.regel), with the household size's
    // lower bound stated so that the table lookup is provably covered.
    let source = std::fs::read_to_string(repo().join("crates/delegat-bench/fs.regel"))
        .unwrap()
        .replace(
            "regel hushållsstorlek: heltal =",
            "regel hushållsstorlek: heltal 1.. =",
        );
    let (_dir, path) = scratch_file("fs.regel", &source);
    let p = build(&path);
    let sample = delegat_ir::build::fs_sample();
    let mut ev = delegat_interp::Evaluator::new(&p);
    let mut ev_sample = delegat_interp::Evaluator::new(&sample);
    let names = [
        "adults",
        "children",
        "housing",
        "electricity",
        "travel",
        "incomes",
        "special_circumstances",
    ];
    let order: Vec<usize> = names
        .iter()
        .map(|n| p.input_by_name(n).unwrap().index())
        .collect();
    for (line, exp) in cases.lines().zip(expected.lines()) {
        let v: serde_like::Case = serde_like::parse(line);
        let values = v.values();
        let mut inputs = vec![None; p.inputs.len()];
        for (k, value) in order.iter().zip(&values) {
            inputs[*k] = value.clone();
        }
        let d = p.decision_by_name("fs").unwrap();
        let r = ev.decide(&inputs, date(2026, 3, 1), d);
        let s = ev_sample.decide(&values, date(2026, 3, 1), delegat_ir::DecisionId(0));
        assert_eq!((r.outcome, r.belopp), (s.outcome, s.belopp), "{line}");
        let want = if exp.contains("grant") {
            OutcomeKind::Bifall
        } else if exp.contains("reject") {
            OutcomeKind::Avslag
        } else {
            OutcomeKind::Manuell
        };
        assert_eq!(r.outcome, want, "{line}");
    }
}

/// A tiny reader for the benchmark's JSON lines (the lowering crate has no JSON dependency).
mod serde_like {
    use delegat_ir::Value;
    use delegat_ir::build::kr;

    pub(super) struct Case(Vec<(String, String)>);

    pub(super) fn parse(line: &str) -> Case {
        let body = line.trim().trim_start_matches('{').trim_end_matches('}');
        let mut fields = Vec::new();
        let mut rest = body;
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let end = after.find('"').unwrap();
            let key = after[..end].to_string();
            let after = &after[end + 2..];
            let (value, next) = if after.starts_with('[') {
                let close = after.find(']').unwrap();
                (after[..=close].to_string(), &after[close + 1..])
            } else {
                let close = after.find(',').unwrap_or(after.len());
                (after[..close].to_string(), &after[close..])
            };
            fields.push((key, value));
            rest = next;
        }
        Case(fields)
    }

    impl Case {
        fn get(&self, k: &str) -> &str {
            &self.0.iter().find(|(key, _)| key == k).unwrap().1
        }

        fn list(&self, k: &str) -> Vec<i64> {
            let s = self.get(k).trim_matches(|c| c == '[' || c == ']');
            s.split(',')
                .filter(|x| !x.is_empty())
                .map(|x| x.parse().unwrap())
                .collect()
        }

        pub(super) fn values(&self) -> Vec<Option<Value>> {
            let money = |k: &str| Some(Value::Money(kr(self.get(k).parse().unwrap())));
            vec![
                Some(Value::Int(self.get("adults").parse().unwrap())),
                Some(Value::list(
                    self.list("children")
                        .into_iter()
                        .map(Value::Int)
                        .collect::<Vec<_>>(),
                )),
                money("housing"),
                money("electricity"),
                money("travel"),
                Some(Value::list(
                    self.list("incomes")
                        .into_iter()
                        .map(|k| Value::Money(kr(k)))
                        .collect::<Vec<_>>(),
                )),
                Some(Value::Bool(self.get("special_circumstances") == "true")),
            ]
        }
    }
}

/// Constructs the shipped packs do not use, each with an `exempel` that pins its value.
const CONSTRUCTS: &str = r#"
regelverk "Konstruktioner" { nämnd: "Testnämnden" version: "1" }

typ Boende = hyresrätt | bostadsrätt | villa
typ Barn = { född: datum  lunch: ja/nej }

uppgift boende: Boende { källa: sökande }
uppgift barn: lista av Barn { källa: sökande }
uppgift ansökt: datum { källa: sökande }
uppgift andel: tal 0..1 { källa: sökande }
uppgift timmar: heltal 0..100 { källa: sökande }
uppgift namn: text { källa: sökande }
bedömning skälig: ja/nej { beskrivning: "om kostnaden är rimlig" }

parameter timpris: belopp enligt "Taxa" {
  från 2025-01-01: 100 kr
  från 2026-01-01: 120 kr
}

regel yngsta: heltal = minsta(för b i barn: år_mellan(b.född; beslutsdatum))
regel äldsta_född: datum = minsta(för b i barn: b.född)
regel alla_lunch: ja/nej = alla(för b i barn: b.lunch)
regel dagar: heltal = dagar_mellan(ansökt; beslutsdatum)
regel månader: heltal = månader_mellan(ansökt; beslutsdatum)
regel giltig_till: datum = beslutsdatum + 3 månader
regel förra: datum = beslutsdatum - 2 veckor
regel kvot: tal = timmar / 8
regel halva: tal = andel * 2 + timmar
regel hela: heltal = avrunda(kvot)
regel steg: tal = avrunda_nedåt(kvot; 0,5)
regel hundratal: heltal = avrunda_uppåt(timmar * 7; 100)
regel kostnad: belopp = timmar * timpris
regel negativ: belopp = -kostnad
regel tak: belopp = största(kostnad; 1 500 kr)
regel ettbarn: Barn = { född = 2020-05-01  lunch = ja }
regel typ_av_boende: heltal = välj {
  när boende = villa eller skälig: 3
  när timmar > 10: 2
  annars: 1
}
regel namnlikt: ja/nej = namn = "Anna" och inte (timmar >= 50)
regel tidigt: ja/nej = ansökt < 2026-01-01

beslutsstöd förslag enligt "Testlagen 1 §" {
  när skälig: bifall { belopp: kostnad motivering: "Kostnaden är {kostnad}." }
  annars: avslag { motivering: "Kostnaden {kostnad} är inte skälig." }
}

exempel "Allt på en gång" {
  givet {
    beslutsdatum = 2026-03-01
    boende = hyresrätt
    barn = [{ född = 2019-03-02  lunch = ja }; { född = 2015-03-01  lunch = nej }]
    ansökt = 2025-12-15
    andel = 0,25
    timmar = 12
    namn = "Anna"
    skälig = nej
  }
  förvänta {
    yngsta = 6
    äldsta_född = 2015-03-01
    alla_lunch = nej
    dagar = 76
    månader = 2
    giltig_till = 2026-06-01
    förra = 2026-02-15
    kvot = 1,5
    halva = 12,5
    hela = 2
    steg = 1,5
    hundratal = 100
    kostnad = 1 440 kr
    negativ = -1 440 kr
    tak = 1 500 kr
    typ_av_boende = 2
    namnlikt = ja
    tidigt = ja
    timpris = 120 kr
    förslag = avslag
  }
}
"#;

#[test]
fn constructs_beyond_the_shipped_packs_lower_and_evaluate() {
    let (_dir, path) = scratch_file("constructs.regel", CONSTRUCTS);
    let p = build(&path);
    let (checked, failures) = run_examples(&p);
    assert_eq!(failures, Vec::<String>::new());
    assert_eq!(checked, 20);
    let kinds: std::collections::BTreeSet<String> = p
        .exprs
        .iter()
        .map(|e| {
            format!("{:?}", e.kind)
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect()
        })
        .collect();
    for k in [
        "Cond",
        "DateDiff",
        "DateShift",
        "MakeRecord",
        "MinMax",
        "Or",
        "Round",
        "Aggregate",
        "Unary",
    ] {
        assert!(kinds.contains(k), "{k} not used: {kinds:?}");
    }
}

#[test]
fn a_wrong_expectation_is_caught() {
    let (_dir, path) = scratch_file(
        "wrong.regel",
        &CONSTRUCTS.replace("kostnad = 1 440 kr", "kostnad = 1 441 kr"),
    );
    let p = build(&path);
    let (_, failures) = run_examples(&p);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].starts_with("Allt på en gång: regel Ok(Money("),
        "{failures:?}"
    );
}

#[test]
fn the_lowered_constructs_pack_dump() {
    let (_dir, path) = scratch_file("dump.regel", CONSTRUCTS);
    insta::assert_snapshot!(build(&path).to_string());
}
