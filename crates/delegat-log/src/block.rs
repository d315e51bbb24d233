//! The records of one block of the SQLite store, packed into one blob: many records per
//! row, so that appending a decision costs its encoding and not a row and an index entry.
//!
//! Each record is encoded in full, in log order, little-endian:
//!
//! ```text
//! seq u64 · id [16] · source u32 · date i32 (days since 1970-01-01) · utfall u8 · flags u8
//! · [belopp i64]           flags & BELOPP
//! · [ext_ref len u32 + UTF-8] flags & EXT_REF
//! · input len u32 + UTF-8  flags & INPUT, else the input's digest [32] (gallrad)
//! · [felplats len u32 + UTF-8] flags & FELPLATS
//! · document_digest [32]
//! · [document len u32 + bytes] flags & DOCUMENT
//! · chain [32]
//! ```
//!
//! The number is stored with each record, so a record cut out of a block leaves a gap that
//! verifying names; every record keeps its own chain hash, so the first changed record is
//! named, not its block. The source is the row id of the store's `sources` table.

use delegat::{Date, Money};

use crate::record::{Digest32, utfall_code, utfall_of};

const BELOPP: u8 = 1;
const EXT_REF: u8 = 2;
const INPUT: u8 = 4;
const FELPLATS: u8 = 8;
const DOCUMENT: u8 = 16;

/// One record as a block holds it: the source by its row id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Packed {
    pub(crate) seq: u64,
    pub(crate) id: [u8; 16],
    pub(crate) source: u32,
    pub(crate) date: Date,
    pub(crate) utfall: delegat::Utfall,
    pub(crate) belopp: Option<Money>,
    pub(crate) ext_ref: Option<String>,
    /// The input, or its digest once gallrad.
    pub(crate) input: Input,
    pub(crate) felplats: Option<String>,
    pub(crate) document_digest: Digest32,
    pub(crate) document: Option<Vec<u8>>,
    pub(crate) chain: Digest32,
}

/// A record's input: the canonical JSON, or its digest once gallrad.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Input {
    Text(String),
    Gallrad(Digest32),
}

/// The fields [`encode`] writes, borrowed (the append path encodes entries without
/// building a [`Packed`]).
pub(crate) struct Fields<'a> {
    pub(crate) seq: u64,
    pub(crate) id: &'a [u8; 16],
    pub(crate) source: u32,
    pub(crate) date: Date,
    pub(crate) utfall: delegat::Utfall,
    pub(crate) belopp: Option<Money>,
    pub(crate) ext_ref: Option<&'a str>,
    pub(crate) input: Result<&'a str, &'a Digest32>,
    pub(crate) felplats: Option<&'a str>,
    pub(crate) document_digest: &'a Digest32,
    pub(crate) document: Option<&'a [u8]>,
    pub(crate) chain: &'a Digest32,
}

/// Appends one record to `out`.
pub(crate) fn encode(out: &mut Vec<u8>, f: &Fields<'_>) {
    let mut flags = 0;
    if f.belopp.is_some() {
        flags |= BELOPP;
    }
    if f.ext_ref.is_some() {
        flags |= EXT_REF;
    }
    if f.input.is_ok() {
        flags |= INPUT;
    }
    if f.felplats.is_some() {
        flags |= FELPLATS;
    }
    if f.document.is_some() {
        flags |= DOCUMENT;
    }
    out.extend_from_slice(&f.seq.to_le_bytes());
    out.extend_from_slice(f.id);
    out.extend_from_slice(&f.source.to_le_bytes());
    out.extend_from_slice(&f.date.days().to_le_bytes());
    out.push(utfall_code(f.utfall));
    out.push(flags);
    if let Some(m) = f.belopp {
        out.extend_from_slice(&m.ore().to_le_bytes());
    }
    if let Some(t) = f.ext_ref {
        bytes(out, t.as_bytes());
    }
    match f.input {
        Ok(t) => bytes(out, t.as_bytes()),
        Err(d) => out.extend_from_slice(d),
    }
    if let Some(t) = f.felplats {
        bytes(out, t.as_bytes());
    }
    out.extend_from_slice(f.document_digest);
    if let Some(d) = f.document {
        bytes(out, d);
    }
    out.extend_from_slice(f.chain);
}

/// Appends a packed record to `out`.
pub(crate) fn encode_packed(out: &mut Vec<u8>, r: &Packed) {
    encode(
        out,
        &Fields {
            seq: r.seq,
            id: &r.id,
            source: r.source,
            date: r.date,
            utfall: r.utfall,
            belopp: r.belopp,
            ext_ref: r.ext_ref.as_deref(),
            input: match &r.input {
                Input::Text(t) => Ok(t),
                Input::Gallrad(d) => Err(d),
            },
            felplats: r.felplats.as_deref(),
            document_digest: &r.document_digest,
            document: r.document.as_deref(),
            chain: &r.chain,
        },
    );
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&u32::try_from(b.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(b);
}

/// Reads the records of a block, in order; `None` when the blob is not a sequence of
/// whole records (a damaged or hand-edited block).
pub(crate) fn decode(mut b: &[u8]) -> Option<Vec<Packed>> {
    let mut records = Vec::new();
    while !b.is_empty() {
        records.push(decode_one(&mut b)?);
    }
    Some(records)
}

fn decode_one(b: &mut &[u8]) -> Option<Packed> {
    let seq = u64::from_le_bytes(take(b)?);
    let id: [u8; 16] = take(b)?;
    let source = u32::from_le_bytes(take(b)?);
    let date = Date::from_days(i64::from(i32::from_le_bytes(take(b)?))).ok()?;
    let [utfall, flags] = take::<2>(b)?;
    let utfall = utfall_of(i64::from(utfall))?;
    let belopp = if flags & BELOPP != 0 {
        Some(Money::from_ore(i64::from_le_bytes(take(b)?)))
    } else {
        None
    };
    let ext_ref = (flags & EXT_REF != 0).then(|| text(b)).flatten();
    if flags & EXT_REF != 0 && ext_ref.is_none() {
        return None;
    }
    let input = if flags & INPUT != 0 {
        Input::Text(text(b)?)
    } else {
        Input::Gallrad(take(b)?)
    };
    let felplats = (flags & FELPLATS != 0).then(|| text(b)).flatten();
    if flags & FELPLATS != 0 && felplats.is_none() {
        return None;
    }
    let document_digest = take(b)?;
    let document = if flags & DOCUMENT != 0 {
        Some(blob(b)?.to_vec())
    } else {
        None
    };
    let chain = take(b)?;
    Some(Packed {
        seq,
        id,
        source,
        date,
        utfall,
        belopp,
        ext_ref,
        input,
        felplats,
        document_digest,
        document,
        chain,
    })
}

fn take<const N: usize>(b: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = b.split_first_chunk::<N>()?;
    *b = rest;
    Some(*head)
}

fn blob<'a>(b: &mut &'a [u8]) -> Option<&'a [u8]> {
    let n = usize::try_from(u32::from_le_bytes(take(b)?)).ok()?;
    let (head, rest) = b.split_at_checked(n)?;
    *b = rest;
    Some(head)
}

fn text(b: &mut &[u8]) -> Option<String> {
    String::from_utf8(blob(b)?.to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(seq: u64, input: Input, document: Option<Vec<u8>>) -> Packed {
        Packed {
            seq,
            id: [seq as u8; 16],
            source: 3,
            date: Date::from_ymd(2026, 3, 1).unwrap(),
            utfall: delegat::Utfall::Bifall,
            belopp: seq.is_multiple_of(2).then(|| Money::from_ore(-12_345)),
            ext_ref: seq.is_multiple_of(3).then(|| "ärende 7".to_owned()),
            input,
            felplats: (seq == 2).then(|| "fs.regel:3:4".to_owned()),
            document_digest: [7; 32],
            document,
            chain: [seq as u8 ^ 0x55; 32],
        }
    }

    #[test]
    fn records_read_back_as_written_and_a_cut_block_does_not_read() {
        let records = vec![
            record(1, Input::Text("{\"a\":1}".into()), None),
            record(2, Input::Gallrad([9; 32]), Some(b"{}".to_vec())),
            record(3, Input::Text(String::new()), None),
            record(4, Input::Text("{\"ö\":\"å\"}".into()), Some(Vec::new())),
        ];
        let mut out = Vec::new();
        for r in &records {
            encode_packed(&mut out, r);
        }
        assert_eq!(decode(&out), Some(records));
        assert_eq!(decode(&[]), Some(Vec::new()));
        for cut in [1, 10, out.len() / 2, out.len() - 1] {
            assert_eq!(decode(&out[..cut]), None, "cut at {cut}");
        }
    }
}
