//! [`ItemCache`]: the rendered trace items of scalar parameters and table rows, kept from
//! line to line by one writer's user (a batch thread, a session).
//!
//! A parameter's trace item is fixed by the parameter and the version in force; a table
//! lookup's by the table, the version and the key (the row's value follows from them). So
//! the text of such an item, once written, is copied on later lines instead of being
//! rendered again (prefix, key, value as JSON and as Swedish text, lagrum, date). Rules'
//! items hold the case's own values and are always rendered.
//!
//! An entry also keeps the key and the value it was written for, and is used only when they
//! are equal too: an engine never gives one parameter version two values, but the writer
//! writes whatever result it is given, byte for byte as `Decision::from_result` would.
//!
//! Only small keys are kept (`0 ≤ key < KEYS`: ages, household sizes, enum variants), at
//! most `MAX_BYTES` of text in all, and an entry is replaced when the version differs:
//! memory stays bounded whatever the cases.

use delegat_ir::Value;
use delegat_value::Date;

/// Lookups with keys `0..KEYS` are kept.
const KEYS: usize = 256;

/// The most bytes of item text kept.
const MAX_BYTES: usize = 1 << 20;

/// Where a kept item's text is, and the version it was written for.
#[derive(Clone, Debug)]
struct Entry {
    version: Date,
    /// The table key (`None` for a scalar parameter) and the value.
    key: Option<Value>,
    value: Value,
    start: u32,
    len: u32,
}

/// The rendered items of one writer's parameters and table rows.
#[derive(Debug, Default)]
pub(crate) struct ItemCache {
    bytes: Vec<u8>,
    /// Per parameter: its scalar item.
    scalars: Vec<Option<Entry>>,
    /// Per parameter: its table rows' items by key (empty until the first lookup).
    rows: Vec<Vec<Option<Entry>>>,
}

/// Which item of a parameter.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Item<'a> {
    /// The scalar parameter's value.
    Scalar,
    /// The table row found for `key`; `word` is the key as a word (the integer, day number
    /// or variant) that places it in the cache.
    Row { word: i64, key: &'a Value },
}

impl ItemCache {
    fn entry(&self, param: usize, item: Item<'_>) -> Option<&Entry> {
        match item {
            Item::Scalar => self.scalars.get(param)?.as_ref(),
            Item::Row { word, .. } => self
                .rows
                .get(param)?
                .get(usize::try_from(word).ok()?)?
                .as_ref(),
        }
    }

    /// The text kept for `item` of `param` in force from `version` with `value`.
    #[inline]
    pub(crate) fn get(
        &self,
        param: usize,
        item: Item<'_>,
        version: Date,
        value: &Value,
    ) -> Option<&[u8]> {
        let e = self.entry(param, item)?;
        let key = match item {
            Item::Scalar => None,
            Item::Row { key, .. } => Some(key),
        };
        if e.version != version || e.key.as_ref() != key || e.value != *value {
            return None;
        }
        let start = e.start as usize;
        self.bytes.get(start..start + e.len as usize)
    }

    /// Keeps `text` for `item` of `param` in force from `version` with `value` (nothing when
    /// the key is not small or the cache is full).
    pub(crate) fn put(
        &mut self,
        param: usize,
        item: Item<'_>,
        version: Date,
        value: &Value,
        text: &[u8],
    ) {
        if self.bytes.len() + text.len() > MAX_BYTES {
            return;
        }
        let (Ok(start), Ok(len)) = (u32::try_from(self.bytes.len()), u32::try_from(text.len()))
        else {
            return;
        };
        let slot = match item {
            Item::Scalar => {
                if self.scalars.len() <= param {
                    self.scalars.resize(param + 1, None);
                }
                self.scalars.get_mut(param)
            }
            Item::Row { word, .. } => {
                let Some(key) = usize::try_from(word).ok().filter(|k| *k < KEYS) else {
                    return;
                };
                if self.rows.len() <= param {
                    self.rows.resize_with(param + 1, Vec::new);
                }
                let rows = self.rows.get_mut(param);
                rows.and_then(|r| {
                    if r.is_empty() {
                        r.resize(KEYS, None);
                    }
                    r.get_mut(key)
                })
            }
        };
        if let Some(slot) = slot {
            self.bytes.extend_from_slice(text);
            *slot = Some(Entry {
                version,
                key: match item {
                    Item::Scalar => None,
                    Item::Row { key, .. } => Some(key.clone()),
                },
                value: value.clone(),
                start,
                len,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_items_by_parameter_key_value_and_version() {
        let d1 = Date::from_ymd(2024, 1, 1).unwrap();
        let d2 = Date::from_ymd(2025, 1, 1).unwrap();
        let (v, w) = (Value::Int(1), Value::Int(2));
        let row = |k: i64| Item::Row {
            word: k,
            key: Box::leak(Box::new(Value::Int(k))),
        };
        let mut c = ItemCache::default();
        assert_eq!(c.get(0, Item::Scalar, d1, &v), None);
        c.put(0, Item::Scalar, d1, &v, b"scalar");
        c.put(3, row(7), d1, &v, b"row 7");
        c.put(3, row(-1), d1, &v, b"negative");
        c.put(3, row(KEYS as i64), d1, &v, b"large");
        assert_eq!(c.get(0, Item::Scalar, d1, &v), Some(&b"scalar"[..]));
        assert_eq!(c.get(0, Item::Scalar, d2, &v), None);
        assert_eq!(c.get(0, Item::Scalar, d1, &w), None);
        assert_eq!(c.get(3, row(7), d1, &v), Some(&b"row 7"[..]));
        assert_eq!(c.get(3, row(7), d1, &w), None);
        let other_key = Item::Row {
            word: 7,
            key: &Value::Enum(7),
        };
        assert_eq!(c.get(3, other_key, d1, &v), None);
        assert_eq!(c.get(3, row(8), d1, &v), None);
        assert_eq!(c.get(3, row(-1), d1, &v), None);
        assert_eq!(c.get(3, row(KEYS as i64), d1, &v), None);
        assert_eq!(c.get(2, row(7), d1, &v), None);
        // A new version replaces the entry.
        c.put(3, row(7), d2, &v, b"row 7, 2025");
        assert_eq!(c.get(3, row(7), d2, &v), Some(&b"row 7, 2025"[..]));
        assert_eq!(c.get(3, row(7), d1, &v), None);
        // Full: nothing more is kept.
        let big = vec![b'x'; MAX_BYTES];
        c.put(1, Item::Scalar, d1, &v, &big);
        assert_eq!(c.get(1, Item::Scalar, d1, &v), None);
    }
}
