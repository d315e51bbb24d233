//! Tests of the IR: the verifier, the pack format and hash, the codec and the dump.

use crate::build::{Builder, date, dec, fs_sample, kr};
use crate::pack::{self, PackError};
use crate::{BinOp, CmpOp, CmpTy, ExprId, ExprKind, FORMAT_VERSION, LocalId, Type, UnOp, Value};

#[test]
fn the_fs_sample_verifies() {
    let p = fs_sample();
    assert_eq!(p.verify(), vec![]);
    assert_eq!(p.inputs.len(), 7);
    assert_eq!(p.rules.len(), 7);
    assert_eq!(p.decision_by_name("fs").map(|d| d.0), Some(0));
}

#[test]
fn a_pack_round_trips_with_its_hash() {
    let p = fs_sample();
    let bytes = pack::save(&p).unwrap();
    let back = pack::load(&bytes).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.content_hash().unwrap(), p.content_hash().unwrap());
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with(r#"{"format":"delegat-pack","format_version":5,"hash":""#));
    assert!(text.contains(&p.content_hash().unwrap().to_string()));
}

#[test]
fn the_hash_is_deterministic_and_sees_every_change() {
    let a = fs_sample().content_hash().unwrap();
    assert_eq!(a, fs_sample().content_hash().unwrap());
    assert_eq!(a.to_string().len(), 64);
    let mut p = fs_sample();
    if let Some(e) = p
        .exprs
        .iter_mut()
        .find(|e| e.kind == ExprKind::Const(Value::Int(7)))
    {
        e.kind = ExprKind::Const(Value::Int(8));
    }
    assert_ne!(p.content_hash().unwrap(), a);
}

#[test]
fn the_hash_is_the_sha256_of_the_canonical_encoding() {
    use sha2::{Digest, Sha256};
    let mut p = fs_sample();
    // Larger than the 16 KB pieces the hash is computed in (the added expressions are not
    // used, which the hash does not care about).
    let e = p.exprs[0].clone();
    p.exprs.extend(std::iter::repeat_n(e, 1000));
    let bytes = p.canonical_bytes().unwrap();
    assert!(bytes.len() > 3 * 16 * 1024, "{}", bytes.len());
    let want: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(p.content_hash().unwrap().to_string(), want);
}

#[test]
fn a_pack_that_is_not_utf8_is_refused() {
    let text = String::from_utf8(pack::save(&fs_sample()).unwrap()).unwrap();
    // A byte that is not UTF-8 inside the program's first string.
    let at = text.find("\"program\"").unwrap() + 20;
    let at = at + text[at..].find('"').unwrap() + 1;
    let mut bytes = text.into_bytes();
    bytes.insert(at, 0xff);
    assert!(matches!(pack::load(&bytes), Err(PackError::Decode(_))));
}

#[test]
fn a_pack_of_another_version_is_refused_as_such() {
    let text = String::from_utf8(pack::save(&fs_sample()).unwrap()).unwrap();
    let other = text.replacen(
        &format!("\"format_version\":{FORMAT_VERSION}"),
        "\"format_version\":99",
        1,
    );
    assert_eq!(
        pack::load(other.as_bytes()),
        Err(PackError::Version { found: 99 })
    );
}

#[test]
fn a_tampered_pack_fails_its_hash() {
    let text = String::from_utf8(pack::save(&fs_sample()).unwrap()).unwrap();
    // 3 480 kr becomes 3 481 kr.
    let tampered = text.replacen("348000", "348100", 1);
    assert_ne!(tampered, text);
    assert!(matches!(
        pack::load(tampered.as_bytes()),
        Err(PackError::Hash { .. })
    ));
}

#[test]
fn garbage_is_not_a_pack() {
    for bytes in [
        &b""[..],
        b"{",
        b"[]",
        b"{\"format\":\"zip\",\"format_version\":1}",
    ] {
        assert!(
            matches!(pack::load(bytes), Err(PackError::Decode(_))),
            "{bytes:?}"
        );
    }
}

#[test]
fn an_inconsistent_pack_is_refused_even_with_a_good_hash() {
    let mut p = fs_sample();
    p.exprs.push(crate::Expr {
        kind: ExprKind::Rule(crate::RuleId(40)),
        ty: Type::Int,
        span: delegat_diagnostics::Span::detached(),
    });
    let bytes = pack::save(&p).unwrap();
    match pack::load(&bytes) {
        Err(PackError::Invalid(errors)) => {
            assert_eq!(errors.len(), 1);
            assert!(
                errors[0].message.contains("regel #40 finns inte"),
                "{errors:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_verifier_checks_operand_types() {
    let mut b = Builder::new("t");
    let i = b.lit(Value::Int(1));
    let m = b.lit(Value::Money(kr(1)));
    b.expr(
        ExprKind::Binary {
            op: BinOp::AddMoney,
            lhs: i,
            rhs: m,
        },
        Type::Money,
    );
    b.expr(
        ExprKind::Compare {
            op: CmpOp::Lt,
            ty: CmpTy::Bool,
            lhs: i,
            rhs: i,
        },
        Type::Bool,
    );
    b.expr(
        ExprKind::Unary {
            op: UnOp::Not,
            arg: i,
        },
        Type::Int,
    );
    let errors = b.finish().unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        vec![
            "uttryck #2: operanden #0 har typen heltal men operationen kräver belopp",
            "uttryck #3: jämförelsens operander har inte den typ jämförelsen anger",
            "uttryck #3: storleksjämförelse på en typ som bara kan jämföras med `=` och `≠`",
            "uttryck #4: operanden #0 har typen heltal men operationen kräver ja/nej",
            "uttryck #4: uttrycket har typen heltal men operationen ger ja/nej",
        ]
    );
}

#[test]
fn the_verifier_refuses_forward_and_self_references() {
    let mut b = Builder::new("t");
    // e0 = e0 + e1: a cycle and a forward reference.
    b.expr(
        ExprKind::Binary {
            op: BinOp::AddInt,
            lhs: ExprId(0),
            rhs: ExprId(1),
        },
        Type::Int,
    );
    b.lit(Value::Int(1));
    let errors = b.finish().unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .all(|e| e.message.contains("kommer inte före"))
    );
}

#[test]
fn the_verifier_checks_locals_per_frame() {
    let mut b = Builder::new("t");
    let r = b.declare_rule("f", Type::Int, &[("x", Type::Int)], &[]);
    let x = b.local(0, Type::Int);
    let y = b.expr(ExprKind::Local(LocalId(1)), Type::Int);
    let sum = b.binary(BinOp::AddInt, x, y);
    b.set_body(r, sum);
    let errors = b.finish().unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].to_string(),
        "regel `f` (#0): uttryck #1: den lokala platsen 1 finns inte"
    );
}

#[test]
fn the_verifier_checks_parameter_dates_and_values() {
    let mut b = Builder::new("t");
    b.param(
        "p",
        Type::Money,
        vec![
            (date(2026, 1, 1), Value::Money(kr(1))),
            (date(2025, 1, 1), Value::Int(2)),
        ],
    );
    let text: Vec<String> = b
        .finish()
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        text,
        vec![
            "parameter `p` (#0): datumen för parameterns värden stiger inte strikt",
            "parameter `p` (#0): värdet (heltal) har inte typen belopp",
        ]
    );
}

#[test]
fn decimals_have_one_spelling() {
    use crate::codec::{decimal_text, parse_decimal};
    for (m, s, text) in [
        (125, 1, "12.5"),
        (-325, 4, "-0.0325"),
        (3, 0, "3"),
        (0, 0, "0"),
        (-5, 1, "-0.5"),
    ] {
        let d = dec(m, s);
        assert_eq!(decimal_text(d), text);
        assert_eq!(parse_decimal(text), Some(d));
    }
    for bad in ["12.50", "012", "1.", ".5", "+1", "1e3", "", "-", "1,5"] {
        assert_eq!(parse_decimal(bad), None, "{bad}");
    }
}

#[test]
fn values_serialise_readably() {
    let v = Value::list(vec![
        Value::Money(kr(3480)),
        Value::Dec(dec(125, 1)),
        Value::Date(date(2026, 3, 1)),
        Value::Duration(delegat_value::Duration {
            amount: 3,
            unit: delegat_value::DurationUnit::Manader,
        }),
        Value::text("hej"),
        Value::Enum(2),
    ]);
    let json = serde_json::to_string(&v).unwrap();
    assert_eq!(
        json,
        r#"{"List":[{"Money":348000},{"Dec":"12.5"},{"Date":"2026-03-01"},{"Duration":{"amount":3,"unit":"månader"}},{"Text":"hej"},{"Enum":2}]}"#
    );
    let back: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(back, v);
}

#[test]
fn the_dump_shows_items_and_expressions() {
    let text = fs_sample().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "regelverk \"FS – förenklat försörjningsstöd (prestandamätning)\" (format 5)"
    );
    for expected in [
        "uppgift#1 children: lista av heltal (källa: sökande)",
        "parameter#0 vuxen_ensam: belopp",
        "  från 2020-01-01: 3 480 kr",
        "parameter#2 barnkostnad: tabell heltal -> belopp",
        "    1..2: 2 580 kr",
        "    3: 2 030 kr",
        "regel#1 barn: belopp = e11",
        "  lokal#0 ålder: heltal",
        "beslut#0 fs enligt \"lagrum\"",
        "  när e44: manuell \"Ansökan anger särskilda omständigheter.\"",
        "  när e47: bifall belopp e48 \"Behovet är {e45} och inkomsterna {e46}.\"",
        "  annars: avslag \"Inkomsterna, {e46}, täcker behovet {e45}.\"",
        "  e2: ja/nej = eq_int e0, e1",
        "  e6: belopp = mul_money_int e4, e5",
        "  e7: belopp = om e2 så e3 annars e6",
        "  e10: belopp = parameter#2 barnkostnad[e9]",
        "  e11: belopp = summa_money(för lokal#0 i e8: e10)",
        "  e14: heltal = antal(för lokal#0 i e13)",
        "  e16: heltal = regel#2 hushållsstorlek",
        "  e26: belopp = konst 280 kr",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?} in\n{text}");
    }
    let after = lines.iter().skip_while(|l| **l != "uttryck").count();
    assert_eq!(after, 1 + 49, "{text}");
}

mod props {
    use proptest::prelude::*;

    use crate::build::fs_sample;
    use crate::pack;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn loading_garbage_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = pack::load(&bytes);
        }

        #[test]
        fn a_damaged_pack_is_refused_or_sound(edits in prop::collection::vec((any::<usize>(), 0u8..10), 1..4)) {
            let mut text = pack::save(&fs_sample()).unwrap();
            for (at, digit) in edits {
                let digits: Vec<usize> = text
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.is_ascii_digit())
                    .map(|(i, _)| i)
                    .collect();
                let i = digits[at % digits.len()];
                text[i] = b'0' + digit;
            }
            // Either refused (decode, hash or verify) or, if every edit kept the bytes, sound.
            if let Ok(p) = pack::load(&text) {
                prop_assert_eq!(p.verify(), vec![]);
            }
        }

        #[test]
        fn verify_and_dump_never_panic_on_shuffled_ids(edits in prop::collection::vec((0usize..49, any::<u32>()), 1..6)) {
            let mut p = fs_sample();
            for (at, id) in edits {
                if let Some(e) = p.exprs.get_mut(at) {
                    e.kind = match id % 4 {
                        0 => crate::ExprKind::Rule(crate::RuleId(id % 64)),
                        1 => crate::ExprKind::Local(crate::LocalId(id % 8)),
                        2 => crate::ExprKind::Lookup { table: crate::ParamId(id % 8), key: crate::ExprId(id % 64) },
                        _ => crate::ExprKind::Field { record: crate::ExprId(id % 64), index: id },
                    };
                }
            }
            let errors = p.verify();
            let _ = p.to_string();
            // Some edits are valid (a rule of the same type); none may panic, and the
            // verdict is deterministic.
            prop_assert_eq!(errors, p.verify());
        }
    }
}

/// A crafted pack whose norm date reads a parameter (through a rule) is refused: the
/// parameter's version would depend on the norm date it helps to compute.
#[test]
fn a_norm_date_that_reads_a_parameter_does_not_verify() {
    use crate::{OutcomeKind, TemplatePart};
    let mut b = Builder::new("normdatum");
    let day = b.param(
        "dag",
        Type::Date,
        vec![(date(2025, 1, 1), Value::Date(date(2025, 6, 1)))],
    );
    let read = b.read_param(day);
    let r = b.rule("dagen", read);
    let m = b.read_rule(r);
    let manuell = b.outcome(OutcomeKind::Manuell, None, &[TemplatePart::Lit("x".into())]);
    let d = b.decision("beslutet", &[], vec![], manuell);
    b.set_norm(
        d,
        crate::NormSpec {
            month: Some(m),
            ..crate::NormSpec::default()
        },
    );
    let errors = b.finish().unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.to_string().contains("normdatumet beror på en parameter")),
        "{errors:?}"
    );
}

/// The period of a norm date's month is its first and last day, for every day of years
/// with and without a leap day and at the ends of the range of dates.
#[test]
fn a_norm_month_spans_its_first_and_last_day() {
    use delegat_value::{Date, days_in_month};
    let p = fs_sample();
    let d = &p.decisions[0];
    let days = |from: Date, n: i64| {
        (0..n).map(move |k| Date::from_days(i64::from(from.days()) + k).unwrap())
    };
    let all = days(Date::from_ymd(2023, 1, 1).unwrap(), 3 * 366)
        .chain(days(Date::MIN, 40))
        .chain(days(Date::from_ymd(9999, 12, 1).unwrap(), 31));
    let mut n = 0;
    for m in all {
        let (norm, error) = crate::NormDate::resolve(&p, d, m, [Some(m), None, None, None]);
        let (y, mo, _) = m.ymd();
        let want = (
            Date::from_ymd(y, mo, 1).unwrap(),
            Date::from_ymd(y, mo, days_in_month(y, mo)).unwrap(),
        );
        assert_eq!(norm.period, Some(want), "{m}");
        assert_eq!(norm.date, want.0, "{m}");
        assert!(error.is_none());
        n += 1;
    }
    assert_eq!(n, 3 * 366 + 40 + 31);
}
