//! The checker's state: the symbol tables, the side tables of declared signatures, the
//! diagnostics found so far, and small helpers to report them.

use std::collections::HashMap;

use delegat_diagnostics::{Code, Diagnostic, SourceMap, Span};
use delegat_syntax::ast;

use crate::program::{
    BedomningId, BeslutId, LocalDef, LocalId, ParamId, RegelId, Type, TypeDef, TypeId, UppgiftId,
};

/// What a value name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ValueSym {
    Uppgift(UppgiftId),
    Param(ParamId),
    Regel(RegelId),
    Bedomning(BedomningId),
    Beslut(BeslutId),
}

/// A rule's signature, known before any body is checked.
#[derive(Clone, Debug)]
pub(crate) struct RegelSig {
    pub params: Vec<LocalId>,
    /// `None` when an argument type could not be resolved (already reported).
    pub params_ok: bool,
    pub ty: Option<Type>,
    pub is_function: bool,
    /// For a rule without arguments declared `heltal` without a range: the range its body
    /// (and its exceptions' values) can take, which is what a reference to the rule sees.
    /// Set once the rule is checked (see `Checker::ensure_regel`).
    pub inferred: Option<Type>,
}

/// Where a rule is in checking: rules are checked in source order, but a rule whose range
/// a reference needs is checked first, on demand.
#[derive(Debug, Default)]
pub(crate) enum RegelState {
    #[default]
    Unchecked,
    InProgress,
    /// Checked: the definition (if it checked) and the diagnostics of its own body, which are
    /// reported in source order once every rule is checked.
    Done(Option<Box<crate::program::RegelDef>>, Vec<Diagnostic>),
}

/// Item references into the syntax trees, indexed by the ids they were given.
#[derive(Debug, Default)]
pub(crate) struct Items<'a> {
    pub types: Vec<(&'a ast::Item, &'a ast::TypeDecl)>,
    pub uppgifter: Vec<(&'a ast::Item, &'a ast::Uppgift)>,
    pub params: Vec<(&'a ast::Item, &'a ast::Parameter)>,
    pub regler: Vec<(&'a ast::Item, &'a ast::Regel)>,
    pub bedomningar: Vec<(&'a ast::Item, &'a ast::Bedomning)>,
    pub beslut: Vec<(&'a ast::Item, &'a ast::Beslut)>,
    pub exempel: Vec<(&'a ast::Item, &'a ast::Exempel)>,
    pub lagrum: Vec<(&'a ast::Item, &'a ast::Lagrum)>,
    pub regelverk: Vec<&'a ast::Item>,
}

/// The checker.
#[derive(Debug)]
pub(crate) struct Checker<'a> {
    pub map: &'a SourceMap,
    pub diags: Vec<Diagnostic>,
    pub items: Items<'a>,
    /// Value names (uppgift, parameter, regel, bedömning, beslut) and where declared.
    pub values: HashMap<String, (ValueSym, Span)>,
    /// Declared `lagrum` names and where declared.
    pub lagrum_names: HashMap<String, (crate::program::LagrumId, Span)>,
    /// Declared type names.
    pub type_names: HashMap<String, TypeId>,
    /// Variant names to every enum declaring one.
    pub variants: HashMap<String, Vec<(TypeId, u32)>>,
    /// Declared types; a record field whose type failed to resolve is in `bad_fields`.
    pub types: Vec<TypeDef>,
    pub bad_fields: Vec<(TypeId, u32)>,
    pub uppgift_ty: Vec<Option<Type>>,
    pub param_ty: Vec<Option<Type>>,
    pub bedomning_ty: Vec<Option<Type>>,
    pub regel_sig: Vec<RegelSig>,
    pub locals: Vec<LocalDef>,
    /// Tables of each parameter version, filled when parameters are checked (used by the
    /// gap check at lookups).
    pub param_tables: Vec<Vec<crate::tables::VersionRows>>,
    /// Rules referenced from each rule's body, with the reference's span (recursion check).
    pub calls: Vec<Vec<(RegelId, Span)>>,
    /// Each rule's checking state (filled by `check_regler`).
    pub regel_state: Vec<RegelState>,
    /// Names declared by items the parser could not read: not reported again as unknown.
    pub unreadable_names: std::collections::HashSet<String>,
    /// Where the later words of a name written with hyphens start (`avstånd` in
    /// `skol-avstånd`, reported once at `skol`): not reported again as unknown.
    pub hyphen_tails: std::collections::HashSet<Span>,
}

impl<'a> Checker<'a> {
    pub fn new(map: &'a SourceMap) -> Checker<'a> {
        Checker {
            map,
            diags: Vec::new(),
            items: Items::default(),
            values: HashMap::new(),
            lagrum_names: HashMap::new(),
            type_names: HashMap::new(),
            variants: HashMap::new(),
            types: Vec::new(),
            bad_fields: Vec::new(),
            uppgift_ty: Vec::new(),
            param_ty: Vec::new(),
            bedomning_ty: Vec::new(),
            regel_sig: Vec::new(),
            locals: Vec::new(),
            param_tables: Vec::new(),
            calls: Vec::new(),
            regel_state: Vec::new(),
            unreadable_names: std::collections::HashSet::new(),
            hyphen_tails: std::collections::HashSet::new(),
        }
    }

    /// Reports an error (or a warning, for `W` codes) and returns it for chaining.
    pub fn report(&mut self, diag: Diagnostic) {
        self.diags.push(diag);
    }

    /// Reports a plain diagnostic with a primary label.
    pub fn error(&mut self, code: Code, message: String, span: Span, label: &str) {
        self.diags
            .push(Diagnostic::new(code, message, span).with_primary_label(label));
    }

    /// The source text of a span (for quoting what the user wrote).
    pub fn text(&self, span: Span) -> &'a str {
        self.map.slice(span)
    }

    /// Whether any error (not warning) has been reported.
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    /// Allocates a local.
    pub fn new_local(&mut self, def: LocalDef) -> LocalId {
        let id = LocalId(u32::try_from(self.locals.len()).unwrap_or(u32::MAX));
        self.locals.push(def);
        id
    }

    /// The type of a local.
    pub fn local_ty(&self, id: LocalId) -> Option<&Type> {
        self.locals.get(id.index()).map(|l| &l.ty)
    }

    /// The declared type with this id.
    pub fn type_def(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.get(id.index())
    }

    /// The name of a declared type (for messages).
    pub fn type_name(&self, id: TypeId) -> &str {
        self.type_def(id)
            .map(|t| t.name.text.as_str())
            .unwrap_or("?")
    }
}

/// Turns a vector length into a `u32` id index (more than four billion items never occur;
/// saturating keeps this total).
pub(crate) fn idx(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}
