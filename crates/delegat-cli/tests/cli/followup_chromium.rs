//! The follow-up report rendered by headless Chromium: the page it builds (`--dump-dom`)
//! has a table behind every chart, the first page's findings and no personal field, and
//! a screenshot is drawn. Skipped with a message when no Chromium is installed, unless
//! `DELEGAT_KRAV_CHROMIUM=1` (CI sets it: `.ci/run`), which makes a missing Chromium a
//! failure. `DELEGAT_CHROMIUM` names the binary when it is not `chromium` on the path.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test helpers fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::followup_command::write_log;
use crate::support::{delegat, root, stderr};

/// The Chromium binary, or `None` (after saying so) when there is none and none is
/// required.
pub(crate) fn chromium() -> Option<PathBuf> {
    let named = std::env::var_os("DELEGAT_CHROMIUM").map(PathBuf::from);
    let found = named.or_else(|| {
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|name| {
                std::env::var_os("PATH").and_then(|paths| {
                    std::env::split_paths(&paths)
                        .map(|dir| dir.join(name))
                        .find(|p| p.is_file())
                })
            })
    });
    if found.is_none() {
        assert!(
            std::env::var_os("DELEGAT_KRAV_CHROMIUM").is_none_or(|v| v != "1"),
            "DELEGAT_KRAV_CHROMIUM=1 but no Chromium was found (install `chromium`, or name \
             it in DELEGAT_CHROMIUM)"
        );
        eprintln!(
            "SKIPPED: a Chromium test (the follow-up report, the HTML letter): no chromium on \
             the path (install \
             `chromium`; CI requires it with DELEGAT_KRAV_CHROMIUM=1)"
        );
    }
    found
}

/// Runs headless Chromium on `page` with `args`; its standard output.
pub(crate) fn render(chromium: &Path, page: &Path, args: &[&str]) -> String {
    let url = format!("file://{}", page.display());
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn chromium_renders_the_report_with_a_table_behind_every_chart_and_no_personal_field() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("socialtjanst.logg");
    let personal = write_log(&log);
    let html = dir.path().join("rapport.html");
    let o = delegat(&[
        "uppföljning",
        log.to_str().unwrap(),
        "--från",
        "2024-02-01",
        "--till",
        "2024-02-29",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let dom = render(&chromium, &html, &["--dump-dom"]);
    assert!(dom.contains("<html"), "a document: {dom}");
    let figures: Vec<&str> = dom.split("<figure class=\"chart\">").skip(1).collect();
    assert_eq!(figures.len(), 4, "four charts: {dom}");
    for figure in figures {
        let figure = &figure[..figure.find("</figure>").unwrap()];
        assert!(figure.contains("<svg"), "a chart: {figure}");
        assert!(figure.contains("<table>"), "the table behind it: {figure}");
        assert!(
            figure.contains("<caption>"),
            "the table's caption: {figure}"
        );
    }
    for field in &personal {
        assert!(!dom.contains(field.as_str()), "{field} is in the page");
    }
    // No case's field by its key: as the case's JSON has it, or an identifier (a rule's
    // text may speak of "arbetsinkomsten" in prose).
    let case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/fall/forsorjningsstod.json")).unwrap(),
    )
    .unwrap();
    let keys: Vec<&String> = case.as_object().unwrap().keys().collect();
    assert!(keys.len() > 5, "the case's keys: {keys:?}");
    for key in keys {
        assert!(
            !dom.contains(&format!("\"{key}\"")),
            "the case field {key} is in the page"
        );
        if key.contains('_') {
            assert!(
                !dom.contains(key.as_str()),
                "the case field {key} is in the page"
            );
        }
    }
    let first = &dom[..dom.find("<h2>").unwrap()];
    assert!(first.contains("Det här bör nämnden titta på"), "{first}");
    assert!(
        first.contains("iakttagelser kräver åtgärd"),
        "findings on the first page: {first}"
    );
    assert!(
        first.contains("Andelen manuella ärenden för försörjningsstöd steg från 0,0"),
        "the comparison with the previous period: {first}"
    );
    assert!(
        first.contains("Perioden i siffror"),
        "the key figures: {first}"
    );

    // A screenshot at a phone's width: Chromium draws the page.
    let shot = dir.path().join("rapport.png");
    render(
        &chromium,
        &html,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=412,2000",
        ],
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() > 20_000,
        "a drawn page, not a blank one: {} bytes",
        png.len()
    );
}
