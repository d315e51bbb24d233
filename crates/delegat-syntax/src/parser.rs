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

/// Parses one item piece (the text from an item keyword to the next item).
pub(crate) fn parse_item(text: &str) -> Result<Pair<'_, Rule>, Box<pest::error::Error<Rule>>> {
    pest::set_call_limit(NonZeroUsize::new(CALL_LIMIT));
    let mut pairs = DelegatParser::parse(Rule::item_file, text).map_err(Box::new)?;
    let file = pairs.next();
    // `item_file` holds the item, then EOI.
    let item = file.and_then(|f| f.into_inner().next());
    item.ok_or_else(|| {
        Box::new(pest::error::Error::new_from_pos(
            pest::error::ErrorVariant::CustomError {
                message: "tom deklaration".to_owned(),
            },
            pest::Position::from_start(text),
        ))
    })
}
