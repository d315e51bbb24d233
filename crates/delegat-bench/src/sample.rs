//! A committed sample of the FS workload: the first 1 000 cases of the original 10 000-case
//! set (`data/cases_1k.jsonl`) and their decisions (`data/expected_1k.jsonl`), which the peer
//! engines of the README (OpenFisca, Rhai, GoRules zen, dsntk) decided identically. It is the
//! oracle that ties the hand-written function, and through it the generated workload, to
//! decisions made outside this project.

use crate::{Case, Decision, parse_expected};

/// The sample cases, one JSON object per line.
pub const CASES: &str = include_str!("../data/cases_1k.jsonl");

/// The sample's expected decisions, line for line.
pub const EXPECTED: &str = include_str!("../data/expected_1k.jsonl");

/// The sample as parsed pairs of case and expected decision.
pub fn pairs() -> Result<Vec<(Case, Decision)>, String> {
    CASES
        .lines()
        .zip(EXPECTED.lines())
        .map(|(c, e)| {
            let case = serde_json::from_str(c).map_err(|err| format!("{c}: {err}"))?;
            let expected = parse_expected(e).ok_or_else(|| format!("bad expected line {e}"))?;
            Ok((case, expected))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_has_a_thousand_cases_and_as_many_decisions() {
        assert_eq!(super::CASES.lines().count(), 1_000);
        assert_eq!(super::EXPECTED.lines().count(), 1_000);
        assert_eq!(super::pairs().map(|p| p.len()), Ok(1_000));
    }
}
