//! `delegat konsekvens`: the shipped försörjningsstöd pack against a copy with the 2024
//! riksnorm for a single adult raised by 2 %, on cases from a file and from a real decision
//! log; the report, the JSON, and the gate's exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

use std::path::{Path, PathBuf};

use delegat::{Engine, NoLoader, Pack};
use delegat_log::{Log, LoggingDecider};

use crate::support::{delegat, root, stderr, stdout};

/// Writes the shipped pack and the raised copy into `dir`; returns (old, new).
fn packs(dir: &Path) -> (PathBuf, PathBuf) {
    let text = std::fs::read_to_string(root().join("examples/forsorjningsstod.regel")).unwrap();
    let at = "  från 2024-01-01: 3 800 kr\n}";
    assert!(text.contains(at));
    let (old, new) = (dir.join("gammal.regel"), dir.join("ny.regel"));
    std::fs::write(&old, &text).unwrap();
    std::fs::write(&new, text.replacen(at, "  från 2024-01-01: 3 876 kr\n}", 1)).unwrap();
    (old, new)
}

/// 20 single-adult cases from the shipped example, each with another income; the first 6
/// just above the old need and below the new one (they flip to bifall).
fn cases() -> Vec<String> {
    let mut base: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/fall/forsorjningsstod.json")).unwrap(),
    )
    .unwrap();
    base["hushållsform"] = "ensamstående".into();
    base["barn"] = serde_json::json!([]);
    base["antal_i_bostaden"] = 1.into();
    base["boendekostnad"] = 4_000.into();
    base["arbetsinkomst"] = 0.into();
    (0..20)
        .map(|i| {
            let mut c = base.clone();
            c["beslutsdatum"] = "2024-01-10".into();
            c["övriga_inkomster"] = serde_json::json!([1_000 + 13 * i]);
            c.to_string()
        })
        .collect()
}

#[test]
fn the_report_names_the_parameter_and_the_gate_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = packs(dir.path());
    let fall = dir.path().join("fall.jsonl");
    std::fs::write(&fall, cases().join("\n") + "\n").unwrap();
    let (old, new, fall) = (
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        fall.to_str().unwrap(),
    );
    let out = delegat(&[
        "konsekvens",
        old,
        new,
        "--fall",
        fall,
        "--format",
        "md",
        "--trådar",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.contains("# Konsekvensanalys: försörjningsstöd"), "{md}");
    assert!(
        md.contains("`riksnorm_ensamstående` från 2024-01-01 ändras från 3 800 kr till 3 876 kr."),
        "{md}"
    );
    assert!(
        md.contains("20 ärenden (bifall) får 76 kr mer: `riksnorm_ensamstående` gick från 3 800 kr till 3 876 kr"),
        "{md}"
    );
    // A gate that the change keeps, and one it breaks: the cost rises.
    let out = delegat(&[
        "konsekvens",
        old,
        new,
        "--fall",
        fall,
        "--format",
        "json",
        "--tillåt",
        "bifall->avslag=0",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["ärenden"], 20);
    assert_eq!(json["ändrade"], 20);
    assert_eq!(json["grupper"][0]["orsak"]["namn"], "riksnorm_ensamstående");
    assert_eq!(json["gränser"], serde_json::json!([]));
    let out = delegat(&[
        "konsekvens",
        old,
        new,
        "--fall",
        fall,
        "--format",
        "md",
        "--tillåt",
        "kostnad=+0,5%",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("fel[E0561]"), "{err}");
    assert!(
        err.contains("kostnad=+0,5%: summan av beloppen ändras +"),
        "{err}"
    );
    // The other way round, the lowered norm flips no bifall here but lowers every amount.
    let out = delegat(&[
        "konsekvens",
        new,
        old,
        "--fall",
        fall,
        "--format",
        "md",
        "--tillåt",
        "ändrade=0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains(
        "ändrade=0: 20 av 20 ärenden får ett annat utfall eller belopp; högst 0 tillåts"
    ));
    // A gate that cannot be read is a usage error.
    let out = delegat(&[
        "konsekvens",
        old,
        new,
        "--fall",
        fall,
        "--tillåt",
        "bifall->nej=0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("fel[E0560]"), "{}", stderr(&out));
}

#[test]
fn cases_come_from_a_decision_log_within_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let (old_path, new) = packs(dir.path());
    let text = std::fs::read_to_string(&old_path).unwrap();
    let pack = Pack::from_source("forsorjningsstod.regel", &text, &mut NoLoader).unwrap();
    let logpath = dir.path().join("beslut.logg");
    {
        let log = Log::open(&logpath).unwrap();
        let decider = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), &log);
        for (i, c) in cases().iter().enumerate() {
            let mut v: serde_json::Value = serde_json::from_str(c).unwrap();
            v["beslutsdatum"] = if i < 15 { "2024-01-10" } else { "2024-02-10" }.into();
            decider.decide(&v.to_string(), None, None).unwrap();
        }
    }
    let out = delegat(&[
        "konsekvens",
        old_path.to_str().unwrap(),
        new.to_str().unwrap(),
        "--logg",
        logpath.to_str().unwrap(),
        "--till",
        "2024-01-31",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["ärenden"], 15);
    assert_eq!(json["månader"][0]["månad"], "2024-01");
}

#[test]
fn datum_decides_every_case_on_that_date() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = packs(dir.path());
    let fall = dir.path().join("fall.jsonl");
    std::fs::write(&fall, cases().join("\n") + "\n").unwrap();
    let (old, new, fall) = (
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        fall.to_str().unwrap(),
    );
    // On 2019-06-01 the riksnorm of 2019 applies in both packs: nothing changes.
    let out = delegat(&[
        "konsekvens",
        old,
        new,
        "--fall",
        fall,
        "--format",
        "json",
        "--datum",
        "2019-06-01",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["ärenden"], 20);
    assert_eq!(json["ändrade"], 0);
    assert_eq!(json["månader"][0]["månad"], "2019-06");
}

/// 12 cases whose income is the old pack's need plus 0, 10, …, 110 kr: under the old pack
/// all are avslag (the income covers the need); the new need is 76 kr higher, so the first
/// 8 (up to 70 kr above) flip to bifall.
fn near_the_need(old: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(old).unwrap();
    let pack = Pack::from_source("forsorjningsstod.regel", &text, &mut NoLoader).unwrap();
    let first = &cases()[0];
    let decision = pack
        .engine(Engine::Interpreter)
        .unwrap()
        .decide(first, None)
        .unwrap();
    // The first case's income is 1 000 kr and its amount the need minus that.
    let need_kr = decision.belopp.unwrap().ore() / 100 + 1_000;
    (0..12)
        .map(|i| {
            let mut c: serde_json::Value = serde_json::from_str(first).unwrap();
            c["övriga_inkomster"] = serde_json::json!([need_kr + 10 * i]);
            c.to_string()
        })
        .collect()
}

#[test]
fn the_gate_counts_flips_both_ways_with_raw_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = packs(dir.path());
    let fall = dir.path().join("fall.jsonl");
    std::fs::write(&fall, near_the_need(&old).join("\n") + "\n").unwrap();
    let (old, new, fall) = (
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        fall.to_str().unwrap(),
    );
    let run = |a: &str, b: &str, gate: &str| {
        delegat(&[
            "konsekvens",
            a,
            b,
            "--fall",
            fall,
            "--format",
            "json",
            "--tillåt",
            gate,
        ])
    };
    // The raised norm: 8 avslag → bifall, none the other way; within both limits.
    let out = run(old, new, "bifall->avslag=0,avslag->bifall<=10");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["matris"]["avslag"]["bifall"], 8);
    assert_eq!(json["matris"]["avslag"]["avslag"], 4);
    assert_eq!(json["matris"]["bifall"]["avslag"], 0);
    assert_eq!(
        json["gränsprövning"],
        serde_json::json!([
            {"regel": "bifall->avslag=0", "mäter": "flytt", "enhet": "ärenden",
             "funnet": 0, "högst": 0, "överskriden": false},
            {"regel": "avslag->bifall<=10", "mäter": "flytt", "enhet": "ärenden",
             "funnet": 8, "högst": 10, "överskriden": false},
        ])
    );
    // A limit of 7 is one short.
    let out = run(old, new, "avslag->bifall<=7");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "fel[E0561]: det nya regelpaketet ändrar fler beslut än `--tillåt` medger\n  \
         avslag->bifall<=7: 8 av 12 ärenden går från avslag till bifall; högst 7 tillåts\n"
    );
    // The other way round the same 8 go from bifall to avslag, which `=0` refuses.
    let out = run(new, old, "bifall->avslag=0,avslag->bifall<=10");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "fel[E0561]: det nya regelpaketet ändrar fler beslut än `--tillåt` medger\n  \
         bifall->avslag=0: 8 av 12 ärenden går från bifall till avslag; högst 0 tillåts\n"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["matris"]["bifall"]["avslag"], 8);
    assert_eq!(json["gränsprövning"][0]["funnet"], 8);
    assert_eq!(json["gränsprövning"][0]["överskriden"], true);
    assert_eq!(json["gränsprövning"][1]["funnet"], 0);
    assert_eq!(
        json["gränser"][0]["utfall"],
        "8 av 12 ärenden går från bifall till avslag; högst 0 tillåts"
    );
}
