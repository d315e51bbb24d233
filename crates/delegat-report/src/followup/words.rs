//! The follow-up's wording: numbers, shares and months the Swedish way, suppressed small
//! groups, and the findings in plain Swedish.

use delegat_followup::facts::{Chain, Gap, LogFacts, Month, Problem, Reason, Replay};
use delegat_followup::{Finding, Thresholds};

/// The short Swedish month names.
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// `jan 2026` for a chart's axis (the year on January and on the first month).
pub fn month_short(m: Month, first: bool) -> String {
    let name = MONTHS
        .get(m.month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    if first || m.month == 1 {
        format!("{name} {}", m.year)
    } else {
        name.to_owned()
    }
}

/// `mars 2026`.
pub fn month_long(m: Month) -> String {
    let name = delegat_value::format::month_name(m.month).unwrap_or("?");
    format!("{name} {}", m.year)
}

/// An integer grouped by thousands as every number a reader sees is (from four digits,
/// `delegat_value::digits::GROUP_FROM`), with a no-break space, since a report's table cell
/// should not break inside a number: `1 234 567`, `3 400`.
pub fn int(n: u64) -> String {
    let mut out = Vec::with_capacity(32);
    delegat_value::digits::push_grouped(&mut out, n, delegat_value::digits::GROUP_FROM);
    String::from_utf8(out)
        .unwrap_or_default()
        .replace(' ', "\u{a0}")
}

/// A share given in tenths of a per cent: `12,3 %`.
pub fn permille(p: u64) -> String {
    format!("{},{}\u{a0}%", p / 10, p % 10)
}

/// A count as the report shows it: suppressed below the smallest group (but 0 is 0).
pub fn count(n: u64, min_group: u64) -> String {
    if n > 0 && n < min_group {
        format!("färre än {min_group}")
    } else {
        int(n)
    }
}

/// Whether a count is shown.
pub fn shown(n: u64, min_group: u64) -> bool {
    n == 0 || n >= min_group
}

/// A reason a case went to a caseworker, for a table.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::Rule(t) => t.clone(),
        Reason::Error(code) => {
            format!("Körfel {code}: beslutet kunde inte räknas ut (se `delegat explain {code}`)")
        }
        Reason::Unknown => {
            "Okänt: beslutet kunde inte prövas om (underlaget gallrat eller regelpaketet saknas)"
                .to_owned()
        }
    }
}

/// What is wrong with a log, by record number (never by receipt: the report names no
/// case).
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::Changed { seq, .. } => format!(
            "post {} stämmer inte med kedjan: den har ändrats efter att den skrevs, eller \
             bytts ut",
            int(*seq)
        ),
        Problem::Document { seq, .. } => format!(
            "det sparade beslutsdokumentet i post {} har ändrats",
            int(*seq)
        ),
        Problem::Missing { expected, seq, .. } => {
            if seq.saturating_sub(*expected) == 1 {
                format!("post {} saknas: den har tagits bort", int(*expected))
            } else {
                format!(
                    "posterna {}–{} saknas: de har tagits bort",
                    int(*expected),
                    int(seq.saturating_sub(1))
                )
            }
        }
        Problem::Order { seq, .. } => format!(
            "post {} står i fel ordning: poster har flyttats eller lagts till",
            int(*seq)
        ),
        Problem::Archive(_) => {
            "ett regelpaket i loggens arkiv saknas eller stämmer inte med sin kontrollsumma"
                .to_owned()
        }
        Problem::Signature(_) => "en signatur som arkiverats med ett regelpaket i loggen \
             håller inte längre för paketet"
            .to_owned(),
        Problem::Checkpoint(_) => "loggen fortsätter inte den kontrollpunkt som nämnden \
             antecknade: poster till och med kontrollpunkten har ändrats, tagits bort eller \
             lagts till"
            .to_owned(),
    }
}

/// How a chain was found.
pub fn chain(c: &Chain) -> String {
    match c {
        Chain::Intact => "hel: varje post stämmer med kedjan från den första".to_owned(),
        Chain::Broken(p) => format!("BRUTEN ({}): {}", p.code(), problem(p)),
    }
}

/// What the checkpoint check found.
pub fn checkpoint(l: &LogFacts) -> String {
    match (&l.checkpoint, &l.chain) {
        (None, _) => "ingen kontrollpunkt angavs (`--kontrollpunkt`)".to_owned(),
        (Some(cp), Chain::Broken(Problem::Checkpoint(_))) => format!(
            "loggen fortsätter INTE kontrollpunkten från {} ({} beslut)",
            cp.time,
            int(cp.count)
        ),
        (Some(cp), Chain::Broken(_)) => format!(
            "kontrollpunkten från {} ({} beslut) kunde inte prövas till slut: kedjan är bruten",
            cp.time,
            int(cp.count)
        ),
        (Some(cp), Chain::Intact) => format!(
            "loggen fortsätter kontrollpunkten från {} ({} beslut)",
            cp.time,
            int(cp.count)
        ),
    }
}

/// What the replay of whole documents found.
pub fn replay(l: &LogFacts) -> String {
    let r = &l.replay;
    let what = match r.scope {
        Replay::All => format!("alla {} beslut", int(r.replayed)),
        Replay::Sample(_) if r.replayed < r.eligible => format!(
            "ett urval av {} av {} beslut",
            int(r.replayed),
            int(r.eligible)
        ),
        Replay::Sample(_) => format!("alla {} beslut (färre än urvalet)", int(r.replayed)),
    };
    let result = match r.different {
        0 => "inga skillnader".to_owned(),
        1 => "1 beslut skilde sig".to_owned(),
        n => format!("{} beslut skilde sig", int(n)),
    };
    if r.fields.is_empty() {
        format!("{what}: {result}")
    } else {
        format!("{what}: {result} (i {})", r.fields.join(", "))
    }
}

/// A run of days without decisions: `2025-03-01 – 2025-03-14 (14 dagar)`.
pub fn gap(g: &Gap) -> String {
    match g.days() {
        1 => format!("{} (1 dag)", g.first),
        n => format!("{} – {} ({} dagar)", g.first, g.last, int(n)),
    }
}

/// Runtime errors by code: `E0405: 3, E0402: 1`.
pub fn codes(codes: &[(String, u64)]) -> String {
    codes
        .iter()
        .map(|(c, n)| format!("{c}: {}", int(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A finding in plain Swedish (`pack` names a pack version by its hash).
pub fn finding(f: &Finding, t: &Thresholds, pack: &dyn Fn(&str) -> String) -> String {
    match f {
        Finding::ChainBroken { log, chain: c } => match c {
            Chain::Broken(p) => format!(
                "Beslutsloggen {log} är inte intakt ({}): {}. Loggen kan ha ändrats i \
                 efterhand. Utred innan siffrorna i rapporten används.",
                p.code(),
                problem(p)
            ),
            Chain::Intact => format!("Beslutsloggen {log} är intakt."),
        },
        Finding::DocumentDifferences {
            log,
            count,
            replayed,
            fields,
        } => {
            let which = if fields.is_empty() {
                String::new()
            } else {
                format!(" (skillnad i {})", fields.join(", "))
            };
            format!(
                "{} av {} beslut i {log} som prövades om i sin helhet, med båda motorerna, gav \
                 inte det loggade beslutsdokumentet{which}. Det ska inte kunna hända och \
                 behöver utredas.",
                int(*count),
                int(*replayed)
            )
        }
        Finding::Gap { log, gap: g, runs } => {
            let more = if *runs > 1 {
                format!(
                    " Det är det längsta av {} uppehåll som är längre än nämndens gräns, {} \
                     dagar.",
                    int(*runs as u64),
                    t.gap_days
                )
            } else {
                format!(" Nämndens gräns är {} dagar.", t.gap_days)
            };
            format!(
                "Beslutsloggen {log} har inga beslut {}.{more} Kontrollera att tjänsten och \
                 loggningen fungerade, och att ingen logg saknas i rapporten.",
                match g.days() {
                    1 => format!("den {}", g.first),
                    n => format!(
                        "från {} till {} ({} dagar i följd)",
                        g.first,
                        g.last,
                        int(n)
                    ),
                }
            )
        }
        Finding::ComparedWithPrevious {
            decision,
            before,
            now,
            from,
            to,
            rose,
        } => {
            if *rose {
                format!(
                    "Andelen manuella ärenden för {decision} steg från {} under föregående \
                     period ({from} – {to}) till {} under perioden. Det är mer än nämndens gräns \
                     för en ökning, {} procentenheter.",
                    permille(*before),
                    permille(*now),
                    t.manuell_rise_points
                )
            } else {
                format!(
                    "Andelen manuella ärenden för {decision} var {} under perioden och {} under \
                     föregående period ({from} – {to}).",
                    permille(*now),
                    permille(*before)
                )
            }
        }
        Finding::ReplayDifferences { log, count } => format!(
            "{} beslut i {log} fick ett annat utfall eller belopp när de prövades om med samma \
             regelpaket. Det ska inte kunna hända och behöver utredas.",
            int(*count)
        ),
        Finding::NotRedecided {
            log,
            pack_missing,
            gallrade,
        } => {
            let mut why = Vec::new();
            if *pack_missing > 0 {
                why.push(format!(
                    "{} för att regelpaketet saknas i loggen eller inte kan läsas av den här \
                     versionen av Delegat",
                    int(*pack_missing)
                ));
            }
            if *gallrade > 0 {
                why.push(format!("{} för att underlaget är gallrat", int(*gallrade)));
            }
            format!(
                "{} beslut i {log} kunde inte prövas om ({}). För dem är skälen och villkoren \
                 okända, och det är inte kontrollerat att de blir desamma.",
                int(pack_missing + gallrade),
                why.join(", ")
            )
        }
        Finding::RuntimeErrors { count, codes: c } => format!(
            "{} ärenden gick till en handläggare för att beslutet inte kunde räknas ut (körfel: \
             {}). Regelpaketet behöver ses över.",
            int(*count),
            codes(c)
        ),
        Finding::ManuellRising {
            decision,
            before,
            last,
        } => format!(
            "Andelen ärenden som går till en handläggare ökar för {decision}: {} de tre senaste \
             månaderna mot {} månaderna före. En ökande andel är ofta det första tecknet på att \
             reglerna inte längre passar de ärenden som kommer in.",
            permille(*last),
            permille(*before)
        ),
        Finding::ManuellAbove {
            decision,
            month,
            share,
            months,
        } => {
            let n = if *months == 1 {
                "en månad".to_owned()
            } else {
                format!("{months} månader")
            };
            format!(
                "Andelen manuella ärenden för {decision} var över nämndens gräns {} % under {n}, \
                 senast {} ({}).",
                t.manuell_share_percent,
                month_long(*month),
                permille(*share)
            )
        }
        Finding::PackSwitch {
            decision,
            date,
            pack: hash,
        } => format!(
            "Från {date} beslutar {} om {decision}. Jämför siffrorna före och efter bytet.",
            pack(hash)
        ),
        Finding::BranchesNeverTaken { decision, count } => format!(
            "{} av villkoren i {decision} avgjorde inget ärende under perioden (se avsnittet \
             om reglerna). Det kan vara väntat, eller ett tecken på ett villkor som aldrig kan \
             bli sant.",
            int(*count as u64)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_shares_read_the_swedish_way() {
        assert_eq!(int(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(int(999), "999");
        assert_eq!(int(3400), "3\u{a0}400");
        assert_eq!(permille(123), "12,3\u{a0}%");
        assert_eq!(count(3, 5), "färre än 5");
        assert_eq!(count(0, 5), "0");
        assert_eq!(count(5, 5), "5");
        assert_eq!(
            month_short(
                Month {
                    year: 2026,
                    month: 3
                },
                false
            ),
            "mar"
        );
        assert_eq!(
            month_short(
                Month {
                    year: 2026,
                    month: 1
                },
                false
            ),
            "jan 2026"
        );
        assert_eq!(
            month_long(Month {
                year: 2026,
                month: 3
            }),
            "mars 2026"
        );
    }
}
