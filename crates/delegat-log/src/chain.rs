//! The hash chain: each record's chain hash is SHA-256 over the previous record's chain hash
//! and every field of the record that a decision depends on or that the nämnd's follow-up
//! counts, each field length-prefixed so that no two records encode alike.
//!
//! The input and the document enter by their digests, so a gallrad record (input and
//! document removed, digests kept) hashes as before. The first record's previous hash is
//! [`GENESIS`].

use sha2::{Digest, Sha256};

use delegat::{Date, Money, Utfall};

use crate::id::ReceiptId;
use crate::record::{Digest32, Entry, Record, Source, utfall_code};

/// The previous hash of the first record: 32 zero bytes.
pub const GENESIS: Digest32 = [0; 32];

/// The domain of the chain's hashes (a version: a new encoding gets a new domain).
const DOMAIN: &[u8] = b"delegat-logg/1\n";

/// The chain hash of `record` after the chain hash `prev`.
pub fn link(prev: &Digest32, record: &Record) -> Digest32 {
    link_entry(
        prev,
        record.seq,
        &record.id,
        Scalars {
            date: record.date,
            utfall: record.utfall,
            belopp: record.belopp,
            document_digest: &record.document_digest,
        },
        Fields {
            source: &record.source,
            ext_ref: record.ext_ref.as_deref(),
            felplats: record.felplats.as_deref(),
            input_digest: &record.input_digest,
        },
    )
}

/// What appending `entry` as record `seq` after the chain hash `prev` makes: its receipt
/// id (after `last_id`), the digest of its input and its chain hash. Every store's append
/// takes this step for each entry, in log order.
pub(crate) struct Next {
    pub(crate) id: ReceiptId,
    pub(crate) input_digest: Digest32,
    pub(crate) chain: Digest32,
}

/// See [`Next`].
pub(crate) fn next(prev: &Digest32, seq: u64, last_id: Option<ReceiptId>, entry: &Entry) -> Next {
    let id = ReceiptId::next(last_id);
    let input_digest = Entry::digest(entry.input.as_bytes());
    let chain = link_entry(
        prev,
        seq,
        &id,
        Scalars::of(entry),
        Fields {
            source: &entry.source,
            ext_ref: entry.ext_ref.as_deref(),
            felplats: entry.felplats.as_deref(),
            input_digest: &input_digest,
        },
    );
    Next {
        id,
        input_digest,
        chain,
    }
}

/// The fields of a record that [`link_entry`] takes by value.
pub(crate) struct Scalars<'a> {
    pub(crate) date: Date,
    pub(crate) utfall: Utfall,
    pub(crate) belopp: Option<Money>,
    pub(crate) document_digest: &'a Digest32,
}

impl Scalars<'_> {
    fn of(entry: &Entry) -> Scalars<'_> {
        Scalars {
            date: entry.date,
            utfall: entry.utfall,
            belopp: entry.belopp,
            document_digest: &entry.document_digest,
        }
    }
}

/// The fields of a record that [`link_entry`] takes by reference.
pub(crate) struct Fields<'a> {
    pub(crate) source: &'a Source,
    pub(crate) ext_ref: Option<&'a str>,
    pub(crate) felplats: Option<&'a str>,
    pub(crate) input_digest: &'a Digest32,
}

/// The chain hash of the record `seq`, `id` made of `s` and `f`, after `prev`: the same
/// bytes as [`link`], without building the record.
pub(crate) fn link_entry(
    prev: &Digest32,
    seq: u64,
    id: &ReceiptId,
    s: Scalars<'_>,
    f: Fields<'_>,
) -> Digest32 {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(prev);
    h.update(seq.to_be_bytes());
    h.update(id.as_bytes());
    source(&mut h, f.source);
    h.update(i64::from(s.date.days()).to_be_bytes());
    opt_text(&mut h, f.ext_ref);
    h.update(f.input_digest);
    h.update([utfall_code(s.utfall)]);
    match s.belopp {
        Some(m) => {
            h.update([1]);
            h.update(m.ore().to_be_bytes());
        }
        None => h.update([0]),
    }
    opt_text(&mut h, f.felplats);
    h.update(s.document_digest);
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
