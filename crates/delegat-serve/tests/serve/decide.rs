//! `POST /beslut/{namn}`: the decision document byte for byte as `delegat batch` writes it,
//! the letter, the error document of a case that cannot be read, and `manuell`.

use proptest::prelude::*;

use crate::support::{KVOT, TestServer, batch_line, pack, request, temp_dir, write_pack};

#[test]
fn a_decision_is_the_batch_line_byte_for_byte() {
    let dir = temp_dir("batch");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    let p = pack(KVOT);
    for case in [
        r#"{"beslutsdatum": "2025-02-01", "inkomst": 1000, "personer": 2}"#,
        r#"{"beslutsdatum": "2024-06-01", "inkomst": 5000, "personer": 1}"#,
        r#"{"inkomst": 200, "personer": 3}"#,
    ] {
        let r = server.post_json("/beslut/stöd", case);
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.body, batch_line(&p, "stöd", case), "{case}");
    }
    let r = server.post_json(
        "/beslut/stöd",
        r#"{"beslutsdatum": "2025-02-01", "inkomst": 1000, "personer": 2}"#,
    );
    let json = r.json();
    assert_eq!(json["utfall"], "bifall");
    assert_eq!(json["belopp"], 5000);
    assert_eq!(json["regelverk"]["hash"], p.hash());
}

#[test]
fn a_runtime_error_is_200_manuell_with_its_code() {
    let dir = temp_dir("manuell");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    let case = r#"{"beslutsdatum": "2025-02-01", "inkomst": 1000, "personer": 0}"#;
    let r = server.post_json("/beslut/stöd", case);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["utfall"], "manuell");
    assert_eq!(r.json()["felkod"], "E0402");
    assert_eq!(r.body, batch_line(&pack(KVOT), "stöd", case));
}

#[test]
fn an_unreadable_case_is_422_with_the_runtimes_error_document() {
    let dir = temp_dir("unreadable");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    let p = pack(KVOT);
    for (case, code, field) in [
        (r#"{"inkomst": 1000}"#, "E0422", Some("personer")),
        (
            r#"{"inkomst": 1000, "personer": 2, "x": 1}"#,
            "E0421",
            Some("x"),
        ),
        (
            r#"{"inkomst": "mycket", "personer": 2}"#,
            "E0423",
            Some("inkomst"),
        ),
        (
            r#"{"inkomst": 1000, "personer": 11}"#,
            "E0424",
            Some("personer"),
        ),
        (
            r#"{"beslutsdatum": "2025-13-01", "inkomst": 1, "personer": 1}"#,
            "E0425",
            None,
        ),
        (r#"{"inkomst": 1000,"#, "E0420", None),
        ("[1, 2]", "E0420", None),
    ] {
        let r = server.post_json("/beslut/stöd", case);
        assert_eq!(r.status, 422, "{case}: {}", r.text());
        assert_eq!(r.code(), code, "{case}");
        if let Some(f) = field {
            assert_eq!(r.json()["fel"]["fält"], f, "{case}");
        }
        assert_eq!(r.body, batch_line(&p, "stöd", case), "{case}");
    }
    // Nested past serde_json's recursion limit: refused as JSON, not a crash.
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let r = server.post_json("/beslut/stöd", &deep);
    assert_eq!(r.status, 422);
    assert_eq!(r.code(), "E0420");
    // Bytes that are not UTF-8.
    let r = request(
        server.addr,
        "POST",
        "/beslut/stöd",
        &[("Content-Type", "application/json")],
        b"{\"inkomst\": \"\xff\"}",
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.code(), "E0420");
}

#[test]
fn the_letter_as_text_or_html_on_request() {
    let dir = temp_dir("letter");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    let case = r#"{"beslutsdatum": "2025-02-01", "inkomst": 1000, "personer": 2}"#;
    let letter = pack(KVOT)
        .engine(delegat::Engine::Interpreter)
        .unwrap()
        .decide(case, None)
        .unwrap()
        .letter();
    let json = [("Content-Type", "application/json")];
    let r = request(
        server.addr,
        "POST",
        "/beslut/stöd?format=text",
        &json,
        case.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(r.text(), letter);
    let r = request(
        server.addr,
        "POST",
        "/beslut/stöd",
        &[
            ("Content-Type", "application/json"),
            ("Accept", "text/plain"),
        ],
        case.as_bytes(),
    );
    assert_eq!(r.text(), letter);
    for r in [
        request(
            server.addr,
            "POST",
            "/beslut/stöd?format=html",
            &json,
            case.as_bytes(),
        ),
        request(
            server.addr,
            "POST",
            "/beslut/stöd",
            &[
                ("Content-Type", "application/json"),
                ("Accept", "text/html,*/*;q=0.8"),
            ],
            case.as_bytes(),
        ),
    ] {
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(r.text().starts_with("<!DOCTYPE html>"), "{}", r.text());
        // The runtime's HTML letter: the same one `delegat run --format html` writes.
        assert!(r.text().contains("<h1>BESLUT</h1>"), "{}", r.text());
        assert!(r.text().contains("@page { size: A4;"), "{}", r.text());
        assert!(r.text().contains("5 000 kr"), "{}", r.text());
    }
    let r = request(
        server.addr,
        "POST",
        "/beslut/stöd?format=pdf",
        &json,
        case.as_bytes(),
    );
    assert_eq!(r.status, 406);
    assert_eq!(r.code(), "E0537");
    // A case that cannot be read is the error document whatever format was asked for.
    let r = request(
        server.addr,
        "POST",
        "/beslut/stöd?format=text",
        &json,
        b"{}",
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.code(), "E0422");
}

#[test]
fn wrong_content_type_is_415_and_unknown_decision_404() {
    let dir = temp_dir("415");
    write_pack(&dir, "kvot", KVOT);
    let server = TestServer::over(&dir);
    let case = br#"{"inkomst": 1000, "personer": 2}"#;
    for headers in [
        vec![],
        vec![("Content-Type", "application/x-www-form-urlencoded")],
        vec![("Content-Type", "text/plain")],
    ] {
        let r = request(server.addr, "POST", "/beslut/stöd", &headers, case);
        assert_eq!(r.status, 415, "{headers:?}");
        assert_eq!(r.code(), "E0532");
    }
    let r = request(
        server.addr,
        "POST",
        "/beslut/stöd",
        &[("Content-Type", "application/json; charset=utf-8")],
        case,
    );
    assert_eq!(r.status, 200);
    let r = server.post_json("/beslut/stod", r#"{}"#);
    assert_eq!(r.status, 404);
    assert_eq!(r.code(), "E0533");
    let r = server.get("/finns/inte");
    assert_eq!(r.status, 404);
    assert_eq!(r.code(), "E0533");
    let r = server.get("/beslut/stöd");
    assert_eq!(r.status, 405);
    assert_eq!(r.code(), "E0533");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Generated cases, inside and outside the declared ranges, some with a decision date
    /// and some without: the service answers the bytes `delegat batch` writes (a decision,
    /// or the error line of a case that cannot be read), with 200 or 422.
    #[test]
    fn the_service_decides_as_batch_does(
        inkomst in prop_oneof![0i64..=100_000, -5i64..0, 100_000i64..100_010],
        personer in prop_oneof![0i64..=10, 11i64..20],
        date in proptest::option::of(prop_oneof![
            Just("2023-12-31"), Just("2024-01-01"), Just("2024-12-31"), Just("2025-01-01"), Just("2026-06-30")
        ]),
        ore in proptest::option::of(1i64..100),
    ) {
        let amount = match ore { Some(o) => format!("{inkomst}.{o:02}"), None => inkomst.to_string() };
        let case = match date {
            Some(d) => format!(r#"{{"beslutsdatum": "{d}", "inkomst": {amount}, "personer": {personer}}}"#),
            None => format!(r#"{{"inkomst": {amount}, "personer": {personer}}}"#),
        };
        let (server, p) = shared();
        let r = server.post_json("/beslut/stöd", &case);
        let expected = batch_line(p, "stöd", &case);
        let is_error = expected.starts_with(b"{\"fel\"");
        prop_assert_eq!(r.status, if is_error { 422 } else { 200 });
        prop_assert_eq!(String::from_utf8_lossy(&r.body), String::from_utf8_lossy(&expected));
    }
}

/// One server for every generated case (never shut down: it lives as long as the test
/// binary). Its directory is removed once it has started: it holds the pack it read, and
/// is never reloaded.
fn shared() -> &'static (TestServer, delegat::Pack) {
    static SHARED: std::sync::OnceLock<(TestServer, delegat::Pack)> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| {
        let dir = temp_dir("prop");
        write_pack(&dir, "kvot", KVOT);
        (TestServer::over(&dir), pack(KVOT))
    })
}
