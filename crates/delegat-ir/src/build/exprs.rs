//! The builder's expression methods: one per node kind, each computing the result type.

use super::Builder;
use crate::{
    AggOp, Aggregate, BinOp, CmpOp, CmpTy, CondArm, DateUnit, ExprId, ExprKind, InputId, LocalId,
    MatchArm, MinMaxOp, OrdTy, ParamId, ParamType, RoundMode, RoundTy, RuleId, Type, TypeDefKind,
    TypeId, UnOp, Value,
};

impl Builder {
    /// A constant of a scalar type (for enums, lists and records use [`Builder::constant`]).
    pub fn lit(&mut self, value: Value) -> ExprId {
        let ty = match &value {
            Value::Int(_) => Type::Int,
            Value::Money(_) => Type::Money,
            Value::Dec(_) => Type::Dec,
            Value::Bool(_) => Type::Bool,
            Value::Date(_) => Type::Date,
            Value::Duration(_) => Type::Duration,
            Value::Text(_) => Type::Text,
            Value::Enum(_) | Value::List(_) | Value::Record(_) => Type::Bool,
        };
        self.constant(value, ty)
    }

    /// A constant of an explicit type.
    pub fn constant(&mut self, value: Value, ty: Type) -> ExprId {
        self.expr(ExprKind::Const(value), ty)
    }

    /// An input's value.
    pub fn read_input(&mut self, id: InputId) -> ExprId {
        let ty = self.program.input(id).map_or(Type::Bool, |i| i.ty.clone());
        self.expr(ExprKind::Input(id), ty)
    }

    /// A scalar parameter's value.
    pub fn read_param(&mut self, id: ParamId) -> ExprId {
        let ty = match self.program.param(id).map(|p| &p.ty) {
            Some(ParamType::Value(t)) => t.clone(),
            _ => Type::Bool,
        };
        self.expr(ExprKind::Param(id), ty)
    }

    /// A table lookup.
    pub fn lookup(&mut self, table: ParamId, key: ExprId) -> ExprId {
        let ty = match self.program.param(table).map(|p| &p.ty) {
            Some(ParamType::Table { value, .. }) => value.clone(),
            _ => Type::Bool,
        };
        self.expr(ExprKind::Lookup { table, key }, ty)
    }

    /// A rule's value (memoised).
    pub fn read_rule(&mut self, id: RuleId) -> ExprId {
        let ty = self.program.rule(id).map_or(Type::Bool, |r| r.ty.clone());
        self.expr(ExprKind::Rule(id), ty)
    }

    /// A call of a rule with arguments.
    pub fn call(&mut self, rule: RuleId, args: Vec<ExprId>) -> ExprId {
        let ty = self.program.rule(rule).map_or(Type::Bool, |r| r.ty.clone());
        self.expr(ExprKind::Call { rule, args }, ty)
    }

    /// A local slot of the current frame.
    pub fn local(&mut self, slot: u32, ty: Type) -> ExprId {
        self.expr(ExprKind::Local(LocalId(slot)), ty)
    }

    /// `beslutsdatum`.
    pub fn decision_date(&mut self) -> ExprId {
        self.expr(ExprKind::DecisionDate, Type::Date)
    }

    /// A unary operation.
    pub fn unary(&mut self, op: UnOp, arg: ExprId) -> ExprId {
        self.expr(ExprKind::Unary { op, arg }, op.signature().1)
    }

    /// A binary arithmetic operation.
    pub fn binary(&mut self, op: BinOp, lhs: ExprId, rhs: ExprId) -> ExprId {
        self.expr(ExprKind::Binary { op, lhs, rhs }, op.signature().2)
    }

    /// A comparison.
    pub fn compare(&mut self, op: CmpOp, ty: CmpTy, lhs: ExprId, rhs: ExprId) -> ExprId {
        self.expr(ExprKind::Compare { op, ty, lhs, rhs }, Type::Bool)
    }

    /// `a och b`.
    pub fn and(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.expr(ExprKind::And(a, b), Type::Bool)
    }

    /// `a eller b`.
    pub fn or(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.expr(ExprKind::Or(a, b), Type::Bool)
    }

    /// `om c så a annars b`.
    pub fn if_(&mut self, cond: ExprId, then: ExprId, otherwise: ExprId) -> ExprId {
        let ty = self.ty(then);
        self.expr(
            ExprKind::If {
                cond,
                then,
                otherwise,
            },
            ty,
        )
    }

    /// `välj { när c: v … annars: o }`.
    pub fn cond(&mut self, arms: &[(ExprId, ExprId)], otherwise: Option<ExprId>) -> ExprId {
        let ty = arms
            .first()
            .map(|a| a.1)
            .or(otherwise)
            .map_or(Type::Bool, |e| self.ty(e));
        let arms = arms
            .iter()
            .map(|(cond, value)| CondArm {
                cond: *cond,
                value: *value,
            })
            .collect();
        self.expr(ExprKind::Cond { arms, otherwise }, ty)
    }

    /// `välj x { när a | b: v … annars: o }`.
    pub fn match_(
        &mut self,
        subject: ExprId,
        arms: &[(&[u32], ExprId)],
        otherwise: Option<ExprId>,
    ) -> ExprId {
        let ty = arms
            .first()
            .map(|a| a.1)
            .or(otherwise)
            .map_or(Type::Bool, |e| self.ty(e));
        let arms = arms
            .iter()
            .map(|(variants, value)| MatchArm {
                variants: variants.to_vec(),
                value: *value,
            })
            .collect();
        self.expr(
            ExprKind::Match {
                subject,
                arms,
                otherwise,
            },
            ty,
        )
    }

    /// An aggregate over a list; `var` is a local slot of the enclosing frame.
    pub fn aggregate(
        &mut self,
        op: AggOp,
        var: u32,
        list: ExprId,
        filter: Option<ExprId>,
        body: Option<ExprId>,
    ) -> ExprId {
        let ty = match op {
            AggOp::Sum(n) => n.ty(),
            AggOp::Count => Type::Int,
            AggOp::All | AggOp::Any => Type::Bool,
            AggOp::Min(o) | AggOp::Max(o) => o.ty(),
        };
        self.expr(
            ExprKind::Aggregate(Box::new(Aggregate {
                op,
                var: LocalId(var),
                list,
                filter,
                body,
            })),
            ty,
        )
    }

    /// `minsta(…)` / `största(…)`.
    pub fn min_max(&mut self, op: MinMaxOp, ty: OrdTy, args: Vec<ExprId>) -> ExprId {
        self.expr(ExprKind::MinMax { op, ty, args }, ty.ty())
    }

    /// `avrunda…(x)` / `avrunda…(x; steg)`.
    pub fn round(
        &mut self,
        mode: RoundMode,
        ty: RoundTy,
        arg: ExprId,
        step: Option<ExprId>,
    ) -> ExprId {
        self.expr(
            ExprKind::Round {
                mode,
                ty,
                arg,
                step,
            },
            ty.signature().1,
        )
    }

    /// `år_mellan`, `månader_mellan`, `dagar_mellan`.
    pub fn date_diff(&mut self, unit: DateUnit, from: ExprId, to: ExprId) -> ExprId {
        self.expr(ExprKind::DateDiff { unit, from, to }, Type::Int)
    }

    /// `datum ± varaktighet`.
    pub fn date_shift(&mut self, subtract: bool, date: ExprId, duration: ExprId) -> ExprId {
        self.expr(
            ExprKind::DateShift {
                subtract,
                date,
                duration,
            },
            Type::Date,
        )
    }

    /// `r.fält` by index.
    pub fn field(&mut self, record: ExprId, index: u32) -> ExprId {
        let ty = match self.ty(record) {
            Type::Record(t) => match self.program.type_def(t).map(|d| &d.kind) {
                Some(TypeDefKind::Record(fields)) => fields
                    .get(index as usize)
                    .map_or(Type::Bool, |f| f.ty.clone()),
                _ => Type::Bool,
            },
            _ => Type::Bool,
        };
        self.expr(ExprKind::Field { record, index }, ty)
    }

    /// `[a; b; …]` with the element type given (needed for an empty list).
    pub fn list(&mut self, elem: Type, items: Vec<ExprId>) -> ExprId {
        self.expr(ExprKind::MakeList(items), Type::List(Box::new(elem)))
    }

    /// `{ fält = … }` of a record type.
    pub fn record(&mut self, ty: TypeId, fields: Vec<ExprId>) -> ExprId {
        self.expr(ExprKind::MakeRecord { ty, fields }, Type::Record(ty))
    }
}
