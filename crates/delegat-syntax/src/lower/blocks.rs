//! Lowering of `{ nyckel: värde … }` blocks (which keys belong where: E0015 missing,
//! E0016 unknown, E0017 repeated), of decision outcomes, and of `exempel` blocks.

use delegat_diagnostics::{Code, Diagnostic, Span};

use super::{Lower, P, did_you_mean, plain_text};
use crate::ast::{
    Binding, Exempel, Expectation, Expected, Expr, ExprKind, Ident, Kalla, KallaKind, Literal,
    Outcome, OutcomeBody, OutcomeKind, StrLit, TextLit,
};
use crate::parser::Rule;

/// What a field's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// A plain text without interpolation.
    Str,
    /// A text, interpolation allowed.
    Text,
    /// Any expression.
    Expr,
    /// A single name (`myndighetsutövning`).
    Name,
    /// A source: `sökande`, `register "…"`, `handläggare`.
    Kalla,
}

/// One key a block may hold.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldSpec {
    pub key: &'static str,
    pub kind: FieldKind,
    /// Required by the grammar (purely structural; legal requirements are the checker's).
    pub required: bool,
    /// How the field is written, for help texts.
    pub example: &'static str,
}

/// A lowered field value.
#[derive(Clone, Debug)]
pub(crate) enum FieldValue {
    Str(StrLit),
    Text(TextLit),
    Expr(Expr),
    Name(Ident),
    Kalla(Kalla),
}

impl FieldValue {
    pub(crate) fn into_str(self) -> Option<StrLit> {
        match self {
            FieldValue::Str(s) => Some(s),
            _ => None,
        }
    }
    pub(crate) fn into_text(self) -> Option<TextLit> {
        match self {
            FieldValue::Text(t) => Some(t),
            _ => None,
        }
    }
    pub(crate) fn into_expr(self) -> Option<Expr> {
        match self {
            FieldValue::Expr(e) => Some(e),
            _ => None,
        }
    }
    pub(crate) fn into_name(self) -> Option<Ident> {
        match self {
            FieldValue::Name(n) => Some(n),
            _ => None,
        }
    }
    pub(crate) fn into_kalla(self) -> Option<Kalla> {
        match self {
            FieldValue::Kalla(k) => Some(k),
            _ => None,
        }
    }
}

const BIFALL: &[FieldSpec] = &[
    FieldSpec {
        key: "belopp",
        kind: FieldKind::Expr,
        required: false,
        example: "belopp: behov - inkomst",
    },
    FieldSpec {
        key: "motivering",
        kind: FieldKind::Text,
        required: false,
        example: "motivering: \"…\"",
    },
];
const AVSLAG: &[FieldSpec] = &[FieldSpec {
    key: "motivering",
    kind: FieldKind::Text,
    required: false,
    example: "motivering: \"…\"",
}];
const FASTSTALLT: &[FieldSpec] = &[
    FieldSpec {
        key: "belopp",
        kind: FieldKind::Expr,
        required: true,
        example: "belopp: avgift",
    },
    FieldSpec {
        key: "motivering",
        kind: FieldKind::Text,
        required: false,
        example: "motivering: \"…\"",
    },
];

impl Lower {
    /// Reads `field` pairs against `specs`; `what` names the block in messages (e.g.
    /// "`uppgift barn`") and `owner` is where a missing field is reported.
    pub(crate) fn fields<'i>(
        &mut self,
        fields: impl IntoIterator<Item = P<'i>>,
        what: &str,
        owner: Span,
        specs: &[FieldSpec],
        also: &[&str],
    ) -> Vec<Option<FieldValue>> {
        let mut values: Vec<Option<FieldValue>> = vec![None; specs.len()];
        let mut seen: Vec<Option<Span>> = vec![None; specs.len()];
        for field in fields {
            let mut inner = field.into_inner();
            let (Some(key), Some(value)) = (
                inner.next(),
                inner.find(|p| p.as_rule() == Rule::field_value),
            ) else {
                continue;
            };
            let key_span = self.span(&key);
            let name = key.as_str();
            let Some(index) = specs.iter().position(|s| s.key == name) else {
                let keys: Vec<&str> = specs.iter().map(|s| s.key).collect();
                let candidates: Vec<&str> = keys.iter().chain(also).copied().collect();
                let mut d = Diagnostic::new(
                    Code::E0016,
                    format!("`{name}` hör inte hemma i {what}"),
                    key_span,
                )
                .with_primary_label("okänt fält");
                d = match did_you_mean(name, &candidates) {
                    Some(s) => d.with_help(format!("menade du `{s}`?")),
                    None => d.with_help(format!("här kan stå {}", list_keys(&keys))),
                };
                self.fail(d);
                continue;
            };
            if let Some(first) = seen.get(index).copied().flatten() {
                self.fail(
                    Diagnostic::new(
                        Code::E0017,
                        format!("`{name}` anges två gånger i {what}"),
                        key_span,
                    )
                    .with_primary_label("andra gången")
                    .with_label(first, "första gången")
                    .with_help("ta bort det ena"),
                );
                continue;
            }
            if let Some(slot) = seen.get_mut(index) {
                *slot = Some(key_span);
            }
            let Some(spec) = specs.get(index).copied() else {
                continue;
            };
            let lowered = self.field_value(value, spec);
            if let Some(slot) = values.get_mut(index) {
                *slot = lowered;
            }
        }
        for (spec, value) in specs.iter().zip(&values) {
            if spec.required && value.is_none() && !self.failed {
                self.fail(
                    Diagnostic::new(
                        Code::E0015,
                        format!("`{}` saknas i {what}", spec.key),
                        owner,
                    )
                    .with_primary_label(format!("här behövs `{}:`", spec.key))
                    .with_help(format!("lägg till `{}`", spec.example)),
                );
            }
        }
        values
    }

    fn field_value(&mut self, pair: P<'_>, spec: FieldSpec) -> Option<FieldValue> {
        let span = self.span(&pair);
        let inner = pair.into_inner().next()?;
        if inner.as_rule() == Rule::register_source {
            if spec.kind == FieldKind::Kalla {
                let text = inner.into_inner().find(|p| p.as_rule() == Rule::text)?;
                let name = self.str_lit(text, "ett registers namn");
                return Some(FieldValue::Kalla(Kalla {
                    kind: KallaKind::Register(name),
                    span,
                }));
            }
            self.wrong_value(span, spec);
            return None;
        }
        let expr = self.expr(inner);
        match spec.kind {
            FieldKind::Expr => Some(FieldValue::Expr(expr)),
            FieldKind::Text | FieldKind::Str => match expr.kind {
                ExprKind::Lit(Literal::Text(t)) => Some(if spec.kind == FieldKind::Str {
                    let what = format!("`{}:`", spec.key);
                    FieldValue::Str(plain_text(self, t, span, &what))
                } else {
                    FieldValue::Text(t)
                }),
                _ => {
                    self.wrong_value(span, spec);
                    None
                }
            },
            FieldKind::Name => match expr.kind {
                ExprKind::Name(id) => Some(FieldValue::Name(id)),
                _ => {
                    self.wrong_value(span, spec);
                    None
                }
            },
            FieldKind::Kalla => {
                let kind = match &expr.kind {
                    ExprKind::Name(id) if id.name == "sökande" => Some(KallaKind::Sokande),
                    ExprKind::Name(id) if id.name == "handläggare" => Some(KallaKind::Handlaggare),
                    _ => None,
                };
                match kind {
                    Some(kind) => Some(FieldValue::Kalla(Kalla { kind, span })),
                    None => {
                        let written = match &expr.kind {
                            ExprKind::Name(id) => id.name.clone(),
                            _ => String::new(),
                        };
                        let mut d = Diagnostic::new(Code::E0001, "okänd källa", span)
                            .with_primary_label(
                                "förväntade `sökande`, `register \"…\"` eller `handläggare`",
                            );
                        d = match did_you_mean(&written, &["sökande", "handläggare", "register"]) {
                            Some("register") => d.with_help("skriv registrets namn efter `register`: `källa: register \"Skatteverket\"`"),
                            Some(s) => d.with_help(format!("menade du `{s}`?")),
                            None => d.with_note("en uppgift kommer från den sökande (`sökande`), ett register (`register \"Namn\"`) eller en handläggare (`handläggare`)"),
                        };
                        self.fail(d);
                        None
                    }
                }
            }
        }
    }

    fn wrong_value(&mut self, span: Span, spec: FieldSpec) {
        let expected = match spec.kind {
            FieldKind::Str | FieldKind::Text => "en text inom citattecken",
            FieldKind::Name => "ett namn",
            FieldKind::Expr => "ett uttryck",
            FieldKind::Kalla => "en källa",
        };
        self.fail(
            Diagnostic::new(
                Code::E0001,
                format!("`{}:` ska följas av {expected}", spec.key),
                span,
            )
            .with_primary_label(format!("förväntade {expected}"))
            .with_help(format!("skriv till exempel `{}`", spec.example)),
        );
    }

    /// An `outcome` pair.
    pub(crate) fn outcome(&mut self, pair: P<'_>) -> Outcome {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            self.internal(span, "ett utfall");
            return manual_placeholder(span);
        };
        let rule = inner.as_rule();
        let mut parts = inner.into_inner();
        let keyword = parts.next();
        let kw_span = keyword.as_ref().map_or(span, |k| self.span(k));
        let block = parts.next();
        if rule == Rule::manuell {
            let reason = match block {
                Some(text) => self.text_lit(text),
                None => TextLit {
                    parts: Vec::new(),
                    span,
                },
            };
            return Outcome {
                kind: OutcomeBody::Manuell { reason },
                span,
            };
        }
        let fields: Vec<P<'_>> = block
            .map(|b| {
                b.into_inner()
                    .filter(|p| p.as_rule() == Rule::field)
                    .collect()
            })
            .unwrap_or_default();
        let (name, specs) = match rule {
            Rule::bifall => ("bifall", BIFALL),
            Rule::avslag => ("avslag", AVSLAG),
            _ => ("fastställt", FASTSTALLT),
        };
        let what = format!("`{name}`");
        let mut values = self.fields(fields, &what, kw_span, specs, &[]).into_iter();
        let kind = match rule {
            Rule::bifall => OutcomeBody::Bifall {
                belopp: values.next().flatten().and_then(FieldValue::into_expr),
                motivering: values.next().flatten().and_then(FieldValue::into_text),
            },
            Rule::avslag => OutcomeBody::Avslag {
                motivering: values.next().flatten().and_then(FieldValue::into_text),
            },
            _ => OutcomeBody::Faststallt {
                belopp: values.next().flatten().and_then(FieldValue::into_expr),
                motivering: values.next().flatten().and_then(FieldValue::into_text),
            },
        };
        Outcome { kind, span }
    }

    /// The body of an `exempel` after its name.
    pub(crate) fn exempel(&mut self, name: StrLit, parts: Vec<P<'_>>, keyword: Span) -> Exempel {
        let mut givet: Option<(Span, Vec<Binding>)> = None;
        let mut forvanta: Option<(Span, Vec<Expectation>)> = None;
        for part in parts {
            let rule = part.as_rule();
            if rule != Rule::givet_block && rule != Rule::forvanta_block {
                continue;
            }
            let mut inner = part.into_inner();
            let kw = inner.next();
            let kw_span = kw.as_ref().map_or(keyword, |k| self.span(k));
            let previous = if rule == Rule::givet_block {
                givet.as_ref().map(|g| g.0)
            } else {
                forvanta.as_ref().map(|f| f.0)
            };
            if let Some(first) = previous {
                let word = if rule == Rule::givet_block {
                    "givet"
                } else {
                    "förvänta"
                };
                self.fail(
                    Diagnostic::new(
                        Code::E0017,
                        format!("`{word}` anges två gånger i samma exempel"),
                        kw_span,
                    )
                    .with_primary_label("andra gången")
                    .with_label(first, "första gången")
                    .with_help(format!("samla alla rader i ett enda `{word} {{ … }}`")),
                );
                continue;
            }
            if rule == Rule::givet_block {
                let lines = inner
                    .filter(|p| p.as_rule() == Rule::binding)
                    .map(|b| self.binding(b))
                    .collect();
                givet = Some((kw_span, lines));
            } else {
                let lines = inner
                    .filter(|p| p.as_rule() == Rule::expectation)
                    .map(|e| self.expectation(e))
                    .collect();
                forvanta = Some((kw_span, lines));
            }
        }
        if forvanta.is_none() && !self.failed {
            self.fail(
                Diagnostic::new(
                    Code::E0015,
                    format!("`förvänta` saknas i exemplet `\"{}\"`", name.value),
                    name.span,
                )
                .with_primary_label("ett exempel utan `förvänta` prövar ingenting")
                .with_help(
                    "lägg till `förvänta { beslut = bifall }` med det utfall exemplet ska ge",
                ),
            );
        }
        Exempel {
            name,
            givet: givet.map(|g| g.1).unwrap_or_default(),
            forvanta: forvanta.map(|f| f.1).unwrap_or_default(),
        }
    }

    fn expectation(&mut self, pair: P<'_>) -> Expectation {
        let span = self.span(&pair);
        let mut name = Ident {
            name: String::new(),
            span,
        };
        let mut expected = Expected::Value(Expr {
            kind: ExprKind::Lit(Literal::Int(0)),
            span,
        });
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => name = self.ident(&part),
                Rule::expr => expected = Expected::Value(self.expr(part)),
                Rule::expected_outcome => {
                    let mut outcome = OutcomeKind::Bifall;
                    let mut belopp = None;
                    for p in part.into_inner() {
                        match p.as_rule() {
                            Rule::outcome_tag => {
                                outcome = match p.as_str() {
                                    "bifall" => OutcomeKind::Bifall,
                                    "avslag" => OutcomeKind::Avslag,
                                    "fastställt" => OutcomeKind::Faststallt,
                                    _ => OutcomeKind::Manuell,
                                }
                            }
                            Rule::expr => belopp = Some(self.expr(p)),
                            _ => {}
                        }
                    }
                    expected = Expected::Outcome { outcome, belopp };
                }
                _ => {}
            }
        }
        Expectation {
            name,
            expected,
            span,
        }
    }
}

fn manual_placeholder(span: Span) -> Outcome {
    Outcome {
        kind: OutcomeBody::Manuell {
            reason: TextLit {
                parts: Vec::new(),
                span,
            },
        },
        span,
    }
}

/// "`a`, `b` och `c`".
pub(crate) fn list_keys(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} och {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "inga fält".to_owned(),
    }
}
