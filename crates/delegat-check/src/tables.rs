//! Tables: resolving keys, overlapping keys (E0206), enum coverage (E0208), and gaps at
//! lookups (E0207) — each dated version of a table on its own.
//!
//! The gap check runs at every lookup `p[k]` into a table parameter: the possible values of
//! `k` are its type's range (declared, propagated, and narrowed by the conditions guarding
//! the lookup, see `narrow.rs`). When at least one end is known, every version must cover
//! the range (an unknown end counts as unbounded); when neither is known there is nothing
//! to prove and a miss is left to run time (→ manuell).

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_syntax::ast;

use crate::ctx::{Checker, idx};
use crate::expr::Env;
use crate::program::{Bounds, Date, ParamId, TExpr, Table, TableKey, TableRow, Type};
use crate::types::{date, key_bounds};

/// The integer (or date-as-days) keys of one dated version of a table, for gap checks.
#[derive(Clone, Debug)]
pub(crate) struct VersionRows {
    pub from: Date,
    pub span: Span,
    pub keys: Vec<Bounds<i64>>,
    /// Whether the keys are dates (for formatting gaps).
    pub dates: bool,
}

const NEG_INF: i128 = i128::MIN / 4;
const POS_INF: i128 = i128::MAX / 4;

fn lo_of(b: &Bounds<i64>) -> i128 {
    b.lo.map_or(NEG_INF, i128::from)
}

fn hi_of(b: &Bounds<i64>) -> i128 {
    b.hi.map_or(POS_INF, i128::from)
}

fn back(lo: i128, hi: i128) -> Bounds<i64> {
    Bounds {
        lo: if lo <= NEG_INF {
            None
        } else {
            i64::try_from(lo).ok()
        },
        hi: if hi >= POS_INF {
            None
        } else {
            i64::try_from(hi).ok()
        },
    }
}

/// The parts of `range` that no key covers, in order.
pub(crate) fn gaps(range: Bounds<i64>, keys: &[Bounds<i64>]) -> Vec<Bounds<i64>> {
    let mut keys: Vec<(i128, i128)> = keys.iter().map(|k| (lo_of(k), hi_of(k))).collect();
    keys.sort_unstable();
    let end = hi_of(&range);
    let mut cursor = lo_of(&range);
    let mut out = Vec::new();
    for (lo, hi) in keys {
        if cursor > end {
            break;
        }
        if hi < cursor {
            continue;
        }
        if lo > cursor {
            out.push(back(cursor, (lo - 1).min(end)));
        }
        cursor = cursor.max(hi.saturating_add(1));
    }
    if cursor <= end {
        out.push(back(cursor, end));
    }
    out
}

/// Pairs of keys (by index, the earlier first) that overlap: each key that overlaps one
/// before it in key order is paired with the one reaching furthest. O(n log n).
pub(crate) fn overlaps(keys: &[Bounds<i64>]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| keys.get(i).map(|k| (lo_of(k), hi_of(k))));
    let mut out = Vec::new();
    let mut furthest: Option<(usize, i128)> = None;
    for i in order {
        let Some(k) = keys.get(i) else { continue };
        if let Some((j, hi)) = furthest
            && lo_of(k) <= hi
        {
            out.push((i.min(j), i.max(j)));
        }
        if furthest.is_none_or(|(_, hi)| hi_of(k) > hi) {
            furthest = Some((i, hi_of(k)));
        }
    }
    out.sort_unstable();
    out
}

fn show_bounds(b: Bounds<i64>, dates: bool) -> String {
    let f = |n: i64| {
        if dates {
            Date::from_days(n).map_or_else(|| n.to_string(), |d| d.to_string())
        } else {
            n.to_string()
        }
    };
    match (b.lo, b.hi) {
        (Some(l), Some(h)) if l == h => f(l),
        (l, h) => format!(
            "{}..{}",
            l.map(f).unwrap_or_default(),
            h.map(f).unwrap_or_default()
        ),
    }
}

impl Checker<'_> {
    /// Checks one dated version of a table parameter of type `tabell key -> val`.
    pub fn table(
        &mut self,
        key: &Type,
        val: &Type,
        t: &ast::Table,
        from: Date,
    ) -> Option<(Table, Option<VersionRows>)> {
        let mut rows = Vec::new();
        let mut ints: Vec<(Bounds<i64>, Span)> = Vec::new();
        let mut ok = true;
        let variants = match key {
            Type::Enum(tid) => self.variant_names(*tid),
            _ => Vec::new(),
        };
        let mut seen: Vec<Option<Span>> = vec![None; variants.len()];
        for entry in &t.entries {
            let k = self.table_key(key, &entry.key, &variants, &mut seen);
            let mut env = Env::constant("ett tabellvärde");
            let v = self.expr_as(&entry.value, val, &mut env, "tabellens värde");
            match (k, v) {
                (Some(k), Some(v)) => {
                    match &k {
                        TableKey::Int(b) => ints.push((*b, entry.key.span)),
                        TableKey::Date(b) => ints.push((
                            Bounds {
                                lo: b.lo.map(Date::to_days),
                                hi: b.hi.map(Date::to_days),
                            },
                            entry.key.span,
                        )),
                        TableKey::Variants(_) => {}
                    }
                    rows.push(TableRow {
                        key: k,
                        value: v,
                        span: entry.span,
                    });
                }
                _ => ok = false,
            }
        }
        let keys: Vec<Bounds<i64>> = ints.iter().map(|(b, _)| *b).collect();
        for (i, j) in overlaps(&keys) {
            let (Some((_, si)), Some((_, sj))) = (ints.get(i), ints.get(j)) else {
                continue;
            };
            self.report(
                Diagnostic::new(
                    Code::E0206,
                    format!(
                        "nycklarna `{}` och `{}` överlappar",
                        self.text(*si),
                        self.text(*sj)
                    ),
                    *sj,
                )
                .with_primary_label("överlappar en tidigare rad")
                .with_label(*si, "den tidigare raden"),
            );
            ok = false;
        }
        if let Type::Enum(tid) = key {
            let missing: Vec<String> = variants
                .iter()
                .zip(&seen)
                .filter(|(_, s)| s.is_none())
                .map(|(n, _)| format!("`{n}`"))
                .collect();
            if !missing.is_empty() && ok {
                self.report(
                    Diagnostic::new(
                        Code::E0208,
                        format!("tabellen saknar värden för {}", missing.join(", ")),
                        t.span,
                    )
                    .with_primary_label(format!(
                        "varje variant av `{}` ska ha ett värde",
                        self.type_name(*tid)
                    )),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let version = (!matches!(key, Type::Enum(_))).then_some(VersionRows {
            from,
            span: t.span,
            keys,
            dates: matches!(key, Type::Datum(_)),
        });
        Some((Table { rows, span: t.span }, version))
    }

    fn table_key(
        &mut self,
        key: &Type,
        k: &ast::TableKey,
        variants: &[String],
        seen: &mut [Option<Span>],
    ) -> Option<TableKey> {
        let empty = |c: &mut Self| {
            c.error(
                Code::E0219,
                "nyckelns nedre gräns är större än den övre".to_owned(),
                k.span,
                "tomt intervall",
            );
        };
        match (key, &k.kind) {
            (Type::Heltal(_), ast::TableKeyKind::Int(n)) => Some(TableKey::Int(Bounds {
                lo: Some(*n),
                hi: Some(*n),
            })),
            (Type::Heltal(_), ast::TableKeyKind::IntRange(lo, hi)) => {
                if let (Some(l), Some(h)) = (lo, hi)
                    && l > h
                {
                    empty(self);
                    return None;
                }
                Some(TableKey::Int(Bounds { lo: *lo, hi: *hi }))
            }
            (Type::Datum(_), ast::TableKeyKind::Date(d)) => Some(TableKey::Date(Bounds {
                lo: Some(date(*d)),
                hi: Some(date(*d)),
            })),
            (Type::Datum(_), ast::TableKeyKind::DateRange(lo, hi)) => {
                let (lo, hi) = (lo.map(date), hi.map(date));
                if let (Some(l), Some(h)) = (lo, hi)
                    && l > h
                {
                    empty(self);
                    return None;
                }
                Some(TableKey::Date(Bounds { lo, hi }))
            }
            (Type::Enum(tid), ast::TableKeyKind::Variants(names)) => {
                let mut out = Vec::new();
                for n in names {
                    let i = self.variant_index(*tid, variants, n)?;
                    match seen.get_mut(i) {
                        Some(Some(first)) => {
                            let first = *first;
                            self.report(
                                Diagnostic::new(
                                    Code::E0206,
                                    format!("varianten `{}` har redan ett värde", n.name),
                                    n.span,
                                )
                                .with_primary_label("igen här")
                                .with_label(first, "först här"),
                            );
                            return None;
                        }
                        Some(slot) => *slot = Some(n.span),
                        None => {}
                    }
                    out.push(idx(i));
                }
                Some(TableKey::Variants(out))
            }
            _ => {
                let shown = self.show(key);
                self.error(
                    Code::E0201,
                    format!(
                        "nyckeln `{}` är inte av tabellens nyckeltyp `{shown}`",
                        self.text(k.span)
                    ),
                    k.span,
                    "fel slags nyckel",
                );
                None
            }
        }
    }

    /// The gap check at a lookup `p[key]` (see the module docs).
    pub fn check_lookup_coverage(&mut self, p: ParamId, key: &TExpr) {
        let Some(range) = key_bounds(&key.ty) else {
            return;
        };
        if range.is_unbounded() {
            return;
        }
        if let (Some(l), Some(h)) = (range.lo, range.hi)
            && l > h
        {
            return; // The lookup is unreachable under its guard.
        }
        let name = self
            .items
            .params
            .get(p.index())
            .map(|(_, x)| x.name.name.clone())
            .unwrap_or_default();
        let versions = self
            .param_tables
            .get(p.index())
            .cloned()
            .unwrap_or_default();
        for v in versions {
            let missing = gaps(range, &v.keys);
            if missing.is_empty() {
                continue;
            }
            let list: Vec<String> = missing.iter().map(|g| show_bounds(*g, v.dates)).collect();
            let key_text = self.text(key.span).to_owned();
            self.report(
                Diagnostic::new(
                    Code::E0207,
                    format!("tabellen `{name}` saknar värden för {}", list.join(", ")),
                    key.span,
                )
                .with_primary_label(format!(
                    "`{key_text}` kan här vara {}",
                    show_bounds(range, v.dates)
                ))
                .with_label(v.span, format!("versionen från {}", v.from))
                .with_help(
                    "lägg till rader för de värden som saknas, eller vakta uppslaget med ett villkor",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(lo: Option<i64>, hi: Option<i64>) -> Bounds<i64> {
        Bounds { lo, hi }
    }

    #[test]
    fn gaps_are_found_and_named() {
        let keys = [
            b(Some(0), Some(0)),
            b(Some(1), Some(2)),
            b(Some(3), Some(3)),
            b(Some(4), Some(6)),
            b(Some(7), Some(18)),
        ];
        let g = gaps(b(Some(0), Some(20)), &keys);
        assert_eq!(g, vec![b(Some(19), Some(20))]);
        assert_eq!(show_bounds(g[0], false), "19..20");
        // Narrowed to 0..6: no gap.
        assert!(gaps(b(Some(0), Some(6)), &keys).is_empty());
        // A hole in the middle and an open upper end.
        let g = gaps(
            b(Some(0), None),
            &[b(Some(0), Some(2)), b(Some(5), Some(9))],
        );
        assert_eq!(g, vec![b(Some(3), Some(4)), b(Some(10), None)]);
        assert_eq!(show_bounds(g[1], false), "10..");
        // An open-ended key covers everything above.
        assert!(gaps(b(Some(0), None), &[b(Some(0), Some(20)), b(Some(21), None)]).is_empty());
        // Unsorted keys, lower end missing.
        let g = gaps(
            b(None, Some(5)),
            &[b(Some(3), Some(9)), b(Some(0), Some(1))],
        );
        assert_eq!(g, vec![b(None, Some(-1)), b(Some(2), Some(2))]);
    }

    #[test]
    fn overlapping_keys_are_found() {
        assert_eq!(
            overlaps(&[b(Some(0), Some(6)), b(Some(6), Some(10)), b(Some(11), None)]),
            vec![(0, 1)]
        );
        assert_eq!(
            overlaps(&[b(None, Some(3)), b(Some(-5), Some(-5))]),
            vec![(0, 1)]
        );
        assert!(overlaps(&[b(Some(0), Some(5)), b(Some(6), None)]).is_empty());
        // Out of order: each overlap is paired with the key reaching furthest before it.
        assert_eq!(
            overlaps(&[
                b(Some(5), Some(9)),
                b(Some(0), Some(3)),
                b(Some(2), Some(6))
            ]),
            vec![(0, 2), (1, 2)]
        );
    }
}
