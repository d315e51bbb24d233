//! The records a replay takes, as read-only [`Store`]s for `delegat_log::replay`: a sample
//! held in memory ([`Sample`]), or a filter over a log ([`Filtered`], every record of the
//! period). Both offer only the packs that load and hash to their names, and only records
//! decided by one of them.

use std::collections::HashMap;

use delegat_log::{ArchivedSignature, LogError, Receipt, ReceiptId, Record, Store};

/// The error of a write to a view (never made: replay only reads).
fn read_only() -> LogError {
    LogError::Write("urvalet för omprövningen kan bara läsas".to_owned())
}

/// Records held in memory, in log order, with the bytes of their packs.
pub(crate) struct Sample {
    pub(crate) records: Vec<Record>,
    pub(crate) packs: HashMap<String, Vec<u8>>,
}

impl Store for Sample {
    fn archive(&mut self, _: &str, _: &[u8]) -> Result<(), LogError> {
        Err(read_only())
    }

    fn archive_signature(&mut self, _: &str, _: &ArchivedSignature) -> Result<(), LogError> {
        Err(read_only())
    }

    /// None: the sample's log was verified, its archived signatures checked, before it
    /// was drawn.
    fn signatures(&mut self, _: &str) -> Result<Vec<ArchivedSignature>, LogError> {
        Ok(Vec::new())
    }

    fn append(&mut self, _: &[delegat_log::Entry]) -> Result<Vec<Receipt>, LogError> {
        Err(read_only())
    }

    fn scan(
        &mut self,
        from: u64,
        f: &mut dyn FnMut(Record) -> Result<bool, LogError>,
    ) -> Result<(), LogError> {
        for r in self.records.iter().filter(|r| r.seq >= from) {
            if !f(r.clone())? {
                break;
            }
        }
        Ok(())
    }

    fn get(&mut self, id: ReceiptId) -> Result<Option<Record>, LogError> {
        Ok(self.records.iter().find(|r| r.id == id).cloned())
    }

    fn pack(&mut self, hash: &str) -> Result<Option<Vec<u8>>, LogError> {
        Ok(self.packs.get(hash).cloned())
    }

    fn pack_hashes(&mut self) -> Result<Vec<String>, LogError> {
        let mut hashes: Vec<String> = self.packs.keys().cloned().collect();
        hashes.sort();
        Ok(hashes)
    }

    fn gallra(&mut self, _: ReceiptId) -> Result<u64, LogError> {
        Err(read_only())
    }
}

/// The records of a log that `admit` takes.
pub(crate) struct Filtered<'s, F> {
    pub(crate) store: &'s mut dyn Store,
    /// The hashes of the packs that load.
    pub(crate) packs: Vec<String>,
    pub(crate) admit: F,
}

impl<F: Fn(&Record) -> bool + Send> Store for Filtered<'_, F> {
    fn archive(&mut self, _: &str, _: &[u8]) -> Result<(), LogError> {
        Err(read_only())
    }

    fn archive_signature(&mut self, _: &str, _: &ArchivedSignature) -> Result<(), LogError> {
        Err(read_only())
    }

    fn signatures(&mut self, pack: &str) -> Result<Vec<ArchivedSignature>, LogError> {
        if self.packs.iter().any(|h| h == pack) {
            self.store.signatures(pack)
        } else {
            Ok(Vec::new())
        }
    }

    fn append(&mut self, _: &[delegat_log::Entry]) -> Result<Vec<Receipt>, LogError> {
        Err(read_only())
    }

    fn scan(
        &mut self,
        from: u64,
        f: &mut dyn FnMut(Record) -> Result<bool, LogError>,
    ) -> Result<(), LogError> {
        let admit = &self.admit;
        let packs = &self.packs;
        self.store.scan(from, &mut |r| {
            if admit(&r) && packs.contains(&r.source.pack) {
                f(r)
            } else {
                Ok(true)
            }
        })
    }

    fn get(&mut self, id: ReceiptId) -> Result<Option<Record>, LogError> {
        Ok(self.store.get(id)?.filter(|r| (self.admit)(r)))
    }

    fn pack(&mut self, hash: &str) -> Result<Option<Vec<u8>>, LogError> {
        if self.packs.iter().any(|h| h == hash) {
            self.store.pack(hash)
        } else {
            Ok(None)
        }
    }

    fn pack_hashes(&mut self) -> Result<Vec<String>, LogError> {
        Ok(self.packs.clone())
    }

    fn gallra(&mut self, _: ReceiptId) -> Result<u64, LogError> {
        Err(read_only())
    }
}
