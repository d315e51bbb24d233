//! `delegat explain CODE`: the page laid out for a terminal. Standard output is a pipe
//! here, so the plain form is what is tested (the coloured form is tested beside the
//! renderer, in `delegat-diagnostics`).

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "integration tests fail loudly"
)]

use crate::support::{delegat, stderr, stdout};

#[test]
fn a_page_is_plain_text_without_markdown_or_escapes() {
    let out = delegat(&["explain", "E0005"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("E0005\n═════\n\nTusentalsgruppering utanför ett belopp.\n\n"),
        "{text}"
    );
    // Headings underlined, code blocks indented, inline code without backticks.
    assert!(
        text.contains("\nFel\n───\n\n    exempel \"Stor familj\" {\n"),
        "{text}"
    );
    assert!(
        text.contains("i ett belopp, alltså när kr eller öre följer: 3 480 kr"),
        "{text}"
    );
    for markdown in ["`", "**", "```", "# ", "\x1b["] {
        assert!(!text.contains(markdown), "`{markdown}` in\n{text}");
    }
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    // Lower case is accepted too.
    assert_eq!(stdout(&delegat(&["explain", "e0005"])), text);
}

#[test]
fn an_unknown_code_is_a_usage_error_without_repository_paths() {
    let out = delegat(&["explain", "E9999"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`E9999` är ingen känd felkod"), "{err}");
    assert!(!err.contains("docs/"), "{err}");
}
