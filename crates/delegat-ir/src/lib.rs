//! The Delegat rule pack: a typed, serialisable intermediate representation.
//!
//! A [`Program`] is what a built pack *is*: metadata, declared types, inputs, dated
//! parameters, rules, decisions and worked examples, with all expressions in one flat arena
//! ([`Program::exprs`], addressed by [`ExprId`]). Every expression is fully resolved and
//! typed per operation (`AddMoney`, `MulMoneyDec`, `Compare { ty: CmpTy::Date, .. }`), so
//! the interpreter and the JIT lower the same nodes without re-deriving types.
//!
//! - [`pack`]: the versioned file format ([`FORMAT_VERSION`]) and the content hash.
//! - [`Program::verify`]: internal consistency of an untrusted program (ids in range,
//!   operand types match the operation); it returns errors and never panics.
//! - `Display` for [`Program`]: a readable dump, one line per item and per expression.
//! - What deciding a case returns in either engine ([`DecisionResult`], [`Verdict`],
//!   [`TraceEntry`], [`RuntimeError`]), so that the runtime reads both engines' results
//!   alike and neither backend depends on the other.
//!
//! This crate knows nothing of syntax: spans come from `delegat-diagnostics` (so runtime
//! errors can point at source), scalar values from `delegat-value`.

#![forbid(unsafe_code)]

pub mod build;
mod codec;
pub mod cost;
mod display;
mod expr;
mod ids;
pub mod pack;
mod program;
mod result;
mod runtime_error;
mod types;
mod value;
mod verify;

#[cfg(test)]
mod tests;

/// The vocabularies the IR shares with every phase ([`delegat_value::kind`]).
pub use delegat_value::{DecisionKind, OutcomeKind, RoundMode};
pub use expr::{
    AggOp, Aggregate, BinOp, CmpOp, CmpTy, CondArm, DateUnit, Expr, ExprKind, MatchArm, MinMaxOp,
    NumTy, OrdTy, RoundTy, UnOp,
};
pub use ids::{DecisionId, ExprId, InputId, LocalId, ParamId, RuleId, TypeId};
pub use pack::{ContentHash, FORMAT_VERSION, PackError, PackSignature};
pub use program::{
    Branch, Decision, Example, Exception, Expectation, Expected, Given, Input, Kalla, KeyType,
    LetterSpec, LocalDecl, Meta, NormSpec, Outcome, ParamType, ParamValue, Parameter, Program,
    Provision, ProvisionVersion, Row, RowKey, Rule, Shown, ShownTarget, Target, Template,
    TemplatePart, Version,
};
pub use result::{
    Chosen, DecisionResult, NormDate, TraceEntry, TraceEntryRef, ValueTarget, Verdict,
};
pub use runtime_error::{ExceptionRef, RuntimeError, RuntimeErrorKind};
pub use types::{Bounds, FieldDef, Type, TypeDef, TypeDefKind};
pub use value::Value;
pub use verify::VerifyError;

use delegat_diagnostics::Span;

/// The deepest nesting of expression evaluations (including rule calls) either engine
/// evaluates: the interpreter stops there with [`RuntimeErrorKind::TooDeep`], the JIT
/// refuses a pack that could reach it. Checked programs stay far below it.
pub const MAX_DEPTH: u32 = 2_000;

/// The steps one case may take in either engine before it is stopped and made `manuell`
/// with [`RuntimeErrorKind::Budget`]: the second line behind the static bound
/// ([`cost`]). A step is a call of a rule with arguments, or one element of an aggregate
/// that looks at its elements (one with a filter or a body, or `minsta`, `största`, `alla`,
/// `någon`); plain `summa` and `antal` of a list take none. Everything else a case evaluates
/// is bounded by the program's size (a nullary rule is evaluated at most once), so the
/// steps bound the work. Both engines count at the same points in the same order, so
/// they stop the same cases at the same place (docs/cost.md).
pub const STEP_BUDGET: u64 = 1_000_000;

impl Program {
    /// An empty program of the current format with this metadata.
    pub fn new(meta: Meta) -> Program {
        Program {
            format_version: FORMAT_VERSION,
            meta,
            types: Vec::new(),
            inputs: Vec::new(),
            params: Vec::new(),
            rules: Vec::new(),
            decisions: Vec::new(),
            examples: Vec::new(),
            exprs: Vec::new(),
            provisions: Vec::new(),
        }
    }

    /// Appends an expression to the arena and returns its id. Operands must already be in
    /// the arena (the arena is kept in topological order).
    pub fn push_expr(&mut self, kind: ExprKind, ty: Type, span: Span) -> ExprId {
        let id = ExprId::from_index(self.exprs.len());
        self.exprs.push(Expr { kind, ty, span });
        id
    }

    /// The expression with this id.
    pub fn expr(&self, id: ExprId) -> Option<&Expr> {
        self.exprs.get(id.index())
    }

    /// The declared type with this id.
    pub fn type_def(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.get(id.index())
    }

    /// The input with this id.
    pub fn input(&self, id: InputId) -> Option<&Input> {
        self.inputs.get(id.index())
    }

    /// The parameter with this id.
    pub fn param(&self, id: ParamId) -> Option<&Parameter> {
        self.params.get(id.index())
    }

    /// The rule with this id.
    pub fn rule(&self, id: RuleId) -> Option<&Rule> {
        self.rules.get(id.index())
    }

    /// The decision with this id.
    pub fn decision(&self, id: DecisionId) -> Option<&Decision> {
        self.decisions.get(id.index())
    }

    /// The decision with this name.
    pub fn decision_by_name(&self, name: &str) -> Option<DecisionId> {
        self.decisions
            .iter()
            .position(|d| d.name == name)
            .map(DecisionId::from_index)
    }

    /// The rule with this name.
    pub fn rule_by_name(&self, name: &str) -> Option<RuleId> {
        self.rules
            .iter()
            .position(|r| r.name == name)
            .map(RuleId::from_index)
    }

    /// The input with this name.
    pub fn input_by_name(&self, name: &str) -> Option<InputId> {
        self.inputs
            .iter()
            .position(|i| i.name == name)
            .map(InputId::from_index)
    }

    /// The parameter with this name.
    pub fn param_by_name(&self, name: &str) -> Option<ParamId> {
        self.params
            .iter()
            .position(|p| p.name == name)
            .map(ParamId::from_index)
    }
}
