//! The canonical form of a case (`delegat::CanonicalCase`): the same values give the same
//! bytes, and the bytes read back decide the same decision, on both engines.

use delegat::{Date, Decider};

use crate::support::{ENGINES, example, fs_pack};

fn round_trip(decider: &Decider<'_>, json: &str, default_date: Option<Date>) {
    let case = decider.canonical_case(json, default_date).unwrap();
    assert!(!case.json.contains("beslutsdatum"), "{}", case.json);
    let again = decider.canonical_case(&case.json, Some(case.date)).unwrap();
    assert_eq!(again, case, "canonical of canonical: {json}");
    let first = decider.decide(json, default_date).unwrap().to_json_string();
    let replayed = decider
        .decide(&case.json, Some(case.date))
        .unwrap()
        .to_json_string();
    assert_eq!(first, replayed, "{json}");
    // The session's logging path writes the same line and the same canonical JSON.
    let mut session = decider.session();
    let (mut line, mut canonical) = (Vec::new(), Vec::new());
    let logged = session
        .write_canonical(json, default_date, &mut line, &mut canonical)
        .unwrap();
    assert_eq!(String::from_utf8(line).unwrap(), first);
    assert_eq!(String::from_utf8(canonical).unwrap(), case.json);
    assert_eq!(logged.date, case.date);
}

#[test]
fn every_example_case_of_every_shipped_pack_round_trips_on_both_engines() {
    let mut seen = 0;
    for name in [
        "forsorjningsstod.regel",
        "fritidsaktivitetsbidrag.regel",
        "hemtjanst.regel",
        "maxtaxa.regel",
    ] {
        let pack = example(name);
        for engine in ENGINES {
            let decider = pack.engine(engine).unwrap();
            for (_, json) in pack.example_cases() {
                round_trip(&decider, &json, Date::from_ymd(2026, 3, 1).ok());
                seen += 1;
            }
        }
    }
    assert!(seen > 40, "{seen} cases");
}

#[test]
fn spelling_key_order_and_whitespace_do_not_change_the_canonical_form() {
    let pack = fs_pack();
    let decider = pack.engine(ENGINES[0]).unwrap();
    let date = Date::from_ymd(2026, 3, 1).ok();
    let texts = [
        r#"{"adults":1,"children":[3],"housing":"5 000 kr","electricity":0,"travel":0,"incomes":[100.5],"special_circumstances":false}"#,
        r#"{ "special_circumstances": false, "incomes": ["100,50 kr"], "travel": 0,
                 "electricity": "0 kr", "housing": 5000, "children": [3], "adults": 1 }"#,
        // An escape in a string: the reader's general path.
        r#"{"adults":1,"children":[3],"housing":"5\u0020000 kr","electricity":0,"travel":0,"incomes":[100.5],"special_circumstances":false}"#,
    ];
    let a = decider.canonical_case(texts[0], date).unwrap();
    let b = decider.canonical_case(texts[1], date).unwrap();
    assert_eq!(a, b);
    assert_eq!(decider.canonical_case(texts[2], date).unwrap(), a);
    // The session's logging path (the canonical JSON written as the case is read, on the
    // reader's fast path or its general one) writes the same bytes from either spelling.
    for engine in ENGINES {
        let decider = pack.engine(engine).unwrap();
        for text in texts {
            round_trip(&decider, text, date);
        }
    }
    assert_eq!(
        a.json,
        r#"{"adults":1,"children":[3],"electricity":0,"housing":5000,"incomes":[100.5],"special_circumstances":false,"travel":0}"#
    );
}

#[test]
fn generated_fs_cases_round_trip_on_both_engines() {
    let pack = fs_pack();
    for engine in ENGINES {
        let decider = pack.engine(engine).unwrap();
        for json in crate::support::fs_cases(300, 7) {
            round_trip(&decider, &json, None);
        }
    }
}

/// Försörjningsstöd cases whose lists of records (the children, the young people's
/// incomes) vary in length, values and the order of each record's keys: the canonical JSON
/// the logging path writes as it reads (`Session::write_canonical`) equals the one written
/// from the interpreter's values (`Decider::canonical_case`), on both engines.
#[test]
fn generated_lists_of_records_round_trip_on_both_engines() {
    let pack = example("forsorjningsstod.regel");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut cases = Vec::new();
    for _ in 0..150 {
        let barn: Vec<String> = (0..next(6))
            .map(|_| {
                let (age, lunch) = (next(21), next(2) == 1);
                if next(2) == 0 {
                    format!(r#"{{"ålder":{age},"lunch_utanför_hemmet":{lunch}}}"#)
                } else {
                    format!(r#"{{ "lunch_utanför_hemmet": {lunch}, "ålder": {age} }}"#)
                }
            })
            .collect();
        let young: Vec<String> = (0..next(3))
            .map(|_| {
                let (now, before) = (next(2_000_000), next(20_000_000));
                format!(
                    r#"{{"tidigare_i_år":{}.{:02},"denna_månad":"{} kr"}}"#,
                    before / 100,
                    before % 100,
                    now / 100
                )
            })
            .collect();
        cases.push(format!(
            r#"{{"beslutsdatum":"2024-0{}-01","ansökningsmånad":"2024-01-01","första_ansökan":false,"ändrat_hushåll":false,"övriga_omständigheter":false,"har_tillgångar":false,"hushållsform":"sammanlevande","barn":[{}],"antal_i_bostaden":{},"boendekostnad":"11 000 kr","hushållsel":600,"arbetsresor":800,"hemförsäkring":250,"fackavgift_och_akassa":450,"arbetsinkomst":{},"månader_med_stöd_före_arbetet":2,"månader_med_arbetsinkomst":10,"övriga_inkomster":[2500],"ungdomars_arbetsinkomster":[{}]}}"#,
            1 + next(9),
            barn.join(","),
            2 + barn.len(),
            next(40_000),
            young.join(",")
        ));
    }
    let with_records = cases.iter().filter(|c| c.contains("ålder")).count();
    assert!(with_records > 100, "{with_records} cases with children");
    for engine in ENGINES {
        let decider = pack.engine(engine).unwrap();
        for json in &cases {
            round_trip(&decider, json, None);
        }
    }
}
