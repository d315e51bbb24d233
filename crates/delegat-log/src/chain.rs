//! The hash chain: each record's chain hash is SHA-256 over the previous record's chain hash
//! and every field of the record that a decision depends on or that the nämnd's follow-up
//! counts, each field length-prefixed so that no two records encode alike.
//!
//! The input and the document enter by their digests, so a gallrad record (input and
//! document removed, digests kept) hashes as before. The first record's previous hash is
//! [`GENESIS`].

use sha2::{Digest, Sha256};

use crate::record::{Digest32, Record, Source, utfall_code};

/// The previous hash of the first record: 32 zero bytes.
pub const GENESIS: Digest32 = [0; 32];

/// The domain of the chain's hashes (a version: a new encoding gets a new domain).
const DOMAIN: &[u8] = b"delegat-logg/1\n";

/// The chain hash of `record` after the chain hash `prev`.
pub fn link(prev: &Digest32, record: &Record) -> Digest32 {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(prev);
    h.update(record.seq.to_be_bytes());
    h.update(record.id.as_bytes());
    source(&mut h, &record.source);
    h.update(i64::from(record.date.days()).to_be_bytes());
    opt_text(&mut h, record.ext_ref.as_deref());
    h.update(record.input_digest);
    h.update([utfall_code(record.utfall)]);
    match record.belopp {
        Some(m) => {
            h.update([1]);
            h.update(m.ore().to_be_bytes());
        }
        None => h.update([0]),
    }
    opt_text(&mut h, record.felplats.as_deref());
    h.update(record.document_digest);
    h.finalize().into()
}

fn source(h: &mut Sha256, s: &Source) {
    text(h, &s.pack);
    text(h, &s.decision);
    text(h, s.engine.as_str());
    opt_text(h, s.signer.as_deref());
}

fn text(h: &mut Sha256, s: &str) {
    h.update(u64::try_from(s.len()).unwrap_or(u64::MAX).to_be_bytes());
    h.update(s.as_bytes());
}

fn opt_text(h: &mut Sha256, s: Option<&str>) {
    match s {
        Some(s) => {
            h.update([1]);
            text(h, s);
        }
        None => h.update([0]),
    }
}
