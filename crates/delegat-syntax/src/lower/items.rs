//! Lowering of the items: `regelverk`, `typ`, `uppgift`, `parameter`, `regel`,
//! `bedömning`, `beslut`/`beslutsstöd`, `exempel` and `använd`.

use delegat_diagnostics::{Code, Diagnostic, Span};

use super::blocks::{FieldKind, FieldSpec, FieldValue};
use super::{Lower, P};
use crate::ast::{
    Anvand, Bedomning, Beslut, Branch, DatedValue, DecisionKind, Enligt, Expr, ExprKind, FieldDecl,
    Ident, Item, ItemKind, Lagrum, LagrumAppeal, LagrumVersion, LetterFields, Literal, NormFields,
    ParamValue, Parameter, Regel, Regelverk, StrLit, Table, TableEntry, TypeDecl, TypeDeclKind,
    TypeExpr, TypeExprKind, Undantag, Uppgift,
};
use crate::parser::Rule;

const REGELVERK: &[FieldSpec] = &[
    FieldSpec {
        key: "nämnd",
        kind: FieldKind::Str,
        required: false,
        example: "nämnd: \"Socialnämnden\"",
    },
    FieldSpec {
        key: "version",
        kind: FieldKind::Str,
        required: false,
        example: "version: \"2026.1\"",
    },
    FieldSpec {
        key: "beskrivning",
        kind: FieldKind::Str,
        required: false,
        example: "beskrivning: \"…\"",
    },
    FieldSpec {
        key: "kontakt",
        kind: FieldKind::Str,
        required: false,
        example: "kontakt: \"Telefon 000-00 00 00, socialnamnden@exempelkommun.se\"",
    },
    FieldSpec {
        key: "personuppgifter",
        kind: FieldKind::Str,
        required: false,
        example: "personuppgifter: \"https://exempelkommun.se/personuppgifter\"",
    },
    FieldSpec {
        key: "logotyp",
        kind: FieldKind::Str,
        required: false,
        example: "logotyp: \"bilder/logotyp.svg\"",
    },
];
const UPPGIFT: &[FieldSpec] = &[
    FieldSpec {
        key: "källa",
        kind: FieldKind::Kalla,
        required: true,
        example: "källa: sökande",
    },
    FieldSpec {
        key: "fråga",
        kind: FieldKind::Str,
        required: false,
        example: "fråga: \"…?\"",
    },
    FieldSpec {
        key: "beskrivning",
        kind: FieldKind::Str,
        required: false,
        example: "beskrivning: \"…\"",
    },
];
const BEDOMNING: &[FieldSpec] = &[FieldSpec {
    key: "beskrivning",
    kind: FieldKind::Str,
    required: false,
    example: "beskrivning: \"…\"",
}];
const BESLUT: &[FieldSpec] = &[
    FieldSpec {
        key: "avser",
        kind: FieldKind::Name,
        required: false,
        example: "avser: myndighetsutövning",
    },
    FieldSpec {
        key: "överklagande",
        kind: FieldKind::Name,
        required: false,
        example: "överklagande: förvaltningsbesvär",
    },
    FieldSpec {
        key: "gäller_månad",
        kind: FieldKind::Expr,
        required: false,
        example: "gäller_månad: ansökningsmånad",
    },
    FieldSpec {
        key: "normdatum",
        kind: FieldKind::Expr,
        required: false,
        example: "normdatum: periodens_början",
    },
    FieldSpec {
        key: "normdatum_tidigast",
        kind: FieldKind::Expr,
        required: false,
        example: "normdatum_tidigast: beslutsdatum - 2 månader",
    },
    FieldSpec {
        key: "normdatum_senast",
        kind: FieldKind::Expr,
        required: false,
        example: "normdatum_senast: beslutsdatum + 1 månad",
    },
    FieldSpec {
        key: "titel",
        kind: FieldKind::Str,
        required: false,
        example: "titel: \"Försörjningsstöd\"",
    },
    FieldSpec {
        key: "delegeringspunkt",
        kind: FieldKind::Str,
        required: false,
        example: "delegeringspunkt: \"Delegeringsordningen punkt 3.1.2\"",
    },
    FieldSpec {
        key: "överklagas_hos",
        kind: FieldKind::Str,
        required: false,
        example: "överklagas_hos: \"förvaltningsrätten\"",
    },
    FieldSpec {
        key: "helt_bifall",
        kind: FieldKind::Expr,
        required: false,
        example: "helt_bifall: ja",
    },
    FieldSpec {
        key: "ärendenummer",
        kind: FieldKind::Name,
        required: false,
        example: "ärendenummer: diarienummer",
    },
    FieldSpec {
        key: "visa",
        kind: FieldKind::Expr,
        required: false,
        example: "visa: { behov = \"Hushållets behov\" }",
    },
];

/// One item pair (the child of `item_file`).
pub(crate) fn item(l: &mut Lower, pair: P<'_>, doc: Option<String>) -> Option<Item> {
    let span = l.span(&pair);
    let rule = pair.as_rule();
    let parts: Vec<P<'_>> = pair.into_inner().collect();
    let kind = match rule {
        Rule::regelverk => ItemKind::Regelverk(regelverk(l, parts, span)),
        Rule::typ_decl => ItemKind::Typ(typ_decl(l, parts, span)),
        Rule::uppgift => ItemKind::Uppgift(uppgift(l, parts, span)),
        Rule::parameter => ItemKind::Parameter(parameter(l, parts, span)),
        Rule::regel => ItemKind::Regel(regel(l, parts, span)),
        Rule::bedomning => ItemKind::Bedomning(bedomning(l, parts, span)),
        Rule::beslut => ItemKind::Beslut(beslut(l, parts, span)),
        Rule::exempel => {
            let keyword = parts.first().map_or(span, |k| l.span(k));
            let name = name_text(l, &parts, span, "ett exempels namn");
            ItemKind::Exempel(l.exempel(name, parts, keyword))
        }
        Rule::lagrum_decl => ItemKind::Lagrum(lagrum(l, parts, span)),
        Rule::anvand => ItemKind::Anvand(Anvand {
            path: name_text(l, &parts, span, "en sökväg"),
        }),
        _ => {
            l.internal(span, "deklarationen");
            return None;
        }
    };
    Some(Item { kind, doc, span })
}

fn find<'a, 'i>(parts: &'a [P<'i>], rule: Rule) -> Option<&'a P<'i>> {
    parts.iter().find(|p| p.as_rule() == rule)
}

fn name(l: &mut Lower, parts: &[P<'_>], span: Span) -> Ident {
    match find(parts, Rule::ident) {
        Some(id) => l.ident(id),
        None => {
            l.internal(span, "ett namn");
            Ident {
                name: String::new(),
                span,
            }
        }
    }
}

fn name_text(l: &mut Lower, parts: &[P<'_>], span: Span, what: &str) -> StrLit {
    match find(parts, Rule::text) {
        Some(t) => l.str_lit(t.clone(), what),
        None => StrLit {
            value: String::new(),
            span,
        },
    }
}

fn ty(l: &mut Lower, parts: &[P<'_>], span: Span) -> TypeExpr {
    match find(parts, Rule::type_expr) {
        Some(t) => l.type_expr(t.clone()),
        None => TypeExpr {
            kind: TypeExprKind::Heltal,
            span,
        },
    }
}

fn enligt(l: &mut Lower, parts: &[P<'_>]) -> Option<Enligt> {
    let clause = find(parts, Rule::enligt)?;
    let what = clause
        .clone()
        .into_inner()
        .find(|p| matches!(p.as_rule(), Rule::text | Rule::ident))?;
    Some(match what.as_rule() {
        Rule::ident => Enligt::Lagrum(l.ident(&what)),
        _ => Enligt::Text(l.str_lit(what, "ett lagrum")),
    })
}

fn lagrum(l: &mut Lower, parts: Vec<P<'_>>, span: Span) -> Lagrum {
    let lagrum_name = name(l, &parts, span);
    let versions = parts
        .iter()
        .filter(|p| p.as_rule() == Rule::lagrum_version)
        .map(|v| {
            let span = l.span(v);
            let vparts: Vec<P<'_>> = v.clone().into_inner().collect();
            let from = match find(&vparts, Rule::date) {
                Some(d) => l.date_lit(d),
                None => {
                    l.internal(span, "ett datum");
                    crate::ast::DateLit {
                        year: 2000,
                        month: 1,
                        day: 1,
                        span,
                    }
                }
            };
            let text = name_text(l, &vparts, span, "ett lagrum");
            let appeal = find(&vparts, Rule::lagrum_appeal).map(|a| {
                let aspan = l.span(a);
                let aparts: Vec<P<'_>> = a.clone().into_inner().collect();
                LagrumAppeal {
                    route: name(l, &aparts, aspan),
                    enligt: find(&aparts, Rule::text)
                        .map(|t| l.str_lit(t.clone(), "ett lagrum om överklagande")),
                }
            });
            LagrumVersion {
                from,
                text,
                appeal,
                span,
            }
        })
        .collect();
    Lagrum {
        name: lagrum_name,
        versions,
    }
}

fn block_fields<'i>(parts: &[P<'i>]) -> Vec<P<'i>> {
    find(parts, Rule::block)
        .map(|b| {
            b.clone()
                .into_inner()
                .filter(|p| p.as_rule() == Rule::field)
                .collect()
        })
        .unwrap_or_default()
}

fn regelverk(l: &mut Lower, parts: Vec<P<'_>>, span: Span) -> Regelverk {
    let title = name_text(l, &parts, span, "regelverkets titel");
    let what = "`regelverk`";
    let mut values = l
        .fields(block_fields(&parts), what, title.span, REGELVERK, &[])
        .into_iter();
    let mut next = || values.next().flatten().and_then(FieldValue::into_str);
    Regelverk {
        title,
        namnd: next(),
        version: next(),
        beskrivning: next(),
        kontakt: next(),
        personuppgifter: next(),
        logotyp: next(),
    }
}

fn typ_decl(l: &mut Lower, parts: Vec<P<'_>>, span: Span) -> TypeDecl {
    let name = name(l, &parts, span);
    let kind = if let Some(record) = find(&parts, Rule::record_type) {
        TypeDeclKind::Record(
            record
                .clone()
                .into_inner()
                .filter(|p| p.as_rule() == Rule::field_decl)
                .map(|f| field_decl(l, f))
                .collect(),
        )
    } else if let Some(variants) = find(&parts, Rule::enum_type) {
        TypeDeclKind::Enum(
            variants
                .clone()
                .into_inner()
                .filter(|p| p.as_rule() == Rule::ident)
                .map(|p| l.ident(&p))
                .collect(),
        )
    } else {
        l.internal(span, "en typ");
        TypeDeclKind::Enum(Vec::new())
    };
    TypeDecl { name, kind }
}

fn field_decl(l: &mut Lower, pair: P<'_>) -> FieldDecl {
    let span = l.span(&pair);
    let parts: Vec<P<'_>> = pair.into_inner().collect();
    FieldDecl {
        name: name(l, &parts, span),
        ty: ty(l, &parts, span),
        span,
    }
}

fn uppgift(l: &mut Lower, parts: Vec<P<'_>>, span: Span) -> Uppgift {
    let name = name(l, &parts, span);
    let ty = ty(l, &parts, span);
    let what = format!("`uppgift {}`", name.name);
    let mut values = l
        .fields(block_fields(&parts), &what, name.span, UPPGIFT, &[])
        .into_iter();
    let kalla = values.next().flatten().and_then(FieldValue::into_kalla);
    let fraga = values.next().flatten().and_then(FieldValue::into_str);
    let beskrivning = values.next().flatten().and_then(FieldValue::into_str);
    Uppgift {
        name,
        ty,
        kalla,
        fraga,
        beskrivning,
    }
}

fn parameter(l: &mut Lower, parts: Vec<P<'_>>, span: Span) -> Parameter {
    let name = name(l, &parts, span);
    let ty = ty(l, &parts, span);
    let enligt = enligt(l, &parts);
    let values = find(&parts, Rule::param_block)
        .map(|b| {
            b.clone()
                .into_inner()
                .filter(|p| p.as_rule() == Rule::dated_value)
                .map(|d| dated_value(l, d))
                .collect()
        })
        .unwrap_or_default();
    Parameter {
        name,
        ty,
        enligt,
        values,
    }
}

fn dated_value(l: &mut Lower, pair: P<'_>) -> DatedValue {
    let span = l.span(&pair);
    let parts: Vec<P<'_>> = pair.into_inner().collect();
    let from = match find(&parts, Rule::date) {
        Some(d) => l.date_lit(d),
        None => crate::ast::DateLit {
            year: 2000,
            month: 1,
            day: 1,
            span,
        },
    };
    let value = match find(&parts, Rule::param_value).and_then(|v| v.clone().into_inner().next()) {
        Some(v) if v.as_rule() == Rule::table_lit => ParamValue::Table(table(l, v)),
        Some(v) => ParamValue::Expr(l.expr(v)),
        None => ParamValue::Expr(Expr {
            kind: ExprKind::Lit(Literal::Int(0)),
            span,
        }),
    };
    DatedValue { from, value, span }
}

fn table(l: &mut Lower, pair: P<'_>) -> Table {
    let span = l.span(&pair);
    let entries = pair
        .into_inner()
        .filter(|p| p.as_rule() == Rule::table_entry)
        .map(|entry| {
            let espan = l.span(&entry);
            let mut key = None;
            let mut value = None;
            for part in entry.into_inner() {
                match part.as_rule() {
                    Rule::table_key => key = Some(l.table_key(part)),
                    Rule::expr => value = Some(l.expr(part)),
                    _ => {}
                }
            }
            TableEntry {
                key: key.unwrap_or(crate::ast::TableKey {
                    kind: crate::ast::TableKeyKind::Int(0),
                    span: espan,
                }),
                value: value.unwrap_or(Expr {
                    kind: ExprKind::Lit(Literal::Int(0)),
                    span: espan,
                }),
                span: espan,
            }
        })
        .collect();
    Table { entries, span }
}

fn regel(l: &mut Lower, parts: Vec<P<'_>>, span: Span) -> Regel {
    let name = name(l, &parts, span);
    let params_pair = find(&parts, Rule::regel_params);
    let params = params_pair
        .map(|p| {
            p.clone()
                .into_inner()
                .filter(|f| f.as_rule() == Rule::field_decl)
                .map(|f| field_decl(l, f))
                .collect()
        })
        .unwrap_or_default();
    let ty = ty(l, &parts, span);
    let enligt = enligt(l, &parts);
    let body = match find(&parts, Rule::expr) {
        Some(e) => l.expr(e.clone()),
        None => Expr {
            kind: ExprKind::Lit(Literal::Int(0)),
            span,
        },
    };
    let undantag = parts
        .iter()
        .filter(|p| p.as_rule() == Rule::undantag)
        .map(|u| undantag(l, u.clone()))
        .collect();
    Regel {
        name,
        params,
        has_parens: params_pair.is_some(),
        ty,
        enligt,
        body,
        undantag,
    }
}

fn undantag(l: &mut Lower, pair: P<'_>) -> Undantag {
    let span = l.span(&pair);
    let parts: Vec<P<'_>> = pair.into_inner().collect();
    let enligt = enligt(l, &parts);
    let mut exprs = parts
        .iter()
        .filter(|p| p.as_rule() == Rule::expr)
        .map(|e| l.expr(e.clone()));
    let dummy = || Expr {
        kind: ExprKind::Lit(Literal::Int(0)),
        span,
    };
    let cond = exprs.next().unwrap_or_else(dummy);
    let value = exprs.next().unwrap_or_else(dummy);
    Undantag {
        enligt,
        cond,
        value,
        span,
    }
}

fn bedomning(l: &mut Lower, parts: Vec<P<'_>>, span: Span) -> Bedomning {
    let name = name(l, &parts, span);
    let ty = ty(l, &parts, span);
    let what = format!("`bedömning {}`", name.name);
    let beskrivning = l
        .fields(block_fields(&parts), &what, name.span, BEDOMNING, &[])
        .into_iter()
        .next()
        .flatten()
        .and_then(FieldValue::into_str);
    Bedomning {
        name,
        ty,
        beskrivning,
    }
}

fn beslut(l: &mut Lower, parts: Vec<P<'_>>, span: Span) -> Beslut {
    let kind = if find(&parts, Rule::kw_beslutsstod).is_some() {
        DecisionKind::Beslutsstod
    } else {
        DecisionKind::Beslut
    };
    let name = name(l, &parts, span);
    let enligt = enligt(l, &parts);
    let body: Vec<P<'_>> = find(&parts, Rule::beslut_block)
        .map(|b| b.clone().into_inner().collect())
        .unwrap_or_default();
    let mut fields = Vec::new();
    let mut branches = Vec::new();
    let mut otherwise = None;
    let mut annars_span: Option<Span> = None;
    for part in body {
        match part.as_rule() {
            Rule::field => fields.push(part),
            Rule::branch => {
                let bspan = l.span(&part);
                if let Some(first) = annars_span {
                    l.fail(
                        Diagnostic::new(Code::E0001, "`när` efter `annars` prövas aldrig", bspan)
                            .with_primary_label("denna gren nås aldrig")
                            .with_label(first, "`annars` gäller redan här")
                            .with_help("flytta `annars:` sist i beslutet"),
                    );
                }
                let mut cond = None;
                let mut outcome = None;
                for p in part.into_inner() {
                    match p.as_rule() {
                        Rule::expr => cond = Some(l.expr(p)),
                        Rule::outcome => outcome = Some(l.outcome(p)),
                        _ => {}
                    }
                }
                if let (Some(cond), Some(outcome)) = (cond, outcome) {
                    branches.push(Branch {
                        cond,
                        outcome,
                        span: bspan,
                    });
                }
            }
            Rule::beslut_annars => {
                let mut inner = part.into_inner();
                let kw_span = inner.next().map_or(span, |k| l.span(&k));
                if let Some(first) = annars_span {
                    l.fail(
                        Diagnostic::new(Code::E0017, "`annars` anges två gånger", kw_span)
                            .with_primary_label("andra gången")
                            .with_label(first, "första gången")
                            .with_help("ett beslut har ett enda `annars:`, sist"),
                    );
                }
                annars_span = Some(kw_span);
                otherwise = inner
                    .find(|p| p.as_rule() == Rule::outcome)
                    .map(|o| l.outcome(o));
            }
            _ => {}
        }
    }
    let word = match kind {
        DecisionKind::Beslut => "beslut",
        DecisionKind::Beslutsstod => "beslutsstöd",
    };
    let what = format!("`{word} {}`", name.name);
    let mut values = l
        .fields(fields, &what, name.span, BESLUT, &["när", "annars"])
        .into_iter();
    let avser = values.next().flatten().and_then(FieldValue::into_name);
    let overklagande = values.next().flatten().and_then(FieldValue::into_name);
    let mut expr = || values.next().flatten().and_then(FieldValue::into_expr);
    let norm = NormFields {
        month: expr(),
        date: expr(),
        earliest: expr(),
        latest: expr(),
    };
    let letter = LetterFields {
        titel: values.next().flatten().and_then(FieldValue::into_str),
        delegeringspunkt: values.next().flatten().and_then(FieldValue::into_str),
        overklagas_hos: values.next().flatten().and_then(FieldValue::into_str),
        helt_bifall: values.next().flatten().and_then(FieldValue::into_expr),
        arendenummer: values.next().flatten().and_then(FieldValue::into_name),
        visa: values.next().flatten().and_then(FieldValue::into_expr),
    };
    Beslut {
        kind,
        name,
        enligt,
        avser,
        overklagande,
        norm: (!norm.is_empty()).then(|| Box::new(norm)),
        letter: (!letter.is_empty()).then(|| Box::new(letter)),
        branches,
        otherwise,
        annars_span,
    }
}
