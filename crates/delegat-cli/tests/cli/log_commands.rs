//! `run --logg`, `batch --logg` and `delegat logg …` end to end, on real SQLite files: the
//! log is verified, checkpointed, and a record edited with SQL is found at its id.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::path::{Path, PathBuf};

use delegat::Money;
use delegat_log::{Record, SqliteStore, Store, chain};

use crate::support::{delegat, root, stderr, stdout};

const FS: &str = "crates/delegat-bench/fs.regel";
const CASES: &str = "crates/delegat-bench/data/cases_1k.jsonl";

/// A temporary directory with the FS pack built into it.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("fs.paket");
    let o = delegat(&["build", FS, "-o", pack.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, pack)
}

/// `batch` of `input` into `output`, with `--logg log` if given.
fn batch(pack: &Path, input: &Path, output: &Path, log: Option<&Path>) -> std::process::Output {
    let mut args = vec![
        "batch",
        pack.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--datum",
        "2026-03-01",
    ];
    if let Some(log) = log {
        args.extend(["--logg", log.to_str().unwrap()]);
    }
    delegat(&args)
}

/// The receipt id (as text) of record `seq`.
fn id_of(log: &Path, seq: u64) -> String {
    let mut store = SqliteStore::open(log, false).unwrap();
    let mut id = None;
    store
        .scan(seq, &mut |r| {
            id = Some(r.id.to_string());
            Ok(false)
        })
        .unwrap();
    id.unwrap()
}

/// The cases file with one line that is not a case in the middle.
fn cases_with_an_error_line(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join(CASES)).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(500, "{\"adults\": 7}");
    let path = dir.join("fall.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn batch_with_a_log_writes_the_same_lines_and_logs_every_decided_case() {
    let (dir, pack) = setup();
    let input = cases_with_an_error_line(dir.path());
    let (plain, logged, log) = (
        dir.path().join("a.jsonl"),
        dir.path().join("b.jsonl"),
        dir.path().join("beslut.logg"),
    );
    let o = batch(&pack, &input, &plain, None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = batch(&pack, &input, &logged, Some(&log));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("1001 ärenden:"), "{err}");
    assert!(err.contains(", 1 fel."), "{err}");
    assert!(err.contains("Loggade i"), "{err}");
    assert_eq!(
        std::fs::read(&plain).unwrap(),
        std::fs::read(&logged).unwrap(),
        "the output is the same with and without the log"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&log).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    // 1000 decisions: the error line is not logged.
    let o = delegat(&["logg", "verifiera", log.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        "Loggen är oförändrad: 1000 beslut, kedjan stämmer, 1 regelpaket i arkivet."
    );
    // Each logged document digest is the SHA-256 of its output line.
    let out = std::fs::read_to_string(&logged).unwrap();
    let decided: Vec<&str> = out.lines().filter(|l| !l.starts_with("{\"fel\"")).collect();
    let mut store = SqliteStore::open(&log, false).unwrap();
    let mut n = 0;
    store
        .scan(1, &mut |r| {
            let line = decided[usize::try_from(r.seq).unwrap() - 1];
            assert_eq!(
                r.document_digest,
                delegat_log::Entry::digest(line.as_bytes())
            );
            n += 1;
            Ok(true)
        })
        .unwrap();
    assert_eq!(n, 1000);
}

#[test]
fn a_record_edited_with_sql_is_found_at_its_id_and_a_rewritten_history_by_the_checkpoint() {
    let (dir, pack) = setup();
    let log = dir.path().join("beslut.logg");
    let out = dir.path().join("beslut.jsonl");
    let o = batch(&pack, &root().join(CASES), &out, Some(&log));
    assert!(o.status.success(), "{}", stderr(&o));
    let logs = log.to_str().unwrap();

    // The checkpoint, minuted in a protocol.
    let o = delegat(&["logg", "kontrollpunkt", logs]);
    assert!(o.status.success(), "{}", stderr(&o));
    let cp = stdout(&o);
    assert!(
        cp.starts_with("Delegat beslutslogg, kontrollpunkt\nantal beslut: 1000\n"),
        "{cp}"
    );
    assert!(
        cp.contains(&format!("sista kvitto: {}\n", id_of(&log, 1000))),
        "{cp}"
    );
    let protocol = dir.path().join("protokoll.txt");
    std::fs::write(
        &protocol,
        format!("§ 7 Beslutsloggen\n\n{cp}\nNämnden noterar.\n"),
    )
    .unwrap();
    let o = delegat(&[
        "logg",
        "verifiera",
        logs,
        "--kontrollpunkt",
        protocol.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("fortsätter kontrollpunkten med 1000 beslut"),
        "{}",
        stdout(&o)
    );

    // More decisions later: the log still extends the checkpoint.
    let o = batch(&pack, &root().join(CASES), &out, Some(&log));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = delegat(&[
        "logg",
        "verifiera",
        logs,
        "--kontrollpunkt",
        protocol.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2000 beslut"), "{}", stdout(&o));

    // An amount changed with SQL is found at its record.
    let id17 = id_of(&log, 17);
    edit(&log, 17, |r| {
        r.belopp = Some(Money::from_ore(r.belopp.map_or(0, Money::ore) + 100_000));
    });
    let o = delegat(&["logg", "verifiera", logs]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("fel[E0513]: post 17 (kvitto {id17})")),
        "{err}"
    );
    assert!(err.contains("16 poster före den stämmer"), "{err}");

    // Someone with write access recomputes every chain hash after the edit: the chain
    // holds again, but the log no longer extends the minuted checkpoint.
    rechain(&log);
    let o = delegat(&["logg", "verifiera", logs]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = delegat(&[
        "logg",
        "verifiera",
        logs,
        "--kontrollpunkt",
        protocol.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("fel[E0514]: loggen fortsätter inte kontrollpunkten"),
        "{err}"
    );

    // A record removed is named, by number and by the receipt after the gap.
    let id41 = id_of(&log, 41);
    assert!(SqliteStore::open(&log, false).unwrap().remove(40).unwrap());
    let o = delegat(&["logg", "verifiera", logs]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("post 40 saknas: posten före kvitto {id41}")),
        "{err}"
    );

    // A damaged checkpoint file is refused as such.
    std::fs::write(&protocol, "antal beslut: tusen\n").unwrap();
    let o = delegat(&[
        "logg",
        "verifiera",
        logs,
        "--kontrollpunkt",
        protocol.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fel[E0515]"), "{}", stderr(&o));
}

/// Recomputes and stores every chain hash, as an attacker with write access could.
fn rechain(log: &Path) {
    let mut store = SqliteStore::open(log, false).unwrap();
    let mut hashes = Vec::new();
    let mut prev = chain::GENESIS;
    store
        .scan(1, &mut |r| {
            prev = chain::link(&prev, &r);
            hashes.push((r.seq, prev));
            Ok(true)
        })
        .unwrap();
    for (seq, h) in hashes {
        edit(log, seq, |r| r.chain = h);
    }
}

/// Changes the record `seq` in the file as someone with write access could (the chain
/// hash as it was, unless `f` changes it).
fn edit(log: &Path, seq: u64, f: impl FnOnce(&mut Record)) {
    let mut store = SqliteStore::open(log, false).unwrap();
    assert!(store.edit(seq, f).unwrap(), "no record {seq}");
}

#[test]
fn run_with_a_log_logs_the_decision_with_its_reference_and_prints_the_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("beslut.logg");
    let o = delegat(&[
        "run",
        "examples/forsorjningsstod.regel",
        "--input",
        "examples/fall/forsorjningsstod.json",
        "--logg",
        log.to_str().unwrap(),
        "--referens",
        "ÄR-2026-0042",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let receipt = stderr(&o)
        .trim()
        .strip_prefix("kvitto: ")
        .unwrap()
        .to_owned();
    let mut store = SqliteStore::open(&log, false).unwrap();
    let id = delegat_log::ReceiptId::parse(&receipt).unwrap();
    let r = store.get(id).unwrap().unwrap();
    assert_eq!(r.seq, 1);
    assert_eq!(r.ext_ref.as_deref(), Some("ÄR-2026-0042"));
    assert_eq!(r.date.to_string(), "2024-01-01");
    let printed: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(printed["utfall"].as_str(), Some(r.utfall.as_str()));
    // A case that cannot be read is not logged.
    let o = delegat(&[
        "run",
        "examples/forsorjningsstod.regel",
        "--input",
        CASES,
        "--logg",
        log.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = delegat(&["logg", "verifiera", log.to_str().unwrap()]);
    assert!(stdout(&o).contains(": 1 beslut,"), "{}", stdout(&o));
}

#[test]
fn what_cannot_be_logged_is_refused_before_anything_is_decided() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("beslut.logg");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "batch",
            FS,
            "--input",
            CASES,
            "--output",
            "-",
            "--logg",
            log.to_str().unwrap(),
        ];
        a.extend_from_slice(extra);
        delegat(&a)
    };
    let o = args(&["--utdata", "sammanfattning"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("kan inte loggas"), "{}", stderr(&o));
    assert!(!log.exists());
    let o = delegat(&["logg", "verifiera", "finns-inte.logg"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("fel[E0510]"), "{}", stderr(&o));
    let o = delegat(&["logg", "verifiera", FS]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fel[E0511]"), "{}", stderr(&o));
}

#[test]
fn batch_with_a_log_on_two_threads_writes_and_logs_what_one_thread_does() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("beslut.logg");
    let run = |extra: &[&str]| {
        let mut a = vec!["batch", FS, "--input", CASES, "--output", "-"];
        a.extend_from_slice(&["--datum", "2026-03-01"]);
        a.extend_from_slice(extra);
        delegat(&a)
    };
    let plain = run(&[]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let o = run(&["--logg", log.to_str().unwrap(), "--trådar", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout == plain.stdout, "the output of one thread");
    let o = delegat(&["logg", "verifiera", log.to_str().unwrap()]);
    assert!(stdout(&o).contains(": 1000 beslut,"), "{}", stdout(&o));
    let lines: Vec<&[u8]> = plain.stdout.split(|b| *b == b'\n').collect();
    let mut store = SqliteStore::open(&log, false).unwrap();
    store
        .scan(1, &mut |r| {
            let line = lines[usize::try_from(r.seq).unwrap() - 1];
            assert_eq!(r.document_digest, delegat_log::Entry::digest(line));
            Ok(true)
        })
        .unwrap();
}

#[test]
fn logged_decisions_are_replayed_on_both_engines_and_shown_as_they_were_made() {
    let (dir, pack) = setup();
    let log = dir.path().join("beslut.logg");
    let out = dir.path().join("beslut.jsonl");
    let o = batch(&pack, &root().join(CASES), &out, Some(&log));
    assert!(o.status.success(), "{}", stderr(&o));
    let logs = log.to_str().unwrap();

    let o = delegat(&["logg", "ompröva", logs]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "1000 omprövade, 1000 lika, 0 olika.\n");
    // Filters: by the pack's hash (a prefix), by the day the decisions were logged.
    let hash = {
        let mut store = SqliteStore::open(&log, false).unwrap();
        store.pack_hashes().unwrap().remove(0)
    };
    let o = delegat(&["logg", "ompröva", logs, "--paket", &hash[..12]]);
    assert_eq!(stdout(&o), "1000 omprövade, 1000 lika, 0 olika.\n");
    let o = delegat(&["logg", "ompröva", logs, "--från", "2999-01-01"]);
    assert_eq!(stdout(&o), "0 omprövade, 0 lika, 0 olika.\n");
    let o = delegat(&["logg", "ompröva", logs, "--till", "2000-01-01"]);
    assert_eq!(stdout(&o), "0 omprövade, 0 lika, 0 olika.\n");
    let o = delegat(&["logg", "ompröva", logs, "--från", "i går"]);
    assert_eq!(o.status.code(), Some(2));

    // One decision as it was made: the exact line, and the letter.
    let id = id_of(&log, 3);
    let o = delegat(&["logg", "visa", logs, &id, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = std::fs::read_to_string(&out).unwrap();
    assert_eq!(stdout(&o), format!("{}\n", lines.lines().nth(2).unwrap()));
    let o = delegat(&["logg", "visa", logs, &id]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with(&format!("Kvitto: {id}\nLoggat: ")),
        "{text}"
    );
    assert!(text.contains("(post 3)\nRegelpaket: "), "{text}");
    assert!(text.contains("Beslutsdatum: 2026-03-01\n"), "{text}");
    assert!(
        text.contains("Beslutsdokumentets kontrollsumma stämmer med loggen."),
        "{text}"
    );
    let o = delegat(&["logg", "visa", logs, "0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fel[E0517]"), "{}", stderr(&o));

    // An amount changed in the database: replay names the record, the engine and the field.
    let id9 = id_of(&log, 9);
    edit(&log, 9, |r| r.belopp = Some(Money::from_ore(1)));
    let o = delegat(&["logg", "ompröva", logs]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.starts_with("1000 omprövade, 999 lika, 1 olika.\n"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "olika: post 9, kvitto {id9} (tolk): belopp: loggat 1 öre, nu "
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("olika: post 9, kvitto {id9} (jit): belopp")),
        "{text}"
    );
    assert!(stderr(&o).contains("fel[E0518]"), "{}", stderr(&o));
}

/// Every byte of the log's files (the database and, if there is one, its WAL).
fn file_bytes(log: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(log).unwrap();
    let wal = PathBuf::from(format!("{}-wal", log.display()));
    if let Ok(w) = std::fs::read(wal) {
        bytes.extend(w);
    }
    bytes
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn gallring_removes_the_inputs_from_the_file_and_the_log_still_verifies() {
    let (dir, pack) = setup();
    let log = dir.path().join("beslut.logg");
    let out = dir.path().join("beslut.jsonl");
    // Cases with a value no other field has, to look for in the file's bytes.
    let text = std::fs::read_to_string(root().join(CASES)).unwrap();
    let input = dir.path().join("fall.jsonl");
    let marked: Vec<String> = text
        .lines()
        .take(200)
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["housing"] = serde_json::json!(14321);
            v.to_string()
        })
        .collect();
    let marked = marked.join("\n");
    std::fs::write(&input, marked).unwrap();
    let o = batch(&pack, &input, &out, Some(&log));
    assert!(o.status.success(), "{}", stderr(&o));
    let logs = log.to_str().unwrap();
    assert!(contains(&file_bytes(&log), b"\"housing\":14321"));

    let o = delegat(&["logg", "kontrollpunkt", logs]);
    let cp = dir.path().join("kp.txt");
    std::fs::write(&cp, stdout(&o)).unwrap();

    let o = delegat(&["logg", "gallra", logs, "--före", "2999-01-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("200 beslut loggade före 2999-01-01 gallrade"),
        "{}",
        stdout(&o)
    );
    assert!(
        !contains(&file_bytes(&log), b"\"housing\":14321"),
        "the inputs are gone from the file"
    );
    let o = delegat(&[
        "logg",
        "verifiera",
        logs,
        "--kontrollpunkt",
        cp.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("200 beslut gallrade"), "{}", stdout(&o));
    let o = delegat(&["logg", "ompröva", logs]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "0 omprövade, 0 lika, 0 olika.\n200 gallrade beslut (uppgifterna borttagna) omprövades inte.\n"
    );
    let o = delegat(&["logg", "visa", logs, &id_of(&log, 1)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Beslutet är gallrat"), "{}", stdout(&o));
    // Gallring again finds nothing left to remove.
    let o = delegat(&["logg", "gallra", logs, "--före", "2999-01-01"]);
    assert!(stdout(&o).starts_with("0 beslut"), "{}", stdout(&o));
}

/// `batch --logg` killed with SIGKILL at moments through its run, again and again on one log:
/// after every kill the log opens and verifies, and every decision line the process wrote
/// is in the log (the n-th complete line's SHA-256 is the n-th new record's digest).
#[cfg(unix)]
#[test]
fn a_batch_killed_at_any_moment_loses_no_decision_it_wrote_and_leaves_the_log_whole() {
    let (dir, pack) = setup();
    let log = dir.path().join("beslut.logg");
    let text = std::fs::read_to_string(root().join(CASES)).unwrap();
    let input = dir.path().join("fall.jsonl");
    std::fs::write(&input, text.repeat(80)).unwrap();
    let bin = env!("CARGO_BIN_EXE_delegat");
    let mut before = 0u64;
    let mut killed_midway = 0;
    let mut lines_written = 0;
    for round in 0..12u64 {
        let out = dir.path().join(format!("ut-{round}.jsonl"));
        let mut child = std::process::Command::new(bin)
            .args(["batch", pack.to_str().unwrap(), "--input"])
            .arg(&input)
            .arg("--output")
            .arg(&out)
            .args(["--datum", "2026-03-01", "--logg"])
            .arg(&log)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // From just after start (opening, archiving) to well into the run.
        std::thread::sleep(std::time::Duration::from_millis(10 + round * round * 15));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        if status.code().is_none() {
            killed_midway += 1;
        }
        let written = std::fs::read(&out).unwrap_or_default();
        if !log.exists() {
            // Killed before the log was made: nothing was decided or written.
            assert!(written.is_empty(), "round {round}");
            continue;
        }
        // The log opens and its chain holds.
        let mut store = SqliteStore::open(&log, false).unwrap();
        let v = delegat_log::verify(&mut store, None).unwrap();
        assert_eq!(v.problem, None, "round {round}");
        // Every complete line written is a logged decision, in order.
        let complete: Vec<&[u8]> = written
            .split_inclusive(|b| *b == b'\n')
            .filter(|l| l.ends_with(b"\n"))
            .map(|l| &l[..l.len() - 1])
            .collect();
        let mut digests = Vec::new();
        store
            .scan(before + 1, &mut |r| {
                digests.push(r.document_digest);
                Ok(true)
            })
            .unwrap();
        assert!(
            complete.len() <= digests.len(),
            "round {round}: {} lines written, {} logged",
            complete.len(),
            digests.len()
        );
        eprintln!(
            "round {round}: {} lines written, {} decisions logged",
            complete.len(),
            digests.len()
        );
        lines_written += complete.len();
        for (i, line) in complete.iter().enumerate() {
            assert_eq!(
                delegat_log::Entry::digest(line),
                digests[i],
                "round {round}, line {i}"
            );
        }
        before = v.head.count;
    }
    assert!(
        killed_midway >= 8,
        "{killed_midway} of 12 runs were killed while running"
    );
    assert!(
        lines_written > 0,
        "some runs wrote decisions before they were killed"
    );
}
