// The playground page: wires the editor, the toolbar, the four tabs (Kontroll, Exempel,
// Pröva ett ärende, Delegationsrapport) and the form to the WebAssembly API (src/api.js).
// Nothing leaves the browser: every call is a function call into the module.
import * as api from "./api.js";
import { createEditor } from "./editor.js";
import { buildForm } from "./form.js";
import { renderDecision, renderDiagnostics, renderExamples, renderFailure } from "./render.js";

const $ = (id) => document.getElementById(id);

const state = {
  editor: null,
  decisions: [],
  checked: null,
  schemaText: null,
  form: null,
  reportFor: null,
};

// ---------------------------------------------------------------- tabs (WAI-ARIA tabs pattern)
const tabs = [...document.querySelectorAll('[role="tab"]')];
function selectTab(tab, focus = true) {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute("aria-selected", String(selected));
    t.tabIndex = selected ? 0 : -1;
    $(t.getAttribute("aria-controls")).hidden = !selected;
  }
  if (focus) tab.focus();
  if (tab.id === "flik-rapport") showReport();
  if (tab.id === "flik-arende") refreshForm();
}
for (const tab of tabs) {
  tab.addEventListener("click", () => selectTab(tab));
  tab.addEventListener("keydown", (event) => {
    const i = tabs.indexOf(tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    selectTab(tabs[(to + tabs.length) % tabs.length]);
  });
}

// ---------------------------------------------------------------- checking as you type
function onChecked(result, source) {
  state.checked = { result, source };
  const diagnostics = result.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity !== "varning").length;
  const warnings = diagnostics.length - errors;
  const summary =
    errors === 0 && warnings === 0
      ? "Kontrollen hittar inga fel eller varningar."
      : `Kontrollen hittar ${errors} ${errors === 1 ? "fel" : "fel"} och ${warnings} ${warnings === 1 ? "varning" : "varningar"}.`;
  $("status").textContent = summary;
  $("status").dataset.fel = String(errors);
  $("kontroll-summering").textContent = summary;
  renderDiagnostics($("diagnoser"), diagnostics, (pos) => state.editor.goTo(pos), (pos) => state.editor.lineOf(pos));
  setDecisions(result.decisions ?? []);
  if (!$("panel-arende").hidden) refreshForm();
  if (!$("panel-rapport").hidden) showReport();
}

function timedCheck(source) {
  const start = performance.now();
  const result = api.check(source);
  performance.measure("delegat:kontroll", { start, end: performance.now() });
  return result;
}

// ---------------------------------------------------------------- examples and formatting
function loadExample(name) {
  const example = state.examples.find((e) => e.name === name);
  if (!example) return;
  state.editor.replace(example.source);
  $("exempel-resultat").replaceChildren();
  $("beslut-resultat").replaceChildren();
}

function formatSource() {
  const result = api.format(state.editor.source);
  if (result.ok) {
    if (result.text !== state.editor.source) state.editor.replace(result.text);
    $("status").textContent = "Regelfilen är formaterad.";
  } else {
    $("status").textContent = "Regelfilen kan inte formateras förrän syntaxfelen är rättade.";
    selectTab($("flik-kontroll"));
  }
}

function runExamples() {
  const result = api.runExamples(state.editor.source);
  renderExamples($("exempel-resultat"), result, (line) => state.editor.goToLine(line));
  selectTab($("flik-exempel"), false);
  $("status").textContent =
    result.examples === undefined
      ? "Exemplen kan inte räknas igenom förrän felen är rättade."
      : `Exemplen: ${result.passed} godkända, ${result.failed} underkända.`;
}

// ---------------------------------------------------------------- the case form
function setDecisions(decisions) {
  const select = $("beslutsval");
  const same = decisions.length === state.decisions.length && decisions.every((d, i) => d === state.decisions[i]);
  if (same) return;
  const previous = select.value;
  state.decisions = decisions;
  select.replaceChildren(...decisions.map((d) => new Option(d, d)));
  if (decisions.includes(previous)) select.value = previous;
}

function refreshForm() {
  const decision = $("beslutsval").value;
  const container = $("arende-falt");
  if (!decision) {
    state.schemaText = null;
    container.replaceChildren();
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = "Regelfilen har inget beslut som kan prövas. Rätta felen under Kontroll först.";
    container.append(p);
    return;
  }
  const schemaText = api.schemaText(state.editor.source, decision);
  if (schemaText === state.schemaText) return;
  state.schemaText = schemaText;
  let schema;
  try {
    schema = JSON.parse(schemaText);
  } catch {
    schema = null;
  }
  if (!schema || !schema.properties) {
    container.replaceChildren();
    renderFailure(container, schema, "Formuläret kan inte visas förrän felen är rättade.");
    return;
  }
  state.form = buildForm(schema, container, { today: api.today() });
}

function decideCase(event) {
  event.preventDefault();
  const decision = $("beslutsval").value;
  if (!decision || !state.form) return;
  const result = api.decide(state.editor.source, decision, state.form.read());
  renderDecision($("beslut-resultat"), result);
  const failed = $("beslut-resultat").querySelector("[data-falt-fel]");
  if (failed) {
    const field = document.querySelector(`[data-falt="${CSS.escape(failed.dataset.faltFel)}"]`);
    field?.scrollIntoView({ block: "center" });
  } else {
    $("beslut-resultat").scrollIntoView({ block: "start", behavior: "smooth" });
  }
}

// ---------------------------------------------------------------- the nämnd's report
function showReport() {
  const source = state.editor.source;
  if (state.reportFor === source) return;
  state.reportFor = source;
  $("rapport").srcdoc = api.report(source);
}

// ---------------------------------------------------------------- start
async function start() {
  try {
    await api.load();
  } catch (error) {
    $("status").textContent = `Delegat kunde inte startas i den här webbläsaren (${error.message}). Sidan behöver stöd för WebAssembly.`;
    return;
  }
  state.examples = api.examples();
  const select = $("exempelval");
  select.replaceChildren(...state.examples.map((e) => new Option(e.title ? `${e.title} (${e.file})` : e.file, e.name)));
  const first = state.examples.find((e) => e.name === "forsorjningsstod") ?? state.examples[0];
  state.editor = createEditor($("regelfil"), {
    doc: first ? first.source : "",
    check: timedCheck,
    explain: api.explain,
    onChecked,
  });
  if (first) select.value = first.name;
  select.addEventListener("change", () => loadExample(select.value));
  $("formatera").addEventListener("click", formatSource);
  $("kor-exemplen").addEventListener("click", runExamples);
  $("beslutsval").addEventListener("change", () => {
    state.schemaText = null;
    refreshForm();
  });
  $("arende").addEventListener("submit", decideCase);
  for (const id of ["exempelval", "formatera", "kor-exemplen"]) $(id).disabled = false;
  document.body.dataset.klar = "ja";
}

start();
