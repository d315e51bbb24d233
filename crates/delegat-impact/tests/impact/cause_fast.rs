//! The cause the comparison finds from the engines' phase-two results
//! (`cause_fast::first_difference`) is the reference's (`cause::first_difference`, from two
//! owned decisions) on every changed case, for changes of every kind: a parameter, a table
//! row, a rule's body, a parameter only one pack uses, a condition.

use delegat::Engine;
use delegat_impact::cause;
use delegat_impact::cause_fast::{self, Names};
use delegat_ir::Chosen;

use crate::{cases, pack, raised, source};

fn branch(c: Option<Chosen>) -> Option<u32> {
    match c {
        Some(Chosen::Branch(i)) => Some(i),
        _ => None,
    }
}

/// Every case of `lines` whose verdict differs: (the reference's cause, the fast one).
fn both_causes(old_text: &str, new_text: &str, lines: &[String]) -> usize {
    let (old, new) = (pack(old_text), pack(new_text));
    let (od, nd) = (
        old.engine(Engine::Jit).unwrap(),
        new.engine(Engine::Jit).unwrap(),
    );
    let names = Names::new(old.program(), new.program());
    let (mut so, mut sn) = (od.session(), nd.session());
    let mut changed = 0;
    for l in lines {
        let (Ok((va, _, _)), Ok((vb, _, _))) = (so.verdict(l, None), sn.verdict(l, None)) else {
            continue;
        };
        if va.outcome == vb.outcome && va.belopp == vb.belopp {
            continue;
        }
        changed += 1;
        let (ob, nb) = (branch(va.chosen), branch(vb.chosen));
        let fast = cause_fast::first_difference(
            &names,
            (old.program(), so.verdict_trace()),
            (new.program(), sn.verdict_trace()),
            ob,
            nb,
        );
        // The trace alone is phase two's trace.
        for s in [&mut so, &mut sn] {
            let trace = s.verdict_trace().to_vec();
            assert_eq!(trace, s.verdict_result().trace, "{l}");
        }
        let reference = cause::first_difference(
            &od.decide(l, None).unwrap(),
            &nd.decide(l, None).unwrap(),
            ob,
            nb,
        );
        assert_eq!(fast, reference, "{l}");
    }
    changed
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the shipped pack has `{from}`");
    text.replacen(from, to, 1)
}

#[test]
fn the_fast_cause_is_the_reference_cause_for_every_kind_of_change() {
    let text = source();
    let lines = cases(1_500, 23);
    let variants = [
        ("a parameter", raised(&text)),
        (
            "a table row",
            edit(
                &text,
                "  från 2024-01-01: {\n    0:      2 640 kr",
                "  från 2024-01-01: {\n    0:      2 700 kr",
            ),
        ),
        (
            "a rule's body",
            edit(
                &text,
                "= riksnorm + godtagna_kostnader\n",
                "= riksnorm + godtagna_kostnader + 100 kr\n",
            ),
        ),
        (
            "a parameter one pack uses",
            edit(
                &text,
                "    när ensamstående | delar_bostad: riksnorm_ensamstående\n    när sammanlevande: riksnorm_sammanlevande",
                "    när ensamstående: riksnorm_ensamstående\n    när sammanlevande | delar_bostad: riksnorm_sammanlevande",
            ),
        ),
        (
            "a condition",
            edit(
                &text,
                "  när behov > inkomst:\n",
                "  när behov > inkomst + 500 kr:\n",
            ),
        ),
    ];
    for (what, changed_text) in &variants {
        let n = both_causes(&text, changed_text, &lines);
        assert!(n > 10, "{what}: only {n} changed cases");
        // And the other way round.
        assert!(
            both_causes(changed_text, &text, &lines) > 10,
            "{what}, reversed"
        );
    }
}
