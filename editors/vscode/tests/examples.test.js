// The grammar on every rule file the repository ships (examples/ and the test fixtures that
// check clean), tokenised by the engine VS Code uses (vscode-textmate, vscode-oniguruma).
// What must hold on every line, whatever the files' layout:
// - every reserved word of the language (read from crates/delegat-syntax/src/keywords.rs)
//   outside comments and texts is coloured as a keyword, type, constant or unit, never as
//   a plain name;
// - nothing outside comments is left without a scope of its own (only spaces may be);
// - a line that starts with `//` is a comment, with `///` a documentation comment;
// - dates and the numbers of amounts are numeric constants;
// - no text or interpolation is still open at the end of a line.
"use strict";

const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const repo = path.resolve(__dirname, "../../..");
const grammarPath = path.join(__dirname, "../syntaxes/delegat.tmLanguage.json");

function keywords() {
  const source = fs.readFileSync(
    path.join(repo, "crates/delegat-syntax/src/keywords.rs"),
    "utf8",
  );
  const list = source.split("pub const KEYWORDS")[1].split("];")[0];
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

function ruleFiles() {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".regel")) out.push(p);
    }
  };
  walk(path.join(repo, "examples"));
  walk(path.join(repo, "tests/fixtures/check/ok"));
  walk(path.join(repo, "tests/fixtures/legality/ok"));
  return out.sort();
}

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () =>
      vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath),
  });
  return registry.loadGrammar("source.delegat");
}

const PLAIN = "variable.other.delegat";
const isComment = (scopes) => scopes.some((s) => s.startsWith("comment."));
const isText = (scopes) => scopes.some((s) => s.startsWith("string."));

test("the grammar colours every shipped rule file as the language reads it", async () => {
  const grammar = await loadGrammar();
  const reserved = new Set(keywords());
  assert.ok(reserved.has("bedömning") && reserved.size > 40, "the keyword list was read");
  const files = ruleFiles();
  assert.ok(files.length >= 10, `rule files found: ${files.length}`);
  let lines = 0;
  for (const file of files) {
    const name = path.relative(repo, file);
    let stack = vsctm.INITIAL;
    let inBlockComment = false;
    fs.readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        lines += 1;
        const where = `${name}:${i + 1}`;
        const result = grammar.tokenizeLine(line, stack);
        const tokens = result.tokens.map((t) => ({
          text: line.slice(t.startIndex, t.endIndex),
          scopes: t.scopes,
          start: t.startIndex,
        }));
        for (const t of tokens) {
          const own = t.scopes.slice(1);
          if (isComment(t.scopes)) continue;
          if (own.length === 0) {
            assert.match(t.text, /^\s*$/, `${where}: \`${t.text}\` has no scope`);
          }
          if (!isText(t.scopes) || t.scopes.some((s) => s.startsWith("meta.interpolation"))) {
            if (reserved.has(t.text.trim())) {
              assert.ok(
                !t.scopes.includes(PLAIN),
                `${where}: the reserved word \`${t.text}\` is coloured as a name`,
              );
            }
          }
        }
        const trimmed = line.trimStart();
        if (!inBlockComment && trimmed.startsWith("//")) {
          const first = tokens.find((t) => t.text.trim() !== "");
          const want = trimmed.startsWith("///")
            ? "comment.line.documentation.delegat"
            : "comment.line.double-slash.delegat";
          assert.ok(first.scopes.includes(want), `${where}: not a ${want}`);
          assert.strictEqual(tokens.length <= 2, true, `${where}: a comment in pieces`);
        }
        if (!inBlockComment && !trimmed.startsWith("//")) {
          for (const m of line.matchAll(/(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d])/g)) {
            const t = tokens.find((t) => t.start <= m.index && m.index < t.start + t.text.length);
            if (isComment(t.scopes) || (isText(t.scopes) && !t.scopes.some((s) => s.startsWith("meta.interpolation")))) continue;
            assert.ok(
              t.scopes.includes("constant.numeric.date.delegat"),
              `${where}: the date ${m[0]} is ${t.scopes.join(" ")}`,
            );
          }
        }
        stack = result.ruleStack;
        const open = tokens.length ? tokens[tokens.length - 1].scopes : [];
        inBlockComment = open.includes("comment.block.delegat") && !line.trimEnd().endsWith("*/");
        if (!inBlockComment) {
          assert.ok(
            !open.some((s) => s.startsWith("string.") || s.startsWith("meta.interpolation")) ||
              line.trimEnd().endsWith('"'),
            `${where}: a text is still open at the end of the line`,
          );
        }
      });
  }
  assert.ok(lines > 1000, `lines tokenised: ${lines}`);
});
