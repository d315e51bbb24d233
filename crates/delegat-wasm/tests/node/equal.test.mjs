// The WebAssembly build decides as the CLI does, byte for byte: every exempel of every
// shipped pack, and cases generated from them with varied inputs (some of them cases the
// runtime refuses), are decided through the module's `decide` and compared with the lines
// `delegat batch --motor tolk` writes for the same cases.
//
// Needs the module (crates/delegat-wasm/build.sh; DELEGAT_WASM_PKG, default web/src/pkg) and
// the CLI binary (DELEGAT_BIN, default $CARGO_TARGET_DIR/debug/delegat). Run from the
// repository: node --test crates/delegat-wasm/tests/node/*.test.mjs

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
// The date of a case without `beslutsdatum`, on both sides.
const TODAY = "2026-12-07";
// Generated cases per shipped pack.
const GENERATED = Number(process.env.DELEGAT_WASM_CASES ?? 150);

const wasm = await import(pathToFileURL(path.join(pkg, "delegat_wasm.js")).href);
wasm.initSync({ module: fs.readFileSync(path.join(pkg, "delegat_wasm_bg.wasm")) });

const PACKS = ["forsorjningsstod", "fritidsaktivitetsbidrag", "hemtjanst", "maxtaxa"];

/** The lines `delegat batch --motor tolk` writes for `cases`, the pack built from `source`
 * under the module's file name (`regel.regel`), so that positions in documents agree. */
function batch(source, cases) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "delegat-wasm-equal-"));
  try {
    fs.writeFileSync(path.join(dir, "regel.regel"), source);
    fs.writeFileSync(path.join(dir, "fall.jsonl"), cases.map((c) => c + "\n").join(""));
    const run = spawnSync(
      bin,
      ["batch", "regel.regel", "--motor", "tolk", "--datum", TODAY,
        "--input", "fall.jsonl", "--output", "beslut.jsonl"],
      { cwd: dir, encoding: "utf8" },
    );
    // 0: every case decided; 1: some cases could not be read (their lines are written).
    assert.ok(run.status === 0 || run.status === 1, `delegat batch: ${run.status} ${run.stderr}`);
    const out = fs.readFileSync(path.join(dir, "beslut.jsonl"), "utf8");
    assert.ok(out.endsWith("\n"));
    return out.slice(0, -1).split("\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A small seeded generator (mulberry32), so that a failure can be run again. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DATE = /^(\d{4})-(\d{2})-01$|^(\d{4})-(\d{2})-(\d{2})$/;

/** A value like `v`, changed now and then: numbers scaled or shifted (sometimes negative or
 * with öre), amounts written as text, dates moved by months, yes/no flipped, list items
 * dropped or repeated, or a value taken from another exempel. */
function vary(v, rnd, pool) {
  if (pool && pool.length > 1 && rnd() < 0.25) return pool[Math.floor(rnd() * pool.length)];
  if (typeof v === "boolean") return rnd() < 0.3 ? !v : v;
  if (typeof v === "number") {
    const r = rnd();
    if (r < 0.45) return v;
    if (r < 0.75) return Math.round(v * rnd() * 2);
    if (r < 0.85) return Math.round(v * 2 * rnd() * 100) / 100;
    if (r < 0.95) return `${Math.round(v * 1.5 * rnd())} kr`;
    return -1 - Math.round(rnd() * 100);
  }
  if (typeof v === "string" && DATE.test(v)) {
    if (rnd() < 0.5) return v;
    const d = new Date(v + "T00:00:00Z");
    d.setUTCMonth(d.getUTCMonth() + Math.round((rnd() - 0.5) * 48));
    return d.toISOString().slice(0, 10);
  }
  if (Array.isArray(v)) {
    let items = v.map((x) => vary(x, rnd));
    if (items.length > 0 && rnd() < 0.2) items = items.slice(1);
    if (items.length > 0 && rnd() < 0.2) items = items.concat([items[0]]);
    return items;
  }
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, vary(x, rnd)]));
  }
  return v;
}

/** `n` cases made from the exempel's cases: each a varied copy of one of them, sometimes
 * without its date, with an input missing or an unknown one, or not JSON at all. */
function generate(exempel, n, seed) {
  const rnd = random(seed);
  const objects = exempel.map((e) => JSON.parse(e.case));
  const pools = {};
  for (const o of objects) {
    for (const [k, v] of Object.entries(o)) (pools[k] ??= []).push(v);
  }
  const cases = [];
  for (let i = 0; i < n; i++) {
    const base = objects[Math.floor(rnd() * objects.length)];
    // One to three inputs varied, the others as in the exempel.
    const c = { ...base };
    const keys = Object.keys(c);
    for (let j = 1 + Math.floor(rnd() * 3); j > 0 && keys.length > 0; j--) {
      const k = keys[Math.floor(rnd() * keys.length)];
      c[k] = vary(c[k], rnd, pools[k]);
    }
    const r = rnd();
    if (r < 0.08) delete c.beslutsdatum;
    else if (r < 0.11 && keys.length > 0) delete c[keys[Math.floor(rnd() * keys.length)]];
    else if (r < 0.13) c.okänd_uppgift = 1;
    let text = JSON.stringify(c);
    if (r > 0.985) text = text.slice(0, Math.floor(text.length / 2));
    cases.push(text);
  }
  return cases;
}

function exempelOf(source) {
  const cases = JSON.parse(wasm.exempelCases(source));
  assert.ok(Array.isArray(cases), JSON.stringify(cases).slice(0, 300));
  return cases;
}

/** Decides every case through the module and compares with the CLI's lines. */
function compare(name, source, cases) {
  const expected = batch(source, cases);
  assert.equal(expected.length, cases.length, name);
  const outcomes = {};
  for (let i = 0; i < cases.length; i++) {
    const result = JSON.parse(wasm.decide(source, "", cases[i], TODAY));
    assert.equal(result.document, expected[i], `${name}, case ${i + 1}: ${cases[i]}`);
    const doc = JSON.parse(result.document);
    // A decided case has the decision's title for the page's heading; a refused one none.
    assert.equal(typeof result.title, doc.utfall ? "string" : "object", `${name}, case ${i + 1}`);
    const key = doc.utfall ?? "fel";
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  return outcomes;
}

for (const name of PACKS) {
  const source = fs.readFileSync(path.join(root, "examples", `${name}.regel`), "utf8");

  test(`${name}: every exempel decides as delegat batch --motor tolk, byte for byte`, () => {
    const exempel = exempelOf(source);
    assert.ok(exempel.length >= 10, `${name}: ${exempel.length} exempel`);
    const outcomes = compare(name, source, exempel.map((e) => e.case));
    assert.equal(outcomes.fel, undefined, `${name}: an exempel the runtime refuses`);
  });

  test(`${name}: ${GENERATED} generated cases decide as delegat batch --motor tolk`, () => {
    const seed = PACKS.indexOf(name) + 1;
    const cases = generate(exempelOf(source), GENERATED, seed);
    const outcomes = compare(name, source, cases);
    // The cases reach both decided outcomes and refusals, or the comparison says little.
    const decided = Object.entries(outcomes).filter(([k]) => k !== "fel");
    assert.ok(decided.length >= 2, `${name}: ${JSON.stringify(outcomes)}`);
    assert.ok((outcomes.fel ?? 0) > 0, `${name}: ${JSON.stringify(outcomes)}`);
    console.log(`${name}: ${JSON.stringify(outcomes)}`);
  });
}
