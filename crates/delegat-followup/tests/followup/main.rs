//! The follow-up's facts from real SQLite logs written with the log's API: the shipped
//! försörjningsstöd pack in two versions, cases of every kind, counts and sums asserted.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers outside `#[test]` functions fail loudly on purpose"
)]

use std::path::Path;

use delegat::{Date, Engine, NoLoader, Pack, Utfall};
use delegat_followup::facts::{Chain, Gap, Month, Reason};
use delegat_followup::{Finding, LogInput, Options, Replay, Thresholds, collect, findings};
use delegat_log::{Checkpoint, Log, LoggingDecider, Problem, SqliteStore};

/// The shipped försörjningsstöd pack; `version` replaces its version line (a new pack).
fn fs_pack(version: &str) -> Pack {
    let path = format!(
        "{}/../../examples/forsorjningsstod.regel",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("version: \"2024.1\"", &format!("version: \"{version}\""));
    Pack::from_source("forsorjningsstod.regel", &text, &mut NoLoader).unwrap()
}

/// The shipped example case with `changes` (`"key": value` pairs) and a decision date (and
/// that month applied for).
fn case(date: &str, changes: &[(&str, &str)]) -> String {
    let path = format!(
        "{}/../../examples/fall/forsorjningsstod.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["beslutsdatum"] = serde_json::Value::String(date.to_owned());
    // The month applied for is the month of the decision.
    v["ansökningsmånad"] = serde_json::Value::String(format!("{}01", &date[..8]));
    for (k, val) in changes {
        v[*k] = serde_json::from_str(val).unwrap();
    }
    v.to_string()
}

fn open(path: &Path) -> LogInput {
    LogInput::new(
        "beslut.logg",
        Box::new(SqliteStore::open(path, false).unwrap()),
    )
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// Logs `cases` with `pack`; returns the amounts and outcomes decided.
fn log_cases(log: &Log, pack: &Pack, cases: &[String]) -> Vec<(Utfall, Option<i64>)> {
    let decider = pack.engine(Engine::Jit).unwrap();
    let logging = LoggingDecider::new(decider, log);
    cases
        .iter()
        .map(|c| {
            let (d, _) = logging.decide(c, None, Some("ärende")).unwrap();
            (d.utfall, d.belopp.map(|b| b.ore()))
        })
        .collect()
}

#[test]
fn a_log_of_two_pack_versions_gives_its_real_counts_sums_branches_and_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("beslut.logg");
    let v1 = fs_pack("2024.1");
    let v2 = fs_pack("2024.2");
    let log = Log::open(&path).unwrap();
    let mut cases = Vec::new();
    // January 2024 under version 2024.1: six granted (two incomes), two first applications,
    // one asking for a caseworker, one with an income above every need.
    for i in 0..6 {
        cases.push(case(
            "2024-01-15",
            &[("arbetsinkomst", &(10_000 + 1_000 * i).to_string())],
        ));
    }
    for _ in 0..2 {
        cases.push(case("2024-01-20", &[("första_ansökan", "true")]));
    }
    cases.push(case("2024-01-22", &[("övriga_omständigheter", "true")]));
    cases.push(case("2024-01-25", &[("arbetsinkomst", "200000")]));
    let jan = log_cases(&log, &v1, &cases);
    // March 2024 under version 2024.2 (none in February): three granted, four asking.
    let mut march = Vec::new();
    for _ in 0..3 {
        march.push(case("2024-03-05", &[]));
    }
    for _ in 0..4 {
        march.push(case("2024-03-06", &[("övriga_omständigheter", "true")]));
    }
    let mar = log_cases(&log, &v2, &march);
    drop(log);

    let outcomes: Vec<Utfall> = jan.iter().chain(&mar).map(|(u, _)| *u).collect();
    assert_eq!(
        outcomes.iter().filter(|u| **u == Utfall::Bifall).count(),
        9,
        "the cases are what the test means them to be: {outcomes:?}"
    );
    let facts = collect(vec![open(&path)], Options::default()).unwrap();

    assert_eq!(facts.first, Some(Date::parse("2024-01-15").unwrap()));
    assert_eq!(facts.last, Some(Date::parse("2024-03-06").unwrap()));
    assert_eq!(
        (
            facts.counts.bifall,
            facts.counts.avslag,
            facts.counts.manuell
        ),
        (9, 1, 7)
    );
    let [d] = facts.decisions.as_slice() else {
        panic!("one decision: {:?}", facts.decisions)
    };
    assert_eq!(d.name, "försörjningsstöd");
    let months: Vec<String> = d.months.iter().map(|m| m.month.to_string()).collect();
    assert_eq!(months, ["2024-01", "2024-02", "2024-03"]);
    let jan_row = &d.months[0];
    assert_eq!(
        (
            jan_row.counts.bifall,
            jan_row.counts.avslag,
            jan_row.counts.manuell
        ),
        (6, 1, 3)
    );
    assert_eq!(d.months[1].counts.total(), 0);
    assert_eq!(
        (d.months[2].counts.bifall, d.months[2].counts.manuell),
        (3, 4)
    );

    // The amounts: the total and quartiles of the granted amounts, as decided.
    let mut jan_amounts: Vec<i64> = jan.iter().filter_map(|(_, b)| *b).collect();
    jan_amounts.sort_unstable();
    let a = jan_row.amounts.unwrap();
    assert_eq!(a.count, 6);
    assert_eq!(a.total.ore(), jan_amounts.iter().sum::<i64>());
    assert_eq!(a.min.ore(), jan_amounts[0]);
    assert_eq!(a.median.ore(), jan_amounts[2], "nearest rank: the 3rd of 6");
    assert_eq!(a.max.ore(), jan_amounts[5]);
    // Each 1 000 kr more income is 1 000 kr less granted.
    assert_eq!(jan_amounts[5] - jan_amounts[0], 5 * 100_000);
    let all: i64 = jan.iter().chain(&mar).filter_map(|(_, b)| *b).sum();
    assert_eq!(d.amounts.unwrap().total.ore(), all);

    // Why cases went to a caseworker: the rule's texts, per month.
    let reasons: Vec<(String, u64, Vec<u64>)> = d
        .reasons
        .iter()
        .map(|r| match &r.reason {
            Reason::Rule(t) => (t.clone(), r.total, r.per_month.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "Sökanden har bett att en handläggare prövar något utöver det som räknas automatiskt."
                    .to_owned(),
                5,
                vec![1, 0, 4]
            ),
            (
                "Det här är en första ansökan. Nämnden har bara delegerat återkommande ansökningar till den automatiserade beslutsfunktionen."
                    .to_owned(),
                2,
                vec![2, 0, 0]
            ),
        ]
    );

    // Per pack version: identity, use and the decisions made.
    let [p1, p2] = facts.packs.as_slice() else {
        panic!("two packs: {:?}", facts.packs)
    };
    assert_eq!(
        (p1.hash.as_str(), p2.hash.as_str()),
        (&*v1.hash(), &*v2.hash())
    );
    assert_eq!(p1.version.as_deref(), Some("2024.1"));
    assert_eq!(p2.version.as_deref(), Some("2024.2"));
    assert_eq!(
        p1.title.as_deref(),
        Some("Ekonomiskt bistånd – försörjningsstöd")
    );
    assert!(p1.signers.is_empty());
    assert_eq!(p1.first, Date::parse("2024-01-15").unwrap());
    assert_eq!(p1.last, Date::parse("2024-01-25").unwrap());
    assert_eq!(p1.decisions, [("försörjningsstöd".to_owned(), 10)]);
    assert_eq!(p2.decisions, [("försörjningsstöd".to_owned(), 7)]);
    assert_eq!(
        facts.switches("försörjningsstöd"),
        [(Date::parse("2024-03-05").unwrap(), v2.hash().as_str())]
    );

    // Branches: every branch of each version, with the cases it decided.
    let v1_branches: Vec<(Option<u32>, u64)> = d
        .branches
        .iter()
        .filter(|b| b.pack == v1.hash())
        .map(|b| (b.line, b.count))
        .collect();
    let taken: Vec<_> = v1_branches.iter().filter(|(_, n)| *n > 0).collect();
    assert_eq!(
        taken,
        [&(Some(2), 2), &(Some(4), 1), &(Some(14), 6), &(None, 1)],
        "första_ansökan is the 2nd när line, övriga_omständigheter the 4th, behov > inkomst the 14th"
    );
    assert_eq!(v1_branches.len(), 15, "14 när lines and annars");
    assert_eq!(d.branches.len(), 30);
    let line14 = d.branches.iter().find(|b| b.line == Some(14)).unwrap();
    assert_eq!(line14.outcome, Utfall::Bifall);
    assert!(
        line14.text.as_deref().unwrap().contains('…'),
        "interpolated values are not shown: {:?}",
        line14.text
    );

    // Integrity: the chain holds, every record was decided again without a difference,
    // and replayed whole (17 records: fewer than the sample, so all of them).
    let [l] = facts.logs.as_slice() else { panic!() };
    assert_eq!(l.chain, Chain::Intact);
    assert_eq!(l.checkpoint, None);
    assert_eq!((l.records, l.in_period, l.redecided), (17, 17, 17));
    assert_eq!(
        (l.replay.eligible, l.replay.replayed, l.replay.different),
        (17, 17, 0)
    );
    // Days without a decision: the period is 15 January to 6 March, with decisions on the
    // 15th, 20th, 22nd and 25th of January and the 5th and 6th of March.
    let gaps: Vec<(String, u64)> = l
        .gaps
        .iter()
        .map(|g| (g.first.to_string(), g.days()))
        .collect();
    assert_eq!(
        gaps,
        [
            ("2024-01-16".to_owned(), 4),
            ("2024-01-21".to_owned(), 1),
            ("2024-01-23".to_owned(), 2),
            ("2024-01-26".to_owned(), 39),
        ]
    );
    assert_eq!(facts.previous, None, "no first date: no previous period");
    assert_eq!(
        (l.differences, l.gallrade, l.pack_missing, l.runtime_errors),
        (0, 0, 0, 0)
    );

    // The period: March only.
    let march_only = collect(
        vec![open(&path)],
        Options {
            from: Some(Date::parse("2024-03-01").unwrap()),
            to: Some(Date::parse("2024-03-31").unwrap()),
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(march_only.counts.total(), 7);
    assert_eq!(march_only.logs[0].records, 17);
    assert_eq!(march_only.packs.len(), 1);
    assert_eq!(
        march_only.decisions[0].months[0].month,
        Month {
            year: 2024,
            month: 3
        }
    );

    // Findings under the default thresholds: the manuell share of each month is above 20 %,
    // and version 2024.2 took over on 5 March.
    let f = findings(&facts, &Thresholds::default());
    assert!(
        f.contains(&Finding::ManuellAbove {
            decision: "försörjningsstöd".into(),
            month: Month {
                year: 2024,
                month: 3
            },
            share: 571,
            months: 2,
        }),
        "{f:?}"
    );
    assert!(f.contains(&Finding::PackSwitch {
        decision: "försörjningsstöd".into(),
        date: Date::parse("2024-03-05").unwrap(),
        pack: v2.hash(),
    }));
}

/// Logs six granted cases on 15 January 2024 and, after a checkpoint, three granted and
/// three asking for a caseworker on 15 February; returns the checkpoint.
fn checkpointed_log(path: &Path) -> Checkpoint {
    let pack = fs_pack("2024.1");
    let log = Log::open(path).unwrap();
    log_cases(&log, &pack, &vec![case("2024-01-15", &[]); 6]);
    let head = delegat_log::verify(&mut SqliteStore::open(path, false).unwrap(), None)
        .unwrap()
        .head;
    let mut feb = vec![case("2024-02-15", &[]); 3];
    feb.extend(vec![
        case("2024-02-15", &[("övriga_omständigheter", "true")]);
        3
    ]);
    log_cases(&log, &pack, &feb);
    Checkpoint::of(&head)
}

fn february(replay: Replay) -> Options {
    Options {
        from: Some(date("2024-02-01")),
        to: Some(date("2024-02-29")),
        replay,
        ..Options::default()
    }
}

fn with_checkpoint(path: &Path, cp: &Checkpoint) -> LogInput {
    LogInput {
        checkpoint: Some(cp.clone()),
        ..open(path)
    }
}

#[test]
fn the_checkpoint_the_previous_period_the_gaps_and_a_changed_record_show_in_the_facts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("beslut.logg");
    let cp = checkpointed_log(&path);
    assert_eq!(cp.count, 6);

    let facts = collect(
        vec![with_checkpoint(&path, &cp)],
        february(Replay::Sample(1000)),
    )
    .unwrap();
    let l = &facts.logs[0];
    assert_eq!(l.chain, Chain::Intact);
    assert_eq!(l.checkpoint.as_ref().map(|c| c.count), Some(6));
    assert_eq!((l.records, l.in_period), (12, 6));
    assert_eq!((l.replay.replayed, l.replay.different), (6, 0));
    // February has decisions on the 15th only: 1–14 and 16–29 are gaps of 14 days.
    assert_eq!(
        l.gaps,
        [
            Gap {
                first: date("2024-02-01"),
                last: date("2024-02-14")
            },
            Gap {
                first: date("2024-02-16"),
                last: date("2024-02-29")
            },
        ]
    );
    // The previous period: the 29 days before 1 February, with January's six granted.
    let p = facts.previous.as_ref().unwrap();
    assert_eq!((p.from, p.to), (date("2024-01-03"), date("2024-01-31")));
    assert_eq!(p.first, Some(date("2024-01-15")));
    assert_eq!((p.counts.bifall, p.counts.manuell), (6, 0));
    assert_eq!(p.decisions[0].amounts.unwrap().count, 6);
    let f = findings(&facts, &Thresholds::default());
    assert!(
        f.contains(&Finding::ComparedWithPrevious {
            decision: "försörjningsstöd".into(),
            before: 0,
            now: 500,
            from: date("2024-01-03"),
            to: date("2024-01-31"),
            rose: true,
        }),
        "{f:?}"
    );
    assert!(
        f.contains(&Finding::Gap {
            log: "beslut.logg".into(),
            gap: l.gaps[0],
            runs: 2
        }),
        "{f:?}"
    );

    // A checkpoint the log does not extend (another chain at record 6).
    let forged = Checkpoint {
        chain: [7; 32],
        ..cp.clone()
    };
    let facts = collect(
        vec![with_checkpoint(&path, &forged)],
        february(Replay::Sample(1000)),
    )
    .unwrap();
    assert!(
        matches!(&facts.logs[0].chain, Chain::Broken(Problem::Checkpoint(_))),
        "{:?}",
        facts.logs[0].chain
    );

    // Record 8 (granted on 15 February) changed in the file after it was logged.
    raise_amount(&path, 8);
    for (replay, replayed) in [
        (Replay::Sample(1000), 6),
        (Replay::All, 6),
        (Replay::Sample(2), 2),
    ] {
        let facts = collect(vec![with_checkpoint(&path, &cp)], february(replay)).unwrap();
        let l = &facts.logs[0];
        assert!(
            matches!(l.chain, Chain::Broken(Problem::Changed { seq: 8, .. })),
            "{:?}",
            l.chain
        );
        assert_eq!(l.differences, 1, "phase one sees the amount");
        assert_eq!(l.replay.replayed, replayed);
        if replayed == 6 {
            assert_eq!(l.replay.different, 1);
            assert_eq!(l.replay.fields, ["belopp"]);
        }
    }
    // The sample is the same every time; the chain break is the first finding.
    let a = collect(vec![open(&path)], february(Replay::Sample(3))).unwrap();
    let b = collect(vec![open(&path)], february(Replay::Sample(3))).unwrap();
    assert_eq!(a.logs[0].replay, b.logs[0].replay);
    let f = findings(&a, &Thresholds::default());
    assert!(matches!(f[0], Finding::ChainBroken { .. }), "{f:?}");
}

/// Changes record `seq` in the file as someone with write access could: its amount raised by
/// 1 000 kr, its chain hash as it was (through the store's hidden test hook, since records
/// are packed many to a row).
fn raise_amount(path: &Path, seq: u64) {
    let mut store = delegat_log::SqliteStore::open(path, false).unwrap();
    let raised = store.edit(seq, |r| {
        let belopp = r.belopp.unwrap();
        r.belopp = Some(delegat::Money::from_ore(belopp.ore() + 100_000));
    });
    assert!(raised.unwrap(), "no record {seq}");
}
