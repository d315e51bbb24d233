//! [`DecisionWriter`]: writes a decision line (`docs/beslut.md`) straight from the engine's
//! [`DecisionResult`] into a byte buffer.
//!
//! Built once per (pack, decision): every constant piece is rendered and escaped up front
//! (the head up to `utfall`, the lagrum, the appeal notice, the `regelverk` object with the
//! pack's hash, each rule's and parameter's trace item prefix and lagrum, the literal parts
//! of each outcome's text). Per case only the values are written (see `json_out`). The bytes
//! are exactly those of `Decision::from_result` + `felplats` + `Decision::to_json_string`;
//! the tests in `tests/writer.rs` hold the two paths to that.

use delegat_ir::{Chosen, DecisionResult};
use delegat_ir::{DecisionId, ParamType, TemplatePart, Type};
use delegat_jit::TraceItem;
use delegat_value::Date;

use crate::decision::{Decision, DecisionKind, Utfall, appeal_notice};
use crate::item_cache::{Item, ItemCache};
use crate::json_out::{self as jo, escape};
use crate::pack::Pack;

/// A pre-rendered piece of a line. A short one is appended as a fixed block of
/// [`SHORT`] bytes and the vector cut back to its length: a copy the compiler inlines, where
/// appending a slice of unknown length calls `memmove` (most of the pieces are short, and
/// a line has dozens of them).
#[derive(Debug)]
enum Piece {
    Short([u8; SHORT], usize),
    Long(Vec<u8>),
}

/// The size of a short piece's block.
const SHORT: usize = 64;

impl Piece {
    fn new(bytes: Vec<u8>) -> Piece {
        let mut block = [0u8; SHORT];
        match block.get_mut(..bytes.len()) {
            Some(b) => {
                b.copy_from_slice(&bytes);
                Piece::Short(block, bytes.len())
            }
            None => Piece::Long(bytes),
        }
    }

    #[inline(always)]
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Piece::Short(block, len) => {
                let start = out.len();
                out.extend_from_slice(block);
                out.truncate(start + len);
            }
            Piece::Long(bytes) => out.extend_from_slice(bytes),
        }
    }
}

/// One literal or interpolated part of an outcome's text.
#[derive(Debug)]
enum Part {
    /// Escaped literal text.
    Lit(Piece),
    /// An interpolated value of this type.
    Expr(Type),
}

/// A rule's trace item pieces.
#[derive(Debug)]
struct RuleW {
    /// `{"regel":"name","värde":`.
    head: Piece,
    ty: Type,
    /// `"` (closing the text), `,"lagrum":"…"` or nothing, `}`.
    tail: Piece,
    /// The same for each exception (its own `enligt`, else the rule's), with
    /// `,"undantag":true` before the `}`.
    exceptions: Vec<Piece>,
}

/// A parameter's trace item pieces.
#[derive(Debug)]
struct ParamW {
    /// `{"parameter":"name","värde":`.
    scalar_head: Piece,
    /// `{"tabell":"name","nyckel":"`.
    table_head: Piece,
    key_ty: Type,
    value_ty: Type,
    /// `"` (closing the text), `,"lagrum":"…"` or nothing, `,"gäller_från":"`.
    tail: Piece,
}

/// What a writer's user keeps from line to line (see [`DecisionWriter::write_with`]): the
/// texts of the last dates written, and the rendered items of parameters and table rows.
#[derive(Debug, Default)]
pub(crate) struct WriteCache {
    decision_date: jo::DateCache,
    versions: jo::DateCache,
    /// The rendered items of parameters and table rows.
    items: ItemCache,
}

/// Writes decision lines of one decision of one pack without building a [`Decision`].
#[derive(Debug)]
pub(crate) struct DecisionWriter<'p> {
    pack: &'p Pack,
    decision: DecisionId,
    /// `{"format":"delegat-beslut/1","beslut":"…","slag":"…","utfall":`.
    head: Vec<u8>,
    /// Whether the decision is a `beslut` (appealable outcomes carry the notice).
    beslut: bool,
    /// Each branch's outcome text, then `annars`'s.
    texts: Vec<Option<Vec<Part>>>,
    /// `,"lagrum":"…"` or nothing.
    lagrum: Vec<u8>,
    /// `,"överklagande":"…"`.
    appeal: Vec<u8>,
    /// `","regelverk":{…},"spår":[` (closing the date's string).
    tail: Vec<u8>,
    rules: Vec<RuleW>,
    params: Vec<ParamW>,
}

fn lagrum_field(enligt: Option<&str>) -> Vec<u8> {
    let mut v = Vec::new();
    if let Some(l) = enligt {
        jo::field(&mut v, "lagrum", l);
    }
    v
}

fn item_head(kind: &str, name: &str, mid: &str) -> Piece {
    let mut v = Vec::new();
    v.extend_from_slice(b"{\"");
    v.extend_from_slice(kind.as_bytes());
    v.extend_from_slice(b"\":");
    jo::string(&mut v, name);
    v.extend_from_slice(mid.as_bytes());
    Piece::new(v)
}

/// `"`, the lagrum field of `enligt` (if any), then `end`.
fn item_tail(enligt: Option<&str>, end: &str) -> Piece {
    let mut v = b"\"".to_vec();
    v.extend_from_slice(&lagrum_field(enligt));
    v.extend_from_slice(end.as_bytes());
    Piece::new(v)
}

impl<'p> DecisionWriter<'p> {
    /// The writer of `decision` of `pack`.
    pub(crate) fn new(pack: &'p Pack, decision: DecisionId) -> DecisionWriter<'p> {
        let p = &pack.program;
        let d = p.decision(decision);
        let slag = match d.map(|d| d.kind) {
            Some(delegat_ir::DecisionKind::Beslutsstod) => DecisionKind::Beslutsstod,
            _ => DecisionKind::Beslut,
        };
        let mut head = Vec::new();
        head.extend_from_slice(b"{\"format\":");
        jo::string(
            &mut head,
            &format!("delegat-beslut/{}", crate::DECISION_FORMAT_VERSION),
        );
        jo::field(&mut head, "beslut", d.map_or("", |d| d.name.as_str()));
        jo::field(&mut head, "slag", slag.as_str());
        head.extend_from_slice(b",\"utfall\":");

        let text = |o: &delegat_ir::Outcome| {
            o.text.as_ref().map(|t| {
                t.parts
                    .iter()
                    .map(|part| match part {
                        TemplatePart::Lit(s) => {
                            let mut v = Vec::new();
                            escape(&mut v, s);
                            Part::Lit(Piece::new(v))
                        }
                        TemplatePart::Expr(e) => {
                            Part::Expr(p.expr(*e).map_or(Type::Text, |x| x.ty.clone()))
                        }
                    })
                    .collect()
            })
        };
        let mut texts: Vec<Option<Vec<Part>>> = Vec::new();
        if let Some(d) = d {
            texts.extend(d.branches.iter().map(|b| text(&b.outcome)));
            texts.push(text(&d.otherwise));
        }

        let mut appeal = Vec::new();
        jo::field(
            &mut appeal,
            "överklagande",
            &appeal_notice(p.meta.namnd.as_deref()),
        );

        let mut tail = Vec::new();
        tail.extend_from_slice(b"\",\"regelverk\":{\"titel\":");
        jo::string(&mut tail, &p.meta.title);
        if let Some(n) = &p.meta.namnd {
            jo::field(&mut tail, "nämnd", n);
        }
        if let Some(v) = &p.meta.version {
            jo::field(&mut tail, "version", v);
        }
        jo::field(&mut tail, "hash", &pack.hash_hex);
        tail.extend_from_slice("},\"spår\":[".as_bytes());

        let rules = p
            .rules
            .iter()
            .map(|r| RuleW {
                head: item_head("regel", &r.name, ",\"värde\":"),
                ty: r.ty.clone(),
                tail: item_tail(r.enligt.as_deref(), "}"),
                exceptions: r
                    .undantag
                    .iter()
                    .map(|u| {
                        let enligt = u.enligt.as_deref().or(r.enligt.as_deref());
                        item_tail(enligt, ",\"undantag\":true}")
                    })
                    .collect(),
            })
            .collect();
        let params = p
            .params
            .iter()
            .map(|par| {
                let (key_ty, value_ty) = match &par.ty {
                    ParamType::Value(t) => (Type::Int, t.clone()),
                    ParamType::Table { key, value } => (key.ty(), value.clone()),
                };
                ParamW {
                    scalar_head: item_head("parameter", &par.name, ",\"värde\":"),
                    table_head: item_head("tabell", &par.name, ",\"nyckel\":\""),
                    key_ty,
                    value_ty,
                    tail: item_tail(par.enligt.as_deref(), ",\"gäller_från\":\""),
                }
            })
            .collect();

        DecisionWriter {
            pack,
            decision,
            head,
            beslut: slag == DecisionKind::Beslut,
            texts,
            lagrum: lagrum_field(d.and_then(|d| d.enligt.as_deref())),
            appeal,
            tail,
            rules,
            params,
        }
    }

    /// Appends the decision line of `r` (decided on `date`) to `out`, without the newline.
    pub(crate) fn write(&self, out: &mut Vec<u8>, r: &DecisionResult, date: Date) {
        self.write_with(out, r, date, &mut WriteCache::default());
    }

    /// [`Self::write`] with the texts of the last dates written kept in `cache` (a batch
    /// keeps one across its lines: most cases share the decision date and the versions).
    pub(crate) fn write_with(
        &self,
        out: &mut Vec<u8>,
        r: &DecisionResult,
        date: Date,
        cache: &mut WriteCache,
    ) {
        if !self.write_head(out, r, date, cache) {
            return;
        }
        let mut first = true;
        for t in &r.trace {
            self.trace_item(out, TraceItem::of(t), cache, &mut first);
        }
        Self::finish(out);
    }

    /// Writes the line up to its trace (`…"spår":[`), from `r` without looking at
    /// `r.trace`; the items follow with [`Self::trace_item`], then [`Self::finish`]. `false`
    /// when `r` is not this writer's decision (never so in the runtime): the whole line is
    /// then written already, by the general path.
    pub(crate) fn write_head(
        &self,
        out: &mut Vec<u8>,
        r: &DecisionResult,
        date: Date,
        cache: &mut WriteCache,
    ) -> bool {
        let p = &self.pack.program;
        if r.decision != self.decision {
            let mut d = Decision::from_result(p, &self.pack.hash_hex, r, date);
            d.felplats = r.error.as_ref().and_then(|e| self.pack.position(e.span));
            d.write_json(out);
            return false;
        }
        let utfall = Utfall::from_ir(r.outcome);
        out.reserve(self.head.len() + self.tail.len() + 1024);
        out.extend_from_slice(&self.head);
        out.extend_from_slice(match utfall {
            Utfall::Bifall => b"\"bifall\"".as_slice(),
            Utfall::Avslag => b"\"avslag\"".as_slice(),
            Utfall::Faststallt => "\"fastställt\"".as_bytes(),
            Utfall::Manuell => b"\"manuell\"".as_slice(),
        });
        if let Some(b) = r.belopp {
            out.extend_from_slice(b",\"belopp\":");
            jo::money_json(out, b);
        }
        let text = match r.chosen {
            Some(Chosen::Branch(i)) => self.texts.get(i as usize),
            Some(Chosen::Otherwise) => self.texts.last(),
            None => None,
        }
        .and_then(Option::as_ref);
        match (&r.error, utfall, text) {
            (Some(e), _, _) => {
                let mut skal = String::new();
                let message = e.message();
                let mut c = message.chars();
                if let Some(first) = c.next() {
                    skal.extend(first.to_uppercase());
                    skal.push_str(c.as_str());
                }
                jo::field(out, "skäl", &skal);
                jo::field(out, "felkod", e.code().as_str());
                if let Some(pos) = self.pack.position(e.span) {
                    jo::field(out, "felplats", &pos.to_string());
                }
            }
            (None, u, Some(parts)) => {
                if u == Utfall::Manuell {
                    out.extend_from_slice(",\"skäl\":\"".as_bytes());
                } else {
                    out.extend_from_slice(b",\"motivering\":\"");
                }
                let mut values = r.values.iter();
                for part in parts {
                    match part {
                        Part::Lit(s) => s.put(out),
                        Part::Expr(ty) => {
                            if let Some(v) = values.next() {
                                jo::value_text(out, p, v, ty);
                            }
                        }
                    }
                }
                out.push(b'"');
            }
            (None, _, None) => {}
        }
        out.extend_from_slice(&self.lagrum);
        if self.beslut && matches!(utfall, Utfall::Avslag | Utfall::Faststallt) {
            out.extend_from_slice(&self.appeal);
        }
        out.extend_from_slice(",\"beslutsdatum\":\"".as_bytes());
        cache.decision_date.date(out, date);
        out.extend_from_slice(&self.tail);
        true
    }

    /// Closes the trace and the line.
    pub(crate) fn finish(out: &mut Vec<u8>) {
        out.extend_from_slice(b"]}");
    }

    /// Appends one trace item (with a comma before it unless it is the `first`); nothing
    /// when the program has no such rule or parameter (the item is left out, as
    /// `Decision::from_result` leaves it out). A parameter's or table row's item is copied
    /// from `cache` when it was written before (see `item_cache.rs`).
    #[inline]
    pub(crate) fn trace_item(
        &self,
        out: &mut Vec<u8>,
        t: TraceItem<'_>,
        cache: &mut WriteCache,
        first: &mut bool,
    ) {
        let p = &self.pack.program;
        let (param, version, item, value) = match t {
            TraceItem::Rule {
                rule,
                value,
                exception,
            } => {
                let Some(w) = self.rules.get(rule.index()) else {
                    return;
                };
                comma(out, first);
                w.head.put(out);
                value_and_text(out, p, value, &w.ty);
                match exception {
                    Some(i) => match w.exceptions.get(i as usize) {
                        Some(tail) => tail.put(out),
                        // An exception the rule does not have: the rule's lagrum.
                        None => {
                            w.tail.put(out);
                            out.pop();
                            out.extend_from_slice(b",\"undantag\":true}");
                        }
                    },
                    None => w.tail.put(out),
                }
                return;
            }
            TraceItem::Param {
                param,
                version,
                value,
            } => (param, version, Item::Scalar, value),
            TraceItem::Lookup {
                param,
                version,
                key,
                value,
            } => match key_word(key) {
                Some(word) => (param, version, Item::Row { word, key }, value),
                None => {
                    if self.params.get(param.index()).is_some() {
                        comma(out, first);
                        self.param_item(out, t, &mut cache.versions);
                    }
                    return;
                }
            },
        };
        if self.params.get(param.index()).is_none() {
            return;
        }
        comma(out, first);
        if let Some(text) = cache.items.get(param.index(), item, version, value) {
            out.extend_from_slice(text);
            return;
        }
        let start = out.len();
        self.param_item(out, t, &mut cache.versions);
        if let Some(text) = out.get(start..) {
            cache.items.put(param.index(), item, version, value, text);
        }
    }

    /// Renders a parameter's or table row's item (the program has the parameter).
    fn param_item(&self, out: &mut Vec<u8>, t: TraceItem<'_>, dates: &mut jo::DateCache) {
        let p = &self.pack.program;
        match t {
            TraceItem::Rule { .. } => {}
            TraceItem::Param {
                param,
                version,
                value,
            } => {
                let Some(w) = self.params.get(param.index()) else {
                    return;
                };
                w.scalar_head.put(out);
                value_and_text(out, p, value, &w.value_ty);
                w.tail.put(out);
                dates.date(out, version);
                out.extend_from_slice(b"\"}");
            }
            TraceItem::Lookup {
                param,
                version,
                key,
                value,
            } => {
                let Some(w) = self.params.get(param.index()) else {
                    return;
                };
                w.table_head.put(out);
                jo::value_text(out, p, key, &w.key_ty);
                out.extend_from_slice("\",\"värde\":".as_bytes());
                value_and_text(out, p, value, &w.value_ty);
                w.tail.put(out);
                dates.date(out, version);
                out.extend_from_slice(b"\"}");
            }
        }
    }
}

/// A comma before every item but the first.
#[inline(always)]
fn comma(out: &mut Vec<u8>, first: &mut bool) {
    if !std::mem::replace(first, false) {
        out.push(b',');
    }
}

/// A table key as a word for the item cache (an integer, a date's day number or an enum
/// variant's index).
fn key_word(key: &delegat_ir::Value) -> Option<i64> {
    match key {
        delegat_ir::Value::Int(k) => Some(*k),
        delegat_ir::Value::Date(d) => Some(i64::from(d.days())),
        delegat_ir::Value::Enum(v) => Some(i64::from(*v)),
        _ => None,
    }
}

#[cfg(test)]
#[path = "write_tests.rs"]
pub(crate) mod tests;

/// A trace item's `VALUE,"text":"TEXT` (the closing quote is the next piece's): the value
/// as JSON and formatted the Swedish way.
fn value_and_text(
    out: &mut Vec<u8>,
    p: &delegat_ir::Program,
    value: &delegat_ir::Value,
    ty: &Type,
) {
    const MID: &[u8] = b",\"text\":\"";
    match value {
        delegat_ir::Value::Money(m) => jo::money_json_and_text(out, *m, MID),
        delegat_ir::Value::Int(v) => jo::int_json_and_text(out, *v, MID),
        _ => {
            jo::value_json(out, p, value, ty);
            out.extend_from_slice(MID);
            jo::value_text(out, p, value, ty);
        }
    }
}

#[cfg(test)]
#[path = "write_stream_tests.rs"]
mod stream_tests;
