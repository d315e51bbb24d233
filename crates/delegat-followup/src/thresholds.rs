//! The nämnd's thresholds (a small TOML file, `docs/jurist/uppfoljning.md`) and the findings
//! they give: what the report's first page asks the nämnd to look at.

use serde::Deserialize;

use crate::facts::{Chain, Counts, Facts, Gap, MonthRow};

/// The default smallest group a figure is shown for.
pub const DEFAULT_MIN_GROUP: u64 = 5;

/// The thresholds. Every field has a default; the file names only what it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// A month's `manuell` share above this many per cent calls for action.
    #[serde(rename = "manuell_andel_max")]
    pub manuell_share_percent: u64,
    /// The last three months' `manuell` share more than this many percentage points above
    /// the earlier months' calls for action (the trend).
    #[serde(rename = "manuell_trend_max")]
    pub manuell_rise_points: u64,
    /// More replay differences than this call for action.
    #[serde(rename = "skillnader_max")]
    pub replay_differences: u64,
    /// More runtime errors than this in the period call for action.
    #[serde(rename = "fel_max")]
    pub runtime_errors: u64,
    /// The smallest group the report shows a figure of.
    #[serde(rename = "minsta_grupp")]
    pub min_group: u64,
    /// More consecutive days than this without a decision in a log, inside the period,
    /// call for action.
    #[serde(rename = "uppehall_dagar_max")]
    pub gap_days: u64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            manuell_share_percent: 20,
            manuell_rise_points: 5,
            replay_differences: 0,
            runtime_errors: 0,
            min_group: DEFAULT_MIN_GROUP,
            gap_days: 7,
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
    /// Decisions whose whole document, replayed on both engines, is not the logged one.
    DocumentDifferences {
        /// The log.
        log: String,
        /// How many differ.
        count: u64,
        /// How many were replayed.
        replayed: u64,
        /// The fields that differed.
        fields: Vec<String>,
    },
    /// Days in a row without a decision in a log, more than the threshold.
    Gap {
        /// The log.
        log: String,
        /// The longest such run.
        gap: Gap,
        /// How many runs are longer than the threshold.
        runs: usize,
    },
    /// Decisions of the period that could not be decided again (their pack missing from
    /// the archive or not readable by this version, or their input gallrad): their branch
    /// and reason are unknown and they were not replayed.
    NotRedecided {
        /// The log.
        log: String,
        /// Whose pack is missing or unreadable.
        pack_missing: u64,
        /// Whose input is gallrad.
        gallrade: u64,
    },
    /// Runtime errors made cases `manuell`.
    RuntimeErrors {
        /// How many in the period.
        count: u64,
        /// By code, most first.
        codes: Vec<(String, u64)>,
    },
    /// The `manuell` share of the period against the previous period of the same length.
    ComparedWithPrevious {
        /// The decision.
        decision: String,
        /// The previous period's share, in tenths of a per cent.
        before: u64,
        /// The period's.
        now: u64,
        /// The previous period's first and last day.
        from: delegat::Date,
        /// Its last day.
        to: delegat::Date,
        /// Whether it rose by more than the trend threshold (calls for action).
        rose: bool,
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
        match self {
            Finding::PackSwitch { .. } | Finding::BranchesNeverTaken { .. } => false,
            Finding::ComparedWithPrevious { rose, .. } => *rose,
            _ => true,
        }
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
        if log.pack_missing + log.gallrade > 0 {
            out.push(Finding::NotRedecided {
                log: log.name.clone(),
                pack_missing: log.pack_missing,
                gallrade: log.gallrade,
            });
        }
        if log.differences > t.replay_differences {
            out.push(Finding::ReplayDifferences {
                log: log.name.clone(),
                count: log.differences,
            });
        }
        if log.replay.different > t.replay_differences {
            out.push(Finding::DocumentDifferences {
                log: log.name.clone(),
                count: log.replay.different,
                replayed: log.replay.replayed,
                fields: log.replay.fields.clone(),
            });
        }
        let long: Vec<Gap> = log
            .gaps
            .iter()
            .copied()
            .filter(|g| g.days() > t.gap_days)
            .collect();
        if let Some(gap) = long
            .iter()
            .copied()
            .reduce(|a, b| if b.days() > a.days() { b } else { a })
        {
            out.push(Finding::Gap {
                log: log.name.clone(),
                gap,
                runs: long.len(),
            });
        }
    }
    let errors: u64 = facts.logs.iter().map(|l| l.runtime_errors).sum();
    if errors > t.runtime_errors {
        let mut codes: Vec<(String, u64)> = Vec::new();
        for (code, n) in facts.logs.iter().flat_map(|l| &l.errors) {
            match codes.iter_mut().find(|(c, _)| c == code) {
                Some((_, m)) => *m += n,
                None => codes.push((code.clone(), *n)),
            }
        }
        codes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.push(Finding::RuntimeErrors {
            count: errors,
            codes,
        });
    }
    let mut compared = Vec::new();
    for d in &facts.decisions {
        if let Some(p) = &facts.previous
            && let Some(pd) = p.decisions.iter().find(|pd| pd.name == d.name)
            && pd.counts.total() >= facts.min_group
            && d.counts.total() >= facts.min_group
            && let (Some(before), Some(now)) =
                (pd.counts.manuell_permille(), d.counts.manuell_permille())
        {
            compared.push(Finding::ComparedWithPrevious {
                decision: d.name.clone(),
                before,
                now,
                from: p.from,
                to: p.to,
                rose: now > before + t.manuell_rise_points * 10,
            });
        }
        if let Some(split) = d.months.len().checked_sub(3).filter(|&s| s > 0) {
            let (before, last) = d.months.split_at(split);
            let sum = |rows: &[MonthRow]| {
                let mut c = Counts::default();
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
    let (rose, steady): (Vec<Finding>, Vec<Finding>) =
        compared.into_iter().partition(Finding::calls_for_action);
    out.extend(rose);
    out.extend(steady);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{LogFacts, Replay, ReplayFacts};
    use delegat::Date;
    use delegat_log::{Problem, ReceiptId};

    fn facts(log: LogFacts) -> Facts {
        Facts {
            from: None,
            to: None,
            first: None,
            last: None,
            counts: Counts::default(),
            decisions: Vec::new(),
            packs: Vec::new(),
            logs: vec![log],
            min_group: 5,
            previous: None,
        }
    }

    fn log() -> LogFacts {
        LogFacts {
            name: "a.logg".into(),
            records: 10,
            in_period: 10,
            chain: Chain::Intact,
            checkpoint: None,
            redecided: 10,
            differences: 0,
            replay: ReplayFacts {
                scope: Replay::Sample(1000),
                eligible: 10,
                replayed: 10,
                different: 0,
                fields: Vec::new(),
            },
            gallrade: 0,
            pack_missing: 0,
            runtime_errors: 0,
            errors: Vec::new(),
            gaps: Vec::new(),
        }
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn what_could_not_be_checked_and_every_difference_and_break_call_for_action() {
        assert_eq!(findings(&facts(log()), &Thresholds::default()), []);
        let id = ReceiptId::parse("0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b").unwrap();
        let changed = Chain::Broken(Problem::Changed { seq: 4, id });
        let f = findings(
            &facts(LogFacts {
                redecided: 6,
                pack_missing: 3,
                gallrade: 1,
                differences: 1,
                chain: changed.clone(),
                replay: ReplayFacts {
                    scope: Replay::Sample(1000),
                    eligible: 6,
                    replayed: 6,
                    different: 1,
                    fields: vec!["belopp".into()],
                },
                ..log()
            }),
            &Thresholds::default(),
        );
        assert_eq!(
            f,
            [
                Finding::ChainBroken {
                    log: "a.logg".into(),
                    chain: changed
                },
                Finding::NotRedecided {
                    log: "a.logg".into(),
                    pack_missing: 3,
                    gallrade: 1
                },
                Finding::ReplayDifferences {
                    log: "a.logg".into(),
                    count: 1
                },
                Finding::DocumentDifferences {
                    log: "a.logg".into(),
                    count: 1,
                    replayed: 6,
                    fields: vec!["belopp".into()],
                },
            ]
        );
        assert!(f.iter().all(Finding::calls_for_action));
    }

    #[test]
    fn a_run_of_days_without_decisions_longer_than_the_threshold_calls_for_action() {
        let gaps = vec![
            Gap {
                first: date("2025-03-01"),
                last: date("2025-03-07"),
            },
            Gap {
                first: date("2025-05-01"),
                last: date("2025-05-10"),
            },
            Gap {
                first: date("2025-06-01"),
                last: date("2025-06-09"),
            },
        ];
        let f = findings(
            &facts(LogFacts {
                gaps: gaps.clone(),
                ..log()
            }),
            &Thresholds::default(),
        );
        assert_eq!(
            f,
            [Finding::Gap {
                log: "a.logg".into(),
                gap: gaps[1],
                runs: 2,
            }],
            "7 days is within the default, 10 and 9 are not; the longest is named"
        );
        assert_eq!(gaps[1].days(), 10);
        let lenient = Thresholds {
            gap_days: 10,
            ..Thresholds::default()
        };
        assert_eq!(findings(&facts(LogFacts { gaps, ..log() }), &lenient), []);
    }

    #[test]
    fn the_thresholds_file_names_only_what_it_changes_and_refuses_unknown_keys() {
        let t = Thresholds::from_toml(
            "manuell_andel_max = 15\nminsta_grupp = 10\nuppehall_dagar_max = 3\n",
        )
        .unwrap();
        assert_eq!(
            t,
            Thresholds {
                manuell_share_percent: 15,
                min_group: 10,
                gap_days: 3,
                ..Thresholds::default()
            }
        );
        let e = Thresholds::from_toml("manuell_andel = 15\n").unwrap_err();
        assert!(e.contains("manuell_andel"), "{e}");
    }
}
