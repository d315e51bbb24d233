// What the page shows of the API's results: the checker's list of diagnostics, the
// exempel with their coverage, and a decision with its letter and trace. Text goes in
// as text (`textContent`); the only HTML shown is the runtime's own letter and report, each
// in a sandboxed frame that may run nothing.

import { el } from "./dom.js";

/** `8180` → `8 180 kr`, `12.5` → `12,50 kr` (the number as the document writes it). */
export function kronor(value) {
  const [whole, frac] = String(value).split(".");
  // As the runtime writes amounts (docs/semantics.md): grouped by threes with a space, an
  // ASCII minus.
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${sign}${digits}${frac ? `,${frac.padEnd(2, "0")}` : ""} kr`;
}

const severityWord = (d) => (d.severity === "varning" ? "varning" : "fel");

/** The checker's diagnostics as a list; each entry moves the cursor to its place. */
export function renderDiagnostics(list, diagnostics, goTo, lineOf) {
  list.replaceChildren(
    ...diagnostics.map((d) => {
      const where = `rad ${d.line}, kolumn ${d.column}`;
      const button = el(
        "button",
        { type: "button", class: "link", "aria-label": `${severityWord(d)} ${d.code} på ${where}: ${d.message}. Gå dit.` },
        el("span", { class: `badge ${severityWord(d)}`, text: `${severityWord(d)} ${d.code}` }),
        el("span", { class: "where", text: where }),
      );
      button.addEventListener("click", () => goTo(d.from ?? 0));
      const item = el("li", { class: `diagnostic ${severityWord(d)}`, "data-kod": d.code }, button, el("p", { class: "message", text: d.message }));
      if (d.label) item.append(el("p", { class: "label", text: d.label }));
      for (const label of d.labels ?? []) {
        if (!label.message) continue;
        if (typeof label.from !== "number") {
          item.append(el("p", { class: "label", text: label.message }));
          continue;
        }
        const go = el("button", { type: "button", class: "link label", text: `rad ${lineOf(label.from)}: ${label.message}` });
        go.addEventListener("click", () => goTo(label.from));
        item.append(el("p", {}, go));
      }
      for (const note of d.notes ?? []) item.append(el("p", { class: "note", text: `not: ${note}` }));
      if (d.help) item.append(el("p", { class: "help", text: `hjälp: ${d.help}` }));
      return item;
    }),
  );
}

/** An error value from the API (`{code, message}` or the checker's diagnostics). */
export function renderFailure(container, value, fallback) {
  const box = el("div", { class: "failure", role: "alert" }, el("p", { text: fallback }));
  const diagnostics = [...(value?.error ? [value.error] : []), ...(value?.diagnostics ?? []), ...(value?.code ? [value] : [])];
  for (const d of diagnostics.slice(0, 5)) box.append(el("p", { class: "message", text: `${severityWord(d)} ${d.code}: ${d.message}` }));
  container.append(box);
}

const COVERAGE_PARTS = [
  ["rules", "Regler"],
  ["branches", "Grenar"],
  ["outcomes", "Utfall"],
  ["rows", "Tabellrader"],
];

/** A button that moves the cursor to a line of the rule file. */
function lineButton(line, text, goToLine) {
  const button = el("button", { type: "button", class: "link" }, el("span", { class: "where", text: `rad ${line}` }), el("span", { text }));
  button.addEventListener("click", () => goToLine(line));
  return button;
}

/** What no exempel reaches (the coverage `delegat test --täckning` reports). */
function coverageSection(coverage, goToLine) {
  if (!coverage || typeof coverage !== "object") return null;
  const section = el("section", { class: "coverage", "aria-labelledby": "tackning-rubrik" }, el("h3", { id: "tackning-rubrik", text: "Täckning" }));
  if (coverage.complete) {
    section.append(el("p", { class: "summary good", text: "Exemplen når alla regler, grenar, utfall och tabellrader." }));
    return section;
  }
  section.append(el("p", { text: "Det här når inget exempel. Lägg till exempel tills listan är tom." }));
  for (const [key, heading] of COVERAGE_PARTS) {
    const items = Array.isArray(coverage[key]) ? coverage[key] : [];
    if (items.length === 0) continue;
    section.append(el("h4", { text: `${heading} (${items.length})` }));
    section.append(el("ul", { class: "unreached" }, ...items.map((u) => el("li", {}, lineButton(u.line, u.what, goToLine)))));
  }
  return section;
}

/** Why an exempel failed: for each expectation what was expected and what came out. */
function failureDetails(failure, goToLine) {
  const dl = el("dl", { class: "failure-facts" });
  const row = (term, value) => {
    if (value !== undefined && value !== null && value !== "") dl.append(el("dt", { text: term }), el("dd", {}, value));
  };
  row("förväntat", failure.expected);
  row("fick", failure.actual);
  const decided = failure.decided;
  if (decided) {
    row("gren", decided.branchLine ? lineButton(decided.branchLine, decided.branch, goToLine) : decided.branch);
    row("motivering", decided.motivering);
    if (Array.isArray(decided.values) && decided.values.length) {
      row("värden", el("ul", { class: "values" }, ...decided.values.map((v) => el("li", { text: `${v.name} = ${v.value}` }))));
    }
  }
  return el("div", { class: "failure-detail" }, lineButton(failure.line, failure.target ?? "", goToLine), dl);
}

/** The result of running the exempel. */
export function renderExamples(container, result, goToLine) {
  container.replaceChildren();
  if (!Array.isArray(result.examples)) {
    renderFailure(container, result, "Exemplen kan inte räknas igenom förrän felen under Kontroll är rättade.");
    return;
  }
  const total = result.examples.length;
  container.append(
    el("p", { class: `summary ${result.failed ? "bad" : "good"}`, id: "exempel-summering", text: total === 0 ? "Regelfilen har inga exempel." : `${result.passed} godkända, ${result.failed} underkända av ${total} exempel.` }),
  );
  const list = el("ul", { class: "examples" });
  // The failed ones first: they are what the jurist has to look at.
  const ordered = [...result.examples.filter((e) => !e.passed), ...result.examples.filter((e) => e.passed)];
  for (const ex of ordered) {
    const item = el(
      "li",
      { class: ex.passed ? "passed" : "failed", "data-exempel": ex.name },
      el("span", { class: "mark", "aria-hidden": "true", text: ex.passed ? "✓" : "✗" }),
      el("span", { class: "visually-hidden", text: ex.passed ? "Godkänt: " : "Underkänt: " }),
      el("span", { class: "name", text: ex.name }),
      ex.decision ? el("span", { class: "decision", text: ` (${ex.decision})` }) : null,
    );
    if (!ex.passed) {
      if (typeof ex.line === "number") item.append(" ", lineButton(ex.line, "", goToLine));
      const failures = Array.isArray(ex.failures) ? ex.failures : [];
      if (failures.length) for (const f of failures) item.append(failureDetails(f, goToLine));
      else if (ex.message) item.append(el("pre", { class: "example-message", text: ex.message }));
    }
    list.append(item);
  }
  container.append(list);
  const coverage = coverageSection(result.coverage, goToLine);
  if (coverage) container.append(coverage);
}

const OUTCOME = {
  bifall: "Bifall",
  avslag: "Avslag",
  fastställt: "Fastställt",
  manuell: "Manuell – en handläggare prövar ärendet",
};

function traceTable(trace) {
  const known = new Set(["värde", "text", "lagrum", "gäller_från", "nyckel"]);
  const rows = trace.map((entry) => {
    const kind = Object.keys(entry).find((k) => !known.has(k) && typeof entry[k] === "string") ?? "";
    const name = `${entry[kind] ?? ""}${entry.nyckel !== undefined ? ` för ${entry.nyckel}` : ""}`;
    const law = [entry.lagrum, entry.gäller_från ? `gäller från ${entry.gäller_från}` : null].filter(Boolean).join(", ");
    return el("tr", {}, el("td", { text: kind }), el("th", { scope: "row", text: name }), el("td", { text: entry.text ?? JSON.stringify(entry.värde) }), el("td", { text: law }));
  });
  return el(
    "div",
    { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Spåret" },
    el(
      "table",
      { class: "trace" },
      el("caption", { class: "visually-hidden", text: "Värdena beslutet byggde på" }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Slag" }), el("th", { scope: "col", text: "Namn" }), el("th", { scope: "col", text: "Värde" }), el("th", { scope: "col", text: "Lagrum" }))),
      el("tbody", {}, ...rows),
    ),
  );
}

/** One decision: the outcome, amount and motivering, the letter, the trace and the JSON. */
export function renderDecision(container, result) {
  container.replaceChildren();
  let doc = null;
  try {
    doc = typeof result.document === "string" ? JSON.parse(result.document) : (result.document ?? result);
  } catch {
    doc = null;
  }
  const fel = doc?.fel;
  if (!doc || fel || !doc.utfall) {
    const error = fel ?? result.error ?? result;
    const box = el(
      "div",
      { class: "failure", role: "alert", "data-falt-fel": error.fält ?? error.field },
      el("h3", { text: "Inget beslut" }),
      el("p", { class: "message", text: `fel ${error.kod ?? error.code ?? ""}: ${error.meddelande ?? error.message ?? "ärendet kunde inte läsas"}` }),
    );
    container.append(box);
    return;
  }
  const headline = `${OUTCOME[doc.utfall] ?? doc.utfall}${doc.belopp !== undefined && doc.belopp !== null ? `: ${kronor(doc.belopp)}` : ""}`;
  const facts = el("dl", { class: "facts" });
  const fact = (term, value) => {
    if (value) facts.append(el("dt", { text: term }), el("dd", { text: value }));
  };
  fact("Motivering", doc.motivering);
  fact("Lagrum", doc.lagrum);
  fact("Överklagande", typeof doc.överklagande === "string" ? doc.överklagande : doc.överklagande?.text);
  fact("Beslutsdatum", doc.beslutsdatum);
  fact("Period", doc.period ? `${doc.period.från} – ${doc.period.till}` : null);
  fact("Regelverk", doc.regelverk ? `${doc.regelverk.titel}, version ${doc.regelverk.version}` : null);

  // The heading is the decision's title as its letter gives it (`titel:`), not the name in
  // the rule file; the outcome follows it.
  const title = result.title ?? doc.beslut;
  const section = el(
    "section",
    { class: `decision outcome-${doc.utfall}`, "aria-labelledby": "beslut-titel" },
    el("h3", { id: "beslut-titel", text: title }),
    el("p", { id: "beslut-rubrik", class: "outcome", text: headline }),
    facts,
  );

  const letter = el("details", { class: "letter", open: true }, el("summary", { text: "Beslutsbrevet" }));
  if (result.letterHtml) {
    const frame = el("iframe", { title: "Beslutsbrevet som webbsida", sandbox: "", class: "letter-html" });
    frame.srcdoc = result.letterHtml;
    letter.append(frame);
    letter.append(el("details", { class: "letter-text" }, el("summary", { text: "Beslutsbrevet som text" }), el("pre", { id: "brev-text", text: result.letter ?? "" })));
  } else {
    letter.append(el("pre", { id: "brev-text", text: result.letter ?? "" }));
  }
  const trace = Array.isArray(doc.spår) ? doc.spår : Array.isArray(result.trace) ? result.trace : [];
  const traceBox = el("details", { class: "trace-box" }, el("summary", { text: `Spåret (${trace.length} värden)` }), traceTable(trace));
  const json = el("details", { class: "json" }, el("summary", { text: "Beslutsdokumentet (JSON)" }), el("pre", { text: typeof result.document === "string" ? result.document : JSON.stringify(doc, null, 2) }));
  section.append(letter, traceBox, json);
  container.append(section);
}
