//! A small builder for writing IR by hand: in tests of the interpreter and the JIT, and as
//! the lowering's way of appending nodes.
//!
//! Each method appends one node and computes its type from its operands (the same rules the
//! verifier checks), so a hand-built program is well typed by construction as long as the
//! operands fit; [`Builder::finish`] runs the verifier to make sure.

use delegat_diagnostics::Span;
use delegat_value::{Date, Decimal, Money};

use crate::{
    Bounds, Branch, Decision, DecisionId, DecisionKind, Exception, ExprId, ExprKind, FieldDef,
    Input, InputId, Kalla, KeyType, LocalDecl, Meta, NormSpec, Outcome, OutcomeKind, ParamId,
    ParamType, ParamValue, Parameter, Program, Row, Rule, RuleId, Template, TemplatePart, Type,
    TypeDef, TypeDefKind, TypeId, Value, VerifyError, Version,
};

/// Builds a [`Program`] node by node.
#[derive(Debug)]
pub struct Builder {
    /// The program so far.
    pub program: Program,
    /// The span given to every node appended from now on.
    pub span: Span,
}

impl Builder {
    /// An empty program titled `title`.
    pub fn new(title: &str) -> Builder {
        Builder {
            program: Program::new(Meta {
                title: title.to_string(),
                ..Meta::default()
            }),
            span: Span::detached(),
        }
    }

    /// The program, if it verifies.
    pub fn finish(self) -> Result<Program, Vec<VerifyError>> {
        let errors = self.program.verify();
        if errors.is_empty() {
            Ok(self.program)
        } else {
            Err(errors)
        }
    }

    /// The type of a node already built (`Bool` for an unknown id).
    pub fn ty(&self, id: ExprId) -> Type {
        self.program.expr(id).map_or(Type::Bool, |e| e.ty.clone())
    }

    /// Appends a node of an explicit type.
    pub fn expr(&mut self, kind: ExprKind, ty: Type) -> ExprId {
        self.program.push_expr(kind, ty, self.span)
    }

    // Declarations.

    /// Declares an enum.
    pub fn enum_type(&mut self, name: &str, variants: &[&str]) -> TypeId {
        let id = TypeId::from_index(self.program.types.len());
        self.program.types.push(TypeDef {
            name: name.to_string(),
            kind: TypeDefKind::Enum(variants.iter().map(|v| v.to_string()).collect()),
        });
        id
    }

    /// Declares a record with unbounded fields.
    pub fn record_type(&mut self, name: &str, fields: &[(&str, Type)]) -> TypeId {
        let id = TypeId::from_index(self.program.types.len());
        self.program.types.push(TypeDef {
            name: name.to_string(),
            kind: TypeDefKind::Record(
                fields
                    .iter()
                    .map(|(n, t)| FieldDef {
                        name: n.to_string(),
                        ty: t.clone(),
                        bounds: Bounds::default(),
                    })
                    .collect(),
            ),
        });
        id
    }

    /// Declares an input stated by the applicant.
    pub fn input(&mut self, name: &str, ty: Type) -> InputId {
        let id = InputId::from_index(self.program.inputs.len());
        self.program.inputs.push(Input {
            name: name.to_string(),
            ty,
            bounds: Bounds::default(),
            kalla: Kalla::Sokande,
            fraga: None,
            beskrivning: None,
            span: self.span,
        });
        id
    }

    /// Declares a scalar parameter with dated versions.
    pub fn param(&mut self, name: &str, ty: Type, versions: Vec<(Date, Value)>) -> ParamId {
        let id = ParamId::from_index(self.program.params.len());
        self.program.params.push(Parameter {
            name: name.to_string(),
            enligt: None,
            lagrum: None,
            ty: ParamType::Value(ty),
            versions: versions
                .into_iter()
                .map(|(from, v)| Version {
                    from,
                    value: ParamValue::Value(v),
                    span: self.span,
                })
                .collect(),
            percent: false,
            span: self.span,
        });
        id
    }

    /// Declares a table parameter with dated versions.
    pub fn table(
        &mut self,
        name: &str,
        key: KeyType,
        value: Type,
        versions: Vec<(Date, Vec<Row>)>,
    ) -> ParamId {
        let id = ParamId::from_index(self.program.params.len());
        self.program.params.push(Parameter {
            name: name.to_string(),
            enligt: None,
            lagrum: None,
            ty: ParamType::Table { key, value },
            versions: versions
                .into_iter()
                .map(|(from, rows)| Version {
                    from,
                    value: ParamValue::Table(rows),
                    span: self.span,
                })
                .collect(),
            percent: false,
            span: self.span,
        });
        id
    }

    /// Declares a rule (body to be set with [`Builder::set_body`]); `args` are its
    /// arguments (the first locals), `loops` further local slots for loop variables.
    pub fn declare_rule(
        &mut self,
        name: &str,
        ty: Type,
        args: &[(&str, Type)],
        loops: &[(&str, Type)],
    ) -> RuleId {
        let id = RuleId::from_index(self.program.rules.len());
        let locals = args
            .iter()
            .chain(loops)
            .map(|(n, t)| LocalDecl {
                name: n.to_string(),
                ty: t.clone(),
            })
            .collect();
        self.program.rules.push(Rule {
            name: name.to_string(),
            enligt: None,
            lagrum: None,
            doc: None,
            arity: u32::try_from(args.len()).unwrap_or(u32::MAX),
            locals,
            ty,
            body: ExprId(u32::MAX),
            undantag: Vec::new(),
            span: self.span,
        });
        id
    }

    /// Sets a declared rule's main expression.
    pub fn set_body(&mut self, rule: RuleId, body: ExprId) {
        if let Some(r) = self.program.rules.get_mut(rule.index()) {
            r.body = body;
        }
    }

    /// A rule without arguments or loops, with its body.
    pub fn rule(&mut self, name: &str, body: ExprId) -> RuleId {
        let ty = self.ty(body);
        let id = self.declare_rule(name, ty, &[], &[]);
        self.set_body(id, body);
        id
    }

    /// Adds an exception to a rule.
    pub fn exception(&mut self, rule: RuleId, enligt: Option<&str>, cond: ExprId, value: ExprId) {
        let span = self.span;
        if let Some(r) = self.program.rules.get_mut(rule.index()) {
            r.undantag.push(Exception {
                enligt: enligt.map(str::to_string),
                lagrum: None,
                cond,
                value,
                span,
            });
        }
    }

    /// Sets a decision's norm date (its expressions built beforehand, in the decision's
    /// frame).
    pub fn set_norm(&mut self, decision: DecisionId, norm: NormSpec) {
        if let Some(d) = self.program.decisions.get_mut(decision.index()) {
            d.norm = norm;
        }
    }

    /// Declares a decision; `locals` are its loop variables.
    pub fn decision(
        &mut self,
        name: &str,
        locals: &[(&str, Type)],
        branches: Vec<(ExprId, Outcome)>,
        otherwise: Outcome,
    ) -> DecisionId {
        let id = DecisionId::from_index(self.program.decisions.len());
        self.program.decisions.push(Decision {
            name: name.to_string(),
            kind: DecisionKind::Beslut,
            enligt: Some("lagrum".to_string()),
            lagrum: None,
            appeal: None,
            avser: Some("myndighetsutövning".to_string()),
            overklagande: Some("förvaltningsbesvär".to_string()),
            doc: None,
            norm: NormSpec::default(),
            letter: crate::LetterSpec::default(),
            locals: locals
                .iter()
                .map(|(n, t)| LocalDecl {
                    name: n.to_string(),
                    ty: t.clone(),
                })
                .collect(),
            branches: branches
                .into_iter()
                .map(|(cond, outcome)| Branch { cond, outcome })
                .collect(),
            otherwise,
            span: self.span,
        });
        id
    }

    /// An outcome with an optional amount and a text of literal parts and interpolations.
    pub fn outcome(
        &self,
        kind: OutcomeKind,
        belopp: Option<ExprId>,
        text: &[TemplatePart],
    ) -> Outcome {
        Outcome {
            kind,
            belopp,
            text: (!text.is_empty()).then(|| Template {
                parts: text.to_vec(),
            }),
            span: self.span,
        }
    }
}

mod exprs;
mod sample;

pub use sample::{fs_case, fs_sample};

/// A date for tests and hand-built programs; an impossible date gives 1970-01-01.
pub fn date(year: i32, month: u32, day: u32) -> Date {
    Date::from_ymd(year, month, day).unwrap_or_else(|_| Date::from_days(0).unwrap_or(Date::MIN))
}

/// An amount in whole kronor.
pub fn kr(kronor: i64) -> Money {
    Money::from_ore(kronor.saturating_mul(100))
}

/// A decimal `mantissa × 10^-scale`, made canonical; an impossible one gives zero.
pub fn dec(mantissa: i128, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale).unwrap_or(Decimal::ZERO)
}
