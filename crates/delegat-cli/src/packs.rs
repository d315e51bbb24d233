//! Opening the pack a command runs: a built pack file, or a `.regel` file built on the fly
//! (with the filesystem loader for `använd`); and the decision date of the command line.

use std::io::IsTerminal;
use std::path::Path;

use delegat::{Date, Pack};

use crate::cli::Status;

/// Pack files larger than this are refused rather than read.
const MAX_PACK_BYTES: u64 = 256 * 1024 * 1024;

/// Opens `path`: a `.regel` file is parsed, checked (legality included) and lowered; any
/// other file is read as a pack file. Errors are printed; the status says how to exit.
pub fn open(path: &Path) -> Result<Pack, Status> {
    let meta = std::fs::metadata(path).map_err(|e| {
        eprintln!(
            "fel: `{}` kan inte läsas: {}",
            path.display(),
            io_reason(&e)
        );
        Status::Usage
    })?;
    if meta.len() > MAX_PACK_BYTES {
        eprintln!(
            "fel: `{}` är för stor för att vara ett regelpaket",
            path.display()
        );
        return Err(Status::Usage);
    }
    let bytes = std::fs::read(path).map_err(|e| {
        eprintln!(
            "fel: `{}` kan inte läsas: {}",
            path.display(),
            io_reason(&e)
        );
        Status::Usage
    })?;
    if path.extension().is_some_and(|e| e == "regel") {
        let Ok(text) = String::from_utf8(bytes) else {
            eprintln!("fel: `{}` är inte kodad i UTF-8", path.display());
            return Err(Status::Refused);
        };
        let mut loader = crate::loader::FsLoader;
        Pack::from_source(&path.display().to_string(), &text, &mut loader).map_err(|e| {
            eprint!("{}", e.render(std::io::stderr().is_terminal()));
            eprintln!("fel: `{}` avvisas och kan inte köras", path.display());
            Status::Refused
        })
    } else {
        Pack::load(&bytes).map_err(|e| {
            eprintln!("fel[{}]: `{}`: {e}", e.code(), path.display());
            Status::Refused
        })
    }
}

/// The date of `--datum`, else today (in the system's time zone).
pub fn date(arg: Option<&str>) -> Result<Date, Status> {
    match arg {
        Some(text) => Date::parse(text).map_err(|_| {
            eprintln!("fel: `--datum {text}` är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-01");
            Status::Usage
        }),
        None => Ok(today()),
    }
}

/// Today's date in the system's time zone.
pub fn today() -> Date {
    let now = jiff::ZonedDateTime::now();
    let d = now.date();
    Date::from_ymd(
        i32::from(d.year()),
        u32::from(d.month().unsigned_abs()),
        u32::from(d.day().unsigned_abs()),
    )
    .unwrap_or(Date::MIN)
}

/// A short Swedish reason for an IO error.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "filen finns inte".to_owned(),
        std::io::ErrorKind::PermissionDenied => "behörighet saknas".to_owned(),
        _ => e.to_string(),
    }
}
