//! The verifier: internal consistency of a program that may come from an untrusted file.
//!
//! It checks that every id is in range, that every operation's operands have the types the
//! operation requires, that the expression arena is in topological order (operands before
//! their users, so there are no cycles among expressions), that locals are read in a frame
//! that has them, and that constants, parameter values and example values have their
//! declared types. It never panics and does no recursion over expressions, so a hostile
//! pack cannot exhaust the stack here. Rule reference cycles are *not* refused here; the
//! interpreter's depth limit turns them into a runtime error.

use std::fmt;

use crate::{KeyType, ParamType, ParamValue, Program, RowKey, Type, TypeDefKind, TypeId, Value};

/// One inconsistency found by [`Program::verify`]: where, and what is wrong (in Swedish).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// The place in the program, e.g. `uttryck #12` or `regel \`behov\``.
    pub at: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// The most errors one verification reports (a garbage pack could yield millions).
const MAX_ERRORS: usize = 100;

impl Program {
    /// Checks the program's internal consistency. An empty vector means it is sound.
    pub fn verify(&self) -> Vec<VerifyError> {
        let mut v = Verifier {
            p: self,
            errors: Vec::new(),
            at: String::new(),
            seen: Vec::new(),
            frame_stamp: 0,
        };
        v.check_all();
        v.errors
    }
}

struct Verifier<'p> {
    p: &'p Program,
    errors: Vec<VerifyError>,
    at: String,
    /// Per expression, the number of the last frame walk that visited it.
    seen: Vec<u32>,
    /// The number of the current frame walk.
    frame_stamp: u32,
}

impl Verifier<'_> {
    fn err(&mut self, message: impl Into<String>) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(VerifyError {
                at: self.at.clone(),
                message: message.into(),
            });
        }
    }

    fn check_all(&mut self) {
        if self.p.format_version != crate::FORMAT_VERSION {
            self.at = "programmet".into();
            self.err(format!(
                "formatversion {} stöds inte (den här versionen läser {})",
                self.p.format_version,
                crate::FORMAT_VERSION
            ));
        }
        self.check_types();
        self.check_inputs();
        self.check_params();
        for i in 0..self.p.exprs.len() {
            self.at = format!("uttryck #{i}");
            self.check_expr(i);
        }
        self.check_rules();
        self.check_decisions();
        self.check_examples();
        self.check_provisions();
    }

    /// Declared provisions have versions with rising dates, and every item's `lagrum`
    /// names one.
    fn check_provisions(&mut self) {
        for (i, p) in self.p.provisions.iter().enumerate() {
            self.at = format!("lagrum `{}` (#{i})", p.name);
            if p.versions.is_empty() {
                self.err("lagrummet har ingen lydelse");
            }
            if p.versions.windows(2).any(|w| match w {
                [a, b] => a.from >= b.from,
                _ => false,
            }) {
                self.err("lydelsernas datum stiger inte");
            }
        }
        let n = self.p.provisions.len();
        let mut refs: Vec<(String, Option<u32>)> = Vec::new();
        for p in &self.p.params {
            refs.push((format!("parameter `{}`", p.name), p.lagrum));
        }
        for r in &self.p.rules {
            refs.push((format!("regel `{}`", r.name), r.lagrum));
            for u in &r.undantag {
                refs.push((format!("regel `{}`", r.name), u.lagrum));
            }
        }
        for d in &self.p.decisions {
            refs.push((format!("beslut `{}`", d.name), d.lagrum));
        }
        for (at, lagrum) in refs {
            if let Some(i) = lagrum
                && i as usize >= n
            {
                self.at = at;
                self.err(format!("lagrum #{i} finns inte"));
            }
        }
    }

    fn type_ok(&mut self, ty: &Type) {
        let mut t = ty;
        while let Type::List(elem) = t {
            t = elem;
        }
        match t {
            Type::Enum(id) if !matches!(self.kind(*id), Some(TypeDefKind::Enum(_))) => {
                self.err(format!("typ #{} är ingen uppräkning", id.0));
            }
            Type::Record(id) if !matches!(self.kind(*id), Some(TypeDefKind::Record(_))) => {
                self.err(format!("typ #{} är ingen post", id.0));
            }
            _ => {}
        }
    }

    fn kind(&self, id: TypeId) -> Option<&TypeDefKind> {
        self.p.types.get(id.index()).map(|d| &d.kind)
    }

    fn value_ok(&mut self, value: &Value, ty: &Type) {
        if !value.has_type(ty, &self.p.types) {
            self.err(format!(
                "värdet ({}) har inte typen {}",
                value.kind_name(),
                self.p.type_name(ty)
            ));
        }
    }

    fn check_types(&mut self) {
        for (i, def) in self.p.types.iter().enumerate() {
            self.at = format!("typ `{}` (#{i})", def.name);
            match &def.kind {
                TypeDefKind::Enum(variants) => {
                    if variants.is_empty() {
                        self.err("uppräkningen saknar varianter");
                    }
                }
                TypeDefKind::Record(fields) => {
                    for f in fields {
                        self.type_ok(&f.ty);
                        let elem = scalar_of(&f.ty);
                        for b in [&f.bounds.lo, &f.bounds.hi].into_iter().flatten() {
                            self.value_ok(b, elem);
                        }
                    }
                }
            }
        }
    }

    fn check_inputs(&mut self) {
        for (i, input) in self.p.inputs.iter().enumerate() {
            self.at = format!("uppgift `{}` (#{i})", input.name);
            self.type_ok(&input.ty);
            let elem = scalar_of(&input.ty);
            for b in [&input.bounds.lo, &input.bounds.hi].into_iter().flatten() {
                self.value_ok(b, elem);
            }
        }
    }

    fn check_params(&mut self) {
        for (i, param) in self.p.params.iter().enumerate() {
            self.at = format!("parameter `{}` (#{i})", param.name);
            if param.versions.is_empty() {
                self.err("parametern saknar värden");
            }
            if param.versions.windows(2).any(|w| match w {
                [a, b] => a.from >= b.from,
                _ => false,
            }) {
                self.err("datumen för parameterns värden stiger inte strikt");
            }
            for version in &param.versions {
                match (&param.ty, &version.value) {
                    (ParamType::Value(ty), ParamValue::Value(v)) => {
                        self.type_ok(ty);
                        self.value_ok(v, ty);
                    }
                    (ParamType::Table { key, value }, ParamValue::Table(rows)) => {
                        self.type_ok(value);
                        for row in rows {
                            self.value_ok(&row.value, value);
                            self.row_key_ok(&row.key, *key);
                        }
                    }
                    _ => self.err("ett värde passar inte parameterns typ (tabell eller värde)"),
                }
            }
        }
    }

    fn row_key_ok(&mut self, key: &RowKey, ty: KeyType) {
        match (key, ty) {
            (RowKey::Int { .. }, KeyType::Int) | (RowKey::Date { .. }, KeyType::Date) => {}
            (RowKey::Variants(vs), KeyType::Enum(t)) => match self.kind(t) {
                Some(TypeDefKind::Enum(names)) => {
                    let n = names.len();
                    if vs.iter().any(|v| *v as usize >= n) {
                        self.err("en tabellrad nämner en variant som inte finns");
                    }
                }
                _ => self.err(format!("tabellens nyckeltyp #{} är ingen uppräkning", t.0)),
            },
            _ => self.err("en tabellrads nyckel passar inte tabellens nyckeltyp"),
        }
    }
}

/// The scalar type under any number of `lista av`.
fn scalar_of(ty: &Type) -> &Type {
    let mut t = ty;
    while let Type::List(elem) = t {
        t = elem;
    }
    t
}

mod exprs;
mod items;
