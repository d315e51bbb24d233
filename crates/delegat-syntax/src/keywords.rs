//! The reserved words of Delegat. The grammar's `keyword` rule holds the same list; a test
//! checks that the two agree.

/// Words that begin an item; a line that starts with one of them starts a new item.
pub const ITEM_KEYWORDS: &[&str] = &[
    "regelverk",
    "typ",
    "uppgift",
    "parameter",
    "regel",
    "bedömning",
    "beslut",
    "beslutsstöd",
    "exempel",
    "använd",
    "lagrum",
];

/// Every reserved word: a name cannot be one of these.
///
/// Not reserved (so usable as names, and resolved by the checker): the duration units
/// (`dag`, `månader`, `år`, …), `beslutsdatum`, the builtins (`summa`, `avrunda`, …) and
/// the field keys and values of blocks (`källa`, `sökande`, `register`, `motivering`, …).
pub const KEYWORDS: &[&str] = &[
    "regelverk",
    "typ",
    "uppgift",
    "parameter",
    "regel",
    "bedömning",
    "beslut",
    "beslutsstöd",
    "exempel",
    "använd",
    "lagrum",
    "enligt",
    "från",
    "undantag",
    "när",
    "annars",
    "om",
    "så",
    "välj",
    "för",
    "i",
    "där",
    "och",
    "eller",
    "inte",
    "ja",
    "nej",
    "bifall",
    "avslag",
    "fastställt",
    "manuell",
    "givet",
    "förvänta",
    "med",
    "lista",
    "av",
    "tabell",
    "kr",
    "öre",
    "heltal",
    "tal",
    "belopp",
    "datum",
    "varaktighet",
    "text",
];

/// Whether `word` is reserved.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Whether `word` begins an item (`regel`, `beslut`, …): a line whose first token is one
/// of these words starts a new item.
pub fn is_item_keyword(word: &str) -> bool {
    ITEM_KEYWORDS.contains(&word)
}

/// Keywords that only ever continue or structure a construct (they never stand where a
/// value or a name could): finding one where a name was expected is not "a keyword used as
/// a name" but a missing piece before it.
pub(crate) fn is_structural(word: &str) -> bool {
    matches!(
        word,
        "när"
            | "annars"
            | "så"
            | "och"
            | "eller"
            | "undantag"
            | "enligt"
            | "från"
            | "där"
            | "med"
            | "inte"
            | "om"
            | "välj"
            | "för"
    ) || is_item_keyword(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar_reserves_the_same_words() {
        let grammar = include_str!("../../../grammar/delegat.pest");
        let start = grammar.find("keyword = @{").unwrap_or(0);
        let end = start + grammar[start..].find("\n}").unwrap_or(0);
        let block = &grammar[start..end];
        let in_grammar: Vec<&str> = block
            .split('"')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        let mut a = in_grammar.clone();
        let mut b = KEYWORDS.to_vec();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
    }
}
