//! `välj`: with conditions (each arm knows the earlier ones were false; `annars` is
//! required) and on an enum (variants resolved, none twice, exhaustive or `annars`).

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_syntax::ast;

use crate::ctx::{Checker, idx};
use crate::expr::{Env, texpr};
use crate::narrow::facts_when;
use crate::program::{TExpr, TExprKind, Type, TypeDefKind, TypeId, Valj};

impl Checker<'_> {
    /// `välj { … }` and `välj x { … }`.
    pub fn valj(
        &mut self,
        v: &ast::Valj,
        span: Span,
        env: &mut Env,
        hint: Option<&Type>,
    ) -> Option<TExpr> {
        match &v.subject {
            None => self.valj_cond(v, span, env, hint),
            Some(subject) => self.valj_enum(subject, v, span, env, hint),
        }
    }

    fn valj_cond(
        &mut self,
        v: &ast::Valj,
        span: Span,
        env: &mut Env,
        hint: Option<&Type>,
    ) -> Option<TExpr> {
        let saved = env.facts.clone();
        let mut arms = Vec::new();
        let mut ok = true;
        for arm in &v.arms {
            let ast::ValjPattern::Cond(c) = &arm.pattern else {
                self.error(
                    Code::E0209,
                    "varianter kan bara anges i `välj` på ett värde".to_owned(),
                    arm.span,
                    "skriv ett villkor, eller `välj x { … }`",
                );
                ok = false;
                continue;
            };
            let c = self.cond(c, env);
            let before = env.facts.clone();
            if let Some(c) = &c {
                env.facts = before.clone().and(facts_when(c, true));
            }
            let val = self.expr(&arm.value, env, hint);
            env.facts = before;
            if let Some(c) = &c {
                env.facts = env.facts.clone().and(facts_when(c, false));
            }
            match (c, val) {
                (Some(c), Some(val)) => arms.push((c, val)),
                _ => ok = false,
            }
        }
        let otherwise = match &v.otherwise {
            Some(o) => self.expr(o, env, hint),
            None => {
                self.report(
                    Diagnostic::new(
                        Code::E0209,
                        "`välj` med villkor saknar `annars`".to_owned(),
                        span,
                    )
                    .with_primary_label("inget värde när inget villkor gäller")
                    .with_help("lägg till `annars: …` sist"),
                );
                None
            }
        };
        env.facts = saved;
        if !ok {
            return None;
        }
        let otherwise = otherwise?;
        let (vals, ty) = self.join_all(arms.iter().map(|(_, v)| v.clone()).chain([otherwise]))?;
        let mut vals = vals;
        let otherwise = vals.pop()?;
        let arms = arms.into_iter().map(|(c, _)| c).zip(vals).collect();
        Some(texpr(
            TExprKind::Valj(Box::new(Valj::Cond {
                arms,
                otherwise: Box::new(otherwise),
            })),
            ty,
            span,
        ))
    }

    fn valj_enum(
        &mut self,
        subject: &ast::Expr,
        v: &ast::Valj,
        span: Span,
        env: &mut Env,
        hint: Option<&Type>,
    ) -> Option<TExpr> {
        let subj = self.expr(subject, env, None)?;
        let Type::Enum(tid) = subj.ty else {
            let shown = self.show(&subj.ty);
            self.error(
                Code::E0201,
                format!("`välj` på ett värde kräver en uppräkning, men värdet är `{shown}`"),
                subject.span,
                "inte en uppräkning",
            );
            return None;
        };
        let variants = self.variant_names(tid);
        let mut seen: Vec<Option<Span>> = vec![None; variants.len()];
        let mut arms = Vec::new();
        let mut ok = true;
        for arm in &v.arms {
            let ast::ValjPattern::Variants(names) = &arm.pattern else {
                self.error(
                    Code::E0209,
                    "en gren i `välj` på ett värde anger varianter, inte ett villkor".to_owned(),
                    arm.span,
                    "skriv varianterna, till exempel `när hyresrätt | villa:`",
                );
                ok = false;
                continue;
            };
            let mut indices = Vec::new();
            for n in names {
                match self.variant_index(tid, &variants, n) {
                    Some(i) => match seen.get_mut(i) {
                        Some(Some(first)) => {
                            let first = *first;
                            self.report(
                                Diagnostic::new(
                                    Code::E0209,
                                    format!("varianten `{}` tas upp två gånger", n.name),
                                    n.span,
                                )
                                .with_primary_label("igen här")
                                .with_label(first, "först här"),
                            );
                            ok = false;
                        }
                        Some(slot) => {
                            *slot = Some(n.span);
                            indices.push(idx(i));
                        }
                        None => {}
                    },
                    None => ok = false,
                }
            }
            match self.expr(&arm.value, env, hint) {
                Some(val) => arms.push((indices, val)),
                None => ok = false,
            }
        }
        let otherwise = v.otherwise.as_ref().map(|o| self.expr(o, env, hint));
        let missing: Vec<String> = variants
            .iter()
            .zip(&seen)
            .filter(|(_, s)| s.is_none())
            .map(|(n, _)| format!("`{n}`"))
            .collect();
        if otherwise.is_none() && !missing.is_empty() {
            self.report(
                Diagnostic::new(
                    Code::E0209,
                    format!("`välj` tar inte upp {}", missing.join(", ")),
                    span,
                )
                .with_primary_label(format!(
                    "alla varianter av `{}` ska tas upp",
                    self.type_name(tid)
                ))
                .with_help("lägg till grenar för dem, eller `annars: …`"),
            );
            ok = false;
        }
        if !ok {
            return None;
        }
        let otherwise = match otherwise {
            Some(o) => Some(o?),
            None => None,
        };
        let has_otherwise = otherwise.is_some();
        let (mut vals, ty) = self.join_all(arms.iter().map(|(_, v)| v.clone()).chain(otherwise))?;
        let otherwise = if has_otherwise { vals.pop() } else { None };
        let arms = arms.into_iter().map(|(i, _)| i).zip(vals).collect();
        Some(texpr(
            TExprKind::Valj(Box::new(Valj::Enum {
                subject: subj,
                enum_ty: tid,
                arms,
                otherwise: otherwise.map(Box::new),
            })),
            ty,
            span,
        ))
    }

    /// Brings several branch values to one type.
    fn join_all(&mut self, vals: impl Iterator<Item = TExpr>) -> Option<(Vec<TExpr>, Type)> {
        let vals: Vec<TExpr> = vals.collect();
        let mut iter = vals.into_iter();
        let first = iter.next()?;
        let mut ty = first.ty.clone();
        let mut out = vec![first];
        for v in iter {
            let prev = texpr(TExprKind::Bool(false), ty.clone(), v.span);
            let (_, v, joined) = self.join(prev, v, "grenarna i `välj`")?;
            ty = joined;
            out.push(v);
        }
        // Widen earlier branches if a later one made the whole `tal`.
        if matches!(ty, Type::Tal(_)) {
            let mut conv = Vec::new();
            for v in out {
                conv.push(self.coerce(v, &Type::tal(), "grenen", None));
            }
            out = conv.into_iter().collect::<Option<Vec<_>>>()?;
        }
        Some((out, ty))
    }

    /// The variant names of an enum, in order.
    pub fn variant_names(&self, tid: TypeId) -> Vec<String> {
        match self.type_def(tid).map(|d| &d.kind) {
            Some(TypeDefKind::Enum(vs)) => vs.iter().map(|v| v.text.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// The index of a variant of `tid`, or `None` after reporting E0105.
    pub fn variant_index(
        &mut self,
        tid: TypeId,
        variants: &[String],
        n: &ast::Ident,
    ) -> Option<usize> {
        if let Some(i) = variants.iter().position(|v| *v == n.name) {
            return Some(i);
        }
        let mut d = Diagnostic::new(
            Code::E0105,
            format!(
                "`{}` är inte en variant av `{}`",
                n.name,
                self.type_name(tid)
            ),
            n.span,
        )
        .with_primary_label("okänd variant")
        .with_note(format!(
            "varianterna är {}",
            variants
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if let Some(best) = crate::resolve::suggest(&n.name, variants.iter().cloned()) {
            d = d
                .with_help(format!("menade du `{best}`?"))
                .with_fix(n.span, best);
        }
        self.report(d);
        None
    }
}
