//! What every end-to-end test of the binary needs: the repository root, running `delegat`
//! there, and its output as text.

#![allow(
    clippy::unwrap_used,
    reason = "helpers of integration tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where `examples/` is).
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the `delegat` binary with `args` in the repository root.
pub(crate) fn delegat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_delegat"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// Standard output as text.
pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error as text.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}
