//! GoRules zen 2.1 on the FS workload (`--features zen`): the JDM graphs of
//! `peers/zen/` (one expression node; decision tables with a loop over the children),
//! evaluated on a current-thread tokio runtime (zen's `evaluate` is async).

use std::sync::Arc;

use delegat_bench::{Decision, Outcome};
use zen_engine::model::DecisionContent;
use zen_engine::{DecisionEngine, Variable};

use super::Workload;

/// Which JDM encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// `fs_expr.json`: one expression node.
    Expr,
    /// `fs_tables.json`: decision tables and expression nodes.
    Tables,
}

impl Model {
    /// Both encodings.
    pub const ALL: [Model; 2] = [Model::Expr, Model::Tables];

    fn file(self) -> &'static str {
        match self {
            Model::Expr => "fs_expr.json",
            Model::Tables => "fs_tables.json",
        }
    }

    /// The name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Model::Expr => "GoRules zen 2.1, one expression node",
            Model::Tables => "GoRules zen 2.1, decision tables",
        }
    }
}

impl std::fmt::Display for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Model::Expr => "zen_expr",
            Model::Tables => "zen_tables",
        })
    }
}

/// A compiled zen decision and the runtime that drives it.
pub struct Zen {
    decision: zen_engine::Decision,
    rt: tokio::runtime::Runtime,
}

impl Zen {
    /// Loads and compiles `model`.
    pub fn new(model: Model) -> Result<Zen, String> {
        let path = super::peers_dir().join("zen").join(model.file());
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let content: DecisionContent = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let engine = DecisionEngine::default();
        let mut decision = engine
            .create_decision(Arc::new(content))
            .map_err(|e| e.to_string())?;
        decision.compile();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Zen { decision, rt })
    }

    /// The cases as zen input variables (converted once).
    pub fn prepare(&self, lines: &[String]) -> Result<Vec<Variable>, String> {
        lines
            .iter()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l)
                    .map(Variable::from)
                    .map_err(|e| e.to_string())
            })
            .collect()
    }

    /// Evaluates one case; the result variable.
    pub fn evaluate(&self, input: &Variable) -> Result<Variable, String> {
        // A deep copy per case: zen may write into its input (pass-through nodes), and every
        // evaluation must start from the case as given.
        let r = self
            .rt
            .block_on(self.decision.evaluate(input.deep_clone()))
            .map_err(|e| e.to_string())?;
        Ok(r.result)
    }

    /// Decides one case.
    pub fn decide(&self, input: &Variable) -> Decision {
        match self.evaluate(input) {
            Ok(r) => to_decision(&r),
            Err(_) => WRONG,
        }
    }

    /// Decides every prepared case (the sum of the amounts).
    pub fn decide_all(&self, prepared: &[Variable]) -> i64 {
        prepared
            .iter()
            .fold(0i64, |s, v| s.wrapping_add(self.decide(v).amount))
    }

    /// Checks every case against the expected decisions.
    pub fn check(&self, w: &Workload) -> Result<(), String> {
        let prepared = self.prepare(&w.lines)?;
        for (i, (v, exp)) in prepared.iter().zip(&w.expected).enumerate() {
            let got = self.decide(v);
            if got != *exp {
                return Err(format!("case {i}: {got:?}, expected {exp:?}"));
            }
        }
        Ok(())
    }

    /// End to end: each JSON line parsed with serde_json, converted, evaluated, the result
    /// written as a JSON line.
    pub fn end_to_end(&self, text: &str, out: &mut Vec<u8>) -> Result<(), String> {
        out.clear();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let r = self.evaluate(&Variable::from(v))?;
            serde_json::to_writer(&mut *out, &r).map_err(|e| e.to_string())?;
            out.push(b'\n');
        }
        Ok(())
    }
}

const WRONG: Decision = Decision {
    outcome: Outcome::Manual,
    amount: i64::MIN,
};

fn to_decision(r: &Variable) -> Decision {
    let outcome = match r.dot("outcome").as_ref().and_then(Variable::as_str) {
        Some("grant") => Outcome::Grant,
        Some("reject") => Outcome::Reject,
        Some("manual") => Outcome::Manual,
        _ => return WRONG,
    };
    let amount = r
        .dot("amount")
        .and_then(|a| a.as_number())
        .and_then(|n| n.normalize().to_string().parse::<i64>().ok());
    match amount {
        Some(amount) => Decision { outcome, amount },
        None => WRONG,
    }
}
