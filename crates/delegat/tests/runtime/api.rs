//! The runtime API over a hand-built pack: decisions, the decision JSON, pack files, case
//! errors (with their codes and fields), batches, and no panic on any input.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use delegat::pack_demo as demo;
use delegat::{CaseErrorKind, Date, Engine, Pack, PackError, SecretKey, TrustedKeys, Utfall};
use proptest::prelude::*;

fn pack() -> Pack {
    Pack::from_program(demo::program()).unwrap()
}

fn date() -> Option<Date> {
    Some(Date::from_ymd(2026, 3, 1).unwrap())
}

#[test]
fn bifall_with_exact_amount_and_swedish_motivering() {
    let pack = pack();
    let d = pack.engine(Engine::Interpreter).unwrap();
    let decision = d.decide(r#"{"inkomst": 1234.5}"#, date()).unwrap();
    assert_eq!(decision.utfall, Utfall::Bifall);
    assert_eq!(decision.belopp.unwrap().ore(), 856_000 - 123_450);
    assert_eq!(
        decision.motivering.as_deref(),
        Some("Behovet är 8 560 kr och inkomsten 1 234,50 kr.")
    );
    // A bifall may give less than was asked (FL 33 §, 42 §): the notice says "if it went
    // against you" (the demo decision does not say its bifall is full).
    assert!(
        decision
            .overklagande
            .as_deref()
            .unwrap()
            .starts_with("Om beslutet har gått dig emot, helt eller delvis, kan du överklaga det hos förvaltningsrätten.")
    );
    let json: serde_json::Value = serde_json::from_str(&decision.to_json_string()).unwrap();
    assert_eq!(json["belopp"].to_string(), "7325.5");
    assert_eq!(json["utfall"], "bifall");
    assert_eq!(json["beslutsdatum"], "2026-03-01");
    assert_eq!(json["regelverk"]["hash"].as_str().unwrap().len(), 64);
    assert_eq!(json["spår"][0]["parameter"], "norm");
    assert_eq!(json["spår"][0]["gäller_från"], "2026-01-01");
    assert_eq!(json["spår"][1]["regel"], "behov");
    assert_eq!(json["spår"][1]["värde"].to_string(), "8560");
    assert_eq!(json["spår"][1]["lagrum"], "SoL 11 kap. 3 §");
    assert!(decision.to_json_string().starts_with(r#"{"format":"delegat-beslut/1","beslut":"ekonomiskt_stöd","slag":"beslut","utfall":"bifall","belopp":7325.5,"#));
}

#[test]
fn avslag_carries_the_appeal_notice_and_no_amount() {
    let pack = pack();
    let d = pack.engine(Engine::Interpreter).unwrap();
    let decision = d.decide(r#"{"inkomst": "9 000 kr"}"#, date()).unwrap();
    assert_eq!(decision.utfall, Utfall::Avslag);
    let json: serde_json::Value = serde_json::from_str(&decision.to_json_string()).unwrap();
    assert!(json.get("belopp").is_none());
    let notice = json["överklagande"].as_str().unwrap();
    assert!(notice.contains("förvaltningsrätten"));
    assert!(notice.contains("Socialnämnden"));
    assert!(notice.contains("tre veckor"));
    let letter = decision.letter();
    assert!(letter.contains("Ansökan avslås."));
    assert!(letter.contains("Hur man överklagar"));
    assert!(letter.contains("automatiserade beslutsfunktion"));
    assert!(letter.contains("Datum: 2026-03-01"));
}

#[test]
fn a_date_before_the_first_norm_is_manuell_with_the_reason() {
    let pack = pack();
    let d = pack.engine(Engine::Jit).unwrap();
    let decision = d
        .decide(r#"{"beslutsdatum": "2025-12-31", "inkomst": 0}"#, None)
        .unwrap();
    assert_eq!(decision.utfall, Utfall::Manuell);
    assert_eq!(decision.felkod.as_deref(), Some("E0405"));
    // The demo pack's only parameter starts 2026-01-01: the case is before all its norms.
    assert_eq!(
        decision.skal.as_deref(),
        Some(
            "Ärendets beslutsdatum 2025-12-31 ligger före 2026-01-01, den dag då nämndens \
             regler för automatiserade beslut börjar gälla, så ärendet prövas av en handläggare"
        )
    );
    assert_eq!(decision.belopp, None);
}

#[test]
fn pack_files_round_trip_and_tampering_is_refused() {
    let pack = pack();
    let bytes = pack.to_bytes().unwrap();
    let again = Pack::load(&bytes).unwrap();
    assert_eq!(again.hash(), pack.hash());
    let text = String::from_utf8(bytes).unwrap();
    let tampered = text.replace("856000", "956000");
    assert_ne!(tampered, text);
    let err = Pack::load(tampered.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("kontrollsumma"), "{err}");
    assert_eq!(err.code().as_str(), "E0501");
    assert!(Pack::load(b"not json").is_err());
    assert!(Pack::load(b"{\"format\":\"delegat-pack\",\"format_version\":999}").is_err());
}

fn trusting(keys: &[&SecretKey]) -> TrustedKeys {
    keys.iter().map(|k| k.public_key()).collect()
}

#[test]
fn a_signed_pack_loads_under_its_key_and_its_decisions_name_the_key() {
    let key = SecretKey::from_seed("Socialnämnden 2026", [1; 32]).unwrap();
    let other = SecretKey::from_seed("Någon annan", [2; 32]).unwrap();
    let bytes = pack().to_signed_bytes(&key).unwrap();
    // Under the nämnd's key (among others).
    let loaded = Pack::load_trusted(&bytes, &trusting(&[&other, &key])).unwrap();
    assert_eq!(loaded.signer(), Some(key.id()));
    assert_eq!(loaded.hash(), pack().hash());
    let decision = loaded
        .engine(Engine::Jit)
        .unwrap()
        .decide(r#"{"inkomst": 1000}"#, date())
        .unwrap();
    assert_eq!(decision.belopp.unwrap().ore(), 756_000);
    assert_eq!(decision.regelverk.signerad_av.as_deref(), Some(key.id()));
    let line = decision.to_json_string();
    let tail = format!(
        r#""hash":"{}","signerad_av":"{}"}},"spår":["#,
        pack().hash(),
        key.id()
    );
    assert!(line.contains(&tail), "{line}");
    // Without trusted keys the signature is not checked and the decision names no key.
    let plain = Pack::load(&bytes).unwrap();
    assert_eq!(plain.signer(), None);
    let line = plain
        .engine(Engine::Interpreter)
        .unwrap()
        .decide(r#"{"inkomst": 1000}"#, date())
        .unwrap()
        .to_json_string();
    assert!(!line.contains("signerad_av"), "{line}");
}

#[test]
fn under_trusted_keys_unsigned_foreign_and_tampered_packs_are_refused() {
    let key = SecretKey::from_seed("Socialnämnden 2026", [1; 32]).unwrap();
    let other = SecretKey::from_seed("Någon annan", [2; 32]).unwrap();
    let trusted = trusting(&[&key]);

    // Unsigned: E0503 (it still loads without trusted keys).
    let unsigned = pack().to_bytes().unwrap();
    assert!(Pack::load(&unsigned).is_ok());
    let err = Pack::load_trusted(&unsigned, &trusted).unwrap_err();
    assert_eq!(err, PackError::Unsigned);
    assert_eq!(err.code().as_str(), "E0503");
    assert!(err.to_string().contains("inte signerat"), "{err}");

    // Signed by another key: E0504, naming that key.
    let foreign = pack().to_signed_bytes(&other).unwrap();
    let err = Pack::load_trusted(&foreign, &trusted).unwrap_err();
    assert_eq!(err, PackError::UntrustedKey(other.id().to_owned()));
    assert_eq!(err.code().as_str(), "E0504");
    assert!(err.to_string().contains(other.id()), "{err}");

    // An empty set trusts no pack.
    let signed = pack().to_signed_bytes(&key).unwrap();
    let err = Pack::load_trusted(&signed, &TrustedKeys::new()).unwrap_err();
    assert_eq!(err.code().as_str(), "E0504");

    // Tampered after signing and rehashed, as anyone can: the checksum holds, the
    // signature does not (E0505). Without trusted keys the tampered pack would decide.
    let text = String::from_utf8(signed).unwrap();
    let tampered = rehashed(&text, "856000", "85600000");
    let plain = Pack::load(tampered.as_bytes()).unwrap();
    let belopp = plain
        .engine(Engine::Interpreter)
        .unwrap()
        .decide(r#"{"inkomst": 0}"#, date())
        .unwrap()
        .belopp
        .unwrap();
    assert_eq!(belopp.ore(), 85_600_000);
    let err = Pack::load_trusted(tampered.as_bytes(), &trusted).unwrap_err();
    assert_eq!(err, PackError::BadSignature(key.id().to_owned()));
    assert_eq!(err.code().as_str(), "E0505");
    assert!(err.to_string().contains("ändrats efter"), "{err}");

    // Tampered without rehashing: the checksum refuses it first (E0501).
    let err =
        Pack::load_trusted(text.replace("856000", "956000").as_bytes(), &trusted).unwrap_err();
    assert_eq!(err.code().as_str(), "E0501");

    // The signature of another pack moved onto this one: E0505.
    let mut other_program = demo::program();
    other_program.meta.title = "Annat stöd".into();
    let other_signed = String::from_utf8(
        Pack::from_program(other_program)
            .unwrap()
            .to_signed_bytes(&key)
            .unwrap(),
    )
    .unwrap();
    let moved = splice_signature(&pack().to_bytes().unwrap(), &other_signed);
    let err = Pack::load_trusted(moved.as_bytes(), &trusted).unwrap_err();
    assert_eq!(err.code().as_str(), "E0505");
}

/// The pack file `text` with `from` replaced by `to` in its program and the hash
/// recomputed, as a tamperer would.
fn rehashed(text: &str, from: &str, to: &str) -> String {
    let changed = text.replacen(from, to, 1);
    assert_ne!(changed, text);
    let v: serde_json::Value = serde_json::from_str(&changed).unwrap();
    let old_hash = v["hash"].as_str().unwrap().to_owned();
    let program_start = changed.find("\"program\":").unwrap() + "\"program\":".len();
    let program = &changed[program_start..changed.len() - 1];
    let hash = sha256_hex(program.as_bytes());
    changed.replacen(&old_hash, &hash, 1)
}

/// The unsigned pack file `unsigned` with the `signatur` of the signed pack file `signed`.
fn splice_signature(unsigned: &[u8], signed: &str) -> String {
    let unsigned = String::from_utf8(unsigned.to_vec()).unwrap();
    let start = signed.find(",\"signatur\":").unwrap();
    let end = signed.find(",\"program\":").unwrap();
    unsigned.replacen(
        ",\"program\":",
        &format!("{},\"program\":", &signed[start..end]),
        1,
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn case_error(json: &str) -> delegat::CaseError {
    let pack = pack();
    let d = pack.engine(Engine::Interpreter).unwrap();
    d.decide(json, date()).unwrap_err()
}

#[test]
fn case_errors_name_the_field_and_have_codes() {
    let e = case_error(r#"{"inkomst": 1, "inkomsten": 2}"#);
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (CaseErrorKind::Unknown, Some("inkomsten"))
    );
    assert!(e.message.contains("menade du `inkomst`"), "{}", e.message);
    let e = case_error("{}");
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (CaseErrorKind::Missing, Some("inkomst"))
    );
    assert_eq!(e.code().as_str(), "E0422");
    let e = case_error(r#"{"inkomst": true}"#);
    assert_eq!(e.kind, CaseErrorKind::Type);
    let e = case_error(r#"{"inkomst": 0.001}"#);
    assert_eq!(e.kind, CaseErrorKind::Type);
    assert!(e.message.contains("två decimaler"), "{}", e.message);
    let e = case_error(r#"{"inkomst": -1}"#);
    assert_eq!(e.kind, CaseErrorKind::Range);
    assert_eq!(
        e.message,
        "uppgiften `inkomst` ska vara minst 0 kr, men är -1 kr"
    );
    let e = case_error(r#"{"inkomst": 99999999999999999999999999}"#);
    assert_eq!(e.kind, CaseErrorKind::Type);
    assert!(e.message.contains("för stort"), "{}", e.message);
    let e = case_error(r#"{"inkomst": 1, "beslutsdatum": "2026-02-30"}"#);
    assert_eq!(e.kind, CaseErrorKind::Date);
    let e = case_error(r#"{"inkomst": 1, "inkomst": 2}"#);
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (CaseErrorKind::Json, Some("inkomst"))
    );
    assert_eq!(e.message, "uppgiften `inkomst` anges två gånger i ärendet");
    let e = case_error("[1, 2]");
    assert_eq!(
        e.message,
        "ärendet ska vara ett JSON-objekt `{…}`, men är en lista"
    );
    let e = case_error(r#"{"inkomst": 1"#);
    assert_eq!(e.kind, CaseErrorKind::Json);
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = case_error(&format!(r#"{{"inkomst": {deep}}}"#));
    assert_eq!(e.kind, CaseErrorKind::Json);
    let json = e.to_json();
    assert_eq!(json["fel"]["kod"], "E0420");
}

#[test]
fn no_date_anywhere_is_an_error() {
    let pack = pack();
    let d = pack.engine(Engine::Interpreter).unwrap();
    let e = d.decide(r#"{"inkomst": 1}"#, None).unwrap_err();
    assert_eq!(e.kind, CaseErrorKind::Date);
}

#[test]
fn batch_writes_one_line_per_input_line_in_order() {
    let pack = pack();
    let d = pack.engine(Engine::Interpreter).unwrap();
    let input = "{\"inkomst\": 100}\nnot json\n\n{\"inkomst\": 10000}\n{\"inkomst\": 1}";
    let mut out = Vec::new();
    let mut calls = 0;
    let s = d
        .decide_batch(input.as_bytes(), &mut out, date(), |_| calls += 1)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!((s.cases, s.bifall, s.avslag, s.fel), (5, 2, 1, 2));
    assert_eq!(calls, 5);
    assert!(lines[0].contains("\"belopp\":8460"), "{}", lines[0]);
    assert!(
        lines[1].starts_with("{\"fel\":{\"kod\":\"E0420\""),
        "{}",
        lines[1]
    );
    assert!(lines[2].contains("E0420"));
    assert!(lines[3].contains("\"utfall\":\"avslag\""));
    assert!(lines[4].contains("\"belopp\":8559"));
}

#[test]
fn schema_lists_inputs_with_questions() {
    let schema = pack().schema();
    let inkomst = &schema["properties"]["inkomst"];
    assert_eq!(
        inkomst["description"],
        "Hur stor är hushållets inkomst per månad?"
    );
    assert_eq!(inkomst["anyOf"][0]["minimum"].to_string(), "0");
    assert_eq!(schema["required"][0], "inkomst");
    assert_eq!(schema["additionalProperties"], false);
}

proptest! {
    #[test]
    fn any_text_gives_a_decision_or_an_error(text in ".{0,200}") {
        let pack = pack();
        let d = pack.engine(Engine::Interpreter).unwrap();
        let _ = d.decide(&text, date());
    }

    #[test]
    fn any_json_value_for_the_input_is_read_or_refused(
        value in prop_oneof![
            "-?[0-9]{1,30}(\\.[0-9]{1,5})?([eE][+-]?[0-9]{1,4})?",
            "\"[ -~]{0,20}\"",
            Just("null".to_string()),
            Just("[]".to_string()),
            Just("{}".to_string()),
            Just("true".to_string()),
        ]
    ) {
        let pack = pack();
        let d = pack.engine(Engine::Interpreter).unwrap();
        let _ = d.decide(&format!("{{\"inkomst\": {value}}}"), date());
    }

    #[test]
    fn money_is_read_exactly(kronor in 0i64..100_000_000, ore in 0i64..100) {
        let pack = pack();
        let d = pack.engine(Engine::Interpreter).unwrap();
        let text = format!("{{\"inkomst\": {kronor}.{ore:02}}}");
        let decision = d.decide(&text, date()).unwrap();
        let income = kronor * 100 + ore;
        if income < 856_000 {
            prop_assert_eq!(decision.belopp.map(|b| b.ore()), Some(856_000 - income));
        } else {
            prop_assert_eq!(decision.utfall, Utfall::Avslag);
        }
    }

    #[test]
    fn pack_bytes_with_damage_never_panic(pos in 0usize..4000, byte in any::<u8>()) {
        let mut bytes = pack().to_bytes().unwrap();
        if let Some(b) = bytes.get_mut(pos) {
            *b = byte;
        }
        let _ = Pack::load(&bytes);
    }

    /// A signed pack with one byte changed anywhere (the signature, the key id, the hash,
    /// the program) is refused under its key, or loads as the very pack that was signed.
    #[test]
    fn signed_pack_bytes_with_damage_are_refused_or_unchanged(pos in 0usize..4000, byte in any::<u8>()) {
        let key = SecretKey::from_seed("Nämnden", [1; 32]).unwrap();
        let mut bytes = pack().to_signed_bytes(&key).unwrap();
        if let Some(b) = bytes.get_mut(pos) {
            *b = byte;
        }
        if let Ok(loaded) = Pack::load_trusted(&bytes, &trusting(&[&key])) {
            prop_assert_eq!(loaded.hash(), pack().hash());
            prop_assert_eq!(loaded.signer(), Some(key.id()));
        }
    }
}

/// A reader that makes `n` case lines on demand and counts what it has handed out.
struct Lines {
    left: usize,
    handed: std::rc::Rc<std::cell::Cell<usize>>,
    current: Vec<u8>,
}

impl std::io::Read for Lines {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.current.is_empty() {
            if self.left == 0 {
                return Ok(0);
            }
            self.left -= 1;
            self.current = format!("{{\"inkomst\": {}}}\n", self.left % 10_000).into_bytes();
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current.drain(..n);
        self.handed.set(self.handed.get() + n);
        Ok(n)
    }
}

#[test]
fn batch_streams_its_input() {
    let pack = pack();
    let d = pack.engine(Engine::Interpreter).unwrap();
    let handed = std::rc::Rc::new(std::cell::Cell::new(0));
    let reader = std::io::BufReader::with_capacity(
        256,
        Lines {
            left: 20_000,
            handed: handed.clone(),
            current: Vec::new(),
        },
    );
    let mut written = 0usize;
    let mut first_progress_at = None;
    struct Count<'a>(&'a mut usize);
    impl std::io::Write for Count<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            *self.0 += buf.iter().filter(|b| **b == b'\n').count();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let s = d
        .decide_batch(reader, Count(&mut written), date(), |s| {
            if s.cases == 1 {
                first_progress_at = Some(handed.get());
            }
        })
        .unwrap();
    assert_eq!(s.cases, 20_000);
    assert_eq!(written, 20_000);
    assert_eq!((s.bifall, s.avslag), (2 * 8560, 2 * 1440));
    // The first case was decided after at most one buffer of input had been read.
    assert!(first_progress_at.unwrap() <= 256, "{first_progress_at:?}");
}

/// A rule file whose decision rests on a chain of `n` rules, each using the next.
fn chain_source(n: usize) -> String {
    let mut s = String::from(
        "regelverk \"Kedja\" { nämnd: \"Nämnden\" }\n\
         uppgift x: belopp 0 kr..100 kr { källa: sökande }\n",
    );
    for i in 0..n {
        s.push_str(&format!("regel r{i}: belopp = r{}\n", i + 1));
    }
    s.push_str(&format!(
        "regel r{n}: belopp = x\n\
         beslut b enligt \"SoL (2025:400) 12 kap. 1 §\" {{\n\
           avser: myndighetsutövning\n\
           överklagande: förvaltningsbesvär\n\
           när r0 > 0 kr: bifall {{ belopp: r0  motivering: \"Beloppet är {{r0}}.\" }}\n\
           annars: avslag {{ motivering: \"Inget belopp.\" }}\n\
         }}\n"
    ));
    s
}

/// Runs `f` on a thread with an ordinary 2 MiB stack, as an application's worker has.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// A 3 000-rule chain builds on a 2 MiB thread (the checker orders and walks rule references
/// with its own stacks) and every case ends as a decision or a coded `manuell`, on both
/// engines, never a stack overflow.
#[test]
fn a_chain_of_three_thousand_rules_builds_and_decides_on_a_small_stack() {
    let outcomes = on_small_stack(|| {
        let pack = Pack::from_source("kedja.regel", &chain_source(3_000), &mut delegat::NoLoader)
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
        [Engine::Interpreter, Engine::Jit].map(|engine| {
            let d = pack.engine(engine).unwrap();
            let decision = d.decide(r#"{"x": 50}"#, date()).unwrap();
            (decision.utfall, decision.felkod)
        })
    });
    for (utfall, felkod) in outcomes {
        assert!(
            utfall == Utfall::Bifall || (utfall == Utfall::Manuell && felkod.is_some()),
            "{utfall:?} {felkod:?}"
        );
    }
}

/// Every shipped example pack builds from source on a 2 MiB thread.
#[test]
fn every_shipped_pack_builds_on_a_small_stack() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut built = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "regel") {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.display().to_string();
            on_small_stack(move || {
                Pack::from_source(&name, &text, &mut delegat::NoLoader)
                    .unwrap_or_else(|e| panic!("{name}: {}", e.render(false)));
            });
            built += 1;
        }
    }
    assert!(built >= 4, "{built}");
}

/// The 40-level doubling chain of docs/errors/E0507.md: 2^40 calls per case. It checks, but
/// its static cost bound refuses it at build (E0507, with the chain), at once and on a
/// 2 MiB thread, instead of hanging every case.
#[test]
fn a_doubling_chain_is_refused_by_its_cost_bound() {
    let mut s = String::from(
        "regelverk \"Kedja\" { nämnd: \"Nämnden\" }\n\
         uppgift x: heltal 0..10 { källa: sökande }\n\
         regel f0(a: heltal): heltal = a + 1\n",
    );
    for i in 1..=40 {
        s.push_str(&format!(
            "regel f{i}(a: heltal): heltal = f{}(a) + f{}(a)\n",
            i - 1,
            i - 1
        ));
    }
    s.push_str(
        "regel r: heltal = f40(x)\n\
         beslut b enligt \"SoL (2025:400) 12 kap. 1 §\" {\n\
           avser: myndighetsutövning\n\
           överklagande: förvaltningsbesvär\n\
           när r > 0: bifall { belopp: 1 kr  motivering: \"Ja.\" }\n\
           annars: avslag { motivering: \"Nej.\" }\n\
         }\n",
    );
    let err = on_small_stack(move || {
        Pack::from_source("dubbling.regel", &s, &mut delegat::NoLoader).map(|_| ())
    })
    .unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!(d.code.as_str(), "E0507");
    assert_eq!(
        d.message,
        "beslutet `b` kan kräva 8 796 093 022 209 beräkningssteg för ett enda ärende"
    );
    // The chain: f40 once from `r`, then each level twice.
    assert_eq!(d.secondary.len(), 41);
    assert!(
        d.secondary[0]
            .message
            .starts_with("1. anropar `f40` en gång")
    );
    assert!(
        d.secondary[1]
            .message
            .starts_with("2. anropar `f39` 2 gånger")
    );
}

/// A crafted pack whose condition is `och` of the same sub-expression nested 200 deep: an
/// engine would evaluate 2^200 nodes. Its cost bound refuses it when it is loaded, from a
/// file or from a program.
#[test]
fn a_crafted_pack_of_shared_sub_expressions_is_refused_at_load() {
    use delegat_ir::{Expr, ExprId, ExprKind, Type};
    let mut p = demo::program();
    let mut cond = p.decisions[0].branches[0].cond;
    for _ in 0..200 {
        p.exprs.push(Expr {
            kind: ExprKind::And(cond, cond),
            ty: Type::Bool,
            span: p.exprs[cond.index()].span,
        });
        cond = ExprId(u32::try_from(p.exprs.len() - 1).unwrap());
    }
    p.decisions[0].branches[0].cond = cond;
    let bytes = delegat_ir::pack::save(&p).unwrap();
    for result in [Pack::from_program(p), Pack::load(&bytes)] {
        let err = result.err().unwrap();
        assert_eq!(err.code().as_str(), "E0507", "{err}");
        assert!(err.to_string().contains("fler än 18 triljoner"), "{err}");
    }
}
