//! The fields of a decision that its letter reads (docs/language.md §4): `titel:`,
//! `delegeringspunkt:`, `överklagas_hos:`, `helt_bifall:`, `ärendenummer:` and `visa:`.
//!
//! `helt_bifall:` is `ja` or `nej` as written (E0231); `ärendenummer:` names an `uppgift`
//! of type `text` (E0232); `visa:` is `{ namn = "etikett" … }` (E0233) whose names are
//! inputs, judgements, parameters or rules without parameters (E0234); a `beslutsstöd`,
//! which is not appealed, has no `helt_bifall:` or `överklagas_hos:` (E0235).

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_syntax::ast;

use crate::ctx::{Checker, ValueSym};
use crate::program::{LetterDef, ShownDef, ShownTarget, Type, UppgiftId};
use crate::resolve::{spanned, spanned_str, suggest};

impl Checker<'_> {
    /// The letter fields of `b`, each checked; an erroneous field is reported and left out.
    pub(crate) fn letter_fields(&mut self, b: &ast::Beslut) -> LetterDef {
        let Some(f) = b.letter.as_deref() else {
            return LetterDef::default();
        };
        if b.kind == ast::DecisionKind::Beslutsstod {
            let appeal_fields = [
                ("överklagas_hos", f.overklagas_hos.as_ref().map(|s| s.span)),
                ("helt_bifall", f.helt_bifall.as_ref().map(|e| e.span)),
            ];
            for (key, span) in appeal_fields {
                if let Some(span) = span {
                    self.report(
                        Diagnostic::new(
                            Code::E0235,
                            format!(
                                "`{key}:` i beslutsstödet `{}`, som inte kan överklagas",
                                b.name.name
                            ),
                            span,
                        )
                        .with_primary_label("ett förslag är inget beslut")
                        .with_note(
                            "ett beslutsstöd ger ett förslag som en handläggare beslutar om; \
                             det är handläggarens beslut som överklagas",
                        )
                        .with_help(format!("ta bort `{key}:`")),
                    );
                }
            }
        }
        LetterDef {
            titel: f.titel.as_ref().map(spanned_str),
            delegeringspunkt: f.delegeringspunkt.as_ref().map(spanned_str),
            overklagas_hos: f.overklagas_hos.as_ref().map(spanned_str),
            helt_bifall: f.helt_bifall.as_ref().is_some_and(|e| self.helt_bifall(e)),
            arendenummer: f.arendenummer.as_ref().and_then(|id| self.arendenummer(id)),
            visa: f.visa.as_ref().map(|e| self.visa(e)).unwrap_or_default(),
        }
    }

    fn helt_bifall(&mut self, e: &ast::Expr) -> bool {
        match &e.kind {
            ast::ExprKind::Lit(ast::Literal::Bool(v)) => *v,
            _ => {
                self.report(
                    Diagnostic::new(
                        Code::E0231,
                        "`helt_bifall:` ska vara `ja` eller `nej`",
                        e.span,
                    )
                    .with_primary_label("förväntade `ja` eller `nej`")
                    .with_note(
                        "`helt_bifall: ja` säger att varje bifall i beslutet ger den sökande \
                         allt som hen har ansökt om; det kan inte bero på ärendet",
                    )
                    .with_help("skriv `helt_bifall: ja`, eller ta bort fältet"),
                );
                false
            }
        }
    }

    fn arendenummer(&mut self, id: &ast::Ident) -> Option<UppgiftId> {
        let found = self.values.get(&id.name).map(|(sym, _)| *sym);
        let problem = match found {
            Some(ValueSym::Uppgift(u)) => match self.uppgift_ty.get(u.index()) {
                Some(Some(Type::Text)) => return Some(u),
                Some(None) => return None,
                _ => "är en uppgift av en annan typ än `text`".to_owned(),
            },
            Some(_) => "är ingen uppgift".to_owned(),
            None => "finns inte".to_owned(),
        };
        let mut d = Diagnostic::new(
            Code::E0232,
            format!("`ärendenummer: {}`: `{}` {problem}", id.name, id.name),
            id.span,
        )
        .with_primary_label("här behövs en uppgift av typen `text`")
        .with_note("ärendenumret (diarienumret) kommer med ärendet och skrivs i beslutsbrevet");
        let texts: Vec<String> = self
            .values
            .iter()
            .filter(|(_, (sym, _))| match sym {
                ValueSym::Uppgift(u) => {
                    matches!(self.uppgift_ty.get(u.index()), Some(Some(Type::Text)))
                }
                _ => false,
            })
            .map(|(n, _)| n.clone())
            .collect();
        d = match suggest(&id.name, texts) {
            Some(s) => d.with_help(format!("menade du `{s}`?")),
            None => d.with_help(
                "deklarera uppgiften, till exempel \
                 `uppgift diarienummer: text { källa: handläggare }`",
            ),
        };
        self.report(d);
        None
    }

    fn visa(&mut self, e: &ast::Expr) -> Vec<ShownDef> {
        let ast::ExprKind::Record(bindings) = &e.kind else {
            self.report(wrong_visa(e.span));
            return Vec::new();
        };
        let mut out = Vec::new();
        for b in bindings {
            let label = match &b.value.kind {
                ast::ExprKind::Lit(ast::Literal::Text(t)) => plain(t),
                _ => None,
            };
            let Some(label) = label else {
                self.report(wrong_visa(b.value.span));
                continue;
            };
            let Some(target) = self.shown_target(&b.name) else {
                continue;
            };
            out.push(ShownDef {
                name: spanned(&b.name),
                target,
                label: crate::program::Spanned {
                    text: label,
                    span: b.value.span,
                },
            });
        }
        out
    }

    fn shown_target(&mut self, id: &ast::Ident) -> Option<ShownTarget> {
        let found = self.values.get(&id.name).map(|(sym, _)| *sym);
        let problem = match found {
            Some(ValueSym::Uppgift(u)) => return Some(ShownTarget::Uppgift(u)),
            Some(ValueSym::Bedomning(b)) => return Some(ShownTarget::Bedomning(b)),
            Some(ValueSym::Param(p)) => return Some(ShownTarget::Param(p)),
            Some(ValueSym::Regel(r)) => {
                match self.regel_sig.get(r.index()).map(|s| s.is_function) {
                    Some(false) => return Some(ShownTarget::Regel(r)),
                    _ => "är en regel med parametrar, som inte har ett enda värde",
                }
            }
            Some(ValueSym::Beslut(_)) => "är ett beslut",
            None => "finns inte",
        };
        let mut d = Diagnostic::new(
            Code::E0234,
            format!("`visa:` kan inte visa `{}`: namnet {problem}", id.name),
            id.span,
        )
        .with_primary_label("brevet kan inte visa detta")
        .with_note("brevet visar uppgifter, bedömningar, parametrar och regler utan parametrar");
        if found.is_none() {
            let names: Vec<String> = self.values.keys().cloned().collect();
            if let Some(s) = suggest(&id.name, names) {
                d = d.with_help(format!("menade du `{s}`?"));
            }
        }
        self.report(d);
        None
    }
}

/// A text literal without interpolation, as its plain text.
fn plain(t: &ast::TextLit) -> Option<String> {
    let mut out = String::new();
    for part in &t.parts {
        match part {
            ast::TextPart::Lit(s) => out.push_str(s),
            ast::TextPart::Interp(_) => return None,
        }
    }
    Some(out)
}

fn wrong_visa(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::E0233,
        "`visa:` ska vara namn med etiketter, `{ namn = \"etikett\" … }`",
        span,
    )
    .with_primary_label("förväntade `{ namn = \"etikett\" … }`")
    .with_note("etiketten är en text utan `{…}`, skriven som läsaren av brevet ska se den")
    .with_help("skriv till exempel `visa: { behov = \"Hushållets behov\" }`")
}
