// The editor: CodeMirror 6 with the rule language's highlighting, the checker's
// diagnostics as you type (squiggles, a hover with the message, notes, help and the code's
// explain page; F8 moves to the next, Ctrl+Shift+M lists them) and the keys a text editor
// has. Tab is left to move focus, so the editor is no keyboard trap.
import { EditorState } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { forceLinting, lintGutter, lintKeymap, linter } from "@codemirror/lint";
import { marked } from "marked";
import { delegatHighlighting } from "./highlight.js";

const explained = new Map();

/** The explain page of a code: its summary line, and the rest as HTML. */
function explainPage(code, explain) {
  if (!explained.has(code)) {
    let markdown = "";
    try {
      markdown = explain(code);
    } catch {
      markdown = "";
    }
    const body = markdown.replace(/^# .*\n+/, "");
    const summary = /^\*\*(.+?)\*\*/.exec(body);
    explained.set(code, {
      summary: summary ? summary[1] : "",
      html: marked.parse(summary ? body.slice(summary[0].length) : body),
    });
  }
  return explained.get(code);
}

const severityWord = (d) => (d.severity === "varning" ? "varning" : "fel");

/** The hover of one diagnostic. */
function renderDiagnostic(d, explain, view) {
  const root = document.createElement("div");
  root.className = "diagnostic-tip";
  const head = document.createElement("p");
  const code = document.createElement("strong");
  code.textContent = `${severityWord(d)} ${d.code}`;
  head.append(code, `: ${d.message}`);
  root.append(head);
  if (d.label) {
    const p = document.createElement("p");
    p.className = "label";
    p.textContent = d.label;
    root.append(p);
  }
  for (const label of d.labels ?? []) {
    if (!label.message) continue;
    const p = document.createElement("p");
    p.className = "label";
    const line = typeof label.from === "number" ? view.state.doc.lineAt(Math.min(label.from, view.state.doc.length)).number : null;
    p.textContent = line ? `rad ${line}: ${label.message}` : label.message;
    root.append(p);
  }
  for (const note of d.notes ?? []) {
    const p = document.createElement("p");
    p.className = "note";
    p.textContent = `not: ${note}`;
    root.append(p);
  }
  if (d.help) {
    const p = document.createElement("p");
    p.className = "help";
    p.textContent = `hjälp: ${d.help}`;
    root.append(p);
  }
  const page = explainPage(d.code, explain);
  if (page.summary || page.html) {
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = `${d.code}: ${page.summary || "förklaring"}`;
    const body = document.createElement("div");
    body.className = "explain";
    body.innerHTML = page.html; // the explain pages are the repository's own docs/errors/
    details.append(summary, body);
    root.append(details);
  }
  return root;
}

/**
 * Creates the editor in `parent`. `check(source)` returns the checker's result
 * (`{diagnostics, decisions}`); `onChecked(result, source)` is told of each.
 */
export function createEditor(parent, { doc, check, explain, onChecked }) {
  const lint = linter(
    (view) => {
      const source = view.state.doc.toString();
      const result = check(source);
      onChecked(result, source);
      const length = view.state.doc.length;
      return (result.diagnostics ?? []).map((d) => {
        const from = Math.max(0, Math.min(d.from ?? 0, length));
        const to = Math.max(from, Math.min(d.to ?? from, length));
        return {
          from,
          to,
          severity: d.severity === "varning" ? "warning" : "error",
          message: `${d.code}: ${d.message}`,
          renderMessage: (view) => renderDiagnostic(d, explain, view),
        };
      });
    },
    { delay: 250 },
  );

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
        delegatHighlighting,
        lint,
        lintGutter(),
        EditorView.contentAttributes.of({ "aria-label": "Regelfil", spellcheck: "false", autocapitalize: "off", autocorrect: "off" }),
      ],
    }),
  });
  return {
    view,
    get source() {
      return view.state.doc.toString();
    },
    /** Replaces the whole text (a new example, or the formatted file). */
    replace(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      forceLinting(view);
    },
    /** The line number (1-based) of `pos`. */
    lineOf(pos) {
      return view.state.doc.lineAt(Math.max(0, Math.min(pos, view.state.doc.length))).number;
    },
    /** Puts the cursor at the start of line `line` (1-based) and focuses the editor. */
    goToLine(line) {
      const n = Math.max(1, Math.min(line, view.state.doc.lines));
      this.goTo(view.state.doc.line(n).from);
    },
    /** Puts the cursor at `pos` and focuses the editor. */
    goTo(pos) {
      const at = Math.max(0, Math.min(pos, view.state.doc.length));
      view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
      view.focus();
    },
  };
}
