//! Opening the pack a command runs: a built pack file, or a `.regel` file built on the fly
//! (with the filesystem loader for `använd`), under the nämnd's trusted keys when given;
//! and the decision date of the command line.

use std::io::IsTerminal;
use std::path::Path;

use delegat::{Date, Pack, PackError, TrustedKeys};

use crate::cli::Status;

/// Pack files larger than this are refused rather than read.
const MAX_PACK_BYTES: u64 = 256 * 1024 * 1024;

/// Opens `path`: a `.regel` file is parsed, checked (legality included) and lowered; any
/// other file is read as a pack file. Under `trusted` keys only a pack file signed by one
/// of them opens (a `.regel` file is never signed). Errors are printed; the status says how
/// to exit.
pub fn open(path: &Path, trusted: Option<&TrustedKeys>) -> Result<Pack, Status> {
    let is_source = path.extension().is_some_and(|e| e == "regel");
    if is_source && trusted.is_some() {
        let e = PackError::Unsigned;
        eprintln!(
            "fel[{}]: `{}` är en regelfil, inte ett signerat regelpaket: {e}",
            e.code(),
            path.display()
        );
        eprintln!("Skriv `delegat explain {}` för en förklaring.", e.code());
        return Err(Status::Refused);
    }
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
    if is_source {
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
        let loaded = match trusted {
            Some(keys) => Pack::load_trusted(&bytes, keys),
            None => Pack::load(&bytes),
        };
        loaded.map_err(|e| {
            eprintln!("fel[{}]: `{}`: {e}", e.code(), path.display());
            eprintln!("Skriv `delegat explain {}` för en förklaring.", e.code());
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
