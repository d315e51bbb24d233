//! The static cost bound in words: the E0507 diagnostic of a rule file whose decision could
//! take too much work per case, with the chain of calls that multiplies (docs/cost.md).

use delegat_check::facts::CostLine;
use delegat_diagnostics::{Code, Diagnostic};
use delegat_ir::Program;
use delegat_ir::cost::{COST_LIMIT, decision_costs};

/// A number of steps the Swedish way: `100 000 000`, or words for a bound that overflowed.
pub(crate) fn steps(n: u64) -> String {
    if n == u64::MAX {
        return "fler än 18 triljoner".to_owned();
    }
    let mut out = Vec::with_capacity(32);
    delegat_value::digits::push_grouped(&mut out, n, delegat_value::digits::GROUP_FROM);
    String::from_utf8(out).unwrap_or_default()
}

/// An E0507 for every decision whose bound is over [`COST_LIMIT`].
pub(crate) fn diagnostics(p: &Program) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in decision_costs(p).into_iter().filter(|c| c.over_limit()) {
        let Some(d) = p.decision(c.decision) else {
            continue;
        };
        let mut diag = Diagnostic::new(
            Code::E0507,
            format!(
                "beslutet `{}` kan kräva {} beräkningssteg för ett enda ärende",
                d.name,
                steps(c.bound)
            ),
            d.span,
        )
        .with_primary_label(format!("gränsen är {} steg per ärende", steps(COST_LIMIT)));
        let mut chain = Vec::new();
        for (i, step) in c.path.iter().enumerate() {
            let name = p.rule(step.rule).map_or("", |r| r.name.as_str());
            let times = if step.calls == 1 {
                "en gång".to_owned()
            } else {
                format!("{} gånger", step.calls)
            };
            diag = diag.with_label(
                step.span,
                format!(
                    "{}. anropar `{name}` {times} (varje anrop: {} steg)",
                    i + 1,
                    steps(step.cost)
                ),
            );
            chain.push(format!("`{name}` ×{}", step.calls));
        }
        if !chain.is_empty() {
            diag = diag.with_note(format!(
                "kedjan som mångdubblar arbetet: {}",
                chain.join(" → ")
            ));
        }
        out.push(diag.with_help(
            "en regel med argument räknas om vid varje anrop: räkna ut ett delresultat en gång \
             i en regel utan argument och använd det, eller minska antalet anrop per nivå",
        ));
    }
    out
}

/// The E0507 diagnostics of a checked program (none when it is within the limit), as
/// `delegat check` reports them: the program is lowered as `build` would lower it, and a
/// lowering failure is its own diagnostic (E0502). Call it only for a program without errors.
pub fn cost_diagnostics(checked: &delegat_check::program::Program) -> Vec<Diagnostic> {
    match delegat_lower::lower(checked) {
        Ok(program) => diagnostics(&program),
        Err(diag) => vec![*diag],
    }
}

impl crate::Pack {
    /// Each decision's static cost bound and the limit, as the nämnd's report shows them
    /// (`delegat check --rapport`), by decision name.
    pub fn cost_lines(&self) -> Vec<(String, CostLine)> {
        let p = self.program();
        decision_costs(p)
            .into_iter()
            .filter_map(|c| {
                let name = p.decision(c.decision)?.name.clone();
                let line = CostLine {
                    bound: steps(c.bound),
                    limit: steps(COST_LIMIT),
                };
                Some((name, line))
            })
            .collect()
    }
}
