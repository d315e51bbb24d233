//! No recursion among rules (docs/language.md §4): every cycle in the graph of rule references
//! is reported once, with the whole chain as ordered labels.

use delegat_diagnostics::{Code, Diagnostic, Span};

use crate::ctx::{Checker, idx};
use crate::program::RegelId;

impl Checker<'_> {
    /// Reports each cycle among rules, found by a depth-first search over `calls` that
    /// keeps its own stack (a chain of thousands of rules needs no deep call stack).
    pub fn check_recursion(&mut self) {
        let n = self.calls.len();
        // 0 = unvisited, 1 = on the path, 2 = done.
        let mut state = vec![0u8; n];
        let mut reported: Vec<Vec<usize>> = Vec::new();
        // The path from the root: (rule, the edge that led to it, the next edge to follow).
        let mut path: Vec<(usize, Span, usize)> = Vec::new();
        for start in 0..n {
            if state.get(start) != Some(&0) {
                continue;
            }
            if let Some(s) = state.get_mut(start) {
                *s = 1;
            }
            path.push((start, Span::detached(), 0));
            while let Some(&(node, _, at)) = path.last() {
                if let Some(top) = path.last_mut() {
                    top.2 += 1;
                }
                let Some(&(target, span)) = self.calls.get(node).and_then(|e| e.get(at)) else {
                    path.pop();
                    if let Some(s) = state.get_mut(node) {
                        *s = 2;
                    }
                    continue;
                };
                let t = target.index();
                match state.get(t) {
                    Some(0) => {
                        if let Some(s) = state.get_mut(t) {
                            *s = 1;
                        }
                        path.push((t, span, 0));
                    }
                    Some(1) => {
                        let Some(pos) = path.iter().position(|(n, _, _)| *n == t) else {
                            continue;
                        };
                        let mut cycle: Vec<(usize, Span)> = path
                            .get(pos..)
                            .unwrap_or_default()
                            .iter()
                            .map(|(n, via, _)| (*n, *via))
                            .collect();
                        cycle.push((t, span));
                        let mut key: Vec<usize> = cycle.iter().map(|(n, _)| *n).collect();
                        key.sort_unstable();
                        key.dedup();
                        if !reported.contains(&key) {
                            reported.push(key);
                            self.report_cycle(&cycle);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// `cycle` is `[(a, _), (b, a→b), …, (a, z→a)]`.
    fn report_cycle(&mut self, cycle: &[(usize, Span)]) {
        let name = |c: &Self, i: usize| {
            c.items
                .regler
                .get(i)
                .map(|(_, r)| r.name.name.clone())
                .unwrap_or_default()
        };
        let Some((first, _)) = cycle.first() else {
            return;
        };
        let first_name = name(self, *first);
        let chain: Vec<String> = cycle
            .iter()
            .map(|(n, _)| format!("`{}`", name(self, *n)))
            .collect();
        let decl = self
            .items
            .regler
            .get(*first)
            .map(|(_, r)| r.name.span)
            .unwrap_or_else(Span::detached);
        let mut d = Diagnostic::new(
            Code::E0211,
            format!("regeln `{first_name}` beror på sig själv"),
            decl,
        )
        .with_primary_label("regeln definieras här")
        .with_note(format!("kedjan: {}", chain.join(" → ")));
        for w in cycle.windows(2) {
            if let [(from, _), (to, span)] = w {
                let msg = format!(
                    "{}. `{}` använder `{}`",
                    d.secondary.len() + 1,
                    name(self, *from),
                    name(self, *to)
                );
                d = d.with_label(*span, msg);
            }
        }
        self.report(d.with_help("bryt kedjan så att någon av reglerna räknas ut utan de andra"));
        let _ = RegelId(idx(*first));
    }
}
