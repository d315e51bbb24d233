//! W0201: two exceptions of one rule that may hold at once.
//!
//! Two conditions are taken to exclude each other only when the checker can see it: the
//! facts of both together leave some place with no value (`x < 3` and `x >= 5`), or one
//! conjunct is `v` and the other `inte v` for the same `ja/nej` place, or they test the
//! same enum place for different variants with `=`. Otherwise a warning names both.

use delegat_diagnostics::{Code, Diagnostic};

use crate::ctx::Checker;
use crate::narrow::{Place, facts_when, place_of};
use crate::program::{CmpOp, RegelDef, TExpr, TExprKind, Type};

/// An atomic fact from a conjunction: a boolean place with its polarity, or an enum place
/// equal (`true`) or unequal (`false`) to a variant.
#[derive(Clone, Debug, PartialEq)]
enum Atom {
    Bool(Place, bool),
    Variant(Place, u32, bool),
}

fn atoms(e: &TExpr, truth: bool, out: &mut Vec<Atom>) {
    match &e.kind {
        TExprKind::Not(inner) => atoms(inner, !truth, out),
        TExprKind::And(a, b) if truth => {
            atoms(a, true, out);
            atoms(b, true, out);
        }
        TExprKind::Or(a, b) if !truth => {
            atoms(a, false, out);
            atoms(b, false, out);
        }
        TExprKind::Compare(op @ (CmpOp::Eq | CmpOp::Ne), a, b) => {
            let eq = (*op == CmpOp::Eq) == truth;
            let pair = match (&a.kind, &b.kind) {
                (_, TExprKind::Variant(_, i)) => place_of(a).map(|p| (p, *i)),
                (TExprKind::Variant(_, i), _) => place_of(b).map(|p| (p, *i)),
                _ => None,
            };
            if let Some((p, i)) = pair {
                out.push(Atom::Variant(p, i, eq));
            }
        }
        _ => {
            if e.ty == Type::Bool
                && let Some(p) = place_of(e)
            {
                out.push(Atom::Bool(p, truth));
            }
        }
    }
}

/// Whether two conditions visibly exclude each other.
pub(crate) fn exclusive(a: &TExpr, b: &TExpr) -> bool {
    let both = facts_when(a, true).and(facts_when(b, true));
    if both
        .0
        .iter()
        .any(|(_, r)| matches!((r.lo, r.hi), (Some(l), Some(h)) if l > h))
    {
        return true;
    }
    let (mut xa, mut xb) = (Vec::new(), Vec::new());
    atoms(a, true, &mut xa);
    atoms(b, true, &mut xb);
    xa.iter().any(|x| {
        xb.iter().any(|y| match (x, y) {
            (Atom::Bool(p, s), Atom::Bool(q, t)) => p == q && s != t,
            (Atom::Variant(p, i, s), Atom::Variant(q, j, t)) => {
                p == q && ((*s && *t && i != j) || (i == j && s != t))
            }
            _ => false,
        })
    })
}

impl Checker<'_> {
    /// Warns about every pair of exceptions of one rule that may hold together.
    pub fn check_undantag_overlap(&mut self, regler: &[Option<RegelDef>]) {
        for r in regler.iter().flatten() {
            for (i, a) in r.undantag.iter().enumerate() {
                for b in r.undantag.iter().skip(i + 1) {
                    if exclusive(&a.cond, &b.cond) {
                        continue;
                    }
                    let d = Diagnostic::new(
                        Code::W0201,
                        format!(
                            "två undantag till `{}` kan gälla samtidigt",
                            r.name.text
                        ),
                        b.cond.span,
                    )
                    .with_primary_label("kan gälla samtidigt som …")
                    .with_label(a.cond.span, "… det här undantaget")
                    .with_note(
                        "gäller båda i ett ärende blir beslutet `manuell` med båda undantagen nämnda"
                            .to_owned(),
                    )
                    .with_help("gör villkoren ömsesidigt uteslutande om bara ett av undantagen ska gälla");
                    self.report(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use delegat_diagnostics::Span;

    use super::*;
    use crate::program::{Bounds, LocalId, TypeId};

    fn e(kind: TExprKind, ty: Type) -> TExpr {
        TExpr {
            kind,
            ty,
            span: Span::detached(),
        }
    }

    fn local(id: u32, ty: Type) -> TExpr {
        e(TExprKind::Local(LocalId(id)), ty)
    }

    fn int(n: i64) -> TExpr {
        e(
            TExprKind::Int(n),
            Type::Heltal(Bounds {
                lo: Some(n),
                hi: Some(n),
            }),
        )
    }

    fn cmp(op: CmpOp, a: TExpr, b: TExpr) -> TExpr {
        e(TExprKind::Compare(op, Box::new(a), Box::new(b)), Type::Bool)
    }

    #[test]
    fn visibly_exclusive_conditions() {
        let age = || local(0, Type::heltal());
        let flag = || local(1, Type::Bool);
        let kind = || local(2, Type::Enum(TypeId(0)));
        let variant = |i| e(TExprKind::Variant(TypeId(0), i), Type::Enum(TypeId(0)));
        // Disjoint intervals of one place.
        assert!(exclusive(
            &cmp(CmpOp::Lt, age(), int(18)),
            &cmp(CmpOp::Ge, age(), int(65))
        ));
        // Overlapping intervals.
        assert!(!exclusive(
            &cmp(CmpOp::Lt, age(), int(20)),
            &cmp(CmpOp::Ge, age(), int(18))
        ));
        // `v` and `inte v … och …`.
        let not_flag = e(TExprKind::Not(Box::new(flag())), Type::Bool);
        let both = e(
            TExprKind::And(Box::new(not_flag), Box::new(cmp(CmpOp::Lt, age(), int(3)))),
            Type::Bool,
        );
        assert!(exclusive(&flag(), &both));
        // Different variants of one place; the same variant twice is not exclusive.
        assert!(exclusive(
            &cmp(CmpOp::Eq, kind(), variant(0)),
            &cmp(CmpOp::Eq, kind(), variant(1))
        ));
        assert!(!exclusive(
            &cmp(CmpOp::Eq, kind(), variant(0)),
            &cmp(CmpOp::Eq, kind(), variant(0))
        ));
        // Unrelated conditions may hold together.
        assert!(!exclusive(&flag(), &cmp(CmpOp::Gt, age(), int(1))));
    }
}
