//! `delegat check`: runs every phase that exists over the named files and reports.

use std::io::IsTerminal;

use delegat_diagnostics::{Diagnostic, Severity, SourceMap, render};

use crate::cli::{CheckArgs, DiagnosticFormat, Status};
use crate::files;

/// Checks the files; exit 0 when there are no errors (warnings allowed), 1 otherwise.
pub fn run(args: &CheckArgs) -> Status {
    let paths = match files::collect(&args.paths) {
        Ok(paths) => paths,
        Err(message) => {
            eprintln!("fel: {message}");
            return Status::Usage;
        }
    };
    let mut map = SourceMap::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for path in &paths {
        match files::read(&mut map, path) {
            Ok(file) => {
                let text = map
                    .get(file)
                    .map(|f| f.text().to_owned())
                    .unwrap_or_default();
                let (ast, diags) = delegat_syntax::parse(file, &text);
                diagnostics.extend(diags);
                let mut loader = crate::loader::FsLoader;
                let (_program, diags) = delegat_check::check(&mut map, file, &ast, &mut loader);
                diagnostics.extend(diags);
            }
            Err(diag) => diagnostics.push(*diag),
        }
    }
    report(&map, &diagnostics, args.format);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    eprintln!("{}", summary(paths.len(), errors, warnings));
    if errors > 0 {
        Status::Refused
    } else {
        Status::Ok
    }
}

fn report(map: &SourceMap, diagnostics: &[Diagnostic], format: DiagnosticFormat) {
    match format {
        DiagnosticFormat::Human => {
            print!(
                "{}",
                render::human(map, diagnostics, std::io::stdout().is_terminal())
            );
        }
        DiagnosticFormat::Short => {
            for d in diagnostics {
                println!("{}", render::short(map, d));
            }
        }
        DiagnosticFormat::Json => {
            for d in diagnostics {
                println!("{}", render::json(map, d));
            }
        }
    }
}

/// The one summary line, e.g. `Kontrollerade 3 filer: 1 fel, 2 varningar.`
pub fn summary(files: usize, errors: usize, warnings: usize) -> String {
    let files_text = if files == 1 {
        "1 fil".to_owned()
    } else {
        format!("{files} filer")
    };
    let warnings_text = if warnings == 1 {
        "1 varning".to_owned()
    } else {
        format!("{warnings} varningar")
    };
    if errors == 0 && warnings == 0 {
        format!("Kontrollerade {files_text}: inga fel.")
    } else {
        format!("Kontrollerade {files_text}: {errors} fel, {warnings_text}.")
    }
}
