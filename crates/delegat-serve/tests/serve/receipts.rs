//! The decision log wired in: a decision is logged before it is answered and the answer
//! names its receipt; receipts and replay behind the token; a log that fails answers 503.

use std::sync::Arc;

use delegat_serve::{Config, DecisionLog, LogError, LogRecord, StoreLog, TokenSource};

use crate::support::{
    KVOT, TestDir, TestServer, batch_line, kvot_v2, pack, request, temp_dir, write_pack,
};

const TOKEN: &str = "kvitton-0123456789abcdef";

/// A server logging to `logg.db` in a fresh directory, and the directory (first, so that a
/// test's `let` drops it after the server).
fn logged_server(name: &str) -> (TestDir, TestServer) {
    let dir = temp_dir(name);
    write_pack(&dir, "kvot", KVOT);
    std::fs::write(dir.join("token"), TOKEN).unwrap();
    let mut config = Config::new(vec![dir.join("kvot.paket")]);
    config.token = Some(TokenSource::File(dir.join("token")));
    let db = dir.join("logg.db");
    let log = StoreLog::open(&delegat_log::Location::File(db))
        .unwrap()
        .shared();
    let server = TestServer::start_with_log(config, Some(log));
    (dir, server)
}

#[test]
fn a_logged_decision_names_its_receipt_which_replays() {
    let (_dir, server) = logged_server("receipt");
    let case = r#"{"beslutsdatum": "2025-02-01", "inkomst": 1000, "personer": 2}"#;
    let r = server.post_json("/beslut/stöd", case);
    assert_eq!(r.status, 200, "{}", r.text());
    // The body is still the batch line, byte for byte.
    assert_eq!(r.body, batch_line(&pack(KVOT), "stöd", case));
    let id = r.header("delegat-kvitto").unwrap().to_owned();
    assert_eq!(id.len(), 36, "{id}");
    assert_eq!(
        r.header("location"),
        Some(format!("/kvitton/{id}").as_str())
    );

    let bearer = format!("Bearer {TOKEN}");
    let auth = [("Authorization", bearer.as_str())];
    let got = request(server.addr, "GET", &format!("/kvitton/{id}"), &auth, b"");
    assert_eq!(got.status, 200, "{}", got.text());
    let record = got.json();
    assert_eq!(record["kvitto"], id.as_str());
    assert_eq!(record["beslut"], "stöd");
    assert_eq!(record["regelpaket"], pack(KVOT).hash());
    assert_eq!(record["utfall"], "bifall");
    assert_eq!(record["belopp_öre"], 500_000);
    assert_eq!(record["beslutsdatum"], "2025-02-01");
    assert_eq!(
        record["ärende"],
        serde_json::json!({"inkomst": 1000, "personer": 2})
    );

    let replay = request(
        server.addr,
        "GET",
        &format!("/kvitton/{id}/upprepa"),
        &auth,
        b"",
    );
    assert_eq!(replay.status, 200, "{}", replay.text());
    let replayed = replay.json();
    assert_eq!(replayed["stämmer"], true);
    assert_eq!(replayed["beslut"], r.json());

    // The letter is logged too, with its own receipt.
    let letter = request(
        server.addr,
        "POST",
        "/beslut/stöd?format=text",
        &[("Content-Type", "application/json")],
        case.as_bytes(),
    );
    assert_eq!(letter.status, 200);
    let second = letter.header("delegat-kvitto").unwrap();
    assert_ne!(second, id);
    // A case that cannot be read is no decision: nothing logged, no receipt.
    let bad = server.post_json("/beslut/stöd", "{}");
    assert_eq!(bad.status, 422);
    assert_eq!(bad.header("delegat-kvitto"), None);
}

#[test]
fn receipts_are_behind_the_token() {
    let (_dir, server) = logged_server("receipt-token");
    let r = server.post_json("/beslut/stöd", r#"{"inkomst": 1, "personer": 1}"#);
    let id = r.header("delegat-kvitto").unwrap().to_owned();
    for path in [format!("/kvitton/{id}"), format!("/kvitton/{id}/upprepa")] {
        let r = server.get(&path);
        assert_eq!(r.status, 401, "{path}");
        assert_eq!(r.code(), "E0534");
        // The record's case is not in the refusal.
        assert!(!r.text().contains("inkomst"), "{}", r.text());
    }
    let bearer = format!("Bearer {TOKEN}");
    let auth = [("Authorization", bearer.as_str())];
    for unknown in ["0190a5f4-0000-7000-8000-000000000000", "inte-ett-kvitto"] {
        let r = request(
            server.addr,
            "GET",
            &format!("/kvitton/{unknown}"),
            &auth,
            b"",
        );
        assert_eq!(r.status, 404);
        assert_eq!(r.code(), "E0517");
    }
}

#[test]
fn without_a_log_there_are_no_receipts() {
    let dir = temp_dir("no-log");
    write_pack(&dir, "kvot", KVOT);
    std::fs::write(dir.join("token"), TOKEN).unwrap();
    let mut config = Config::new(vec![dir.join("kvot.paket")]);
    config.token = Some(TokenSource::File(dir.join("token")));
    let server = TestServer::start(config);
    let r = server.post_json("/beslut/stöd", r#"{"inkomst": 1, "personer": 1}"#);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("delegat-kvitto"), None);
    let bearer = format!("Bearer {TOKEN}");
    let r = request(
        server.addr,
        "GET",
        "/kvitton/x",
        &[("Authorization", bearer.as_str())],
        b"",
    );
    assert_eq!(r.status, 404);
    assert_eq!(r.code(), "E0533");
}

/// A log that cannot write: the decision is not answered.
#[derive(Debug)]
struct BrokenLog;

impl DecisionLog for BrokenLog {
    fn record(&self, _: &LogRecord<'_>) -> Result<String, LogError> {
        Err(LogError {
            code: delegat_diagnostics::Code::E0512,
            message: "disken är full".to_owned(),
        })
    }
}

#[test]
fn a_decision_the_log_cannot_keep_is_not_answered() {
    let dir = temp_dir("broken-log");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::start_with_log(
        Config::new(vec![dir.to_path_buf()]),
        Some(Arc::new(BrokenLog)),
    );
    let r = server.post_json("/beslut/stöd", r#"{"inkomst": 1, "personer": 1}"#);
    assert_eq!(r.status, 503);
    assert_eq!(r.code(), "E0538");
    assert!(!r.text().contains("bifall"), "{}", r.text());
}

/// A decision of a signed pack names its signer; replayed, it is the decision logged (the
/// signer is put back, as `delegat logg ompröva` does).
#[test]
fn a_decision_of_a_signed_pack_replays_as_logged() {
    let dir = temp_dir("signed-replay");
    let key = delegat::SecretKey::from_seed("Testnämnden", [5; 32]).unwrap();
    std::fs::write(
        dir.join("kvot.paket"),
        pack(KVOT).to_signed_bytes(&key).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("nämnden.pub"), key.public_key().to_file_text()).unwrap();
    std::fs::write(dir.join("token"), TOKEN).unwrap();
    let mut config = Config::new(vec![dir.join("kvot.paket")]);
    config.trusted_keys = vec![dir.join("nämnden.pub")];
    config.token = Some(TokenSource::File(dir.join("token")));
    let log = StoreLog::open(&delegat_log::Location::File(dir.join("logg.db")))
        .unwrap()
        .shared();
    let server = TestServer::start_with_log(config, Some(log));
    let case = r#"{"beslutsdatum": "2025-02-01", "inkomst": 1000, "personer": 2}"#;
    let r = server.post_json("/beslut/stöd", case);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["regelverk"]["signerad_av"], key.id());
    let id = r.header("delegat-kvitto").unwrap().to_owned();
    let bearer = format!("Bearer {TOKEN}");
    let replay = request(
        server.addr,
        "GET",
        &format!("/kvitton/{id}/upprepa"),
        &[("Authorization", bearer.as_str())],
        b"",
    );
    assert_eq!(replay.status, 200, "{}", replay.text());
    let replayed = replay.json();
    assert_eq!(replayed["beslut"], r.json());
    assert_eq!(replayed["stämmer"], true);
}

/// Records of two packs, two decision names and both engines, interleaved: the log keeps
/// one source per pack, decision and engine, and each record names its own.
#[test]
fn each_record_names_its_own_pack_decision_and_engine() {
    let dir = temp_dir("receipt-sources");
    let log = StoreLog::open(&delegat_log::Location::File(dir.join("logg.db"))).unwrap();
    let (v1, v2) = (pack(KVOT), pack(&kvot_v2()));
    let date = delegat::Date::parse("2025-02-01").unwrap();
    let mut made = Vec::new();
    for round in 0..2 {
        let document = format!("dokument {round}");
        for (p, decision, engine) in [
            (&v1, "stöd", delegat::Engine::Interpreter),
            (&v2, "stöd", delegat::Engine::Interpreter),
            (&v1, "stöd", delegat::Engine::Jit),
            (&v1, "annat", delegat::Engine::Interpreter),
        ] {
            let record = LogRecord {
                pack: p,
                decision,
                engine,
                date,
                input: r#"{"inkomst":1,"personer":1}"#,
                utfall: delegat::Utfall::Bifall,
                belopp: None,
                document: document.as_bytes(),
            };
            let id = log.record(&record).unwrap();
            made.push((id, p.hash(), decision, engine.as_str()));
        }
    }
    for (id, hash, decision, engine) in made {
        let r = log.receipt(&id).unwrap().unwrap();
        assert_eq!(r["regelpaket"], hash.as_str(), "{id}");
        assert_eq!(r["beslut"], decision, "{id}");
        assert_eq!(r["motor"], engine, "{id}");
        assert_eq!(r["signerad_av"], serde_json::Value::Null, "{id}");
    }
}
