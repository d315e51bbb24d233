// The page's one door to Delegat: the WebAssembly module built from crates/delegat-wasm
// into src/pkg/ (see docs/playground.md). Every call takes and returns text; the results
// are JSON, parsed here. `globalThis.delegat` is the module's raw API, for the browser
// tests and for anyone who opens the console.
import init, * as wasm from "./pkg/delegat_wasm.js";

export async function load() {
  await init();
  globalThis.delegat = wasm;
}

const parse = (text) => JSON.parse(text);

/** Today's date in the browser's own time zone, ÅÅÅÅ-MM-DD: the module reads no clock. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const check = (source) => parse(wasm.check(source));
export const format = (source) => parse(wasm.format(source));
export const runExamples = (source) => parse(wasm.runExamples(source, today()));
export const schemaText = (source, decision) => wasm.schema(source, decision);
export const decide = (source, decision, caseJson) => parse(wasm.decide(source, decision, caseJson, today()));
export const report = (source) => wasm.report(source);
export const explain = (code) => wasm.explain(code);
export const examples = () => parse(wasm.examples());
