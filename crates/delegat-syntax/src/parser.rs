//! The pest parser generated from `grammar/delegat.pest`. It only parses: the pairs it
//! returns are turned into the syntax tree by `lower`, its errors into diagnostics by
//! `errors`. Nothing here leaves the crate.

use std::num::NonZeroUsize;

use pest::Parser;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/delegat.pest"]
pub(crate) struct DelegatParser;

/// How many parser steps one item may take before it is given up (a guard against
/// pathological backtracking; real items take a few thousand).
const CALL_LIMIT: usize = 20_000_000;

/// Parses one piece (the text from an item keyword to the next line that starts an item)
/// into its items.
pub(crate) fn parse_items(
    text: &str,
) -> Result<Vec<Pair<'_, Rule>>, Box<pest::error::Error<Rule>>> {
    pest::set_call_limit(NonZeroUsize::new(CALL_LIMIT));
    let mut pairs = DelegatParser::parse(Rule::item_file, text).map_err(Box::new)?;
    // `item_file` holds the items, then EOI.
    let items = pairs
        .next()
        .map(|f| {
            f.into_inner()
                .filter(|p| p.as_rule() != Rule::EOI)
                .collect()
        })
        .unwrap_or_default();
    Ok(items)
}
