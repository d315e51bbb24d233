//! The decision document (`docs/beslut.md`, `delegat-beslut/1`), defined once: the order of
//! its fields, their keys and the forms of their values (the escaping and the number and
//! date forms are `json_out.rs`'s).
//!
//! [`write`] writes a document from a [`Content`]. Two feed it: the owned `Decision`
//! (`decision.rs`: `to_json_string`, `write_json`, `to_json_pretty`, `to_json`) and the
//! batch's `DecisionWriter` over a borrowed `DecisionResult` (`write.rs`: batches, sessions,
//! the JIT's streamed trace). The batch writer renders the constant parts of a line once, by
//! calling these same functions ([`open`], [`lagrum`], [`overklagande`], [`regelverk`], and
//! [`item`] split at its holes by [`item_pieces`]), and copies the bytes per line: an
//! optimisation inside this definition, not a second one.
//!
//! The summary line and the error line of a batch (`docs/beslut.md`) are written here too,
//! the summary line with the decision's own `utfall`, `belopp` and `felkod` fields.

use std::fmt::Display;

use delegat_value::{Date, Money};
use serde_json::Value as Json;

use crate::decision::{DecisionKind, TraceKind, Utfall};
use crate::json_out::{self, DateCache, escape};

/// What a decision document is written from, asked for in the document's order by
/// [`write`]. A method that writes bytes writes exactly what the function it names writes
/// (the batch writer copies that function's output, rendered once).
pub(crate) trait Content {
    /// [`open`]: `{"format":…,"beslut":…,"slag":…`.
    fn open(&mut self, out: &mut Vec<u8>);
    /// The outcome.
    fn utfall(&self) -> Utfall;
    /// The amount, if the outcome has one.
    fn belopp(&self) -> Option<Money>;
    /// The motivering, if any.
    fn motivering(&self) -> Option<impl Text>;
    /// Why the case goes to a caseworker, if it does.
    fn skal(&self) -> Option<impl Text>;
    /// A runtime error's code, if one decided the case.
    fn felkod(&self) -> Option<&str>;
    /// Where in the rule file that error arose, if known.
    fn felplats(&self) -> Option<impl Text>;
    /// [`lagrum`] of the decision's legal basis.
    fn lagrum(&mut self, out: &mut Vec<u8>);
    /// [`overklagande`], when the decision carries the appeal notice; else nothing.
    fn overklagande(&mut self, out: &mut Vec<u8>);
    /// The decision date.
    fn beslutsdatum(&self) -> Date;
    /// The norm date and the period, for a decision that declares them.
    fn norm(&self) -> Option<(Date, Option<(Date, Date)>)>;
    /// The texts of the dates last written (a batch keeps one from line to line).
    fn dates(&mut self) -> &mut DateCache;
    /// [`regelverk`] of the pack.
    fn regelverk(&mut self, out: &mut Vec<u8>);
    /// The trace items, each written with [`item`] (or its pieces) after [`separator`].
    fn trace(&mut self, out: &mut Vec<u8>);
}

/// Text to be written inside a JSON string, escaped.
pub(crate) trait Text {
    /// Appends the text, escaped (without quotes).
    fn write_escaped(&self, out: &mut Vec<u8>);
}

impl Text for &str {
    fn write_escaped(&self, out: &mut Vec<u8>) {
        escape(out, self);
    }
}

/// A value written as its `Display` text (the `felplats`, `fil:rad:kolumn`).
pub(crate) struct Shown<T>(pub(crate) T);

impl<T: Display> Text for Shown<T> {
    fn write_escaped(&self, out: &mut Vec<u8>) {
        escape(out, &self.0.to_string());
    }
}

/// Appends the whole document on one line, without a newline.
pub(crate) fn write(out: &mut Vec<u8>, c: &mut impl Content) {
    write_head(out, c);
    c.trace(out);
    close(out);
}

/// Appends the document up to its trace (`…"spår":[`); the trace items follow, then
/// [`close`].
#[inline]
pub(crate) fn write_head(out: &mut Vec<u8>, c: &mut impl Content) {
    c.open(out);
    utfall(out, c.utfall());
    if let Some(b) = c.belopp() {
        belopp(out, b);
    }
    if let Some(t) = c.motivering() {
        text_field(out, b",\"motivering\":\"", &t);
    }
    if let Some(t) = c.skal() {
        text_field(out, ",\"skäl\":\"".as_bytes(), &t);
    }
    if let Some(k) = c.felkod() {
        felkod(out, k);
    }
    if let Some(t) = c.felplats() {
        text_field(out, b",\"felplats\":\"", &t);
    }
    c.lagrum(out);
    c.overklagande(out);
    out.extend_from_slice(",\"beslutsdatum\":\"".as_bytes());
    let date = c.beslutsdatum();
    c.dates().date(out, date);
    out.push(b'"');
    if let Some((normdatum, period)) = c.norm() {
        norm(out, normdatum, period);
    }
    c.regelverk(out);
    out.extend_from_slice(",\"spår\":[".as_bytes());
}

/// `,"normdatum":"…"` and, for a decision about a month, `,"period":{"från":"…","till":"…"}`.
pub(crate) fn norm(out: &mut Vec<u8>, normdatum: Date, period: Option<(Date, Date)>) {
    out.extend_from_slice(b",\"normdatum\":\"");
    json_out::date(out, normdatum);
    out.push(b'"');
    if let Some((from, to)) = period {
        out.extend_from_slice(",\"period\":{\"från\":\"".as_bytes());
        json_out::date(out, from);
        out.extend_from_slice(b"\",\"till\":\"");
        json_out::date(out, to);
        out.extend_from_slice(b"\"}");
    }
}

/// Closes the trace and the document.
pub(crate) fn close(out: &mut Vec<u8>) {
    out.extend_from_slice(b"]}");
}

/// A comma before every trace item but the first.
#[inline(always)]
pub(crate) fn separator(out: &mut Vec<u8>, first: &mut bool) {
    if !std::mem::replace(first, false) {
        out.push(b',');
    }
}

/// `{"format":"delegat-beslut/1","beslut":"…","slag":"…"`.
pub(crate) fn open(out: &mut Vec<u8>, beslut: &str, slag: DecisionKind) {
    out.extend_from_slice(b"{\"format\":\"delegat-beslut/");
    json_out::int_json(out, i64::from(crate::DECISION_FORMAT_VERSION));
    out.push(b'"');
    field(out, "beslut", beslut);
    field(out, "slag", slag.as_str());
}

/// `,"utfall":"bifall"`.
#[inline]
pub(crate) fn utfall(out: &mut Vec<u8>, u: Utfall) {
    out.extend_from_slice(match u {
        Utfall::Bifall => b",\"utfall\":\"bifall\"".as_slice(),
        Utfall::Avslag => b",\"utfall\":\"avslag\"".as_slice(),
        Utfall::Faststallt => ",\"utfall\":\"fastställt\"".as_bytes(),
        Utfall::Manuell => b",\"utfall\":\"manuell\"".as_slice(),
    });
}

/// `,"belopp":8560.5` (kronor, written exactly).
#[inline]
pub(crate) fn belopp(out: &mut Vec<u8>, m: Money) {
    out.extend_from_slice(b",\"belopp\":");
    json_out::money_json(out, m);
}

/// `,"felkod":"E0405"`.
pub(crate) fn felkod(out: &mut Vec<u8>, code: &str) {
    field(out, "felkod", code);
}

/// `,"lagrum":"…"`, or nothing without one.
pub(crate) fn lagrum(out: &mut Vec<u8>, lagrum: Option<&str>) {
    if let Some(l) = lagrum {
        field(out, "lagrum", l);
    }
}

/// `,"överklagande":"…"`.
pub(crate) fn overklagande(out: &mut Vec<u8>, notice: &str) {
    field(out, "överklagande", notice);
}

/// `,"regelverk":{"titel":…,"nämnd":…,"version":…,"hash":…,"signerad_av":…}` (`nämnd` and
/// `version` only when the pack has them, `signerad_av` only when a trusted key's signature
/// of the pack was verified).
pub(crate) fn regelverk(
    out: &mut Vec<u8>,
    titel: &str,
    namnd: Option<&str>,
    version: Option<&str>,
    hash: &str,
    signerad_av: Option<&str>,
) {
    out.extend_from_slice(b",\"regelverk\":{\"titel\":");
    json_out::string(out, titel);
    if let Some(n) = namnd {
        field(out, "nämnd", n);
    }
    if let Some(v) = version {
        field(out, "version", v);
    }
    field(out, "hash", hash);
    if let Some(k) = signerad_av {
        field(out, "signerad_av", k);
    }
    out.push(b'}');
}

/// `,"key":"text"`, given `,"key":"`.
fn text_field(out: &mut Vec<u8>, key: &[u8], text: &impl Text) {
    out.extend_from_slice(key);
    text.write_escaped(out);
    out.push(b'"');
}

/// `,"key":"value"` (keys here need no escaping).
fn field(out: &mut Vec<u8>, key: &str, value: &str) {
    json_out::field(out, key, value);
}

/// What is between a trace item's value as JSON and its value as Swedish text (the text's
/// key and opening quote; see [`item`]).
pub(crate) const TEXT: &[u8] = ",\"text\":\"".as_bytes();

/// The fixed fields of one trace item: what it is of, and which of the optional fields it
/// has.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ItemShape<'a> {
    pub(crate) kind: TraceKind,
    pub(crate) name: &'a str,
    /// Whether it has a `nyckel` (a table row's).
    pub(crate) keyed: bool,
    pub(crate) lagrum: Option<&'a str>,
    /// Whether it has a `gäller_från` (a parameter's or a table row's).
    pub(crate) dated: bool,
    /// Whether an exception gave a rule's value.
    pub(crate) undantag: bool,
}

/// The case's values of one trace item, written into the holes of [`item`].
pub(crate) trait ItemValues {
    /// The table key, as escaped text.
    fn nyckel(&mut self, out: &mut Vec<u8>);
    /// The value as JSON, then `text` ([`TEXT`]), then the value as escaped Swedish text.
    fn value_and_text(&mut self, out: &mut Vec<u8>, text: &[u8]);
    /// The date the value in force came into force.
    fn galler_fran(&mut self, out: &mut Vec<u8>);
}

/// One trace item: `{"regel":"behov","värde":8560,"text":"8 560 kr","lagrum":"…"}`, with
/// `nyckel` after the name for a table row, `gäller_från` after the lagrum for a parameter
/// or a table row, and `"undantag":true` last for a rule an exception decided.
#[inline]
pub(crate) fn item(out: &mut Vec<u8>, s: &ItemShape<'_>, v: &mut impl ItemValues) {
    out.extend_from_slice(match s.kind {
        TraceKind::Regel => b"{\"regel\":".as_slice(),
        TraceKind::Parameter => b"{\"parameter\":".as_slice(),
        TraceKind::Tabell => b"{\"tabell\":".as_slice(),
    });
    json_out::string(out, s.name);
    if s.keyed {
        out.extend_from_slice(b",\"nyckel\":\"");
        v.nyckel(out);
        out.push(b'"');
    }
    out.extend_from_slice(",\"värde\":".as_bytes());
    v.value_and_text(out, TEXT);
    out.push(b'"');
    lagrum(out, s.lagrum);
    if s.dated {
        out.extend_from_slice(",\"gäller_från\":\"".as_bytes());
        v.galler_fran(out);
        out.push(b'"');
    }
    if s.undantag {
        out.extend_from_slice(b",\"undantag\":true");
    }
    out.push(b'}');
}

/// The fixed parts of an item of shape `s`: the bytes of [`item`] between its holes, in
/// order (one more than the holes the shape has: value and text; key before them for a
/// keyed item, date after them for a dated one).
pub(crate) fn item_pieces(s: &ItemShape<'_>) -> Vec<Vec<u8>> {
    /// Marks where each hole is.
    struct Holes(Vec<usize>);
    impl ItemValues for Holes {
        fn nyckel(&mut self, out: &mut Vec<u8>) {
            self.0.push(out.len());
        }
        fn value_and_text(&mut self, out: &mut Vec<u8>, _: &[u8]) {
            self.0.push(out.len());
        }
        fn galler_fran(&mut self, out: &mut Vec<u8>) {
            self.0.push(out.len());
        }
    }
    let mut bytes = Vec::new();
    let mut holes = Holes(Vec::new());
    item(&mut bytes, s, &mut holes);
    let mut pieces = Vec::with_capacity(holes.0.len() + 1);
    let mut start = 0;
    for end in holes.0.into_iter().chain([bytes.len()]) {
        pieces.push(bytes.get(start..end).unwrap_or_default().to_vec());
        start = end;
    }
    pieces
}

/// The summary line: `{"utfall":…}`, then `belopp` and `felkod` when there are such, as the
/// decision writes them.
pub(crate) fn summary(out: &mut Vec<u8>, u: Utfall, b: Option<Money>, code: Option<&str>) {
    let start = out.len();
    utfall(out, u);
    // The first member: the brace where the comma is.
    if let Some(c) = out.get_mut(start) {
        *c = b'{';
    }
    if let Some(b) = b {
        belopp(out, b);
    }
    if let Some(k) = code {
        felkod(out, k);
    }
    out.push(b'}');
}

/// The error line of a case that cannot be read:
/// `{"fel":{"kod":"E0423","meddelande":"…","fält":"…"}}` (`fält` is `null` for the case as
/// a whole).
pub(crate) fn error_line(out: &mut Vec<u8>, code: &str, message: &str, field: Option<&str>) {
    out.extend_from_slice(b"{\"fel\":{\"kod\":");
    json_out::string(out, code);
    json_out::field(out, "meddelande", message);
    match field {
        Some(f) => json_out::field(out, "fält", f),
        None => out.extend_from_slice(",\"fält\":null".as_bytes()),
    }
    out.extend_from_slice(b"}}");
}

/// The order of a record value's fields in the document: the keys this module writes first,
/// in this order, then the others sorted by name (how `delegat-beslut/1` has always
/// written records; a new format version may choose the declaration order instead).
const RECORD_FIELD_ORDER: &[&str] = &[
    "fel",
    "kod",
    "meddelande",
    "fält",
    "format",
    "regel",
    "parameter",
    "tabell",
    "nyckel",
    "värde",
    "text",
    "beslut",
    "slag",
    "utfall",
    "belopp",
    "motivering",
    "skäl",
    "felkod",
    "felplats",
    "lagrum",
    "gäller_från",
    "undantag",
    "överklagande",
    "beslutsdatum",
    "regelverk",
    "spår",
    "titel",
    "nämnd",
    "version",
    "hash",
];

fn rank(key: &str) -> usize {
    RECORD_FIELD_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(RECORD_FIELD_ORDER.len())
}

/// Appends a value's JSON (`format::to_json`), objects' keys in the order of
/// [`RECORD_FIELD_ORDER`].
pub(crate) fn json(out: &mut Vec<u8>, v: &Json) {
    match v {
        Json::Null => out.extend_from_slice(b"null"),
        Json::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        // `arbitrary_precision`: the number as written.
        Json::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Json::String(s) => json_out::string(out, s),
        Json::Array(items) => {
            out.push(b'[');
            let mut first = true;
            for item in items {
                separator(out, &mut first);
                json(out, item);
            }
            out.push(b']');
        }
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| (rank(a), *a).cmp(&(rank(b), *b)));
            out.push(b'{');
            let mut first = true;
            for k in keys {
                if let Some(v) = map.get(k) {
                    separator(out, &mut first);
                    json_out::string(out, k);
                    out.push(b':');
                    json(out, v);
                }
            }
            out.push(b'}');
        }
    }
}

/// A line of JSON indented for reading as `serde_json::to_string_pretty` indents (two
/// spaces, `"key": value`, `[]` and `{}` when empty); the keys stay in their order.
pub(crate) fn pretty(line: &[u8]) -> String {
    let mut out = Vec::with_capacity(line.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut bytes = line.iter().copied().peekable();
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', 2 * depth));
    };
    while let Some(b) = bytes.next() {
        if in_string {
            out.push(b);
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                out.push(b);
            }
            b'{' | b'[' => {
                out.push(b);
                if matches!(bytes.peek(), Some(b'}' | b']')) {
                    out.extend(bytes.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b);
            }
            b',' => {
                out.push(b);
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(b),
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_indents_as_serde_json_does() {
        let texts = [
            r#"{"a":[],"b":{},"c":[1,{"d":"x,\"y\":{[","e":[true,null]}],"f":-0.05,"g":"\\"}"#,
            "[]",
            "{}",
            r#"[[],[{}],"å:\\\""]"#,
            r#"{"spår":[{"regel":"r","värde":{"a":1},"text":"t"}]}"#,
        ];
        for t in texts {
            let v: Json = serde_json::from_str(t).unwrap();
            assert_eq!(
                pretty(v.to_string().as_bytes()),
                serde_json::to_string_pretty(&v).unwrap(),
                "{t}"
            );
        }
    }

    #[test]
    fn item_pieces_split_the_item_at_its_holes() {
        let shape = ItemShape {
            kind: TraceKind::Tabell,
            name: "t\"",
            keyed: true,
            lagrum: Some("L"),
            dated: true,
            undantag: false,
        };
        let pieces: Vec<String> = item_pieces(&shape)
            .into_iter()
            .map(|p| String::from_utf8(p).unwrap())
            .collect();
        assert_eq!(
            pieces,
            [
                r#"{"tabell":"t\"","nyckel":""#,
                r#"","värde":"#,
                r#"","lagrum":"L","gäller_från":""#,
                r#""}"#
            ]
        );
        let rule = ItemShape {
            kind: TraceKind::Regel,
            keyed: false,
            dated: false,
            undantag: true,
            lagrum: None,
            ..shape
        };
        let pieces: Vec<Vec<u8>> = item_pieces(&rule);
        let want = [r#"{"regel":"t\"","värde":"#, r#"","undantag":true}"#];
        assert_eq!(pieces, want.map(|p| p.as_bytes().to_vec()));
    }

    #[test]
    fn summary_and_error_lines() {
        let mut out = Vec::new();
        summary(
            &mut out,
            Utfall::Faststallt,
            Some(Money::from_ore(-5)),
            Some("E0405"),
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"utfall":"fastställt","belopp":-0.05,"felkod":"E0405"}"#
        );
        let mut out = Vec::new();
        error_line(&mut out, "E0420", "\"x\"", None);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"fel":{"kod":"E0420","meddelande":"\"x\"","fält":null}}"#
        );
    }
}
