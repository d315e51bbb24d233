//! A generator of FS cases with the distribution of the README, from a fixed seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Writes `n` cases as JSON lines (the format of `cases_10k.jsonl`), reproducibly from `seed`.
pub fn json_lines(n: usize, seed: u64) -> impl Iterator<Item = String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(move |_| one(&mut rng))
}

fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut pick = rng.random_range(0..total.max(1));
    for (i, &w) in weights.iter().enumerate() {
        if pick < w {
            return i;
        }
        pick -= w;
    }
    0
}

fn one(rng: &mut ChaCha8Rng) -> String {
    let adults = if rng.random_range(0..100) < 60 { 1 } else { 2 };
    let n_children = weighted(rng, &[45, 20, 18, 10, 4, 2, 1]);
    let children: Vec<String> = (0..n_children)
        .map(|_| rng.random_range(0..=20).to_string())
        .collect();
    let housing = rng.random_range(0..=15_000);
    let electricity = rng.random_range(0..=1_500);
    let travel = if rng.random_range(0..100) < 60 {
        0
    } else {
        rng.random_range(0..=2_000)
    };
    let n_incomes = weighted(rng, &[20, 35, 25, 10, 5, 5]);
    let incomes: Vec<String> = (0..n_incomes)
        .map(|_| rng.random_range(0..=30_000).to_string())
        .collect();
    let special = rng.random_range(0..100) < 5;
    format!(
        "{{\"adults\":{adults},\"children\":[{}],\"housing\":{housing},\"electricity\":{electricity},\"travel\":{travel},\"incomes\":[{}],\"special_circumstances\":{special}}}",
        children.join(","),
        incomes.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Case;

    #[test]
    fn generated_cases_parse_and_follow_the_ranges() {
        let lines: Vec<String> = json_lines(2_000, 7).collect();
        assert_eq!(
            lines,
            json_lines(2_000, 7).collect::<Vec<_>>(),
            "same seed, same cases"
        );
        let mut manual = 0;
        for line in &lines {
            let c: Case = serde_json::from_str(line).unwrap();
            assert!((1..=2).contains(&c.adults));
            assert!(c.children.len() <= 6 && c.children.iter().all(|a| (0..=20).contains(a)));
            assert!(c.incomes.len() <= 5 && c.incomes.iter().all(|a| (0..=30_000).contains(a)));
            manual += usize::from(c.special_circumstances);
        }
        assert!(
            (40..=180).contains(&manual),
            "about 5 % special circumstances, got {manual}"
        );
    }
}
