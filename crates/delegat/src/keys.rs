//! A nämnd's Ed25519 keys and the trust a pack is loaded under: the key files of
//! `docs/paket.md` (`delegat-nyckel/1 hemlig` and `delegat-nyckel/1 publik`), key ids,
//! signing a pack's hash and checking a pack's signature against [`TrustedKeys`].
//!
//! What a signature covers is the IR crate's definition (`delegat_ir::pack::signed_message`);
//! the keys and the cryptography are here, so the IR stays free of them.

use std::fmt;

use delegat_diagnostics::Code;
use delegat_ir::ContentHash;
use delegat_ir::pack::{PackSignature, signed_message, signed_message_of};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::pack::PackError;

/// The first line of a secret key file.
const SECRET_HEADER: &str = "delegat-nyckel/1 hemlig";
/// The first line of a public key file.
const PUBLIC_HEADER: &str = "delegat-nyckel/1 publik";
/// The longest key name, in characters.
const MAX_NAME_CHARS: usize = 200;

/// Why a key could not be made or read (code E0506).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyError {
    /// What is wrong, in Swedish.
    pub message: String,
}

impl KeyError {
    fn new(message: impl Into<String>) -> KeyError {
        KeyError {
            message: message.into(),
        }
    }

    /// The stable code (E0506).
    pub fn code(&self) -> Code {
        Code::E0506
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeyError {}

/// A key's id: the first 8 bytes of the SHA-256 of its 32-byte public key, as 16 lowercase
/// hex digits. Decisions name the key that signed their pack by it.
fn key_id(public: &VerifyingKey) -> String {
    let digest = Sha256::digest(public.as_bytes());
    hex(digest.get(..8).unwrap_or_default())
}

/// A public key: what a nämnd installs where packs are loaded, to trust the packs it signs.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    name: String,
    id: String,
    key: VerifyingKey,
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("name", &self.name)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl PublicKey {
    /// Reads a public key file (`delegat-nyckel/1 publik`). A secret key file is refused:
    /// the secret key has no place where packs are loaded.
    pub fn parse(text: &str) -> Result<PublicKey, KeyError> {
        let fields = KeyFields::parse(text, PUBLIC_HEADER)?;
        let key = VerifyingKey::from_bytes(&fields.bytes)
            .ok()
            .filter(|k| !k.is_weak())
            .ok_or_else(|| KeyError::new("nyckelfilens `ed25519` är ingen giltig publik nyckel"))?;
        fields.check_id(&key)?;
        Ok(PublicKey {
            name: fields.name,
            id: fields.id,
            key,
        })
    }

    /// The key's id (16 hex digits).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key's name (`namn:`), e.g. `Socialnämnden 2026`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The public key file's text.
    pub fn to_file_text(&self) -> String {
        file_text(PUBLIC_HEADER, &self.name, &self.id, self.key.as_bytes())
    }
}

/// A secret key: signs packs. Whoever holds it can make packs that decide, so it is kept
/// by the nämnd, off the machines that decide; its `Debug` never shows the key.
#[derive(Clone)]
pub struct SecretKey {
    name: String,
    id: String,
    key: SigningKey,
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("name", &self.name)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl SecretKey {
    /// A new key named `name`, from the operating system's random source.
    pub fn generate(name: &str) -> Result<SecretKey, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| {
            KeyError::new(format!(
                "slumptal kunde inte hämtas från operativsystemet: {e}"
            ))
        })?;
        SecretKey::from_seed(name, seed)
    }

    /// The key of the 32 secret bytes `seed` (RFC 8032's private key), named `name`.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<SecretKey, KeyError> {
        let name = checked_name(name)?;
        let key = SigningKey::from_bytes(&seed);
        Ok(SecretKey {
            name,
            id: key_id(&key.verifying_key()),
            key,
        })
    }

    /// Reads a secret key file (`delegat-nyckel/1 hemlig`).
    pub fn parse(text: &str) -> Result<SecretKey, KeyError> {
        let fields = KeyFields::parse(text, SECRET_HEADER)?;
        let key = SigningKey::from_bytes(&fields.bytes);
        fields.check_id(&key.verifying_key())?;
        Ok(SecretKey {
            name: fields.name,
            id: fields.id,
            key,
        })
    }

    /// The key's id (16 hex digits), the same as its public key's.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The public half, to be installed where packs are loaded.
    pub fn public_key(&self) -> PublicKey {
        PublicKey {
            name: self.name.clone(),
            id: self.id.clone(),
            key: self.key.verifying_key(),
        }
    }

    /// The secret key file's text (it holds the secret: write it for the owner only).
    pub fn to_file_text(&self) -> String {
        file_text(SECRET_HEADER, &self.name, &self.id, self.key.as_bytes())
    }

    /// The signature of the pack whose content hash is `hash`.
    pub(crate) fn sign_pack(&self, hash: &ContentHash) -> PackSignature {
        let signature = self.key.sign(&signed_message(hash));
        PackSignature {
            nyckel: self.id.clone(),
            ed25519: hex(&signature.to_bytes()),
        }
    }
}

/// The public keys a nämnd trusts: a pack loaded under them decides only when one of them
/// signed it ([`crate::Pack::load_trusted`]). An empty set trusts no pack.
#[derive(Clone, Debug, Default)]
pub struct TrustedKeys {
    keys: Vec<PublicKey>,
}

impl TrustedKeys {
    /// No key yet.
    pub fn new() -> TrustedKeys {
        TrustedKeys::default()
    }

    /// Trusts `key` too (a key already trusted is not added again).
    pub fn add(&mut self, key: PublicKey) {
        if !self.keys.contains(&key) {
            self.keys.push(key);
        }
    }

    /// The trusted keys, in the order added.
    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    /// Whether no key is trusted.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The id of the trusted key whose signature `signature` is of the pack whose hash is
    /// `hash`; else why not.
    #[cfg(test)]
    pub(crate) fn check(
        &self,
        hash: &ContentHash,
        signature: Option<&PackSignature>,
    ) -> Result<String, PackError> {
        self.verifying(hash, signature).map(|k| k.id.clone())
    }

    /// The trusted key whose signature `signature` is of the pack whose hash is `hash`;
    /// else why not.
    pub(crate) fn verifying(
        &self,
        hash: &ContentHash,
        signature: Option<&PackSignature>,
    ) -> Result<&PublicKey, PackError> {
        self.verifying_of(delegat_ir::FORMAT_VERSION, hash, signature)
    }

    /// [`TrustedKeys::verifying`] for a pack of format version `format_version` (an
    /// archived pack of an earlier version: its signature covers that version).
    pub(crate) fn verifying_of(
        &self,
        format_version: u32,
        hash: &ContentHash,
        signature: Option<&PackSignature>,
    ) -> Result<&PublicKey, PackError> {
        let Some(signature) = signature else {
            return Err(PackError::Unsigned);
        };
        let id = shown_id(&signature.nyckel);
        let candidates: Vec<&PublicKey> = self
            .keys
            .iter()
            .filter(|k| k.id == signature.nyckel)
            .collect();
        if candidates.is_empty() {
            return Err(PackError::UntrustedKey(id));
        }
        let bytes = parse_hex::<64>(&signature.ed25519)
            .ok_or_else(|| PackError::BadSignature(id.clone()))?;
        let sig = Signature::from_bytes(&bytes);
        let message = signed_message_of(format_version, hash);
        candidates
            .into_iter()
            .find(|k| k.key.verify_strict(&message, &sig).is_ok())
            .ok_or(PackError::BadSignature(id))
    }
}

/// The signature a pack was verified with ([`crate::Pack::load_trusted`]): the trusted
/// key and the signature as the pack file has it. A decision log archives it with the
/// pack, so that who signed the rules a decision was made by can be shown, and the
/// signature checked again ([`crate::Pack::check_signature`]), years later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedSignature {
    /// The key that verified the signature.
    pub key: PublicKey,
    /// The signature (`nyckel`: the key's id, `ed25519`: 128 hex digits).
    pub signature: PackSignature,
}

impl FromIterator<PublicKey> for TrustedKeys {
    fn from_iter<I: IntoIterator<Item = PublicKey>>(iter: I) -> TrustedKeys {
        let mut keys = TrustedKeys::new();
        for k in iter {
            keys.add(k);
        }
        keys
    }
}

/// A key id from a pack file as it may be shown: the id when it is 16 lowercase hex
/// digits, else a placeholder (the file is untrusted text).
fn shown_id(id: &str) -> String {
    if id.len() == 16 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        id.to_owned()
    } else {
        "(ogiltigt nyckel-id)".to_owned()
    }
}

/// A key name: trimmed, not empty, one line without control characters, at most
/// [`MAX_NAME_CHARS`] characters.
fn checked_name(name: &str) -> Result<String, KeyError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(KeyError::new("nyckelns namn är tomt"));
    }
    if name.chars().any(char::is_control) {
        return Err(KeyError::new(
            "nyckelns namn får inte innehålla radbrytningar eller andra styrtecken",
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(KeyError::new(format!(
            "nyckelns namn är längre än {MAX_NAME_CHARS} tecken"
        )));
    }
    Ok(name.to_owned())
}

/// A key file's text: the header, then `namn:`, `id:` and `ed25519:` lines.
fn file_text(header: &str, name: &str, id: &str, bytes: &[u8]) -> String {
    format!(
        "{header}\nnamn: {name}\nid: {id}\ned25519: {}\n",
        hex(bytes)
    )
}

/// The fields of a key file.
struct KeyFields {
    name: String,
    id: String,
    bytes: [u8; 32],
}

impl KeyFields {
    /// Reads a key file whose first line must be `header`. Blank lines and lines starting
    /// with `#` are skipped; `namn`, `id` and `ed25519` must each be there once, and no
    /// other field.
    fn parse(text: &str, header: &str) -> Result<KeyFields, KeyError> {
        let mut lines = text.lines().map(str::trim_end);
        let first = lines.next().unwrap_or_default();
        if first != header {
            return Err(KeyError::new(match (first, header) {
                (SECRET_HEADER, PUBLIC_HEADER) => {
                    "filen är en hemlig nyckel, men här behövs den publika (filen som börjar \
                     med `delegat-nyckel/1 publik`); den hemliga nyckeln ska inte finnas där \
                     beslut fattas"
                        .to_owned()
                }
                (PUBLIC_HEADER, SECRET_HEADER) => {
                    "filen är en publik nyckel; för att signera behövs den hemliga (filen som \
                     börjar med `delegat-nyckel/1 hemlig`)"
                        .to_owned()
                }
                _ => format!("filen är ingen nyckelfil: första raden ska vara `{header}`"),
            }));
        }
        let (mut name, mut id, mut bytes) = (None, None, None);
        for line in lines {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                return Err(KeyError::new(
                    "nyckelfilen har en rad som inte är `fält: värde`",
                ));
            };
            let value = value.trim();
            let slot = match key.trim() {
                "namn" => &mut name,
                "id" => &mut id,
                "ed25519" => &mut bytes,
                _ => {
                    return Err(KeyError::new(
                        "nyckelfilen har ett okänt fält (fälten är `namn`, `id` och `ed25519`)",
                    ));
                }
            };
            if slot.replace(value).is_some() {
                return Err(KeyError::new(format!(
                    "nyckelfilen anger `{}` två gånger",
                    key.trim()
                )));
            }
        }
        let missing = |f: &str| KeyError::new(format!("nyckelfilen saknar fältet `{f}`"));
        let name = checked_name(name.ok_or_else(|| missing("namn"))?)?;
        let id = id.ok_or_else(|| missing("id"))?.to_owned();
        let bytes = parse_hex::<32>(bytes.ok_or_else(|| missing("ed25519"))?).ok_or_else(|| {
            KeyError::new("nyckelfilens `ed25519` ska vara 64 hexadecimala siffror")
        })?;
        Ok(KeyFields { name, id, bytes })
    }

    /// Refuses a file whose `id` is not its key's (an edited or mixed-up file).
    fn check_id(&self, key: &VerifyingKey) -> Result<(), KeyError> {
        let computed = key_id(key);
        if self.id == computed {
            Ok(())
        } else {
            Err(KeyError::new(format!(
                "nyckelfilens id stämmer inte med nyckeln (nyckelns id är `{computed}`)"
            )))
        }
    }
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// `N` bytes from exactly `2 × N` hex digits (either case).
fn parse_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let digits = text.as_bytes();
    if digits.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *o = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SecretKey {
        SecretKey::from_seed("Socialnämnden 2026", [seed; 32]).unwrap()
    }

    #[test]
    fn a_key_file_reads_back_as_the_same_key() {
        let secret = key(7);
        let text = secret.to_file_text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "delegat-nyckel/1 hemlig");
        assert_eq!(lines[1], "namn: Socialnämnden 2026");
        assert_eq!(lines[2], format!("id: {}", secret.id()));
        assert_eq!(lines[3], format!("ed25519: {}", "07".repeat(32)));
        let again = SecretKey::parse(&text).unwrap();
        assert_eq!(again.id(), secret.id());
        assert_eq!(again.to_file_text(), text);

        let public = secret.public_key();
        let text = public.to_file_text();
        assert!(text.starts_with("delegat-nyckel/1 publik\nnamn: Socialnämnden 2026\nid: "));
        assert_eq!(PublicKey::parse(&text).unwrap(), public);
        // The id is the first 16 hex digits of the SHA-256 of the public key.
        let digest = Sha256::digest(public.key.as_bytes());
        assert_eq!(public.id(), hex(&digest[..8]));
        assert_eq!(public.id().len(), 16);
        // Comments, blank lines and CRLF are read.
        let noted = format!("{}\r\n# installerad 2026-01-02\r\n\r\n", text.trim_end());
        assert_eq!(PublicKey::parse(&noted).unwrap(), public);
    }

    #[test]
    fn a_secret_key_is_refused_where_a_public_one_is_needed_and_the_reverse() {
        let secret = key(1);
        let err = PublicKey::parse(&secret.to_file_text()).unwrap_err();
        assert!(err.message.contains("hemlig nyckel"), "{err}");
        assert_eq!(err.code(), Code::E0506);
        let err = SecretKey::parse(&secret.public_key().to_file_text()).unwrap_err();
        assert!(err.message.contains("publik nyckel"), "{err}");
    }

    #[test]
    fn a_damaged_key_file_is_refused_with_its_reason() {
        let text = key(2).public_key().to_file_text();
        let other = key(3).public_key();
        let cases = [
            (String::new(), "ingen nyckelfil"),
            (text.replacen("namn:", "name:", 1), "okänt fält"),
            (
                text.replacen("namn: Socialnämnden 2026\n", "", 1),
                "saknar fältet `namn`",
            ),
            (format!("{text}id: {}\n", other.id()), "`id` två gånger"),
            (
                text.replacen("ed25519: ", "ed25519: 0", 1),
                "64 hexadecimala",
            ),
            (text.replacen(key(2).id(), other.id(), 1), "id stämmer inte"),
            (
                text.replacen("namn: Socialnämnden 2026", "namn:  ", 1),
                "namn är tomt",
            ),
            (format!("{text}bara text\n"), "`fält: värde`"),
        ];
        for (t, want) in cases {
            let err = PublicKey::parse(&t).unwrap_err();
            assert!(err.message.contains(want), "{t:?}: {err}");
        }
    }

    #[test]
    fn names_are_one_line() {
        assert!(SecretKey::from_seed("a\nb", [0; 32]).is_err());
        assert!(SecretKey::from_seed(&"x".repeat(201), [0; 32]).is_err());
        assert_eq!(
            SecretKey::from_seed("  Nämnd ", [0; 32]).unwrap().name(),
            "Nämnd"
        );
    }

    #[test]
    fn generated_keys_differ() {
        let a = SecretKey::generate("a").unwrap();
        let b = SecretKey::generate("a").unwrap();
        assert_ne!(a.id(), b.id());
    }

    #[test]
    fn a_signature_holds_only_for_its_hash_and_its_key() {
        let (a, b) = (key(4), key(5));
        let hash = ContentHash([9; 32]);
        let sig = a.sign_pack(&hash);
        assert_eq!(sig.nyckel, a.id());
        assert_eq!(sig.ed25519.len(), 128);
        let trust_a: TrustedKeys = [a.public_key()].into_iter().collect();
        let trust_b: TrustedKeys = [b.public_key()].into_iter().collect();
        assert_eq!(trust_a.check(&hash, Some(&sig)), Ok(a.id().to_owned()));
        assert_eq!(
            trust_a.check(&ContentHash([8; 32]), Some(&sig)),
            Err(PackError::BadSignature(a.id().to_owned()))
        );
        assert_eq!(
            trust_b.check(&hash, Some(&sig)),
            Err(PackError::UntrustedKey(a.id().to_owned()))
        );
        assert_eq!(trust_a.check(&hash, None), Err(PackError::Unsigned));
        assert_eq!(
            TrustedKeys::new().check(&hash, Some(&sig)),
            Err(PackError::UntrustedKey(a.id().to_owned()))
        );
        // b's signature under a's id: refused as a bad signature of a's key.
        let forged = PackSignature {
            nyckel: a.id().to_owned(),
            ed25519: b.sign_pack(&hash).ed25519,
        };
        assert_eq!(
            trust_a.check(&hash, Some(&forged)),
            Err(PackError::BadSignature(a.id().to_owned()))
        );
        let garbled = PackSignature {
            nyckel: "\u{1b}[31m".into(),
            ed25519: "zz".into(),
        };
        assert_eq!(
            trust_a.check(&hash, Some(&garbled)),
            Err(PackError::UntrustedKey("(ogiltigt nyckel-id)".into()))
        );
    }
}
