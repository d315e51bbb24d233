// The editor's highlighting, derived from the VS Code extension's TextMate grammar
// (editors/vscode/syntaxes/delegat.tmLanguage.json), so the keyword lists live in one place.
// `compileGrammar` flattens the grammar's `include`s into a table of rules that
// src/textmate.js runs; the Vite plugin in vite.config.js calls it at build time.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const grammarPath = fileURLToPath(
  new URL("../../editors/vscode/syntaxes/delegat.tmLanguage.json", import.meta.url),
);

/** Reads the grammar file and compiles it. */
export function loadGrammar(path = grammarPath) {
  return compileGrammar(JSON.parse(readFileSync(path, "utf8")));
}

/**
 * Compiles a TextMate grammar to `{ rules, root }`: `rules` is a list of
 * `{ match, name, captures }` or `{ begin, end, name, contentName, beginCaptures,
 * endCaptures, patterns }` with every pattern list a list of rule indices, and `root` the
 * indices of the top-level patterns. Every regular expression is checked to compile as a
 * JavaScript `u` expression: a grammar that uses Oniguruma syntax JavaScript lacks fails
 * the build here rather than highlighting wrongly.
 */
export function compileGrammar(grammar) {
  const rules = [];
  const flattened = new Map();
  const resolving = new Set();

  const captures = (c) => {
    const out = {};
    for (const [index, value] of Object.entries(c ?? {})) {
      if (value.name) out[index] = value.name;
    }
    return out;
  };
  const checked = (source, where) => {
    try {
      new RegExp(source, "duy");
    } catch (error) {
      throw new Error(`the grammar's pattern ${where} is no JavaScript expression: ${error.message}`);
    }
    return source;
  };

  const flatten = (patterns, where) => {
    const ids = [];
    for (const pattern of patterns ?? []) {
      if (pattern.include) {
        const key = pattern.include.replace(/^#/, "");
        if (pattern.include === "$self") {
          ids.push(...flatten(grammar.patterns, "$self"));
          continue;
        }
        if (!grammar.repository?.[key]) throw new Error(`unknown include ${pattern.include}`);
        if (!flattened.has(key)) {
          if (resolving.has(key)) throw new Error(`include cycle through ${pattern.include}`);
          resolving.add(key);
          flattened.set(key, flatten(grammar.repository[key].patterns, key));
          resolving.delete(key);
        }
        ids.push(...flattened.get(key));
      } else if (pattern.match !== undefined) {
        rules.push({
          match: checked(pattern.match, `${where}: ${pattern.name ?? pattern.match}`),
          name: pattern.name ?? null,
          captures: captures(pattern.captures),
        });
        ids.push(rules.length - 1);
      } else if (pattern.begin !== undefined) {
        const rule = {
          begin: checked(pattern.begin, `${where}: ${pattern.name} begin`),
          end: checked(pattern.end, `${where}: ${pattern.name} end`),
          name: pattern.name ?? null,
          contentName: pattern.contentName ?? null,
          beginCaptures: captures(pattern.beginCaptures ?? pattern.captures),
          endCaptures: captures(pattern.endCaptures ?? pattern.captures),
          patterns: [],
        };
        rules.push(rule);
        ids.push(rules.length - 1);
        rule.patterns = flatten(pattern.patterns, `${where}: ${pattern.name}`);
      } else {
        throw new Error(`a pattern in ${where} has neither match, begin nor include`);
      }
    }
    return ids;
  };

  const root = flatten(grammar.patterns, "patterns");
  return { scopeName: grammar.scopeName, rules, root };
}
