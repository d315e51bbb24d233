//! The appeal route of a `beslut`, decided from its legal basis (E0305, E0313, W0303).
//!
//! A municipal decision is appealed by förvaltningsbesvär only where a provision says so
//! (kommunallagen (2017:725) 13 kap. 3 §); otherwise by laglighetsprövning (13 kap. 1 §),
//! and such decisions may not be delegated to an automated decision function (6 kap. 38 §
//! andra stycket 1). [`APPEAL_PROVISIONS`] is Delegat's table of appeal provisions and the
//! bases each gives förvaltningsbesvär for; [`route`] reads a basis (and a declared appeal
//! provision, if any) against it and against [`super::lagrum::LAGLIGHETSPROVNING`]. The
//! table and its sources are documented in `docs/jurist/overklagande.md`; every row must
//! be verified in the statute text, and what could not be verified is left out.

use super::lagrum::{self, Laglighetsprovning, Law, Provision};

/// A provision as (law, chapter, section).
pub type Para = (Law, u32, u32);

/// One appeal provision and the bases it gives förvaltningsbesvär for.
#[derive(Clone, Copy, Debug)]
pub struct AppealRow {
    /// The appeal provision.
    pub provision: Para,
    /// How it is cited in a decision, the report and the letter.
    pub cite: &'static str,
    /// The bases (sections, without letters) whose decisions it makes appealable.
    pub covers: &'static [Para],
    /// Where the row was read.
    pub source: &'static str,
}

/// The appeal provisions Delegat knows (docs/jurist/overklagande.md).
pub const APPEAL_PROVISIONS: &[AppealRow] = &[AppealRow {
    provision: (Law::Sol2025, 35, 1),
    cite: "SoL (2025:400) 35 kap. 1 §",
    covers: &[(Law::Sol2025, 12, 1)],
    source: "socialtjänstlagen (2025:400) 35 kap. 1 §, som den lästes för tabellen över \
             bestämmelser som bara laglighetsprövas (docs/jurist/laglighet.md, Rättslig grund)",
}];

/// A declared appeal route of a basis (`överklagas: väg enligt "…"` in a `lagrum`).
#[derive(Clone, Copy, Debug)]
pub struct Declared<'a> {
    /// `förvaltningsbesvär`, `laglighetsprövning` or `ej_överklagbart`.
    pub route: &'a str,
    /// The appeal provision cited.
    pub enligt: Option<&'a str>,
}

/// The appeal route of one basis.
#[derive(Clone, Copy, Debug)]
pub enum Route<'a> {
    /// The basis cites a provision appealed only by laglighetsprövning (E0305).
    Laglighetsprovning(&'static Laglighetsprovning),
    /// The jurist declared `laglighetsprövning` or `ej_överklagbart` (E0305).
    DeclaredBar(&'a str),
    /// Förvaltningsbesvär by a provision of the table that covers the basis.
    Verified(&'static AppealRow),
    /// Förvaltningsbesvär by the jurist's citation, not in the table for this basis (W0303).
    Unverified(&'a str),
    /// No appeal provision giving förvaltningsbesvär (E0313).
    Missing,
}

fn covered(row: &AppealRow, bases: &[Provision]) -> bool {
    !bases.is_empty()
        && bases.iter().all(|b| {
            b.letter.is_none()
                && row
                    .covers
                    .iter()
                    .any(|&(law, ch, s)| b.law == law && b.chapter == ch && b.section == s)
        })
}

/// The route of a basis citation, with the jurist's declaration if there is one.
pub fn route<'a>(basis: &str, declared: Option<Declared<'a>>) -> Route<'a> {
    if let Some(row) = lagrum::laglighetsprovning(basis).first() {
        return Route::Laglighetsprovning(row);
    }
    let bases = lagrum::provisions(basis);
    match declared {
        Some(Declared { route, .. }) if route != "förvaltningsbesvär" => {
            Route::DeclaredBar(route)
        }
        Some(Declared {
            enligt: Some(cited),
            ..
        }) => {
            let cited_provisions = lagrum::provisions(cited);
            APPEAL_PROVISIONS
                .iter()
                .find(|row| {
                    cited_provisions.iter().any(|p| {
                        (p.law, p.chapter, p.section) == row.provision && p.letter.is_none()
                    }) && covered(row, &bases)
                })
                .map_or(Route::Unverified(cited), Route::Verified)
        }
        Some(Declared { enligt: None, .. }) => Route::Missing,
        None => APPEAL_PROVISIONS
            .iter()
            .find(|row| covered(row, &bases))
            .map_or(Route::Missing, Route::Verified),
    }
}

/// The appeal provision the table gives a basis written as text, if any.
pub fn table_appeal(basis: &str) -> Option<&'static str> {
    match route(basis, None) {
        Route::Verified(row) => Some(row.cite),
        _ => None,
    }
}
