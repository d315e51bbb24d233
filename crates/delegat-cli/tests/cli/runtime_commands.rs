//! End-to-end tests of the deciding commands of the `delegat` binary: `test`, `build`,
//! `run`, `batch` and `schema`, over the shipped example packs.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::process::Output;

use super::support::{TestFile, delegat, root, stderr, stdout};

/// A file `name` in a fresh directory of its own (removed when the file is dropped).
fn scratch(name: &str) -> TestFile {
    TestFile::new("delegat-cli-test-", name)
}

#[test]
fn test_examples_ends_with_the_count_line() {
    let o = delegat(&["test", "examples/"]);
    let out = stdout(&o);
    let last = out.lines().last().unwrap();
    let (passed, failed) = last.split_once(" passed, ").unwrap();
    assert_eq!(failed, "0 failed", "{out}");
    assert!(passed.parse::<usize>().unwrap() > 50, "{last}");
    assert!(o.status.success());
    assert!(out.contains("avvisas med E0303, som väntat"), "{out}");
}

#[test]
fn a_failing_exempel_shows_expected_and_actual_and_exits_1() {
    let text =
        std::fs::read_to_string(root().join("examples/fritidsaktivitetsbidrag.regel")).unwrap();
    let broken = text.replacen("= bifall", "= avslag", 1);
    assert_ne!(broken, text);
    let path = scratch("fritidsaktivitetsbidrag_fel.regel");
    std::fs::write(&path, broken).unwrap();
    let o = delegat(&["test", path.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("förväntat: avslag"), "{out}");
    assert!(out.contains("fick:      bifall"), "{out}");
    assert!(out.contains("fritidsaktivitetsbidrag_fel.regel:"), "{out}");
    assert!(
        out.lines().last().unwrap().ends_with(" passed, 1 failed"),
        "{out}"
    );
}

#[test]
fn a_failing_exempel_shows_the_branch_motivering_and_values() {
    let o = delegat(&[
        "test",
        "crates/delegat-cli/tests/data/exempel_som_inte_stammer.regel",
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn build_then_run_and_batch_a_pack() {
    let pack = scratch("forsorjningsstod.paket");
    let o = delegat(&[
        "build",
        "examples/forsorjningsstod.regel",
        "-o",
        pack.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let case = r#"{"beslutsdatum": "2024-03-15", "ansökningsmånad": "2024-03-01", "första_ansökan": false, "ändrat_hushåll": false, "övriga_omständigheter": false, "har_tillgångar": false, "hushållsform": "ensamstående", "barn": [], "antal_i_bostaden": 1, "boendekostnad": 6000, "hushållsel": "300 kr", "arbetsresor": 0, "hemförsäkring": 150, "fackavgift_och_akassa": 0, "arbetsinkomst": 0, "månader_med_stöd_före_arbetet": 0, "månader_med_arbetsinkomst": 0, "övriga_inkomster": [], "ungdomars_arbetsinkomster": []}"#;
    let input = scratch("fall.json");
    std::fs::write(&input, case).unwrap();
    let o = delegat(&[
        "run",
        pack.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["utfall"], "bifall");
    assert_eq!(json["belopp"].to_string(), "11480");
    let o = delegat(&[
        "run",
        "examples/forsorjningsstod.regel",
        "--input",
        input.to_str().unwrap(),
        "--format",
        "text",
    ]);
    let letter = stdout(&o);
    assert!(letter.starts_with("BESLUT\n"), "{letter}");
    assert!(
        letter.contains("Ansökan beviljas. Du får 11 480 kr."),
        "{letter}"
    );

    let lines = scratch("fall.jsonl");
    std::fs::write(&lines, format!("{case}\n{{\"x\": 1}}\n\n{case}\n")).unwrap();
    let out = scratch("beslut.jsonl");
    let o = delegat(&[
        "batch",
        pack.to_str().unwrap(),
        "--input",
        lines.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--motor",
        "jit",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("4 ärenden: 2 bifall, 0 avslag, 0 fastställt, 0 manuell, 2 fel."),
        "{}",
        stderr(&o)
    );
    let written = std::fs::read_to_string(&out).unwrap();
    let written: Vec<&str> = written.lines().collect();
    assert_eq!(written.len(), 4);
    assert!(written[1].contains("\"kod\":\"E0421\""), "{}", written[1]);
}

#[test]
fn a_damaged_pack_is_refused() {
    let pack = scratch("skadat.paket");
    std::fs::write(
        &pack,
        "{\"format\":\"delegat-pack\",\"format_version\":1,\"hash\":\"00\",\"program\":{}}",
    )
    .unwrap();
    let o = delegat(&["schema", pack.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("E0501"), "{}", stderr(&o));
}

#[test]
fn schema_is_json_with_the_questions() {
    let o = delegat(&["schema", "examples/maxtaxa.regel"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(schema["type"], "object");
    assert!(schema["properties"]["omsorgsform"]["enum"].is_array());
    assert!(schema["properties"]["omsorgsform"]["description"].is_string());
}

/// An unknown command is a usage error (exit 2) whose message lists every command there is,
/// read from the command definitions (a list written by hand fell behind them once).
#[test]
fn an_unknown_command_lists_every_command() {
    let out = delegat(&["foo"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "fel: okänt kommando `foo`; kommandona är check, explain, fmt, test, build, run, batch, \
         schema, nyckel, signera, uppföljning, konsekvens, logg, lsp, serve och playground\n\
         Skriv `delegat --help` för hjälp.\n"
    );
}

#[test]
fn help_is_swedish() {
    for cmd in ["test", "build", "run", "batch", "schema"] {
        let o = delegat(&[cmd, "--help"]);
        assert!(o.status.success());
        assert!(stdout(&o).contains("Användning: delegat"), "{cmd}");
    }
}

#[test]
fn test_runs_both_engines_by_default_and_one_with_motor() {
    let last = |o: &Output| stdout(o).lines().last().unwrap().to_owned();
    let both = delegat(&["test", "examples/fritidsaktivitetsbidrag.regel"]);
    assert!(both.status.success(), "{}", stdout(&both));
    assert!(
        last(&both).ends_with(" passed, 0 failed"),
        "{}",
        last(&both)
    );
    assert!(!stderr(&both).contains("obs:"), "{}", stderr(&both));
    for motor in ["jit", "tolk"] {
        let one = delegat(&[
            "test",
            "--motor",
            motor,
            "examples/fritidsaktivitetsbidrag.regel",
        ]);
        assert!(one.status.success(), "{motor}: {}", stdout(&one));
        // The count is of exempel, not of engine runs: the same with one engine or two.
        assert_eq!(last(&one), last(&both), "{motor}");
        assert_eq!(stdout(&one), stdout(&both), "{motor}");
    }
}

#[test]
fn an_unknown_motor_is_a_usage_error_in_swedish() {
    let o = delegat(&["test", "--motor", "snabb", "examples/"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("ogiltigt värde `snabb` för --motor <MOTOR>; möjliga värden: jit, tolk"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn run_and_batch_decide_the_same_on_both_engines_and_default_to_the_jit() {
    let case = "examples/fall/forsorjningsstod.json";
    let run = |motor: Option<&str>| {
        let mut args = vec!["run", "examples/forsorjningsstod.regel", "--input", case];
        args.extend(motor.map(|m| ["--motor", m]).into_iter().flatten());
        let o = delegat(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains("obs:"), "{}", stderr(&o));
        stdout(&o)
    };
    let jit = run(Some("jit"));
    assert!(jit.contains("\"utfall\""), "{jit}");
    assert_eq!(run(Some("tolk")), jit);
    assert_eq!(run(None), jit);

    let text = std::fs::read_to_string(root().join(case)).unwrap();
    let line: serde_json::Value = serde_json::from_str(&text).unwrap();
    let lines = scratch("motor.jsonl");
    std::fs::write(&lines, format!("{line}\n{{\"x\": 1}}\n{line}\n")).unwrap();
    let batch = |motor: Option<&str>| {
        let out = scratch(&format!("motor-{}.jsonl", motor.unwrap_or("standard")));
        let mut args = vec![
            "batch",
            "examples/forsorjningsstod.regel",
            "--input",
            lines.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ];
        args.extend(motor.map(|m| ["--motor", m]).into_iter().flatten());
        let o = delegat(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(!stderr(&o).contains("obs:"), "{}", stderr(&o));
        std::fs::read_to_string(out).unwrap()
    };
    let jit = batch(Some("jit"));
    assert_eq!(jit.lines().count(), 3, "{jit}");
    assert_eq!(batch(Some("tolk")), jit);
    assert_eq!(batch(None), jit);
}

#[test]
fn batch_on_three_threads_writes_exactly_what_one_thread_writes() {
    let pack = "crates/delegat-bench/fs.regel";
    // Cases of the FS pack, some unreadable, enough for several chunks per thread.
    let mut input = String::new();
    for i in 0..3000u32 {
        match i % 97 {
            0 => input.push_str("{\"x\": 1}\n"),
            1 => input.push_str("inte json\n"),
            _ => input.push_str(&format!(
                "{{\"beslutsdatum\": \"202{}-0{}-01\", \"adults\": {}, \"children\": [{}], \
                 \"housing\": {}, \"electricity\": {}, \"travel\": {}, \"incomes\": [{}], \
                 \"special_circumstances\": {}}}\n",
                4 + i % 3,
                1 + i % 9,
                1 + i % 2,
                ["", "3", "0, 12", "7, 7, 15"][(i % 4) as usize],
                (i * 37) % 15_000,
                (i * 13) % 1_500,
                (i * 7) % 2_000,
                ["", "12000", "4000, 250.5"][(i % 3) as usize],
                i % 11 == 0
            )),
        }
    }
    let path = scratch("tradar.jsonl");
    std::fs::write(&path, &input).unwrap();
    let batch = |threads: &str| {
        let out = scratch(&format!("tradar-{threads}.jsonl"));
        let o = delegat(&[
            "batch",
            pack,
            "--input",
            path.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--trådar",
            threads,
        ]);
        (o, std::fs::read(&out).unwrap())
    };
    let (one, want) = batch("1");
    let (three, got) = batch("3");
    assert_eq!(stderr(&one), stderr(&three));
    assert!(
        stderr(&one).starts_with("3000 ärenden: "),
        "{}",
        stderr(&one)
    );
    assert!(stderr(&one).contains(" 62 fel."), "{}", stderr(&one));
    let text = String::from_utf8(want.clone()).unwrap();
    assert_eq!(text.lines().count(), 3000);
    assert!(text.contains("\"utfall\":\"bifall\""), "{text}");
    assert!(
        got == want,
        "the output with --trådar 3 differs from --trådar 1"
    );
    let o = delegat(&[
        "batch",
        pack,
        "--input",
        "-",
        "--output",
        "-",
        "--trådar",
        "0",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn batch_with_utdata_sammanfattning_writes_outcome_amount_and_error_code_only() {
    let pack = "crates/delegat-bench/fs.regel";
    let case = |adults: u32, children: &str, housing: u32, incomes: &str, special: bool| {
        format!(
            "{{\"adults\":{adults},\"children\":[{children}],\"housing\":{housing},\
             \"electricity\":1,\"travel\":0,\"incomes\":[{incomes}],\
             \"special_circumstances\":{special}}}"
        )
    };
    // The first cases of crates/delegat-bench/data/cases_1k.jsonl (expected: grant 4099, reject), a
    // manuell by rule, one decided before the norms are in force (a runtime error) and one
    // that cannot be read.
    let granted = case(1, "9,11,8,17,12,3", 452, "12639,8895", false);
    let refused = "{\"adults\":2,\"children\":[],\"housing\":4198,\"electricity\":769,\
                   \"travel\":1300,\"incomes\":[24787],\"special_circumstances\":false}";
    let manual = case(2, "4", 9000, "", true);
    let early = refused.replacen('{', "{\"beslutsdatum\":\"2019-06-01\",", 1);
    let input = format!("{granted}\n{refused}\n{manual}\n{early}\n{{\"adults\": 3}}\n");
    let path = scratch("sammanfattning.jsonl");
    std::fs::write(&path, &input).unwrap();
    let batch = |motor: &str, utdata: Option<&str>| {
        let out = scratch(&format!(
            "sammanfattning-{motor}-{}.jsonl",
            utdata.unwrap_or("")
        ));
        let mut args = vec![
            "batch",
            pack,
            "--input",
            path.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--datum",
            "2026-01-15",
            "--motor",
            motor,
        ];
        args.extend(utdata.map(|u| ["--utdata", u]).into_iter().flatten());
        let o = delegat(&args);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(
            stderr(&o).trim_end(),
            "5 ärenden: 1 bifall, 1 avslag, 0 fastställt, 2 manuell, 1 fel."
        );
        std::fs::read_to_string(out).unwrap()
    };
    let summary = batch("jit", Some("sammanfattning"));
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(
        lines[..4],
        [
            r#"{"utfall":"bifall","belopp":4099}"#,
            r#"{"utfall":"avslag"}"#,
            r#"{"utfall":"manuell"}"#,
            r#"{"utfall":"manuell","felkod":"E0405"}"#,
        ]
    );
    assert!(
        lines[4].starts_with(r#"{"fel":{"kod":"E0424""#),
        "{}",
        lines[4]
    );
    assert_eq!(lines.len(), 5);
    assert_eq!(batch("tolk", Some("sammanfattning")), summary);
    // The full decisions (the default) carry the same utfall, belopp and felkod.
    let full = batch("jit", None);
    assert_eq!(batch("jit", Some("beslut")), full);
    for (f, s) in full.lines().zip(summary.lines()) {
        let f: serde_json::Value = serde_json::from_str(f).unwrap();
        let s: serde_json::Value = serde_json::from_str(s).unwrap();
        if f.get("fel").is_some() {
            assert_eq!(f, s);
            continue;
        }
        assert!(f.get("spår").is_some(), "{f}");
        for k in ["utfall", "belopp", "felkod"] {
            assert_eq!(f.get(k), s.get(k), "{k}");
        }
    }
    let o = delegat(&[
        "batch", pack, "--input", "-", "--output", "-", "--utdata", "allt",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// A pack the JIT refuses although the checker accepts it: a chain of 1 100 rules, each
/// adding one to the one before, nests deeper than the engines' depth bound.
fn a_chain_of_rules() -> TestFile {
    let rules: String = (1..=1100)
        .map(|i| format!("regel r{i}: heltal = r{} + 1\n", i - 1))
        .collect();
    let src = format!(
        "regelverk \"Kedja\" {{\n  nämnd: \"Test\"\n  version: \"1\"\n}}\n\n\
         uppgift barn: heltal 0..10 {{ källa: sökande }}\n\n\
         regel r0: heltal = barn\n{rules}\n\
         beslut kort enligt \"SoL (2025:400) 12 kap. 1 §\" {{\n  avser: myndighetsutövning\n  \
         överklagande: förvaltningsbesvär\n  när r1100 > 1105:\n    \
         bifall {{ motivering: \"Stort.\" }}\n  annars:\n    \
         avslag {{ motivering: \"Litet.\" }}\n}}\n"
    );
    let path = scratch("kedja.regel");
    std::fs::write(&path, src).unwrap();
    path
}

#[test]
fn a_pack_the_jit_refuses_is_decided_by_the_interpreter_with_a_notice_saying_why() {
    let pack = a_chain_of_rules();
    let case = scratch("kedja.json");
    std::fs::write(&case, "{\"barn\": 3}\n").unwrap();
    let args = |motor: &str| {
        let mut a = vec![
            "run",
            pack.to_str().unwrap(),
            "--input",
            case.to_str().unwrap(),
        ];
        a.extend(["--datum", "2026-01-15", "--motor", motor]);
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |motor: &str| {
        let a = args(motor);
        delegat(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let jit = run("jit");
    let tolk = run("tolk");
    assert!(jit.status.success(), "{}", stderr(&jit));
    let notice = format!(
        "obs: JIT-motorn kör inte `{}` (regelverket är för stort eller kan nästla beräkningar \
         djupare än JIT-motorn tillåter); tolken används i stället och ger samma beslut\n",
        pack.display()
    );
    assert_eq!(stderr(&jit), notice);
    assert_eq!(stderr(&tolk), "");
    // The same decision either way: the interpreter reaches its depth bound, so manuell.
    assert_eq!(stdout(&jit), stdout(&tolk));
    assert!(
        stdout(&jit).contains("\"felkod\": \"E0411\""),
        "{}",
        stdout(&jit)
    );
}
