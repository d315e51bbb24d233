//! Quartiles of a list of amounts.

use delegat::Money;

use crate::facts::Amounts;

/// The amounts' count, total and quartiles; `None` for an empty list. Sorts `ore`.
/// A quartile is the value at its rank (nearest rank: the ⌈p·n⌉-th smallest), so every
/// figure is an amount that was decided.
pub(crate) fn amounts(ore: &mut [i64]) -> Option<Amounts> {
    if ore.is_empty() {
        return None;
    }
    ore.sort_unstable();
    let n = ore.len();
    let rank = |num: usize, den: usize| -> Money {
        let k = (num * n).div_ceil(den).clamp(1, n);
        Money::from_ore(ore.get(k - 1).copied().unwrap_or(0))
    };
    let total: i128 = ore.iter().map(|&o| i128::from(o)).sum();
    Some(Amounts {
        count: n as u64,
        total: Money::from_ore(i64::try_from(total).unwrap_or(i64::MAX)),
        min: rank(0, 4),
        q1: rank(1, 4),
        median: rank(2, 4),
        q3: rank(3, 4),
        max: rank(4, 4),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_are_amounts_at_their_nearest_rank() {
        let mut v = vec![500, 100, 400, 200, 300];
        let a = amounts(&mut v).unwrap();
        assert_eq!(a.count, 5);
        assert_eq!(a.total.ore(), 1500);
        assert_eq!(
            [a.min, a.q1, a.median, a.q3, a.max].map(Money::ore),
            [100, 200, 300, 400, 500]
        );
        let mut even = vec![10, 20, 30, 40];
        let a = amounts(&mut even).unwrap();
        assert_eq!([a.q1, a.median, a.q3].map(Money::ore), [10, 20, 30]);
        assert_eq!(amounts(&mut []), None);
    }
}
