// A form generated from a decision's JSON Schema (the one `delegat schema` prints): the
// `fråga` texts as labels, an input for each type (belopp, heltal, tal, datum, ja/nej,
// uppräknade värden, text, varaktighet, listor och poster), and the case read back as JSON
// text. Amounts and decimals are passed as the text typed (an amount with its unit), never
// through a JavaScript number, so the runtime reads them exactly.

import { el } from "./dom.js";

let serial = 0;
const nextId = (stem) => `${stem}-${(serial += 1)}`;

/** `lunch_utanför_hemmet` → `Lunch utanför hemmet`. */
export function pretty(name) {
  const words = String(name).replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value written into the JSON text as it stands (a number typed by the user). */
class Raw {
  constructor(text) {
    this.text = text;
  }
}

/** JSON text with `Raw` numbers kept verbatim. */
export function toJson(value, indent = "") {
  const inner = `${indent}  `;
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJson(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const isMoney = (s) =>
  Array.isArray(s.anyOf) && s.anyOf.some((a) => a.type === "number") && s.anyOf.some((a) => a.type === "string");
const numberPart = (s) => (isMoney(s) ? s.anyOf.find((a) => a.type === "number") : s);

/** What kind of input a schema asks for. */
function kindOf(s) {
  if (isMoney(s)) return "belopp";
  if (s.type === "boolean") return "janej";
  if (s.type === "integer") return "heltal";
  if (s.type === "number") return "tal";
  if (s.type === "array") return "lista";
  if (s.type === "object") return "post";
  if (s.type === "string" && Array.isArray(s.enum)) return "val";
  if (s.type === "string" && s.format === "date") return "datum";
  return "text";
}

function rangeHint(s) {
  const n = numberPart(s);
  const unit = isMoney(s) ? " kr" : "";
  const fmt = (v) => `${String(v).replace(".", ",").replace(/\B(?=(\d{3})+(?!\d))/g, " ")}${unit}`;
  if (n.minimum !== undefined && n.maximum !== undefined) return `från ${fmt(n.minimum)} till ${fmt(n.maximum)}`;
  if (n.minimum !== undefined) return `minst ${fmt(n.minimum)}`;
  if (n.maximum !== undefined) return `högst ${fmt(n.maximum)}`;
  return "";
}

function hintFor(kind, s) {
  const range = rangeHint(s);
  switch (kind) {
    case "belopp":
      return `Belopp i kronor${range ? `, ${range}` : ""}, till exempel 5 000 eller 12,50.`;
    case "heltal":
      return `Ett heltal${range ? `, ${range}` : ""}.`;
    case "tal":
      return `Ett tal${range ? `, ${range}` : ""}, till exempel 2,5.`;
    case "text":
      return s.pattern && /dag|månad/.test(s.pattern) ? "En tid med enhet, till exempel 3 månader." : "";
    default:
      return "";
  }
}

/**
 * One field: returns `{ node, read }`, where `read()` gives the value to send, or
 * `undefined` when nothing is filled in (then the key is left out, and the runtime says
 * what is missing, as it would for an e-service).
 */
function field(name, s, { label, hint, path }) {
  const kind = kindOf(s);
  const id = nextId("falt");
  const hintText = [hint, hintFor(kind, s)].filter(Boolean).join(" ");
  const hintId = hintText ? `${id}-hjalp` : undefined;
  const hintNode = hintText ? el("p", { class: "hint", id: hintId, text: hintText }) : null;
  const wrap = (control) => el("div", { class: `field field-${kind}` }, el("label", { for: id, text: label }), hintNode, control);

  if (kind === "janej") {
    const group = nextId("janej");
    const yes = el("input", { type: "radio", name: group, value: "ja", id: `${id}-ja` });
    const no = el("input", { type: "radio", name: group, value: "nej", id: `${id}-nej` });
    const node = el(
      "fieldset",
      { class: "field field-janej", "aria-describedby": hintId, "data-falt": path },
      el("legend", { text: label }),
      hintNode,
      el("span", { class: "choice" }, yes, el("label", { for: `${id}-ja`, text: "Ja" })),
      el("span", { class: "choice" }, no, el("label", { for: `${id}-nej`, text: "Nej" })),
    );
    return { node, read: () => (yes.checked ? true : no.checked ? false : undefined), set: (v) => { yes.checked = v === true; no.checked = v === false; } };
  }
  if (kind === "val") {
    const select = el("select", { id, "aria-describedby": hintId, "data-falt": path }, el("option", { value: "", text: "Välj …" }));
    for (const value of s.enum) select.append(el("option", { value, text: pretty(value) }));
    return { node: wrap(select), read: () => select.value || undefined, set: (v) => { select.value = v ?? ""; } };
  }
  if (kind === "lista") return list(name, s, { label, hint: hintText, path });
  if (kind === "post") return record(s, { label, hint: hintText, path });

  const attrs = { id, "aria-describedby": hintId, "data-falt": path, autocomplete: "off" };
  let input;
  if (kind === "datum") input = el("input", { ...attrs, type: "date" });
  else if (kind === "heltal") {
    const n = numberPart(s);
    input = el("input", { ...attrs, type: "number", step: "1", min: n.minimum, max: n.maximum, inputmode: "numeric" });
  } else if (kind === "belopp" || kind === "tal") input = el("input", { ...attrs, type: "text", inputmode: "decimal" });
  else input = el("input", { ...attrs, type: "text" });
  const control = kind === "belopp" ? el("span", { class: "with-unit" }, input, el("span", { class: "unit", "aria-hidden": "true", text: "kr" })) : input;

  const read = () => {
    const text = input.value.trim();
    if (text === "") return undefined;
    if (kind === "belopp") return /(kr|kronor|öre)$/.test(text) ? text : `${text} kr`;
    if ((kind === "heltal" || kind === "tal") && /^-?\d+([.,]\d+)?$/.test(text)) return new Raw(text.replace(",", "."));
    return text;
  };
  return { node: wrap(control), read, set: (v) => { input.value = v ?? ""; } };
}

function record(s, { label, hint, path }) {
  const required = new Set(s.required ?? []);
  const fields = Object.entries(s.properties ?? {}).map(([name, sub]) => {
    const f = field(name, sub, {
      label: pretty(name),
      hint: sub.description && kindOf(sub) !== "belopp" ? sub.description : "",
      path: `${path}.${name}`,
    });
    return [name, f, required.has(name)];
  });
  const node = el("fieldset", { class: "record" }, el("legend", { text: label }), hint ? el("p", { class: "hint", text: hint }) : null);
  for (const [, f] of fields) node.append(f.node);
  const read = () => {
    const out = {};
    for (const [name, f] of fields) {
      const v = f.read();
      if (v !== undefined) out[name] = v;
    }
    return out;
  };
  return { node, read };
}

function list(name, s, { label, hint, path }) {
  const items = s.items ?? {};
  const noun = items.title ? items.title.toLowerCase() : "rad";
  const rows = [];
  const rowsNode = el("ol", { class: "rows" });
  const add = el("button", { type: "button", class: "secondary", text: `Lägg till ${noun}`, "data-lagg-till": path });
  const legendId = nextId("lista");
  const node = el(
    "fieldset",
    { class: "field field-lista", "aria-labelledby": legendId },
    el("legend", { id: legendId, text: label }),
    hint ? el("p", { class: "hint", text: hint }) : null,
    rowsNode,
    add,
  );
  const renumber = () => {
    rows.forEach((row, i) => {
      row.title.textContent = `${pretty(items.title ?? name)} ${i + 1}`;
      row.remove.textContent = "Ta bort";
      row.remove.setAttribute("aria-label", `Ta bort ${pretty(items.title ?? name).toLowerCase()} ${i + 1}`);
    });
  };
  add.addEventListener("click", () => {
    const index = rows.length;
    const itemPath = `${path}[${index}]`;
    const inner = kindOf(items) === "post"
      ? record(items, { label: "", hint: "", path: itemPath })
      : field(name, items, { label: `${pretty(items.title ?? name)} ${index + 1}`, hint: "", path: itemPath });
    const title = inner.node.querySelector("legend, label");
    const remove = el("button", { type: "button", class: "secondary small" });
    const li = el("li", {}, inner.node, remove);
    const row = { li, inner, title, remove };
    remove.addEventListener("click", () => {
      rows.splice(rows.indexOf(row), 1);
      li.remove();
      renumber();
      add.focus();
    });
    rows.push(row);
    rowsNode.append(li);
    renumber();
    li.querySelector("input, select")?.focus();
  });
  return { node, read: () => rows.map((r) => r.inner.read()).filter((v) => v !== undefined) };
}

/**
 * Builds the form for `schema` into `container`; returns `{ read }`, which gives the case as
 * JSON text. `beslutsdatum` starts at `today` (ÅÅÅÅ-MM-DD).
 */
export function buildForm(schema, container, { today } = {}) {
  container.replaceChildren();
  const fields = [];
  // The decision date first, then the questions in the order of the rule file (the order
  // of `required`; the schema's properties are sorted by name), then any others.
  const order = ["beslutsdatum", ...(schema.required ?? [])];
  const rank = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
  const props = Object.entries(schema.properties ?? {}).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, "sv"));
  for (const [name, s] of props) {
    const f = field(name, s, {
      label: name === "beslutsdatum" ? "Beslutsdatum" : s.description ?? pretty(name),
      hint: name === "beslutsdatum" ? "Dagen beslutet fattas för." : `Uppgiften ${name}.`,
      path: name,
    });
    if (name === "beslutsdatum" && today) f.set?.(today);
    fields.push([name, f]);
    container.append(f.node);
  }
  return {
    read() {
      const out = {};
      for (const [name, f] of fields) {
        const v = f.read();
        if (v !== undefined) out[name] = v;
      }
      return toJson(out);
    },
  };
}
