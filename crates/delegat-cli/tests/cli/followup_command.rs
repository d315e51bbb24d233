//! `delegat uppföljning`: a real SQLite log written with the log's API from the shipped
//! försörjningsstöd pack, the report in both formats, checked for its charts' tables, its
//! first page and the absence of every personal field.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly"
)]

use std::path::Path;

use delegat::{Engine, NoLoader, Pack};
use delegat_log::{Log, LoggingDecider};

use crate::support::{delegat, root, stderr};

/// Writes a log of 12 cases in January 2024 and 8 in February (5 of them asking for a
/// caseworker); returns every personal field: the receipts, the e-service references and
/// the incomes.
pub(crate) fn write_log(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("examples/forsorjningsstod.regel")).unwrap();
    let pack = Pack::from_source("forsorjningsstod.regel", &text, &mut NoLoader).unwrap();
    let base: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/fall/forsorjningsstod.json")).unwrap(),
    )
    .unwrap();
    let log = Log::open(path).unwrap();
    let decider = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), &log);
    let mut personal = Vec::new();
    for i in 0..20 {
        let mut case = base.clone();
        let date = if i < 12 { "2024-01-10" } else { "2024-02-12" };
        case["beslutsdatum"] = date.into();
        // A distinctive income per case: no report figure may show one of them.
        case["arbetsinkomst"] = (10_017 + 113 * i).into();
        if i >= 15 {
            case["övriga_omständigheter"] = true.into();
        }
        let reference = format!("ärendenummer-{}", 4711 + i);
        let (_, receipt) = decider
            .decide(&case.to_string(), None, Some(&reference))
            .unwrap();
        personal.push(reference);
        personal.push(receipt.to_string());
        personal.push(format!("{}", 10_017 + 113 * i));
    }
    personal
}

#[test]
fn the_report_has_a_table_behind_every_chart_and_no_personal_field() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("socialtjanst.logg");
    let personal = write_log(&log);
    let html = dir.path().join("rapport.html");
    let out = delegat(&[
        "uppföljning",
        log.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    let figures = page.matches("<figure class=\"chart\">").count();
    // Per decision: outcomes, amounts, manuell share, manuell reasons.
    assert_eq!(figures, 4, "{page}");
    for figure in page.split("<figure class=\"chart\">").skip(1) {
        let figure = &figure[..figure.find("</figure>").unwrap()];
        assert!(figure.contains("<svg"), "a chart: {figure}");
        assert!(
            figure.contains("<table>"),
            "the table behind the chart: {figure}"
        );
    }
    for field in &personal {
        assert!(!page.contains(field.as_str()), "{field} is in the report");
    }
    // The first page: February's manuell share, 5 of 8, is above the default 20 %.
    let first = &page[..page.find("<h2>").unwrap()];
    assert!(first.contains("Det här bör nämnden titta på"), "{first}");
    assert!(
        first.contains(
            "var över nämndens gräns 20 % under en månad, senast februari 2024 (62,5\u{a0}%)"
        ),
        "{first}"
    );
    assert!(
        first.contains("<td class=\"num\">20</td>"),
        "20 decisions: {first}"
    );
    // January's 12 cases are all granted: its manuell count is 0, February's 5.
    assert!(page.contains("<td>februari 2024</td><td class=\"num\">8</td><td class=\"num\">5</td><td class=\"num\">62,5\u{a0}%</td>"), "{page}");

    // The nämnd's own threshold: 70 % is not passed.
    let limits = dir.path().join("uppfoljning.toml");
    // (January's last decision and February's first are 32 days apart.)
    std::fs::write(&limits, "manuell_andel_max = 70\nuppehall_dagar_max = 40\n").unwrap();
    let out = delegat(&[
        "uppföljning",
        log.to_str().unwrap(),
        "--gränser",
        limits.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.contains("Inget i perioden går över nämndens gränser."),
        "{page}"
    );
    assert!(page.contains("nämndens gräns 70 %"), "the chart's line");
    std::fs::write(&limits, "manuell_andel_högst = 70\n").unwrap();
    let out = delegat(&[
        "uppföljning",
        log.to_str().unwrap(),
        "--gränser",
        limits.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("gränserna i"), "{}", stderr(&out));

    let md = dir.path().join("rapport.md");
    let out = delegat(&[
        "uppföljning",
        log.to_str().unwrap(),
        "--format",
        "md",
        "--till",
        "2024-01-31",
        "-o",
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.starts_with("# Uppföljning av automatiserade beslut"),
        "{text}"
    );
    assert!(text.contains("| januari 2024 | 12 | 12 |"), "{text}");
    assert!(
        !text.contains("februari 2024"),
        "the period ends in January: {text}"
    );
    assert!(!text.contains("<svg"), "no pictures in Markdown");
    for field in &personal {
        assert!(!text.contains(field.as_str()), "{field} is in the report");
    }
}

#[test]
fn a_missing_log_or_a_bad_date_is_a_usage_error() {
    let out = delegat(&["uppföljning", "finns-inte.logg"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("fel[E0510]"), "{}", stderr(&out));
    let out = delegat(&["uppföljning", "x.logg", "--från", "2024-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`--från 2024-13-01` är inget datum"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_changed_record_the_checkpoint_and_the_previous_period_show_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("socialtjanst.logg");
    write_log(&log);
    let o = delegat(&["logg", "kontrollpunkt", log.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let cp = dir.path().join("kontrollpunkt.txt");
    std::fs::write(&cp, &o.stdout).unwrap();
    let report = |extra: &[&str]| {
        let mut args = vec![
            "uppföljning",
            log.to_str().unwrap(),
            "--från",
            "2024-02-01",
            "--till",
            "2024-02-29",
            "--kontrollpunkt",
            cp.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = delegat(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };

    let page = report(&[]);
    assert!(
        page.contains("hel: varje post stämmer med kedjan från den första"),
        "{page}"
    );
    assert!(
        page.contains("loggen fortsätter kontrollpunkten från"),
        "{page}"
    );
    assert!(
        page.contains("alla 8 beslut (färre än urvalet): inga skillnader"),
        "{page}"
    );
    // February beside January (the 29 days before it): 0 of 12 manuell, then 5 of 8.
    let first = &page[..page.find("<h2>").unwrap()];
    assert!(
        first.contains(
            "Andelen manuella ärenden för försörjningsstöd steg från 0,0\u{a0}% under \
             föregående period (2024-01-03 – 2024-01-31) till 62,5\u{a0}% under perioden."
        ),
        "{first}"
    );
    assert!(
        first.contains("<th class=\"num\">Föregående period 2024-01-03 – 2024-01-31</th>"),
        "{first}"
    );
    assert!(
        page.contains("<td>Andel manuella</td><td class=\"num\">0,0\u{a0}%</td><td class=\"num\">62,5\u{a0}%</td><td class=\"num\">+62,5 procentenheter</td>"),
        "{page}"
    );
    // February has decisions on the 12th only.
    assert!(
        page.contains("28; längsta uppehållet 2024-02-13 – 2024-02-29 (17 dagar)"),
        "{page}"
    );

    // Record 13, granted on 12 February, changed in the file after it was logged.
    raise_amount(&log, 13);
    let page = report(&["--ompröva-alla"]);
    let first = &page[..page.find("<h2>").unwrap()];
    assert!(
        first.contains(
            "Beslutsloggen socialtjanst.logg är inte intakt (E0513): post 13 stämmer inte med \
             kedjan"
        ),
        "{first}"
    );
    assert!(
        first.contains(
            "1 av 8 beslut i socialtjanst.logg som prövades om i sin helhet, med båda motorerna, \
             gav inte det loggade beslutsdokumentet (skillnad i belopp)."
        ),
        "{first}"
    );
    assert!(
        first.contains("1 beslut i socialtjanst.logg fick ett annat utfall eller belopp"),
        "{first}"
    );
    assert!(
        page.contains("alla 8 beslut: 1 beslut skilde sig (i belopp)"),
        "{page}"
    );
    assert!(
        page.contains("kunde inte prövas till slut: kedjan är bruten"),
        "{page}"
    );

    // One checkpoint for two logs is a usage error.
    let o = delegat(&[
        "uppföljning",
        log.to_str().unwrap(),
        log.to_str().unwrap(),
        "--kontrollpunkt",
        cp.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("2 loggar men 1 kontrollpunkter"),
        "{}",
        stderr(&o)
    );
    std::fs::write(&cp, "antal beslut: x\n").unwrap();
    let o = delegat(&[
        "uppföljning",
        log.to_str().unwrap(),
        "--kontrollpunkt",
        cp.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("fel[E0515]"), "{}", stderr(&o));
}

/// Changes record `seq` in the file as someone with write access could: its amount raised by
/// 1 000 kr, its chain hash as it was (through the store's hidden test hook, since records
/// are packed many to a row).
fn raise_amount(path: &Path, seq: u64) {
    let mut store = delegat_log::SqliteStore::open(path, false).unwrap();
    let raised = store.edit(seq, |r| {
        let belopp = r.belopp.unwrap();
        r.belopp = Some(delegat::Money::from_ore(belopp.ore() + 100_000));
    });
    assert!(raised.unwrap(), "no record {seq}");
}
