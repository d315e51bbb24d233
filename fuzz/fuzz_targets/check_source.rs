//! Any text as a rule file: parse, check, legality, cost bound and lowering must end with a
//! pack or coded diagnostics, never a panic, an overflow of the stack or a hang. The
//! diagnostics are rendered too (the human form is bounded in size).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match delegat::Pack::from_source("fuzz.regel", text, &mut delegat::NoLoader) {
        Ok(pack) => {
            let _ = pack.to_bytes();
        }
        Err(e) => {
            let _ = e.render(false);
        }
    }
});
