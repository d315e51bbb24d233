//! The language server tested as an editor uses it: a client speaks the protocol to it
//! in-process (`initialize`, `didOpen`, `didChange`, each request) over real rule files,
//! and the answers are checked at real positions.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "the helpers of these tests fail loudly"
)]

mod support;

use lsp_types::{
    CodeActionOrCommand, CompletionResponse, DiagnosticSeverity, DocumentSymbolResponse,
    GotoDefinitionResponse, Hover, HoverContents, Location, NumberOrString, Position, Range,
    SymbolKind,
};
use serde_json::{Value, json};
use support::{Client, Dir, at, pos, repo};

const LIB: &str = include_str!("../data/lib.regel");
const MAIN: &str = include_str!("../data/main.regel");

fn code(d: &lsp_types::Diagnostic) -> &str {
    match &d.code {
        Some(NumberOrString::String(s)) => s,
        _ => "",
    }
}

fn hover_text(v: Value) -> String {
    let h: Hover = serde_json::from_value(v).unwrap();
    match h.contents {
        HoverContents::Markup(m) => m.value,
        other => panic!("not Markdown: {other:?}"),
    }
}

/// The two files written to a directory and opened; both check clean.
fn open_both(client: &mut Client, dir: &Dir) -> (lsp_types::Url, lsp_types::Url) {
    let lib = dir.write("lib.regel", LIB);
    let main = dir.write("main.regel", MAIN);
    client.open(&main, MAIN);
    assert_eq!(client.diagnostics(&main), vec![]);
    client.open(&lib, LIB);
    assert_eq!(client.diagnostics(&lib), vec![]);
    // The document that uses the newly opened file is analysed again.
    assert_eq!(client.diagnostics(&main), vec![]);
    (lib, main)
}

#[test]
fn initialize_announces_what_the_server_answers() {
    let client = Client::start();
    let caps = &client.init["capabilities"];
    assert_eq!(caps["hoverProvider"], json!(true));
    assert_eq!(caps["definitionProvider"], json!(true));
    assert_eq!(caps["referencesProvider"], json!(true));
    assert_eq!(caps["documentSymbolProvider"], json!(true));
    assert_eq!(caps["codeActionProvider"], json!(true));
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!([".", ":"])
    );
    assert_eq!(caps["textDocumentSync"], json!(2));
    assert_eq!(caps["documentFormattingProvider"], json!(true));
    client.stop();
}

#[test]
fn diagnostics_follow_the_text_as_it_changes() {
    let dir = Dir::new("diagnostics");
    let mut client = Client::start();
    let (_, main) = open_both(&mut client, &dir);

    // A misspelt name: E0102 in Swedish, at the name, with the did-you-mean.
    let broken = MAIN.replace("= norm + hyra", "= norm + hyrra");
    client.change(&main, 2, &broken);
    let diags = client.diagnostics(&main);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(code(d), "E0102");
    assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
    assert_eq!(d.source.as_deref(), Some("delegat"));
    let start = pos(&broken, "hyrra", 0, 0);
    assert_eq!(
        d.range,
        Range::new(start, Position::new(start.line, start.character + 5))
    );
    assert_eq!(
        d.message,
        "namnet `hyrra` finns inte\nhjälp: menade du `hyra`?"
    );

    // Fixed with an incremental change: no diagnostics.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": main, "version": 3 },
            "contentChanges": [ { "range": d.range, "text": "hyra" } ]
        }),
    );
    assert_eq!(client.diagnostics(&main), vec![]);

    // A syntax error is reported as such, and the file goes on being answered.
    let bad = MAIN.replace("källa: sökande\n  fråga", "källa sökande\n  fråga");
    client.change(&main, 4, &bad);
    let diags = client.diagnostics(&main);
    assert!(code(&diags[0]).starts_with("E00"), "{diags:#?}");
    assert_eq!(
        diags[0].range.start.line,
        pos(&bad, "källa sökande", 0, 0).line
    );
    client.stop();
}

#[test]
fn a_refused_decision_shows_its_legality_chain_as_related_information() {
    let path = repo().join("examples/avvisade/forsorjningsstod_taxerad_inkomst.regel");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = lsp_types::Url::from_file_path(path.canonicalize().unwrap()).unwrap();
    let mut client = Client::start();
    client.open(&uri, &text);
    let diags = client.diagnostics(&uri);
    let d = diags.iter().find(|d| code(d) == "E0301").expect("E0301");
    // At the decision's name.
    assert_eq!(d.range.start, pos(&text, "försörjningsstöd enligt", 0, 0));
    let related = d.related_information.as_ref().expect("the chain");
    let steps: Vec<(&str, u32)> = related
        .iter()
        .map(|r| (r.message.as_str(), r.location.range.start.line))
        .collect();
    assert_eq!(
        steps,
        vec![
            (
                "1. beror på regeln `inkomst`",
                pos(&text, "när behov > inkomst", 0, 0).line
            ),
            (
                "2. som beror på uppgiften `taxerad_inkomst`",
                pos(&text, "= taxerad_inkomst / 12", 0, 0).line
            ),
            (
                "3. som hämtas från register \"Skatteverket\"",
                pos(&text, "  källa: register", 0, 0).line
            ),
        ]
    );
    assert!(related.iter().all(|r| r.location.uri == uri));
    client.stop();
}

#[test]
fn hover_shows_type_unit_range_lagrum_comment_and_values_by_date() {
    let dir = Dir::new("hover");
    let mut client = Client::start();
    let (lib, main) = open_both(&mut client, &dir);

    // An uppgift, at its use in a rule.
    let h = hover_text(client.request("textDocument/hover", at(&main, pos(MAIN, "hyra\n", 0, 2))));
    assert_eq!(
        h,
        "```delegat\nuppgift hyra: belopp 0 kr..50 000 kr\n```\nuppgift `hyra`\n\n\
         **Typ:** `belopp 0 kr..50 000 kr`: ett belopp i kronor, exakt på öret\n\n\
         **Enhet:** kronor (`kr`, `öre`)\n\n\
         **Intervall:** från 0 kr till och med 50 000 kr; andra värden godtas inte\n\n\
         **Källa:** sökande\n\n**Fråga:** Vad betalar du i hyra?\n\n\
         Vad hushållet betalar i hyra."
    );

    // A parameter of the used file, from the document that uses it.
    let h = hover_text(client.request("textDocument/hover", at(&main, pos(MAIN, "norm +", 0, 1))));
    assert!(h.contains("**Lagrum:** SOSFS 2013:1"), "{h}");
    assert!(
        h.contains("**Värden efter datum:**\n```delegat\nfrån 2025-01-01: 3 400 kr\nfrån 2026-01-01: 3 560 kr\n```"),
        "{h}"
    );
    assert!(h.ends_with("Normen för en person."), "{h}");

    // A table: each dated value as written, moved left to its own column.
    let h = hover_text(client.request("textDocument/hover", at(&lib, pos(LIB, "tillägg", 0, 1))));
    assert!(
        h.contains("```delegat\nfrån 2026-01-01: {\n  1:   100 kr\n  2..: 200 kr\n}\n```"),
        "{h}"
    );
    assert!(
        h.contains("**Typ:** `tabell heltal -> belopp`: en tabell från `heltal` till `belopp`"),
        "{h}"
    );

    // A lagrum named in `enligt`: its citations by date, with the appeal route.
    let h = hover_text(client.request(
        "textDocument/hover",
        at(&main, pos(MAIN, "enligt rätt_till_stöd", 0, 9)),
    ));
    assert_eq!(
        h,
        "```delegat\nlagrum rätt_till_stöd\n```\nlagrum `rätt_till_stöd`\n\n\
         **Lydelser efter datum:**\n```delegat\nfrån 2025-07-01: \"SoL (2025:400) 12 kap. 1 §\"\n\
         \x20\x20överklagas: förvaltningsbesvär enligt \"SoL (2025:400) 35 kap. 1 §\"\n```\n\n\
         Rätten till bistånd, och hur beslutet överklagas."
    );

    // A variant: its type.
    let h = hover_text(client.request("textDocument/hover", at(&lib, pos(LIB, "villa", 0, 0))));
    assert_eq!(h, "```delegat\nvilla\n```\nvariant av typen `Boende`");

    // Nothing at a blank line.
    let none = client.request("textDocument/hover", at(&main, Position::new(1, 0)));
    assert_eq!(none, Value::Null);
    client.stop();
}

#[test]
fn hover_on_a_diagnostic_shows_its_explain_page() {
    let dir = Dir::new("explain");
    let mut client = Client::start();
    let (_, main) = open_both(&mut client, &dir);
    let broken = MAIN.replace("= norm + hyra", "= norm + hyrra");
    client.change(&main, 2, &broken);
    assert_eq!(code(&client.diagnostics(&main)[0]), "E0102");
    let h =
        hover_text(client.request("textDocument/hover", at(&main, pos(&broken, "hyrra", 0, 2))));
    let page = std::fs::read_to_string(repo().join("docs/errors/E0102.md")).unwrap();
    assert_eq!(
        h,
        format!(
            "**fel[E0102]**: namnet `hyrra` finns inte\n\n{}",
            page.trim_end()
        )
    );
    client.stop();
}

#[test]
fn definition_and_references_cross_the_files_of_anvand() {
    let dir = Dir::new("references");
    let mut client = Client::start();
    let (lib, main) = open_both(&mut client, &dir);
    let norm_def = Range::new(pos(LIB, "norm:", 0, 0), pos(LIB, "norm:", 0, 4));

    let def: GotoDefinitionResponse = serde_json::from_value(client.request(
        "textDocument/definition",
        at(&main, pos(MAIN, "norm +", 0, 2)),
    ))
    .unwrap();
    assert_eq!(
        def,
        GotoDefinitionResponse::Scalar(Location::new(lib.clone(), norm_def))
    );

    // The path of `använd`: the file it reads.
    let def: GotoDefinitionResponse = serde_json::from_value(client.request(
        "textDocument/definition",
        at(&main, pos(MAIN, "lib.regel", 0, 2)),
    ))
    .unwrap();
    assert_eq!(
        def,
        GotoDefinitionResponse::Scalar(Location::new(lib.clone(), Range::default()))
    );

    // A type of the used file.
    let def: GotoDefinitionResponse = serde_json::from_value(client.request(
        "textDocument/definition",
        at(&main, pos(MAIN, "Boende", 0, 3)),
    ))
    .unwrap();
    assert_eq!(
        def,
        GotoDefinitionResponse::Scalar(Location::new(
            lib.clone(),
            Range::new(pos(LIB, "Boende", 0, 0), pos(LIB, "Boende", 0, 6))
        ))
    );

    // A lagrum, from the decision that cites it.
    let def: GotoDefinitionResponse = serde_json::from_value(client.request(
        "textDocument/definition",
        at(&main, pos(MAIN, "enligt rätt_till_stöd", 0, 10)),
    ))
    .unwrap();
    let lagrum = pos(MAIN, "rätt_till_stöd {", 0, 0);
    assert_eq!(
        def,
        GotoDefinitionResponse::Scalar(Location::new(
            main.clone(),
            Range::new(lagrum, Position::new(lagrum.line, lagrum.character + 14))
        ))
    );

    // From the declaration in the used file: the use in the open document that uses it.
    let refs: Vec<Location> = serde_json::from_value(client.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": lib },
            "position": pos(LIB, "norm:", 0, 1),
            "context": { "includeDeclaration": true }
        }),
    ))
    .unwrap();
    let use_site = Range::new(pos(MAIN, "norm +", 0, 0), pos(MAIN, "norm +", 0, 4));
    assert_eq!(
        refs,
        vec![
            Location::new(lib.clone(), norm_def),
            Location::new(main.clone(), use_site),
        ]
    );

    // Without the declaration, from a use.
    let refs: Vec<Location> = serde_json::from_value(client.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": main },
            "position": pos(MAIN, "behov -", 0, 0),
            "context": { "includeDeclaration": false }
        }),
    ))
    .unwrap();
    let lines: Vec<u32> = refs.iter().map(|l| l.range.start.line).collect();
    assert_eq!(
        lines,
        vec![
            pos(MAIN, "när behov", 0, 0).line,
            pos(MAIN, "behov -", 0, 0).line,
            pos(MAIN, "{behov}.", 0, 0).line,
            pos(MAIN, "behovet {behov}", 0, 0).line,
        ]
    );
    client.stop();
}

#[test]
fn document_symbols_outline_the_file() {
    let dir = Dir::new("symbols");
    let mut client = Client::start();
    let (lib, main) = open_both(&mut client, &dir);
    let syms: DocumentSymbolResponse = serde_json::from_value(client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": main } }),
    ))
    .unwrap();
    let DocumentSymbolResponse::Nested(syms) = syms else {
        panic!("flat symbols");
    };
    let outline: Vec<(&str, SymbolKind, Option<&str>)> = syms
        .iter()
        .map(|s| (s.name.as_str(), s.kind, s.detail.as_deref()))
        .collect();
    assert_eq!(
        outline,
        vec![
            ("lib.regel", SymbolKind::FILE, Some("använd")),
            ("Prov", SymbolKind::NAMESPACE, Some("regelverk")),
            ("hyra", SymbolKind::VARIABLE, Some("belopp 0 kr..50 000 kr")),
            ("inkomst", SymbolKind::VARIABLE, Some("belopp 0 kr..")),
            ("boende", SymbolKind::VARIABLE, Some("Boende")),
            ("behov", SymbolKind::FUNCTION, Some("belopp")),
            ("rätt_till_stöd", SymbolKind::KEY, Some("lagrum")),
            ("stöd", SymbolKind::EVENT, Some("beslut")),
        ]
    );
    let versions: Vec<(&str, Option<&str>)> = syms[6]
        .children
        .iter()
        .flatten()
        .map(|c| (c.name.as_str(), c.detail.as_deref()))
        .collect();
    assert_eq!(
        versions,
        vec![("från 2025-07-01", Some("SoL (2025:400) 12 kap. 1 §"))]
    );
    let branches: Vec<&str> = syms[7]
        .children
        .iter()
        .flatten()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(branches, vec!["när behov > inkomst"]);
    assert_eq!(syms[5].selection_range.start, pos(MAIN, "behov:", 0, 0));

    let syms: DocumentSymbolResponse = serde_json::from_value(client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": lib } }),
    ))
    .unwrap();
    let DocumentSymbolResponse::Nested(syms) = syms else {
        panic!("flat symbols");
    };
    let variants: Vec<&str> = syms[1]
        .children
        .iter()
        .flatten()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        (syms[1].name.as_str(), syms[1].kind),
        ("Boende", SymbolKind::ENUM)
    );
    assert_eq!(variants, vec!["hyresrätt", "bostadsrätt", "villa"]);
    client.stop();
}

fn labels(v: Value) -> Vec<String> {
    let r: CompletionResponse = serde_json::from_value(v).unwrap();
    let CompletionResponse::Array(items) = r else {
        panic!("a list");
    };
    items.into_iter().map(|i| i.label).collect()
}

#[test]
fn completion_offers_block_fields_values_names_and_keywords() {
    let dir = Dir::new("completion");
    let mut client = Client::start();
    let (_, main) = open_both(&mut client, &dir);

    // A new line in an uppgift block: its fields.
    let text = MAIN.replace("  källa: sökande\n}", "  källa: sökande\n  \n}");
    client.change(&main, 2, &text);
    client.diagnostics(&main);
    let line = pos(&text, "  källa: sökande\n  \n}", 0, 0).line + 1;
    let got = labels(client.request("textDocument/completion", at(&main, Position::new(line, 2))));
    assert_eq!(got, vec!["källa", "fråga", "beskrivning"]);

    // After `källa:`: the sources.
    let got = labels(client.request(
        "textDocument/completion",
        at(&main, pos(&text, "källa: sökande\n  fråga", 0, 7)),
    ));
    assert_eq!(got, vec!["sökande", "register", "handläggare"]);

    // After `avser:`: every value, the refused ones saying why.
    let r: CompletionResponse = serde_json::from_value(client.request(
        "textDocument/completion",
        at(&main, pos(&text, "avser: ", 0, 7)),
    ))
    .unwrap();
    let CompletionResponse::Array(items) = r else {
        panic!()
    };
    assert_eq!(items[0].label, "myndighetsutövning");
    assert_eq!(items[0].detail.as_deref(), Some("godtas"));
    assert!(
        items[1]
            .detail
            .as_deref()
            .unwrap_or("")
            .starts_with("avvisas: ")
    );

    // In an expression: names with their types, the builtins, keywords.
    let r: CompletionResponse = serde_json::from_value(client.request(
        "textDocument/completion",
        at(&main, pos(&text, "norm + hyra", 0, 9)),
    ))
    .unwrap();
    let CompletionResponse::Array(items) = r else {
        panic!()
    };
    let hyra = items.iter().find(|i| i.label == "hyra").expect("hyra");
    assert_eq!(
        hyra.detail.as_deref(),
        Some("uppgift · belopp 0 kr..50 000 kr")
    );
    for want in [
        "norm",
        "behov",
        "villa",
        "summa",
        "beslutsdatum",
        "om",
        "och",
    ] {
        assert!(items.iter().any(|i| i.label == want), "{want} missing");
    }
    assert!(!items.iter().any(|i| i.label == "uppgift"));

    // After `enligt`: the lagrum declared.
    let got = labels(client.request(
        "textDocument/completion",
        at(&main, pos(&text, "enligt rätt_till_stöd", 0, 7)),
    ));
    assert_eq!(got, vec!["rätt_till_stöd"]);

    // At the start of a line outside any block: the item keywords.
    let r: CompletionResponse = serde_json::from_value(
        client.request("textDocument/completion", at(&main, Position::new(1, 0))),
    )
    .unwrap();
    let CompletionResponse::Array(items) = r else {
        panic!()
    };
    assert_eq!(items[0].label, "regelverk");
    assert!(items.iter().any(|i| i.label == "bedömning"));
    // Each inserts its item, with the places to fill in.
    let uppgift = items.iter().find(|i| i.label == "uppgift").unwrap();
    assert_eq!(
        uppgift.insert_text.as_deref(),
        Some(
            "uppgift ${1:namn}: ${2:heltal} {\n  källa: ${3:sökande}\n  fråga: \"${4:Frågan till sökanden}\"\n}"
        )
    );
    assert_eq!(
        uppgift.insert_text_format,
        Some(lsp_types::InsertTextFormat::SNIPPET)
    );
    client.stop();
}

#[test]
fn a_did_you_mean_is_a_quick_fix() {
    let dir = Dir::new("actions");
    let mut client = Client::start();
    let (_, main) = open_both(&mut client, &dir);
    let broken = MAIN.replace("behov - inkomst", "behov - inkomts");
    client.change(&main, 2, &broken);
    let diags = client.diagnostics(&main);
    assert_eq!(diags.iter().map(code).collect::<Vec<_>>(), vec!["E0102"]);
    let range = diags[0].range;
    let actions: Vec<CodeActionOrCommand> = serde_json::from_value(client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": main }, "range": range, "context": { "diagnostics": diags } }),
    ))
    .unwrap();
    assert_eq!(actions.len(), 1);
    let CodeActionOrCommand::CodeAction(action) = &actions[0] else {
        panic!("a command");
    };
    assert_eq!(action.title, "Skriv `inkomst` i stället för `inkomts`");
    let edits = &action.edit.as_ref().unwrap().changes.as_ref().unwrap()[&main];
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].range, range);
    assert_eq!(edits[0].new_text, "inkomst");

    // Applying it gives a clean file.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": 3 }, "contentChanges": [ { "range": range, "text": "inkomst" } ] }),
    );
    assert_eq!(client.diagnostics(&main), vec![]);

    // A number where an amount belongs: the fix writes it with its unit, at the number.
    let broken = MAIN.replace("= norm + hyra", "= norm + 1500");
    client.change(&main, 4, &broken);
    let diags = client.diagnostics(&main);
    assert_eq!(diags.iter().map(code).collect::<Vec<_>>(), vec!["E0202"]);
    let actions: Vec<CodeActionOrCommand> = serde_json::from_value(client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": main }, "range": diags[0].range, "context": { "diagnostics": diags } }),
    ))
    .unwrap();
    let [CodeActionOrCommand::CodeAction(action)] = actions.as_slice() else {
        panic!("one action: {actions:?}");
    };
    assert_eq!(action.title, "Skriv `1 500 kr` i stället för `1500`");
    let edits = &action.edit.as_ref().unwrap().changes.as_ref().unwrap()[&main];
    let number = pos(&broken, "1500", 0, 0);
    assert_eq!(
        edits[0].range,
        Range::new(number, Position::new(number.line, number.character + 4))
    );
    assert_eq!(edits[0].new_text, "1 500 kr");

    // Nowhere near the diagnostic: no action.
    let none: Vec<CodeActionOrCommand> = serde_json::from_value(client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": main }, "range": Range::new(Position::new(0, 0), Position::new(0, 1)), "context": { "diagnostics": [] } }),
    ))
    .unwrap();
    assert!(none.is_empty());
    client.stop();
}

/// Sets the document to `text`, whose only diagnostic must have the code `code_`, applies
/// that diagnostic's one quick fix (after which the document must check clean) and returns
/// the fix's title.
fn only_fix(
    client: &mut Client,
    main: &lsp_types::Url,
    version: i32,
    text: &str,
    code_: &str,
) -> String {
    client.change(main, version, text);
    let diags = client.diagnostics(main);
    assert_eq!(
        diags.iter().map(code).collect::<Vec<_>>(),
        vec![code_],
        "{diags:#?}"
    );
    let range = diags.first().unwrap().range;
    let actions: Vec<CodeActionOrCommand> = serde_json::from_value(client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": main }, "range": range, "context": { "diagnostics": diags } }),
    ))
    .unwrap();
    let [CodeActionOrCommand::CodeAction(action)] = actions.as_slice() else {
        panic!("one action: {actions:?}");
    };
    let changes = action.edit.as_ref().unwrap().changes.as_ref().unwrap();
    let edits = changes.get(main).unwrap();
    let [edit] = edits.as_slice() else {
        panic!("one edit: {edits:?}");
    };
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": version + 1 }, "contentChanges": [ { "range": edit.range, "text": edit.new_text } ] }),
    );
    assert_eq!(client.diagnostics(main), vec![], "after `{}`", action.title);
    action.title.clone()
}

#[test]
fn the_hints_for_swedish_prose_are_quick_fixes() {
    let dir = Dir::new("prose");
    let mut client = Client::start();
    let (lib, main) = open_both(&mut client, &dir);
    let amount = MAIN.replace("50 000 kr {", "50.000 kr {");
    assert_eq!(
        only_fix(&mut client, &main, 2, &amount, "E0023"),
        "Skriv `50 000` i stället för `50.000`"
    );
    let date = LIB.replace("från 2026-01-01: 3 560 kr", "från 1 januari 2026: 3 560 kr");
    assert_eq!(
        only_fix(&mut client, &lib, 2, &date, "E0024"),
        "Skriv `2026-01-01` i stället för `1 januari 2026`"
    );
    // The document that uses the file showed its error at `använd`, and then none.
    let shown = client.diagnostics(&main);
    assert_eq!(shown.iter().map(code).collect::<Vec<_>>(), vec!["E0024"]);
    assert_eq!(client.diagnostics(&main), vec![]);
    let name = MAIN.replace("uppgift boende:", "uppgift bo-ende:");
    assert_eq!(
        only_fix(&mut client, &main, 6, &name, "E0025"),
        "Skriv `bo_ende` i stället för `bo-ende`"
    );
    // With decomposed letters before it, the fix still replaces the right characters.
    let decomposed = amount
        .replace("nämnd", "na\u{308}mnd")
        .replace("Vad hushållet", "Vad husha\u{30a}llet");
    assert_eq!(
        only_fix(&mut client, &main, 8, &decomposed, "E0023"),
        "Skriv `50 000` i stället för `50.000`"
    );
    client.stop();
}

#[test]
fn editing_a_used_file_updates_the_document_that_uses_it() {
    let dir = Dir::new("dependents");
    let mut client = Client::start();
    let (lib, main) = open_both(&mut client, &dir);
    // Renaming the parameter in the (unsaved) used file breaks the use in the other.
    let renamed = LIB.replace("parameter norm:", "parameter grundnorm:");
    client.change(&lib, 2, &renamed);
    assert_eq!(client.diagnostics(&lib), vec![]);
    let diags = client.diagnostics(&main);
    assert_eq!(diags.iter().map(code).collect::<Vec<_>>(), vec!["E0102"]);
    assert_eq!(diags[0].range.start, pos(MAIN, "norm +", 0, 0));
    // A syntax error in the used file: shown in the document at the `använd` that reads it.
    let broken = LIB.replace("typ Boende =", "typ Boende ==");
    client.change(&lib, 3, &broken);
    let in_lib = client.diagnostics(&lib);
    assert_eq!(in_lib.len(), 1, "{in_lib:#?}");
    let diags = client.diagnostics(&main);
    let first = &diags[0];
    assert_eq!(code(first), code(&in_lib[0]));
    assert_eq!(
        first.range,
        Range::new(
            pos(MAIN, "\"lib.regel\"", 0, 0),
            pos(MAIN, "\"lib.regel\"", 0, 11)
        )
    );
    let lib_path = lib.to_file_path().unwrap();
    assert!(
        first
            .message
            .starts_with(&format!("i `{}`: ", lib_path.display())),
        "{}",
        first.message
    );
    let related = first.related_information.as_ref().unwrap();
    assert_eq!(related[0].location.uri, lib);
    assert_eq!(related[0].location.range, in_lib[0].range);
    // Closing the used file: the file on disk counts again.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": lib } }),
    );
    assert_eq!(client.diagnostics(&lib), vec![]);
    assert_eq!(client.diagnostics(&main), vec![]);
    client.stop();
}

#[test]
fn garbage_and_positions_past_the_end_are_answered_without_failing() {
    let mut client = Client::start();
    let uri = lsp_types::Url::parse("untitled:Namnlös-1").unwrap();
    let text = "regel { ]] \"ofullständig\n\u{0}å\u{301} 𝔸 uppgift : : använd \"x.regel\"\n";
    client.open(&uri, text);
    let diags = client.diagnostics(&uri);
    assert!(!diags.is_empty());
    for p in [
        Position::new(0, 0),
        Position::new(1, 3),
        Position::new(1, 999),
        Position::new(99, 0),
    ] {
        client.request("textDocument/hover", at(&uri, p));
        client.request("textDocument/completion", at(&uri, p));
        client.request("textDocument/definition", at(&uri, p));
    }
    client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    // A request about a document that is not open: no answer rather than an error.
    let other = lsp_types::Url::parse("file:///finns/inte.regel").unwrap();
    assert_eq!(
        client.request("textDocument/hover", at(&other, Position::new(0, 0))),
        Value::Null
    );
    // Bad parameters and unknown methods are errors, and the server goes on.
    assert!(
        client
            .try_request("textDocument/hover", json!({ "x": 1 }))
            .is_err()
    );
    assert!(client.try_request("delegat/okänd", Value::Null).is_err());
    client.stop();
}

#[test]
fn formatting_gives_the_layout_of_delegat_fmt() {
    let dir = Dir::new("formatting");
    let mut client = Client::start();
    let (_, main) = open_both(&mut client, &dir);
    let format = |client: &mut Client| -> Vec<lsp_types::TextEdit> {
        serde_json::from_value(client.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": main }, "options": { "tabSize": 2, "insertSpaces": true } }),
        ))
        .unwrap()
    };
    // The shipped file is laid out already: nothing to do.
    assert_eq!(format(&mut client), vec![]);

    // Spacing and indentation lost: one edit over the whole text gives the file back.
    let messy = MAIN
        .replace("= norm + hyra", "=norm+hyra")
        .replace("  källa: sökande\n  fråga", "källa:sökande\n      fråga");
    assert_ne!(messy, MAIN);
    client.change(&main, 2, &messy);
    assert_eq!(client.diagnostics(&main), vec![]);
    let edits = format(&mut client);
    let end = Position::new(messy.matches('\n').count() as u32, 0);
    assert_eq!(
        edits,
        vec![lsp_types::TextEdit::new(
            Range::new(Position::new(0, 0), end),
            MAIN.to_owned()
        )]
    );

    // A file with a syntax error is not formatted (its diagnostics say why).
    let broken = MAIN.replace(
        "uppgift inkomst: belopp 0 kr..",
        "uppgift inkomst: belopp 0 kr..(",
    );
    client.change(&main, 3, &broken);
    assert!(!client.diagnostics(&main).is_empty());
    assert_eq!(format(&mut client), vec![]);
    client.stop();
}
