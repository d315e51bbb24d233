//! Discovery and operations: `GET /beslut`, the schema, the OpenAPI document (checked
//! against the routes), `/healthz`, `/readyz` (also as the log comes and goes), `/metrics`.

use std::sync::Arc;
use std::time::Duration;

use delegat_serve::Config;

use crate::support::{KVOT, MemoryLog, TestServer, pack, request, temp_dir, write_pack};

#[test]
fn the_listing_names_title_version_hash_signer_and_norm_dates() {
    let dir = temp_dir("list");
    let hash = write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    let r = server.get("/beslut");
    assert_eq!(r.status, 200);
    let list = r.json();
    let d = &list["beslut"][0];
    assert_eq!(d["namn"], "stöd");
    assert_eq!(d["slag"], "beslut");
    assert_eq!(d["enligt"], "SoL (2025:400) 12 kap. 1 §");
    assert_eq!(d["regelverk"]["titel"], "Kvot");
    assert_eq!(d["regelverk"]["version"], "1");
    assert_eq!(d["regelverk"]["nämnd"], "Testnämnden");
    assert_eq!(d["regelverk"]["hash"], hash);
    assert_eq!(d["regelverk"]["signerad_av"], serde_json::Value::Null);
    assert_eq!(
        d["normdatum"],
        serde_json::json!(["2024-01-01", "2025-01-01"])
    );
    assert_eq!(d["vägar"]["beslut"], "/beslut/stöd");
    assert_eq!(list["beslut"].as_array().unwrap().len(), 1);
}

#[test]
fn the_schema_is_the_packs() {
    let dir = temp_dir("schema");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    let r = server.get("/beslut/stöd/schema");
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), pack(KVOT).schema());
    assert_eq!(r.json()["properties"]["personer"]["maximum"], 10);
    let r = server.get("/beslut/inget/schema");
    assert_eq!(r.status, 404);
    assert_eq!(r.code(), "E0533");
}

/// Every operation of the OpenAPI document answers (no 404 or 405) at its path and method,
/// and every route of the service is in the document.
#[test]
fn the_openapi_document_matches_the_routes() {
    let dir = temp_dir("openapi");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    let doc = server.get("/openapi.json").json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let mut listed: Vec<String> = paths.keys().cloned().collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            "/admin/ladda-om",
            "/beslut",
            "/beslut/stöd",
            "/beslut/stöd/schema",
            "/healthz",
            "/kvitton/{id}",
            "/kvitton/{id}/upprepa",
            "/metrics",
            "/openapi.json",
            "/readyz"
        ]
    );
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let body: &[u8] = if path == "/beslut/stöd" {
                br#"{"inkomst": 1, "personer": 1}"#
            } else {
                b""
            };
            let r = request(
                server.addr,
                &method.to_uppercase(),
                path,
                &[("Content-Type", "application/json")],
                body,
            );
            let status = r.status.to_string();
            assert!(
                op["responses"].get(&status).is_some(),
                "{method} {path}: {status} is not among the documented responses"
            );
            assert!(
                r.status != 404 && r.status != 405,
                "{method} {path}: {}",
                r.status
            );
        }
    }
    // The request body of a decision is its case schema.
    assert_eq!(
        doc["paths"]["/beslut/stöd"]["post"]["requestBody"]["content"]["application/json"]["schema"],
        pack(KVOT).schema()
    );
}

#[test]
fn readiness_follows_the_log() {
    let dir = temp_dir("ready-log");
    write_pack(&dir, "kvot", KVOT);
    let log = Arc::new(MemoryLog::default());
    let config = Config::new(vec![dir.to_path_buf()]);
    let server = TestServer::start_with_log(config, Some(log.clone()));
    let r = server.get("/readyz");
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("redo")));

    // The log goes away: not ready once the last probe (kept a second) is old, with the
    // log's code and reason.
    *log.away.lock().unwrap() = Some("databasen svarar inte".to_owned());
    std::thread::sleep(Duration::from_millis(1100));
    let r = server.get("/readyz");
    assert_eq!(r.status, 503, "{}", r.text());
    let body = r.json();
    assert_eq!(body["status"], "loggen kan inte nås");
    assert_eq!(body["kod"], "E0510");
    assert_eq!(body["fel"], "databasen svarar inte");
    // The probe's answer is kept: a second request within the second is answered alike.
    *log.away.lock().unwrap() = None;
    assert_eq!(server.get("/readyz").status, 503);

    // It is back: ready again after the second.
    std::thread::sleep(Duration::from_millis(1100));
    let r = server.get("/readyz");
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("redo")));
    // Liveness never depended on the log.
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn health_readiness_and_metrics() {
    let dir = temp_dir("ops");
    let hash = write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    assert_eq!(server.get("/healthz").status, 200);
    let r = server.get("/readyz");
    assert_eq!((r.status, r.json()["status"].as_str()), (200, Some("redo")));
    server.post_json("/beslut/stöd", r#"{"inkomst": 1000, "personer": 2}"#);
    server.post_json("/beslut/stöd", r#"{"inkomst": 1000, "personer": 2}"#);
    server.post_json("/beslut/stöd", r#"{"inkomst": 1000, "personer": 0}"#);
    server.post_json("/beslut/stöd", r#"{"inkomst": 1000}"#);
    request(server.addr, "POST", "/beslut/stöd", &[], b"{}");
    let r = server.get("/metrics");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let m = r.text();
    for line in [
        "delegat_decisions_total{decision=\"stöd\",outcome=\"bifall\"} 2".to_owned(),
        "delegat_decisions_total{decision=\"stöd\",outcome=\"manuell\"} 1".to_owned(),
        "delegat_case_errors_total{code=\"E0422\"} 1".to_owned(),
        "delegat_refusals_total{code=\"E0532\"} 1".to_owned(),
        "delegat_decision_duration_seconds_count 4".to_owned(),
        "# TYPE delegat_decision_duration_seconds histogram".to_owned(),
        format!("delegat_pack_loaded{{hash=\"{hash}\",title=\"Kvot\",version=\"1\"}} 1"),
    ] {
        assert!(m.lines().any(|l| l == line), "missing `{line}` in\n{m}");
    }
    // No case data in the metrics.
    assert!(!m.contains("inkomst"), "{m}");
}
