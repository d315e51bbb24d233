// Vite builds the playground into dist/: the page, its scripts and the WebAssembly module
// (src/pkg/, written by the wasm build). Two plugins of our own: the editor's grammar
// compiled from the VS Code extension's TextMate grammar at build time, and a Content
// Security Policy in the built page that lets it load nothing and send nothing outside
// its own origin.
import { defineConfig } from "vite";
import { grammarPath, loadGrammar } from "./scripts/grammar.mjs";

const GRAMMAR = "virtual:delegat-grammar";

function delegatGrammar() {
  return {
    name: "delegat-grammar",
    resolveId(id) {
      return id === GRAMMAR ? `\0${GRAMMAR}` : null;
    },
    load(id) {
      if (id !== `\0${GRAMMAR}`) return null;
      this.addWatchFile(grammarPath);
      return `export default ${JSON.stringify(loadGrammar())};`;
    },
  };
}

// 'wasm-unsafe-eval' compiles the module; styles inline because CodeMirror writes its own.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
].join("; ");

function contentSecurityPolicy() {
  return {
    name: "delegat-csp",
    apply: "build",
    transformIndexHtml(html) {
      return html.replace(
        "<head>",
        `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
      );
    },
  };
}

export default defineConfig({
  base: "./",
  plugins: [delegatGrammar(), contentSecurityPolicy()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 4096 },
});
