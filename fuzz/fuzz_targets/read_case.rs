//! Any bytes as a case of the shipped försörjningsstöd pack: a decision or a coded case
//! error, never a panic, on both engines; and both engines decide a case they both read the
//! same way.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

static PACK: LazyLock<Option<delegat::Pack>> = LazyLock::new(|| {
    let text = include_str!("../../examples/forsorjningsstod.regel");
    delegat::Pack::from_source("forsorjningsstod.regel", text, &mut delegat::NoLoader).ok()
});

fuzz_target!(|data: &[u8]| {
    let Some(pack) = PACK.as_ref() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let date = delegat::Date::from_ymd(2026, 3, 1).ok();
    let decide = |engine| {
        pack.engine(engine).ok().map(|d| {
            d.decide(text, date)
                .map(|x| x.to_json_string())
                .map_err(|e| e.code())
        })
    };
    let interpreted = decide(delegat::Engine::Interpreter);
    let native = decide(delegat::Engine::Jit);
    assert_eq!(interpreted, native, "the engines disagree on {text:?}");
});
