//! Completion: names (with their type), keywords, the builtins, the fields of the block the
//! cursor is in, and the values of `källa:`, `avser:` and `överklagande:`.
//!
//! The context is read from the text before the cursor (the innermost open `{` and the
//! words before it), so that it works while the item being written does not parse yet.

use delegat_check::legality::{AVSER, OVERKLAGANDE};
use delegat_syntax::ast::ItemKind;
use lsp_types::{CompletionItem, CompletionItemKind, InsertTextFormat};

use crate::analysis::Analysis;
use crate::index::Kind;

/// The fields of each block, as the parser accepts them (a test checks that it does).
pub const BLOCK_FIELDS: &[(&str, &[&str])] = &[
    (
        "regelverk",
        &[
            "nämnd",
            "version",
            "beskrivning",
            "kontakt",
            "personuppgifter",
            "logotyp",
        ],
    ),
    ("uppgift", &["källa", "fråga", "beskrivning"]),
    ("bedömning", &["beskrivning"]),
    (
        "beslut",
        &[
            "avser",
            "överklagande",
            "titel",
            "delegeringspunkt",
            "överklagas_hos",
            "helt_bifall",
            "ärendenummer",
            "visa",
        ],
    ),
    (
        "beslutsstöd",
        &[
            "avser",
            "överklagande",
            "titel",
            "delegeringspunkt",
            "ärendenummer",
            "visa",
        ],
    ),
    ("bifall", &["belopp", "motivering"]),
    ("fastställt", &["belopp", "motivering"]),
    ("avslag", &["motivering"]),
];

/// The values of `källa:`.
const SOURCES: &[(&str, &str)] = &[
    ("sökande", "sökanden uppger uppgiften själv"),
    ("register", "hämtas från ett register: `register \"Namn\"`"),
    ("handläggare", "en handläggare anger uppgiften"),
];

/// What an item keyword at the start of a line inserts: the item with its required parts,
/// `${n:…}` marking the places to fill in (LSP snippet syntax). A test checks that each,
/// filled in with what it shows, parses without errors.
pub const ITEM_SNIPPETS: &[(&str, &str)] = &[
    (
        "regelverk",
        "regelverk \"${1:Titel}\" {\n  nämnd: \"${2:Nämnden i kommunen}\"\n  version: \"${3:1.0}\"\n}",
    ),
    ("typ", "typ ${1:Namn} = ${2:a} | ${3:b}"),
    (
        "uppgift",
        "uppgift ${1:namn}: ${2:heltal} {\n  källa: ${3:sökande}\n  fråga: \"${4:Frågan till sökanden}\"\n}",
    ),
    (
        "parameter",
        "parameter ${1:namn}: ${2:belopp} enligt \"${3:lagrum}\" {\n  från ${4:2026-01-01}: ${5:0 kr}\n}",
    ),
    ("regel", "regel ${1:namn}: ${2:belopp} = ${3:0 kr}"),
    (
        "bedömning",
        "bedömning ${1:namn}: ${2:ja/nej} {\n  beskrivning: \"${3:Det som en handläggare bedömer}\"\n}",
    ),
    (
        "beslut",
        "beslut ${1:namn} enligt \"${2:lagrum}\" {\n  avser: myndighetsutövning\n  överklagande: förvaltningsbesvär\n\n  när ${3:villkor}:\n    bifall { motivering: \"${4:Motivering}\" }\n  annars:\n    avslag { motivering: \"${5:Motivering}\" }\n}",
    ),
    (
        "beslutsstöd",
        "beslutsstöd ${1:namn} enligt \"${2:lagrum}\" {\n  när ${3:villkor}:\n    bifall { motivering: \"${4:Motivering}\" }\n  annars:\n    avslag { motivering: \"${5:Motivering}\" }\n}",
    ),
    (
        "exempel",
        "exempel \"${1:Beskrivning av ärendet}\" {\n  givet {\n    beslutsdatum = ${2:2026-01-01}\n  }\n  förvänta {\n    ${3:namn} = ${4:bifall}\n  }\n}",
    ),
    ("använd", "använd \"${1:fil.regel}\""),
    (
        "lagrum",
        "lagrum ${1:namn} {\n  från ${2:2026-01-01}: \"${3:lagrummet}\"\n  överklagas: ${4:förvaltningsbesvär} enligt \"${5:bestämmelsen om överklagande}\"\n}",
    ),
];

/// The outcomes of a decision branch.
const OUTCOMES: &[&str] = &["bifall", "avslag", "fastställt", "manuell"];

/// The completions at a byte offset of the document.
pub fn complete(a: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let text = a.text(a.root);
    let before = text.get(..offset).unwrap_or("");
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let head = before.get(..word_start).unwrap_or("");
    let line = head.rsplit('\n').next().unwrap_or("").trim();
    if line.ends_with('.') {
        return fields(a);
    }
    if let Some(values) = values_after(line) {
        return values;
    }
    if line.ends_with(" enligt") {
        return names(a, offset, |k| k == Kind::Lagrum);
    }
    let block = enclosing_block(head);
    let at_line_start = line.is_empty();
    match block.as_deref() {
        None if at_line_start => item_snippets(),
        Some("givet") => {
            let mut out = names(a, offset, |k| k == Kind::Uppgift);
            out.push(item(
                delegat_check::BESLUTSDATUM,
                CompletionItemKind::VARIABLE,
                Some("dagen beslutet fattas".to_owned()),
            ));
            out
        }
        Some("förvänta") if at_line_start => names(a, offset, |k| {
            matches!(k, Kind::Regel | Kind::Parameter | Kind::Beslut)
        }),
        Some("exempel") if at_line_start => keywords(&["givet", "förvänta"]),
        Some(b) if at_line_start && BLOCK_FIELDS.iter().any(|(k, _)| *k == b) => {
            let mut out = block_fields(b);
            if b == "beslut" || b == "beslutsstöd" {
                out.extend(keywords(&["när", "annars"]));
            }
            out
        }
        _ => {
            let mut out = names(a, offset, |k| {
                !matches!(k, Kind::Field | Kind::Beslut | Kind::Lagrum)
            });
            out.extend(
                delegat_check::BUILTINS
                    .iter()
                    .map(|b| item(b, CompletionItemKind::FUNCTION, Some("inbyggd".to_owned()))),
            );
            out.push(item(
                delegat_check::BESLUTSDATUM,
                CompletionItemKind::VARIABLE,
                Some("dagen beslutet fattas".to_owned()),
            ));
            let words: Vec<&str> = delegat_syntax::KEYWORDS
                .iter()
                .copied()
                .filter(|k| !delegat_syntax::ITEM_KEYWORDS.contains(k))
                .collect();
            out.extend(keywords(&words));
            out
        }
    }
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

fn keywords(words: &[&str]) -> Vec<CompletionItem> {
    words
        .iter()
        .map(|w| item(w, CompletionItemKind::KEYWORD, None))
        .collect()
}

/// The item keywords, each inserting its item ([`ITEM_SNIPPETS`]).
fn item_snippets() -> Vec<CompletionItem> {
    delegat_syntax::ITEM_KEYWORDS
        .iter()
        .map(|k| {
            let snippet = ITEM_SNIPPETS.iter().find(|(w, _)| w == k).map(|(_, s)| s);
            CompletionItem {
                insert_text: snippet.map(|s| (*s).to_owned()),
                insert_text_format: snippet.map(|_| InsertTextFormat::SNIPPET),
                ..item(k, CompletionItemKind::KEYWORD, Some(format!("ny `{k}`")))
            }
        })
        .collect()
}

fn block_fields(block: &str) -> Vec<CompletionItem> {
    BLOCK_FIELDS
        .iter()
        .filter(|(b, _)| *b == block)
        .flat_map(|(_, fields)| fields.iter())
        .map(|f| CompletionItem {
            insert_text: Some(format!("{f}: ")),
            ..item(
                f,
                CompletionItemKind::PROPERTY,
                Some(format!("fält i `{block}`")),
            )
        })
        .collect()
}

/// After `källa:`, `avser:`, `överklagande:` and `när …:` in a decision: their values.
fn values_after(line: &str) -> Option<Vec<CompletionItem>> {
    let value = |(v, why): &(&str, Option<&str>)| {
        item(
            v,
            CompletionItemKind::ENUM_MEMBER,
            Some(why.map_or("godtas".to_owned(), |w| format!("avvisas: {w}"))),
        )
    };
    if line.ends_with("källa:") {
        return Some(
            SOURCES
                .iter()
                .map(|(v, d)| item(v, CompletionItemKind::ENUM_MEMBER, Some((*d).to_owned())))
                .collect(),
        );
    }
    if line.ends_with("avser:") {
        return Some(AVSER.iter().map(value).collect());
    }
    if line.ends_with("överklagande:") {
        return Some(OVERKLAGANDE.iter().map(value).collect());
    }
    if (line.starts_with("när ") && line.ends_with(':')) || line == "annars:" {
        return Some(keywords(OUTCOMES));
    }
    None
}

/// Record fields, after `x.`.
fn fields(a: &Analysis) -> Vec<CompletionItem> {
    let mut out: Vec<CompletionItem> = Vec::new();
    for s in a.index.symbols.iter().filter(|s| s.kind == Kind::Field) {
        if out.iter().any(|i| i.label == s.name) {
            continue;
        }
        let owner = s.owner.and_then(|o| a.index.symbols.get(o));
        let ty = s.ty.as_ref().map(|t| a.slice(t.span)).unwrap_or("");
        let detail = match owner {
            Some(o) => format!("{ty} (i `{}`)", o.name),
            None => ty.to_owned(),
        };
        out.push(item(&s.name, CompletionItemKind::FIELD, Some(detail)));
    }
    out
}

/// Declared names of the kinds `want` accepts, and the arguments of the rule the cursor
/// is in.
fn names(a: &Analysis, offset: usize, want: impl Fn(Kind) -> bool) -> Vec<CompletionItem> {
    let mut out: Vec<CompletionItem> = Vec::new();
    let mut push = |name: &str, kind: Kind, ty: Option<&str>| {
        if out.iter().any(|i| i.label == name) {
            return;
        }
        let detail = match ty {
            Some(t) => format!("{} · {t}", kind.noun()),
            None => kind.noun().to_owned(),
        };
        out.push(item(name, completion_kind(kind), Some(detail)));
    };
    for s in a.index.globals().filter(|s| want(s.kind)) {
        push(&s.name, s.kind, s.ty.as_ref().map(|t| a.slice(t.span)));
    }
    let within = a.root_ast().and_then(|f| {
        f.items
            .iter()
            .find(|i| i.span.start as usize <= offset && offset <= i.span.end as usize)
    });
    if let Some(ItemKind::Regel(r)) = within.map(|i| &i.kind) {
        for p in &r.params {
            push(&p.name.name, Kind::Argument, Some(a.slice(p.ty.span)));
        }
    }
    out
}

fn completion_kind(kind: Kind) -> CompletionItemKind {
    match kind {
        Kind::Typ => CompletionItemKind::CLASS,
        Kind::Variant => CompletionItemKind::ENUM_MEMBER,
        Kind::Field => CompletionItemKind::FIELD,
        Kind::Uppgift | Kind::Bedomning | Kind::Argument | Kind::Loopvar => {
            CompletionItemKind::VARIABLE
        }
        Kind::Parameter => CompletionItemKind::CONSTANT,
        Kind::Regel => CompletionItemKind::FUNCTION,
        Kind::Beslut => CompletionItemKind::EVENT,
        Kind::Lagrum => CompletionItemKind::REFERENCE,
    }
}

/// The block the end of `text` is in: the last word before its innermost open `{` when that
/// word names a block (`bifall`, `givet`, …), else the first word of that line (the item
/// keyword). `None` at the top level. Texts and `//` comments are skipped.
fn enclosing_block(text: &str) -> Option<String> {
    let mut open: Vec<usize> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '{' => open.push(i),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    let brace = *open.last()?;
    let upto = text.get(..brace)?;
    let line = upto.rsplit('\n').next().unwrap_or("");
    let words: Vec<&str> = line
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.last()?;
    if matches!(
        *last,
        "bifall" | "avslag" | "fastställt" | "givet" | "förvänta"
    ) {
        return Some((*last).to_owned());
    }
    words.first().map(|w| (*w).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enclosing_block_is_read_from_the_text_before_the_cursor() {
        assert_eq!(
            enclosing_block("uppgift x: heltal {\n  "),
            Some("uppgift".to_owned())
        );
        assert_eq!(
            enclosing_block("beslut b enligt \"a { b\" {\n när x: bifall {\n "),
            Some("bifall".to_owned())
        );
        assert_eq!(
            enclosing_block("exempel \"e\" {\n givet { a = 1 }\n "),
            Some("exempel".to_owned())
        );
        assert_eq!(enclosing_block("// {\nregel a: heltal = 1\n"), None);
    }

    /// A snippet with its places filled in with what they show.
    fn filled(snippet: &str) -> String {
        let mut out = String::new();
        let mut rest = snippet;
        while let Some(i) = rest.find("${") {
            out.push_str(rest.get(..i).unwrap_or(""));
            let after = rest.get(i..).unwrap_or("");
            let colon = after.find(':').unwrap_or(0);
            let close = after.find('}').unwrap_or(after.len());
            out.push_str(after.get(colon + 1..close).unwrap_or(""));
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn every_item_keyword_has_a_snippet_that_parses() {
        assert_eq!(
            ITEM_SNIPPETS.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            delegat_syntax::ITEM_KEYWORDS.to_vec()
        );
        for (keyword, snippet) in ITEM_SNIPPETS {
            let text = filled(snippet);
            assert!(text.starts_with(keyword) && !text.contains('$'), "{text}");
            let (file, diags) = delegat_syntax::parse(delegat_diagnostics::FileId(0), &text);
            assert!(diags.is_empty(), "{keyword}: {text}\n{diags:?}");
            assert_eq!(file.items.len(), 1, "{text}");
        }
        assert_eq!(filled(ITEM_SNIPPETS[1].1), "typ Namn = a | b");
    }

    #[test]
    fn every_listed_block_field_is_accepted_by_the_parser() {
        let snippet = |block: &str, field: &str| -> String {
            let value = match field {
                "källa" => "sökande",
                "avser" => "myndighetsutövning",
                "överklagande" => "förvaltningsbesvär",
                "belopp" => "1 kr",
                _ => "\"x\"",
            };
            match block {
                "regelverk" => format!("regelverk \"R\" {{ {field}: {value} }}\n"),
                "uppgift" => format!("uppgift x: heltal {{ källa: sökande {field}: {value} }}\n")
                    .replace("källa: sökande källa:", "källa:"),
                "bedömning" => format!("bedömning x: ja/nej {{ {field}: {value} }}\n"),
                "beslut" | "beslutsstöd" => format!(
                    "{block} b enligt \"L\" {{\n  {field}: {value}\n  annars: avslag {{ motivering: \"m\" }}\n}}\n"
                ),
                outcome => format!(
                    "beslut b enligt \"L\" {{\n  annars: {outcome} {{ {field}: {value} }}\n}}\n"
                ),
            }
        };
        let unknown_field = |text: &str| {
            let (_, diags) = delegat_syntax::parse(delegat_diagnostics::FileId(0), text);
            diags
                .iter()
                .any(|d| d.code == delegat_diagnostics::Code::E0016)
        };
        for (block, fields) in BLOCK_FIELDS {
            for field in *fields {
                let text = snippet(block, field);
                assert!(!unknown_field(&text), "`{field}` in `{block}`: {text}");
            }
            // The check can fail: a field the block does not have.
            assert!(unknown_field(&snippet(block, "påhittat")), "{block}");
        }
    }
}
