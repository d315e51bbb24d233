//! [`ParamSets`]: the parameters in force on a date (each parameter's version and value,
//! as generated code reads them from the frame), kept for a few ranges of dates per
//! evaluator. A case with a norm date sets the parameters twice (on the decision date for
//! the norm function, on the norm date for the decision), so one set would be computed
//! again at every call; each set is instead kept for the range of dates between two
//! consecutive version dates of the pack (`JitPack::param_dates`), where every parameter
//! has the same version.

use delegat_value::Date;

use crate::layout::Cell;
use crate::pack::JitPack;

/// How many sets an evaluator keeps.
const SETS: usize = 4;

/// The parameter sets of one evaluator, one of them current.
#[derive(Debug, Default)]
pub(crate) struct ParamSets {
    sets: Vec<Set>,
    current: usize,
    /// The set replaced next when all are in use.
    next: usize,
}

/// The parameters in force on the dates of one range.
#[derive(Debug)]
struct Set {
    /// The range: how many of the pack's version dates are on or before its dates.
    range: usize,
    /// Its first date (`None`: from the beginning) and the date after its last one
    /// (`None`: without end).
    from: Option<Date>,
    until: Option<Date>,
    /// Each parameter's value, as the frame holds it.
    params: Vec<Cell>,
    /// Each parameter's version in force (its index), `-1` for none.
    versions: Vec<i64>,
}

impl ParamSets {
    /// Makes the parameters in force on `date` current.
    pub(crate) fn set_date(&mut self, pack: &JitPack, date: Date) {
        if self.sets.get(self.current).is_some_and(|s| s.holds(date)) {
            return;
        }
        let range = pack.param_dates.partition_point(|d| *d <= date);
        if let Some(i) = self.sets.iter().position(|s| s.range == range) {
            self.current = i;
            return;
        }
        let n = pack.program.params.len();
        let i = if self.sets.len() < SETS {
            self.sets.push(Set {
                range,
                from: None,
                until: None,
                params: vec![Cell::default(); n],
                versions: vec![-1; n],
            });
            self.sets.len() - 1
        } else {
            let i = self.next;
            self.next = (self.next + 1) % SETS;
            i
        };
        if let Some(set) = self.sets.get_mut(i) {
            set.range = range;
            set.from = range
                .checked_sub(1)
                .and_then(|r| pack.param_dates.get(r))
                .copied();
            set.until = pack.param_dates.get(range).copied();
            fill(set, pack, date);
        }
        self.current = i;
    }

    /// The current values, one per parameter (empty before the first date is set).
    pub(crate) fn params(&self) -> &[Cell] {
        self.sets.get(self.current).map_or(&[], |s| &s.params)
    }

    /// The current versions, one per parameter (empty before the first date is set).
    pub(crate) fn versions(&self) -> &[i64] {
        self.sets.get(self.current).map_or(&[], |s| &s.versions)
    }
}

impl Set {
    /// Whether `date` is in the set's range.
    fn holds(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date < u)
    }
}

fn fill(set: &mut Set, pack: &JitPack, date: Date) {
    for (i, param) in pack.program.params.iter().enumerate() {
        let v = param.versions.iter().rposition(|v| v.from <= date);
        let slot = v
            .and_then(|v| pack.consts.param_values.get(i)?.get(v))
            .copied()
            .unwrap_or_default();
        if let (Some(ver), Some(s)) = (set.versions.get_mut(i), set.params.get_mut(i)) {
            *ver = v.map_or(-1, |v| v as i64);
            *s = slot;
        }
    }
}

/// Every date a version of a parameter of `program` comes into force, sorted, once each.
pub(crate) fn param_dates(program: &delegat_ir::Program) -> Vec<Date> {
    let mut dates: Vec<Date> = program
        .params
        .iter()
        .flat_map(|p| p.versions.iter().map(|v| v.from))
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
}
