//! What every fixture runner shares: reading a fixture's `// förväntat:` header and naming
//! a fixture stably in rendered diagnostics.

#![cfg(test)]

use std::collections::BTreeSet;
use std::path::Path;

/// The codes a fixture's header expects (empty for `// förväntat: ok`); several codes are
/// separated by commas. A fixture without the header fails the test.
pub fn expected_codes(path: &Path, text: &str) -> BTreeSet<String> {
    let first = text.lines().next().unwrap_or("");
    let Some(rest) = first.strip_prefix("// förväntat:") else {
        panic!(
            "{}: the first line must be `// förväntat: …`",
            path.display()
        );
    };
    let rest = rest.trim();
    if rest == "ok" {
        return BTreeSet::new();
    }
    rest.split(',').map(|c| c.trim().to_owned()).collect()
}

/// `dir/name.regel`: the name a fixture has in snapshots, the same on every machine.
pub fn display_name(path: &Path) -> String {
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{parent}/{name}")
}
