//! The [`Loader`] of the browser: there are no files, so `använd "fil.regel"` names a file
//! that cannot be found, with a Swedish reason the checker puts in its diagnostic.

use delegat_check::Loader;
use delegat_diagnostics::{FileId, SourceMap};

/// Finds no file: the playground checks one rule file on its own.
#[derive(Debug, Default)]
pub(crate) struct NoFiles;

impl Loader for NoFiles {
    fn load(&mut self, _map: &mut SourceMap, _from: FileId, path: &str) -> Result<FileId, String> {
        Err(format!(
            "`{path}` finns inte här: i webbläsaren kontrolleras en regelfil i taget, utan andra filer"
        ))
    }
}
