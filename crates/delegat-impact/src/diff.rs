//! The structural diff of two packs, by name: parameters with new, changed or removed
//! versions (values and dates), parameters and rules added or removed, changed citations
//! (`enligt`), rules whose definition changed, the outcomes of a decision added or removed
//! (by outcome and the literal parts of its text) and the conditions and amounts of the
//! outcomes both packs have that changed. Definitions are compared in their canonical form
//! ([`crate::canon`]): what a rule names is compared by name, so renumbered ids and
//! reordered declarations are no change, and a rule that only calls a changed rule is not
//! changed itself.

use std::collections::BTreeMap;

use delegat_ir::{
    ExprId, Outcome, ParamType, ParamValue, Program, RowKey, TemplatePart, Type, Value,
};

use crate::canon::{Canon, Numbered};

/// One change between the packs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A parameter's value from a date: added (`old` none), removed (`new` none) or changed.
    Version {
        /// The parameter.
        name: String,
        /// The date the value comes into force.
        from: String,
        /// The old value as text (a table: its rows, `nyckel: värde; …`).
        old: Option<String>,
        /// The new value.
        new: Option<String>,
    },
    /// A parameter (`parameter`) or rule (`regel`) only in the new pack (`added`) or only
    /// in the old.
    Item {
        /// `parameter`, `regel` or `beslut`.
        kind: &'static str,
        /// Its name.
        name: String,
        /// Whether it was added (else removed).
        added: bool,
    },
    /// A changed `enligt`.
    Citation {
        /// `parameter`, `regel` or `beslut`.
        kind: &'static str,
        /// Its name.
        name: String,
        /// The old citation.
        old: Option<String>,
        /// The new one.
        new: Option<String>,
    },
    /// A rule in both packs whose definition differs (its body, its exceptions, its
    /// arguments' or its own type).
    Rule {
        /// The rule.
        name: String,
        /// Its citation in the new pack (else in the old), if any.
        enligt: Option<String>,
    },
    /// An outcome in both packs whose condition (`när`) or amount (`belopp:`) differs.
    Outcome {
        /// The decision.
        decision: String,
        /// The outcome and the literal parts of its text.
        text: String,
        /// `villkor` or `belopp`.
        part: &'static str,
    },
    /// An outcome of a decision only in one of the packs.
    Branch {
        /// The decision.
        decision: String,
        /// The outcome and the literal parts of its text.
        text: String,
        /// Whether it was added (else removed).
        added: bool,
    },
}

fn row_key(program: &Program, p: &delegat_ir::Parameter, key: &RowKey) -> String {
    let range = |lo: Option<String>, hi: Option<String>| match (lo, hi) {
        (Some(a), Some(b)) if a == b => a,
        (a, b) => format!("{}..{}", a.unwrap_or_default(), b.unwrap_or_default()),
    };
    match key {
        RowKey::Int { lo, hi } => range(lo.map(|v| v.to_string()), hi.map(|v| v.to_string())),
        RowKey::Date { lo, hi } => range(lo.map(|d| d.to_string()), hi.map(|d| d.to_string())),
        RowKey::Variants(vs) => {
            let ty = match &p.ty {
                ParamType::Table {
                    key: delegat_ir::KeyType::Enum(t),
                    ..
                } => Some(Type::Enum(*t)),
                _ => None,
            };
            vs.iter()
                .map(|v| program.value_text(&Value::Enum(*v), ty.as_ref()))
                .collect::<Vec<_>>()
                .join(" | ")
        }
    }
}

/// A parameter's value as the letter shows it: a `tal` parameter written as percentages as
/// one (`50 %`, not `0,5`), anything else as the trace shows it.
pub(crate) fn shown(program: &Program, v: &Value, ty: &delegat_ir::Type, percent: bool) -> String {
    match v {
        Value::Dec(d) if percent => delegat_value::format::format_percent(*d),
        _ => delegat::value_text(program, v, ty),
    }
}

fn value_text(program: &Program, p: &delegat_ir::Parameter, v: &ParamValue) -> String {
    let ty = match &p.ty {
        ParamType::Value(t) | ParamType::Table { value: t, .. } => t,
    };
    match v {
        ParamValue::Value(x) if p.percent => shown(program, x, ty, true),
        ParamValue::Value(x) => program.value_text(x, Some(ty)),
        ParamValue::Table(rows) => rows
            .iter()
            .map(|r| {
                let value = if p.percent {
                    shown(program, &r.value, ty, true)
                } else {
                    program.value_text(&r.value, Some(ty))
                };
                format!("{}: {value}", row_key(program, p, &r.key))
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn outcome_text(o: &Outcome) -> String {
    let lit: String = o
        .text
        .iter()
        .flat_map(|t| &t.parts)
        .map(|p| match p {
            TemplatePart::Lit(s) => s.as_str(),
            TemplatePart::Expr(_) => "{…}",
        })
        .collect();
    let kind = match o.kind {
        delegat_ir::OutcomeKind::Bifall => "bifall",
        delegat_ir::OutcomeKind::Avslag => "avslag",
        delegat_ir::OutcomeKind::Faststallt => "fastställt",
        delegat_ir::OutcomeKind::Manuell => "manuell",
    };
    if lit.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} \"{lit}\"")
    }
}

/// The outcomes of a decision with what is compared of each: its text, the canonical
/// numbers of its condition (none for `annars`) and of its amount.
fn outcomes(d: &delegat_ir::Decision, n: &Numbered<'_>) -> Vec<(String, Option<u32>, Option<u32>)> {
    let amount = |o: &Outcome| o.belopp.map(|e: ExprId| n.expr(e));
    d.branches
        .iter()
        .map(|b| {
            (
                outcome_text(&b.outcome),
                Some(n.expr(b.cond)),
                amount(&b.outcome),
            )
        })
        .chain([(outcome_text(&d.otherwise), None, amount(&d.otherwise))])
        .collect()
}

/// The outcomes in both decisions (the k-th with a text in one paired with the k-th with
/// that text in the other) whose condition or amount differs.
fn changed_outcomes(
    name: &str,
    a: &[(String, Option<u32>, Option<u32>)],
    b: &[(String, Option<u32>, Option<u32>)],
    out: &mut Vec<Change>,
) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (text, cond, amount) in a {
        let k = seen.entry(text.as_str()).or_insert(0);
        let Some((_, cond_b, amount_b)) = b.iter().filter(|(t, _, _)| t == text).nth(*k) else {
            continue;
        };
        *k += 1;
        for (part, x, y) in [("villkor", cond, cond_b), ("belopp", amount, amount_b)] {
            if x != y {
                out.push(Change::Outcome {
                    decision: name.to_owned(),
                    text: text.clone(),
                    part,
                });
            }
        }
    }
}

/// The changes from `old` to `new`, parameters first, then rules, then decisions.
pub fn diff(old: &Program, new: &Program) -> Vec<Change> {
    let mut canon = Canon::new();
    let (on, nn) = (canon.number(old), canon.number(new));
    let mut out = Vec::new();
    let np: BTreeMap<&str, &delegat_ir::Parameter> =
        new.params.iter().map(|p| (p.name.as_str(), p)).collect();
    let op: BTreeMap<&str, &delegat_ir::Parameter> =
        old.params.iter().map(|p| (p.name.as_str(), p)).collect();
    for p in &old.params {
        let Some(q) = np.get(p.name.as_str()) else {
            out.push(Change::Item {
                kind: "parameter",
                name: p.name.clone(),
                added: false,
            });
            continue;
        };
        if p.enligt != q.enligt {
            out.push(Change::Citation {
                kind: "parameter",
                name: p.name.clone(),
                old: p.enligt.clone(),
                new: q.enligt.clone(),
            });
        }
        let ov: BTreeMap<_, _> = p.versions.iter().map(|v| (v.from, v)).collect();
        let nv: BTreeMap<_, _> = q.versions.iter().map(|v| (v.from, v)).collect();
        let dates: std::collections::BTreeSet<_> = ov.keys().chain(nv.keys()).copied().collect();
        for d in dates {
            let a = ov.get(&d).map(|v| value_text(old, p, &v.value));
            let b = nv.get(&d).map(|v| value_text(new, q, &v.value));
            if a != b {
                out.push(Change::Version {
                    name: p.name.clone(),
                    from: d.to_string(),
                    old: a,
                    new: b,
                });
            }
        }
    }
    out.extend(
        new.params
            .iter()
            .filter(|p| !op.contains_key(p.name.as_str()))
            .map(|p| Change::Item {
                kind: "parameter",
                name: p.name.clone(),
                added: true,
            }),
    );
    let nr: BTreeMap<&str, &delegat_ir::Rule> =
        new.rules.iter().map(|r| (r.name.as_str(), r)).collect();
    let or: BTreeMap<&str, &delegat_ir::Rule> =
        old.rules.iter().map(|r| (r.name.as_str(), r)).collect();
    for r in &old.rules {
        let Some(q) = nr.get(r.name.as_str()) else {
            out.push(Change::Item {
                kind: "regel",
                name: r.name.clone(),
                added: false,
            });
            continue;
        };
        if q.enligt != r.enligt {
            out.push(Change::Citation {
                kind: "regel",
                name: r.name.clone(),
                old: r.enligt.clone(),
                new: q.enligt.clone(),
            });
        }
        if on.rule(r) != nn.rule(q) {
            out.push(Change::Rule {
                name: r.name.clone(),
                enligt: q.enligt.clone().or_else(|| r.enligt.clone()),
            });
        }
    }
    out.extend(
        new.rules
            .iter()
            .filter(|r| !or.contains_key(r.name.as_str()))
            .map(|r| Change::Item {
                kind: "regel",
                name: r.name.clone(),
                added: true,
            }),
    );
    for d in &old.decisions {
        let Some(e) = new.decisions.iter().find(|e| e.name == d.name) else {
            out.push(Change::Item {
                kind: "beslut",
                name: d.name.clone(),
                added: false,
            });
            continue;
        };
        if d.enligt != e.enligt {
            out.push(Change::Citation {
                kind: "beslut",
                name: d.name.clone(),
                old: d.enligt.clone(),
                new: e.enligt.clone(),
            });
        }
        let texts = |x: &delegat_ir::Decision| -> Vec<String> {
            x.branches
                .iter()
                .map(|b| outcome_text(&b.outcome))
                .chain([outcome_text(&x.otherwise)])
                .collect()
        };
        let (a, b) = (texts(d), texts(e));
        out.extend(a.iter().filter(|t| !b.contains(t)).map(|t| Change::Branch {
            decision: d.name.clone(),
            text: t.clone(),
            added: false,
        }));
        out.extend(b.iter().filter(|t| !a.contains(t)).map(|t| Change::Branch {
            decision: d.name.clone(),
            text: t.clone(),
            added: true,
        }));
        changed_outcomes(&d.name, &outcomes(d, &on), &outcomes(e, &nn), &mut out);
    }
    out.extend(
        new.decisions
            .iter()
            .filter(|e| !old.decisions.iter().any(|d| d.name == e.name))
            .map(|e| Change::Item {
                kind: "beslut",
                name: e.name.clone(),
                added: true,
            }),
    );
    out
}
