//! Records `N` decisions through `StoreLog` (the service's decision log, an SQLite file in
//! a temporary directory) as `delegat serve` does, handed to the group-committing writer
//! with `DecisionLog::submit` (the first with `record`, which archives the pack), each
//! awaited before the next: for counting what the logged path allocates per decision, e.g. under `valgrind --tool=dhat` at `N` and `2N`, the
//! difference divided by `N` (docs/PERFORMANCE.md, "`delegat serve` under load").
//!
//! `cargo run --release -p delegat-serve --example log_record -- [N]`

use delegat::{Date, Engine, NoLoader, Pack, Utfall};
use delegat_serve::{DecisionLog, LogRecord, StoreLog};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .as_deref()
        .unwrap_or("1000")
        .parse()?;
    let source = include_str!("../../delegat-bench/fs.regel");
    let pack = Pack::from_source("fs.regel", source, &mut NoLoader).map_err(|e| e.render(false))?;
    let dir = tempfile::Builder::new()
        .prefix("delegat-log-record-")
        .tempdir()?;
    let log = StoreLog::open(&delegat_log::Location::File(dir.path().join("logg.db")))?;
    let date = Date::parse("2026-03-01").map_err(|e| format!("{e:?}"))?;
    let document = vec![b'x'; 1024];
    let record = LogRecord {
        pack: &pack,
        decision: "fs",
        engine: Engine::Interpreter,
        date,
        input: r#"{"adults":1,"children_ages":[4]}"#,
        utfall: Utfall::Bifall,
        belopp: None,
        document: &document,
    };
    let mut last = log.record(&record)?;
    let (tx, rx) = std::sync::mpsc::channel();
    for _ in 1..n {
        let tx = tx.clone();
        let done = Box::new(move |id| drop(tx.send(id)));
        if log.submit(&record, done).is_err() {
            return Err("the log did not take the decision".into());
        }
        last = rx.recv()??;
    }
    drop(log);
    dir.close()?;
    println!("{n} decisions logged, the last {last}");
    Ok(())
}
