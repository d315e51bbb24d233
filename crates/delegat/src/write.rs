//! [`DecisionWriter`]: writes a decision line (`docs/beslut.md`) straight from the engine's
//! [`DecisionResult`] into a byte buffer, as the [`document::Content`] of a line.
//!
//! Built once per (pack, decision): every constant piece is rendered and escaped up front by
//! `document.rs`'s own functions (the head up to `utfall`, the lagrum, the appeal notice,
//! the `regelverk` object with the pack's hash, each rule's and parameter's trace item split
//! at its holes, the literal parts of each outcome's text). Per case only the values are
//! written (see `json_out`). The bytes are those of `Decision::from_result` + `felplats` +
//! `Decision::to_json_string`; the tests in `write_tests.rs` hold the two paths to that.

use delegat_ir::TraceEntryRef;
use delegat_ir::{Chosen, DecisionResult};
use delegat_ir::{DecisionId, ParamType, TemplatePart, Type};
use delegat_value::{Date, Money};

use crate::decision::{Decision, DecisionKind, TraceKind, Utfall, appeal_notice, carries_appeal};
use crate::document::{self, ItemShape, Shown, Text};
use crate::item_cache::{Item, ItemCache};
use crate::json_out::{self, escape};
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
    /// An interpolated parameter shown as a percentage (`format::percent_expr`).
    Percent(Type),
}

/// The pieces of [`document::item_pieces`] as [`Piece`]s: `N` of them, in order.
fn pieces<const N: usize>(shape: &ItemShape<'_>) -> [Piece; N] {
    let mut v = document::item_pieces(shape).into_iter();
    std::array::from_fn(|_| Piece::new(v.next().unwrap_or_default()))
}

/// A rule's trace item pieces (around its value and text).
#[derive(Debug)]
struct RuleW {
    ty: Type,
    /// The item without an exception.
    plain: [Piece; 2],
    /// The item for each exception (its own `enligt`, else the rule's).
    exceptions: Vec<[Piece; 2]>,
    /// The item for an exception the rule does not have (the rule's `enligt`).
    other_exception: [Piece; 2],
}

/// A parameter's trace item pieces.
#[derive(Debug)]
struct ParamW {
    key_ty: Type,
    value_ty: Type,
    /// Its values are shown as percentages (`Parameter::percent`).
    percent: bool,
    /// A scalar parameter's item: around its value and text, then its date.
    scalar: [Piece; 3],
    /// A table row's item: around its key, its value and text, then its date.
    table: [Piece; 4],
}

/// What a writer's user keeps from line to line (see [`DecisionWriter::write_with`]): the
/// texts of the last dates written, and the rendered items of parameters and table rows.
#[derive(Debug, Default)]
pub(crate) struct WriteCache {
    decision_date: json_out::DateCache,
    versions: json_out::DateCache,
    /// The rendered items of parameters and table rows, for the citations of `epoch`.
    items: ItemCache,
    /// The [`Cited`] the last line was written with (the items are emptied when it
    /// changes, since they hold its citations).
    epoch: usize,
}

/// The pieces that hold citations: the same between two dates on which a declared
/// provision's citation changes ([`delegat_ir::Program::citation_changes`]).
#[derive(Debug)]
struct Cited {
    /// [`document::lagrum`].
    lagrum: Vec<u8>,
    rules: Vec<RuleW>,
    params: Vec<ParamW>,
}

/// Writes decision lines of one decision of one pack without building a [`Decision`]: the
/// decision document of `document.rs` from a [`DecisionResult`], its constant parts
/// rendered once by that module's functions.
#[derive(Debug)]
pub(crate) struct DecisionWriter<'p> {
    pack: &'p Pack,
    decision: DecisionId,
    /// [`document::open`].
    open: Vec<u8>,
    /// The decision's kind and `helt_bifall:`, which say which outcomes carry the appeal
    /// notice (`carries_appeal`).
    slag: DecisionKind,
    helt_bifall: bool,
    /// Each branch's outcome text, then `annars`'s.
    texts: Vec<Option<Vec<Part>>>,
    /// [`document::overklagande`] of an `avslag` or `fastställt`.
    appeal: Vec<u8>,
    /// [`document::overklagande`] of a `bifall` ("Om beslutet har gått dig emot …").
    appeal_bifall: Vec<u8>,
    /// [`document::regelverk`].
    regelverk: Vec<u8>,
    /// The dates the citations change on; `cited[i]` holds for dates from `changes[i - 1]`
    /// (from the first day for `i = 0`) up to `changes[i]`.
    changes: Vec<Date>,
    cited: Vec<Cited>,
}

impl<'p> DecisionWriter<'p> {
    /// The writer of `decision` of `pack`.
    pub(crate) fn new(pack: &'p Pack, decision: DecisionId) -> DecisionWriter<'p> {
        let p = &pack.program;
        let d = p.decision(decision);
        let slag = d.map_or(DecisionKind::Beslut, |d| d.kind);
        let mut open = Vec::new();
        document::open(&mut open, d.map_or("", |d| d.name.as_str()), slag);

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
                            let ty = p.expr(*e).map_or(Type::Text, |x| x.ty.clone());
                            if crate::format::percent_expr(p, *e) {
                                Part::Percent(ty)
                            } else {
                                Part::Expr(ty)
                            }
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
        document::overklagande(&mut appeal, &appeal_notice(p, d, Utfall::Avslag));
        let mut appeal_bifall = Vec::new();
        document::overklagande(&mut appeal_bifall, &appeal_notice(p, d, Utfall::Bifall));
        let mut regelverk = Vec::new();
        document::regelverk(
            &mut regelverk,
            &p.meta.title,
            p.meta.namnd.as_deref(),
            p.meta.version.as_deref(),
            &pack.hash_hex,
            pack.signer.as_deref(),
        );
        let changes = p.citation_changes();
        let cited = std::iter::once(Date::MIN)
            .chain(changes.iter().copied())
            .map(|on| Self::cited(p, d, on))
            .collect();
        DecisionWriter {
            pack,
            decision,
            open,
            slag,
            helt_bifall: d.is_some_and(|d| d.letter.helt_bifall),
            texts,
            appeal,
            appeal_bifall,
            regelverk,
            changes,
            cited,
        }
    }

    /// The pieces that hold citations, rendered with those in force `on` that date.
    fn cited(p: &delegat_ir::Program, d: Option<&delegat_ir::Decision>, on: Date) -> Cited {
        let mut lagrum = Vec::new();
        document::lagrum(
            &mut lagrum,
            d.and_then(|d| p.citation(d.enligt.as_deref(), d.lagrum, on)),
        );
        let rules = p
            .rules
            .iter()
            .map(|r| {
                let shape = ItemShape {
                    kind: TraceKind::Regel,
                    name: &r.name,
                    keyed: false,
                    lagrum: p.citation(r.enligt.as_deref(), r.lagrum, on),
                    dated: false,
                    undantag: false,
                };
                let exception = ItemShape {
                    undantag: true,
                    ..shape
                };
                RuleW {
                    ty: r.ty.clone(),
                    plain: pieces(&shape),
                    exceptions: r
                        .undantag
                        .iter()
                        .map(|u| {
                            let lagrum = p
                                .citation(u.enligt.as_deref(), u.lagrum, on)
                                .or(p.citation(r.enligt.as_deref(), r.lagrum, on));
                            pieces(&ItemShape {
                                lagrum,
                                ..exception
                            })
                        })
                        .collect(),
                    other_exception: pieces(&exception),
                }
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
                let scalar = ItemShape {
                    kind: TraceKind::Parameter,
                    name: &par.name,
                    keyed: false,
                    lagrum: p.citation(par.enligt.as_deref(), par.lagrum, on),
                    dated: true,
                    undantag: false,
                };
                let table = ItemShape {
                    kind: TraceKind::Tabell,
                    keyed: true,
                    ..scalar
                };
                ParamW {
                    key_ty,
                    value_ty,
                    percent: par.percent,
                    scalar: pieces(&scalar),
                    table: pieces(&table),
                }
            })
            .collect();

        Cited {
            lagrum,
            rules,
            params,
        }
    }

    /// The index into `cited` for a line decided on `date`.
    fn epoch(&self, date: Date) -> usize {
        self.changes.partition_point(|c| *c <= date)
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
            self.trace_item(out, TraceEntryRef::of(t), cache, &mut first);
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
        if r.decision != self.decision {
            let mut d = Decision::from_result(self.pack, r, date);
            d.felplats = r.error.as_ref().and_then(|e| self.pack.position(e.span));
            d.write_json(out);
            return false;
        }
        out.reserve(self.open.len() + self.regelverk.len() + 1024);
        // Citations are those in force on the date that selected the norms.
        let epoch = self.epoch(r.norm.map_or(date, |n| n.date));
        if cache.epoch != epoch {
            cache.items = ItemCache::default();
            cache.epoch = epoch;
        }
        let mut line = Line {
            w: self,
            r,
            date,
            cache,
        };
        document::write_head(out, &mut line);
        true
    }

    /// Closes the trace and the line.
    pub(crate) fn finish(out: &mut Vec<u8>) {
        document::close(out);
    }

    /// Appends one trace item (with a comma before it unless it is the `first`); nothing
    /// when the program has no such rule or parameter (the item is left out, as
    /// `Decision::from_result` leaves it out). A parameter's or table row's item is copied
    /// from `cache` when it was written before (see `item_cache.rs`).
    #[inline]
    pub(crate) fn trace_item(
        &self,
        out: &mut Vec<u8>,
        t: TraceEntryRef<'_>,
        cache: &mut WriteCache,
        first: &mut bool,
    ) {
        let p = &self.pack.program;
        let Some(c) = self.cited.get(cache.epoch) else {
            return;
        };
        let (param, version, item, value) = match t {
            TraceEntryRef::Rule {
                rule,
                value,
                exception,
            } => {
                let Some(w) = c.rules.get(rule.index()) else {
                    return;
                };
                let [head, tail] = match exception {
                    Some(i) => w.exceptions.get(i as usize).unwrap_or(&w.other_exception),
                    None => &w.plain,
                };
                document::separator(out, first);
                head.put(out);
                value_and_text(out, p, value, &w.ty, false);
                tail.put(out);
                return;
            }
            TraceEntryRef::Param {
                param,
                version,
                value,
            } => (param, version, Item::Scalar, value),
            TraceEntryRef::Lookup {
                param,
                version,
                key,
                value,
            } => match key_word(key) {
                Some(word) => (param, version, Item::Row { word, key }, value),
                None => {
                    if c.params.get(param.index()).is_some() {
                        document::separator(out, first);
                        Self::param_item(p, c, out, t, &mut cache.versions);
                    }
                    return;
                }
            },
        };
        if c.params.get(param.index()).is_none() {
            return;
        }
        document::separator(out, first);
        if let Some(text) = cache.items.get(param.index(), item, version, value) {
            out.extend_from_slice(text);
            return;
        }
        let start = out.len();
        Self::param_item(p, c, out, t, &mut cache.versions);
        if let Some(text) = out.get(start..) {
            cache.items.put(param.index(), item, version, value, text);
        }
    }

    /// Renders a parameter's or table row's item (the program has the parameter).
    fn param_item(
        p: &delegat_ir::Program,
        c: &Cited,
        out: &mut Vec<u8>,
        t: TraceEntryRef<'_>,
        dates: &mut json_out::DateCache,
    ) {
        match t {
            TraceEntryRef::Rule { .. } => {}
            TraceEntryRef::Param {
                param,
                version,
                value,
            } => {
                let Some(w) = c.params.get(param.index()) else {
                    return;
                };
                let [head, tail, end] = &w.scalar;
                head.put(out);
                value_and_text(out, p, value, &w.value_ty, w.percent);
                tail.put(out);
                dates.date(out, version);
                end.put(out);
            }
            TraceEntryRef::Lookup {
                param,
                version,
                key,
                value,
            } => {
                let Some(w) = c.params.get(param.index()) else {
                    return;
                };
                let [head, key_end, tail, end] = &w.table;
                head.put(out);
                json_out::value_text(out, p, key, &w.key_ty);
                key_end.put(out);
                value_and_text(out, p, value, &w.value_ty, w.percent);
                tail.put(out);
                dates.date(out, version);
                end.put(out);
            }
        }
    }
}

/// One line's content: the writer's pieces and the result's values.
struct Line<'a, 'p> {
    w: &'a DecisionWriter<'p>,
    r: &'a DecisionResult,
    date: Date,
    cache: &'a mut WriteCache,
}

impl Line<'_, '_> {
    /// The chosen outcome's text with the result's values, if it has one.
    fn text(&self) -> Option<Filled<'_>> {
        let parts = match self.r.chosen {
            Some(Chosen::Branch(i)) => self.w.texts.get(i as usize),
            Some(Chosen::Otherwise) => self.w.texts.last(),
            None => None,
        }?;
        Some(Filled {
            p: &self.w.pack.program,
            parts: parts.as_deref()?,
            values: &self.r.values,
        })
    }
}

impl document::Content for Line<'_, '_> {
    fn open(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.w.open);
    }

    fn utfall(&self) -> Utfall {
        Utfall::from_ir(self.r.outcome)
    }

    fn belopp(&self) -> Option<Money> {
        self.r.belopp
    }

    fn motivering(&self) -> Option<impl Text> {
        if self.r.error.is_some() || self.utfall() == Utfall::Manuell {
            return None;
        }
        self.text()
    }

    fn skal(&self) -> Option<impl Text> {
        match &self.r.error {
            Some(e) => Some(Reason::Error(crate::decision::reason(
                &self.w.pack.program,
                self.r,
                e,
            ))),
            None if self.utfall() == Utfall::Manuell => self.text().map(Reason::Text),
            None => None,
        }
    }

    fn felkod(&self) -> Option<&str> {
        self.r.error.as_ref().map(|e| e.code().as_str())
    }

    fn felplats(&self) -> Option<impl Text> {
        let e = self.r.error.as_ref()?;
        self.w.pack.position(e.span).map(Shown)
    }

    fn lagrum(&mut self, out: &mut Vec<u8>) {
        if let Some(c) = self.w.cited.get(self.cache.epoch) {
            out.extend_from_slice(&c.lagrum);
        }
    }

    fn overklagande(&mut self, out: &mut Vec<u8>) {
        let utfall = self.utfall();
        if carries_appeal(self.w.slag, utfall, self.w.helt_bifall) {
            out.extend_from_slice(if utfall == Utfall::Bifall {
                &self.w.appeal_bifall
            } else {
                &self.w.appeal
            });
        }
    }

    fn beslutsdatum(&self) -> Date {
        self.date
    }

    fn norm(&self) -> Option<(Date, Option<(Date, Date)>)> {
        self.r.norm.map(|n| (n.date, n.period))
    }

    fn dates(&mut self) -> &mut json_out::DateCache {
        &mut self.cache.decision_date
    }

    fn regelverk(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.w.regelverk);
    }

    fn trace(&mut self, out: &mut Vec<u8>) {
        let mut first = true;
        for t in &self.r.trace {
            self.w
                .trace_item(out, TraceEntryRef::of(t), self.cache, &mut first);
        }
    }
}

/// An outcome's text with the values interpolated, escaped as it is written.
struct Filled<'a> {
    p: &'a delegat_ir::Program,
    parts: &'a [Part],
    values: &'a [delegat_ir::Value],
}

impl Text for Filled<'_> {
    fn write_escaped(&self, out: &mut Vec<u8>) {
        let mut values = self.values.iter();
        for part in self.parts {
            match part {
                Part::Lit(s) => s.put(out),
                Part::Expr(ty) => {
                    if let Some(v) = values.next() {
                        json_out::value_text(out, self.p, v, ty);
                    }
                }
                Part::Percent(ty) => {
                    if let Some(v) = values.next() {
                        escape(out, &crate::format::shown(self.p, v, ty, true));
                    }
                }
            }
        }
    }
}

/// Why a case goes to a caseworker: its outcome's text, or a runtime error's message as a
/// sentence (as `Decision::from_result` writes it).
enum Reason<'a> {
    Text(Filled<'a>),
    /// The runtime error's message.
    Error(String),
}

impl Text for Reason<'_> {
    fn write_escaped(&self, out: &mut Vec<u8>) {
        match self {
            Reason::Text(t) => t.write_escaped(out),
            Reason::Error(message) => {
                let mut c = message.chars();
                if let Some(first) = c.next() {
                    let mut skal: String = first.to_uppercase().collect();
                    skal.push_str(c.as_str());
                    escape(out, &skal);
                }
            }
        }
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

/// A trace item's value as JSON, [`document::TEXT`], and the value formatted the Swedish
/// way (the hole `value_and_text` of [`document::item`]).
fn value_and_text(
    out: &mut Vec<u8>,
    p: &delegat_ir::Program,
    value: &delegat_ir::Value,
    ty: &Type,
    percent: bool,
) {
    const MID: &[u8] = document::TEXT;
    match value {
        delegat_ir::Value::Money(m) => json_out::money_json_and_text(out, *m, MID),
        delegat_ir::Value::Int(v) => json_out::int_json_and_text(out, *v, MID),
        delegat_ir::Value::Dec(_) if percent => {
            json_out::value_json(out, p, value, ty);
            out.extend_from_slice(MID);
            escape(out, &crate::format::shown(p, value, ty, true));
        }
        _ => {
            json_out::value_json(out, p, value, ty);
            out.extend_from_slice(MID);
            json_out::value_text(out, p, value, ty);
        }
    }
}

#[cfg(test)]
#[path = "write_stream_tests.rs"]
mod stream_tests;

#[cfg(test)]
#[path = "old_json_tests.rs"]
pub(crate) mod old_json;
