//! Any bytes as a pack file: refused with an error or loaded, and a loaded pack decides a
//! case on both engines without a panic or a hang (its cost bound was checked at load).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(pack) = delegat::Pack::load(data) else {
        return;
    };
    let date = delegat::Date::from_ymd(2026, 3, 1).ok();
    for engine in [delegat::Engine::Interpreter, delegat::Engine::Jit] {
        if let Ok(d) = pack.engine(engine) {
            let _ = d.decide("{}", date);
        }
    }
});
