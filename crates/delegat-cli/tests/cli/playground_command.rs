//! End-to-end tests of `delegat playground`: it serves the files of a built page with their
//! media types (WebAssembly as `application/wasm`), a folder as its `index.html`, nothing
//! outside the folder, and refuses a folder without a built page.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};

use crate::support::{delegat, stderr};

/// A raw HTTP/1.1 GET, so that the path is sent exactly as written: status, content type, body.
fn get(addr: SocketAddr, path: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let status = head[9..12].parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| l.strip_prefix("content-type: "))
        .unwrap_or("")
        .to_owned();
    (status, content_type, raw[split + 4..].to_vec())
}

#[test]
fn serves_the_built_page_and_nothing_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Delegat</title>",
    )
    .unwrap();
    std::fs::write(dist.join("assets/delegat_wasm_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("assets/index.js"), "export {};").unwrap();
    std::fs::write(dir.path().join("hemlig.txt"), "utanför").unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_delegat"))
        .args(["playground", "--adress", "127.0.0.1:0", "--katalog"])
        .arg(&dist)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr: SocketAddr = line
        .trim()
        .strip_prefix("lyssnar på http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .parse()
        .unwrap();

    let (status, kind, body) = get(addr, "/");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert_eq!(body, b"<!doctype html><title>Delegat</title>");
    let (status, kind, body) = get(addr, "/assets/delegat_wasm_bg.wasm");
    assert_eq!((status, kind.as_str()), (200, "application/wasm"));
    assert_eq!(body, b"\0asm\x01\0\0\0");
    let (status, kind, _) = get(addr, "/assets/index.js");
    assert_eq!(
        (status, kind.as_str()),
        (200, "text/javascript; charset=utf-8")
    );
    for outside in [
        "/../hemlig.txt",
        "/assets/../../hemlig.txt",
        "/%2e%2e/hemlig.txt",
        "/saknas.js",
    ] {
        let (status, _, body) = get(addr, outside);
        assert_eq!(status, 404, "{outside}");
        assert_eq!(body, "Finns inte.\n".as_bytes(), "{outside}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_folder_without_a_built_page_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = delegat(&["playground", "--katalog", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "har ingen index.html; bygg sidan först: `cd web && npm ci && npm run build`"
        ),
        "{}",
        stderr(&out)
    );
}
