//! Lowering of items: metadata, types, inputs, parameters, rules, decisions and examples.

use delegat_check::program as ck;
use delegat_ir::{
    Branch, Decision, DecisionId, Example, Exception, Expectation, Expected, FieldDef, Given,
    Input, InputId, Kalla, LetterSpec, Meta, NormSpec, Outcome, OutcomeKind, ParamId, ParamType,
    ParamValue, Parameter, Provision, ProvisionVersion, Row, RowKey, RuleId, Shown, ShownTarget,
    Target, Template, TemplatePart, TypeDef, TypeDefKind, Value, Version,
};

use crate::{LowerError, Lowerer, scalar};

impl Lowerer<'_> {
    /// Lowers every item, in dependency order.
    pub(crate) fn items(&mut self) -> Result<(), LowerError> {
        self.meta();
        self.provisions()?;
        self.types()?;
        self.inputs()?;
        self.params()?;
        self.declare_rules()?;
        for (i, r) in self.c.regler.iter().enumerate() {
            self.rule_body(RuleId::from_index(i), r)?;
        }
        for d in &self.c.beslut {
            self.decision(d)?;
        }
        for ex in &self.c.exempel {
            self.example(ex)?;
        }
        Ok(())
    }

    /// Declared provisions, in declaration order (their index is the checker's id).
    fn provisions(&mut self) -> Result<(), LowerError> {
        for l in &self.c.lagrum {
            let mut versions = Vec::with_capacity(l.versions.len());
            for v in &l.versions {
                versions.push(ProvisionVersion {
                    from: scalar::date(v.from, v.span)?,
                    text: v.text.text.clone(),
                    appeal: v
                        .appeal
                        .as_ref()
                        .and_then(|a| a.enligt.as_ref())
                        .map(|e| e.text.clone()),
                });
            }
            self.b.program.provisions.push(Provision {
                name: l.name.text.clone(),
                versions,
                span: l.span,
            });
        }
        Ok(())
    }

    /// An `enligt` as the IR keeps it: the text (for a declared provision, its last
    /// version's) and the provision's index.
    fn cite(
        &self,
        enligt: Option<&ck::Spanned>,
        lagrum: Option<ck::LagrumId>,
    ) -> (Option<String>, Option<u32>) {
        match lagrum {
            Some(id) => (
                self.c
                    .lagrum_def(id)
                    .and_then(|l| l.versions.last())
                    .map(|v| v.text.text.clone()),
                Some(id.0),
            ),
            None => (enligt.map(|s| s.text.clone()), None),
        }
    }

    fn meta(&mut self) {
        if let Some(r) = &self.c.regelverk {
            self.b.program.meta = Meta {
                title: r.titel.text.clone(),
                namnd: r.namnd.as_ref().map(|s| s.text.clone()),
                version: r.version.as_ref().map(|s| s.text.clone()),
                beskrivning: r.beskrivning.as_ref().map(|s| s.text.clone()),
                kontakt: r.kontakt.as_ref().map(|s| s.text.clone()),
                personuppgifter: r.personuppgifter.as_ref().map(|s| s.text.clone()),
                logotyp: r.logotyp.as_ref().map(|s| s.text.clone()),
            };
        }
    }

    fn types(&mut self) -> Result<(), LowerError> {
        for t in &self.c.types {
            let kind = match &t.kind {
                ck::TypeDefKind::Enum(vs) => {
                    TypeDefKind::Enum(vs.iter().map(|v| v.text.clone()).collect())
                }
                ck::TypeDefKind::Record(fields) => TypeDefKind::Record(
                    fields
                        .iter()
                        .map(|f| {
                            Ok(FieldDef {
                                name: f.name.text.clone(),
                                ty: scalar::ty(&f.ty, f.name.span)?,
                                bounds: scalar::bounds(&f.ty, f.name.span)?,
                            })
                        })
                        .collect::<Result<_, LowerError>>()?,
                ),
            };
            self.b.program.types.push(TypeDef {
                name: t.name.text.clone(),
                kind,
            });
        }
        Ok(())
    }

    fn inputs(&mut self) -> Result<(), LowerError> {
        for u in &self.c.uppgifter {
            let kalla = match &u.kalla {
                ck::Kalla::Sokande => Kalla::Sokande,
                ck::Kalla::Register(name) => Kalla::Register(name.text.clone()),
                ck::Kalla::Handlaggare => Kalla::Handlaggare,
            };
            self.b.program.inputs.push(Input {
                name: u.name.text.clone(),
                ty: scalar::ty(&u.ty, u.span)?,
                bounds: scalar::bounds(&u.ty, u.span)?,
                kalla,
                fraga: u.fraga.as_ref().map(|s| s.text.clone()),
                beskrivning: u
                    .beskrivning
                    .as_ref()
                    .map(|s| s.text.clone())
                    .or_else(|| u.doc.clone()),
                span: u.span,
            });
        }
        for bd in &self.c.bedomningar {
            self.b.program.inputs.push(Input {
                name: bd.name.text.clone(),
                ty: scalar::ty(&bd.ty, bd.span)?,
                bounds: scalar::bounds(&bd.ty, bd.span)?,
                kalla: Kalla::Bedomning,
                fraga: None,
                beskrivning: bd
                    .beskrivning
                    .as_ref()
                    .map(|s| s.text.clone())
                    .or_else(|| bd.doc.clone()),
                span: bd.span,
            });
        }
        Ok(())
    }

    fn params(&mut self) -> Result<(), LowerError> {
        for p in &self.c.params {
            let ty = match &p.ty {
                ck::Type::Tabell(k, v) => ParamType::Table {
                    key: scalar::key_type(k, p.span)?,
                    value: scalar::ty(v, p.span)?,
                },
                other => ParamType::Value(scalar::ty(other, p.span)?),
            };
            let mut versions = Vec::with_capacity(p.values.len());
            for v in &p.values {
                let value = match &v.value {
                    ck::ParamValue::Expr(e) => ParamValue::Value(self.const_value(e)?),
                    ck::ParamValue::Table(t) => ParamValue::Table(self.rows(t)?),
                };
                versions.push(Version {
                    from: scalar::date(v.from, v.span)?,
                    value,
                    span: v.span,
                });
            }
            let (enligt, lagrum) = self.cite(p.enligt.as_ref(), p.lagrum);
            self.b.program.params.push(Parameter {
                name: p.name.text.clone(),
                enligt,
                lagrum,
                ty,
                versions,
                percent: p.percent,
                span: p.span,
            });
        }
        Ok(())
    }

    fn rows(&mut self, t: &ck::Table) -> Result<Vec<Row>, LowerError> {
        let mut rows = Vec::with_capacity(t.rows.len());
        for r in &t.rows {
            let key = match &r.key {
                ck::TableKey::Int(b) => RowKey::Int { lo: b.lo, hi: b.hi },
                ck::TableKey::Date(b) => RowKey::Date {
                    lo: b.lo.map(|d| scalar::date(d, r.span)).transpose()?,
                    hi: b.hi.map(|d| scalar::date(d, r.span)).transpose()?,
                },
                ck::TableKey::Variants(vs) => RowKey::Variants(vs.clone()),
            };
            rows.push(Row {
                key,
                value: self.const_value(&r.value)?,
            });
        }
        Ok(rows)
    }

    /// Declares every rule (bodies follow), so that references and calls have types.
    fn declare_rules(&mut self) -> Result<(), LowerError> {
        for r in &self.c.regler {
            let args: Vec<(String, delegat_ir::Type)> = r
                .params
                .iter()
                .map(|l| {
                    let def = self.c.local(*l).ok_or_else(|| {
                        LowerError::new(format!("lokal #{} finns inte", l.0), r.span)
                    })?;
                    Ok((def.name.text.clone(), scalar::ty(&def.ty, r.span)?))
                })
                .collect::<Result<_, LowerError>>()?;
            let args: Vec<(&str, delegat_ir::Type)> =
                args.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
            self.b.span = r.span;
            let id = self
                .b
                .declare_rule(&r.name.text, scalar::ty(&r.ty, r.span)?, &args, &[]);
            let (enligt, lagrum) = self.cite(r.enligt.as_ref(), r.lagrum);
            if let Some(rule) = self.b.program.rules.get_mut(id.index()) {
                rule.enligt = enligt;
                rule.lagrum = lagrum;
                rule.doc = r.doc.clone();
            }
        }
        Ok(())
    }

    fn rule_body(&mut self, id: RuleId, r: &ck::RegelDef) -> Result<(), LowerError> {
        self.enter_frame(&r.params)?;
        let body = self.expr(&r.body)?;
        let mut undantag = Vec::with_capacity(r.undantag.len());
        for u in &r.undantag {
            let (enligt, lagrum) = self.cite(u.enligt.as_ref(), u.lagrum);
            undantag.push(Exception {
                enligt,
                lagrum,
                cond: self.expr(&u.cond)?,
                value: self.expr(&u.value)?,
                span: u.span,
            });
        }
        let locals = self.take_frame();
        if let Some(rule) = self.b.program.rules.get_mut(id.index()) {
            rule.body = body;
            rule.undantag = undantag;
            rule.locals = locals;
        }
        Ok(())
    }

    fn decision(&mut self, d: &ck::BeslutDef) -> Result<(), LowerError> {
        self.enter_frame(&[])?;
        let field = |l: &mut Self, e: &Option<ck::TExpr>| e.as_ref().map(|e| l.expr(e)).transpose();
        let norm = NormSpec {
            month: field(self, &d.norm.month)?,
            date: field(self, &d.norm.date)?,
            earliest: field(self, &d.norm.earliest)?,
            latest: field(self, &d.norm.latest)?,
        };
        let mut branches = Vec::with_capacity(d.branches.len());
        for br in &d.branches {
            let cond = self.expr(&br.cond)?;
            let outcome = self.outcome(&br.outcome)?;
            branches.push(Branch { cond, outcome });
        }
        let otherwise = self.outcome(&d.otherwise)?;
        let locals = self.take_frame();
        let (enligt, lagrum) = self.cite(d.enligt.as_ref(), d.lagrum);
        let appeal = match (lagrum, &enligt) {
            (None, Some(text)) => {
                delegat_check::legality::appeal::table_appeal(text).map(str::to_string)
            }
            _ => None,
        };
        self.b.program.decisions.push(Decision {
            name: d.name.text.clone(),
            kind: d.kind,
            enligt,
            lagrum,
            appeal,
            avser: d.avser.as_ref().map(|s| s.text.clone()),
            overklagande: d.overklagande.as_ref().map(|s| s.text.clone()),
            doc: d.doc.clone(),
            locals,
            norm,
            letter: self.letter(&d.letter),
            branches,
            otherwise,
            span: d.span,
        });
        Ok(())
    }

    fn outcome(&mut self, o: &ck::OutcomeDef) -> Result<Outcome, LowerError> {
        let (kind, belopp, text) = match &o.kind {
            ck::OutcomeBody::Bifall { belopp, motivering } => {
                (OutcomeKind::Bifall, belopp.as_ref(), motivering.as_ref())
            }
            ck::OutcomeBody::Avslag { motivering } => {
                (OutcomeKind::Avslag, None, motivering.as_ref())
            }
            ck::OutcomeBody::Faststallt { belopp, motivering } => (
                OutcomeKind::Faststallt,
                belopp.as_ref(),
                motivering.as_ref(),
            ),
            ck::OutcomeBody::Manuell { reason } => (OutcomeKind::Manuell, None, Some(reason)),
        };
        let belopp = belopp.map(|b| self.expr(b)).transpose()?;
        let text = text.map(|t| self.template(t)).transpose()?;
        Ok(Outcome {
            kind,
            belopp,
            text,
            span: o.span,
        })
    }

    fn template(&mut self, t: &ck::Text) -> Result<Template, LowerError> {
        let mut parts = Vec::with_capacity(t.pieces.len());
        for piece in &t.pieces {
            parts.push(match piece {
                ck::TextPiece::Lit(s) => TemplatePart::Lit(s.clone()),
                ck::TextPiece::Interp(e) => TemplatePart::Expr(self.expr(e)?),
            });
        }
        Ok(Template { parts })
    }

    /// A decision's letter fields; inputs are numbered as in [`Self::inputs`] (the
    /// `uppgift`s, then the `bedömning`s).
    fn letter(&self, l: &ck::LetterDef) -> LetterSpec {
        let n_uppgifter = u32::try_from(self.c.uppgifter.len()).unwrap_or(u32::MAX);
        let text = |s: &Option<ck::Spanned>| s.as_ref().map(|s| s.text.clone());
        LetterSpec {
            titel: text(&l.titel),
            delegeringspunkt: text(&l.delegeringspunkt),
            overklagas_hos: text(&l.overklagas_hos),
            helt_bifall: l.helt_bifall,
            arendenummer: l.arendenummer.map(|u| InputId(u.0)),
            visa: l
                .visa
                .iter()
                .map(|v| Shown {
                    label: v.label.text.clone(),
                    target: match v.target {
                        ck::ShownTarget::Uppgift(u) => ShownTarget::Input(InputId(u.0)),
                        ck::ShownTarget::Bedomning(b) => {
                            ShownTarget::Input(InputId(n_uppgifter.saturating_add(b.0)))
                        }
                        ck::ShownTarget::Param(p) => ShownTarget::Param(ParamId(p.0)),
                        ck::ShownTarget::Regel(r) => ShownTarget::Rule(RuleId(r.0)),
                    },
                })
                .collect(),
        }
    }

    fn example(&mut self, ex: &ck::ExempelDef) -> Result<(), LowerError> {
        let mut date = None;
        let mut givet = Vec::new();
        let n_uppgifter = u32::try_from(self.c.uppgifter.len()).unwrap_or(u32::MAX);
        for g in &ex.givet {
            let value = self.const_value(&g.value)?;
            match g.target {
                ck::GivenTarget::Beslutsdatum => match value {
                    Value::Date(d) => date = Some(d),
                    _ => return Err(LowerError::new("`beslutsdatum` ska vara ett datum", g.span)),
                },
                ck::GivenTarget::Uppgift(u) => givet.push(Given {
                    input: InputId(u.0),
                    value,
                }),
                ck::GivenTarget::Bedomning(b) => givet.push(Given {
                    input: InputId(n_uppgifter.saturating_add(b.0)),
                    value,
                }),
            }
        }
        let mut expect = Vec::with_capacity(ex.forvanta.len());
        for e in &ex.forvanta {
            let target = match e.target {
                ck::ExpectTarget::Regel(r) => Target::Rule(RuleId(r.0)),
                ck::ExpectTarget::Param(p) => Target::Param(ParamId(p.0)),
                ck::ExpectTarget::Beslut(d) => Target::Decision(DecisionId(d.0)),
            };
            let expected = match &e.expected {
                ck::Expected::Value(v) => Expected::Value(self.const_value(v)?),
                ck::Expected::Outcome { tag, belopp } => Expected::Outcome {
                    kind: *tag,
                    belopp: belopp.as_ref().map(|b| self.const_money(b)).transpose()?,
                },
            };
            expect.push(Expectation {
                target,
                expected,
                span: e.span,
            });
        }
        self.b.program.examples.push(Example {
            name: ex.name.text.clone(),
            date,
            givet,
            expect,
            span: ex.span,
        });
        Ok(())
    }
}
