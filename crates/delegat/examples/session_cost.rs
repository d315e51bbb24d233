//! What a service pays per request for a session made anew against one kept: the
//! försörjningsstöd example pack and case, `Session::write_json` with a fresh
//! `Decider::session()` each time and with one session reused, and with one session reused
//! writing the canonical input too (`Session::write_canonical`, what a logged request does).
//! `cargo run --release -p delegat --example session_cost`.

#![allow(clippy::unwrap_used, reason = "a measuring tool")]

use std::time::Instant;

use delegat::{Date, Engine, NoLoader, Pack};

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/");
    let text = std::fs::read_to_string(format!("{root}forsorjningsstod.regel")).unwrap();
    let case = std::fs::read_to_string(format!("{root}fall/forsorjningsstod.json")).unwrap();
    let pack = Pack::from_source("forsorjningsstod.regel", &text, &mut NoLoader).unwrap();
    let decider = pack.engine(Engine::Jit).unwrap();
    let date = Date::from_ymd(2026, 3, 1).ok();
    let n = 20_000_u32;
    let mut out = Vec::with_capacity(4096);
    for round in 0..3 {
        let t = Instant::now();
        for _ in 0..n {
            out.clear();
            decider.session().write_json(&case, date, &mut out).unwrap();
        }
        let fresh = t.elapsed() / n;
        let mut session = decider.session();
        let t = Instant::now();
        for _ in 0..n {
            out.clear();
            session.write_json(&case, date, &mut out).unwrap();
        }
        let kept = t.elapsed() / n;
        let mut canonical = Vec::with_capacity(4096);
        let t = Instant::now();
        for _ in 0..n {
            out.clear();
            canonical.clear();
            session
                .write_canonical(&case, date, &mut out, &mut canonical)
                .unwrap();
        }
        let logged = t.elapsed() / n;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(decider.session());
        }
        let made = t.elapsed() / n;
        eprintln!(
            "round {round}: a fresh session {fresh:?} a case, a kept one {kept:?}, a kept \
             one with the canonical input of a log {logged:?}, making a session alone {made:?}"
        );
    }
}
