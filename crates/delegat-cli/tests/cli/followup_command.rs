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
/// caseworker); returns the receipts and the e-service references.
fn write_log(path: &Path) -> Vec<String> {
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
    std::fs::write(&limits, "manuell_andel_max = 70\n").unwrap();
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
