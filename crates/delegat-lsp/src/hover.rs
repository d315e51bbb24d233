//! Hover: what a name is (its declaration, type, unit and range, lagrum, `///` comment and,
//! for a parameter, its values by date), and the `delegat explain` page of a diagnostic at
//! the cursor.

use std::fmt::Write as _;

use delegat_syntax::ast::{self, ItemKind, TypeExpr, TypeExprKind};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use crate::analysis::Analysis;
use crate::index::{Kind, Symbol};
use crate::lines::LineIndex;

/// Lines of a declaration shown at most (a long record type is cut).
const MAX_DECL_LINES: usize = 24;

/// The hover at a byte offset of the document, if there is anything to say.
pub fn hover(a: &Analysis, offset: usize) -> Option<Hover> {
    let lines = LineIndex::new(a.text(a.root));
    let mut parts = Vec::new();
    let mut range = None;
    if let Some(occ) = a.index.at(a.root, offset) {
        parts.push(describe(a, occ.symbol));
        range = Some(lines.range(occ.span));
    }
    let mut codes = Vec::new();
    for d in &a.diagnostics {
        let span = d.primary.span;
        let here =
            span.file == a.root && span.start as usize <= offset && offset <= span.end as usize;
        if here && !codes.contains(&d.code) {
            codes.push(d.code);
            parts.push(format!(
                "**{}[{}]**: {}\n\n{}",
                d.severity.swedish(),
                d.code.as_str(),
                d.message,
                d.code.explanation().trim_end()
            ));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// The Markdown description of a symbol.
pub fn describe(a: &Analysis, symbol: usize) -> String {
    let Some(s) = a.index.symbols.get(symbol) else {
        return String::new();
    };
    let item = s
        .item
        .and_then(|(f, i)| a.files.get(f).and_then(|(_, file)| file.items.get(i)));
    let owner = s.owner.and_then(|o| a.index.symbols.get(o));
    let mut out = String::new();
    let decl = declaration(a, s, item);
    if !decl.is_empty() {
        let _ = writeln!(out, "```delegat\n{decl}\n```");
    }
    match (s.kind, owner) {
        (Kind::Variant, Some(o)) => {
            let _ = writeln!(out, "variant av typen `{}`", o.name);
        }
        (Kind::Field, Some(o)) => {
            let _ = writeln!(out, "fält i typen `{}`", o.name);
        }
        (Kind::Argument, Some(o)) => {
            let _ = writeln!(out, "argument till regeln `{}`", o.name);
        }
        (Kind::Loopvar, _) => {
            let _ = writeln!(
                out,
                "variabel i en `för … i …`: ett element i taget av listan"
            );
        }
        _ => {
            let _ = writeln!(out, "{} `{}`", s.kind.noun(), s.name);
        }
    }
    if let Some(ty) = &s.ty {
        type_lines(a, ty, &mut out);
    }
    if let Some(item) = item
        && !matches!(s.kind, Kind::Variant | Kind::Field)
    {
        item_lines(a, item, &mut out);
    }
    out.trim_end().to_owned()
}

/// The declaration as written: an item's head, a field or argument with its type.
fn declaration(a: &Analysis, s: &Symbol, item: Option<&ast::Item>) -> String {
    let head = |item: &ast::Item, end: u32| {
        let span = delegat_diagnostics::Span::new(item.span.file, item.span.start, end);
        a.slice(span).to_owned()
    };
    match (s.kind, item.map(|i| &i.kind)) {
        (Kind::Typ, Some(_)) => item.map(|i| cut(a.slice(i.span))).unwrap_or_default(),
        (Kind::Uppgift | Kind::Parameter | Kind::Regel | Kind::Bedomning, Some(_)) => {
            match (item, &s.ty) {
                (Some(i), Some(ty)) => head(i, ty.span.end),
                _ => String::new(),
            }
        }
        (Kind::Beslut, Some(ItemKind::Beslut(b))) => {
            item.map(|i| head(i, b.name.span.end)).unwrap_or_default()
        }
        (Kind::Lagrum, Some(ItemKind::Lagrum(l))) => {
            item.map(|i| head(i, l.name.span.end)).unwrap_or_default()
        }
        (Kind::Field | Kind::Argument, _) => match &s.ty {
            Some(ty) => format!("{}: {}", s.name, a.slice(ty.span)),
            None => s.name.clone(),
        },
        _ => s.name.clone(),
    }
}

/// The text of a span, its lines after the first moved left by the column it starts at
/// (a table written inside a parameter, shown on its own).
fn dedent(a: &Analysis, span: delegat_diagnostics::Span) -> String {
    let column = a
        .map
        .get(span.file)
        .map_or(0, |f| f.line_col(span.start as usize).column - 1);
    let mut lines = a.slice(span).lines();
    let mut out: Vec<&str> = lines.next().into_iter().collect();
    for line in lines {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        out.push(line.get(spaces.min(column)..).unwrap_or(line));
    }
    out.join("\n")
}

fn cut(text: &str) -> String {
    let mut lines: Vec<&str> = text.lines().take(MAX_DECL_LINES + 1).collect();
    if lines.len() > MAX_DECL_LINES {
        lines.truncate(MAX_DECL_LINES);
        lines.push("…");
    }
    lines.join("\n")
}

/// Type, unit and range of a type as written.
fn type_lines(a: &Analysis, ty: &TypeExpr, out: &mut String) {
    let (base, lo, hi) = match &ty.kind {
        TypeExprKind::Range { base, lo, hi } => (base.as_ref(), lo.as_deref(), hi.as_deref()),
        _ => (ty, None, None),
    };
    let _ = writeln!(
        out,
        "\n**Typ:** `{}`: {}",
        a.slice(ty.span),
        meaning(a, base)
    );
    if let Some(unit) = unit(base) {
        let _ = writeln!(out, "\n**Enhet:** {unit}");
    }
    let bound = |e: &ast::Expr| a.slice(e.span).to_owned();
    let range = match (lo.map(bound), hi.map(bound)) {
        (Some(lo), Some(hi)) => Some(format!("från {lo} till och med {hi}")),
        (Some(lo), None) => Some(format!("från och med {lo}, ingen övre gräns")),
        (None, Some(hi)) => Some(format!("till och med {hi}, ingen nedre gräns")),
        (None, None) => None,
    };
    if let Some(r) = range {
        let _ = writeln!(out, "\n**Intervall:** {r}; andra värden godtas inte");
    }
}

/// What a type means, in the words of the jurist's language reference (§ 5).
fn meaning(a: &Analysis, ty: &TypeExpr) -> String {
    match &ty.kind {
        TypeExprKind::Heltal => "ett helt tal".to_owned(),
        TypeExprKind::Tal => "ett exakt tal med decimaler".to_owned(),
        TypeExprKind::Belopp => "ett belopp i kronor, exakt på öret".to_owned(),
        TypeExprKind::JaNej => "ett sanningsvärde, `ja` eller `nej`".to_owned(),
        TypeExprKind::Datum => "en dag i kalendern".to_owned(),
        TypeExprKind::Varaktighet => "ett antal dagar, veckor, månader eller år".to_owned(),
        TypeExprKind::Text => "en text".to_owned(),
        TypeExprKind::Named(id) => {
            let variants: Vec<String> = a
                .index
                .symbols
                .iter()
                .filter(|s| s.kind == Kind::Variant)
                .filter(|s| {
                    s.owner
                        .and_then(|o| a.index.symbols.get(o))
                        .is_some_and(|o| o.name == id.name)
                })
                .map(|s| format!("`{}`", s.name))
                .collect();
            if variants.is_empty() {
                format!("den egna typen `{}`", id.name)
            } else {
                format!(
                    "den egna typen `{}`, ett av {}",
                    id.name,
                    or_list(&variants)
                )
            }
        }
        TypeExprKind::Lista(inner) => format!("en lista av `{}`", a.slice(inner.span)),
        TypeExprKind::Tabell(k, v) => format!(
            "en tabell från `{}` till `{}`",
            a.slice(k.span),
            a.slice(v.span)
        ),
        TypeExprKind::Range { base, .. } => meaning(a, base),
    }
}

fn unit(ty: &TypeExpr) -> Option<&'static str> {
    match &ty.kind {
        TypeExprKind::Belopp => Some("kronor (`kr`, `öre`)"),
        TypeExprKind::Varaktighet => Some("dagar, veckor, månader eller år"),
        TypeExprKind::Range { base, .. } => unit(base),
        _ => None,
    }
}

fn or_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} eller {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

/// Lagrum, source, question, decision fields, values by date and the `///` comment.
fn item_lines(a: &Analysis, item: &ast::Item, out: &mut String) {
    let lagrum = |out: &mut String, enligt: &Option<ast::Enligt>| match enligt {
        Some(ast::Enligt::Text(t)) => {
            let _ = writeln!(out, "\n**Lagrum:** {}", t.value);
        }
        Some(ast::Enligt::Lagrum(name)) => {
            let _ = writeln!(out, "\n**Lagrum:** `{}` (se dess lydelser)", name.name);
        }
        None => {}
    };
    match &item.kind {
        ItemKind::Uppgift(u) => {
            if let Some(k) = &u.kalla {
                let _ = writeln!(out, "\n**Källa:** {}", a.slice(k.span));
            }
            if let Some(f) = &u.fraga {
                let _ = writeln!(out, "\n**Fråga:** {}", f.value);
            }
            if let Some(b) = &u.beskrivning {
                let _ = writeln!(out, "\n{}", b.value);
            }
        }
        ItemKind::Parameter(p) => {
            lagrum(out, &p.enligt);
            if !p.values.is_empty() {
                let _ = writeln!(out, "\n**Värden efter datum:**\n```delegat");
                for v in &p.values {
                    let _ = writeln!(out, "{}", cut(&dedent(a, v.span)));
                }
                let _ = writeln!(out, "```");
            }
        }
        ItemKind::Regel(r) => {
            lagrum(out, &r.enligt);
            for u in &r.undantag {
                match &u.enligt {
                    Some(e) => {
                        let _ = writeln!(out, "\n**Undantag** enligt {}", e.text());
                    }
                    None => {
                        let _ = writeln!(out, "\n**Undantag** utan lagrum");
                    }
                }
            }
        }
        ItemKind::Bedomning(b) => {
            if let Some(d) = &b.beskrivning {
                let _ = writeln!(out, "\n{}", d.value);
            }
            let _ = writeln!(out, "\nEn bedömning lämnas åt en människa.");
        }
        ItemKind::Beslut(b) => {
            lagrum(out, &b.enligt);
            if let Some(x) = &b.avser {
                let _ = writeln!(out, "\n**Avser:** {}", x.name);
            }
            if let Some(x) = &b.overklagande {
                let _ = writeln!(out, "\n**Överklagande:** {}", x.name);
            }
        }
        ItemKind::Lagrum(l) => {
            let _ = writeln!(out, "\n**Lydelser efter datum:**\n```delegat");
            for v in &l.versions {
                let _ = writeln!(out, "{}", cut(&dedent(a, v.span)));
            }
            let _ = writeln!(out, "```");
        }
        ItemKind::Typ(_) | ItemKind::Regelverk(_) | ItemKind::Exempel(_) | ItemKind::Anvand(_) => {}
    }
    if let Some(doc) = &item.doc {
        let _ = writeln!(out, "\n{}", doc.trim());
    }
}
