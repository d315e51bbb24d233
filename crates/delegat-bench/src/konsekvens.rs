//! Cases for the impact benchmark (`benches/impact.rs`): JSON lines for the försörjningsstöd
//! packs of `konsekvens/` (copies of `examples/forsorjningsstod.regel`), reproducibly from a
//! seed.
//!
//! Nine in ten cases concern a month of 2024 (the year the two packs differ in), one in ten
//! a month of 2021; household forms, children, costs mostly within the guidelines' caps and
//! incomes around the norm give a mix of `bifall`, `avslag` and `manuell`.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `n` cases as JSON lines, reproducibly from `seed`.
pub fn json_lines(n: usize, seed: u64) -> impl Iterator<Item = String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(move |_| one(&mut rng))
}

fn one(rng: &mut ChaCha8Rng) -> String {
    let form = match rng.random_range(0..10) {
        0..=5 => "ensamstående",
        6..=8 => "sammanlevande",
        _ => "delar_bostad",
    };
    let n_children = if form == "delar_bostad" {
        0
    } else {
        match rng.random_range(0..8) {
            0..=2 => 0,
            3 | 4 => 1,
            5 | 6 => 2,
            _ => 3,
        }
    };
    let children: Vec<String> = (0..n_children)
        .map(|_| {
            format!(
                "{{\"ålder\":{},\"lunch_utanför_hemmet\":{}}}",
                rng.random_range(0..=20),
                rng.random_bool(0.5)
            )
        })
        .collect();
    let adults = if form == "sammanlevande" { 2 } else { 1 };
    let in_home = adults + n_children + if form == "delar_bostad" { 1 } else { 0 };
    let year = if rng.random_range(0..10) == 0 {
        2021
    } else {
        2024
    };
    let month = rng.random_range(1..=12);
    let housing = rng.random_range(2_000..=9_000);
    let work = if rng.random_bool(0.3) {
        rng.random_range(1_000..=15_000)
    } else {
        0
    };
    let other: Vec<String> = (0..rng.random_range(0..=2))
        .map(|_| rng.random_range(500..=9_000).to_string())
        .collect();
    format!(
        "{{\"beslutsdatum\":\"{year}-{month:02}-15\",\"ansökningsmånad\":\"{year}-{month:02}-01\",\
         \"första_ansökan\":{},\"ändrat_hushåll\":false,\"övriga_omständigheter\":{},\
         \"har_tillgångar\":false,\"hushållsform\":\"{form}\",\"barn\":[{}],\
         \"antal_i_bostaden\":{in_home},\"boendekostnad\":{housing},\"hushållsel\":{},\
         \"arbetsresor\":{},\"hemförsäkring\":{},\"fackavgift_och_akassa\":{},\
         \"arbetsinkomst\":{work},\"månader_med_stöd_före_arbetet\":{},\
         \"månader_med_arbetsinkomst\":{},\"övriga_inkomster\":[{}],\
         \"ungdomars_arbetsinkomster\":[]}}",
        rng.random_range(0..50) == 0,
        rng.random_range(0..40) == 0,
        children.join(","),
        rng.random_range(0..=850),
        if work > 0 {
            rng.random_range(0..=1_050)
        } else {
            0
        },
        rng.random_range(0..=320),
        if work > 0 {
            rng.random_range(0..=750)
        } else {
            0
        },
        rng.random_range(0..=12),
        rng.random_range(0..=30),
        other.join(","),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_json_objects_and_reproducible() {
        let lines: Vec<String> = json_lines(500, 3).collect();
        assert_eq!(lines, json_lines(500, 3).collect::<Vec<_>>());
        assert_ne!(lines, json_lines(500, 4).collect::<Vec<_>>());
        for l in &lines {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_default();
            assert!(v["hushållsform"].is_string(), "{l}");
            assert_eq!(v["ungdomars_arbetsinkomster"], serde_json::json!([]));
        }
    }
}
