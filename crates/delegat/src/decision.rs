//! [`Decision`]: the result of deciding one case, and its JSON (`docs/beslut.md`).

use delegat_ir::{DecisionResult, TraceEntry};
use delegat_ir::{OutcomeKind, ParamType, Program, TemplatePart, Type};
use delegat_value::{Date, Money, format as sv, json as vjson};
use serde_json::{Map, Value as Json};

use crate::format;

/// The outcome of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Utfall {
    /// `bifall`: granted.
    Bifall,
    /// `avslag`: refused.
    Avslag,
    /// `fastställt`: an amount determined (a fee).
    Faststallt,
    /// `manuell`: not decided; the case goes to a caseworker.
    Manuell,
}

impl Utfall {
    /// `"bifall"`, `"avslag"`, `"fastställt"` or `"manuell"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Utfall::Bifall => "bifall",
            Utfall::Avslag => "avslag",
            Utfall::Faststallt => "fastställt",
            Utfall::Manuell => "manuell",
        }
    }

    pub(crate) fn from_ir(kind: OutcomeKind) -> Utfall {
        match kind {
            OutcomeKind::Bifall => Utfall::Bifall,
            OutcomeKind::Avslag => Utfall::Avslag,
            OutcomeKind::Faststallt => Utfall::Faststallt,
            OutcomeKind::Manuell => Utfall::Manuell,
        }
    }
}

/// Whether the decision is made automatically or only proposed to a caseworker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DecisionKind {
    /// `beslut`: an automated decision.
    Beslut,
    /// `beslutsstöd`: a proposal; a caseworker decides.
    Beslutsstod,
}

impl DecisionKind {
    /// `"beslut"` or `"beslutsstöd"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Beslut => "beslut",
            DecisionKind::Beslutsstod => "beslutsstöd",
        }
    }
}

/// The pack's identity, as every decision carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackInfo {
    /// `regelverk "Titel"`.
    pub titel: String,
    /// `nämnd:`.
    pub namnd: Option<String>,
    /// `version:`.
    pub version: Option<String>,
    /// The pack's content hash (64 hex digits).
    pub hash: String,
}

/// What a trace entry is a value of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TraceKind {
    /// A `regel`.
    Regel,
    /// A scalar `parameter`.
    Parameter,
    /// A row of a table `parameter`.
    Tabell,
}

/// One value the decision used, with its legal basis.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceItem {
    /// Rule, parameter or table.
    pub kind: TraceKind,
    /// Its name.
    pub namn: String,
    /// The value as JSON (money as a number of kronor).
    pub varde: Json,
    /// The value as Swedish text (`8 560 kr`).
    pub text: String,
    /// Its `enligt`; for a rule whose exception gave the value, the exception's.
    pub lagrum: Option<String>,
    /// For a parameter or table: the date the value in force came into force.
    pub galler_fran: Option<Date>,
    /// For a table: the key looked up, as text.
    pub nyckel: Option<String>,
    /// For a rule: whether an exception (`undantag`) gave the value.
    pub undantag: bool,
}

/// A decided case (LANGUAGE.md §8, `docs/beslut.md`).
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The decision's name.
    pub beslut: String,
    /// `beslut` or `beslutsstöd`.
    pub slag: DecisionKind,
    /// The outcome.
    pub utfall: Utfall,
    /// The amount, if the outcome has one.
    pub belopp: Option<Money>,
    /// The motivering with its values formatted the Swedish way (not for `manuell`).
    pub motivering: Option<String>,
    /// For `manuell`: why the case goes to a caseworker (the rule's text, or the runtime
    /// error's message).
    pub skal: Option<String>,
    /// For a `manuell` caused by a runtime error: its code (`E0405`).
    pub felkod: Option<String>,
    /// For a `manuell` caused by a runtime error, when the pack was built from source: where
    /// in the rule file the error arose.
    pub felplats: Option<crate::Position>,
    /// The decision's legal basis (`enligt`).
    pub lagrum: Option<String>,
    /// The appeal notice (FL 33 §): for an `avslag` or `fastställt` of a `beslut`.
    pub overklagande: Option<String>,
    /// The decision date.
    pub beslutsdatum: Date,
    /// The pack.
    pub regelverk: PackInfo,
    /// Every rule and parameter value the decision used, in the order first used.
    pub spar: Vec<TraceItem>,
}

/// The appeal notice of LEGAL.md §2 (FL 40–45 §§), in plain Swedish.
pub(crate) fn appeal_notice(namnd: Option<&str>) -> String {
    let to = namnd.map_or_else(|| "nämnden".to_owned(), str::to_owned);
    format!(
        "Du kan överklaga beslutet hos förvaltningsrätten. Skicka ditt överklagande till {to}. \
         Skriv vilket beslut du överklagar och vilken ändring du vill ha. Överklagandet ska ha \
         kommit in inom tre veckor från den dag du fick del av beslutet."
    )
}

impl Decision {
    /// Builds the decision from the interpreter's result.
    pub(crate) fn from_result(p: &Program, hash: &str, r: &DecisionResult, date: Date) -> Decision {
        let d = p.decision(r.decision);
        let slag = match d.map(|d| d.kind) {
            Some(delegat_ir::DecisionKind::Beslutsstod) => DecisionKind::Beslutsstod,
            _ => DecisionKind::Beslut,
        };
        let utfall = Utfall::from_ir(r.outcome);
        let text = r.outcome_decl(p).and_then(|o| o.text.as_ref()).map(|t| {
            let mut values = r.values.iter();
            let mut out = String::new();
            for part in &t.parts {
                match part {
                    TemplatePart::Lit(s) => out.push_str(s),
                    TemplatePart::Expr(e) => {
                        let ty = p.expr(*e).map_or(Type::Text, |x| x.ty.clone());
                        if let Some(v) = values.next() {
                            out.push_str(&format::text(p, v, &ty));
                        }
                    }
                }
            }
            out
        });
        let (motivering, skal) = match (&r.error, utfall) {
            (Some(e), _) => (None, Some(capitalize(&e.message()))),
            (None, Utfall::Manuell) => (None, text),
            (None, _) => (text, None),
        };
        let appealable =
            slag == DecisionKind::Beslut && matches!(utfall, Utfall::Avslag | Utfall::Faststallt);
        Decision {
            beslut: d.map_or_else(String::new, |d| d.name.clone()),
            slag,
            utfall,
            belopp: r.belopp,
            motivering,
            skal,
            felkod: r.error.as_ref().map(|e| e.code().as_str().to_owned()),
            felplats: None,
            lagrum: d.and_then(|d| d.enligt.clone()),
            overklagande: appealable.then(|| appeal_notice(p.meta.namnd.as_deref())),
            beslutsdatum: date,
            regelverk: PackInfo {
                titel: p.meta.title.clone(),
                namnd: p.meta.namnd.clone(),
                version: p.meta.version.clone(),
                hash: hash.to_owned(),
            },
            spar: r.trace.iter().filter_map(|t| trace_item(p, t)).collect(),
        }
    }

    /// The decision as the documented JSON object (`docs/beslut.md`), fields in a fixed
    /// order. Absent values are left out, never `null`.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        let mut put = |k: &str, v: Json| {
            m.insert(k.to_owned(), v);
        };
        put(
            "format",
            Json::String(format!("delegat-beslut/{}", crate::DECISION_FORMAT_VERSION)),
        );
        put("beslut", Json::String(self.beslut.clone()));
        put("slag", Json::String(self.slag.as_str().into()));
        put("utfall", Json::String(self.utfall.as_str().into()));
        if let Some(b) = self.belopp {
            put("belopp", format::number(&vjson::money_to_json(b)));
        }
        if let Some(t) = &self.motivering {
            put("motivering", Json::String(t.clone()));
        }
        if let Some(t) = &self.skal {
            put("skäl", Json::String(t.clone()));
        }
        if let Some(t) = &self.felkod {
            put("felkod", Json::String(t.clone()));
        }
        if let Some(t) = &self.felplats {
            put("felplats", Json::String(t.to_string()));
        }
        if let Some(t) = &self.lagrum {
            put("lagrum", Json::String(t.clone()));
        }
        if let Some(t) = &self.overklagande {
            put("överklagande", Json::String(t.clone()));
        }
        put(
            "beslutsdatum",
            Json::String(sv::format_date(self.beslutsdatum)),
        );
        let mut rv = Map::new();
        rv.insert("titel".into(), Json::String(self.regelverk.titel.clone()));
        if let Some(n) = &self.regelverk.namnd {
            rv.insert("nämnd".into(), Json::String(n.clone()));
        }
        if let Some(v) = &self.regelverk.version {
            rv.insert("version".into(), Json::String(v.clone()));
        }
        rv.insert("hash".into(), Json::String(self.regelverk.hash.clone()));
        put("regelverk", Json::Object(rv));
        put(
            "spår",
            Json::Array(self.spar.iter().map(TraceItem::to_json).collect()),
        );
        Json::Object(m)
    }

    /// The JSON on one line.
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::with_capacity(2048);
        self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Appends the JSON on one line (without a newline) to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let _ = serde_json::to_writer(out, self);
    }

    /// The JSON, indented for reading.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The Swedish decision letter (FL 31–33 §§): who decided (the nämnd through its
    /// automated decision function), the date, the content, the motivering with the
    /// provisions applied and the values used, the appeal notice, and how to have a person
    /// look at the decision. See `docs/beslut.md`.
    pub fn letter(&self) -> String {
        crate::letter::write(self)
    }
}

impl TraceItem {
    /// The trace entry as JSON: `{"regel": "behov", "värde": 8560, "text": "8 560 kr", …}`.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        let key = match self.kind {
            TraceKind::Regel => "regel",
            TraceKind::Parameter => "parameter",
            TraceKind::Tabell => "tabell",
        };
        m.insert(key.into(), Json::String(self.namn.clone()));
        if let Some(k) = &self.nyckel {
            m.insert("nyckel".into(), Json::String(k.clone()));
        }
        m.insert("värde".into(), self.varde.clone());
        m.insert("text".into(), Json::String(self.text.clone()));
        if let Some(l) = &self.lagrum {
            m.insert("lagrum".into(), Json::String(l.clone()));
        }
        if let Some(d) = self.galler_fran {
            m.insert("gäller_från".into(), Json::String(sv::format_date(d)));
        }
        if self.undantag {
            m.insert("undantag".into(), Json::Bool(true));
        }
        Json::Object(m)
    }
}

fn trace_item(p: &Program, t: &TraceEntry) -> Option<TraceItem> {
    match t {
        TraceEntry::Rule {
            rule,
            value,
            exception,
        } => {
            let r = p.rule(*rule)?;
            let lagrum = match exception.and_then(|i| r.undantag.get(i as usize)) {
                Some(u) => u.enligt.clone().or_else(|| r.enligt.clone()),
                None => r.enligt.clone(),
            };
            Some(TraceItem {
                kind: TraceKind::Regel,
                namn: r.name.clone(),
                varde: format::to_json(p, value, &r.ty),
                text: format::text(p, value, &r.ty),
                lagrum,
                galler_fran: None,
                nyckel: None,
                undantag: exception.is_some(),
            })
        }
        TraceEntry::Param {
            param,
            version,
            value,
        } => {
            let par = p.param(*param)?;
            let ty = match &par.ty {
                ParamType::Value(t) | ParamType::Table { value: t, .. } => t.clone(),
            };
            Some(TraceItem {
                kind: TraceKind::Parameter,
                namn: par.name.clone(),
                varde: format::to_json(p, value, &ty),
                text: format::text(p, value, &ty),
                lagrum: par.enligt.clone(),
                galler_fran: Some(*version),
                nyckel: None,
                undantag: false,
            })
        }
        TraceEntry::Lookup {
            param,
            version,
            key,
            value,
        } => {
            let par = p.param(*param)?;
            let (kty, vty) = match &par.ty {
                ParamType::Table { key, value } => (key.ty(), value.clone()),
                ParamType::Value(t) => (Type::Int, t.clone()),
            };
            Some(TraceItem {
                kind: TraceKind::Tabell,
                namn: par.name.clone(),
                varde: format::to_json(p, value, &vty),
                text: format::text(p, value, &vty),
                lagrum: par.enligt.clone(),
                galler_fran: Some(*version),
                nyckel: Some(format::text(p, key, &kty)),
                undantag: false,
            })
        }
    }
}

/// The first letter upper-case (a runtime error's message is lowercase; a reason shown to a
/// person is a sentence).
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// JSON text with object keys in insertion order.
///
/// `serde_json::Map` without `preserve_order` sorts its keys; the decision's fields are
/// documented in a reading order, so objects are written here in the order they were built
/// (a `Map` built by `to_json` iterates sorted, so the order is recovered from `FIELD_ORDER`).
pub(crate) mod ordered {
    use serde_json::Value as Json;

    /// The documented order of keys; keys not listed follow in sorted order.
    const FIELD_ORDER: &[&str] = &[
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
        FIELD_ORDER
            .iter()
            .position(|k| *k == key)
            .unwrap_or(FIELD_ORDER.len())
    }

    /// A JSON value that serialises its objects' keys in the documented order.
    pub(crate) struct Ordered<'a>(pub(crate) &'a Json);

    impl serde::Serialize for Ordered<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::{SerializeMap, SerializeSeq};
            match self.0 {
                Json::Object(map) => {
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort_by(|a, b| (rank(a), *a).cmp(&(rank(b), *b)));
                    let mut m = s.serialize_map(Some(keys.len()))?;
                    for k in keys {
                        if let Some(v) = map.get(k) {
                            m.serialize_entry(k, &Ordered(v))?;
                        }
                    }
                    m.end()
                }
                Json::Array(items) => {
                    let mut q = s.serialize_seq(Some(items.len()))?;
                    for v in items {
                        q.serialize_element(&Ordered(v))?;
                    }
                    q.end()
                }
                scalar => scalar.serialize(s),
            }
        }
    }

    /// One line.
    #[cfg(test)]
    pub(crate) fn to_string(v: &Json) -> String {
        serde_json::to_string(&Ordered(v)).unwrap_or_default()
    }

    /// Appends one line to `out`.
    pub(crate) fn write(out: &mut Vec<u8>, v: &Json) {
        let _ = serde_json::to_writer(out, &Ordered(v));
    }
}

/// Appends `v` on one line, object keys in the documented order, to `out`.
pub(crate) use ordered::write as write_json;

/// The pack identity as a JSON object, fields in the documented order.
impl serde::Serialize for PackInfo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("titel", &self.titel)?;
        if let Some(n) = &self.namnd {
            m.serialize_entry("nämnd", n)?;
        }
        if let Some(v) = &self.version {
            m.serialize_entry("version", v)?;
        }
        m.serialize_entry("hash", &self.hash)?;
        m.end()
    }
}

/// Serialises as [`TraceItem::to_json`], keys in the documented order.
impl serde::Serialize for TraceItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        let key = match self.kind {
            TraceKind::Regel => "regel",
            TraceKind::Parameter => "parameter",
            TraceKind::Tabell => "tabell",
        };
        m.serialize_entry(key, &self.namn)?;
        if let Some(k) = &self.nyckel {
            m.serialize_entry("nyckel", k)?;
        }
        m.serialize_entry("värde", &ordered::Ordered(&self.varde))?;
        m.serialize_entry("text", &self.text)?;
        if let Some(l) = &self.lagrum {
            m.serialize_entry("lagrum", l)?;
        }
        if let Some(d) = self.galler_fran {
            m.serialize_entry("gäller_från", &sv::format_date(d))?;
        }
        if self.undantag {
            m.serialize_entry("undantag", &true)?;
        }
        m.end()
    }
}

/// Serialises as the documented JSON of [`Decision::to_json`], keys in the documented order
/// (so `serde_json::to_writer(&mut w, &decision)` writes what `delegat run` writes). The
/// fields are written directly, without building the `serde_json::Value` of `to_json`.
impl serde::Serialize for Decision {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("format", FORMAT)?;
        m.serialize_entry("beslut", &self.beslut)?;
        m.serialize_entry("slag", self.slag.as_str())?;
        m.serialize_entry("utfall", self.utfall.as_str())?;
        if let Some(b) = self.belopp {
            m.serialize_entry("belopp", &format::number(&vjson::money_to_json(b)))?;
        }
        if let Some(t) = &self.motivering {
            m.serialize_entry("motivering", t)?;
        }
        if let Some(t) = &self.skal {
            m.serialize_entry("skäl", t)?;
        }
        if let Some(t) = &self.felkod {
            m.serialize_entry("felkod", t)?;
        }
        if let Some(t) = &self.felplats {
            m.serialize_entry("felplats", &t.to_string())?;
        }
        if let Some(t) = &self.lagrum {
            m.serialize_entry("lagrum", t)?;
        }
        if let Some(t) = &self.overklagande {
            m.serialize_entry("överklagande", t)?;
        }
        m.serialize_entry("beslutsdatum", &sv::format_date(self.beslutsdatum))?;
        m.serialize_entry("regelverk", &self.regelverk)?;
        m.serialize_entry("spår", &self.spar)?;
        m.end()
    }
}

/// The `format` field's value.
const FORMAT: &str = "delegat-beslut/1";

/// Serialises as `{"fel": {"kod", "meddelande", "fält"}}` (see [`crate::CaseError::to_json`]).
impl serde::Serialize for crate::CaseError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ordered::Ordered(&self.to_json()).serialize(s)
    }
}
