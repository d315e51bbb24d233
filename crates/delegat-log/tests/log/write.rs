//! Writing: the logging decider, the pack archive, receipts, the chain, group commit from
//! threads, reopening, and what is refused.

use std::sync::Arc;

use delegat::{Date, Engine, Pack, Utfall};
use delegat_log::{
    Entry, Log, LogError, LogOptions, LoggingDecider, ReceiptId, SqliteStore, Store, hex,
};

use crate::support::{TestLog, assert_chain_holds, both, fs_cases, fs_pack, log_path};

both!(
    a_logged_decision_is_stored_with_its_receipt_input_digest_and_archived_pack,
    documents_are_kept_when_asked_for,
    concurrent_writers_form_one_gapless_chain_and_reopening_continues_it,
    a_batch_of_entries_is_one_append_and_an_unarchived_pack_is_refused,
    records_are_found_by_number_and_by_receipt,
    a_logged_batch_on_threads_writes_and_logs_in_input_order,
    submit_then_answers_each_caller_once_without_blocking_it,
    a_failed_append_leaves_no_block_and_the_next_append_continues_the_chain,
);

fn a_logged_decision_is_stored_with_its_receipt_input_digest_and_archived_pack(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log();
    let decider = pack.engine(Engine::Jit).unwrap();
    let logging = LoggingDecider::new(decider, &log);
    let json = r#"{"beslutsdatum":"2026-03-01","adults":1,"children":[],"housing":"5 000 kr","electricity":0,"travel":0,"incomes":[1000],"special_circumstances":false}"#;
    let (decision, receipt) = logging.decide(json, None, Some("ÄR-2026-17")).unwrap();
    assert_eq!(decision.utfall, Utfall::Bifall);
    assert_eq!(receipt.seq, 1);
    drop(log);

    // The file is the owner's only.
    #[cfg(unix)]
    if let delegat_log::Location::File(path) = &tl.location {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }

    let mut store = tl.store();
    let r = store.get(receipt.id).unwrap().unwrap();
    assert_eq!(r.seq, 1);
    assert_eq!(r.chain, receipt.chain);
    assert_eq!(r.source.pack, pack.hash());
    assert_eq!(r.source.decision, decider.decision_name());
    assert_eq!(r.source.engine, decider.engine());
    assert_eq!(r.source.signer, None);
    assert_eq!(r.date, Date::from_ymd(2026, 3, 1).unwrap());
    assert_eq!(r.ext_ref.as_deref(), Some("ÄR-2026-17"));
    assert_eq!(
        r.input.as_deref(),
        Some(
            r#"{"adults":1,"children":[],"electricity":0,"housing":5000,"incomes":[1000],"special_circumstances":false,"travel":0}"#
        )
    );
    assert_eq!(r.utfall, Utfall::Bifall);
    assert_eq!(r.belopp, decision.belopp);
    assert_eq!(
        r.document_digest,
        Entry::digest(decision.to_json_string().as_bytes())
    );
    assert_eq!(r.document, None, "documents are not kept by default");
    // The receipt's time is now, to the minute.
    let now = jiff::Timestamp::now().as_millisecond();
    assert!((receipt.id.unix_ms() - now).abs() < 60_000);
    // The archive holds the pack file, which loads to the same hash.
    let bytes = store.pack(&pack.hash()).unwrap().unwrap();
    assert_eq!(Pack::load(&bytes).unwrap().hash(), pack.hash());
    assert_eq!(store.pack_hashes().unwrap(), vec![pack.hash()]);
    assert_eq!(assert_chain_holds(tl), 1);
}

fn documents_are_kept_when_asked_for(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log_with(LogOptions {
        store_documents: true,
    });
    let logging = LoggingDecider::new(pack.engine(Engine::Interpreter).unwrap(), &log);
    let case = &fs_cases(1, 3)[0];
    let (decision, receipt) = logging.decide(case, None, None).unwrap();
    drop(log);
    let r = tl.store().get(receipt.id).unwrap().unwrap();
    assert_eq!(r.document, Some(decision.to_json_string().into_bytes()));
}

fn concurrent_writers_form_one_gapless_chain_and_reopening_continues_it(tl: &TestLog) {
    let pack = Arc::new(fs_pack());
    let cases = Arc::new(fs_cases(400, 11));
    let log = Arc::new(tl.log());
    let mut receipts = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let (pack, cases, log) = (pack.clone(), cases.clone(), log.clone());
                s.spawn(move || {
                    let engine = if t % 2 == 0 {
                        Engine::Jit
                    } else {
                        Engine::Interpreter
                    };
                    let logging = LoggingDecider::new(pack.engine(engine).unwrap(), &log);
                    cases
                        .iter()
                        .skip(t)
                        .step_by(4)
                        .map(|c| logging.decide(c, None, None).unwrap().1)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            receipts.extend(h.join().unwrap());
        }
    });
    assert_eq!(receipts.len(), 400);
    let mut seqs: Vec<u64> = receipts.iter().map(|r| r.seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=400).collect::<Vec<_>>());
    // Ids grow with the log's order.
    receipts.sort_by_key(|r| r.seq);
    assert!(receipts.windows(2).all(|w| w[0].id < w[1].id));
    drop(log);
    assert_eq!(assert_chain_holds(tl), 400);

    // A second handle appends after the head, in the same chain; the pack is not archived twice.
    let log = tl.log();
    let logging = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), &log);
    let (_, r) = logging.decide(&cases[0], None, None).unwrap();
    assert_eq!(r.seq, 401);
    assert!(r.id > receipts[399].id);
    drop(log);
    assert_eq!(assert_chain_holds(tl), 401);
    let mut store = tl.store();
    assert_eq!(store.pack_hashes().unwrap().len(), 1);
}

fn a_batch_of_entries_is_one_append_and_an_unarchived_pack_is_refused(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log();
    let decider = pack.engine(Engine::Interpreter).unwrap();
    let cases = fs_cases(50, 5);
    let entries: Vec<Entry> = cases
        .iter()
        .map(|c| {
            let case = decider.canonical_case(c, None).unwrap();
            let d = decider.decide_values(&case.inputs, case.date);
            log.entry(&decider, &case, &d, None)
        })
        .collect();
    let refused = log.append(entries.clone()).unwrap_err();
    assert_eq!(refused.code().as_str(), "E0516");
    assert!(matches!(refused, LogError::Archive(_)));
    log.archive(&pack).unwrap();
    let receipts = log.append(entries).unwrap();
    assert_eq!(
        receipts.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=50).collect::<Vec<_>>()
    );
    drop(log);
    assert_eq!(assert_chain_holds(tl), 50);
    // The store itself refuses an entry whose pack it has not archived.
    let mut store = tl.store();
    let mut stray = entries_of(&pack, 1);
    std::sync::Arc::make_mut(&mut stray[0].source).pack = "0".repeat(64);
    let e = store.append(&stray).unwrap_err();
    assert_eq!(e.code().as_str(), "E0516", "{e}");
    assert_eq!(assert_chain_holds(tl), 50, "nothing of it was written");
}

fn a_failed_append_leaves_no_block_and_the_next_append_continues_the_chain(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log();
    log.archive(&pack).unwrap();
    log.append(entries_of(&pack, 10)).unwrap();
    drop(log);
    let mut store = tl.store();
    // 300 entries, the last of a pack never archived: the first block (256 entries) is
    // written before the store meets it.
    let mut entries = entries_of(&pack, 300);
    let stray = entries.last_mut().unwrap();
    Arc::make_mut(&mut stray.source).pack = "0".repeat(64);
    let e = store.append(&entries).unwrap_err();
    assert_eq!(e.code().as_str(), "E0516", "{e}");
    assert_eq!(
        assert_chain_holds(tl),
        10,
        "nothing of the failed append was kept"
    );
    // The same store appends again: the failed transaction ended.
    entries.pop();
    let receipts = store.append(&entries).unwrap();
    assert_eq!(
        receipts.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (11..=309).collect::<Vec<_>>()
    );
    assert_eq!(assert_chain_holds(tl), 309);
}

/// `n` entries of FS cases decided by the interpreter.
fn entries_of(pack: &Pack, n: usize) -> Vec<Entry> {
    let decider = pack.engine(Engine::Interpreter).unwrap();
    let log_options = LogOptions::default();
    let (_dir, path) = log_path();
    let log = Log::open_with(&path, log_options).unwrap();
    fs_cases(n, 5)
        .iter()
        .map(|c| {
            let case = decider.canonical_case(c, None).unwrap();
            let d = decider.decide_values(&case.inputs, case.date);
            log.entry(&decider, &case, &d, None)
        })
        .collect()
}

#[test]
fn a_file_that_is_not_a_log_is_refused_and_left_alone() {
    let (dir, _) = log_path();
    let other = dir.path().join("annan.sqlite");
    {
        let c = foreign_db(&other);
        drop(c);
    }
    let before = std::fs::read(&other).unwrap();
    let e = Log::open(&other).unwrap_err();
    assert_eq!(e.code().as_str(), "E0511", "{e}");
    assert_eq!(std::fs::read(&other).unwrap(), before);
    let text = dir.path().join("text.txt");
    std::fs::write(
        &text,
        "inte en databas, men långt nog för att se ut som en fil ".repeat(200),
    )
    .unwrap();
    let e = Log::open(&text).unwrap_err();
    assert!(matches!(e.code().as_str(), "E0511" | "E0510"), "{e}");
    let missing = dir.path().join("finns/inte/beslut.logg");
    assert_eq!(Log::open(&missing).unwrap_err().code().as_str(), "E0510");
    assert_eq!(
        SqliteStore::open(&dir.path().join("ny.logg"), false)
            .unwrap_err()
            .code()
            .as_str(),
        "E0510"
    );
}

/// A SQLite database of another format: a log whose format tag is not Delegat's.
fn foreign_db(path: &std::path::Path) -> SqliteStore {
    let store = SqliteStore::open(path, true).unwrap();
    store
        .connection()
        .execute(
            "UPDATE meta SET value = 'något-annat/9' WHERE key = 'format'",
            [],
        )
        .unwrap();
    store
}

#[test]
fn receipt_ids_print_and_parse() {
    let id = ReceiptId::parse("0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b").unwrap();
    assert_eq!(id.to_string(), "0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b");
    assert_eq!(id.unix_ms(), 0x0193_a1b2_7c4d);
    assert_eq!(ReceiptId::parse("inte ett id"), None);
    assert_eq!(hex(&[0, 0xab]), "00ab");
}

fn records_are_found_by_number_and_by_receipt(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log();
    let decider = pack.engine(Engine::Jit).unwrap();
    let input = fs_cases(700, 4).join("\n");
    let b = delegat_log::decide_batch_logged(
        &decider,
        &log,
        input.as_bytes(),
        std::io::sink(),
        None,
        |_| {},
    )
    .unwrap();
    assert_eq!(b.last.map(|r| r.seq), Some(700));
    drop(log);
    let mut store = tl.store();
    if let crate::support::TestStore::Sqlite(s) = &store {
        // One append of 700: blocks of 256, 256 and 188 records.
        let blocks: Vec<(i64, i64)> = {
            let mut q = s
                .connection()
                .prepare("SELECT first, last FROM blocks ORDER BY first")
                .unwrap();
            q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(blocks, [(1, 256), (257, 512), (513, 700)]);
    }
    // Past the end: nothing.
    let mut past = 0;
    store
        .scan(701, &mut |_| {
            past += 1;
            Ok(true)
        })
        .unwrap();
    assert_eq!(past, 0);
    let mut all = Vec::new();
    store
        .scan(1, &mut |r| {
            all.push(r);
            Ok(true)
        })
        .unwrap();
    assert_eq!(all.len(), 700);
    for seq in [1_u64, 2, 256, 257, 300, 512, 513, 700] {
        let mut first = None;
        store
            .scan(seq, &mut |r| {
                first = Some(r.seq);
                Ok(false)
            })
            .unwrap();
        assert_eq!(first, Some(seq));
        let r = &all[usize::try_from(seq).unwrap() - 1];
        assert_eq!(store.get(r.id).unwrap().as_ref(), Some(r));
    }
    drop(store);
    assert_eq!(assert_chain_holds(tl), 700);
}

#[test]
fn a_byte_changed_in_a_block_with_sql_is_found_at_its_record_and_a_cut_block_is_refused() {
    let (_dir, path) = log_path();
    let pack = fs_pack();
    let log = Log::open(&path).unwrap();
    let decider = pack.engine(Engine::Jit).unwrap();
    let input = fs_cases(600, 5).join("\n");
    delegat_log::decide_batch_logged(
        &decider,
        &log,
        input.as_bytes(),
        std::io::sink(),
        None,
        |_| {},
    )
    .unwrap();
    drop(log);
    let mut store = SqliteStore::open(&path, false).unwrap();
    assert_eq!(delegat_log::verify(&mut store, None).unwrap().problem, None);
    // The last byte of the second block is the last byte of record 512's chain hash.
    store
        .connection()
        .execute(
            "UPDATE blocks SET records = substr(records, 1, length(records) - 1) || \
             CASE WHEN substr(records, -1) = X'00' THEN X'01' ELSE X'00' END WHERE first = 257",
            [],
        )
        .unwrap();
    let v = delegat_log::verify(&mut store, None).unwrap();
    let Some(delegat_log::Problem::Changed { seq, .. }) = v.problem else {
        panic!("{:?}", v.problem)
    };
    assert_eq!((seq, v.head.count), (512, 511));
    // A block cut short is not a sequence of records: refused, naming the block.
    store
        .connection()
        .execute(
            "UPDATE blocks SET records = substr(records, 1, length(records) - 1) WHERE first = 257",
            [],
        )
        .unwrap();
    let e = delegat_log::verify(&mut store, None).unwrap_err();
    assert_eq!(e.code().as_str(), "E0511", "{e}");
    assert!(e.to_string().contains("post 257"), "{e}");
}

#[test]
fn a_log_of_the_one_row_per_decision_format_is_refused_with_what_to_do() {
    let (dir, _) = log_path();
    let old = dir.path().join("gammal.logg");
    {
        let store = SqliteStore::open(&old, true).unwrap();
        store
            .connection()
            .execute(
                "UPDATE meta SET value = 'delegat-logg/1' WHERE key = 'format'",
                [],
            )
            .unwrap();
    }
    let e = Log::open(&old).unwrap_err();
    assert_eq!(e.code().as_str(), "E0511", "{e}");
    let text = e.to_string();
    assert!(
        text.contains("delegat-logg/1") && text.contains("börja en ny logg"),
        "{text}"
    );
}

fn a_logged_batch_on_threads_writes_and_logs_in_input_order(tl: &TestLog) {
    let pack = fs_pack();
    let decider = pack.engine(Engine::Jit).unwrap();
    let mut lines = fs_cases(9000, 6);
    lines.insert(5000, "{\"inte ett ärende\": ".to_owned());
    let input = lines.join("\n") + "\n";
    let mut plain = Vec::new();
    decider
        .decide_batch(input.as_bytes(), &mut plain, None, |_| {})
        .unwrap();
    let log = tl.log();
    let mut out = Vec::new();
    let mut seen = Vec::new();
    let b = delegat_log::decide_batch_logged_threads(
        &decider,
        &log,
        input.as_bytes(),
        &mut out,
        None,
        std::num::NonZeroUsize::new(3).unwrap(),
        |s| seen.push(s.cases),
    )
    .unwrap();
    assert!(out == plain, "the output of one thread without a log");
    assert_eq!((b.summary.cases, b.summary.fel), (9001, 1));
    assert_eq!(seen.last(), Some(&9001));
    assert!(
        seen.len() >= 3 && seen.windows(2).all(|w| w[0] < w[1]),
        "{seen:?}"
    );
    drop(log);
    let decided: Vec<&[u8]> = out
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty() && !l.starts_with(b"{\"fel\""))
        .collect();
    assert_eq!(decided.len(), 9000);
    let mut store = tl.store();
    let mut n = 0;
    store
        .scan(1, &mut |r| {
            assert_eq!(
                r.document_digest,
                Entry::digest(decided[n]),
                "record {}",
                r.seq
            );
            n += 1;
            Ok(true)
        })
        .unwrap();
    assert_eq!(n, 9000);
}

fn submit_then_answers_each_caller_once_without_blocking_it(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log();
    let decider = pack.engine(Engine::Jit).unwrap();
    let cases = fs_cases(64, 5);
    let entry = |json: &str| {
        let case = decider
            .canonical_case(json, Some(Date::from_ymd(2026, 3, 1).unwrap()))
            .unwrap();
        let decision = decider.decide_values(&case.inputs, case.date);
        log.entry(&decider, &case, &decision, None)
    };

    // Before the pack is archived: `then` is called at once, on this thread, with the error.
    let (tx0, rx0) = std::sync::mpsc::channel();
    log.submit_then(vec![entry(&cases[0])], move |r| tx0.send(r).unwrap());
    assert!(matches!(rx0.try_recv().unwrap(), Err(LogError::Archive(_))));
    assert!(rx0.try_recv().is_err(), "answered once");

    // Archived: many callers, each answered once with its own receipts once on disk.
    log.archive(&pack).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    for (i, case) in cases.iter().enumerate() {
        let tx = tx.clone();
        log.submit_then(vec![entry(case)], move |r| tx.send((i, r)).unwrap());
    }
    drop(tx);
    let mut answers: Vec<(usize, u64)> = rx
        .iter()
        .map(|(i, r)| {
            let receipts = r.unwrap();
            assert_eq!(receipts.len(), 1);
            (i, receipts[0].seq)
        })
        .collect();
    answers.sort_unstable();
    assert_eq!(answers.len(), 64, "each caller answered exactly once");
    // Handed over in order, so logged in order.
    assert!(
        answers
            .iter()
            .enumerate()
            .all(|(n, (i, seq))| *i == n && *seq == n as u64 + 1)
    );
    drop(log);
    assert_eq!(assert_chain_holds(tl), 64);
}
