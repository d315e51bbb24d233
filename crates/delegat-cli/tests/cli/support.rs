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

/// A fresh empty directory under the system's temporary directory, removed with everything
/// in it when dropped (also when a test fails); it derefs to its path. A test keeps it alive
/// as long as it, or a process it started, uses the files.
pub(crate) struct TestDir(tempfile::TempDir);

impl TestDir {
    /// A new directory whose name begins with `prefix`.
    pub(crate) fn new(prefix: &str) -> TestDir {
        TestDir(tempfile::Builder::new().prefix(prefix).tempdir().unwrap())
    }
}

impl std::ops::Deref for TestDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for TestDir {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

/// The path of a file named `name` in a fresh [`TestDir`] of its own, removed when dropped;
/// it derefs to the file's path.
pub(crate) struct TestFile {
    path: PathBuf,
    _dir: TestDir,
}

impl TestFile {
    pub(crate) fn new(prefix: &str, name: &str) -> TestFile {
        let dir = TestDir::new(prefix);
        TestFile {
            path: dir.join(name),
            _dir: dir,
        }
    }
}

impl std::ops::Deref for TestFile {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TestFile {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}
