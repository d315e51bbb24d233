//! The legality step of `delegat check`: the E03xx analysis of each checked program, the
//! policy file `delegat.toml` beside the rule files, and the board's report (`--rapport`).
//!
//! `check.rs` calls [`Legal::after_check`] once per rule file with what the checker
//! returned, and [`Legal::write_report`] at the end.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use delegat_check::facts::{self, PackFacts};
use delegat_check::legality::{self, policy};
use delegat_check::program::Program;
use delegat_diagnostics::{Code, Diagnostic, SourceMap, Span};
use delegat_report::delegation;

use crate::cli::ReportFormat;

/// The pack `delegat build` would write for `path` (the same build: same display name, same
/// loader), so the report names exactly what the nämnd delegates, and its cost bounds.
fn built_pack(path: &Path) -> Option<delegat::Pack> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut loader = crate::loader::FsLoader;
    delegat::Pack::from_source(&path.display().to_string(), &text, &mut loader).ok()
}

/// State kept across the files of one run.
#[derive(Debug, Default)]
pub struct Legal {
    /// Policies by directory (`None`: no policy file there, or it could not be read).
    policies: HashMap<PathBuf, Option<policy::Policy>>,
    /// The facts of the report so far, one per file whose program could be checked.
    reports: Vec<PackFacts>,
    /// Files that got no report because they have errors the checker found.
    unreported: Vec<String>,
}

impl Legal {
    /// A fresh state.
    pub fn new() -> Legal {
        Legal::default()
    }

    /// Runs the legality analysis on a checked program (when the checker returned one),
    /// applies the policy beside `path` to all of this file's diagnostics, checks the static
    /// cost bound of a file without errors, and makes the file's report when `want_report`.
    /// New diagnostics are appended to `diags`.
    pub fn after_check(
        &mut self,
        map: &mut SourceMap,
        path: &Path,
        program: Option<&Program>,
        diags: &mut Vec<Diagnostic>,
        want_report: bool,
    ) {
        let policy = self.policy_for(map, path, diags);
        let Some(program) = program else {
            if want_report {
                self.unreported.push(path.display().to_string());
            }
            return;
        };
        let deps = legality::analyse(program);
        let mut found = legality::check_with(program, &deps);
        if let Some(p) = &policy {
            found.extend(p.check(program, &deps));
        }
        diags.extend(found);
        if let Some(p) = &policy {
            p.escalate(diags);
        }
        // The static cost bound (E0507) is a property of the lowered pack: a file that
        // passes everything else is lowered here as `build` would, so that `check` refuses
        // what `build` refuses.
        if !diags.iter().any(Diagnostic::is_error) {
            diags.extend(delegat::cost_diagnostics(program));
        }
        if want_report {
            let mut r = facts::build(program, map, diags);
            if !diags.iter().any(Diagnostic::is_error)
                && let Some(pack) = built_pack(path)
            {
                r.kontrollsumma = Some(pack.hash());
                // The exempel as `delegat test` runs them: the nämnd's report says whether
                // they passed, and is dated and names the Delegat that made it.
                let today = crate::packs::today();
                let ran = pack.run_examples(today);
                r.exempel = Some(facts::ExempelRun {
                    passed: ran.passed(),
                    failed: ran.failed(),
                    both_engines: ran.engines.len() == 2,
                });
                r.skapad = Some(facts::Made {
                    datum: today.to_string(),
                    delegat: env!("CARGO_PKG_VERSION").to_owned(),
                });
                for (name, line) in pack.cost_lines() {
                    if let Some(d) = r.decisions.iter_mut().find(|d| d.name == name) {
                        d.cost = Some(line);
                    }
                }
            }
            self.reports.push(r);
        }
    }

    /// The policy of the directory holding `path`, read the first time it is asked for;
    /// its diagnostics (E0309–E0311) are added to `diags` once.
    fn policy_for(
        &mut self,
        map: &mut SourceMap,
        path: &Path,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<policy::Policy> {
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        if let Some(p) = self.policies.get(&dir) {
            return p.clone();
        }
        let file = dir.join(policy::FILE_NAME);
        let loaded = if file.is_file() {
            match std::fs::read_to_string(&file) {
                Ok(text) => {
                    let id = map.add(file.display().to_string(), text.clone());
                    let (p, errs) = policy::parse(id, &text);
                    let ok = errs.is_empty();
                    diags.extend(errs);
                    ok.then_some(p)
                }
                Err(e) => {
                    diags.push(Diagnostic::new(
                        Code::E0309,
                        format!("policyfilen `{}` kan inte läsas: {e}", file.display()),
                        Span::detached(),
                    ));
                    None
                }
            }
        } else {
            None
        };
        self.policies.insert(dir, loaded.clone());
        loaded
    }

    /// Writes the report to `out` (a file) or to standard output. Returns a Swedish error
    /// message when there is nothing to write or the file cannot be written.
    pub fn write_report(&self, format: ReportFormat, out: Option<&Path>) -> Result<(), String> {
        for f in &self.unreported {
            eprintln!(
                "obs: ingen rapport för `{f}`: filen har fel som måste rättas innan lagligheten kan prövas"
            );
        }
        if self.reports.is_empty() {
            // The files were refused before the legality check; the diagnostics say why and
            // the exit status is already "refused".
            if !self.unreported.is_empty() {
                return Ok(());
            }
            return Err("det finns ingen regelfil att skriva en rapport för".to_owned());
        }
        let text = match format {
            ReportFormat::Md => delegation::markdown(&self.reports),
            ReportFormat::Html => delegation::html(&self.reports),
        }
        .map_err(|e| format!("kan inte skriva rapporten: {e}"))?;
        match out {
            Some(path) => std::fs::write(path, text)
                .map_err(|e| format!("kan inte skriva `{}`: {e}", path.display())),
            None => {
                print!("{text}");
                Ok(())
            }
        }
    }
}
