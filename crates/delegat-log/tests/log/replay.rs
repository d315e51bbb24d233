//! Replay: every logged decision decided again from the archived pack on both engines gives
//! the logged digest, a changed record is reported with its first differing field, and one
//! decision is regenerated as it was made.

use delegat::{Engine, Money, Pack, SecretKey, TrustedKeys, Utfall};
use delegat_log::{
    Log, LogOptions, LoggingDecider, ReplayFilter, SqliteStore, Store, decide_batch_logged,
    regenerate, replay,
};

use crate::support::{ENGINES, TestLog, both, fs_cases, fs_pack, log_path};

both!(
    logged_decisions_replay_equal_on_both_engines_and_a_changed_amount_is_named,
    with_stored_documents_the_first_differing_field_of_the_document_is_named,
    signed_packs_and_runtime_errors_with_a_place_in_the_source_replay_equal,
    one_decision_is_regenerated_as_it_was_made,
    gallring_before_a_receipt_keeps_the_chain_and_leaves_later_records_whole,
);

/// A rule file whose parameter has no value before 2026.
const EARLY: &str = r#"
regelverk "Felplats" {
  nämnd: "Testnämnden"
  version: "1"
}

uppgift inkomst: belopp 0 kr..100 000 kr { källa: sökande }

parameter norm: belopp enligt "Testlagen 1 §" {
  från 2026-01-01: 5 000 kr
}

beslut stöd enligt "SoL (2025:400) 12 kap. 1 §" {
  avser: myndighetsutövning
  överklagande: förvaltningsbesvär

  när norm > inkomst:
    bifall { belopp: norm - inkomst  motivering: "Normen är {norm}." }
  annars:
    avslag { motivering: "Inkomsten {inkomst} täcker normen {norm}." }
}
"#;

fn logged_decisions_replay_equal_on_both_engines_and_a_changed_amount_is_named(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log();
    let cases = fs_cases(200, 21);
    for engine in ENGINES {
        let decider = pack.engine(engine).unwrap();
        let input = cases.join("\n");
        let mut out = Vec::new();
        let b =
            decide_batch_logged(&decider, &log, input.as_bytes(), &mut out, None, |_| {}).unwrap();
        assert_eq!(b.summary.cases, 200);
    }
    drop(log);
    let mut store = tl.store();
    let report = replay(&mut store, &ReplayFilter::default()).unwrap();
    assert_eq!(
        (report.replayed, report.equal, report.different),
        (400, 400, 0)
    );

    // A filter by pack: a prefix of another hash admits nothing.
    let none = ReplayFilter {
        pack: Some("0000".into()),
        ..ReplayFilter::default()
    };
    assert_eq!(replay(&mut store, &none).unwrap().replayed, 0);

    // The amount of a granted decision changed in the database.
    let mut granted = Vec::new();
    store
        .scan(1, &mut |r| {
            if r.utfall == Utfall::Bifall {
                granted.push((r.seq, r.belopp.map(Money::ore).unwrap_or_default()));
            }
            Ok(true)
        })
        .unwrap();
    let (seq, belopp) = granted[3];
    store.edit(seq, |r| {
        r.belopp = Some(Money::from_ore(belopp + 100));
    });
    let report = replay(&mut store, &ReplayFilter::default()).unwrap();
    assert_eq!(
        (report.replayed, report.equal, report.different),
        (400, 399, 1)
    );
    assert_eq!(report.differences.len(), 2, "both engines");
    for d in &report.differences {
        assert_eq!(d.seq, seq);
        assert_eq!(d.field, "belopp");
        assert_eq!(d.logged, format!("{} öre", belopp + 100));
        assert_eq!(d.replayed, format!("{belopp} öre"));
    }
}

fn with_stored_documents_the_first_differing_field_of_the_document_is_named(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log_with(LogOptions {
        store_documents: true,
    });
    let logging = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), &log);
    let case = fs_cases(1, 2).remove(0);
    let (decision, receipt) = logging.decide(&case, None, None).unwrap();
    drop(log);
    // Someone rewrites the stored document's beslutsdatum and its digest to match.
    let store = tl.store();
    let doc = decision.to_json_string();
    let forged = doc.replace(
        "\"beslutsdatum\":\"2026-03-01\"",
        "\"beslutsdatum\":\"2026-02-01\"",
    );
    assert_ne!(forged, doc);
    let mut store = store;
    store.edit(1, |r| {
        r.document = Some(forged.as_bytes().to_vec());
        r.document_digest = delegat_log::Entry::digest(forged.as_bytes());
    });
    let report = replay(&mut store, &ReplayFilter::default()).unwrap();
    assert_eq!(report.different, 1);
    let d = &report.differences[0];
    assert_eq!(d.id, receipt.id);
    assert_eq!(d.field, "beslutsdatum");
    assert_eq!(d.logged, "\"2026-02-01\"");
    assert_eq!(d.replayed, "\"2026-03-01\"");
}

fn signed_packs_and_runtime_errors_with_a_place_in_the_source_replay_equal(tl: &TestLog) {
    // A pack signed by the nämnd, loaded under its key: decisions carry `signerad_av`.
    let key = SecretKey::from_seed("Prestandanämnden", [7; 32]).unwrap();
    let signed = fs_pack().to_signed_bytes(&key).unwrap();
    let mut trusted = TrustedKeys::new();
    trusted.add(key.public_key());
    let signed = Pack::load_trusted(&signed, &trusted).unwrap();
    // A pack built from source whose parameter has no value before 2026: a case dated
    // earlier is `manuell` (E0405) with a `felplats` in the rule file.
    let source = Pack::from_source("felplats.regel", EARLY, &mut delegat::NoLoader).unwrap();
    let log = tl.log();
    let mut logged = 0;
    for engine in ENGINES {
        let logging = LoggingDecider::new(signed.engine(engine).unwrap(), &log);
        for case in fs_cases(20, 4) {
            let (d, _) = logging.decide(&case, None, None).unwrap();
            assert_eq!(d.regelverk.signerad_av.as_deref(), Some(key.id()));
            logged += 1;
        }
        let logging = LoggingDecider::new(source.engine(engine).unwrap(), &log);
        let mut with_place = 0;
        for (date, inkomst) in [
            ("2025-06-01", 100),
            ("2026-06-01", 100),
            ("2026-06-01", 9000),
        ] {
            let text = format!(r#"{{"beslutsdatum":"{date}","inkomst":{inkomst}}}"#);
            let (d, _) = logging.decide(&text, None, None).unwrap();
            logged += 1;
            if d.felplats.is_some() {
                assert_eq!(d.utfall, Utfall::Manuell);
                assert_eq!(d.felkod.as_deref(), Some("E0405"));
                with_place += 1;
            }
        }
        assert!(with_place > 0, "some case reached a runtime error");
    }
    drop(log);
    let mut store = tl.store();
    let report = replay(&mut store, &ReplayFilter::default()).unwrap();
    assert_eq!(report.replayed, logged);
    assert_eq!(report.different, 0, "{:?}", report.differences.first());
    assert_eq!(store.pack_hashes().unwrap().len(), 2);
}

#[test]
fn a_signed_pack_s_signature_is_archived_once_and_checked_again_by_verify_replay_and_regenerate() {
    let (_dir, path) = log_path();
    let key = SecretKey::from_seed("Prestandanämnden", [7; 32]).unwrap();
    let mut trusted = TrustedKeys::new();
    trusted.add(key.public_key());
    let file = fs_pack().to_signed_bytes(&key).unwrap();
    let signed = Pack::load_trusted(&file, &trusted).unwrap();
    let written: serde_json::Value = serde_json::from_slice(&file).unwrap();
    let log = Log::open(&path).unwrap();
    let mut receipts = Vec::new();
    for engine in ENGINES {
        let logging = LoggingDecider::new(signed.engine(engine).unwrap(), &log);
        for case in fs_cases(3, 5) {
            receipts.push(logging.decide(&case, None, None).unwrap().1);
        }
    }
    // The same pack unsigned: archived once, with no signature of its own.
    let unsigned = fs_pack();
    let logging = LoggingDecider::new(unsigned.engine(Engine::Jit).unwrap(), &log);
    let plain = logging.decide(&fs_cases(1, 6)[0], None, None).unwrap().1;
    drop(log);
    let mut store = SqliteStore::open(&path, false).unwrap();
    let archived = store.signatures(&signed.hash()).unwrap();
    assert_eq!(archived.len(), 1);
    let s = &archived[0];
    assert_eq!(s.key_id, key.id());
    assert_eq!(s.public_key, key.public_key().to_file_text());
    assert_eq!(
        written["signatur"]["ed25519"].as_str(),
        Some(s.ed25519.as_str())
    );
    assert_eq!(store.pack_hashes().unwrap().len(), 1);

    let v = delegat_log::verify(&mut store, None).unwrap();
    assert_eq!((v.problem, v.signatures, v.head.count), (None, 1, 7));
    let report = replay(&mut store, &ReplayFilter::default()).unwrap();
    assert_eq!((report.different, report.signatures), (0, 1));
    let r = regenerate(&mut store, receipts[0].id).unwrap();
    let (again, k) = r.signature.unwrap();
    assert_eq!((&again, k.name()), (s, "Prestandanämnden"));
    assert_eq!(regenerate(&mut store, plain.id).unwrap().signature, None);

    // The signature changed in the file (a digit of it), or the key swapped for another's.
    let other = SecretKey::from_seed("Någon annan", [8; 32]).unwrap();
    let forged = format!(
        "{}{}",
        if s.ed25519.starts_with('0') { "1" } else { "0" },
        &s.ed25519[1..]
    );
    for (column, value) in [
        ("ed25519", forged),
        ("public_key", other.public_key().to_file_text()),
    ] {
        let conn = store.connection();
        conn.execute(&format!("UPDATE signatures SET {column} = ?1"), [&value])
            .unwrap();
        let v = delegat_log::verify(&mut store, None).unwrap();
        let problem = v.problem.unwrap();
        assert_eq!(problem.code().as_str(), "E0519", "{problem}");
        let e = replay(&mut store, &ReplayFilter::default()).unwrap_err();
        assert_eq!(e.code().as_str(), "E0519", "{e}");
        let e = regenerate(&mut store, receipts[0].id).unwrap_err();
        assert_eq!(e.code().as_str(), "E0519", "{e}");
        store
            .connection()
            .execute(
                &format!("UPDATE signatures SET {column} = ?1"),
                [match column {
                    "ed25519" => &s.ed25519,
                    _ => &s.public_key,
                }],
            )
            .unwrap();
        assert_eq!(delegat_log::verify(&mut store, None).unwrap().problem, None);
    }
}

#[test]
fn a_log_of_format_2_is_read_and_its_first_signature_makes_it_format_3() {
    let (_dir, path) = log_path();
    let log = Log::open(&path).unwrap();
    let pack = fs_pack();
    let logging = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), &log);
    logging.decide(&fs_cases(1, 1)[0], None, None).unwrap();
    drop(log);
    // As the previous version wrote it: no `signatures` table, format 2.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE signatures; UPDATE meta SET value = 'delegat-logg/2' WHERE key = 'format'",
    )
    .unwrap();
    drop(conn);
    let format = |path: &std::path::Path| -> String {
        rusqlite::Connection::open(path)
            .unwrap()
            .query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let mut store = SqliteStore::open(&path, false).unwrap();
    assert_eq!(store.signatures(&pack.hash()).unwrap(), Vec::new());
    let v = delegat_log::verify(&mut store, None).unwrap();
    assert_eq!((v.problem, v.head.count), (None, 1));
    drop(store);
    assert_eq!(
        format(&path),
        "delegat-logg/2",
        "reading does not change the file"
    );
    let key = SecretKey::from_seed("Prestandanämnden", [7; 32]).unwrap();
    let trusted: TrustedKeys = std::iter::once(key.public_key()).collect();
    let signed = Pack::load_trusted(&pack.to_signed_bytes(&key).unwrap(), &trusted).unwrap();
    let log = Log::open(&path).unwrap();
    let logging = LoggingDecider::new(signed.engine(Engine::Jit).unwrap(), &log);
    logging.decide(&fs_cases(1, 2)[0], None, None).unwrap();
    drop(log);
    assert_eq!(format(&path), delegat_log::FORMAT);
    let mut store = SqliteStore::open(&path, false).unwrap();
    let v = delegat_log::verify(&mut store, None).unwrap();
    assert_eq!((v.problem, v.signatures, v.head.count), (None, 1, 2));
}

fn one_decision_is_regenerated_as_it_was_made(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log();
    let logging = LoggingDecider::new(pack.engine(Engine::Interpreter).unwrap(), &log);
    let case = fs_cases(3, 9).remove(2);
    let (decision, receipt) = logging.decide(&case, None, Some("ÄR-1")).unwrap();
    drop(log);
    let mut store = tl.store();
    let r = regenerate(&mut store, receipt.id).unwrap();
    let (doc, again) = r.decision.unwrap();
    assert_eq!(doc, decision.to_json_string().into_bytes());
    assert_eq!(again.letter(), decision.letter());
    assert_eq!(r.record.ext_ref.as_deref(), Some("ÄR-1"));
    let unknown = delegat_log::ReceiptId::parse("0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b").unwrap();
    assert_eq!(
        regenerate(&mut store, unknown).unwrap_err().code().as_str(),
        "E0517"
    );
    // Another case's input put in its place: the regenerated document no longer has the
    // logged digest.
    let decider = pack.engine(Engine::Interpreter).unwrap();
    let other = decider.canonical_case(&fs_cases(3, 9)[0], None).unwrap();
    assert_ne!(Some(&other.json), r.record.input.as_ref());
    store.edit(1, |r| r.input = Some(other.json.clone()));
    let e = regenerate(&mut store, receipt.id).unwrap_err();
    assert_eq!(e.code().as_str(), "E0518", "{e}");
}

fn gallring_before_a_receipt_keeps_the_chain_and_leaves_later_records_whole(tl: &TestLog) {
    let pack = fs_pack();
    let log = tl.log_with(LogOptions {
        store_documents: true,
    });
    let logging = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), &log);
    let receipts: Vec<_> = fs_cases(60, 8)
        .iter()
        .map(|c| logging.decide(c, None, None).unwrap().1)
        .collect();
    drop(log);
    let mut store = tl.store();
    let before = delegat_log::verify(&mut store, None).unwrap();
    assert_eq!(store.gallra(receipts[30].id).unwrap(), 30);
    let after = delegat_log::verify(&mut store, None).unwrap();
    assert_eq!(after.problem, None);
    assert_eq!(after.head, before.head, "the chain is the same");
    assert_eq!(after.gallrade, 30);
    let r = store.get(receipts[29].id).unwrap().unwrap();
    assert_eq!((r.input, r.document), (None, None));
    let r = store.get(receipts[30].id).unwrap().unwrap();
    assert!(r.input.is_some() && r.document.is_some());
    let report = replay(&mut store, &ReplayFilter::default()).unwrap();
    assert_eq!(
        (report.replayed, report.equal, report.gallrade),
        (30, 30, 30)
    );
}

/// A pack archived by an earlier Delegat, of an earlier pack format: `verifiera` proves it
/// unaltered by its hash alone (not "damaged" because this version cannot run it), replay
/// counts its decisions apart and `visa` says why (E0520) — and a change to its program is
/// still caught.
#[test]
fn a_pack_of_an_earlier_format_is_proved_unaltered_and_its_decisions_counted_apart() {
    let (_dir, path) = log_path();
    let log = Log::open(&path).unwrap();
    let pack = fs_pack();
    let logging = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), &log);
    let mut receipts = Vec::new();
    for case in fs_cases(3, 11) {
        receipts.push(logging.decide(&case, None, None).unwrap().1);
    }
    drop(log);
    let mut store = SqliteStore::open(&path, false).unwrap();
    let hash = pack.hash();
    let bytes = String::from_utf8(store.pack(&hash).unwrap().unwrap()).unwrap();
    let now = format!("\"format_version\":{}", delegat::PACK_FORMAT_VERSION);
    let earlier_version = delegat::PACK_FORMAT_VERSION - 1;
    let earlier = bytes.replacen(&now, &format!("\"format_version\":{earlier_version}"), 1);
    assert_ne!(earlier, bytes);
    let set = |store: &mut SqliteStore, text: &str| {
        store
            .connection()
            .execute("UPDATE packs SET bytes = ?1", [text.as_bytes()])
            .unwrap();
    };
    set(&mut store, &earlier);

    let v = delegat_log::verify(&mut store, None).unwrap();
    assert_eq!((v.problem, v.packs, v.head.count), (None, 1, 3));
    let report = replay(&mut store, &ReplayFilter::default()).unwrap();
    assert_eq!(
        (report.replayed, report.different, report.other_format),
        (0, 0, 3)
    );
    assert_eq!(
        report.other_format_versions.into_iter().collect::<Vec<_>>(),
        vec![earlier_version]
    );
    let e = regenerate(&mut store, receipts[0].id).unwrap_err();
    assert_eq!(e.code().as_str(), "E0520", "{e}");
    assert!(
        e.to_string().contains(&format!(
            "har formatversion {earlier_version}, men den här versionen av Delegat kör \
             formatversion {}",
            delegat::PACK_FORMAT_VERSION
        )),
        "{e}"
    );
    // A gallrad record of that pack is still shown: nothing is decided for it.
    assert_eq!(store.gallra(receipts[1].id).unwrap(), 1);
    let shown = regenerate(&mut store, receipts[0].id).unwrap();
    assert_eq!((shown.record.seq, shown.decision), (1, None));
    let e = regenerate(&mut store, receipts[1].id).unwrap_err();
    assert_eq!(e.code().as_str(), "E0520", "{e}");
    assert_eq!(delegat_log::verify(&mut store, None).unwrap().problem, None);

    // One digit of the archived program changed: damaged, whatever its format.
    let program = earlier.find("\"program\":").unwrap();
    let at = program
        + earlier[program..]
            .find(|c: char| c.is_ascii_digit())
            .unwrap();
    let digit = if &earlier[at..at + 1] == "9" {
        "8"
    } else {
        "9"
    };
    let mut damaged = earlier.clone();
    damaged.replace_range(at..at + 1, digit);
    set(&mut store, &damaged);
    let problem = delegat_log::verify(&mut store, None)
        .unwrap()
        .problem
        .unwrap();
    assert_eq!(problem.code().as_str(), "E0516", "{problem}");
    let e = replay(&mut store, &ReplayFilter::default()).unwrap_err();
    assert_eq!(e.code().as_str(), "E0516", "{e}");
}
