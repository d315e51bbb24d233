//! The impact analysis of a new rule pack (`delegat konsekvens`): what the new pack would
//! decide differently, how much more or less it would pay, and why, from
//! [`delegat_impact::Facts`].
//!
//! The facts become a [`followup::Page`] (the follow-up report's page model, with its
//! tables, its SVG writer and its wording, [`followup::words`]), laid out by the follow-up's
//! page templates with the impact's own first-section lines. Counts below the
//! smallest group are suppressed as in the follow-up, and a group's anonymised example is
//! shown only for a group of at least that size. [`json`] gives the same facts for machines.

use askama::Template;
use delegat::Money;
use delegat_impact::diff::Change;
use delegat_impact::facts::{Bucket, Facts, Group, Outcome, PackSide};
use delegat_impact::{Cause, Checked, Measure, Violation};
use serde_json::{Value, json};

use crate::followup::{Cell, Figure, Html, Markdown, Page, Section, Table, svg, words};

/// What the first section says when no limit is broken.
fn calm(gated: bool) -> &'static str {
    if gated {
        "Ändringen håller sig inom de gränser som angavs med `--tillåt`."
    } else {
        "Inga gränser angavs (`--tillåt`); läs rapporten i sin helhet."
    }
}

/// The report as Markdown; `violations` are the broken limits of the gate, if one was given.
pub fn markdown(facts: &Facts, violations: Option<&[Violation]>) -> Result<String, crate::Error> {
    Markdown {
        page: &page(facts, violations),
    }
    .render()
}

/// The report as one self-contained HTML page.
pub fn html(facts: &Facts, violations: Option<&[Violation]>) -> Result<String, crate::Error> {
    Html {
        page: &page(facts, violations),
    }
    .render()
}

fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        num: false,
    }
}

fn num(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        num: true,
    }
}

fn kr(ore: i64) -> String {
    Money::from_ore(ore).to_string()
}

/// A signed amount: `+76 kr`, `−76 kr`.
fn signed_kr(ore: i64) -> String {
    if ore > 0 {
        format!("+{}", kr(ore))
    } else if ore < 0 {
        format!("−{}", kr(ore.saturating_neg()))
    } else {
        kr(0)
    }
}

/// `part` of `whole` in tenths of a per cent.
fn permille(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        0
    } else {
        u64::try_from(u128::from(part) * 1000 / u128::from(whole)).unwrap_or(u64::MAX)
    }
}

fn pack_name(p: &PackSide) -> String {
    let short = p.hash.get(..12).unwrap_or(&p.hash);
    match &p.version {
        Some(v) => format!("«{}» version {v} ({short})", p.titel),
        None => format!("«{}» ({short})", p.titel),
    }
}

/// What a cause is, in the jurist's terms.
pub fn cause(c: &Cause) -> String {
    match c {
        Cause::Parameter {
            name,
            key,
            old,
            new,
            old_from,
            new_from,
        } => {
            let what = match key {
                Some(k) => format!("raden {k} i tabellen `{name}`"),
                None => format!("`{name}`"),
            };
            let when = match (old_from, new_from) {
                (Some(a), Some(b)) if a == b => format!(" (värdet som gäller från {a})"),
                (Some(a), Some(b)) => format!(" (gällde från {a}, nu från {b})"),
                _ => String::new(),
            };
            format!("{what} gick från {old} till {new}{when}")
        }
        Cause::UsedBy { name, key, new } => {
            let what = match key {
                Some(k) => format!("raden {k} i tabellen `{name}`"),
                None => format!("`{name}`"),
            };
            let which = if *new { "det nya" } else { "det gamla" };
            format!("bara {which} regelpaketet använder {what} i de här ärendena")
        }
        Cause::Rule { name, old, new } => {
            format!("regeln `{name}` ger {new} i stället för {old}")
        }
        Cause::Branch { old, new } => {
            let line = |b: &Option<u32>| match b {
                Some(i) => format!("rad {} (`när`)", i + 1),
                None => "`annars`".to_owned(),
            };
            format!(
                "en annan rad i beslutet avgör ärendet: {} i stället för {}",
                line(new),
                line(old)
            )
        }
        Cause::Invalid { old, new } => match (old, new) {
            (Some(a), Some(b)) => {
                format!("inget av paketen kan läsa ärendet ({a} respektive {b})")
            }
            (Some(a), None) => format!("det gamla paketet kunde inte läsa ärendet ({a})"),
            (None, Some(b)) => format!("det nya paketet kan inte läsa ärendet ({b})"),
            (None, None) => "ett av paketen kan inte läsa ärendet".to_owned(),
        },
    }
}

/// How a group's amounts change.
fn delta(g: &Group) -> String {
    let (lo, hi) = (g.delta_min, g.delta_max);
    if lo == hi {
        match lo.cmp(&0) {
            std::cmp::Ordering::Greater => format!("får {} mer", kr(lo)),
            std::cmp::Ordering::Less => format!("får {} mindre", kr(lo.saturating_neg())),
            std::cmp::Ordering::Equal => "får samma belopp".to_owned(),
        }
    } else if lo > 0 {
        format!("får mellan {} och {} mer", kr(lo), kr(hi))
    } else if hi < 0 {
        format!(
            "får mellan {} och {} mindre",
            kr(hi.saturating_neg()),
            kr(lo.saturating_neg())
        )
    } else {
        format!(
            "får ett belopp som ändras med mellan {} och {}",
            signed_kr(lo),
            signed_kr(hi)
        )
    }
}

/// One line of "why they change": `2 340 ärenden (bifall) får 76 kr mer: …`.
pub fn group_line(g: &Group, min_group: u64) -> String {
    let n = words::count(g.count, min_group);
    let what = if g.from == g.to {
        format!("{n} ärenden ({}) {}", g.from.as_str(), delta(g))
    } else {
        format!(
            "{n} ärenden går från {} till {} och {}",
            g.from.as_str(),
            g.to.as_str(),
            delta(g)
        )
    };
    format!("{what}: {}.", cause(&g.cause))
}

fn bucket_label(b: &Bucket) -> String {
    match (b.lo, b.hi) {
        (None, Some(hi)) => format!("under {}", signed_kr(hi + 1)),
        (Some(lo), None) => format!("över {}", signed_kr(lo - 1)),
        (Some(0), Some(0)) => "samma belopp".to_owned(),
        (Some(lo), Some(hi)) => format!("{} till {}", signed_kr(lo), signed_kr(hi)),
        (None, None) => "alla".to_owned(),
    }
}

/// The page of `facts`.
pub fn page(facts: &Facts, violations: Option<&[Violation]>) -> Page {
    let min = facts.min_group;
    let (old, new) = (facts.cost_old(), facts.cost_new());
    let change = new.saturating_sub(old);
    let flips: u64 = facts
        .matrix
        .iter()
        .filter(|((a, b), _)| a != b)
        .map(|(_, n)| n)
        .sum();
    let action: Vec<String> = violations
        .unwrap_or(&[])
        .iter()
        .map(|v| format!("Gränsen `{}` överskrids: {}.", v.rule, v.found))
        .collect();
    let mut info = vec![format!(
        "{} av {} ärenden ({}) får ett annat utfall eller belopp med det nya regelpaketet.",
        words::count(facts.changed, min),
        words::int(facts.cases),
        words::permille(permille(facts.changed, facts.cases))
    )];
    info.extend(facts.groups.iter().take(3).map(|g| group_line(g, min)));
    let key = Table {
        caption: "Nyckeltal".to_owned(),
        head: vec![String::new(), String::new()],
        rows: vec![
            vec![cell("Prövade ärenden"), num(words::int(facts.cases))],
            vec![
                cell("Ändrat utfall eller belopp"),
                num(words::count(facts.changed, min)),
            ],
            vec![cell("Ändrat utfall"), num(words::count(flips, min))],
            vec![cell("Summa belopp, gällande paket"), num(kr(old))],
            vec![cell("Summa belopp, nytt paket"), num(kr(new))],
            vec![cell("Ändring"), num(signed_kr(change))],
        ],
    };
    Page {
        title: format!("Konsekvensanalys: {}", facts.decision),
        calm: calm(violations.is_some()).to_owned(),
        alarm: match action.len() {
            1 => "En gräns överskrids".to_owned(),
            n => format!("{n} gränser överskrids"),
        },
        ident: vec![
            format!("Gällande regelpaket: {}", pack_name(&facts.old)),
            format!("Nytt regelpaket: {}", pack_name(&facts.new)),
            format!(
                "{} ärenden, vart och ett prövat med båda paketen på sitt eget beslutsdatum",
                words::int(facts.cases)
            ),
        ],
        action,
        info,
        key,
        sections: vec![
            rules_section(facts),
            matrix_section(facts),
            amount_section(facts),
            month_section(facts),
            why_section(facts),
        ],
    }
}

/// A change of the rules, in the jurist's terms.
pub fn change(c: &Change) -> String {
    let opt = |t: &Option<String>| t.clone().unwrap_or_else(|| "inget lagrum".to_owned());
    match c {
        Change::Version {
            name,
            from,
            old,
            new,
        } => match (old, new) {
            (None, Some(n)) => format!("`{name}` får ett nytt värde från {from}: {n}."),
            (Some(o), None) => format!("`{name}`: värdet från {from} ({o}) tas bort."),
            (Some(o), Some(n)) => format!("`{name}` från {from} ändras från {o} till {n}."),
            (None, None) => format!("`{name}` från {from}."),
        },
        Change::Item { kind, name, added } => {
            let what = if *added { "läggs till" } else { "tas bort" };
            let kind = match *kind {
                "parameter" => "Parametern",
                "regel" => "Regeln",
                _ => "Beslutet",
            };
            format!("{kind} `{name}` {what}.")
        }
        Change::Citation {
            kind,
            name,
            old,
            new,
        } => format!(
            "Lagrummet för {kind} `{name}` ändras från ”{}” till ”{}”.",
            opt(old),
            opt(new)
        ),
        Change::Rule { name, enligt } => match enligt {
            Some(e) => format!("Regeln `{name}` ({e}) har ändrats."),
            None => format!("Regeln `{name}` har ändrats."),
        },
        Change::Outcome {
            decision,
            text,
            part,
        } => {
            let what = if *part == "belopp" {
                "beloppet"
            } else {
                "villkoret"
            };
            format!("Beslutet `{decision}`: {what} för utfallet {text} har ändrats.")
        }
        Change::Branch {
            decision,
            text,
            added,
        } => {
            let what = if *added {
                "får ett nytt utfall"
            } else {
                "förlorar utfallet"
            };
            format!("Beslutet `{decision}` {what}: {text}.")
        }
    }
}

fn rules_section(facts: &Facts) -> Section {
    let mut text: Vec<String> = facts.changes.iter().map(change).collect();
    if text.is_empty() {
        text.push(
            "Inga parametrar, regler, lagrum eller utfall skiljer sig åt mellan paketen."
                .to_owned(),
        );
    }
    Section {
        title: "Vad som ändras i reglerna".to_owned(),
        text,
        figures: Vec::new(),
        tables: Vec::new(),
    }
}

fn matrix_section(facts: &Facts) -> Section {
    let min = facts.min_group;
    let used: Vec<Outcome> = Outcome::ALL
        .into_iter()
        .filter(|o| facts.matrix.keys().any(|(a, b)| a == o || b == o))
        .collect();
    let mut head = vec!["Gällande \\ nytt".to_owned()];
    head.extend(used.iter().map(|o| o.as_str().to_owned()));
    head.push("Totalt".to_owned());
    let rows = used
        .iter()
        .map(|from| {
            let total = facts.old_total(*from);
            let mut row = vec![cell(from.as_str())];
            row.extend(used.iter().map(|to| {
                let n = facts.flips(*from, *to);
                if words::shown(n, min) && n > 0 {
                    num(format!(
                        "{} ({})",
                        words::int(n),
                        words::permille(permille(n, total))
                    ))
                } else {
                    num(words::count(n, min))
                }
            }));
            row.push(num(words::count(total, min)));
            row
        })
        .collect();
    Section {
        title: "Utfall före och efter".to_owned(),
        text: vec![
            "Varje rad är ett utfall med det gällande regelpaketet, varje kolumn ett utfall med \
             det nya. Andelen är av radens ärenden. `ogiltigt` är ett ärende som paketet inte \
             kan läsa (en uppgift saknas eller är okänd)."
                .to_owned(),
        ],
        figures: Vec::new(),
        tables: vec![Table {
            caption: "Antal ärenden per utfall före och efter".to_owned(),
            head,
            rows,
        }],
    }
}

fn amount_section(facts: &Facts) -> Section {
    let min = facts.min_group;
    let labels: Vec<String> = facts.amount_changes.iter().map(bucket_label).collect();
    // The chart's labels are short (the upper end in whole kronor); the table has the ranges.
    let short: Vec<String> = facts
        .amount_changes
        .iter()
        .map(|b| match (b.lo, b.hi) {
            (Some(lo), None) => format!(">{}", words::int((lo - 1).unsigned_abs() / 100)),
            (_, Some(0)) => "0".to_owned(),
            (_, Some(hi)) if hi < 0 => match (hi.unsigned_abs() - 1) / 100 {
                0 => "<0".to_owned(),
                k => format!("<−{}", words::int(k)),
            },
            (_, Some(hi)) => format!("≤{}", words::int(hi.unsigned_abs() / 100)),
            (None, None) => String::new(),
        })
        .collect();
    let values: Vec<Option<u64>> = facts
        .amount_changes
        .iter()
        .map(|b| words::shown(b.count, min).then_some(b.count))
        .collect();
    let chart = svg::stacked_bars(
        "Ändrade ärenden efter hur mycket beloppet ändras (kr)",
        &short,
        &[svg::Series {
            name: "Ärenden".to_owned(),
            colour: svg::FASTSTALLT,
            values,
        }],
        &[],
        &|v| words::int(v),
    );
    let rows = facts
        .amount_changes
        .iter()
        .zip(&labels)
        .map(|(b, l)| vec![cell(l.clone()), num(words::count(b.count, min))])
        .collect();
    Section {
        title: "Hur beloppen ändras".to_owned(),
        text: vec![
            "Ändringen är det nya beloppet minus det gamla för varje ärende som får ett annat \
             utfall eller belopp; ett ärende utan belopp räknas som 0 kr."
                .to_owned(),
        ],
        figures: vec![Figure {
            svg: chart,
            table: Table {
                caption: "Ändrade ärenden per beloppsändring".to_owned(),
                head: vec!["Ändring".to_owned(), "Ärenden".to_owned()],
                rows,
            },
        }],
        tables: Vec::new(),
    }
}

fn month_section(facts: &Facts) -> Section {
    let min = facts.min_group;
    let rows = facts
        .months
        .iter()
        .map(|(m, c)| {
            let shown = words::shown(c.cases, min);
            let amount = |ore: i64| if shown { num(kr(ore)) } else { num("–") };
            vec![
                cell(words::month_long(*m)),
                num(words::count(c.cases, min)),
                amount(c.old),
                amount(c.new),
                if shown {
                    num(signed_kr(c.new.saturating_sub(c.old)))
                } else {
                    num("–")
                },
            ]
        })
        .collect();
    Section {
        title: "Kostnad per månad".to_owned(),
        text: vec![
            "Summan av beloppen i bifall och fastställda belopp, per månad för ärendenas \
             beslutsdatum, med det gällande och det nya regelpaketet."
                .to_owned(),
        ],
        figures: Vec::new(),
        tables: vec![Table {
            caption: "Summa belopp per månad".to_owned(),
            head: ["Månad", "Ärenden", "Gällande", "Nytt", "Ändring"]
                .map(str::to_owned)
                .to_vec(),
            rows,
        }],
    }
}

fn why_section(facts: &Facts) -> Section {
    let min = facts.min_group;
    let mut text = vec![format!(
        "Ärendena som ändras är grupperade efter den första punkt där de två besluten skiljer \
         sig åt: en parameter eller tabellrad med ett annat värde, en regel, eller raden i \
         beslutet som avgör. Ett exempel visas för grupper med minst {min} ärenden, med bara \
         de uppgifter paketet frågar efter och utan text- och datumuppgifter."
    )];
    if facts.groups.is_empty() {
        text.push("Inget ärende ändras.".to_owned());
    }
    text.extend(facts.groups.iter().map(|g| group_line(g, min)));
    let tables = facts
        .groups
        .iter()
        .filter_map(|g| {
            let example = g.example.as_ref()?;
            Some(Table {
                caption: format!("Exempel: {}", group_line(g, min)),
                head: vec!["Uppgift".to_owned(), "Värde".to_owned()],
                rows: example
                    .iter()
                    .map(|(k, v)| vec![cell(k.clone()), cell(v.to_string())])
                    .collect(),
            })
        })
        .collect();
    Section {
        title: "Varför besluten ändras".to_owned(),
        text,
        figures: Vec::new(),
        tables,
    }
}

fn outcome_json(o: Outcome) -> Value {
    Value::from(o.as_str())
}

fn cause_json(c: &Cause) -> Value {
    match c {
        Cause::Parameter {
            name,
            key,
            old,
            new,
            old_from,
            new_from,
        } => json!({"slag": "parameter", "namn": name, "nyckel": key, "gammalt": old, "nytt": new,
                    "gammalt_gäller_från": old_from, "nytt_gäller_från": new_from}),
        Cause::UsedBy { name, key, new } => {
            json!({"slag": "används_av_ett_paket", "namn": name, "nyckel": key, "nya_paketet": new})
        }
        Cause::Rule { name, old, new } => {
            json!({"slag": "regel", "namn": name, "gammalt": old, "nytt": new})
        }
        Cause::Branch { old, new } => {
            json!({"slag": "gren", "gammal": old, "ny": new})
        }
        Cause::Invalid { old, new } => {
            json!({"slag": "ogiltigt", "gammal_felkod": old, "ny_felkod": new})
        }
    }
}

fn pack_json(p: &PackSide) -> Value {
    json!({"titel": p.titel, "version": p.version, "hash": p.hash})
}

/// A rule of the gate applied, with its figures as integers.
fn checked_json(c: &Checked) -> Value {
    let (measure, unit) = match c.measure {
        Measure::Flips => ("flytt", "ärenden"),
        Measure::Changed => ("ändrade", "ärenden"),
        Measure::Cost => ("kostnad", "öre"),
    };
    json!({
        "regel": c.rule, "mäter": measure, "enhet": unit,
        "funnet": c.found, "högst": c.allowed, "överskriden": c.violation.is_some(),
    })
}

/// The facts as one JSON object (for machines; amounts in öre, counts as integers, no
/// suppression, examples as the facts hold them). `utfall` lists the pairs of outcomes
/// that occur, `matris` every cell (old outcome, then new, 0 included). With a gate:
/// `gränser`, the broken limits with their Swedish summary, and `gränsprövning`, every
/// rule with what was found and the most allowed, as integers.
pub fn json(facts: &Facts, checks: Option<&[Checked]>) -> Value {
    let violations: Option<Vec<&Violation>> =
        checks.map(|c| c.iter().filter_map(|c| c.violation.as_ref()).collect());
    let matrix: serde_json::Map<String, Value> = Outcome::ALL
        .iter()
        .map(|a| {
            let row: serde_json::Map<String, Value> = Outcome::ALL
                .iter()
                .map(|b| (b.as_str().to_owned(), Value::from(facts.flips(*a, *b))))
                .collect();
            (a.as_str().to_owned(), Value::Object(row))
        })
        .collect();
    json!({
        "beslut": facts.decision,
        "gällande": pack_json(&facts.old),
        "nytt": pack_json(&facts.new),
        "ärenden": facts.cases,
        "ändrade": facts.changed,
        "minsta_grupp": facts.min_group,
        "utfall": facts.matrix.iter().map(|((a, b), n)| json!({
            "från": outcome_json(*a), "till": outcome_json(*b), "antal": n
        })).collect::<Vec<_>>(),
        "matris": matrix,
        "beloppsändring": facts.amount_changes.iter().map(|b| json!({
            "från_öre": b.lo, "till_öre": b.hi, "antal": b.count
        })).collect::<Vec<_>>(),
        "summa_öre": {"gällande": facts.cost_old(), "nytt": facts.cost_new()},
        "månader": facts.months.iter().map(|(m, c)| json!({
            "månad": format!("{}-{:02}", m.year, m.month), "ärenden": c.cases,
            "gällande_öre": c.old, "nytt_öre": c.new
        })).collect::<Vec<_>>(),
        "grupper": facts.groups.iter().map(|g| json!({
            "orsak": cause_json(&g.cause),
            "från": outcome_json(g.from), "till": outcome_json(g.to), "antal": g.count,
            "ändring_min_öre": g.delta_min, "ändring_max_öre": g.delta_max,
            "ändring_summa_öre": g.delta_sum,
            "text": group_line(g, facts.min_group),
            "exempel": g.example.as_ref().map(|e| e.iter().cloned().collect::<serde_json::Map<_, _>>()),
        })).collect::<Vec<_>>(),
        "ändringar_i_reglerna": facts.changes.iter().map(change).collect::<Vec<_>>(),
        "gränser": violations.map(|v| v.iter().map(|v| json!({
            "regel": v.rule, "utfall": v.found
        })).collect::<Vec<_>>()),
        "gränsprövning": checks.map(|c| c.iter().map(checked_json).collect::<Vec<_>>()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_definition_is_said_in_the_jurists_terms() {
        assert_eq!(
            change(&Change::Rule {
                name: "behov".to_owned(),
                enligt: Some("SoL (2025:400) 12 kap. 7 §".to_owned()),
            }),
            "Regeln `behov` (SoL (2025:400) 12 kap. 7 §) har ändrats."
        );
        assert_eq!(
            change(&Change::Rule {
                name: "antal_barn".to_owned(),
                enligt: None,
            }),
            "Regeln `antal_barn` har ändrats."
        );
        assert_eq!(
            change(&Change::Outcome {
                decision: "försörjningsstöd".to_owned(),
                text: "bifall \"Hushållets behov är {…}.\"".to_owned(),
                part: "villkor",
            }),
            "Beslutet `försörjningsstöd`: villkoret för utfallet bifall \"Hushållets behov är {…}.\" \
             har ändrats."
        );
    }
}
