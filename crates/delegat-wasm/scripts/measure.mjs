// Size and speed of built WebAssembly modules (docs/PERFORMANCE.md, "The WebAssembly
// module"): each module's size raw, gzip -9 and brotli 11, and the median time of the API's
// calls on examples/forsorjningsstod.regel in Node. Several modules (e.g. before and after
// wasm-opt) are measured in one run, their rounds interleaved, so that they compare under
// the same load.
//
//   node crates/delegat-wasm/scripts/measure.mjs web/src/pkg [OTHER.wasm …]
//
// The first argument is a package directory (glue and module); each further argument is
// another module for the same glue.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import zlib from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const [pkg, ...others] = process.argv.slice(2);
if (!pkg) {
  console.error("användning: node measure.mjs PAKETKATALOG [ANNAN.wasm …]");
  process.exit(2);
}
const modules = [path.join(pkg, "delegat_wasm_bg.wasm"), ...others];
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const TODAY = "2026-12-07";
const source = fs.readFileSync(path.join(root, "examples/forsorjningsstod.regel"), "utf8");

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
for (const file of modules) {
  const bytes = fs.readFileSync(file);
  const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  console.log(`${file}: raw ${kib(bytes.length)}, gzip -9 ${kib(gzip)}, brotli 11 ${kib(brotli)}`);
}

// One instance of the glue per module: a fresh import of the glue file each time.
const apis = [];
for (const [i, file] of modules.entries()) {
  const glue = pathToFileURL(path.join(pkg, "delegat_wasm.js")).href + `?m=${i}`;
  const api = await import(glue);
  const t = performance.now();
  api.initSync({ module: fs.readFileSync(file) });
  apis.push({ file, api, init: performance.now() - t, times: {} });
}

const cases = JSON.parse(apis[0].api.exempelCases(source)).map((c) => c.case);
const calls = {
  check: (api) => api.check(source),
  format: (api) => api.format(source),
  runExamples: (api) => api.runExamples(source, TODAY),
  // The pack is kept between calls: a decision of one case with the pack built.
  decide: (api) => api.decide(source, "", cases[0], TODAY),
};
for (let round = 0; round < ROUNDS; round++) {
  for (const a of apis) {
    for (const [name, call] of Object.entries(calls)) {
      const t = performance.now();
      call(a.api);
      (a.times[name] ??= []).push(performance.now() - t);
    }
  }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const a of apis) {
  const parts = Object.entries(a.times).map(([k, v]) => `${k} ${median(v).toFixed(1)} ms`);
  console.log(`${a.file}: instantiate ${a.init.toFixed(0)} ms; medians of ${ROUNDS}: ${parts.join(", ")}`);
}
