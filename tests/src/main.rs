//! One test binary for every fixture folder under `tests/fixtures/`.

mod check;
mod docs;
mod fixture;
mod fmt;
mod legality;
mod parse;
mod tidy;

#[test]
fn diagnostics_codes_are_documented() {
    for code in delegat_diagnostics::Code::ALL {
        let page = code.explanation();
        assert!(
            page.starts_with(&format!("# {code}")),
            "{code}: page must start with its code"
        );
    }
}
