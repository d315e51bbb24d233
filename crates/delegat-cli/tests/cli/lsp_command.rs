//! `delegat lsp` as an editor starts it: a real process speaking the protocol on standard
//! input and output (`Content-Length` framing), from `initialize` to `exit`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::root;

fn send(stdin: &mut impl Write, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

/// Reads framed messages from the server on a thread of its own.
fn reader(stdout: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            r.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    rx
}

fn next(rx: &mpsc::Receiver<Value>, want: impl Fn(&Value) -> bool) -> Value {
    loop {
        let m = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("an answer in time");
        if want(&m) {
            return m;
        }
    }
}

#[test]
fn delegat_lsp_answers_an_editor_over_stdio() {
    let path = root()
        .join("examples/avvisade/forsorjningsstod_taxerad_inkomst.regel")
        .canonicalize()
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = format!("file://{}", path.display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_delegat"))
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let rx = reader(child.stdout.take().unwrap());

    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": { "processId": null, "rootUri": null, "capabilities": {} } }),
    );
    let init = next(&rx, |m| m["id"] == 1);
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], json!(true));
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    );

    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": uri, "languageId": "delegat", "version": 1, "text": text } } }),
    );
    let diags = next(&rx, |m| m["method"] == "textDocument/publishDiagnostics");
    let codes: Vec<&str> = diags["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["E0301"]);
    assert_eq!(diags["params"]["uri"], json!(uri));

    // Hover on `taxerad_inkomst` where the rule `inkomst` uses it.
    let line = text
        .lines()
        .position(|l| l.contains("= taxerad_inkomst / 12"))
        .unwrap();
    let column = text
        .lines()
        .nth(line)
        .unwrap()
        .find("taxerad_inkomst")
        .unwrap();
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
            "textDocument": { "uri": uri }, "position": { "line": line, "character": column + 3 } } }),
    );
    let hover = next(&rx, |m| m["id"] == 2);
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("```delegat\nuppgift taxerad_inkomst: belopp 0 kr..10 000 000 kr\n```"),
        "{value}"
    );
    assert!(
        value.contains("**Källa:** register \"Skatteverket\""),
        "{value}"
    );

    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": null }),
    );
    assert_eq!(next(&rx, |m| m["id"] == 3)["result"], Value::Null);
    send(
        &mut stdin,
        &json!({ "jsonrpc": "2.0", "method": "exit", "params": null }),
    );
    drop(stdin);
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}
