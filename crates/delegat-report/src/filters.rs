//! Value formatting shared by every report's templates, as askama filters: a name the way a
//! reader says it, a capital first letter, a sentence, a Markdown table cell, inline code in
//! HTML.
//!
//! A template's module brings these in with `use crate::filters;`; askama looks filters up
//! there by name (`{{ d.name|name }}`).

use std::fmt::{Display, Write as _};

use delegat_check::facts::pretty::show_name;

/// A name the way a reader says it: `_` becomes a space (`ändrat_hushåll` → `ändrat
/// hushåll`).
#[askama::filter_fn]
pub fn name(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(show_name(&value.to_string()))
}

/// The first letter in upper case.
#[askama::filter_fn]
pub fn capitalised(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(capitalise(&value.to_string()))
}

/// A sentence as a report ends it: capitalised, with one full stop (a trailing `.` of the
/// text is not doubled).
#[askama::filter_fn]
pub fn sentence(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    let s = value.to_string();
    Ok(format!("{}.", capitalise(s.trim_end_matches('.'))))
}

/// Text for one Markdown table cell: `|` escaped, line breaks as spaces.
#[askama::filter_fn]
pub fn cell(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
    Ok(value.to_string().replace('|', "\\|").replace('\n', " "))
}

/// HTML: the text escaped, with `` `x` `` as `<code>x</code>` (messages and doc comments
/// quote rule text that way).
#[askama::filter_fn]
pub fn code_spans(
    value: impl Display,
    _: &dyn askama::Values,
) -> askama::Result<askama::filters::Safe<String>> {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        let Ok(escaped) = askama::filters::escape(part, askama::filters::Html);
        if i % 2 == 1 {
            write!(out, "<code>{escaped}</code>")?;
        } else {
            write!(out, "{escaped}")?;
        }
    }
    Ok(askama::filters::Safe(out))
}

/// The first letter in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use askama::Template;

    use crate::filters;

    #[derive(Template)]
    #[template(
        source = "{{ a|name }}/{{ b|capitalised }}/{{ c|sentence }}/{{ d|cell }}/{{ e|code_spans }}",
        ext = "html"
    )]
    struct All<'a> {
        a: &'a str,
        b: &'a str,
        c: &'a str,
        d: &'a str,
        e: &'a str,
    }

    #[test]
    fn values_read_the_same_in_every_report() {
        let all = All {
            a: "ändrat_hushåll",
            b: "överklagande",
            c: "en förklaring.",
            d: "a | b\nc",
            e: "värdet `x < 1` & mer",
        };
        assert_eq!(
            all.render().unwrap(),
            "ändrat hushåll/Överklagande/En förklaring./a \\| b c/\
             värdet <code>x &#60; 1</code> &#38; mer"
        );
    }
}
