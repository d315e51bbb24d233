//! Reading a JSON case: every declared `uppgift`, checked against its type and range.
//!
//! The JSON is parsed by `serde_json` with `arbitrary_precision`, so a number keeps its
//! text and is read exactly by `delegat-value` (money never passes through a float).
//! Unknown keys, missing `källa: sökande` inputs, ill-typed and out-of-range values are
//! errors that name the field (`barn[2].ålder`) and say what was expected, in Swedish.
//! Inputs from another source (register, handläggare, bedömning) may be left out; a
//! computation that needs one then becomes `manuell` (E0410).

use std::borrow::Cow;
use std::fmt;

use delegat_diagnostics::Code;
use delegat_ir::{Bounds, Input, Kalla, Program, Type, TypeDefKind, Value};
use delegat_value::json::{self as vjson, Expected, InputError, Problem};
use delegat_value::{Date, Duration, DurationUnit};
use serde_json::Value as Json;
use unicode_normalization::UnicodeNormalization;

/// The largest case read, in bytes (a real case is a few kilobytes).
pub(crate) const MAX_CASE_BYTES: usize = 4 * 1024 * 1024;

/// The key of the decision date in a case.
pub(crate) const DATE_KEY: &str = "beslutsdatum";

/// A case that cannot be decided because it cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseError {
    /// What kind of problem.
    pub kind: CaseErrorKind,
    /// The field, as a path (`barn[2].ålder`); `None` for the case as a whole.
    pub field: Option<String>,
    /// The Swedish message (lowercase, no final period).
    pub message: String,
}

/// The kinds of [`CaseError`], each with its stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CaseErrorKind {
    /// Not JSON, not an object, too large or too deep (E0420).
    Json,
    /// A key that is no declared input (E0421).
    Unknown,
    /// A required input is missing (E0422).
    Missing,
    /// A value of the wrong kind, or a number that cannot be read exactly (E0423).
    Type,
    /// A value outside the declared range (E0424).
    Range,
    /// No decision date, or an invalid one (E0425).
    Date,
}

impl CaseError {
    pub(crate) fn new(
        kind: CaseErrorKind,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> CaseError {
        CaseError {
            kind,
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }

    /// The stable code.
    pub fn code(&self) -> Code {
        match self.kind {
            CaseErrorKind::Json => Code::E0420,
            CaseErrorKind::Unknown => Code::E0421,
            CaseErrorKind::Missing => Code::E0422,
            CaseErrorKind::Type => Code::E0423,
            CaseErrorKind::Range => Code::E0424,
            CaseErrorKind::Date => Code::E0425,
        }
    }

    /// The error line of a batch: `{"fel": {"kod": …, "meddelande": …, "fält": …}}` (its
    /// bytes, [`CaseError::write_json`], read back).
    pub fn to_json(&self) -> Json {
        let mut out = Vec::new();
        self.write_json(&mut out);
        serde_json::from_slice(&out).unwrap_or(Json::Null)
    }

    /// Appends the error line of a batch (without the newline) to `out`: the error
    /// document `delegat serve` answers with, too.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let code = self.code();
        crate::document::error_line(out, code.as_str(), &self.message, self.field.as_deref());
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fel[{}]: {}", self.code(), self.message)
    }
}

impl std::error::Error for CaseError {}

/// A case read and validated: one slot per input, and the decision date.
pub(crate) struct Case {
    pub(crate) inputs: Vec<Option<Value>>,
    pub(crate) date: Date,
}

/// Reads the JSON text of a case for `p`; `default_date` applies when the case has no
/// `beslutsdatum`.
pub(crate) fn read(p: &Program, text: &str, default_date: Option<Date>) -> Result<Case, CaseError> {
    if text.len() > MAX_CASE_BYTES {
        return Err(CaseError::new(
            CaseErrorKind::Json,
            None,
            format!("ärendet är större än {} MB", MAX_CASE_BYTES / 1024 / 1024),
        ));
    }
    // A byte order mark, which some Windows tools write, is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Keys and texts are compared and kept in Unicode NFC: a decomposed `å` (`a` and a
    // combining ring, as macOS and PDF copies give) names the same input as `å`.
    let text = nfc(text);
    let map = read_object(&text)?;
    let mut date = default_date;
    let mut inputs: Vec<Option<Value>> = vec![None; p.inputs.len()];
    for (key, value) in &map.0 {
        if key == DATE_KEY {
            date = Some(read_date_key(value)?);
            continue;
        }
        let Some(id) = p.input_by_name(key) else {
            return Err(unknown_input(p, key));
        };
        let Some(input) = p.input(id) else { continue };
        let v = Reader { p }.value(value, &input.ty, &input.bounds, Path::Input(key))?;
        if let Some(slot) = inputs.get_mut(id.index()) {
            *slot = Some(v);
        }
    }
    for (input, slot) in p.inputs.iter().zip(&inputs) {
        if slot.is_none() && is_required(input) {
            return Err(CaseError::new(
                CaseErrorKind::Missing,
                Some(&input.name),
                format!(
                    "uppgiften `{}` saknas i ärendet; den ska vara {}",
                    input.name,
                    type_phrase(p, &input.ty)
                ),
            ));
        }
    }
    let Some(date) = date else {
        return Err(CaseError::new(
            CaseErrorKind::Date,
            Some(DATE_KEY),
            "beslutsdatum saknas: ange `\"beslutsdatum\": \"ÅÅÅÅ-MM-DD\"` i ärendet eller ett datum när beslutsmotorn körs",
        ));
    };
    Ok(Case { inputs, date })
}

/// `text` in Unicode NFC: borrowed when it already is (every ASCII text), normalised
/// otherwise. NFC never changes JSON's structure: quotes, brackets and escapes are ASCII
/// characters that nothing composes with. A character written as a `\u` escape is read as
/// written.
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    if delegat_syntax::nfc::is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// The top-level object of a case, keys in their order, a key given twice refused (JSON
/// allows it, and a parser would silently keep one of the two values).
struct TopLevel(Vec<(String, Json)>);

/// The message of a duplicate key (carried through serde's error as its text).
const DUPLICATE: &str = "delegat: duplicate key ";

impl<'de> serde::Deserialize<'de> for TopLevel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TopLevel, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = TopLevel;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("ett JSON-objekt")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TopLevel, A::Error> {
                let mut out: Vec<(String, Json)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(serde::de::Error::custom(format!("{DUPLICATE}{key}")));
                    }
                    let value: Json = map.next_value()?;
                    out.push((key, value));
                }
                Ok(TopLevel(out))
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// Parses the case's top-level object.
fn read_object(text: &str) -> Result<TopLevel, CaseError> {
    match serde_json::from_str::<TopLevel>(text) {
        Ok(map) => Ok(map),
        Err(e) => {
            let message = e.to_string();
            if let Some(rest) = message.strip_prefix(DUPLICATE) {
                let key = rest.split(" at line ").next().unwrap_or(rest);
                return Err(CaseError::new(
                    CaseErrorKind::Json,
                    Some(key),
                    format!("uppgiften `{}` anges två gånger i ärendet", shorten(key)),
                ));
            }
            // Not an object, or not JSON: parse again as any value for a precise message.
            let json: Json = serde_json::from_str(text).map_err(json_error)?;
            Err(CaseError::new(
                CaseErrorKind::Json,
                None,
                format!(
                    "ärendet ska vara ett JSON-objekt `{{…}}`, men är {}",
                    json_kind(&json)
                ),
            ))
        }
    }
}

/// Whether a case must give the input: everything the applicant states.
pub(crate) fn is_required(input: &Input) -> bool {
    input.kalla == Kalla::Sokande
}

fn read_date_key(value: &Json) -> Result<Date, CaseError> {
    let bad = |found: String| {
        CaseError::new(
            CaseErrorKind::Date,
            Some(DATE_KEY),
            format!("`beslutsdatum` ska vara ett datum på formen \"ÅÅÅÅ-MM-DD\", men är `{found}`"),
        )
    };
    match value {
        Json::String(s) => vjson::date_from_json_string(s).map_err(|_| bad(shorten(s))),
        other => Err(bad(shorten(&other.to_string()))),
    }
}

fn unknown_input(p: &Program, key: &str) -> CaseError {
    let mut msg = format!("ärendet har en okänd uppgift `{}`", shorten(key));
    if let Some(near) = p.inputs.iter().find(|i| similar(&i.name, key)) {
        msg.push_str(&format!("; menade du `{}`?", near.name));
    } else {
        let names: Vec<String> = p.inputs.iter().map(|i| format!("`{}`", i.name)).collect();
        if !names.is_empty() {
            msg.push_str(&format!(
                "; regelverkets uppgifter är {}",
                crate::format::swedish_list(&names)
            ));
        }
    }
    CaseError::new(CaseErrorKind::Unknown, Some(key), msg)
}

/// Two names that differ by case or by at most two characters' edit.
fn similar(a: &str, b: &str) -> bool {
    if a.to_lowercase() == b.to_lowercase() {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 || a.len() > 64 || b.len() > 64 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(usize::MAX) <= 2
}

fn json_error(e: serde_json::Error) -> CaseError {
    let text = e.to_string();
    let message = if text.contains("recursion limit") {
        "ärendet är för djupt nästlat".to_owned()
    } else if e.is_eof() {
        format!(
            "ärendet är inte giltig JSON: texten tar slut för tidigt (rad {}, kolumn {})",
            e.line(),
            e.column()
        )
    } else {
        format!(
            "ärendet är inte giltig JSON (rad {}, kolumn {})",
            e.line(),
            e.column()
        )
    };
    CaseError::new(CaseErrorKind::Json, None, message)
}

/// A short description of a JSON value's kind, for messages.
pub(crate) fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "`null`",
        Json::Bool(_) => "ett sanningsvärde",
        Json::Number(_) => "ett tal",
        Json::String(_) => "en text",
        Json::Array(_) => "en lista",
        Json::Object(_) => "ett objekt",
    }
}

/// At most 40 characters of user text for a message.
pub(crate) fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// How a value of `ty` is written in JSON, for messages: `ett heltal`, `en av "a", "b"`.
pub(crate) fn type_phrase(p: &Program, ty: &Type) -> String {
    match ty {
        Type::Int => "ett heltal".into(),
        Type::Dec => "ett tal".into(),
        Type::Money => "ett belopp i kronor (t.ex. 5000 eller \"5 000 kr\")".into(),
        Type::Bool => "ja/nej (true eller false)".into(),
        Type::Date => "ett datum (\"ÅÅÅÅ-MM-DD\")".into(),
        Type::Duration => "en varaktighet (t.ex. \"3 månader\")".into(),
        Type::Text => "en text".into(),
        Type::Enum(t) => match p.type_def(*t).map(|d| &d.kind) {
            Some(TypeDefKind::Enum(names)) => {
                let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                format!("en av {}", or_list(&names))
            }
            _ => "ett värde av uppräkningstypen".into(),
        },
        Type::Record(_) => format!("ett objekt av typen `{}`", p.type_name(ty)),
        Type::List(elem) => format!("en lista där varje element är {}", type_phrase(p, elem)),
    }
}

fn or_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} eller {last}", init.join(", ")),
    }
}

/// Where a value sits in a case (`barn[2].ålder`): written out only when a diagnostic names
/// it, so that reading a value that is fine allocates nothing for its path.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    /// An input of the case, by name.
    Input(&'a str),
    /// Element `usize` of the list at the path.
    Index(&'a Path<'a>, usize),
    /// A field of the record at the path.
    Field(&'a Path<'a>, &'a str),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Input(name) => f.write_str(name),
            Path::Index(list, i) => write!(f, "{list}[{i}]"),
            Path::Field(record, name) => write!(f, "{record}.{name}"),
        }
    }
}

/// Reads a JSON value of a declared type (the fast reader uses it for records and nested
/// lists).
pub(crate) struct Reader<'p> {
    pub(crate) p: &'p Program,
}

impl Reader<'_> {
    pub(crate) fn value(
        &self,
        json: &Json,
        ty: &Type,
        bounds: &Bounds,
        path: Path<'_>,
    ) -> Result<Value, CaseError> {
        let value = match ty {
            Type::List(elem) => {
                let Json::Array(items) = json else {
                    return Err(self.wrong(json, ty, path));
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(self.value(item, elem, bounds, Path::Index(&path, i))?);
                }
                return Ok(Value::list(out));
            }
            Type::Record(t) => return self.record(json, *t, ty, path),
            Type::Int => Value::Int(self.number(json, ty, path, vjson::int_from_json_number)?),
            Type::Dec => {
                Value::Dec(self.number(json, ty, path, vjson::decimal_from_json_number)?)
            }
            Type::Money => match json {
                Json::String(s) => Value::Money(
                    vjson::money_from_json_string(s).map_err(|e| self.input_error(&e, path))?,
                ),
                _ => Value::Money(self.number(json, ty, path, vjson::money_from_json_number)?),
            },
            Type::Bool => match json {
                Json::Bool(b) => Value::Bool(*b),
                _ => return Err(self.wrong(json, ty, path)),
            },
            Type::Date => match json {
                Json::String(s) => Value::Date(
                    vjson::date_from_json_string(s).map_err(|e| self.input_error(&e, path))?,
                ),
                _ => {
                    let e = InputError::new(Expected::Date, Problem::Malformed, &json.to_string());
                    return Err(self.input_error(&e, path));
                }
            },
            Type::Duration => match json {
                Json::String(s) => match parse_duration(s) {
                    Some(d) => Value::Duration(d),
                    None => return Err(self.wrong(json, ty, path)),
                },
                _ => return Err(self.wrong(json, ty, path)),
            },
            Type::Text => match json {
                Json::String(s) => Value::text(s),
                _ => return Err(self.wrong(json, ty, path)),
            },
            Type::Enum(t) => {
                let names = match self.p.type_def(*t).map(|d| &d.kind) {
                    Some(TypeDefKind::Enum(names)) => names.as_slice(),
                    _ => &[],
                };
                let found = match json {
                    Json::String(s) => names.iter().position(|n| n == s),
                    _ => None,
                };
                match found {
                    Some(i) => Value::Enum(u32::try_from(i).unwrap_or(u32::MAX)),
                    None => return Err(self.wrong(json, ty, path)),
                }
            }
        };
        self.check_bounds(&value, ty, bounds, path)?;
        Ok(value)
    }

    fn record(
        &self,
        json: &Json,
        t: delegat_ir::TypeId,
        ty: &Type,
        path: Path<'_>,
    ) -> Result<Value, CaseError> {
        let Json::Object(map) = json else {
            return Err(self.wrong(json, ty, path));
        };
        let fields = match self.p.type_def(t).map(|d| &d.kind) {
            Some(TypeDefKind::Record(fields)) => fields.as_slice(),
            _ => &[],
        };
        for key in map.keys() {
            if !fields.iter().any(|f| &f.name == key) {
                let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
                return Err(CaseError::new(
                    CaseErrorKind::Unknown,
                    Some(&format!("{path}.{key}")),
                    format!(
                        "`{path}` har ett okänt fält `{}`; typen `{}` har fälten {}",
                        shorten(key),
                        self.p.type_name(ty),
                        crate::format::swedish_list(&names)
                    ),
                ));
            }
        }
        let mut out = Vec::with_capacity(fields.len());
        for f in fields {
            let fpath = Path::Field(&path, &f.name);
            let Some(v) = map.get(&f.name) else {
                let fpath = fpath.to_string();
                return Err(CaseError::new(
                    CaseErrorKind::Missing,
                    Some(&fpath),
                    format!(
                        "fältet `{fpath}` saknas; det ska vara {}",
                        type_phrase(self.p, &f.ty)
                    ),
                ));
            };
            out.push(self.value(v, &f.ty, &f.bounds, fpath)?);
        }
        Ok(Value::record(out))
    }

    fn number<T>(
        &self,
        json: &Json,
        ty: &Type,
        path: Path<'_>,
        read: fn(&str) -> Result<T, InputError>,
    ) -> Result<T, CaseError> {
        match json {
            Json::Number(n) => read(n.as_str()).map_err(|e| self.input_error(&e, path)),
            _ => Err(self.wrong(json, ty, path)),
        }
    }

    fn input_error(&self, e: &InputError, path: Path<'_>) -> CaseError {
        let path = path.to_string();
        CaseError::new(
            CaseErrorKind::Type,
            Some(&path),
            format!("uppgiften `{path}`: {}", e.message()),
        )
    }

    fn wrong(&self, json: &Json, ty: &Type, path: Path<'_>) -> CaseError {
        let path = path.to_string();
        let found = match json {
            Json::Array(_) => "en lista".to_owned(),
            Json::Object(_) => "ett objekt".to_owned(),
            other => format!("`{}`", shorten(&other.to_string())),
        };
        CaseError::new(
            CaseErrorKind::Type,
            Some(&path),
            format!(
                "uppgiften `{path}` ska vara {}, men är {found}",
                type_phrase(self.p, ty)
            ),
        )
    }

    fn check_bounds(
        &self,
        value: &Value,
        ty: &Type,
        bounds: &Bounds,
        path: Path<'_>,
    ) -> Result<(), CaseError> {
        let below = bounds.lo.as_ref().is_some_and(|lo| less(value, lo));
        let above = bounds.hi.as_ref().is_some_and(|hi| less(hi, value));
        if !(below || above) {
            return Ok(());
        }
        let path = path.to_string();
        let show = |v: &Value| crate::format::text(self.p, v, ty);
        let range = match (&bounds.lo, &bounds.hi) {
            (Some(lo), Some(hi)) => format!("mellan {} och {}", show(lo), show(hi)),
            (Some(lo), None) => format!("minst {}", show(lo)),
            (None, Some(hi)) => format!("högst {}", show(hi)),
            (None, None) => String::new(),
        };
        Err(CaseError::new(
            CaseErrorKind::Range,
            Some(&path),
            format!(
                "uppgiften `{path}` ska vara {range}, men är {}",
                show(value)
            ),
        ))
    }
}

/// `a < b` for two values of one ordered kind; values of other kinds are never less.
pub(crate) fn less(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x < y,
        (Value::Money(x), Value::Money(y)) => x < y,
        (Value::Dec(x), Value::Dec(y)) => x < y,
        (Value::Date(x), Value::Date(y)) => x < y,
        (Value::Int(x), Value::Dec(y)) => delegat_value::Decimal::from_i64(*x) < *y,
        (Value::Dec(x), Value::Int(y)) => *x < delegat_value::Decimal::from_i64(*y),
        _ => false,
    }
}

/// `3 månader`, `1 år`, `14 dagar`, `2 veckor`.
pub(crate) fn parse_duration(s: &str) -> Option<Duration> {
    let mut parts = s.split_whitespace();
    let amount: i64 = parts.next()?.parse().ok()?;
    let unit = match parts.next()? {
        "dag" | "dagar" => DurationUnit::Dagar,
        "vecka" | "veckor" => DurationUnit::Veckor,
        "månad" | "månader" => DurationUnit::Manader,
        "år" => DurationUnit::Ar,
        _ => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(Duration::new(amount, unit))
}
