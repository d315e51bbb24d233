//! Replay: logged decisions decided again from the archived pack, on both engines, each
//! document's digest compared with the logged one; and one logged decision regenerated
//! as it was made ([`regenerate`], for `delegat logg visa`).
//!
//! A document is reproduced from the canonical input, the decision date and the archived
//! pack. Two of its fields do not come from those: `regelverk.signerad_av` (the key the
//! pack was verified against when it decided) and `felplats` (a place in a rule file the
//! pack was built from); the record keeps both, and they are put back before hashing.
//!
//! A pack of an earlier format version than this Delegat runs is still proved unaltered
//! (by its hash, [`Pack::sealed`]) and its signatures checked, but its decisions cannot be
//! decided again here: they are counted apart ([`ReplayReport::other_format`]), to be
//! replayed with the version of Delegat that made them.

use std::collections::{BTreeSet, HashMap};

use delegat::{Decision, Engine, Pack, Position, Session};
use serde_json::Value as Json;

use crate::error::LogError;
use crate::id::ReceiptId;
use crate::record::{ArchivedSignature, Entry, Record, Source, hex};
use crate::store::Store;

/// Which records to replay (all by default).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplayFilter {
    /// Records logged at or after this receipt's time.
    pub from: Option<ReceiptId>,
    /// Records logged before this receipt's time.
    pub until: Option<ReceiptId>,
    /// Only records of the pack with this hash (or a prefix of it).
    pub pack: Option<String>,
}

impl ReplayFilter {
    fn admits(&self, r: &Record) -> bool {
        self.from.is_none_or(|f| r.id >= f)
            && self.until.is_none_or(|u| r.id < u)
            && self
                .pack
                .as_ref()
                .is_none_or(|p| r.source.pack.starts_with(p.as_str()))
    }
}

/// A replayed decision that differs from the logged one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The record's number.
    pub seq: u64,
    /// Its receipt.
    pub id: ReceiptId,
    /// The engine that decided differently.
    pub engine: Engine,
    /// The first field that differs (`utfall`, `belopp`, a field of the document, or
    /// `dokument` when only the digest is known to differ).
    pub field: String,
    /// What the log holds for it.
    pub logged: String,
    /// What the replay gave.
    pub replayed: String,
}

/// What a replay found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplayReport {
    /// Records replayed (each on both engines).
    pub replayed: u64,
    /// Records both engines reproduced exactly.
    pub equal: u64,
    /// Records that differ on at least one engine.
    pub different: u64,
    /// Records left out because their input is gallrad.
    pub gallrade: u64,
    /// The differences, at most [`MAX_SHOWN`].
    pub differences: Vec<Difference>,
    /// The signatures archived with the packs, each checked again (a signature that does
    /// not hold stops the replay with E0519).
    pub signatures: usize,
    /// Records left out because their pack is of a format version this Delegat does not
    /// run (E0520): proved unaltered, not decided again.
    pub other_format: u64,
    /// The format versions of those packs.
    pub other_format_versions: BTreeSet<u32>,
}

/// The most differences a report lists.
pub const MAX_SHOWN: usize = 100;

/// The archived packs, loaded once each, their archived signatures checked.
struct Packs {
    packs: Vec<Pack>,
    index: HashMap<String, usize>,
    /// Packs of another format version, proved unaltered: hash → version.
    other: HashMap<String, u32>,
    signatures: usize,
}

impl Packs {
    fn load(store: &mut dyn Store) -> Result<Packs, LogError> {
        let mut packs = Vec::new();
        let mut index = HashMap::new();
        let mut other = HashMap::new();
        let mut signatures = 0;
        for hash in store.pack_hashes()? {
            let bytes = archived_bytes(store, &hash)?;
            let sealed = sealed(&bytes, &hash)?;
            for s in store.signatures(&hash)? {
                s.check_sealed(&sealed)
                    .map_err(|why| signature_error(&s, &hash, why))?;
                signatures += 1;
            }
            if sealed.format_version != delegat::PACK_FORMAT_VERSION {
                other.insert(hash, sealed.format_version);
                continue;
            }
            index.insert(hash.clone(), packs.len());
            packs.push(loaded(&bytes, &hash)?);
        }
        Ok(Packs {
            packs,
            index,
            other,
            signatures,
        })
    }

    fn get(&self, hash: &str) -> Result<&Pack, LogError> {
        self.index
            .get(hash)
            .and_then(|i| self.packs.get(*i))
            .ok_or_else(|| LogError::Archive(format!("regelpaketet {hash} saknas i arkivet")))
    }
}

/// The archived pack file of this hash.
fn archived_bytes(store: &mut dyn Store, hash: &str) -> Result<Vec<u8>, LogError> {
    store
        .pack(hash)?
        .ok_or_else(|| LogError::Archive(format!("regelpaketet {hash} saknas")))
}

/// The archived pack file proved to be the pack of this hash, whatever its format version.
fn sealed(bytes: &[u8], hash: &str) -> Result<delegat::Sealed, LogError> {
    match Pack::sealed(bytes) {
        Ok(s) if s.hash.to_string() == hash => Ok(s),
        _ => Err(LogError::Archive(format!(
            "regelpaketet {hash} stämmer inte med sin kontrollsumma"
        ))),
    }
}

/// The archived pack file of this hash, of this Delegat's format version, loaded.
fn loaded(bytes: &[u8], hash: &str) -> Result<Pack, LogError> {
    let pack = Pack::load(bytes)
        .map_err(|e| LogError::Archive(format!("regelpaketet {hash} kan inte läsas: {e}")))?;
    if pack.hash() != hash {
        return Err(LogError::Archive(format!(
            "regelpaketet {hash} stämmer inte med sin kontrollsumma"
        )));
    }
    Ok(pack)
}

/// E0520 for the pack of this hash and format version.
fn other_format(hash: &str, version: u32) -> LogError {
    LogError::OtherFormat(format!(
        "regelpaketet {hash} har formatversion {version}, men den här versionen av Delegat \
         kör formatversion {}. Paketet är oförändrat (kontrollsumman stämmer), men beslutet \
         kan bara räknas fram igen med en version av Delegat som kör formatversion {version}",
        delegat::PACK_FORMAT_VERSION
    ))
}

/// E0519 for an archived signature that does not hold.
fn signature_error(s: &ArchivedSignature, hash: &str, why: String) -> LogError {
    LogError::Signature(format!(
        "signaturen av nyckeln {} för regelpaketet {hash}: {why}",
        s.key_id
    ))
}

/// The document of `record` decided again by `pack` on `engine`, with the record's signer
/// and felplats put back: its bytes, and the decision. An input that no longer reads is
/// the error's text.
fn redecide(
    pack: &Pack,
    record: &Record,
    input: &str,
    engine: Engine,
) -> Result<(Vec<u8>, Decision), String> {
    let decider = pack
        .engine(engine)
        .and_then(|d| d.with_decision(&record.source.decision))
        .map_err(|e| e.to_string())?;
    let mut decision = decider
        .decide(input, Some(record.date))
        .map_err(|e| e.to_string())?;
    decision.regelverk.signerad_av = record.source.signer.clone();
    decision.felplats = record.felplats.as_deref().and_then(position);
    Ok((decision.to_json_string().into_bytes(), decision))
}

/// `fil:rad:kolumn` back into a position.
fn position(text: &str) -> Option<Position> {
    let mut parts = text.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let file = parts.next()?.to_owned();
    Some(Position { file, line, column })
}

/// Replays every record `filter` admits on both engines.
pub fn replay(store: &mut dyn Store, filter: &ReplayFilter) -> Result<ReplayReport, LogError> {
    let packs = Packs::load(store)?;
    let mut fast = Fast::default();
    let mut report = ReplayReport {
        signatures: packs.signatures,
        ..ReplayReport::default()
    };
    let mut failure = None;
    store.scan(1, &mut |r| {
        if !filter.admits(&r) {
            return Ok(true);
        }
        let Some(input) = r.input.as_deref() else {
            report.gallrade += 1;
            return Ok(true);
        };
        if let Some(version) = packs.other.get(&r.source.pack) {
            report.other_format += 1;
            report.other_format_versions.insert(*version);
            return Ok(true);
        }
        let pack = match packs.get(&r.source.pack) {
            Ok(p) => p,
            Err(e) => {
                failure = Some(e);
                return Ok(false);
            }
        };
        report.replayed += 1;
        let mut differs = false;
        for engine in [Engine::Interpreter, Engine::Jit] {
            if fast.same(pack, &r, input, engine) {
                continue;
            }
            if let Some(d) = compare(pack, &r, input, engine) {
                differs = true;
                if report.differences.len() < MAX_SHOWN {
                    report.differences.push(d);
                }
            }
        }
        if differs {
            report.different += 1;
        } else {
            report.equal += 1;
        }
        Ok(true)
    })?;
    match failure {
        Some(e) => Err(e),
        None => Ok(report),
    }
}

/// The common case checked fast: one [`Session`] per pack, decision and engine, reused
/// from record to record, writing the document straight into a buffer. A record with a
/// signer or a `felplats` (which a pack file does not give back) goes the slow way.
#[derive(Default)]
struct Fast<'p> {
    sessions: HashMap<(String, String, Engine), Session<'p>>,
    out: Vec<u8>,
    canonical: Vec<u8>,
}

impl<'p> Fast<'p> {
    /// Whether `engine` reproduces the record exactly (outcome, amount, document digest);
    /// `false` also when this path cannot tell.
    fn same(&mut self, pack: &'p Pack, r: &Record, input: &str, engine: Engine) -> bool {
        if r.source.signer.is_some() || r.felplats.is_some() {
            return false;
        }
        let key = (r.source.pack.clone(), r.source.decision.clone(), engine);
        let session = match self.sessions.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let Ok(d) = pack
                    .engine(engine)
                    .and_then(|d| d.with_decision(&r.source.decision))
                else {
                    return false;
                };
                v.insert(d.session())
            }
        };
        self.out.clear();
        self.canonical.clear();
        match session.write_canonical(input, Some(r.date), &mut self.out, &mut self.canonical) {
            Ok(c) => {
                c.felplats.is_none()
                    && c.utfall == r.utfall
                    && c.belopp == r.belopp
                    && Entry::digest(&self.out) == r.document_digest
            }
            Err(_) => false,
        }
    }
}

/// `None` when `engine` reproduces the record's document exactly; else the first
/// difference.
fn compare(pack: &Pack, r: &Record, input: &str, engine: Engine) -> Option<Difference> {
    let diff = |field: &str, logged: String, replayed: String| Difference {
        seq: r.seq,
        id: r.id,
        engine,
        field: field.to_owned(),
        logged,
        replayed,
    };
    let (bytes, decision) = match redecide(pack, r, input, engine) {
        Ok(x) => x,
        Err(e) => return Some(diff("indata", "ett läsbart ärende".into(), e)),
    };
    if decision.utfall != r.utfall {
        return Some(diff(
            "utfall",
            r.utfall.as_str().into(),
            decision.utfall.as_str().into(),
        ));
    }
    if decision.belopp != r.belopp {
        let show =
            |m: Option<delegat::Money>| m.map_or("inget".into(), |m| format!("{} öre", m.ore()));
        return Some(diff("belopp", show(r.belopp), show(decision.belopp)));
    }
    if Entry::digest(&bytes) == r.document_digest {
        return None;
    }
    if let Some(doc) = &r.document
        && let Some((field, logged, replayed)) = first_differing_field(doc, &bytes)
    {
        return Some(diff(&field, logged, replayed));
    }
    Some(diff(
        "dokument",
        hex(&r.document_digest),
        hex(&Entry::digest(&bytes)),
    ))
}

/// The first top-level field (in the logged document's order) whose value differs.
fn first_differing_field(logged: &[u8], replayed: &[u8]) -> Option<(String, String, String)> {
    let a: Json = serde_json::from_slice(logged).ok()?;
    let b: Json = serde_json::from_slice(replayed).ok()?;
    let (Json::Object(a), Json::Object(b)) = (a, b) else {
        return None;
    };
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys.into_iter().find_map(|k| {
        let (x, y) = (a.get(k), b.get(k));
        (x != y).then(|| {
            let show = |v: Option<&Json>| v.map_or("(saknas)".into(), Json::to_string);
            (k.clone(), show(x), show(y))
        })
    })
}

/// One logged decision as it was made.
#[derive(Clone, Debug, PartialEq)]
pub struct Regenerated {
    /// The record.
    pub record: Record,
    /// For a decision of a signed pack (`signerad_av`), the signature archived with the
    /// pack and the key that made it, checked again; `None` for an unsigned pack, or a
    /// log written before the archive kept signatures.
    pub signature: Option<(ArchivedSignature, delegat::PublicKey)>,
    /// The decision document (one line) and the decision; `None` for a gallrad record
    /// without a stored document.
    pub decision: Option<(Vec<u8>, Decision)>,
}

/// The record with receipt `id`, its decision regenerated from the archived pack with the
/// logged engine and checked against the logged digest (E0518 if it differs).
pub fn regenerate(store: &mut dyn Store, id: ReceiptId) -> Result<Regenerated, LogError> {
    let (regenerated, same) = regenerate_compared(store, id)?;
    if !same {
        return Err(LogError::Replay(format!(
            "post {} (kvitto {id}): beslutet som räknas fram ur indata och det arkiverade \
             regelpaketet har inte den loggade kontrollsumman",
            regenerated.record.seq
        )));
    }
    Ok(regenerated)
}

/// [`regenerate`], giving a regenerated document whose digest is not the logged one with
/// `false` instead of refusing it (the service shows both). A gallrad record without a
/// stored document comes with `true`: there is nothing to compare.
pub fn regenerate_compared(
    store: &mut dyn Store,
    id: ReceiptId,
) -> Result<(Regenerated, bool), LogError> {
    let record = store
        .get(id)?
        .ok_or_else(|| LogError::UnknownReceipt(id.to_string()))?;
    let hash = record.source.pack.clone();
    // The pack proved and its signature checked whatever its format: a gallrad record is
    // shown without deciding anything, even when this Delegat no longer runs its pack.
    let bytes = archived_bytes(store, &hash)?;
    let sealed = sealed(&bytes, &hash)?;
    let mut signature = None;
    if let Some(signer) = &record.source.signer
        && let Some(s) = store
            .signatures(&hash)?
            .into_iter()
            .find(|s| &s.key_id == signer)
    {
        let key = s
            .check_sealed(&sealed)
            .map_err(|why| signature_error(&s, &hash, why))?;
        signature = Some((s, key));
    }
    let Some(input) = record.input.clone() else {
        let regenerated = Regenerated {
            record,
            signature,
            decision: None,
        };
        return Ok((regenerated, true));
    };
    if sealed.format_version != delegat::PACK_FORMAT_VERSION {
        return Err(other_format(&hash, sealed.format_version));
    }
    let pack = loaded(&bytes, &hash)?;
    let Source { engine, .. } = record.source;
    let (doc, decision) = redecide(&pack, &record, &input, engine)
        .map_err(|e| LogError::Replay(format!("post {} (kvitto {id}): {e}", record.seq)))?;
    let same = Entry::digest(&doc) == record.document_digest;
    let regenerated = Regenerated {
        record,
        signature,
        decision: Some((doc, decision)),
    };
    Ok((regenerated, same))
}
