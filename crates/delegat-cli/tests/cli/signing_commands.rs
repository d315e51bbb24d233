//! End-to-end tests of signed packs through the `delegat` binary: `nyckel ny`, `build
//! --signera`, `signera`, and `run`/`batch --betrodda-nycklar` refusing unsigned, foreign
//! and tampered packs.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::path::Path;
use std::process::Output;

use super::support::{TestDir, delegat, root, stderr, stdout};

/// A fresh directory of this test.
fn scratch(test: &str) -> TestDir {
    TestDir::new(&format!("delegat-sign-test-{test}-"))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const CASE: &str = "examples/fall/forsorjningsstod.json";

/// Makes a key pair `dir/name` (and `dir/name.pub`); its id.
fn new_key(dir: &Path, name: &str) -> String {
    let secret = dir.join(name);
    let o = delegat(&["nyckel", "ny", "--namn", name, "-o", s(&secret)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join(format!("{name}.pub"))).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("id: "))
        .unwrap()
        .to_owned()
}

/// Builds the försörjningsstöd pack to `out`, signed with `key` when given.
fn build(out: &Path, key: Option<&Path>) {
    let mut args = vec!["build", "examples/forsorjningsstod.regel", "-o", s(out)];
    if let Some(k) = key {
        args.extend(["--signera", s(k)]);
    }
    let o = delegat(&args);
    assert!(o.status.success(), "{}", stderr(&o));
}

fn run(pack: &Path, trusted: &[&Path]) -> Output {
    let mut args = vec!["run", s(pack), "--input", CASE, "--motor", "tolk"];
    for t in trusted {
        args.extend(["--betrodda-nycklar", s(t)]);
    }
    delegat(&args)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn nyckel_ny_writes_an_owner_only_secret_key_and_a_public_key_and_never_overwrites() {
    let dir = scratch("nyckel");
    let secret = dir.join("nämnden.nyckel");
    let o = delegat(&[
        "nyckel",
        "ny",
        "--namn",
        "Socialnämnden 2026",
        "-o",
        s(&secret),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let secret_text = std::fs::read_to_string(&secret).unwrap();
    let public_text = std::fs::read_to_string(dir.join("nämnden.nyckel.pub")).unwrap();
    let s_lines: Vec<&str> = secret_text.lines().collect();
    let p_lines: Vec<&str> = public_text.lines().collect();
    assert_eq!(s_lines[0], "delegat-nyckel/1 hemlig");
    assert_eq!(p_lines[0], "delegat-nyckel/1 publik");
    assert_eq!(s_lines[1], "namn: Socialnämnden 2026");
    assert_eq!(p_lines[1], "namn: Socialnämnden 2026");
    // The same id in both; 16 hex digits of the SHA-256 of the public key.
    assert_eq!(s_lines[2], p_lines[2]);
    let id = p_lines[2].strip_prefix("id: ").unwrap();
    let public_hex = p_lines[3].strip_prefix("ed25519: ").unwrap();
    assert_eq!(public_hex.len(), 64);
    let public_bytes: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&public_hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    assert_eq!(id, &sha256_hex(&public_bytes)[..16]);
    assert_ne!(s_lines[3], p_lines[3]);
    assert!(stderr(&o).contains(id), "{}", stderr(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    // Never overwritten.
    let again = delegat(&["nyckel", "ny", "-o", s(&secret)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("finns redan"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), secret_text);
    // A second key differs.
    let other = dir.join("annan.nyckel");
    assert!(delegat(&["nyckel", "ny", "-o", s(&other)]).status.success());
    let other_text = std::fs::read_to_string(dir.join("annan.nyckel.pub")).unwrap();
    assert!(other_text.contains("namn: annan\n"), "{other_text}");
    assert_ne!(other_text.lines().nth(2), Some(p_lines[2]));
}

#[test]
fn a_signed_pack_decides_under_its_key_and_names_it() {
    let dir = scratch("signerat");
    let id = new_key(&dir, "nämnden");
    let pack = dir.join("fs.paket");
    build(&pack, Some(&dir.join("nämnden")));
    let text = std::fs::read_to_string(&pack).unwrap();
    assert!(
        text.contains(&format!(
            "\"signatur\":{{\"nyckel\":\"{id}\",\"ed25519\":\""
        )),
        "{}",
        &text[..300]
    );
    // Trusted as a file and as a directory of `*.pub` files.
    let keys = dir.join("nycklar");
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::copy(dir.join("nämnden.pub"), keys.join("nämnden.pub")).unwrap();
    for trusted in [dir.join("nämnden.pub"), keys] {
        let o = run(&pack, &[&trusted]);
        assert!(o.status.success(), "{}", stderr(&o));
        let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(json["utfall"], "bifall");
        assert_eq!(json["belopp"].to_string(), "8180");
        assert_eq!(json["regelverk"]["signerad_av"], id.as_str());
    }
    // Without trusted keys the signed pack decides the same and names no key.
    let o = run(&pack, &[]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["belopp"].to_string(), "8180");
    assert!(json["regelverk"].get("signerad_av").is_none(), "{json}");
    // The batch names it on every line.
    let out = dir.join("beslut.jsonl");
    let lines = dir.join("fall.jsonl");
    let case: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(CASE)).unwrap()).unwrap();
    std::fs::write(&lines, format!("{case}\n{case}\n")).unwrap();
    let o = delegat(&[
        "batch",
        s(&pack),
        "--input",
        s(&lines),
        "--output",
        s(&out),
        "--betrodda-nycklar",
        s(&dir.join("nämnden.pub")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        written
            .matches(&format!("\"signerad_av\":\"{id}\"}}"))
            .count(),
        2,
        "{written}"
    );
}

#[test]
fn a_signed_pack_s_signature_is_archived_with_it_and_shown_and_checked_with_a_logged_decision() {
    let dir = scratch("arkiv");
    let id = new_key(&dir, "Socialnämnden 2026");
    let pack = dir.join("fs.paket");
    build(&pack, Some(&dir.join("Socialnämnden 2026")));
    let signature = {
        let text = std::fs::read_to_string(&pack).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        json["signatur"]["ed25519"].as_str().unwrap().to_owned()
    };
    let log = dir.join("beslut.logg");
    let o = delegat(&[
        "run",
        s(&pack),
        "--input",
        CASE,
        "--betrodda-nycklar",
        s(&dir.join("Socialnämnden 2026.pub")),
        "--logg",
        s(&log),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let receipt = err
        .split_whitespace()
        .find(|w| w.len() == 36 && w.matches('-').count() == 4)
        .unwrap_or_else(|| panic!("no receipt in {err}"))
        .to_owned();
    let o = delegat(&["logg", "visa", s(&log), &receipt]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(&format!(
            "Signerat av nyckel: {id} (Socialnämnden 2026)\nSignatur (Ed25519): {signature}\n\
             Signaturen finns i loggens arkiv och håller för regelpaketet.\n"
        )),
        "{text}"
    );
    let o = delegat(&["logg", "verifiera", s(&log)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 regelpaket i arkivet (1 signatur med paketen håller)"),
        "{}",
        stdout(&o)
    );
    let o = delegat(&["logg", "ompröva", s(&log)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "1 omprövade, 1 lika, 0 olika.\nRegelpaketens arkiverade signaturer (1) håller.\n"
    );
    // The signature changed in the file: verifying, replaying and showing refuse (E0519).
    let forged = if signature.starts_with('0') { "1" } else { "0" };
    let conn = rusqlite::Connection::open(&log).unwrap();
    conn.execute(
        "UPDATE signatures SET ed25519 = ?1 || substr(ed25519, 2)",
        [forged],
    )
    .unwrap();
    drop(conn);
    for args in [
        vec!["logg", "verifiera", s(&log)],
        vec!["logg", "ompröva", s(&log)],
        vec!["logg", "visa", s(&log), &receipt],
    ] {
        let o = delegat(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("fel[E0519]"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn unsigned_foreign_and_tampered_packs_are_refused_under_trusted_keys() {
    let dir = scratch("avvisas");
    new_key(&dir, "nämnden");
    let other_id = new_key(&dir, "annan");
    let trusted = dir.join("nämnden.pub");

    // Unsigned (and a `.regel` file, built on the fly): E0503.
    let unsigned = dir.join("osignerat.paket");
    build(&unsigned, None);
    assert!(run(&unsigned, &[]).status.success());
    for pack in [
        unsigned.clone(),
        root().join("examples/forsorjningsstod.regel"),
    ] {
        let o = run(&pack, &[&trusted]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("fel[E0503]"), "{}", stderr(&o));
        assert!(stderr(&o).contains("inte signerat"), "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }

    // Signed by another key: E0504, naming it.
    let foreign = dir.join("annan.paket");
    build(&foreign, Some(&dir.join("annan")));
    let o = run(&foreign, &[&trusted]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fel[E0504]"), "{}", stderr(&o));
    assert!(stderr(&o).contains(&other_id), "{}", stderr(&o));
    // … and decides when that key is trusted too.
    assert!(
        run(&foreign, &[&trusted, &dir.join("annan.pub")])
            .status
            .success()
    );

    // Tampered after signing: the 2024 norm for a couple ×100, the hash recomputed as
    // anyone can. It decides without trusted keys; under them it is refused (E0505).
    let signed = dir.join("signerat.paket");
    build(&signed, Some(&dir.join("nämnden")));
    let text = std::fs::read_to_string(&signed).unwrap();
    let changed = text.replacen("{\"Money\":685000}", "{\"Money\":68500000}", 1);
    assert_ne!(changed, text);
    let at = changed.find(",\"program\":").unwrap() + ",\"program\":".len();
    let program = &changed[at..changed.len() - 1];
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rehashed = changed.replacen(
        v["hash"].as_str().unwrap(),
        &sha256_hex(program.as_bytes()),
        1,
    );
    let tampered = dir.join("ändrat.paket");
    std::fs::write(&tampered, rehashed).unwrap();
    let o = run(&tampered, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_ne!(json["belopp"].to_string(), "8180");
    let o = run(&tampered, &[&trusted]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fel[E0505]"), "{}", stderr(&o));
    assert!(stderr(&o).contains("ändrats efter"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());

    // The secret key is no trusted key (E0506).
    let o = run(&signed, &[&dir.join("nämnden")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fel[E0506]"), "{}", stderr(&o));
    assert!(stderr(&o).contains("hemlig nyckel"), "{}", stderr(&o));
}

#[test]
fn signera_signs_a_built_pack_only_with_the_adopted_hash() {
    let dir = scratch("signera");
    let id = new_key(&dir, "nämnden");
    let pack = dir.join("fs.paket");
    build(&pack, None);
    let signed_at_build = dir.join("byggt.paket");
    build(&signed_at_build, Some(&dir.join("nämnden")));
    let unsigned = std::fs::read(&pack).unwrap();
    let o = delegat(&[
        "signera",
        s(&pack),
        "--nyckel",
        s(&dir.join("nämnden")),
        "--kontrollsumma",
        &"0".repeat(64),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("signeras inte"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&pack).unwrap(), unsigned);
    let v: serde_json::Value = serde_json::from_slice(&unsigned).unwrap();
    let hash = v["hash"].as_str().unwrap();
    let o = delegat(&[
        "signera",
        s(&pack),
        "--nyckel",
        s(&dir.join("nämnden")),
        "--kontrollsumma",
        hash,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains(&id), "{}", stderr(&o));
    // Ed25519 is deterministic: the same bytes as `build --signera`.
    assert_eq!(
        std::fs::read(&pack).unwrap(),
        std::fs::read(&signed_at_build).unwrap()
    );
    let o = run(&pack, &[&dir.join("nämnden.pub")]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A public key cannot sign.
    let o = delegat(&["signera", s(&pack), "--nyckel", s(&dir.join("nämnden.pub"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("fel[E0506]"), "{}", stderr(&o));
}

#[test]
fn help_of_the_key_commands_is_swedish() {
    for args in [&["nyckel", "ny", "--help"][..], &["signera", "--help"]] {
        let o = delegat(args);
        assert!(o.status.success());
        assert!(stdout(&o).contains("Användning: delegat"), "{args:?}");
    }
    let o = delegat(&["run", "--help"]);
    assert!(stdout(&o).contains("--betrodda-nycklar"), "{}", stdout(&o));
}
