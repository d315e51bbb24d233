//! `runExamples`: every `exempel` of a rule file run by the interpreter, with the result
//! and the coverage `delegat test --täckning` reports, as JSON.

use delegat::{Coverage, Decided, Engine, ExampleFailure, ExampleResult, Pack, Position};
use delegat_ir::Target;
use serde_json::{Value, json};

use crate::{error, pack};

/// `{"examples":[…],"passed":n,"failed":n,"coverage":{…}}`, or an error object.
pub fn run_examples(source: &str, today: &str) -> String {
    let run = || -> Result<Value, Value> {
        let date = error::date(today)?;
        let pack = pack::build(source)?;
        let report = pack.run_examples_on(&[Engine::Interpreter], date);
        let examples: Vec<Value> = report
            .results
            .iter()
            .enumerate()
            .map(|(i, r)| example(&pack, i, r))
            .collect();
        Ok(json!({
            "examples": examples,
            "passed": report.passed(),
            "failed": report.failed(),
            "coverage": coverage(&report.coverage),
        }))
    };
    run().unwrap_or_else(|e| e).to_string()
}

/// The name of the first decision the `i`th exempel has an expectation of.
fn decision_of(pack: &Pack, i: usize) -> Option<&str> {
    let p = pack.program();
    p.examples
        .get(i)?
        .expect
        .iter()
        .find_map(|e| match e.target {
            Target::Decision(d) => p.decision(d).map(|d| d.name.as_str()),
            _ => None,
        })
}

fn place(p: Option<&Position>) -> (Option<usize>, Option<usize>) {
    (p.map(|p| p.line), p.map(|p| p.column))
}

fn example(pack: &Pack, i: usize, r: &ExampleResult) -> Value {
    let (line, column) = place(r.position.as_ref());
    let failures: Vec<Value> = r.failures.iter().map(failure).collect();
    json!({
        "name": r.name,
        "decision": decision_of(pack, i),
        "passed": r.passed(),
        "message": (!r.passed()).then(|| message(r)),
        "line": line,
        "column": column,
        "checked": r.checked,
        "failures": failures,
    })
}

fn failure(f: &ExampleFailure) -> Value {
    let (line, column) = place(f.position.as_ref());
    json!({
        "line": line,
        "column": column,
        "target": f.target,
        "expected": f.expected,
        "actual": f.actual,
        "decided": f.decided.as_ref().map(decided),
    })
}

fn decided(d: &Decided) -> Value {
    let values: Vec<Value> = d
        .values
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect();
    let (line, column) = place(d.branch_position.as_ref());
    json!({
        "branch": d.branch,
        "branchLine": line,
        "branchColumn": column,
        "motivering": d.motivering,
        "values": values,
    })
}

/// What failed, in the words `delegat test` prints under `FEL`: each expectation with what
/// was expected and what the pack computed.
fn message(r: &ExampleResult) -> String {
    let mut lines = Vec::new();
    for f in &r.failures {
        lines.push(format!(
            "{}: förväntat {}, fick {}",
            f.target, f.expected, f.actual
        ));
    }
    for d in &r.disagreements {
        lines.push(format!("{}: motorerna ger olika resultat", d.target));
    }
    lines.join("\n")
}

fn coverage(c: &Coverage) -> Value {
    let items = |list: &[(String, Option<Position>)]| -> Vec<Value> {
        list.iter()
            .map(|(what, pos)| {
                let (line, column) = place(pos.as_ref());
                json!({ "what": what, "line": line, "column": column })
            })
            .collect()
    };
    json!({
        "complete": c.is_complete(),
        "rules": items(&c.rules),
        "branches": items(&c.branches),
        "outcomes": items(&c.outcomes),
        "rows": items(&c.rows),
    })
}
