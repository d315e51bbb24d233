// The one helper the page builds its elements with: a tag, its attributes (`text` as its
// text content, `class`, and others as attributes; `true` as an empty attribute; absent
// ones left out) and its children (`null`, `undefined` and `false` left out).

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}
