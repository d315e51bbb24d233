//! The `curl` examples of `docs/tjanst.md`, run against a real `delegat serve`: every
//! `curl` line of a `sh` block states the HTTP status it gets (`# → 200`), and gets it. An
//! example with `--cacert` is run against the same service over TLS, with a self-signed
//! certificate for `localhost` as `tjanst.crt`; without `--cacert` it fails its handshake
//! (curl's exit status 60), as the guide says.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::process::Command;

use crate::serve_command::{Serve, header, post_case, workdir};
use crate::serve_tls::write_certificate;
use crate::support::root;

/// The `curl` commands of the guide's `sh` blocks with the status each states.
fn examples() -> Vec<(String, u16)> {
    let text = std::fs::read_to_string(root().join("docs/tjanst.md")).unwrap();
    let mut in_sh = false;
    let mut found = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh" && !in_sh;
            continue;
        }
        if in_sh && line.starts_with("curl ") {
            let (command, status) = line
                .split_once("# →")
                .unwrap_or_else(|| panic!("no `# → STATUS` after {line}"));
            found.push((command.trim().to_owned(), status.trim().parse().unwrap()));
        }
    }
    found
}

#[test]
fn the_guides_curl_examples_answer_as_it_says() {
    let examples = examples();
    assert!(examples.len() >= 9, "{examples:?}");
    let dir = workdir("guide");
    let token = "guide-token-0123456789abcdef";
    std::fs::write(dir.join("token"), token).unwrap();
    std::fs::copy(
        root().join("examples/fall/forsorjningsstod.json"),
        dir.join("fall.json"),
    )
    .unwrap();
    let serve = Serve::start(
        &[
            "--paket",
            dir.join("paket").to_str().unwrap(),
            "--logg",
            dir.join("logg.db").to_str().unwrap(),
            "--token-fil",
            dir.join("token").to_str().unwrap(),
        ],
        &[],
    );
    write_certificate(&dir.join("tjanst.crt"), &dir.join("tjanst.key"));
    let tls = Serve::start(
        &[
            "--paket",
            dir.join("paket").to_str().unwrap(),
            "--tls-certifikat",
            dir.join("tjanst.crt").to_str().unwrap(),
            "--tls-nyckel",
            dir.join("tjanst.key").to_str().unwrap(),
        ],
        &[],
    );
    assert!(tls.https);
    let tls_url = format!("https://localhost:{}", tls.addr.port());
    let (_, head, _) = post_case(serve.addr);
    let receipt = header(&head, "delegat-kvitto").unwrap();
    assert!(
        examples.iter().any(|(c, _)| c.contains("--cacert")),
        "the guide has no TLS example"
    );
    for (command, expected) in examples {
        let url = if command.contains("--cacert") {
            let untrusting = command.replace("--cacert tjanst.crt", "");
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!("{untrusting} -s -o /dev/null"))
                .env("URL", &tls_url)
                .current_dir(&dir)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(60), "{untrusting}");
            tls_url.clone()
        } else {
            format!("http://{}", serve.addr)
        };
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("{command} -s -o /dev/null -w '%{{http_code}}'"))
            .env("URL", url)
            .env("TOKEN", token)
            .env("KVITTO", &receipt)
            .current_dir(&dir)
            .output()
            .unwrap();
        let status = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(
            status,
            expected.to_string(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
