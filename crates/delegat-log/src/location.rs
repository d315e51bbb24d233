//! [`Location`]: where a log is, from the text a command line gives (`--logg`): a path is
//! an SQLite file, `postgres://…` or `postgresql://…` a PostgreSQL database; and
//! [`open_store`] and [`Log::open_at`], which open either.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::LogError;
use crate::log::{Log, LogOptions};
use crate::postgres::PgStore;
use crate::sqlite::SqliteStore;
use crate::store::Store;

/// Where a decision log is.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file (the default).
    File(PathBuf),
    /// A PostgreSQL database, by its URL.
    Postgres(String),
}

impl Location {
    /// The location a `--logg` argument names: a URL starting `postgres://` or
    /// `postgresql://` is a database, anything else a file path.
    pub fn of(arg: &Path) -> Location {
        match arg.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Location::Postgres(url.to_owned())
            }
            _ => Location::File(arg.to_owned()),
        }
    }
}

/// The location as a person reads it: the path, or the URL without its password.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => f.write_str(&without_password(url)),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

/// `url` with the password of its user part, if any, replaced by `***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{scheme}://{name}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Opens the log at `location` for reading and writing through the [`Store`] interface;
/// creates it (an SQLite file owner-only, or the tables in an empty database) if `create`.
pub fn open_store(location: &Location, create: bool) -> Result<Box<dyn Store>, LogError> {
    Ok(match location {
        Location::File(path) => Box::new(SqliteStore::open(path, create)?),
        Location::Postgres(url) => Box::new(PgStore::open(url, create)?),
    })
}

impl Log {
    /// Opens the log at `location` for writing, creating it if need be.
    pub fn open_at(location: &Location, options: LogOptions) -> Result<Log, LogError> {
        let mut store = open_store(location, true)?;
        let archived: HashSet<String> = store.pack_hashes()?.into_iter().collect();
        Ok(Log::with_store(store, archived, options))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_databases_and_the_rest_files() {
        assert_eq!(
            Location::of(Path::new("postgresql://u@h/db")),
            Location::Postgres("postgresql://u@h/db".into())
        );
        assert_eq!(
            Location::of(Path::new("beslut.logg")),
            Location::File("beslut.logg".into())
        );
        assert_eq!(
            Location::of(Path::new("postgres:beslut")),
            Location::File("postgres:beslut".into())
        );
        let l = Location::of(Path::new(
            "postgres://delegat:hemligt@db:5432/logg?sslmode=disable",
        ));
        assert_eq!(
            l.to_string(),
            "postgres://delegat:***@db:5432/logg?sslmode=disable"
        );
        assert!(!format!("{l:?}").contains("hemligt"));
        assert_eq!(
            Location::of(Path::new("postgres://db/logg")).to_string(),
            "postgres://db/logg"
        );
    }
}
