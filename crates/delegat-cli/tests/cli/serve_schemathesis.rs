//! The service against its own OpenAPI document, by schemathesis (a property-based tester
//! of OpenAPI services, from PyPI): every operation the document describes is called with
//! generated valid and invalid requests, and in stateful sequences along the document's
//! links (a decision, then its receipt and its replay); every answer must have a documented
//! status, content type and body, and none may be a server error. The service runs as
//! `delegat serve` over the four example packs with a log and a token; afterwards the log
//! it wrote verifies. Skipped with a printed reason when `schemathesis` is not installed,
//! except under `DELEGAT_KRAV_SCHEMATHESIS=1` (CI installs it: `pip install schemathesis`).
//!
//! Every check runs, `positive_data_acceptance` among them: a case valid by its schema is
//! decided (its text amounts carry their range as a pattern, `money_text_pattern`).

#![allow(
    clippy::unwrap_used,
    reason = "helpers of integration tests fail loudly"
)]

use std::process::Command;

use crate::serve_command::{Serve, workdir};
use crate::support::{delegat, stderr, stdout};

const TOKEN: &str = "schemathesis-token-0123456789abcdef";

/// The installed schemathesis's version, or `None` (printed) when there is none and
/// `DELEGAT_KRAV_SCHEMATHESIS=1` is not set.
fn schemathesis() -> Option<String> {
    match Command::new("schemathesis").arg("--version").output() {
        Ok(out) if out.status.success() => Some(stdout(&out).trim().to_owned()),
        _ => {
            assert!(
                std::env::var("DELEGAT_KRAV_SCHEMATHESIS").is_err(),
                "DELEGAT_KRAV_SCHEMATHESIS is set but schemathesis is not installed"
            );
            eprintln!("skipped: schemathesis is not installed (pip install schemathesis)");
            None
        }
    }
}

#[test]
fn every_operation_of_the_openapi_document_answers_as_documented() {
    let Some(version) = schemathesis() else {
        return;
    };
    let dir = workdir("schemathesis");
    for name in ["fritidsaktivitetsbidrag", "hemtjanst", "maxtaxa"] {
        let pack = dir.join(format!("paket/{name}.paket"));
        let out = delegat(&[
            "build",
            &format!("examples/{name}.regel"),
            "-o",
            pack.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    std::fs::write(dir.join("token"), TOKEN).unwrap();
    let log = dir.join("logg.db");
    let mut serve = Serve::start(
        &[
            "--paket",
            dir.join("paket").to_str().unwrap(),
            "--logg",
            log.to_str().unwrap(),
            "--token-fil",
            dir.join("token").to_str().unwrap(),
        ],
        &[],
    );
    let out = Command::new("schemathesis")
        .args(["run", &format!("http://{}/openapi.json", serve.addr)])
        .args(["--checks", "all"])
        .args(["--header", &format!("Authorization: Bearer {TOKEN}")])
        .args(["--max-examples", "40", "--seed", "1", "--no-color"])
        // Its example database (`.hypothesis/`) in the test's directory.
        .current_dir(&*dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{version} found what the document does not say:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    let report = stdout(&out);
    assert!(report.contains("15 selected / 15 total"), "{report}");
    assert!(report.contains("No issues found"), "{report}");
    serve.signal("TERM");
    assert!(serve.wait().success());
    let verified = delegat(&["logg", "verifiera", log.to_str().unwrap()]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    assert!(
        stdout(&verified).starts_with("Loggen är oförändrad:"),
        "{}",
        stdout(&verified)
    );
}
