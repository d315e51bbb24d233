//! `delegat fmt [--check]`: writes rule files in the canonical layout (`delegat-fmt`), or
//! under `--check` changes nothing and shows, as a unified diff, what it would change.

use std::io::{IsTerminal, Write};
use std::path::Path;

use delegat_diagnostics::{Diagnostic, SourceMap, render};

use crate::cli::{FmtArgs, Status};
use crate::files;

/// Formats (or checks) the files. Exit 0 when every file is (now) formatted, 1 when a file
/// has syntax errors or, under `--check`, is not formatted; 2 on a usage error.
pub fn run(args: &FmtArgs) -> Status {
    let paths = match files::collect(&args.paths) {
        Ok(paths) => paths,
        Err(message) => {
            eprintln!("fel: {message}");
            return Status::Usage;
        }
    };
    let mut map = SourceMap::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut changed = 0usize;
    let mut unreadable = 0usize;
    let mut stdout = std::io::stdout().lock();
    for path in &paths {
        let file = match files::read(&mut map, path) {
            Ok(file) => file,
            Err(diag) => {
                diagnostics.push(*diag);
                unreadable += 1;
                continue;
            }
        };
        let text = map
            .get(file)
            .map(|f| f.text().to_owned())
            .unwrap_or_default();
        match delegat_fmt::format_file(file, &text) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                changed += 1;
                if args.check {
                    // A closed pipe (`| head`) is not an error of the check.
                    let _ = stdout.write_all(diff(path, &text, &formatted).as_bytes());
                } else if let Err(e) = write(path, &formatted) {
                    eprintln!("fel: kan inte skriva `{}`: {e}", path.display());
                    return Status::Usage;
                }
            }
            Err(diags) => {
                unreadable += 1;
                diagnostics.extend(diags);
            }
        }
    }
    if !diagnostics.is_empty() {
        let color = std::io::stderr().is_terminal();
        eprint!("{}", render::human(&map, &diagnostics, color));
    }
    eprintln!("{}", summary(paths.len(), changed, unreadable, args.check));
    if unreadable > 0 || (args.check && changed > 0) {
        Status::Refused
    } else {
        Status::Ok
    }
}

/// Writes through a temporary file beside the original, so that a failure leaves the
/// original whole.
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".fmt-tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// The unified diff from `old` to `new`.
fn diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&name, &format!("{name} (formaterad)"))
        .to_string()
}

/// The last line: how many files, and what became of them.
fn summary(files: usize, changed: usize, unreadable: usize, check: bool) -> String {
    let noun = |n: usize| if n == 1 { "fil" } else { "filer" };
    let mut line = if check {
        let mut line = format!("{files} {} kontrollerade", noun(files));
        if changed == 0 && unreadable == 0 {
            line.push_str(": alla är formaterade");
        } else if changed > 0 {
            line.push_str(&format!(
                ": {changed} är inte formaterade (kör `delegat fmt`)"
            ));
        }
        line
    } else {
        format!(
            "{files} {} lästa: {changed} formaterade, {} redan formaterade",
            noun(files),
            files - changed - unreadable
        )
    };
    if unreadable > 0 {
        line.push_str(&format!("; {unreadable} med fel kunde inte formateras"));
    }
    line
}
