//! The `curl` examples of `docs/tjanst.md`, run against a real `delegat serve`: every
//! `curl` line of a `sh` block states the HTTP status it gets (`# → 200`), and gets it.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::process::Command;

use crate::serve_command::{Serve, header, post_case, workdir};
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
    let (_, head, _) = post_case(serve.addr);
    let receipt = header(&head, "delegat-kvitto").unwrap();
    for (command, expected) in examples {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("{command} -s -o /dev/null -w '%{{http_code}}'"))
            .env("URL", format!("http://{}", serve.addr))
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
