//! The HTML letter (`delegat run --format html`) rendered by headless Chromium: the page it
//! builds has the sender, the heading, the case's facts, the sections in the text letter's
//! order and the shown values as a table; printed it is A4 pages; a screenshot is drawn.
//! Skipped like the follow-up report's test when no Chromium is installed (CI requires it).

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test helpers fail loudly"
)]

use crate::followup_chromium::{chromium, render};
use crate::support::{delegat, root, stderr, stdout};

#[test]
fn chromium_renders_the_html_letter_as_the_text_letter_says_it_on_a4() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pack = root().join("examples/forsorjningsstod.regel");
    let case = root().join("examples/fall/forsorjningsstod.json");
    let run = |format: &str| {
        let o = delegat(&[
            "run",
            pack.to_str().unwrap(),
            "-i",
            case.to_str().unwrap(),
            "--format",
            format,
            "--logotyp",
            "logga.svg",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let text = run("text");
    let html = dir.path().join("brev.html");
    std::fs::write(&html, run("html")).unwrap();
    std::fs::write(
        dir.path().join("logga.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"60\" height=\"20\"><rect width=\"60\" height=\"20\" fill=\"#235\"/></svg>",
    )
    .unwrap();

    let dom = render(&chromium, &html, &["--dump-dom"]);
    assert!(
        dom.contains("<div class=\"namnd\">Socialnämnden i Exempelkommun</div>"),
        "{dom}"
    );
    assert!(dom.contains("<img src=\"logga.svg\""), "{dom}");
    assert!(dom.contains("<h1>BESLUT</h1>"), "{dom}");
    // Every heading of the text letter, in the same order.
    let headings: Vec<&str> = dom
        .split("<h2>")
        .skip(1)
        .map(|h| &h[..h.find("</h2>").unwrap()])
        .collect();
    assert_eq!(
        headings,
        [
            "Beslut",
            "Motivering",
            "Hur beslutet har fattats",
            "Om du anser att beslutet är fel",
            "Hur man överklagar",
            "Kontakt",
            "Dina personuppgifter"
        ]
    );
    let mut at = 0;
    for h in &headings {
        let found = text[at..]
            .find(&format!("\n{h}\n"))
            .unwrap_or_else(|| panic!("`{h}` is not in the text letter after byte {at}:\n{text}"));
        at += found + 1;
    }
    assert!(
        dom.contains("<tr><th scope=\"row\">Hushållets behov</th><td>26 930 kr</td></tr>"),
        "{dom}"
    );
    assert!(
        dom.contains("<a href=\"https://www.exempelkommun.se/personuppgifter\">"),
        "{dom}"
    );

    let pdf = dir.path().join("brev.pdf");
    render(
        &chromium,
        &html,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    let pdf_text = String::from_utf8_lossy(&bytes);
    // A4 is 595 × 842 points.
    assert!(
        pdf_text.contains("/MediaBox [0 0 595 842]")
            || pdf_text.contains("/MediaBox [0 0 594.95996 841.91998]"),
        "not A4: {}",
        pdf_text
            .lines()
            .filter(|l| l.contains("MediaBox"))
            .collect::<Vec<_>>()
            .join(" | ")
    );

    let png = dir.path().join("brev.png");
    render(
        &chromium,
        &html,
        &[
            "--window-size=794,1123",
            &format!("--screenshot={}", png.display()),
        ],
    );
    let image = std::fs::read(&png).unwrap();
    assert!(image.starts_with(b"\x89PNG"), "a PNG");
    assert!(image.len() > 20_000, "a page drawn: {} bytes", image.len());
}
