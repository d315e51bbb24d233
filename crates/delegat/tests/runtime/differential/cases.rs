//! Generated cases for any pack, as proptest strategies driven by the program's declared
//! inputs (`Program::inputs`): their types, ranges, enums, lists, records, texts and dates.
//!
//! - Numbers are mostly ordinary (amounts in whole kronor up to 50 000 kr, small counts),
//!   often exactly at or next to a declared range end, and sometimes anywhere in the
//!   range, i64 extremes included (overflow paths).
//! - Every generated value lies within its declared range, so every case is read by the
//!   runtime: the JSON path and the value path see the same case.
//! - Dates, the decision date above all, cluster around the dates the pack's parameters
//!   and table rows change, before the first version too (no value in force).
//! - Inputs of a source other than `sökande` (register, handläggare, bedömning) are
//!   sometimes left out, as a case may leave them.
//!
//! [`to_json`] writes a case as the JSON a caller sends, `beslutsdatum` included.

use std::sync::Arc;

use delegat::{Date, Money};
use delegat_ir::{Bounds, Kalla, ParamValue, Program, RowKey, Type, TypeDefKind, Value};
use delegat_value::{Decimal, Duration, DurationUnit};
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use serde_json::{Map, Value as Json};

/// One generated case: a value (or none) for every input, and the decision date.
#[derive(Clone, Debug)]
pub struct Case {
    /// One slot per input of the program, in declaration order.
    pub inputs: Vec<Option<Value>>,
    /// `beslutsdatum`.
    pub date: Date,
}

/// The strategy of cases of `p`: half wholly generated, half an `exempel` of the pack with
/// a few of its inputs (and its date) replaced by generated ones. The exempel half reaches
/// the outcomes a wholly random case rarely meets (every gate of a decision open at once).
pub fn case(p: &Program) -> BoxedStrategy<Case> {
    let dates = Arc::new(interesting_dates(p));
    let types = Arc::new(p.clone());
    let inputs: Vec<BoxedStrategy<Option<Value>>> = p
        .inputs
        .iter()
        .map(|input| {
            let value = value(&types, &dates, &input.ty, &input.bounds);
            match input.kalla {
                Kalla::Sokande => value.prop_map(Some).boxed(),
                _ => proptest::option::weighted(0.9, value).boxed(),
            }
        })
        .collect();
    let random = (inputs.clone(), decision_date(&dates))
        .prop_map(|(inputs, date)| Case { inputs, date })
        .boxed();
    let examples: Vec<(Vec<Option<Value>>, Option<Date>)> = p
        .examples
        .iter()
        .map(|ex| {
            let mut slots = vec![None; p.inputs.len()];
            for g in &ex.givet {
                if let Some(slot) = slots.get_mut(g.input.index()) {
                    *slot = Some(g.value.clone());
                }
            }
            (slots, ex.date)
        })
        .collect();
    if examples.is_empty() {
        return with_near_dates(p, random);
    }
    let sokande: Vec<bool> = p.inputs.iter().map(|i| i.kalla == Kalla::Sokande).collect();
    let n = p.inputs.len();
    let varied = (
        proptest::sample::select(examples),
        inputs,
        proptest::collection::vec(proptest::bool::weighted(0.08), n),
        decision_date(&dates),
        proptest::bool::weighted(0.2),
    )
        .prop_map(
            move |((given, given_date), generated, replace, date, new_date)| {
                let inputs = given
                    .into_iter()
                    .zip(generated)
                    .zip(&replace)
                    .zip(&sokande)
                    .map(|(((g, new), r), s)| match g {
                        Some(_) if !*r => g,
                        None if !*r && !*s => None,
                        _ => new,
                    })
                    .collect();
                let date = match given_date {
                    Some(d) if !new_date => d,
                    _ => date,
                };
                Case { inputs, date }
            },
        );
    with_near_dates(p, prop_oneof![random, varied].boxed())
}

/// `cases` with some `datum` inputs moved near the decision date ([`near_decision_date`]).
fn with_near_dates(p: &Program, cases: BoxedStrategy<Case>) -> BoxedStrategy<Case> {
    let near = near_decision_date(p);
    (
        cases,
        proptest::collection::vec(
            // Mostly within a month of the decision date, sometimes further away.
            proptest::option::weighted(0.9, prop_oneof![4 => -1i64..=1, 1 => -3i64..=2]),
            p.inputs.len(),
        ),
    )
        .prop_map(move |(case, shifts)| near(case, &shifts))
        .boxed()
}

/// Moves some `datum` inputs (without a range) to the first day of a month near the case's
/// decision date, `shifts[i]` months away: a month applied for (`gäller_månad:`) is
/// usually the current one or next to it, and a decision's bounds on its norm date
/// (`normdatum_tidigast:`, `normdatum_senast:`) are then met from both sides.
fn near_decision_date(p: &Program) -> impl Fn(Case, &[Option<i64>]) -> Case + use<> {
    let dated: Vec<bool> = p
        .inputs
        .iter()
        .map(|i| i.ty == Type::Date && i.bounds.is_none())
        .collect();
    move |mut case, shifts| {
        for ((slot, dated), shift) in case.inputs.iter_mut().zip(&dated).zip(shifts) {
            let (Some(Value::Date(_)), true, Some(k)) = (&slot, dated, shift) else {
                continue;
            };
            let (y, m, _) = case.date.ymd();
            let moved = Date::from_ymd(y, m, 1).and_then(|first| {
                first.checked_add_duration(Duration::new(*k, DurationUnit::Manader))
            });
            if let Ok(d) = moved {
                *slot = Some(Value::Date(d));
            }
        }
        case
    }
}

/// The case as the JSON a caller sends (left-out inputs are absent).
pub fn to_json(p: &Program, case: &Case) -> String {
    let mut m = Map::new();
    m.insert("beslutsdatum".into(), Json::String(case.date.to_string()));
    for (input, v) in p.inputs.iter().zip(&case.inputs) {
        if let Some(v) = v {
            m.insert(input.name.clone(), json(p, v, &input.ty));
        }
    }
    Json::Object(m).to_string()
}

fn json(p: &Program, v: &Value, ty: &Type) -> Json {
    let number = |text: String| Json::Number(text.parse().unwrap_or_else(|_| 0.into()));
    match v {
        Value::Int(i) => Json::Number((*i).into()),
        Value::Money(m) => number(delegat_value::json::money_to_json(*m)),
        Value::Dec(d) => number(delegat_value::json::decimal_to_json(*d)),
        Value::Bool(b) => Json::Bool(*b),
        Value::Date(d) => Json::String(d.to_string()),
        Value::Duration(d) => Json::String(duration_text(*d)),
        Value::Enum(i) => {
            let name = match ty {
                Type::Enum(t) => match p.type_def(*t).map(|d| &d.kind) {
                    Some(TypeDefKind::Enum(names)) => names.get(*i as usize).cloned(),
                    _ => None,
                },
                _ => None,
            };
            Json::String(name.unwrap_or_default())
        }
        Value::Text(t) => Json::String(t.to_string()),
        Value::List(items) => {
            let elem = ty.elem().cloned().unwrap_or(Type::Text);
            Json::Array(items.iter().map(|x| json(p, x, &elem)).collect())
        }
        Value::Record(fields) => {
            let defs = match ty {
                Type::Record(t) => match p.type_def(*t).map(|d| &d.kind) {
                    Some(TypeDefKind::Record(defs)) => defs.as_slice(),
                    _ => &[],
                },
                _ => &[],
            };
            let mut m = Map::new();
            for (fd, x) in defs.iter().zip(fields.iter()) {
                m.insert(fd.name.clone(), json(p, x, &fd.ty));
            }
            Json::Object(m)
        }
    }
}

fn duration_text(d: Duration) -> String {
    let unit = match d.unit {
        DurationUnit::Dagar => "dagar",
        DurationUnit::Veckor => "veckor",
        DurationUnit::Manader => "månader",
        DurationUnit::Ar => "år",
    };
    format!("{} {unit}", d.amount)
}

/// Every date the pack's values change on: parameter versions, date rows of tables, and
/// the date bounds of inputs. Sorted, without duplicates; never empty.
fn interesting_dates(p: &Program) -> Vec<Date> {
    let mut out = Vec::new();
    for par in &p.params {
        for v in &par.versions {
            out.push(v.from);
            if let ParamValue::Table(rows) = &v.value {
                for row in rows {
                    if let RowKey::Date { lo, hi } = row.key {
                        out.extend(lo);
                        out.extend(hi);
                    }
                }
            }
        }
    }
    for input in &p.inputs {
        for b in [&input.bounds.lo, &input.bounds.hi].into_iter().flatten() {
            if let Value::Date(d) = b {
                out.push(*d);
            }
        }
    }
    if out.is_empty() {
        out.push(day(2026, 1, 1));
    }
    out.sort();
    out.dedup();
    out
}

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap_or(Date::MIN)
}

fn shift(d: Date, days: i64) -> Date {
    Date::from_days(i64::from(d.days()) + days).unwrap_or(d)
}

/// The decision date: on and next to the days values change (most), well before the
/// first version (nothing in force), or any day of 2000–2035.
fn decision_date(dates: &Arc<Vec<Date>>) -> BoxedStrategy<Date> {
    let n = dates.len();
    let first = dates.first().copied().unwrap_or(Date::MIN);
    let near = {
        let dates = Arc::clone(dates);
        (0..n, -3i64..=3)
            .prop_map(move |(i, off)| shift(dates.get(i).copied().unwrap_or(first), off))
    };
    let later = {
        let dates = Arc::clone(dates);
        (0..n, 4i64..=500)
            .prop_map(move |(i, off)| shift(dates.get(i).copied().unwrap_or(first), off))
    };
    let before = (1i64..=1500).prop_map(move |off| shift(first, -off));
    let any = (day(2000, 1, 1).days()..=day(2035, 12, 31).days())
        .prop_map(|d| Date::from_days(i64::from(d)).unwrap_or(Date::MIN));
    prop_oneof![
        5 => near,
        3 => later,
        1 => before,
        1 => any,
    ]
    .boxed()
}

/// A value of `ty` within `bounds` (for a list: of every element).
fn value(
    p: &Arc<Program>,
    dates: &Arc<Vec<Date>>,
    ty: &Type,
    bounds: &Bounds,
) -> BoxedStrategy<Value> {
    match ty {
        Type::Int => {
            let (lo, hi) = (int_bound(&bounds.lo), int_bound(&bounds.hi));
            int_in(lo, hi, (-3, 40), 1).prop_map(Value::Int).boxed()
        }
        Type::Money => {
            let (lo, hi) = (money_bound(&bounds.lo), money_bound(&bounds.hi));
            int_in(lo, hi, (0, 1_000_000), 100)
                .prop_map(|o| Value::Money(Money::from_ore(o)))
                .boxed()
        }
        Type::Dec => decimal(bounds).prop_map(Value::Dec).boxed(),
        Type::Bool => proptest::bool::weighted(0.25).prop_map(Value::Bool).boxed(),
        Type::Date => date(dates, bounds).prop_map(Value::Date).boxed(),
        Type::Duration => (prop_oneof![8 => -3i64..=40, 1 => -999i64..=999], 0u8..4)
            .prop_map(|(n, u)| {
                Value::Duration(Duration::new(
                    n,
                    DurationUnit::from_u8(u).unwrap_or(DurationUnit::Dagar),
                ))
            })
            .boxed(),
        Type::Text => prop_oneof![
            3 => proptest::sample::select(vec![
                "", "ja", "nej", "Anna Svensson", "åäö ÅÄÖ", "\"citat\" och \\", "rad\nny rad",
            ])
            .prop_map(Value::text),
            1 => "[a-zåäö ]{0,12}".prop_map(|s| Value::text(&s)),
        ]
        .boxed(),
        Type::Enum(t) => {
            let n = match p.type_def(*t).map(|d| &d.kind) {
                Some(TypeDefKind::Enum(names)) => names.len(),
                _ => 1,
            };
            let n = u32::try_from(n.max(1)).unwrap_or(1);
            (0..n).prop_map(Value::Enum).boxed()
        }
        Type::Record(t) => {
            let fields: Vec<BoxedStrategy<Value>> = match p.type_def(*t).map(|d| &d.kind) {
                Some(TypeDefKind::Record(defs)) => defs
                    .iter()
                    .map(|fd| value(p, dates, &fd.ty, &fd.bounds))
                    .collect(),
                _ => Vec::new(),
            };
            fields.prop_map(Value::record).boxed()
        }
        Type::List(elem) => {
            let item = value(p, dates, elem, bounds);
            prop_oneof![
                6 => proptest::collection::vec(item.clone(), 0..4),
                1 => proptest::collection::vec(item, 4..12),
            ]
            .prop_map(Value::list)
            .boxed()
        }
    }
}

fn int_bound(b: &Option<Value>) -> Option<i64> {
    match b {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

fn money_bound(b: &Option<Value>) -> Option<i64> {
    match b {
        Some(Value::Money(m)) => Some(m.ore()),
        _ => None,
    }
}

/// An integer within `lo..=hi`: mostly in the ordinary range (rounded to `step`, as
/// amounts mostly are whole kronor), often at or next to a range end, sometimes anywhere.
fn int_in(lo: Option<i64>, hi: Option<i64>, ordinary: (i64, i64), step: i64) -> BoxedStrategy<i64> {
    let (min, max) = (lo.unwrap_or(i64::MIN), hi.unwrap_or(i64::MAX));
    let clamp = move |v: i64| v.clamp(min, max);
    let (olo, ohi) = (clamp(ordinary.0), clamp(ordinary.1));
    let ordinary = (olo..=ohi).prop_map(move |v| clamp(v - v.rem_euclid(step)));
    let fine = (olo..=ohi).prop_map(move |v| v);
    let ends = proptest::sample::select(vec![
        min,
        max,
        min.saturating_add(1),
        max.saturating_sub(1),
        clamp(0),
        clamp(step),
        clamp(-step),
    ]);
    let anywhere = (min..=max).prop_map(move |v| v);
    prop_oneof![
        10 => ordinary,
        2 => fine,
        3 => ends,
        1 => anywhere,
    ]
    .boxed()
}

fn dec_bound(b: &Option<Value>) -> Option<Decimal> {
    match b {
        Some(Value::Dec(d)) => Some(*d),
        Some(Value::Int(i)) => Some(Decimal::from_i64(*i)),
        _ => None,
    }
}

/// A decimal within the bounds: mostly few digits and a small scale, sometimes the ends
/// and very long numbers.
fn decimal(bounds: &Bounds) -> BoxedStrategy<Decimal> {
    let (lo, hi) = (dec_bound(&bounds.lo), dec_bound(&bounds.hi));
    let clamp = move |d: Decimal| {
        let d = match lo {
            Some(l) if d < l => l,
            _ => d,
        };
        match hi {
            Some(h) if d > h => h,
            _ => d,
        }
    };
    let ordinary = (-20_000i128..=20_000, 0u32..=3)
        .prop_map(move |(m, s)| clamp(Decimal::new(m, s).unwrap_or(Decimal::ZERO)));
    let long = (-(10i128.pow(27))..=10i128.pow(27), 0u32..=12)
        .prop_map(move |(m, s)| clamp(Decimal::new(m, s).unwrap_or(Decimal::ZERO)));
    let ends = proptest::sample::select(vec![
        clamp(lo.unwrap_or(Decimal::ZERO)),
        clamp(hi.unwrap_or(Decimal::ONE)),
        clamp(Decimal::ZERO),
    ]);
    prop_oneof![
        8 => ordinary,
        2 => ends,
        1 => long,
    ]
    .boxed()
}

/// A date within the bounds: mostly near the pack's interesting dates, sometimes any day
/// of 1900–2100, and the bounds themselves.
fn date(dates: &Arc<Vec<Date>>, bounds: &Bounds) -> BoxedStrategy<Date> {
    let b = |v: &Option<Value>| match v {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    let (min, max) = (
        b(&bounds.lo).unwrap_or(day(1900, 1, 1)),
        b(&bounds.hi).unwrap_or(day(2100, 12, 31)),
    );
    let clamp = move |d: Date| d.clamp(min, max);
    let n = dates.len();
    let near = {
        let dates = Arc::clone(dates);
        (0..n, -800i64..=800)
            .prop_map(move |(i, off)| clamp(shift(dates.get(i).copied().unwrap_or(min), off)))
    };
    let any = (min.days()..=max.days())
        .prop_map(move |d| clamp(Date::from_days(i64::from(d)).unwrap_or(min)));
    let ends = proptest::sample::select(vec![min, max]);
    prop_oneof![
        4 => near,
        3 => any,
        1 => ends,
    ]
    .boxed()
}
