// The WebAssembly build's `check` gives the diagnostics `delegat check --format json` gives
// for the same file: codes, severities, messages, places, the labels of the chain, notes and
// help, in the same order. Run over the shipped examples (the refused ones too) and every
// fixture of tests/fixtures/{parse,check,legality} that uses no other file, each checked
// alone (no policy file beside it applies).
//
// Needs the module (DELEGAT_WASM_PKG, default web/src/pkg) and the CLI binary (DELEGAT_BIN,
// default $CARGO_TARGET_DIR/debug/delegat).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const pkg = process.env.DELEGAT_WASM_PKG ?? path.join(root, "web/src/pkg");
const bin =
  process.env.DELEGAT_BIN ??
  path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, "target"), "debug/delegat");

const wasm = await import(pathToFileURL(path.join(pkg, "delegat_wasm.js")).href);
wasm.initSync({ module: fs.readFileSync(path.join(pkg, "delegat_wasm_bg.wasm")) });

/** Every `.regel` file under `dir`, recursively. */
function regelFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return regelFiles(p);
    return e.name.endsWith(".regel") ? [p] : [];
  });
}

/** `delegat check --format json` of every source, in one run over a folder of them (one
 * file each, `0000.regel`, …; no policy file there): the diagnostics of each, in order. */
function cliCheck(sources) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "delegat-wasm-check-"));
  try {
    const names = sources.map((_, i) => `${String(i).padStart(4, "0")}.regel`);
    sources.forEach((s, i) => fs.writeFileSync(path.join(dir, names[i]), s));
    const run = spawnSync(bin, ["check", "--format", "json", "."], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.ok(run.status === 0 || run.status === 1, `delegat check: ${run.status} ${run.stderr}`);
    const byFile = new Map(names.map((n) => [n, []]));
    for (const line of run.stdout.split("\n").filter((l) => l !== "")) {
      const d = JSON.parse(line);
      byFile.get(path.basename(d.file ?? ""))?.push(d);
    }
    return names.map((n) => byFile.get(n));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The line (from 1) of a UTF-16 offset of `text`. */
function lineOf(text, offset) {
  return text.slice(0, offset).split("\n").length;
}

/** A CLI diagnostic and a module diagnostic in one shape. */
function fromCli(d) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.line,
    column: d.column,
    label: d.label,
    labels: d.labels.map((l) => ({ line: l.line, message: l.message })),
    notes: d.notes,
    help: d.help,
  };
}

function fromWasm(source, d) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.line,
    column: d.column,
    label: d.label,
    labels: d.labels.map((l) => ({
      line: l.from === null ? null : lineOf(source, l.from),
      message: l.message,
    })),
    notes: d.notes,
    help: d.help,
  };
}

const files = [
  ...regelFiles(path.join(root, "examples")),
  ...["parse", "check", "legality"].flatMap((d) => regelFiles(path.join(root, "tests/fixtures", d))),
]
  .map((file) => ({ file, source: fs.readFileSync(file, "utf8") }))
  .filter(({ source }) => !/^\s*använd\s/m.test(source));

test(`check gives delegat check's diagnostics for ${files.length} files`, () => {
  assert.ok(files.length > 150, `${files.length} files`);
  const cli = cliCheck(files.map((f) => f.source));
  let diagnostics = 0;
  for (const [i, { file, source }] of files.entries()) {
    const ours = JSON.parse(wasm.check(source)).diagnostics.map((d) => fromWasm(source, d));
    const theirs = cli[i].map(fromCli);
    assert.deepEqual(ours, theirs, path.relative(root, file));
    diagnostics += theirs.length;
  }
  assert.ok(diagnostics > 150, `${diagnostics} diagnostics`);
});
