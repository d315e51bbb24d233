//! The pack file: a versioned envelope around a [`Program`], and its content hash.
//!
//! **Canonical encoding.** The content hash is SHA-256 over the compact `serde_json`
//! encoding of the [`Program`] (`serde_json::to_vec`). That encoding is deterministic:
//! every struct serialises its fields in declaration order, the program holds no maps (only
//! `Vec`s, in a fixed order), and every scalar has one spelling. So the same program gives
//! the same bytes and the same hash on every machine. Spans are part of the program, so a
//! change that moves source text changes the hash: the hash identifies the exact build.
//!
//! **The file.** A pack file is the JSON object
//! `{"format":"delegat-pack","format_version":N,"hash":"<64 hex digits>","program":{…}}`,
//! with an optional `"signatur":{"nyckel":"<key id>","ed25519":"<128 hex digits>"}` after
//! the hash ([`PackSignature`]; a reader that predates it ignores it, so a signed pack
//! keeps the format version). [`load`] checks the format tag and version, recomputes the
//! hash and compares it, and runs [`Program::verify`]: a pack file is untrusted input. A
//! file whose fields come in the order [`save`] writes them is read in one pass; any other
//! is read as a header first, so that a pack of another version is reported as such.
//!
//! **The signature** is read and written here but not checked: this crate knows which
//! bytes it covers ([`signed_message`]), the runtime (`delegat`) holds the keys and the
//! cryptography.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Program, VerifyError};

/// The version of the pack format this crate reads and writes. Raise it whenever the
/// meaning or the encoding of any IR type changes. Version 2 added declared provisions
/// (`Program::provisions`, the items' `lagrum`) and the decision's appeal provision;
/// version 3 the decision's norm date (`Decision::norm`); version 4 what the letter reads
/// (`Decision::letter`, the `Meta` fields `kontakt`, `personuppgifter` and `logotyp`);
/// version 5 a parameter shown as percentages (`Parameter::percent`).
pub const FORMAT_VERSION: u32 = 5;

/// The format tag of a pack file.
const FORMAT_TAG: &str = "delegat-pack";

/// A SHA-256 content hash; displayed and serialised as 64 lowercase hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl ContentHash {
    /// Reads 64 hex digits.
    pub fn parse(text: &str) -> Option<ContentHash> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
            let s = std::str::from_utf8(pair).ok()?;
            *o = u8::from_str_radix(s, 16).ok()?;
        }
        Some(ContentHash(out))
    }
}

/// Why a pack could not be written or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackError {
    /// The program could not be encoded (should not happen for a well-formed program).
    Encode(String),
    /// The bytes are not a pack file (not JSON, or not the pack's shape).
    Decode(String),
    /// A pack of another format version.
    Version {
        /// The version in the file.
        found: u32,
    },
    /// The stored hash does not match the program (the file was altered or damaged).
    Hash {
        /// The hash written in the file.
        stored: String,
        /// The hash of the program as read.
        computed: ContentHash,
    },
    /// The program is not internally consistent.
    Invalid(Vec<VerifyError>),
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::Encode(e) => write!(f, "regelpaketet kan inte skrivas: {e}"),
            PackError::Decode(e) => write!(f, "filen är inget läsbart regelpaket: {e}"),
            PackError::Version { found } => write!(
                f,
                "regelpaketet har formatversion {found}, men den här versionen av Delegat läser {FORMAT_VERSION}; bygg om paketet från regelfilen med `delegat build` (och signera det på nytt)"
            ),
            PackError::Hash { stored, computed } => write!(
                f,
                "regelpaketets innehåll stämmer inte med dess kontrollsumma (`{stored}`, beräknad `{computed}`)"
            ),
            PackError::Invalid(errors) => {
                write!(f, "regelpaketet är inte internt konsekvent")?;
                for e in errors {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for PackError {}

/// A pack's signature as the file stores it: the id of the key that made it and the
/// Ed25519 signature of [`signed_message`], as written. Neither is checked here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackSignature {
    /// The signing key's id (16 lowercase hex digits: the first 8 bytes of the SHA-256 of
    /// the 32-byte Ed25519 public key).
    pub nyckel: String,
    /// The 64-byte Ed25519 signature, 128 lowercase hex digits.
    pub ed25519: String,
}

/// The bytes a pack's signature covers: the ASCII text
/// `delegat-signatur/1 delegat-pack/<format_version> <hash>`, the hash as 64 lowercase hex
/// digits. Through the hash (SHA-256 of [`Program::canonical_bytes`]) it covers every byte
/// of the program's canonical encoding, its metadata included; with the format version,
/// what those bytes mean. It does not cover the envelope's spelling (field order,
/// whitespace), which carries no meaning, nor the signature itself.
pub fn signed_message(hash: &ContentHash) -> Vec<u8> {
    signed_message_of(FORMAT_VERSION, hash)
}

/// [`signed_message`] for a pack of format version `format_version`: what the signature of
/// an archived pack of an earlier version covers.
pub fn signed_message_of(format_version: u32, hash: &ContentHash) -> Vec<u8> {
    format!("delegat-signatur/1 {FORMAT_TAG}/{format_version} {hash}").into_bytes()
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'static str,
    format_version: u32,
    hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    signatur: Option<&'a PackSignature>,
    program: &'a Program,
}

/// A pack file as read: the verified program, its content hash, and the signature as
/// written (not checked).
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The program, verified.
    pub program: Program,
    /// Its content hash, recomputed and equal to the stored one.
    pub hash: ContentHash,
    /// The `signatur` of the file, if it has one.
    pub signature: Option<PackSignature>,
}

/// What [`sealed`] found: a pack file of some format version that is the one its hash
/// names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// The file's format version (this crate runs only [`FORMAT_VERSION`]).
    pub format_version: u32,
    /// Its content hash, recomputed and equal to the stored one.
    pub hash: ContentHash,
    /// The `signatur` of the file, if it has one.
    pub signature: Option<PackSignature>,
}

/// The envelope with its program kept as the bytes written, for [`sealed`].
#[derive(Deserialize)]
struct EnvelopeRaw {
    format: String,
    format_version: u32,
    hash: String,
    #[serde(default)]
    signatur: Option<PackSignature>,
    program: Box<serde_json::value::RawValue>,
}

/// Checks that a pack file of **any** format version is the one its hash names, without
/// reading its program into this version's IR: [`save`] writes the program in its
/// canonical encoding, so the hash is the SHA-256 of the program's bytes as they stand in
/// the file. A decision log uses this to prove an archived pack unaltered after Delegat
/// has moved on to a later format (which it can then no longer run). A file of this
/// version whose program is not written canonically (reformatted by hand) is read in
/// full, as [`load`] would.
pub fn sealed(bytes: &[u8]) -> Result<Sealed, PackError> {
    let raw: EnvelopeRaw =
        serde_json::from_slice(bytes).map_err(|e| PackError::Decode(e.to_string()))?;
    if raw.format != FORMAT_TAG {
        return Err(PackError::Decode(format!(
            "formatet är `{}`, inte `{FORMAT_TAG}`",
            raw.format
        )));
    }
    let digest = Sha256::digest(raw.program.get().as_bytes());
    let mut computed = [0u8; 32];
    for (o, b) in computed.iter_mut().zip(digest.iter()) {
        *o = *b;
    }
    let computed = ContentHash(computed);
    if ContentHash::parse(&raw.hash) == Some(computed) {
        return Ok(Sealed {
            format_version: raw.format_version,
            hash: computed,
            signature: raw.signatur,
        });
    }
    if raw.format_version == FORMAT_VERSION {
        let loaded = load_full(bytes)?;
        return Ok(Sealed {
            format_version: FORMAT_VERSION,
            hash: loaded.hash,
            signature: loaded.signature,
        });
    }
    Err(PackError::Hash {
        stored: raw.hash,
        computed,
    })
}

/// The envelope's header, read first so that a pack of another version is reported as
/// such even when its program no longer has this version's shape.
#[derive(Deserialize)]
struct Header {
    format: String,
    format_version: u32,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    hash: String,
    #[serde(default)]
    signatur: Option<PackSignature>,
    program: Program,
}

impl Program {
    /// The canonical encoding the content hash is computed over (see the module docs).
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, PackError> {
        serde_json::to_vec(self).map_err(|e| PackError::Encode(e.to_string()))
    }

    /// The SHA-256 of [`Program::canonical_bytes`] (the encoding is hashed as it is
    /// written, in 16 KB pieces, without keeping it).
    pub fn content_hash(&self) -> Result<ContentHash, PackError> {
        let mut out = std::io::BufWriter::with_capacity(16 * 1024, Hasher(Sha256::new()));
        serde_json::to_writer(&mut out, self).map_err(|e| PackError::Encode(e.to_string()))?;
        let hasher = out
            .into_inner()
            .map_err(|e| PackError::Encode(e.to_string()))?;
        let digest = hasher.0.finalize();
        let mut out = [0u8; 32];
        for (o, b) in out.iter_mut().zip(digest.iter()) {
            *o = *b;
        }
        Ok(ContentHash(out))
    }
}

/// An `io::Write` feeding a SHA-256.
struct Hasher(Sha256);

impl std::io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes a program as a pack file.
pub fn save(program: &Program) -> Result<Vec<u8>, PackError> {
    save_signed(program, None)
}

/// Writes a program as a pack file with `signature` (made over [`signed_message`] of the
/// program's hash by the caller), or none.
pub fn save_signed(
    program: &Program,
    signature: Option<&PackSignature>,
) -> Result<Vec<u8>, PackError> {
    let hash = program.content_hash()?.to_string();
    serde_json::to_vec(&EnvelopeOut {
        format: FORMAT_TAG,
        format_version: FORMAT_VERSION,
        hash,
        signatur: signature,
        program,
    })
    .map_err(|e| PackError::Encode(e.to_string()))
}

/// Reads a pack file: format, version, hash and [`Program::verify`] are all checked.
pub fn load(bytes: &[u8]) -> Result<Program, PackError> {
    load_full(bytes).map(|l| l.program)
}

/// [`load`], also returning the content hash it verified (so a caller need not compute it
/// again).
pub fn load_with_hash(bytes: &[u8]) -> Result<(Program, ContentHash), PackError> {
    load_full(bytes).map(|l| (l.program, l.hash))
}

/// [`load`], also returning the content hash it verified and the signature as written.
pub fn load_full(bytes: &[u8]) -> Result<Loaded, PackError> {
    // One pass over the file when it is UTF-8 (checked once for the whole file, not per
    // string) and its fields come in the order `save` writes them (the format and version
    // before the program); anything else, including every malformed file, takes the
    // two-pass path below, which reports the error.
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(OnePass {
            hash,
            signature,
            program,
        }) = serde_json::from_str::<OnePass>(text)
    {
        return checked(hash, signature, program);
    }
    let header: Header =
        serde_json::from_slice(bytes).map_err(|e| PackError::Decode(e.to_string()))?;
    if header.format != FORMAT_TAG {
        return Err(PackError::Decode(format!(
            "formatet är `{}`, inte `{FORMAT_TAG}`",
            header.format
        )));
    }
    if header.format_version != FORMAT_VERSION {
        return Err(PackError::Version {
            found: header.format_version,
        });
    }
    let envelope: EnvelopeIn =
        serde_json::from_slice(bytes).map_err(|e| PackError::Decode(e.to_string()))?;
    checked(envelope.hash, envelope.signatur, envelope.program)
}

/// The program of a pack file whose format and version are right, once its stored hash
/// and [`Program::verify`] are checked.
fn checked(
    hash: String,
    signature: Option<PackSignature>,
    program: Program,
) -> Result<Loaded, PackError> {
    let computed = program.content_hash()?;
    if ContentHash::parse(&hash) != Some(computed) {
        return Err(PackError::Hash {
            stored: hash,
            computed,
        });
    }
    let errors = program.verify();
    if errors.is_empty() {
        Ok(Loaded {
            program,
            hash: computed,
            signature,
        })
    } else {
        Err(PackError::Invalid(errors))
    }
}

/// The envelope read in one pass: accepted only when `format` and `format_version` are
/// right and come before `program`, and no field is repeated (otherwise an error, and
/// [`load`] reads the file the two-pass way).
struct OnePass {
    hash: String,
    signature: Option<PackSignature>,
    program: Program,
}

impl<'de> Deserialize<'de> for OnePass {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<OnePass, D::Error> {
        use serde::de::{Error, IgnoredAny, MapAccess, Visitor};

        struct V;

        impl<'de> Visitor<'de> for V {
            type Value = OnePass;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a pack envelope")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OnePass, A::Error> {
                let (mut format, mut version) = (false, false);
                let (mut hash, mut program) = (None, None);
                let mut signature: Option<Option<PackSignature>> = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "format" if !format => {
                            format = map.next_value::<std::borrow::Cow<'de, str>>()? == FORMAT_TAG;
                            if !format {
                                return Err(A::Error::custom("another format"));
                            }
                        }
                        "format_version" if !version => {
                            version = map.next_value::<u32>()? == FORMAT_VERSION;
                            if !version {
                                return Err(A::Error::custom("another version"));
                            }
                        }
                        "hash" if hash.is_none() => hash = Some(map.next_value::<String>()?),
                        "signatur" if signature.is_none() => {
                            signature = Some(map.next_value::<Option<PackSignature>>()?);
                        }
                        "program" if format && version && program.is_none() => {
                            program = Some(map.next_value::<Program>()?);
                        }
                        "format" | "format_version" | "hash" | "signatur" | "program" => {
                            return Err(A::Error::custom("not in the order `save` writes"));
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                match (hash, program) {
                    (Some(hash), Some(program)) => Ok(OnePass {
                        hash,
                        signature: signature.flatten(),
                        program,
                    }),
                    _ => Err(A::Error::custom("incomplete envelope")),
                }
            }
        }

        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::{
        ContentHash, FORMAT_VERSION, PackError, PackSignature, load, load_full, save, save_signed,
        signed_message,
    };
    use crate::build::fs_sample;

    /// The pack file of the FS sample with its four fields in another order, and the
    /// envelope's format version set to `version`.
    fn reordered(order: [&str; 4], version: u32) -> String {
        let text = String::from_utf8(save(&fs_sample()).unwrap()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let fields: Vec<String> = order
            .iter()
            .map(|k| match *k {
                "format_version" => format!("\"format_version\":{version}"),
                _ => format!("\"{k}\":{}", v[*k]),
            })
            .collect();
        format!("{{{}}}", fields.join(","))
    }

    #[test]
    fn a_pack_loads_whatever_the_order_of_its_fields() {
        let want = fs_sample();
        for order in [
            ["format", "format_version", "hash", "program"],
            ["program", "hash", "format_version", "format"],
            ["hash", "program", "format", "format_version"],
            ["format_version", "format", "program", "hash"],
        ] {
            let text = reordered(order, FORMAT_VERSION);
            assert_eq!(load(text.as_bytes()), Ok(want.clone()), "{order:?}");
        }
    }

    /// A pack of format 1 (before declared provisions), 2 (before norm dates), 3 (before
    /// the letter's fields) or 4 (before parameters shown as percentages) is refused with a
    /// message that says how to get one this version reads.
    #[test]
    fn an_older_pack_is_refused_and_the_message_says_to_build_it_again() {
        assert_eq!(FORMAT_VERSION, 5);
        for old in [1, 2, 3, 4] {
            let text = reordered(["format", "format_version", "hash", "program"], old);
            let err = load(text.as_bytes()).unwrap_err();
            assert_eq!(err, PackError::Version { found: old });
            assert_eq!(
                err.to_string(),
                format!(
                    "regelpaketet har formatversion {old}, men den här versionen av Delegat läser \
                     5; bygg om paketet från regelfilen med `delegat build` (och signera det på \
                     nytt)"
                )
            );
        }
    }

    #[test]
    fn another_version_is_reported_as_such_in_any_order() {
        for order in [
            ["format", "format_version", "hash", "program"],
            ["program", "hash", "format", "format_version"],
        ] {
            let text = reordered(order, 99);
            assert_eq!(
                load(text.as_bytes()),
                Err(PackError::Version { found: 99 }),
                "{order:?}"
            );
        }
    }

    #[test]
    fn a_repeated_field_is_refused_as_before() {
        let text = String::from_utf8(save(&fs_sample()).unwrap()).unwrap();
        let twice = text.replacen(
            "{\"format\":\"delegat-pack\",",
            "{\"format\":\"delegat-pack\",\"format\":\"delegat-pack\",",
            1,
        );
        assert_ne!(twice, text);
        assert!(matches!(load(twice.as_bytes()), Err(PackError::Decode(_))));
    }

    fn signature() -> PackSignature {
        PackSignature {
            nyckel: "0123456789abcdef".into(),
            ed25519: "ab".repeat(64),
        }
    }

    #[test]
    fn the_signed_message_is_the_documented_text() {
        let hash = ContentHash([0xa5; 32]);
        assert_eq!(
            String::from_utf8(signed_message(&hash)).unwrap(),
            format!("delegat-signatur/1 delegat-pack/5 {}", "a5".repeat(32))
        );
    }

    #[test]
    fn a_signature_is_written_after_the_hash_and_read_back_in_any_order() {
        let program = fs_sample();
        let text = String::from_utf8(save_signed(&program, Some(&signature())).unwrap()).unwrap();
        let hash = program.content_hash().unwrap();
        let head = format!(
            "{{\"format\":\"delegat-pack\",\"format_version\":5,\"hash\":\"{hash}\",\
             \"signatur\":{{\"nyckel\":\"0123456789abcdef\",\"ed25519\":\"{}\"}},\"program\":{{",
            "ab".repeat(64)
        );
        assert!(text.starts_with(&head), "{}", &text[..300]);
        let loaded = load_full(text.as_bytes()).unwrap();
        assert_eq!(loaded.signature, Some(signature()));
        assert_eq!(loaded.hash, hash);
        assert_eq!(loaded.program, program);
        // Signature last (the two-pass path) and signature null.
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let last = format!(
            "{{\"program\":{},\"hash\":{},\"format\":\"delegat-pack\",\"format_version\":5,\"signatur\":{}}}",
            v["program"], v["hash"], v["signatur"]
        );
        assert_eq!(
            load_full(last.as_bytes()).unwrap().signature,
            Some(signature())
        );
        let written = format!(
            "{{\"nyckel\":\"0123456789abcdef\",\"ed25519\":\"{}\"}}",
            "ab".repeat(64)
        );
        let null = text.replacen(&written, "null", 1);
        assert_ne!(null, text);
        assert_eq!(load_full(null.as_bytes()).unwrap().signature, None);
    }

    #[test]
    fn an_unsigned_pack_has_no_signature_and_its_bytes_are_as_before() {
        let program = fs_sample();
        let unsigned = save(&program).unwrap();
        assert_eq!(save_signed(&program, None).unwrap(), unsigned);
        assert!(
            !String::from_utf8(unsigned.clone())
                .unwrap()
                .contains("signatur")
        );
        assert_eq!(load_full(&unsigned).unwrap().signature, None);
    }

    #[test]
    fn a_repeated_or_malformed_signature_is_refused() {
        let text =
            String::from_utf8(save_signed(&fs_sample(), Some(&signature())).unwrap()).unwrap();
        let sig = format!(
            "\"signatur\":{{\"nyckel\":\"0123456789abcdef\",\"ed25519\":\"{}\"}},",
            "ab".repeat(64)
        );
        let twice = text.replacen(&sig, &format!("{sig}{sig}"), 1);
        assert_ne!(twice, text);
        assert!(matches!(load(twice.as_bytes()), Err(PackError::Decode(_))));
        let number = text.replacen(&sig, "\"signatur\":7,", 1);
        assert_ne!(number, text);
        assert!(matches!(load(number.as_bytes()), Err(PackError::Decode(_))));
    }
}
