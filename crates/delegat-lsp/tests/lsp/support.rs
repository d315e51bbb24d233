//! A client that speaks the protocol to the server in-process, over `Connection::memory`,
//! and rule files in a directory of their own.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::{Position, Url};
use serde_json::{Value, json};

/// How long the client waits for an answer before the test fails.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The client end, with the server running on a thread.
pub struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    pending: Vec<Notification>,
    /// What `initialize` answered.
    pub init: Value,
}

impl Client {
    /// Starts a server and does the `initialize` handshake.
    pub fn start() -> Client {
        let (server, conn) = Connection::memory();
        let handle =
            std::thread::spawn(move || delegat_lsp::serve(&server).map_err(|e| e.to_string()));
        let mut client = Client {
            conn,
            server: Some(handle),
            next_id: 0,
            pending: Vec::new(),
            init: Value::Null,
        };
        client.init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        );
        client.notify("initialized", json!({}));
        client
    }

    /// Sends a request and returns its result; fails the test on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        match self.try_request(method, params) {
            Ok(v) => v,
            Err(e) => panic!("`{method}` failed: {e}"),
        }
    }

    /// Sends a request and returns its result or its error message.
    pub fn try_request(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let req = Request::new(id.clone(), method.to_owned(), params);
        self.conn.sender.send(Message::Request(req)).unwrap();
        loop {
            match self.conn.receiver.recv_timeout(TIMEOUT).unwrap() {
                Message::Response(r) if r.id == id => {
                    return match r.error {
                        Some(e) => Err(e.message),
                        None => Ok(r.result.unwrap_or(Value::Null)),
                    };
                }
                Message::Notification(n) => self.pending.push(n),
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    /// Sends a notification.
    pub fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.to_owned(), params);
        self.conn.sender.send(Message::Notification(n)).unwrap();
    }

    /// Opens a document with its text.
    pub fn open(&self, uri: &Url, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "delegat", "version": 1, "text": text } }),
        );
    }

    /// Replaces a document's whole text.
    pub fn change(&self, uri: &Url, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [ { "text": text } ] }),
        );
    }

    /// The next diagnostics published for `uri`.
    pub fn diagnostics(&mut self, uri: &Url) -> Vec<lsp_types::Diagnostic> {
        let is_it = |n: &Notification| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == json!(uri)
        };
        let found = match self.pending.iter().position(is_it) {
            Some(i) => self.pending.remove(i),
            None => loop {
                match self.conn.receiver.recv_timeout(TIMEOUT).unwrap() {
                    Message::Notification(n) if is_it(&n) => break n,
                    Message::Notification(n) => self.pending.push(n),
                    other => panic!("unexpected message {other:?}"),
                }
            },
        };
        let p: lsp_types::PublishDiagnosticsParams = serde_json::from_value(found.params).unwrap();
        p.diagnostics
    }

    /// `shutdown`, `exit`, and the server thread's end.
    pub fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let handle = self.server.take().unwrap();
        assert_eq!(handle.join().unwrap(), Ok(()));
    }
}

/// A fresh directory for one test's rule files, removed with them when dropped; `.0` is its
/// canonical path (the form the server's URIs take).
pub struct Dir(
    pub PathBuf,
    #[expect(dead_code, reason = "held only to remove the directory when dropped")]
    tempfile::TempDir,
);

impl Dir {
    pub fn new(name: &str) -> Dir {
        let dir = tempfile::Builder::new()
            .prefix(&format!("delegat-lsp-{name}-"))
            .tempdir()
            .unwrap();
        Dir(dir.path().canonicalize().unwrap(), dir)
    }

    /// Writes a file and returns its URI.
    pub fn write(&self, name: &str, text: &str) -> Url {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        Url::from_file_path(path).unwrap()
    }
}

/// The position of the `nth` (from 0) occurrence of `needle` in `text`, plus `within` characters.
pub fn pos(text: &str, needle: &str, nth: usize, within: u32) -> Position {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in the text"))
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let col = before.rsplit('\n').next().unwrap().encode_utf16().count() as u32;
    Position::new(line, col + within)
}

/// A position parameter object.
pub fn at(uri: &Url, p: Position) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": p })
}

/// The repository's root.
pub fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}
