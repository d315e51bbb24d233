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
    let mut legal = super::legal::Legal::new();
    for path in &paths {
        match files::read(&mut map, path) {
            Ok(file) => {
                let text = map
                    .get(file)
                    .map(|f| f.text().to_owned())
                    .unwrap_or_default();
                // The syntax errors go with the checker's diagnostics to the legality step,
                // so that the report of a file that does not parse says so.
                let (ast, mut diags) = delegat_syntax::parse(file, &text);
                let mut loader = crate::loader::FsLoader;
                let (program, checked) = delegat_check::check(&mut map, file, &ast, &mut loader);
                diags.extend(checked);
                let want_report = args.rapport.is_some();
                legal.after_check(&mut map, path, program.as_ref(), &mut diags, want_report);
                diagnostics.extend(diags);
            }
            Err(diag) => diagnostics.push(*diag),
        }
    }
    // A file named on the command line and also brought in with `använd` is checked twice;
    // what it reports is the same both times, and is shown once.
    let diagnostics = dedupe(diagnostics);
    // With the report on standard output, diagnostics go to standard error.
    let report_to_stdout = args.rapport.is_some() && args.utdata.is_none();
    report(&map, &diagnostics, args.format, report_to_stdout);
    if let Some(format) = args.rapport
        && let Err(message) = legal.write_report(format, args.utdata.as_deref())
    {
        eprintln!("fel: {message}");
        return Status::Usage;
    }
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

/// The diagnostics without repeats, in first-reported order (linear: a file of garbage may
/// give tens of thousands).
fn dedupe(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::with_capacity(diagnostics.len());
    diagnostics
        .into_iter()
        .filter(|d| seen.insert(d.clone()))
        .collect()
}

fn report(map: &SourceMap, diagnostics: &[Diagnostic], format: DiagnosticFormat, stderr: bool) {
    let text = match format {
        DiagnosticFormat::Human => {
            let color = if stderr {
                std::io::stderr().is_terminal()
            } else {
                std::io::stdout().is_terminal()
            };
            render::human(map, diagnostics, color)
        }
        DiagnosticFormat::Short => diagnostics
            .iter()
            .map(|d| format!("{}\n", render::short(map, d)))
            .collect(),
        DiagnosticFormat::Json => diagnostics
            .iter()
            .map(|d| format!("{}\n", render::json(map, d)))
            .collect(),
    };
    if stderr {
        eprint!("{text}");
    } else {
        print!("{text}");
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
