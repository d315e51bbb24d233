// Highlighting for the editor: the VS Code grammar (compiled at build time into the virtual
// module `virtual:delegat-grammar`, see vite.config.js) run by src/textmate.js inside a
// CodeMirror stream language, its TextMate scopes mapped to CodeMirror's highlighting tags,
// and the colours (chosen for a contrast of at least 4.5:1 on white).
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import grammar from "virtual:delegat-grammar";
import { createTokenizer } from "./textmate.js";

// TextMate scope prefix → CodeMirror token name (a tag, with modifiers after dots). The
// longest prefix of the innermost scope that has one wins.
const SCOPE_TOKENS = [
  ["comment.line.documentation", "docComment"],
  ["comment.line", "lineComment"],
  ["comment.block", "blockComment"],
  ["keyword.declaration", "definitionKeyword"],
  ["keyword.control", "controlKeyword"],
  ["keyword.operator.word", "operatorKeyword"],
  ["keyword.operator", "operator"],
  ["keyword.other.unit", "unit"],
  ["entity.name.type", "typeName.definition"],
  ["entity.name.function", "variableName.function.definition"],
  ["entity.name.constant", "variableName.constant.definition"],
  ["entity.name.namespace", "namespace"],
  ["entity.name", "variableName.definition"],
  ["constant.character.escape", "escape"],
  ["punctuation.section.interpolation", "brace.special"],
  ["punctuation.definition.string", "string"],
  ["string", "string"],
  ["variable.other.property", "propertyName"],
  ["constant.numeric", "number"],
  ["constant.language", "bool"],
  ["storage.type", "typeName"],
  ["support.constant.outcome", "atom"],
  ["support.function", "variableName.function.standard"],
  ["support.constant", "variableName.standard"],
  ["variable.language", "variableName.special"],
  ["variable", "variableName"],
  ["punctuation.section.braces", "brace"],
  ["punctuation.section.brackets", "paren"],
  ["punctuation", "punctuation"],
];

function tokenFor(scopes) {
  for (let i = scopes.length - 1; i >= 0; i -= 1) {
    for (const [prefix, token] of SCOPE_TOKENS) {
      if (scopes[i] === prefix || scopes[i].startsWith(`${prefix}.`)) return token;
    }
  }
  return null;
}

const tokenizer = createTokenizer(grammar);

/** The rule language for CodeMirror, tokenised by the VS Code grammar. */
export const delegatLanguage = StreamLanguage.define({
  name: "delegat",
  startState: () => ({ stack: [], pending: [] }),
  copyState: (s) => ({ stack: s.stack.slice(), pending: s.pending.slice() }),
  token(stream, state) {
    if (state.pending.length === 0 || state.pending[0][0] <= stream.pos) {
      state.pending = tokenizer.step(stream.string, stream.pos, state.stack);
    }
    const [end, scopes] = state.pending.shift();
    stream.pos = end;
    if (stream.eol()) {
      state.pending = [];
      tokenizer.endOfLine(stream.string, state.stack);
    }
    return tokenFor(scopes);
  },
  blankLine(state) {
    tokenizer.endOfLine("", state.stack);
  },
  languageData: { commentTokens: { line: "//", block: { open: "/*", close: "*/" } } },
});

const style = HighlightStyle.define([
  { tag: [t.docComment], color: "#4d6b2f", fontStyle: "italic" },
  { tag: [t.lineComment, t.blockComment], color: "#5b6470", fontStyle: "italic" },
  { tag: [t.definitionKeyword, t.controlKeyword, t.operatorKeyword], color: "#8a1f7a", fontWeight: "600" },
  { tag: [t.typeName], color: "#005f73" },
  { tag: [t.definition(t.typeName), t.definition(t.variableName), t.function(t.definition(t.variableName)), t.constant(t.definition(t.variableName)), t.namespace], color: "#1f4fa8", fontWeight: "600" },
  { tag: [t.string], color: "#8a4b00" },
  { tag: [t.escape, t.special(t.brace)], color: "#b3261e" },
  { tag: [t.number, t.unit], color: "#0b6e3a" },
  { tag: [t.bool, t.atom], color: "#9c2c00", fontWeight: "600" },
  { tag: [t.propertyName], color: "#6b3fa0" },
  { tag: [t.standard(t.variableName), t.function(t.standard(t.variableName)), t.special(t.variableName)], color: "#1d5f8a" },
  { tag: [t.operator], color: "#444b55" },
]);

export const delegatHighlighting = [delegatLanguage, syntaxHighlighting(style)];
