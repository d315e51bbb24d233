//! Verifying a log: the chain recomputed from the first record, the stored documents
//! against their digests, the pack archive against its hashes, and optionally a
//! [`Checkpoint`] the log must still extend.

use std::collections::HashSet;
use std::fmt;

use delegat::Pack;
use delegat_diagnostics::Code;

use crate::chain;
use crate::checkpoint::Checkpoint;
use crate::error::LogError;
use crate::id::ReceiptId;
use crate::record::{Digest32, Entry, hex};
use crate::store::Store;

/// The head of a log: what a checkpoint records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// The number of records.
    pub count: u64,
    /// The last record's receipt id (`None` for an empty log).
    pub last: Option<ReceiptId>,
    /// The chain hash after the last record, recomputed ([`chain::GENESIS`] when empty).
    pub chain: Digest32,
}

/// The first thing wrong with a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The record's fields do not give its chain hash: it was changed, or a record before
    /// it was (this is the first record whose hash does not hold).
    Changed {
        /// Its number.
        seq: u64,
        /// Its receipt.
        id: ReceiptId,
    },
    /// The record's stored document does not hash to its digest.
    Document {
        /// Its number.
        seq: u64,
        /// Its receipt.
        id: ReceiptId,
    },
    /// Records are missing: the record numbered `seq` follows record `expected - 1`.
    Missing {
        /// The number expected.
        expected: u64,
        /// The number found.
        seq: u64,
        /// The receipt of the record found.
        id: ReceiptId,
    },
    /// A record's receipt id is not greater than its predecessor's: records were moved or
    /// inserted.
    Order {
        /// Its number.
        seq: u64,
        /// Its receipt.
        id: ReceiptId,
    },
    /// A pack of the archive does not hash to its name, or a record's pack is not archived.
    Archive(String),
    /// A signature archived with a pack does not hold for it.
    Signature(String),
    /// The log does not extend the checkpoint.
    Checkpoint(String),
}

impl Problem {
    /// The stable code: E0513 for the chain, E0514 for the checkpoint, E0516 for the archive.
    pub fn code(&self) -> Code {
        match self {
            Problem::Changed { .. }
            | Problem::Document { .. }
            | Problem::Missing { .. }
            | Problem::Order { .. } => Code::E0513,
            Problem::Checkpoint(_) => Code::E0514,
            Problem::Archive(_) => Code::E0516,
            Problem::Signature(_) => Code::E0519,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Changed { seq, id } => write!(
                f,
                "post {seq} (kvitto {id}) stämmer inte med kedjan: posten har ändrats efter att \
                 den skrevs, eller ersatts"
            ),
            Problem::Document { seq, id } => write!(
                f,
                "post {seq} (kvitto {id}): det sparade beslutsdokumentet har ändrats"
            ),
            Problem::Missing { expected, seq, id } => {
                if seq.saturating_sub(*expected) == 1 {
                    write!(
                        f,
                        "post {expected} saknas: posten före kvitto {id} (post {seq}) har tagits bort"
                    )
                } else {
                    write!(
                        f,
                        "posterna {expected}–{} saknas: de har tagits bort före kvitto {id} \
                         (post {seq})",
                        seq.saturating_sub(1)
                    )
                }
            }
            Problem::Order { seq, id } => write!(
                f,
                "post {seq} (kvitto {id}) står i fel ordning: poster har flyttats eller lagts till"
            ),
            Problem::Archive(m) | Problem::Checkpoint(m) | Problem::Signature(m) => f.write_str(m),
        }
    }
}

/// The result of verifying a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// The head as recomputed, up to the first problem.
    pub head: Head,
    /// The number of archived packs.
    pub packs: usize,
    /// The number of signatures archived with them, each checked again.
    pub signatures: usize,
    /// The number of records whose input is gallrad.
    pub gallrade: u64,
    /// The first problem, if any.
    pub problem: Option<Problem>,
}

/// Verifies the log in `store`, and that it extends `checkpoint` if one is given.
pub fn verify(
    store: &mut dyn Store,
    checkpoint: Option<&Checkpoint>,
) -> Result<Verification, LogError> {
    let mut v = Verification {
        head: Head {
            count: 0,
            last: None,
            chain: chain::GENESIS,
        },
        packs: 0,
        signatures: 0,
        gallrade: 0,
        problem: None,
    };
    let mut archived = HashSet::new();
    for hash in store.pack_hashes()? {
        let bytes = store.pack(&hash)?.unwrap_or_default();
        // Proved by its hash alone, so that a pack of a format this Delegat no longer runs
        // is not taken for a damaged one.
        let sealed = match Pack::sealed(&bytes) {
            Ok(s) if s.hash.to_string() == hash => s,
            _ => {
                v.problem = Some(Problem::Archive(format!(
                    "regelpaketet {hash} i arkivet stämmer inte med sin kontrollsumma"
                )));
                return Ok(v);
            }
        };
        for s in store.signatures(&hash)? {
            if let Err(why) = s.check_sealed(&sealed) {
                v.problem = Some(Problem::Signature(format!(
                    "signaturen av nyckeln {} för regelpaketet {hash}: {why}",
                    s.key_id
                )));
                return Ok(v);
            }
            v.signatures += 1;
        }
        archived.insert(hash);
    }
    v.packs = archived.len();
    let mut problem = None;
    let head = &mut v.head;
    let gallrade = &mut v.gallrade;
    store.scan(1, &mut |r| {
        let expected = head.count + 1;
        if r.seq != expected {
            problem = Some(Problem::Missing {
                expected,
                seq: r.seq,
                id: r.id,
            });
            return Ok(false);
        }
        if head.last.is_some_and(|last| r.id <= last) {
            problem = Some(Problem::Order {
                seq: r.seq,
                id: r.id,
            });
            return Ok(false);
        }
        let h = chain::link(&head.chain, &r);
        if h != r.chain {
            problem = Some(Problem::Changed {
                seq: r.seq,
                id: r.id,
            });
            return Ok(false);
        }
        if r.document
            .as_ref()
            .is_some_and(|d| Entry::digest(d) != r.document_digest)
        {
            problem = Some(Problem::Document {
                seq: r.seq,
                id: r.id,
            });
            return Ok(false);
        }
        if !archived.contains(&r.source.pack) {
            problem = Some(Problem::Archive(format!(
                "post {} (kvitto {}) beslutades av regelpaketet {}, som saknas i arkivet",
                r.seq, r.id, r.source.pack
            )));
            return Ok(false);
        }
        if r.input.is_none() {
            *gallrade += 1;
        }
        if let Some(cp) = checkpoint
            && cp.count == r.seq
            && (Some(r.id) != cp.last || h != cp.chain)
        {
            problem = Some(Problem::Checkpoint(format!(
                "loggen fortsätter inte kontrollpunkten: post {} (kvitto {}) ger inte \
                 kontrollpunktens kedja {}; poster till och med den har ändrats, tagits bort \
                 eller lagts till",
                r.seq,
                r.id,
                hex(&cp.chain)
            )));
            return Ok(false);
        }
        head.count = r.seq;
        head.last = Some(r.id);
        head.chain = h;
        Ok(true)
    })?;
    v.problem = problem;
    if v.problem.is_none()
        && let Some(cp) = checkpoint
    {
        if v.head.count < cp.count {
            v.problem = Some(Problem::Checkpoint(format!(
                "loggen fortsätter inte kontrollpunkten: den har {} poster, kontrollpunkten {}; \
                 poster har tagits bort",
                v.head.count, cp.count
            )));
        } else if cp.count == 0 && cp.chain != chain::GENESIS {
            v.problem = Some(Problem::Checkpoint(
                "kontrollpunkten av en tom logg har en annan kedja än en tom logg".into(),
            ));
        }
    }
    Ok(v)
}
