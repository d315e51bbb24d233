//! Reading statute citations in `enligt "…"` and the table of provisions whose decisions are
//! appealed only by laglighetsprövning (E0305).
//!
//! A citation is read as words: numbers, `kap.`, `§`/`§§`, `och`, commas, dashes, law names
//! and SFS numbers in parentheses. Each `N kap. X §` group (also `X och Y §§`, `X, Y och Z §§`
//! and ranges `X–Y §§`) is attributed to the nearest law mention in the citation, before or
//! after it, so `SoL 12 kap. 2 §`, `12 kap. 2 § SoL (2025:400)` and `socialtjänstlagen
//! (2025:400) 12 kap. 2 §` all read as the same provision. A section with a letter (`2 a §`,
//! `2a §`) is a different section. A citation of the repealed SoL (2001:453) is that law,
//! not the current one; `skollagen` and `(2010:800)` are skollagen. Anything the reader does not understand is simply not a match: the table is
//! a safety net, not a full citation parser.

/// A law Delegat knows provisions of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Law {
    /// Socialtjänstlagen (2025:400).
    Sol2025,
    /// The repealed socialtjänstlagen (2001:453), in force until 2025-06-30.
    Sol2001,
    /// Skollagen (2010:800).
    Skollag,
    /// A law mentioned that is not in the table (e.g. the repealed SoL (2001:453)).
    Other,
}

/// A cited section: chapter, section number and letter (`2 a §` has `Some('a')`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Provision {
    /// The law.
    pub law: Law,
    /// The chapter.
    pub chapter: u32,
    /// The section.
    pub section: u32,
    /// The letter of a section such as `2 a §`.
    pub letter: Option<char>,
}

/// One row of the table: a provision whose decisions are appealed by laglighetsprövning.
#[derive(Clone, Copy, Debug)]
pub struct Laglighetsprovning {
    /// The law.
    pub law: Law,
    /// The chapter.
    pub chapter: u32,
    /// The section.
    pub section: u32,
    /// How to name it in a message.
    pub cite: &'static str,
    /// Why (a Swedish clause for the note).
    pub why: &'static str,
}

/// Provisions appealable only by laglighetsprövning (docs/jurist/laglighet.md, Rättslig
/// grund). Extend with care: every row must be verified in the statute text.
pub const LAGLIGHETSPROVNING: &[Laglighetsprovning] = &[
    Laglighetsprovning {
        law: Law::Skollag,
        chapter: 10,
        section: 33,
        cite: "skollagen (2010:800) 10 kap. 33 §",
        why: "beslut om skolskjuts för en elev som har valt en annan skola än den kommunen \
              placerade eleven i har prövats genom laglighetsprövning (HFD 2013:77, \
              HFD 2014 not 6)",
    },
    Laglighetsprovning {
        law: Law::Sol2025,
        chapter: 12,
        section: 2,
        cite: "socialtjänstlagen (2025:400) 12 kap. 2 §",
        why: "bistånd enligt 12 kap. 2 § finns inte bland de beslut som 35 kap. 1 § \
              socialtjänstlagen gör överklagbara genom förvaltningsbesvär",
    },
    Laglighetsprovning {
        law: Law::Sol2025,
        chapter: 11,
        section: 4,
        cite: "socialtjänstlagen (2025:400) 11 kap. 4 §",
        why: "beslut enligt 11 kap. 4 § finns inte bland de beslut som 35 kap. 1 § \
              socialtjänstlagen gör överklagbara genom förvaltningsbesvär",
    },
];

/// The table rows a citation cites.
pub fn laglighetsprovning(citation: &str) -> Vec<&'static Laglighetsprovning> {
    let provisions = provisions(citation);
    LAGLIGHETSPROVNING
        .iter()
        .filter(|row| {
            provisions.iter().any(|p| {
                p.law == row.law
                    && p.chapter == row.chapter
                    && p.section == row.section
                    && p.letter.is_none()
            })
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(u32),
    Letter(char),
    Kap,
    Para,
    And,
    Comma,
    Dash,
    Law(Law),
    Other,
}

/// Every provision the citation names, with the law it was attributed to (provisions with no
/// law mention anywhere are left out).
pub fn provisions(citation: &str) -> Vec<Provision> {
    let toks = tokens(citation);
    let laws: Vec<(usize, Law)> = toks
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match t {
            Tok::Law(l) => Some((i, *l)),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let (Some(Tok::Num(chapter)), Some(Tok::Kap)) = (toks.get(i), toks.get(i + 1)) {
            let start = i;
            let (sections, end) = sections(&toks, i + 2);
            let law = laws
                .iter()
                .min_by_key(|(pos, _)| {
                    if *pos < start {
                        start - pos
                    } else {
                        pos.saturating_sub(end)
                    }
                })
                .map(|(_, l)| *l);
            if let Some(law) = law {
                for (section, letter) in sections {
                    out.push(Provision {
                        law,
                        chapter: *chapter,
                        section,
                        letter,
                    });
                }
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads `X §`, `X a §`, `X och Y §§`, `X, Y och Z §§`, `X–Y §§` from `i`; returns the
/// sections and the index after the `§`. Without a closing `§`, no sections.
fn sections(toks: &[Tok], mut i: usize) -> (Vec<(u32, Option<char>)>, usize) {
    let mut found: Vec<(u32, Option<char>)> = Vec::new();
    let mut range_from: Option<u32> = None;
    while let Some(tok) = toks.get(i) {
        match tok {
            Tok::Num(n) => {
                let letter = match toks.get(i + 1) {
                    Some(Tok::Letter(c)) => {
                        i += 1;
                        Some(*c)
                    }
                    _ => None,
                };
                match range_from.take() {
                    Some(from) if letter.is_none() && from < *n && n - from < 100 => {
                        found.extend((from + 1..=*n).map(|s| (s, None)));
                    }
                    _ => found.push((*n, letter)),
                }
            }
            Tok::Dash => {
                range_from = found.last().filter(|(_, l)| l.is_none()).map(|(n, _)| *n);
            }
            Tok::And | Tok::Comma => {}
            Tok::Para => return (found, i + 1),
            _ => return (Vec::new(), i),
        }
        i += 1;
    }
    (Vec::new(), i)
}

fn tokens(citation: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let chars: Vec<char> = citation.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_ascii_digit() {
            let start = i;
            while chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            let digits: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
            // An SFS number `2025:400`.
            if chars.get(i) == Some(&':') && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                let s2 = i + 1;
                i += 1;
                while chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
                let number: String = chars.get(s2..i).unwrap_or(&[]).iter().collect();
                toks.push(Tok::Law(match (digits.as_str(), number.as_str()) {
                    ("2025", "400") => Law::Sol2025,
                    ("2001", "453") => Law::Sol2001,
                    ("2010", "800") => Law::Skollag,
                    _ => Law::Other,
                }));
                continue;
            }
            toks.push(digits.parse().map(Tok::Num).unwrap_or(Tok::Other));
            // `2a` written together.
            if let Some(&l) = chars.get(i)
                && l.is_alphabetic()
                && !chars.get(i + 1).is_some_and(|c| c.is_alphabetic())
            {
                toks.push(Tok::Letter(l.to_lowercase().next().unwrap_or(l)));
                i += 1;
            }
        } else if c.is_alphabetic() {
            let start = i;
            while chars.get(i).is_some_and(|c| c.is_alphabetic()) {
                i += 1;
            }
            let word: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
            let lower = word.to_lowercase();
            toks.push(if lower == "kap" {
                if chars.get(i) == Some(&'.') {
                    i += 1;
                }
                Tok::Kap
            } else if lower == "och" {
                Tok::And
            } else if word == "SoL" || word == "SOL" || lower.starts_with("socialtjänstlag") {
                Tok::Law(Law::Sol2025)
            } else if lower.starts_with("skollag") {
                Tok::Law(Law::Skollag)
            } else if word.chars().count() == 1 && matches!(toks.last(), Some(Tok::Num(_))) {
                Tok::Letter(lower.chars().next().unwrap_or(c))
            } else if word.chars().count() >= 2 && word.chars().all(char::is_uppercase) {
                // Another law's abbreviation (KL, FL, LOU, SFB, …).
                Tok::Law(Law::Other)
            } else if lower.ends_with("lagen")
                || lower.ends_with("lag")
                || lower.ends_with("förordningen")
                || lower.ends_with("förordning")
                || lower.ends_with("balken")
            {
                Tok::Law(Law::Other)
            } else {
                Tok::Other
            });
        } else {
            match c {
                '§' => {
                    toks.push(Tok::Para);
                    if chars.get(i + 1) == Some(&'§') {
                        i += 1;
                    }
                }
                ',' => toks.push(Tok::Comma),
                '–' | '-' | '—' => toks.push(Tok::Dash),
                c if c.is_whitespace() || c == '(' || c == ')' || c == '.' => {}
                _ => toks.push(Tok::Other),
            }
            i += 1;
        }
    }
    fix_sfs_law(toks)
}

/// `socialtjänstlagen (2001:453)`: an SFS number right after a law name decides which law it
/// is (the repealed SoL is not the current one).
fn fix_sfs_law(mut toks: Vec<Tok>) -> Vec<Tok> {
    let mut i = 0;
    while i + 1 < toks.len() {
        if let (Some(Tok::Law(_)), Some(Tok::Law(sfs))) = (toks.get(i), toks.get(i + 1)) {
            let sfs = *sfs;
            if let Some(t) = toks.get_mut(i) {
                *t = Tok::Law(sfs);
            }
        }
        i += 1;
    }
    toks
}
