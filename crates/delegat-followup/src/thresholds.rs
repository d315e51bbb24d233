//! The nämnd's thresholds (a small TOML file, `docs/jurist/uppfoljning.md`) and the findings
//! they give: what the report's first page asks the nämnd to look at.

use serde::Deserialize;

use crate::facts::{Chain, Facts};

/// The default smallest group a figure is shown for.
pub const DEFAULT_MIN_GROUP: u64 = 5;

/// The thresholds. Every field has a default; the file names only what it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// A month's `manuell` share above this many per cent calls for action.
    #[serde(rename = "manuell_andel_högst")]
    pub manuell_share_percent: u64,
    /// The last three months' `manuell` share more than this many percentage points above
    /// the earlier months' calls for action (the trend).
    #[serde(rename = "manuell_ökning_högst")]
    pub manuell_rise_points: u64,
    /// More replay differences than this call for action.
    #[serde(rename = "omprövningsskillnader_högst")]
    pub replay_differences: u64,
    /// More runtime errors than this in the period call for action.
    #[serde(rename = "körfel_högst")]
    pub runtime_errors: u64,
    /// The smallest group the report shows a figure of.
    #[serde(rename = "minsta_grupp")]
    pub min_group: u64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            manuell_share_percent: 20,
            manuell_rise_points: 5,
            replay_differences: 0,
            runtime_errors: 0,
            min_group: DEFAULT_MIN_GROUP,
        }
    }
}

impl Thresholds {
    /// Reads the thresholds file; the message of an error is Swedish, for the user.
    pub fn from_toml(text: &str) -> Result<Thresholds, String> {
        toml::from_str(text).map_err(|e| e.message().to_owned())
    }
}

/// What the first page points at, in order of weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// A log's chain does not hold.
    ChainBroken {
        /// The log.
        log: String,
        /// How.
        chain: Chain,
    },
    /// Decisions that, decided again, came out otherwise.
    ReplayDifferences {
        /// The log.
        log: String,
        /// How many.
        count: u64,
    },
    /// Runtime errors made cases `manuell`.
    RuntimeErrors {
        /// How many in the period.
        count: u64,
    },
    /// The `manuell` share of the last three months is well above the months before.
    ManuellRising {
        /// The decision.
        decision: String,
        /// The share before, in tenths of a per cent.
        before: u64,
        /// The share of the last three months.
        last: u64,
    },
    /// A month's `manuell` share above the threshold (the last such month).
    ManuellAbove {
        /// The decision.
        decision: String,
        /// The month.
        month: crate::facts::Month,
        /// The share, in tenths of a per cent.
        share: u64,
        /// How many months of the period were above.
        months: usize,
    },
    /// A new pack version took over (for the nämnd to relate changes in the figures to).
    PackSwitch {
        /// The decision.
        decision: String,
        /// The date.
        date: delegat::Date,
        /// The new pack's hash.
        pack: String,
    },
    /// Branches no case took in the period (in the pack versions that decided).
    BranchesNeverTaken {
        /// The decision.
        decision: String,
        /// How many.
        count: usize,
    },
}

impl Finding {
    /// Whether the finding calls for action (the rest is for the nämnd's information).
    pub fn calls_for_action(&self) -> bool {
        !matches!(
            self,
            Finding::PackSwitch { .. } | Finding::BranchesNeverTaken { .. }
        )
    }
}

/// The findings of `facts` under `t`: those that call for action first.
pub fn findings(facts: &Facts, t: &Thresholds) -> Vec<Finding> {
    let mut out = Vec::new();
    for log in &facts.logs {
        if log.chain != Chain::Intact {
            out.push(Finding::ChainBroken {
                log: log.name.clone(),
                chain: log.chain.clone(),
            });
        }
        if log.differences > t.replay_differences {
            out.push(Finding::ReplayDifferences {
                log: log.name.clone(),
                count: log.differences,
            });
        }
    }
    let errors: u64 = facts.logs.iter().map(|l| l.runtime_errors).sum();
    if errors > t.runtime_errors {
        out.push(Finding::RuntimeErrors { count: errors });
    }
    for d in &facts.decisions {
        if let Some(split) = d.months.len().checked_sub(3).filter(|&s| s > 0) {
            let (before, last) = d.months.split_at(split);
            let sum = |rows: &[crate::facts::MonthRow]| {
                let mut c = crate::facts::Counts::default();
                rows.iter().for_each(|r| c.add_all(&r.counts));
                c
            };
            let (b, l) = (sum(before), sum(last));
            if let (Some(bp), Some(lp)) = (b.manuell_permille(), l.manuell_permille())
                && b.total() >= facts.min_group
                && l.total() >= facts.min_group
                && lp > bp + t.manuell_rise_points * 10
            {
                out.push(Finding::ManuellRising {
                    decision: d.name.clone(),
                    before: bp,
                    last: lp,
                });
            }
        }
        let above: Vec<_> = d
            .months
            .iter()
            .filter(|r| r.counts.total() >= facts.min_group)
            .filter_map(|r| Some((r.month, r.counts.manuell_permille()?)))
            .filter(|(_, s)| *s > t.manuell_share_percent * 10)
            .collect();
        if let Some(&(month, share)) = above.last() {
            out.push(Finding::ManuellAbove {
                decision: d.name.clone(),
                month,
                share,
                months: above.len(),
            });
        }
    }
    for d in &facts.decisions {
        for (date, pack) in facts.switches(&d.name) {
            out.push(Finding::PackSwitch {
                decision: d.name.clone(),
                date,
                pack: pack.to_owned(),
            });
        }
        let never = d.branches.iter().filter(|b| b.count == 0).count();
        if never > 0 {
            out.push(Finding::BranchesNeverTaken {
                decision: d.name.clone(),
                count: never,
            });
        }
    }
    out
}
