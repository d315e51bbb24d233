//! Narrowing: what a condition tells about `heltal` and `datum` values (docs/language.md §5).
//!
//! A *place* is a value that is the same wherever it is read within one case: an input, a
//! parameter, a rule without arguments, `beslutsdatum`, a rule argument or loop variable,
//! and fields of those. A *fact* bounds a place (integers; dates as days since 1970).
//! [`facts_when`] reads facts off a typed condition assumed true or false: comparisons of
//! a place with anything of known range, `och`, `eller` and `inte`. Where an expression
//! reads a place, the checker intersects its type's range with the facts in force; that is
//! how `om b.ålder <= 6 så t[b.ålder]` knows the key is in `0..6`.

use crate::program::{Bounds, CmpOp, LocalId, ParamId, RegelId, TExpr, TExprKind, UppgiftId};
use crate::types::{hull, intersect, key_bounds};

/// The root of a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Root {
    Local(LocalId),
    Uppgift(UppgiftId),
    Param(ParamId),
    Regel(RegelId),
    Bedomning(crate::program::BedomningId),
    Beslutsdatum,
}

/// A root and a path of field indices.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Place {
    pub root: Root,
    pub path: Vec<u32>,
}

/// The place an expression reads, if it is one.
pub(crate) fn place_of(e: &TExpr) -> Option<Place> {
    match &e.kind {
        TExprKind::Local(id) => Some(Place {
            root: Root::Local(*id),
            path: Vec::new(),
        }),
        TExprKind::Uppgift(id) => Some(Place {
            root: Root::Uppgift(*id),
            path: Vec::new(),
        }),
        TExprKind::Param(id) => Some(Place {
            root: Root::Param(*id),
            path: Vec::new(),
        }),
        TExprKind::Regel(id) => Some(Place {
            root: Root::Regel(*id),
            path: Vec::new(),
        }),
        TExprKind::Bedomning(id) => Some(Place {
            root: Root::Bedomning(*id),
            path: Vec::new(),
        }),
        TExprKind::Beslutsdatum => Some(Place {
            root: Root::Beslutsdatum,
            path: Vec::new(),
        }),
        TExprKind::Field(inner, i) => {
            let mut p = place_of(inner)?;
            p.path.push(*i);
            Some(p)
        }
        _ => None,
    }
}

/// Known bounds of places. An absent place is unconstrained.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Facts(pub Vec<(Place, Bounds<i64>)>);

impl Facts {
    /// The bounds known for a place.
    pub fn get(&self, p: &Place) -> Option<Bounds<i64>> {
        self.0.iter().find(|(q, _)| q == p).map(|(_, b)| *b)
    }

    /// Both sets of facts hold.
    pub fn and(mut self, other: Facts) -> Facts {
        for (p, b) in other.0 {
            if let Some(slot) = self.0.iter_mut().find(|(q, _)| *q == p) {
                slot.1 = intersect(slot.1, b);
            } else {
                self.0.push((p, b));
            }
        }
        self
    }

    /// One of the two sets holds: only places bounded in both, by the hull.
    pub fn or(self, other: Facts) -> Facts {
        let mut out = Vec::new();
        for (p, b) in self.0 {
            if let Some(c) = other.get(&p) {
                out.push((p, hull(b, c)));
            }
        }
        Facts(out)
    }
}

/// The facts that hold when `cond` evaluates to `truth`.
pub(crate) fn facts_when(cond: &TExpr, truth: bool) -> Facts {
    match &cond.kind {
        TExprKind::Not(inner) => facts_when(inner, !truth),
        TExprKind::And(a, b) => {
            if truth {
                facts_when(a, true).and(facts_when(b, true))
            } else {
                facts_when(a, false).or(facts_when(b, false))
            }
        }
        TExprKind::Or(a, b) => {
            if truth {
                facts_when(a, true).or(facts_when(b, true))
            } else {
                facts_when(a, false).and(facts_when(b, false))
            }
        }
        TExprKind::Compare(op, l, r) => {
            let op = if truth { Some(*op) } else { negate(*op) };
            let Some(op) = op else {
                return Facts::default();
            };
            let mut facts = Facts::default();
            if let (Some(p), Some(rb)) = (place_of(l), key_bounds(&r.ty)) {
                facts.0.push((p, bound_for(op, rb)));
            }
            if let (Some(p), Some(lb)) = (place_of(r), key_bounds(&l.ty)) {
                facts = facts.and(Facts(vec![(p, bound_for(flip(op), lb))]));
            }
            facts
        }
        _ => Facts::default(),
    }
}

/// The operator that holds when `op` does not (`=` false says nothing we can use).
fn negate(op: CmpOp) -> Option<CmpOp> {
    match op {
        CmpOp::Lt => Some(CmpOp::Ge),
        CmpOp::Le => Some(CmpOp::Gt),
        CmpOp::Gt => Some(CmpOp::Le),
        CmpOp::Ge => Some(CmpOp::Lt),
        CmpOp::Ne => Some(CmpOp::Eq),
        CmpOp::Eq => None,
    }
}

/// `a op b` ⇔ `b flip(op) a`.
fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

/// What `x op y` with `y ∈ other` says about `x`.
fn bound_for(op: CmpOp, other: Bounds<i64>) -> Bounds<i64> {
    match op {
        CmpOp::Lt => Bounds {
            lo: None,
            hi: other.hi.and_then(|h| h.checked_sub(1)),
        },
        CmpOp::Le => Bounds {
            lo: None,
            hi: other.hi,
        },
        CmpOp::Gt => Bounds {
            lo: other.lo.and_then(|l| l.checked_add(1)),
            hi: None,
        },
        CmpOp::Ge => Bounds {
            lo: other.lo,
            hi: None,
        },
        CmpOp::Eq => other,
        CmpOp::Ne => Bounds::none(),
    }
}

#[cfg(test)]
mod tests {
    use delegat_diagnostics::Span;

    use super::*;
    use crate::program::Type;

    fn local(id: u32, lo: i64, hi: i64) -> TExpr {
        TExpr {
            kind: TExprKind::Local(LocalId(id)),
            ty: Type::Heltal(Bounds {
                lo: Some(lo),
                hi: Some(hi),
            }),
            span: Span::detached(),
        }
    }

    fn int(n: i64) -> TExpr {
        TExpr {
            kind: TExprKind::Int(n),
            ty: Type::Heltal(Bounds {
                lo: Some(n),
                hi: Some(n),
            }),
            span: Span::detached(),
        }
    }

    fn cmp(op: CmpOp, a: TExpr, b: TExpr) -> TExpr {
        TExpr {
            kind: TExprKind::Compare(op, Box::new(a), Box::new(b)),
            ty: Type::Bool,
            span: Span::detached(),
        }
    }

    fn bin(and: bool, a: TExpr, b: TExpr) -> TExpr {
        let kind = if and {
            TExprKind::And(Box::new(a), Box::new(b))
        } else {
            TExprKind::Or(Box::new(a), Box::new(b))
        };
        TExpr {
            kind,
            ty: Type::Bool,
            span: Span::detached(),
        }
    }

    fn place(id: u32) -> Place {
        Place {
            root: Root::Local(LocalId(id)),
            path: Vec::new(),
        }
    }

    #[test]
    fn comparison_narrows_both_ways() {
        let c = cmp(CmpOp::Le, local(0, 0, 20), int(6));
        assert_eq!(
            facts_when(&c, true).get(&place(0)),
            Some(Bounds {
                lo: None,
                hi: Some(6)
            })
        );
        assert_eq!(
            facts_when(&c, false).get(&place(0)),
            Some(Bounds {
                lo: Some(7),
                hi: None
            })
        );
        // Constant on the left: 7 > x means x < 7.
        let c = cmp(CmpOp::Gt, int(7), local(0, 0, 20));
        assert_eq!(
            facts_when(&c, true).get(&place(0)),
            Some(Bounds {
                lo: None,
                hi: Some(6)
            })
        );
        let eq = cmp(CmpOp::Eq, local(0, 0, 20), int(3));
        assert_eq!(facts_when(&eq, false).get(&place(0)), None);
    }

    #[test]
    fn och_and_eller_combine() {
        let both = bin(
            true,
            cmp(CmpOp::Ge, local(0, 0, 20), int(3)),
            cmp(CmpOp::Lt, local(0, 0, 20), int(7)),
        );
        assert_eq!(
            facts_when(&both, true).get(&place(0)),
            Some(Bounds {
                lo: Some(3),
                hi: Some(6)
            })
        );
        // Not both: nothing certain about either end.
        assert_eq!(
            facts_when(&both, false).get(&place(0)),
            Some(Bounds::none())
        );
        let either = bin(
            false,
            cmp(CmpOp::Lt, local(0, 0, 20), int(3)),
            cmp(CmpOp::Gt, local(0, 0, 20), int(10)),
        );
        assert_eq!(
            facts_when(&either, false).get(&place(0)),
            Some(Bounds {
                lo: Some(3),
                hi: Some(10)
            })
        );
        assert_eq!(
            facts_when(&either, true).get(&place(0)),
            Some(Bounds::none())
        );
    }
}
