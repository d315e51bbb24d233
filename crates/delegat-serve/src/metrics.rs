//! The service's counters and histograms, and `/metrics` in the Prometheus text format
//! (version 0.0.4). Labels never hold case data: decision names, outcomes, codes, hashes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::catalog::Catalog;

/// Upper bounds of the latency buckets, in microseconds.
const BUCKETS_US: [u64; 13] = [
    50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000,
];

/// A latency histogram with fixed buckets.
#[derive(Debug, Default)]
pub struct Histogram {
    /// Observations at or below each bound (not cumulative; summed when written).
    buckets: [AtomicU64; 13],
    count: AtomicU64,
    sum_us: AtomicU64,
}

impl Histogram {
    pub fn observe(&self, d: Duration) {
        let us = u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        if let Some(i) = BUCKETS_US.iter().position(|b| us <= *b)
            && let Some(b) = self.buckets.get(i)
        {
            b.fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_us.fetch_add(us, Ordering::Relaxed);
    }

    fn write(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} histogram");
        let mut cumulative = 0;
        for (bound, n) in BUCKETS_US.iter().zip(&self.buckets) {
            cumulative += n.load(Ordering::Relaxed);
            let le = seconds(*bound);
            let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {cumulative}");
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let sum = seconds(self.sum_us.load(Ordering::Relaxed));
        let _ = writeln!(out, "{name}_sum {sum}");
        let _ = writeln!(out, "{name}_count {count}");
    }
}

/// Microseconds as seconds in decimal, exactly (`2500` → `0.0025`).
fn seconds(us: u64) -> String {
    let whole = us / 1_000_000;
    let frac = us % 1_000_000;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:06}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Everything counted.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Decisions answered, by decision and outcome.
    decisions: Mutex<BTreeMap<(String, &'static str), u64>>,
    /// Cases that could not be read, by code.
    case_errors: Mutex<BTreeMap<&'static str, u64>>,
    /// Requests refused by the service, by code.
    refusals: Mutex<BTreeMap<&'static str, u64>>,
    /// Reloads, by result (`ok`, `fel`).
    reloads: Mutex<BTreeMap<&'static str, u64>>,
    /// The time to decide a case (read, decide, write), excluding the log.
    pub decision_latency: Histogram,
    /// The time the log took to make a decision durable.
    pub log_commit_latency: Histogram,
}

fn bump<K: Ord>(map: &Mutex<BTreeMap<K, u64>>, key: K) {
    if let Ok(mut m) = map.lock() {
        *m.entry(key).or_insert(0) += 1;
    }
}

impl Metrics {
    pub fn decision(&self, name: &str, outcome: &'static str) {
        if let Ok(mut m) = self.decisions.lock() {
            // Look up by reference first: no allocation on the hot path.
            if let Some(n) = m
                .iter_mut()
                .find(|((d, o), _)| d == name && *o == outcome)
                .map(|(_, n)| n)
            {
                *n += 1;
            } else {
                m.insert((name.to_owned(), outcome), 1);
            }
        }
    }

    pub fn case_error(&self, code: &'static str) {
        bump(&self.case_errors, code);
    }

    pub fn refusal(&self, code: &'static str) {
        bump(&self.refusals, code);
    }

    pub fn reload(&self, ok: bool) {
        bump(&self.reloads, if ok { "ok" } else { "fel" });
    }

    /// The Prometheus text of every metric, with the packs of `catalog`.
    pub fn render(&self, catalog: &Catalog) -> String {
        let mut out = String::with_capacity(4096);
        let _ = writeln!(
            out,
            "# HELP delegat_decisions_total Decisions answered, by decision and outcome."
        );
        let _ = writeln!(out, "# TYPE delegat_decisions_total counter");
        if let Ok(m) = self.decisions.lock() {
            for ((d, o), n) in m.iter() {
                let _ = writeln!(
                    out,
                    "delegat_decisions_total{{decision=\"{}\",outcome=\"{o}\"}} {n}",
                    label(d)
                );
            }
        }
        counter_by_code(
            &mut out,
            "delegat_case_errors_total",
            "Cases that could not be read (422), by code.",
            &self.case_errors,
        );
        counter_by_code(
            &mut out,
            "delegat_refusals_total",
            "Requests the service refused (401, 404, 408, 413, 415, 503), by code.",
            &self.refusals,
        );
        let _ = writeln!(
            out,
            "# HELP delegat_reloads_total Pack reloads, by result (ok, fel)."
        );
        let _ = writeln!(out, "# TYPE delegat_reloads_total counter");
        if let Ok(m) = self.reloads.lock() {
            for (r, n) in m.iter() {
                let _ = writeln!(out, "delegat_reloads_total{{result=\"{r}\"}} {n}");
            }
        }
        self.decision_latency.write(
            &mut out,
            "delegat_decision_duration_seconds",
            "Time to read, decide and write one case, the log excluded.",
        );
        self.log_commit_latency.write(
            &mut out,
            "delegat_log_commit_duration_seconds",
            "Time the decision log took to make one decision durable.",
        );
        let _ = writeln!(
            out,
            "# HELP delegat_pack_loaded The packs served (1 per pack), by content hash."
        );
        let _ = writeln!(out, "# TYPE delegat_pack_loaded gauge");
        for served in catalog.packs() {
            let meta = &served.pack.program().meta;
            let _ = writeln!(
                out,
                "delegat_pack_loaded{{hash=\"{}\",title=\"{}\",version=\"{}\"}} 1",
                served.pack.hash(),
                label(&meta.title),
                label(meta.version.as_deref().unwrap_or(""))
            );
        }
        out
    }
}

fn counter_by_code(
    out: &mut String,
    name: &str,
    help: &str,
    map: &Mutex<BTreeMap<&'static str, u64>>,
) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} counter");
    if let Ok(m) = map.lock() {
        for (code, n) in m.iter() {
            let _ = writeln!(out, "{name}{{code=\"{code}\"}} {n}");
        }
    }
}

/// A label value escaped for the text format (backslash, quote, newline).
fn label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_exact_decimals() {
        assert_eq!(seconds(50), "0.00005");
        assert_eq!(seconds(2_500), "0.0025");
        assert_eq!(seconds(1_000_000), "1");
        assert_eq!(seconds(1_250_000), "1.25");
    }

    #[test]
    fn labels_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }

    #[test]
    fn histogram_buckets_are_cumulative() {
        let h = Histogram::default();
        h.observe(Duration::from_micros(40));
        h.observe(Duration::from_micros(300));
        h.observe(Duration::from_secs(5));
        let mut out = String::new();
        h.write(&mut out, "x", "help");
        assert!(out.contains("x_bucket{le=\"0.00005\"} 1\n"), "{out}");
        assert!(out.contains("x_bucket{le=\"0.0005\"} 2\n"), "{out}");
        assert!(out.contains("x_bucket{le=\"1\"} 2\n"), "{out}");
        assert!(out.contains("x_bucket{le=\"+Inf\"} 3\n"), "{out}");
        assert!(out.contains("x_count 3\n"), "{out}");
        assert!(out.contains("x_sum 5.00034\n"), "{out}");
    }
}
