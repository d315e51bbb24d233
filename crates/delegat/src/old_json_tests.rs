//! The decision JSON as it was written before `document.rs`: `serde_json::Value`s built
//! field by field and written with their object keys ordered by a rank table. Kept only as
//! the tests' independent reference for the bytes of the one writer.

use delegat_value::{format as swedish, json as vjson};
use serde_json::{Map, Value as Json};

use crate::decision::{Decision, TraceItem, TraceKind};
use crate::format;

/// The reference line of a decision.
pub(crate) fn line(d: &Decision) -> String {
    to_string(&decision_json(d))
}

/// The reference error line of a case that cannot be read.
pub(crate) fn error_line(e: &crate::CaseError) -> String {
    let mut fel = Map::new();
    fel.insert("kod".into(), Json::String(e.code().as_str().into()));
    fel.insert("meddelande".into(), Json::String(e.message.clone()));
    fel.insert(
        "fält".into(),
        e.field.clone().map_or(Json::Null, Json::String),
    );
    let mut out = Map::new();
    out.insert("fel".into(), Json::Object(fel));
    to_string(&Json::Object(out))
}

/// The reference of `Decision::to_json_pretty`.
pub(crate) fn pretty(d: &Decision) -> String {
    serde_json::to_string_pretty(&Ordered(&decision_json(d))).unwrap()
}

fn decision_json(d: &Decision) -> Json {
    let mut m = Map::new();
    let mut put = |k: &str, v: Json| {
        m.insert(k.to_owned(), v);
    };
    put(
        "format",
        Json::String(format!("delegat-beslut/{}", crate::DECISION_FORMAT_VERSION)),
    );
    put("beslut", Json::String(d.beslut.clone()));
    put("slag", Json::String(d.slag.as_str().into()));
    put("utfall", Json::String(d.utfall.as_str().into()));
    if let Some(b) = d.belopp {
        put("belopp", format::number(&vjson::money_to_json(b)));
    }
    if let Some(t) = &d.motivering {
        put("motivering", Json::String(t.clone()));
    }
    if let Some(t) = &d.skal {
        put("skäl", Json::String(t.clone()));
    }
    if let Some(t) = &d.felkod {
        put("felkod", Json::String(t.clone()));
    }
    if let Some(t) = &d.felplats {
        put("felplats", Json::String(t.to_string()));
    }
    if let Some(t) = &d.lagrum {
        put("lagrum", Json::String(t.clone()));
    }
    if let Some(t) = &d.overklagande {
        put("överklagande", Json::String(t.clone()));
    }
    put(
        "beslutsdatum",
        Json::String(swedish::format_date(d.beslutsdatum)),
    );
    if let Some(n) = d.normdatum {
        put("normdatum", Json::String(swedish::format_date(n)));
    }
    if let Some((from, to)) = d.period {
        let mut pm = Map::new();
        pm.insert("från".into(), Json::String(swedish::format_date(from)));
        pm.insert("till".into(), Json::String(swedish::format_date(to)));
        put("period", Json::Object(pm));
    }
    let mut rv = Map::new();
    rv.insert("titel".into(), Json::String(d.regelverk.titel.clone()));
    if let Some(n) = &d.regelverk.namnd {
        rv.insert("nämnd".into(), Json::String(n.clone()));
    }
    if let Some(v) = &d.regelverk.version {
        rv.insert("version".into(), Json::String(v.clone()));
    }
    rv.insert("hash".into(), Json::String(d.regelverk.hash.clone()));
    if let Some(k) = &d.regelverk.signerad_av {
        // Not in `FIELD_ORDER`: an unlisted key follows the listed ones (`hash` is last).
        rv.insert("signerad_av".into(), Json::String(k.clone()));
    }
    put("regelverk", Json::Object(rv));
    put("spår", Json::Array(d.spar.iter().map(item_json).collect()));
    Json::Object(m)
}

fn item_json(t: &TraceItem) -> Json {
    let mut m = Map::new();
    let key = match t.kind {
        TraceKind::Regel => "regel",
        TraceKind::Parameter => "parameter",
        TraceKind::Tabell => "tabell",
    };
    m.insert(key.into(), Json::String(t.namn.clone()));
    if let Some(k) = &t.nyckel {
        m.insert("nyckel".into(), Json::String(k.clone()));
    }
    m.insert("värde".into(), t.varde.clone());
    m.insert("text".into(), Json::String(t.text.clone()));
    if let Some(l) = &t.lagrum {
        m.insert("lagrum".into(), Json::String(l.clone()));
    }
    if let Some(d) = t.galler_fran {
        m.insert("gäller_från".into(), Json::String(swedish::format_date(d)));
    }
    if t.undantag {
        m.insert("undantag".into(), Json::Bool(true));
    }
    Json::Object(m)
}

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
    "normdatum",
    "period",
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
fn to_string(v: &Json) -> String {
    serde_json::to_string(&Ordered(v)).unwrap_or_default()
}
