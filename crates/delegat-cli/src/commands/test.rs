//! `delegat test SÖKVÄGAR…`: builds every rule file and runs its `exempel`.
//!
//! Every failure shows the file position, what was expected and what the pack computed;
//! for a decision also why: the branch taken, the motivering and the values it used.
//! By default every exempel runs on both engines, the interpreter and the JIT: it passes
//! only when both meet its expectations and agree with each other, and a disagreement is a
//! failure of its own that shows both results. `--motor jit|tolk` runs one engine only.
//! The last line is exactly `N passed, N failed`, counting exempel (not engine runs); CI
//! reads it. The exit status is 1 on any failure. `--täckning` lists the rules, branches,
//! outcomes and table rows no exempel reaches.
//!
//! A file that the checker refuses counts as one failure — except a file whose first line
//! is `// förväntat: KOD` or `// förväntat: KOD, KOD` (as in `examples/avvisade/`): it is a
//! test that the checker gives those codes, and passes when it does (for `E` codes the file
//! must be refused with each of them; for a `W` code alone the warning must be given, and
//! the file's exempel run as well).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use delegat::{Coverage, Decided, Engine, EngineDisagreement, Pack, Position};
use delegat_diagnostics::{Code, Diagnostic};

use crate::cli::Status;
use crate::decide_args::{Motor, fallback_notice};
use crate::{files, packs};

/// `println!` that ignores a closed stdout (`delegat test … | head`) instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// `print!` that ignores a closed stdout.
macro_rules! out_raw {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($t)*);
    }};
}

/// `delegat test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Filer eller kataloger (kataloger söks igenom efter `*.regel`).
    #[arg(required = true, value_name = "SÖKVÄGAR", help_heading = "Argument")]
    pub paths: Vec<PathBuf>,
    /// Visa vilka regler, grenar, utfall och tabellrader som inget exempel når.
    #[arg(long = "täckning", alias = "tackning")]
    pub tackning: bool,
    /// Beslutsdatum för exempel som inte anger `beslutsdatum` (standard: i dag).
    #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
    pub datum: Option<String>,
    /// Kör exemplen bara med `jit` eller bara med `tolk` (standard: med båda, som då måste
    /// ge samma resultat).
    #[arg(long, value_enum, value_name = "MOTOR", hide_possible_values = true)]
    pub motor: Option<Motor>,
}

/// What every file is tested with.
struct Run<'a> {
    date: delegat::Date,
    coverage: bool,
    engines: &'a [Engine],
}

/// Exempel (and refused-file tests), not engine runs: an exempel run on both engines is
/// counted once.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
}

/// Runs the tests.
pub fn run(args: &TestArgs) -> Status {
    let date = match packs::date(args.datum.as_deref()) {
        Ok(d) => d,
        Err(s) => return s,
    };
    let paths = match files::collect(&args.paths) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("fel: {message}");
            return Status::Usage;
        }
    };
    let mut tally = Tally::default();
    let engines: Vec<Engine> = match args.motor {
        Some(m) => vec![m.engine()],
        None => vec![Engine::Interpreter, Engine::Jit],
    };
    let run = Run {
        date,
        coverage: args.tackning,
        engines: &engines,
    };
    for path in &paths {
        test_file(path, &run, &mut tally);
    }
    out!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        Status::Refused
    } else {
        Status::Ok
    }
}

fn test_file(path: &Path, run: &Run<'_>, tally: &mut Tally) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            out!(
                "FEL {}: kan inte läsas: {}",
                path.display(),
                packs::io_reason(&e)
            );
            tally.failed += 1;
            return;
        }
    };
    let codes = expected_codes(&text);
    let expected = codes.first().copied();
    let refused_as_expected = |diags: &[Diagnostic]| {
        !codes.is_empty()
            && codes.iter().all(|c| has_code(diags, *c))
            && codes.iter().any(|c| c.as_str().starts_with('E'))
    };
    let mut loader = crate::loader::FsLoader;
    let name = path.display().to_string();
    let color = std::io::stdout().is_terminal();
    match (Pack::from_source(&name, &text, &mut loader), expected) {
        (Err(e), Some(_)) if refused_as_expected(&e.diagnostics) => {
            let list = codes
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" och ");
            out!("ok   {name}: avvisas med {list}, som väntat");
            tally.passed += 1;
        }
        (Err(e), _) => {
            out_raw!("{}", e.render(color));
            match expected {
                Some(code) if code.as_str().starts_with('E') => {
                    out!("FEL  {name}: skulle avvisas med {code}, men avvisades med andra fel");
                }
                Some(code) => {
                    out!("FEL  {name}: skulle godtas med varningen {code}, men avvisades")
                }
                None => out!("FEL  {name}: filen avvisas av kontrollen"),
            }
            tally.failed += 1;
        }
        (Ok(_), Some(code)) if code.as_str().starts_with('E') => {
            out!("FEL  {name}: skulle avvisas med {code}, men godtogs");
            tally.failed += 1;
        }
        (Ok(pack), expected) => {
            if let Some(code) = expected {
                if has_code(pack.warnings(), code) {
                    out!("ok   {name}: varnar med {code}, som väntat");
                    tally.passed += 1;
                } else {
                    out!("FEL  {name}: skulle ge varningen {code}, men gav den inte");
                    tally.failed += 1;
                }
            }
            run_examples(&pack, &name, run, tally);
        }
    }
}

fn run_examples(pack: &Pack, name: &str, run: &Run<'_>, tally: &mut Tally) {
    let report = pack.run_examples_on(run.engines, run.date);
    if report.jit_fallback {
        fallback_notice(name, pack);
    }
    for r in &report.results {
        let at = r
            .position
            .as_ref()
            .map_or_else(|| name.to_owned(), Position::to_string);
        if r.passed() {
            out!("ok   {at}: exempel \"{}\"", r.name);
            tally.passed += 1;
            continue;
        }
        out!("FEL  {at}: exempel \"{}\"", r.name);
        for f in &r.failures {
            let fat = f
                .position
                .as_ref()
                .map_or_else(|| at.clone(), Position::to_string);
            out!("       {fat}: {}", f.target);
            out!("         förväntat: {}", f.expected);
            out!("         fick:      {}", f.actual);
            if let Some(d) = &f.decided {
                print_decided(d);
            }
        }
        for d in &r.disagreements {
            print_disagreement(d, &at);
        }
        tally.failed += 1;
    }
    if run.coverage {
        print_coverage(name, &report.coverage);
    }
}

/// The most values of a decision shown under a failed expectation.
const MAX_VALUES: usize = 12;

/// Why a decision came out as it did, under its failed expectation:
///
/// ```text
///          gren:      annars (fil.regel:33:3)
///          motivering: Inkomsten 9 000 kr täcker behovet 8 560 kr.
///          värden:    behov = 8 560 kr
///                     norm = 3 560 kr
/// ```
fn print_decided(d: &Decided) {
    if let Some(branch) = &d.branch {
        match &d.branch_position {
            Some(p) => out!("         gren:      {branch} ({p})"),
            None => out!("         gren:      {branch}"),
        }
    }
    if let Some(m) = &d.motivering {
        out!("         motivering: {m}");
    }
    for (i, (name, value)) in d.values.iter().take(MAX_VALUES).enumerate() {
        let label = if i == 0 { "värden:" } else { "" };
        out!("         {label:<10} {name} = {value}");
    }
    if d.values.len() > MAX_VALUES {
        out!(
            "                    … och {} till",
            d.values.len() - MAX_VALUES
        );
    }
}

/// The engines' results side by side:
///
/// ```text
///        fil.regel:40:5: försörjningsstöd: tolken och JIT-motorn ger olika resultat
///          förväntat: bifall
///          tolk:      bifall
///          jit:       avslag
/// ```
fn print_disagreement(d: &EngineDisagreement, at: &str) {
    let dat = d
        .position
        .as_ref()
        .map_or_else(|| at.to_owned(), Position::to_string);
    out!(
        "       {dat}: {}: tolken och JIT-motorn ger olika resultat",
        d.target
    );
    if let Some(expected) = &d.expected {
        out!("         förväntat: {expected}");
    }
    for (engine, result) in &d.results {
        let label = format!("{}:", engine.as_str());
        out!("         {label:<10} {result}");
    }
}

fn print_coverage(name: &str, c: &Coverage) {
    if c.is_complete() {
        out!("täckning {name}: exemplen når alla regler, grenar, utfall och tabellrader");
        return;
    }
    out!("täckning {name}: inget exempel når");
    for (what, pos) in c
        .rules
        .iter()
        .chain(&c.branches)
        .chain(&c.outcomes)
        .chain(&c.rows)
    {
        match pos {
            Some(p) => out!("       {p}: {what}"),
            None => out!("       {what}"),
        }
    }
}

/// The codes of a first line `// förväntat: KOD` or `// förväntat: KOD, KOD` (none when
/// the line is missing or a code is not one).
fn expected_codes(text: &str) -> Vec<Code> {
    let Some(rest) = text
        .lines()
        .next()
        .map(str::trim)
        .and_then(|first| first.strip_prefix("//"))
        .map(str::trim)
        .and_then(|first| first.strip_prefix("förväntat:"))
    else {
        return Vec::new();
    };
    let codes: Option<Vec<Code>> = rest.split(',').map(Code::parse).collect();
    codes.unwrap_or_default()
}

fn has_code(diags: &[Diagnostic], code: Code) -> bool {
    diags.iter().any(|d| d.code == code)
}
