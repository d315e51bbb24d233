//! The FS rules as a plain Rust function: the practical limit an engine can approach.

use crate::{Case, Decision, Outcome};

/// Decides one FS case exactly as the README states the rules. Amounts are small enough
/// (a few children, incomes ≤ 30 000 kr) that `i64` kronor cannot overflow here.
pub fn decide(case: &Case) -> Decision {
    if case.special_circumstances {
        return Decision {
            outcome: Outcome::Manual,
            amount: 0,
        };
    }
    let adult_cost = if case.adults == 1 {
        3480
    } else {
        3140 * case.adults
    };
    let child_cost: i64 = case.children.iter().map(|&age| child(age)).sum();
    let size = case.adults + case.children.len() as i64;
    let norm = adult_cost + child_cost + shared(size);
    let need = norm + case.housing + case.electricity + case.travel;
    let income: i64 = case.incomes.iter().sum();
    if need > income {
        Decision {
            outcome: Outcome::Grant,
            amount: need - income,
        }
    } else {
        Decision {
            outcome: Outcome::Reject,
            amount: 0,
        }
    }
}

fn child(age: i64) -> i64 {
    match age {
        0 => 2250,
        1..=2 => 2580,
        3 => 2030,
        4..=6 => 2370,
        7..=10 => 3030,
        11..=14 => 3470,
        15..=18 => 3920,
        _ => 3960,
    }
}

fn shared(size: i64) -> i64 {
    match size {
        1 => 1190,
        2 => 1330,
        3 => 1660,
        4 => 1890,
        5 => 2170,
        6 => 2480,
        7 => 2750,
        n => 2750 + 280 * (n - 7),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_confirmed_decisions_of_the_sample() {
        let pairs = crate::sample::pairs().unwrap();
        for (n, (case, expected)) in pairs.iter().enumerate() {
            assert_eq!(decide(case), *expected, "case {n}: {case:?}");
        }
        assert_eq!(pairs.len(), 1_000);
    }

    #[test]
    fn household_above_seven_adds_280_per_person() {
        let case = Case {
            adults: 2,
            children: vec![0; 7],
            housing: 0,
            electricity: 0,
            travel: 0,
            incomes: vec![],
            special_circumstances: false,
        };
        // 2 × 3 140 + 7 × 2 250 + (2 750 + 2 × 280) = 6 280 + 15 750 + 3 310.
        assert_eq!(decide(&case).amount, 25_340);
    }
}
