//! What verifying finds, on both backends: a changed amount, a changed input, a removed
//! record, a log cut back behind its checkpoint; and a whole log against its own checkpoint.

use delegat::{Engine, Money};
use delegat_log::{Checkpoint, Problem, Store, decide_batch_logged, verify};

use crate::support::{TestLog, both, fs_cases, fs_pack};

both!(
    a_changed_record_is_named_and_the_checkpoint_before_it_still_holds,
    a_removed_record_is_missing_and_a_later_checkpoint_no_longer_holds,
);

/// A log of `n` FS decisions.
fn logged(tl: &TestLog, n: usize) {
    let pack = fs_pack();
    let log = tl.log();
    let decider = pack.engine(Engine::Jit).unwrap();
    let input = fs_cases(n, 17).join("\n");
    let b = decide_batch_logged(
        &decider,
        &log,
        input.as_bytes(),
        std::io::sink(),
        None,
        |_| {},
    )
    .unwrap();
    assert_eq!(b.summary.cases, n as u64);
}

fn a_changed_record_is_named_and_the_checkpoint_before_it_still_holds(tl: &TestLog) {
    logged(tl, 40);
    let mut store = tl.store();
    let whole = verify(&mut store, None).unwrap();
    assert_eq!((whole.head.count, whole.problem), (40, None));
    let at_end = Checkpoint::of(&whole.head);
    assert_eq!(verify(&mut store, Some(&at_end)).unwrap().problem, None);

    store.edit(25, |r| {
        r.belopp = Some(Money::from_ore(r.belopp.map_or(0, Money::ore) + 1));
    });
    let v = verify(&mut store, None).unwrap();
    assert!(
        matches!(v.problem, Some(Problem::Changed { seq: 25, .. })),
        "{:?}",
        v.problem
    );
    assert_eq!(v.head.count, 24);
    assert_eq!(v.problem.as_ref().map(|p| p.code().as_str()), Some("E0513"));

    // The input of another record changed: its digest no longer gives the chain.
    let mut logged_input = None;
    store
        .scan(10, &mut |r| {
            logged_input = r.input;
            Ok(false)
        })
        .unwrap();
    let input = logged_input.unwrap();
    store.edit(10, |r| {
        r.input = Some(input.replacen("\"travel\":", "\"travel\":1", 1));
    });
    let v = verify(&mut store, None).unwrap();
    assert!(
        matches!(v.problem, Some(Problem::Changed { seq: 10, .. })),
        "{:?}",
        v.problem
    );
}

fn a_removed_record_is_missing_and_a_later_checkpoint_no_longer_holds(tl: &TestLog) {
    logged(tl, 30);
    let mut store = tl.store();
    let checkpoint = Checkpoint::of(&verify(&mut store, None).unwrap().head);
    // The last record removed: the chain holds, but the log no longer extends its checkpoint.
    store.remove(30);
    let v = verify(&mut store, None).unwrap();
    assert_eq!((v.head.count, v.problem), (29, None));
    let v = verify(&mut store, Some(&checkpoint)).unwrap();
    assert!(
        matches!(v.problem, Some(Problem::Checkpoint(_))),
        "{:?}",
        v.problem
    );
    assert_eq!(v.problem.as_ref().map(|p| p.code().as_str()), Some("E0514"));
    // A record in the middle removed: named as missing.
    store.remove(12);
    let v = verify(&mut store, None).unwrap();
    assert!(
        matches!(
            v.problem,
            Some(Problem::Missing {
                expected: 12,
                seq: 13,
                ..
            })
        ),
        "{:?}",
        v.problem
    );
}
