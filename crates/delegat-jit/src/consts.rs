//! The pack's native constant data: constant lists, records and texts, the value of every
//! parameter version, and the search structures of every table version.
//!
//! Generated code embeds the addresses of these arrays as immediates, so [`Consts`] is
//! built before code generation, owned by the compiled pack next to the code, and never
//! changed afterwards (a `Box<[T]>` keeps its heap address when the box moves).

use delegat_ir::{KeyType, ParamType, ParamValue, Program, RowKey, Value};

use crate::layout::Cell;
use crate::marshal::{Store, to_slot};

/// The largest key span (highest key − lowest key + 1) a table version is searched by a
/// direct index for; wider or open-ended tables are searched row by row.
const DENSE_SPAN: i64 = 1024;

/// How one version of a table finds the row of a key.
#[derive(Debug)]
pub(crate) enum Search {
    /// `map[key − min]` is the row (an index into [`Table::values`]) or −1.
    Dense {
        /// The lowest key.
        min: i64,
        /// One entry per key in `min..min + map.len()`.
        map: Box<[i32]>,
    },
    /// The rows in source order with their inclusive bounds (`None` open); the first
    /// covering row wins, as in the interpreter.
    Linear(Vec<(Option<i64>, Option<i64>, u32)>),
}

/// A table parameter's native form.
#[derive(Debug)]
pub(crate) struct Table {
    /// The row values of every version, concatenated in version order.
    pub(crate) values: Box<[Cell]>,
    /// Each version's search.
    pub(crate) search: Vec<Search>,
}

/// All constant data of a compiled pack.
#[derive(Debug, Default)]
pub(crate) struct Consts {
    /// Cell arrays of constant lists and records (addresses embedded in code).
    arrays: Vec<Box<[Cell]>>,
    /// Per parameter: the native value of each version (scalar parameters only).
    pub(crate) param_values: Vec<Vec<Cell>>,
    /// Per parameter: its table (table parameters only).
    pub(crate) tables: Vec<Option<Table>>,
}

impl Consts {
    /// Builds the parameter data of a program.
    pub(crate) fn new(p: &Program) -> Consts {
        let mut c = Consts::default();
        for param in &p.params {
            let mut values = Vec::new();
            let mut table = None;
            match &param.ty {
                ParamType::Value(_) => {
                    for v in &param.versions {
                        let slot = match &v.value {
                            ParamValue::Value(value) => c.slot(value),
                            ParamValue::Table(_) => Cell::default(),
                        };
                        values.push(slot);
                    }
                }
                ParamType::Table { key, .. } => table = Some(c.table(*key, param)),
            }
            c.param_values.push(values);
            c.tables.push(table);
        }
        c
    }

    /// The slot of a constant value; its lists and records are stored in the pack, its
    /// texts stay in the pack's program (which the pack keeps unchanged).
    pub(crate) fn slot(&mut self, v: &Value) -> Cell {
        to_slot(v, &mut ConstStore(&mut self.arrays))
    }

    fn table(&mut self, key: KeyType, param: &delegat_ir::Parameter) -> Table {
        let mut values = Vec::new();
        let mut search = Vec::new();
        for version in &param.versions {
            let start = values.len();
            let rows: &[delegat_ir::Row] = match &version.value {
                ParamValue::Table(rows) => rows,
                ParamValue::Value(_) => &[],
            };
            let mut bounds = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let global = u32::try_from(start + i).unwrap_or(u32::MAX);
                values.push(self.slot(&row.value));
                match (&row.key, key) {
                    (RowKey::Int { lo, hi }, KeyType::Int) => bounds.push((*lo, *hi, global)),
                    (RowKey::Date { lo, hi }, KeyType::Date) => bounds.push((
                        lo.map(|d| i64::from(d.days())),
                        hi.map(|d| i64::from(d.days())),
                        global,
                    )),
                    (RowKey::Variants(vs), KeyType::Enum(_)) => {
                        for v in vs {
                            let v = i64::from(*v);
                            bounds.push((Some(v), Some(v), global));
                        }
                    }
                    // A row of another key kind never covers a key (as in the interpreter).
                    _ => {}
                }
            }
            search.push(make_search(bounds));
        }
        Table {
            values: values.into_boxed_slice(),
            search,
        }
    }
}

impl Search {
    /// The row (an index into [`Table::values`]) the search finds for `key`, exactly as the
    /// generated code searches (see `codegen/table.rs`).
    pub(crate) fn find(&self, key: i64) -> Option<u32> {
        match self {
            Search::Dense { min, map } => {
                let i = usize::try_from(key.checked_sub(*min)?).ok()?;
                u32::try_from(*map.get(i)?).ok()
            }
            Search::Linear(rows) => rows
                .iter()
                .find(|(lo, hi, _)| lo.is_none_or(|lo| lo <= key) && hi.is_none_or(|hi| key <= hi))
                .map(|r| r.2),
        }
    }
}

/// Places constant arrays in boxes owned by the pack.
struct ConstStore<'a>(&'a mut Vec<Box<[Cell]>>);

impl Store for ConstStore<'_> {
    fn block(&mut self, len: usize) -> *mut Cell {
        let mut b = vec![Cell::default(); len].into_boxed_slice();
        let ptr = b.as_mut_ptr();
        // INVARIANT: moving the box does not move its heap contents.
        self.0.push(b);
        ptr
    }

    fn text(&mut self, t: &str) -> *const u8 {
        // Constants' texts are the program's own, kept unchanged by the pack.
        t.as_ptr()
    }
}

/// A dense map when every row is bounded and the span is small, else the linear rows.
fn make_search(rows: Vec<(Option<i64>, Option<i64>, u32)>) -> Search {
    let bounded: Option<Vec<(i64, i64, u32)>> = rows
        .iter()
        .map(|(lo, hi, r)| Some(((*lo)?, (*hi)?, *r)))
        .collect();
    let dense = bounded.and_then(|b| {
        let min = b.iter().filter(|r| r.0 <= r.1).map(|r| r.0).min()?;
        let max = b.iter().filter(|r| r.0 <= r.1).map(|r| r.1).max()?;
        let span = max.checked_sub(min)?.checked_add(1)?;
        if span > DENSE_SPAN {
            return None;
        }
        let mut map = vec![-1i32; usize::try_from(span).ok()?];
        // Later rows first, so the first covering row in source order wins.
        for (lo, hi, r) in b.iter().rev() {
            for k in *lo..=*hi {
                let i = usize::try_from(k - min).ok()?;
                *map.get_mut(i)? = i32::try_from(*r).ok()?;
            }
        }
        Some(Search::Dense {
            min,
            map: map.into_boxed_slice(),
        })
    });
    dense.unwrap_or(Search::Linear(rows))
}
