// A small runner for the compiled TextMate grammar (scripts/grammar.mjs): it tokenises one
// line at a time from a stack of open begin/end rules, as TextMate does for the patterns this
// grammar uses (match with captures, begin/end with nested patterns, contentName).
// At a position the end of the innermost open rule is tried first, then its patterns in
// order; the first that matches there wins. Where none matches, one character is left with
// the enclosing scopes. No dependency on the editor, so Node tests run it directly.

/** Compiles the grammar table once: the expressions as sticky, unicode, indexed RegExps. */
export function createTokenizer(grammar) {
  const rules = grammar.rules.map((rule) => ({
    ...rule,
    match: rule.match === undefined ? undefined : new RegExp(rule.match, "duy"),
    begin: rule.begin === undefined ? undefined : new RegExp(rule.begin, "duy"),
    end: rule.end === undefined ? undefined : new RegExp(rule.end, "duy"),
  }));
  const base = grammar.scopeName;

  const exec = (re, line, pos) => {
    re.lastIndex = pos;
    return re.exec(line);
  };

  /** The scopes around the text at the top of `stack` (outermost first). */
  const scopesOf = (stack) => {
    const scopes = [base];
    for (const id of stack) {
      const rule = rules[id];
      if (rule.name) scopes.push(rule.name);
      if (rule.contentName) scopes.push(rule.contentName);
    }
    return scopes;
  };

  /** The match cut into segments `[end, scopes]` by its captures. */
  const segments = (m, captures, scopes) => {
    const start = m.index;
    const stop = start + m[0].length;
    const whole = captures[0] ? [...scopes, captures[0]] : scopes;
    const parts = [];
    for (let i = 1; i < m.length; i += 1) {
      const at = m.indices[i];
      if (at && captures[i] && at[1] > at[0]) parts.push([at[0], at[1], captures[i]]);
    }
    parts.sort((a, b) => a[0] - b[0]);
    const out = [];
    let pos = start;
    for (const [from, to, name] of parts) {
      if (from < pos) continue;
      if (from > pos) out.push([from, whole]);
      out.push([to, [...whole, name]]);
      pos = to;
    }
    if (pos < stop) out.push([stop, whole]);
    return out;
  };

  /**
   * One step at `pos` of `line`: returns the segments it covers (each `[end, scopes]`,
   * together at least one character) and updates `stack` (rule indices of open blocks).
   */
  const step = (line, pos, stack) => {
    for (;;) {
      const top = stack.length ? rules[stack[stack.length - 1]] : null;
      if (top) {
        const m = exec(top.end, line, pos);
        if (m) {
          const outer = scopesOf(stack.slice(0, -1));
          stack.pop();
          if (m[0].length === 0) continue;
          return segments(m, top.endCaptures, top.name ? [...outer, top.name] : outer);
        }
      }
      const scopes = scopesOf(stack);
      for (const id of top ? top.patterns : grammar.root) {
        const rule = rules[id];
        const m = exec(rule.match ?? rule.begin, line, pos);
        if (!m || m[0].length === 0) continue;
        if (rule.match) return segments(m, rule.captures, rule.name ? [...scopes, rule.name] : scopes);
        const opened = segments(m, rule.beginCaptures, rule.name ? [...scopes, rule.name] : scopes);
        stack.push(id);
        return opened;
      }
      const code = line.codePointAt(pos) ?? 0;
      return [[pos + (code > 0xffff ? 2 : 1), scopes]];
    }
  };

  /** At the end of a line: closes the open rules whose end matches there (as `"|$` does). */
  const endOfLine = (line, stack) => {
    while (stack.length) {
      const m = exec(rules[stack[stack.length - 1]].end, line, line.length);
      if (!m) break;
      stack.pop();
    }
  };

  /** Every segment of one line, for tests and tools: `[{from, to, scopes}]`. */
  const tokenizeLine = (line, stack) => {
    const out = [];
    let pos = 0;
    while (pos < line.length) {
      for (const [end, scopes] of step(line, pos, stack)) {
        out.push({ from: pos, to: end, scopes });
        pos = end;
      }
    }
    endOfLine(line, stack);
    return out;
  };

  return { step, endOfLine, tokenizeLine };
}
