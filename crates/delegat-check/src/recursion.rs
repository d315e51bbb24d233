//! No recursion among rules (docs/language.md §4): every cycle in the graph of rule references
//! is reported once, with the whole chain as ordered labels.

use delegat_diagnostics::{Code, Diagnostic, Span};

use crate::ctx::{Checker, idx};
use crate::program::RegelId;

impl Checker<'_> {
    /// Reports each cycle among rules (found by depth-first search over `calls`).
    pub fn check_recursion(&mut self) {
        let n = self.calls.len();
        // 0 = unvisited, 1 = on the stack, 2 = done.
        let mut state = vec![0u8; n];
        let mut reported: Vec<Vec<usize>> = Vec::new();
        for start in 0..n {
            if state.get(start) == Some(&0) {
                let mut stack: Vec<(usize, Span)> = Vec::new();
                self.dfs(
                    start,
                    Span::detached(),
                    &mut state,
                    &mut stack,
                    &mut reported,
                );
            }
        }
    }

    fn dfs(
        &mut self,
        node: usize,
        via: Span,
        state: &mut [u8],
        stack: &mut Vec<(usize, Span)>,
        reported: &mut Vec<Vec<usize>>,
    ) {
        if let Some(s) = state.get_mut(node) {
            *s = 1;
        }
        stack.push((node, via));
        let edges = self.calls.get(node).cloned().unwrap_or_default();
        for (target, span) in edges {
            let t = target.index();
            match state.get(t) {
                Some(0) => self.dfs(t, span, state, stack, reported),
                Some(1) => {
                    let Some(pos) = stack.iter().position(|(n, _)| *n == t) else {
                        continue;
                    };
                    let mut cycle: Vec<(usize, Span)> =
                        stack.get(pos..).map(<[_]>::to_vec).unwrap_or_default();
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
        stack.pop();
        if let Some(s) = state.get_mut(node) {
            *s = 2;
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
