// The Delegat extension: starts the language server `delegat lsp` for `.regel` files.
//
// Everything a jurist sees (diagnostics, hover, completion, quick fixes) comes from the
// server; this file only starts it, with the program named by the setting `delegat.sökväg`.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("delegat").get("sökväg") || "delegat";
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "delegat",
    "Delegat",
    { run: server, debug: server },
    {
      documentSelector: [{ language: "delegat" }],
    },
  );
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `Delegat: språkservern kunde inte startas med \`${command} lsp\` (${error.message}). ` +
        "Kontrollera att delegat är installerat, eller ange sökvägen i inställningen delegat.sökväg.",
    );
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
