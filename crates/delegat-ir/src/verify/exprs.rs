//! The verifier's per-expression checks: operand ids, topological order, operand types.

use super::Verifier;
use crate::{AggOp, CmpOp, CmpTy, ExprId, ExprKind, ParamType, Type, TypeDefKind};

impl Verifier<'_> {
    /// The type of operand `id` of expression number `user`, if the id is valid: in range
    /// and smaller than `user` (topological order).
    fn operand(&mut self, id: ExprId, user: usize) -> Option<Type> {
        if id.index() >= user {
            self.err(format!(
                "operanden #{} kommer inte före uttrycket som använder den",
                id.0
            ));
            return None;
        }
        self.p.exprs.get(id.index()).map(|e| e.ty.clone())
    }

    fn expect(&mut self, id: ExprId, user: usize, want: &Type) {
        if let Some(got) = self.operand(id, user)
            && &got != want
        {
            self.err(format!(
                "operanden #{} har typen {} men operationen kräver {}",
                id.0,
                self.p.type_name(&got),
                self.p.type_name(want)
            ));
        }
    }

    fn result(&mut self, got: &Type, want: &Type) {
        if got != want {
            self.err(format!(
                "uttrycket har typen {} men operationen ger {}",
                self.p.type_name(got),
                self.p.type_name(want)
            ));
        }
    }

    pub(super) fn check_expr(&mut self, i: usize) {
        let Some(e) = self.p.exprs.get(i) else { return };
        let ty = &e.ty;
        self.type_ok(ty);
        match &e.kind {
            ExprKind::Const(v) => self.value_ok(v, ty),
            ExprKind::Input(id) => match self.p.inputs.get(id.index()) {
                Some(input) => self.result(ty, &input.ty),
                None => self.err(format!("uppgift #{} finns inte", id.0)),
            },
            ExprKind::Param(id) => match self.p.params.get(id.index()).map(|p| &p.ty) {
                Some(ParamType::Value(t)) => self.result(ty, t),
                Some(ParamType::Table { .. }) => self.err("en tabell läses utan nyckel"),
                None => self.err(format!("parameter #{} finns inte", id.0)),
            },
            ExprKind::Lookup { table, key } => {
                match self.p.params.get(table.index()).map(|p| &p.ty) {
                    Some(ParamType::Table { key: kt, value }) => {
                        self.result(ty, value);
                        self.expect(*key, i, &kt.ty());
                    }
                    Some(ParamType::Value(_)) => {
                        self.err("uppslagning i en parameter som inte är en tabell")
                    }
                    None => self.err(format!("parameter #{} finns inte", table.0)),
                }
            }
            ExprKind::Rule(id) => match self.p.rules.get(id.index()) {
                Some(rule) if rule.arity == 0 => self.result(ty, &rule.ty),
                Some(_) => self.err("en regel med argument läses utan anrop"),
                None => self.err(format!("regel #{} finns inte", id.0)),
            },
            ExprKind::Call { rule, args } => match self.p.rules.get(rule.index()) {
                Some(r) => {
                    self.result(ty, &r.ty);
                    if args.len() != r.arity as usize {
                        self.err(format!(
                            "regeln `{}` tar {} argument men anropas med {}",
                            r.name,
                            r.arity,
                            args.len()
                        ));
                    }
                    for (arg, local) in args.iter().zip(&r.locals) {
                        self.expect(*arg, i, &local.ty);
                    }
                }
                None => self.err(format!("regel #{} finns inte", rule.0)),
            },
            ExprKind::Local(_) => {} // checked per frame
            ExprKind::DecisionDate => self.result(ty, &Type::Date),
            ExprKind::Unary { op, arg } => {
                let (a, r) = op.signature();
                self.expect(*arg, i, &a);
                self.result(ty, &r);
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let (a, b, r) = op.signature();
                self.expect(*lhs, i, &a);
                self.expect(*rhs, i, &b);
                self.result(ty, &r);
            }
            ExprKind::Compare {
                op,
                ty: cty,
                lhs,
                rhs,
            } => {
                self.result(ty, &Type::Bool);
                self.check_compare(i, *op, *cty, *lhs, *rhs);
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                self.expect(*a, i, &Type::Bool);
                self.expect(*b, i, &Type::Bool);
                self.result(ty, &Type::Bool);
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expect(*cond, i, &Type::Bool);
                self.expect(*then, i, ty);
                self.expect(*otherwise, i, ty);
            }
            ExprKind::Cond { arms, otherwise } => {
                for arm in arms {
                    self.expect(arm.cond, i, &Type::Bool);
                    self.expect(arm.value, i, ty);
                }
                if let Some(o) = otherwise {
                    self.expect(*o, i, ty);
                }
            }
            ExprKind::Match {
                subject,
                arms,
                otherwise,
            } => {
                let n = match self.operand(*subject, i) {
                    Some(Type::Enum(t)) => match self.kind(t) {
                        Some(TypeDefKind::Enum(vs)) => vs.len(),
                        _ => 0,
                    },
                    Some(_) => {
                        self.err("`välj` på något som inte är en uppräkning");
                        0
                    }
                    None => 0,
                };
                for arm in arms {
                    if arm.variants.iter().any(|v| *v as usize >= n) {
                        self.err("en gren i `välj` nämner en variant som inte finns");
                    }
                    self.expect(arm.value, i, ty);
                }
                if let Some(o) = otherwise {
                    self.expect(*o, i, ty);
                }
            }
            ExprKind::Aggregate(agg) => {
                let elem = match self.operand(agg.list, i) {
                    Some(Type::List(elem)) => Some(*elem),
                    Some(_) => {
                        self.err("aggregat över något som inte är en lista");
                        None
                    }
                    None => None,
                };
                if let Some(f) = agg.filter {
                    self.expect(f, i, &Type::Bool);
                }
                let body_ty = match agg.body {
                    Some(b) => self.operand(b, i),
                    None => elem,
                };
                let (body_want, result) = match agg.op {
                    AggOp::Sum(n) => (Some(n.ty()), n.ty()),
                    AggOp::Count => (agg.body.map(|_| Type::Bool), Type::Int),
                    AggOp::All | AggOp::Any => (Some(Type::Bool), Type::Bool),
                    AggOp::Min(o) | AggOp::Max(o) => (Some(o.ty()), o.ty()),
                };
                if let (Some(want), Some(got)) = (body_want, body_ty)
                    && want != got
                {
                    self.err(format!(
                        "aggregatets kropp har typen {} men aggregatet kräver {}",
                        self.p.type_name(&got),
                        self.p.type_name(&want)
                    ));
                }
                self.result(ty, &result);
            }
            ExprKind::MinMax { ty: oty, args, .. } => {
                if args.is_empty() {
                    self.err("`minsta`/`största` utan argument");
                }
                let want = oty.ty();
                for a in args {
                    self.expect(*a, i, &want);
                }
                self.result(ty, &want);
            }
            ExprKind::Round {
                ty: rty, arg, step, ..
            } => {
                let (a, r) = rty.signature();
                self.expect(*arg, i, &a);
                match (rty.step_rule(), step) {
                    (Some(true), None) => self.err("avrundningen saknar steg"),
                    (Some(false), Some(_)) => self.err("avrundningen tar inget steg"),
                    (_, Some(s)) => self.expect(*s, i, &a),
                    (_, None) => {}
                }
                self.result(ty, &r);
            }
            ExprKind::DateDiff { from, to, .. } => {
                self.expect(*from, i, &Type::Date);
                self.expect(*to, i, &Type::Date);
                self.result(ty, &Type::Int);
            }
            ExprKind::DateShift { date, duration, .. } => {
                self.expect(*date, i, &Type::Date);
                self.expect(*duration, i, &Type::Duration);
                self.result(ty, &Type::Date);
            }
            ExprKind::Field { record, index } => match self.operand(*record, i) {
                Some(Type::Record(t)) => {
                    let field_ty = match self.kind(t) {
                        Some(TypeDefKind::Record(fields)) => {
                            fields.get(*index as usize).map(|f| f.ty.clone())
                        }
                        _ => None,
                    };
                    match field_ty {
                        Some(ft) => self.result(ty, &ft),
                        None => self.err(format!("fält nummer {index} finns inte")),
                    }
                }
                Some(_) => self.err("fältåtkomst på något som inte är en post"),
                None => {}
            },
            ExprKind::MakeList(items) => match ty {
                Type::List(elem) => {
                    for item in items {
                        self.expect(*item, i, elem);
                    }
                }
                _ => self.err("en lista har inte en listtyp"),
            },
            ExprKind::MakeRecord { ty: t, fields } => {
                self.result(ty, &Type::Record(*t));
                let defs: Vec<Type> = match self.kind(*t) {
                    Some(TypeDefKind::Record(defs)) => defs.iter().map(|d| d.ty.clone()).collect(),
                    _ => {
                        self.err(format!("typ #{} är ingen post", t.0));
                        return;
                    }
                };
                if defs.len() != fields.len() {
                    self.err("posten har fel antal fält");
                }
                for (f, want) in fields.iter().zip(&defs) {
                    self.expect(*f, i, want);
                }
            }
        }
    }

    fn check_compare(&mut self, i: usize, op: CmpOp, cty: CmpTy, lhs: ExprId, rhs: ExprId) {
        let (Some(a), Some(b)) = (self.operand(lhs, i), self.operand(rhs, i)) else {
            return;
        };
        let ok = match cty {
            CmpTy::Int => a == Type::Int && b == Type::Int,
            CmpTy::Dec => a == Type::Dec && b == Type::Dec,
            CmpTy::Money => a == Type::Money && b == Type::Money,
            CmpTy::Date => a == Type::Date && b == Type::Date,
            CmpTy::Bool => a == Type::Bool && b == Type::Bool,
            CmpTy::Text => a == Type::Text && b == Type::Text,
            CmpTy::Enum => matches!(a, Type::Enum(_)) && a == b,
        };
        if !ok {
            self.err("jämförelsens operander har inte den typ jämförelsen anger");
        }
        if matches!(cty, CmpTy::Bool | CmpTy::Enum | CmpTy::Text) && !op.is_equality() {
            self.err("storleksjämförelse på en typ som bara kan jämföras med `=` och `≠`");
        }
    }
}
