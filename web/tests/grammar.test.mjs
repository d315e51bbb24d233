// The editor's highlighting (src/textmate.js over the grammar compiled by
// scripts/grammar.mjs) against the VS Code extension's own grammar tests
// (editors/vscode/tests/grammar.tmtest): every scope asserted there is on the same
// characters here, so the page colours a rule file as VS Code does.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadGrammar } from "../scripts/grammar.mjs";
import { createTokenizer } from "../src/textmate.js";

const tmtest = fileURLToPath(new URL("../../editors/vscode/tests/grammar.tmtest", import.meta.url));

/** The source lines and, per source line, its assertions `{from, to, scopes}`. */
function parseTmtest(text) {
  const lines = text.split("\n").slice(1);
  const source = [];
  for (const line of lines) {
    const marker = /^\/\/(\s*)(<-+|\^+)\s+(\S.*)$/.exec(line);
    const carets = /^\/\/(.*?)(\^+)\s+(\S.*)$/.exec(line);
    if (marker && marker[2].startsWith("<")) {
      const last = source[source.length - 1];
      last.asserts.push({ from: 0, to: marker[2].length - 1, scopes: marker[3].split(/\s+/), line });
    } else if (carets && /^\s*$/.test(carets[1])) {
      const from = line.indexOf("^");
      const last = source[source.length - 1];
      last.asserts.push({ from, to: from + carets[2].length, scopes: carets[3].split(/\s+/), line });
    } else {
      source.push({ text: line, asserts: [] });
    }
  }
  return source;
}

test("the grammar compiles to JavaScript expressions", () => {
  const grammar = loadGrammar();
  assert.equal(grammar.scopeName, "source.delegat");
  assert.ok(grammar.rules.length > 20, `only ${grammar.rules.length} rules`);
});

test("the page's tokenizer passes the VS Code grammar's tests", () => {
  const tokenizer = createTokenizer(loadGrammar());
  const source = parseTmtest(readFileSync(tmtest, "utf8"));
  const stack = [];
  let checked = 0;
  const failures = [];
  for (const { text, asserts } of source) {
    const tokens = tokenizer.tokenizeLine(text, stack);
    for (const a of asserts) {
      for (let at = a.from; at < a.to; at += 1) {
        const token = tokens.find((t) => t.from <= at && at < t.to);
        const scopes = token ? token.scopes : [];
        for (const scope of a.scopes) {
          checked += 1;
          if (!scopes.includes(scope)) {
            failures.push(`${text}\n  at ${at} (${JSON.stringify(text[at])}): ${scope} not in ${scopes.join(" ")}`);
          }
        }
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(checked > 300, `only ${checked} assertions checked`);
  console.log(`${checked} scope assertions`);
});

test("a block comment and a text keep their scopes across lines only as the grammar says", () => {
  const tokenizer = createTokenizer(loadGrammar());
  const stack = [];
  tokenizer.tokenizeLine('regel x: text = "öppen', stack);
  assert.deepEqual(stack, [], "a text ends at the end of its line");
  tokenizer.tokenizeLine("/* början", stack);
  const inside = tokenizer.tokenizeLine("regel inuti", stack);
  assert.ok(inside.every((t) => t.scopes.includes("comment.block.delegat")));
  tokenizer.tokenizeLine("slut */ regel", stack);
  assert.deepEqual(stack, []);
});
