//! The names of an analysis: every declaration (a [`Symbol`]) and every place a name is
//! written ([`Occurrence`]), found in the syntax trees so that a file with errors still
//! has its names. Resolution follows the checker's scopes: a rule's arguments and a loop
//! variable are local, everything else is shared by the document and the files it uses.

use std::collections::HashMap;

use delegat_diagnostics::{FileId, Span};
use delegat_syntax::ast::{self, Expr, ExprKind, Ident, ItemKind, TypeExpr, TypeExprKind};

/// What a name declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `typ`.
    Typ,
    /// A variant of an enum `typ`.
    Variant,
    /// A field of a record `typ`.
    Field,
    /// `uppgift`.
    Uppgift,
    /// `parameter`.
    Parameter,
    /// `regel`.
    Regel,
    /// `bedömning`.
    Bedomning,
    /// `beslut` or `beslutsstöd`.
    Beslut,
    /// An argument of a rule.
    Argument,
    /// The variable of `för x i …`.
    Loopvar,
    /// `lagrum`: a provision with dated citations, cited by name in `enligt`.
    Lagrum,
}

impl Kind {
    /// The Swedish noun.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Typ => "typ",
            Kind::Variant => "variant",
            Kind::Field => "fält",
            Kind::Uppgift => "uppgift",
            Kind::Parameter => "parameter",
            Kind::Regel => "regel",
            Kind::Bedomning => "bedömning",
            Kind::Beslut => "beslut",
            Kind::Argument => "argument",
            Kind::Loopvar => "variabel",
            Kind::Lagrum => "lagrum",
        }
    }
}

/// One declared name.
#[derive(Clone, Debug)]
pub struct Symbol {
    /// The name.
    pub name: String,
    /// What it declares.
    pub kind: Kind,
    /// The name where it is declared.
    pub def: Span,
    /// The item that declares it (or holds the declaration): index into the analysis's
    /// files, then into that file's items.
    pub item: Option<(usize, usize)>,
    /// Its type as written (an argument's, a field's, an item's), when it has one.
    pub ty: Option<TypeExpr>,
    /// The symbol it belongs to: a variant's or field's type, an argument's rule.
    pub owner: Option<usize>,
}

/// A place a name is written.
#[derive(Clone, Copy, Debug)]
pub struct Occurrence {
    /// The name as written.
    pub span: Span,
    /// The symbol it names.
    pub symbol: usize,
    /// Whether this is the declaration itself.
    pub is_def: bool,
}

/// Every symbol and occurrence of an analysis.
#[derive(Debug, Default)]
pub struct Index {
    /// The symbols, declarations in source order, used files first.
    pub symbols: Vec<Symbol>,
    /// The occurrences, declarations included.
    pub occurrences: Vec<Occurrence>,
    values: HashMap<String, usize>,
    types: HashMap<String, usize>,
    fields: HashMap<String, usize>,
    beslut: HashMap<String, usize>,
    lagrum: HashMap<String, usize>,
}

impl Index {
    /// Indexes the files (used files first, the document last).
    pub fn build(files: &[(FileId, ast::File)]) -> Index {
        let mut index = Index::default();
        for (f, (_, file)) in files.iter().enumerate() {
            for (i, item) in file.items.iter().enumerate() {
                index.declare_item(item, (f, i));
            }
        }
        for (_, file) in files {
            for item in &file.items {
                let mut w = Walker {
                    index: &mut index,
                    scope: Vec::new(),
                };
                w.item(item);
            }
        }
        index
    }

    /// The occurrence at a byte offset of a file (a cursor just after a name counts).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .filter(|o| {
                o.span.file == file
                    && o.span.start as usize <= offset
                    && offset <= o.span.end as usize
            })
            .min_by_key(|o| o.span.end.saturating_sub(o.span.start))
    }

    /// Every occurrence of a symbol.
    pub fn occurrences_of(&self, symbol: usize) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| o.symbol == symbol)
    }

    /// The symbols a name may refer to from anywhere (not locals), declarations first.
    pub fn globals(&self) -> impl Iterator<Item = &Symbol> {
        self.symbols
            .iter()
            .filter(|s| !matches!(s.kind, Kind::Argument | Kind::Loopvar))
    }

    fn add(&mut self, symbol: Symbol) -> usize {
        let id = self.symbols.len();
        let table = match symbol.kind {
            Kind::Typ => Some(&mut self.types),
            Kind::Field => Some(&mut self.fields),
            Kind::Beslut => Some(&mut self.beslut),
            Kind::Lagrum => Some(&mut self.lagrum),
            Kind::Argument | Kind::Loopvar => None,
            Kind::Variant | Kind::Uppgift | Kind::Parameter | Kind::Regel | Kind::Bedomning => {
                Some(&mut self.values)
            }
        };
        if let Some(t) = table {
            t.entry(symbol.name.clone()).or_insert(id);
        }
        self.occurrences.push(Occurrence {
            span: symbol.def,
            symbol: id,
            is_def: true,
        });
        self.symbols.push(symbol);
        id
    }

    fn declare(
        &mut self,
        name: &Ident,
        kind: Kind,
        item: (usize, usize),
        ty: Option<&TypeExpr>,
    ) -> usize {
        self.add(Symbol {
            name: name.name.clone(),
            kind,
            def: name.span,
            item: Some(item),
            ty: ty.cloned(),
            owner: None,
        })
    }

    fn declare_item(&mut self, item: &ast::Item, at: (usize, usize)) {
        match &item.kind {
            ItemKind::Typ(t) => {
                let owner = self.declare(&t.name, Kind::Typ, at, None);
                match &t.kind {
                    ast::TypeDeclKind::Enum(variants) => {
                        for v in variants {
                            let id = self.declare(v, Kind::Variant, at, None);
                            self.set_owner(id, owner);
                        }
                    }
                    ast::TypeDeclKind::Record(fields) => {
                        for f in fields {
                            let id = self.declare(&f.name, Kind::Field, at, Some(&f.ty));
                            self.set_owner(id, owner);
                        }
                    }
                }
            }
            ItemKind::Uppgift(u) => {
                self.declare(&u.name, Kind::Uppgift, at, Some(&u.ty));
            }
            ItemKind::Parameter(p) => {
                self.declare(&p.name, Kind::Parameter, at, Some(&p.ty));
            }
            ItemKind::Regel(r) => {
                self.declare(&r.name, Kind::Regel, at, Some(&r.ty));
            }
            ItemKind::Bedomning(b) => {
                self.declare(&b.name, Kind::Bedomning, at, Some(&b.ty));
            }
            ItemKind::Beslut(b) => {
                self.declare(&b.name, Kind::Beslut, at, None);
            }
            ItemKind::Lagrum(l) => {
                self.declare(&l.name, Kind::Lagrum, at, None);
            }
            ItemKind::Regelverk(_) | ItemKind::Exempel(_) | ItemKind::Anvand(_) => {}
        }
    }

    fn set_owner(&mut self, id: usize, owner: usize) {
        if let Some(s) = self.symbols.get_mut(id) {
            s.owner = Some(owner);
        }
    }

    fn refer(&mut self, name: &Ident, symbol: Option<usize>) {
        if let Some(symbol) = symbol {
            self.occurrences.push(Occurrence {
                span: name.span,
                symbol,
                is_def: false,
            });
        }
    }
}

/// Walks one item's expressions with the locals in scope.
struct Walker<'a> {
    index: &'a mut Index,
    /// Locals in scope, innermost last.
    scope: Vec<(String, usize)>,
}

impl Walker<'_> {
    fn item(&mut self, item: &ast::Item) {
        match &item.kind {
            ItemKind::Typ(t) => {
                if let ast::TypeDeclKind::Record(fields) = &t.kind {
                    for f in fields {
                        self.ty(&f.ty);
                    }
                }
            }
            ItemKind::Uppgift(u) => self.ty(&u.ty),
            ItemKind::Bedomning(b) => self.ty(&b.ty),
            ItemKind::Parameter(p) => {
                self.enligt(p.enligt.as_ref());
                self.ty(&p.ty);
                for v in &p.values {
                    match &v.value {
                        ast::ParamValue::Expr(e) => self.expr(e),
                        ast::ParamValue::Table(t) => {
                            for entry in &t.entries {
                                if let ast::TableKeyKind::Variants(vs) = &entry.key.kind {
                                    for v in vs {
                                        self.value(v);
                                    }
                                }
                                self.expr(&entry.value);
                            }
                        }
                    }
                }
            }
            ItemKind::Regel(r) => {
                let owner = self.index.values.get(&r.name.name).copied();
                for p in &r.params {
                    self.ty(&p.ty);
                    let id = self.index.add(Symbol {
                        name: p.name.name.clone(),
                        kind: Kind::Argument,
                        def: p.name.span,
                        item: None,
                        ty: Some(p.ty.clone()),
                        owner,
                    });
                    self.scope.push((p.name.name.clone(), id));
                }
                self.ty(&r.ty);
                self.enligt(r.enligt.as_ref());
                self.expr(&r.body);
                for u in &r.undantag {
                    self.enligt(u.enligt.as_ref());
                    self.expr(&u.cond);
                    self.expr(&u.value);
                }
                self.scope.clear();
            }
            ItemKind::Beslut(b) => {
                self.enligt(b.enligt.as_ref());
                if let Some(n) = &b.norm {
                    for e in [&n.month, &n.date, &n.earliest, &n.latest]
                        .into_iter()
                        .flatten()
                    {
                        self.expr(e);
                    }
                }
                // The letter's names: the reference input and the shown values.
                if let Some(l) = &b.letter {
                    if let Some(id) = &l.arendenummer {
                        self.value(id);
                    }
                    if let Some(Expr {
                        kind: ast::ExprKind::Record(shown),
                        ..
                    }) = &l.visa
                    {
                        for s in shown {
                            self.value(&s.name);
                        }
                    }
                }
                for branch in &b.branches {
                    self.expr(&branch.cond);
                    self.outcome(&branch.outcome);
                }
                if let Some(o) = &b.otherwise {
                    self.outcome(o);
                }
            }
            ItemKind::Exempel(e) => {
                for g in &e.givet {
                    self.value(&g.name);
                    self.expr(&g.value);
                }
                for x in &e.forvanta {
                    let target = self
                        .index
                        .values
                        .get(&x.name.name)
                        .or_else(|| self.index.beslut.get(&x.name.name))
                        .copied();
                    self.index.refer(&x.name, target);
                    match &x.expected {
                        ast::Expected::Outcome { belopp, .. } => {
                            if let Some(b) = belopp {
                                self.expr(b);
                            }
                        }
                        ast::Expected::Value(v) => self.expr(v),
                    }
                }
            }
            ItemKind::Regelverk(_) | ItemKind::Anvand(_) | ItemKind::Lagrum(_) => {}
        }
    }

    /// `enligt namn`: the `lagrum` it names (a citation in quotes names nothing).
    fn enligt(&mut self, e: Option<&ast::Enligt>) {
        if let Some(ast::Enligt::Lagrum(name)) = e {
            let target = self.index.lagrum.get(&name.name).copied();
            self.index.refer(name, target);
        }
    }

    fn outcome(&mut self, o: &ast::Outcome) {
        match &o.kind {
            ast::OutcomeBody::Bifall { belopp, motivering }
            | ast::OutcomeBody::Faststallt { belopp, motivering } => {
                if let Some(b) = belopp {
                    self.expr(b);
                }
                if let Some(m) = motivering {
                    self.text(m);
                }
            }
            ast::OutcomeBody::Avslag { motivering } => {
                if let Some(m) = motivering {
                    self.text(m);
                }
            }
            ast::OutcomeBody::Manuell { reason } => self.text(reason),
        }
    }

    fn text(&mut self, t: &ast::TextLit) {
        for part in &t.parts {
            if let ast::TextPart::Interp(e) = part {
                self.expr(e);
            }
        }
    }

    fn ty(&mut self, t: &TypeExpr) {
        match &t.kind {
            TypeExprKind::Named(id) => {
                let target = self.index.types.get(&id.name).copied();
                self.index.refer(id, target);
            }
            TypeExprKind::Lista(inner) => self.ty(inner),
            TypeExprKind::Tabell(k, v) => {
                self.ty(k);
                self.ty(v);
            }
            TypeExprKind::Range { base, .. } => self.ty(base),
            TypeExprKind::Heltal
            | TypeExprKind::Tal
            | TypeExprKind::Belopp
            | TypeExprKind::JaNej
            | TypeExprKind::Datum
            | TypeExprKind::Varaktighet
            | TypeExprKind::Text => {}
        }
    }

    /// A name used as a value: a local, then a shared declaration.
    fn value(&mut self, name: &Ident) {
        let target = self
            .scope
            .iter()
            .rev()
            .find(|(n, _)| *n == name.name)
            .map(|(_, id)| *id)
            .or_else(|| self.index.values.get(&name.name).copied());
        self.index.refer(name, target);
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Lit(ast::Literal::Text(t)) => self.text(t),
            ExprKind::Lit(_) => {}
            ExprKind::Name(id) => self.value(id),
            ExprKind::Field(x, f) => {
                self.expr(x);
                let target = self.index.fields.get(&f.name).copied();
                self.index.refer(f, target);
            }
            ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Call(f, args) => {
                self.value(f);
                for a in args {
                    self.expr(a);
                }
            }
            ExprKind::Aggregate(agg) => {
                self.expr(&agg.list);
                let id = self.index.add(Symbol {
                    name: agg.var.name.clone(),
                    kind: Kind::Loopvar,
                    def: agg.var.span,
                    item: None,
                    ty: None,
                    owner: None,
                });
                self.scope.push((agg.var.name.clone(), id));
                if let Some(f) = &agg.filter {
                    self.expr(f);
                }
                if let Some(b) = &agg.body {
                    self.expr(b);
                }
                self.scope.pop();
            }
            ExprKind::Unary(_, x) | ExprKind::Paren(x) => self.expr(x),
            ExprKind::If(c, a, b) => {
                self.expr(c);
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Valj(v) => {
                if let Some(s) = &v.subject {
                    self.expr(s);
                }
                for arm in &v.arms {
                    match &arm.pattern {
                        ast::ValjPattern::Cond(c) => self.expr(c),
                        ast::ValjPattern::Variants(vs) => {
                            for v in vs {
                                self.value(v);
                            }
                        }
                    }
                    self.expr(&arm.value);
                }
                if let Some(o) = &v.otherwise {
                    self.expr(o);
                }
            }
            ExprKind::List(items) => {
                for i in items {
                    self.expr(i);
                }
            }
            ExprKind::Record(fields) => {
                for b in fields {
                    let target = self.index.fields.get(&b.name.name).copied();
                    self.index.refer(&b.name, target);
                    self.expr(&b.value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in a decision's `ärendenummer:` and `visa:` are references, so that
    /// definitions, references and renaming reach them.
    #[test]
    fn the_letters_names_are_references() {
        let text = "uppgift diarienummer: text { källa: handläggare }\n\
                    uppgift yta: heltal { källa: sökande }\n\
                    beslutsstöd b enligt \"x\" {\n\
                    ärendenummer: diarienummer\n\
                    visa: { yta = \"Yta\" }\n\
                    annars: manuell \"m\"\n}\n";
        let file = FileId(0);
        let (ast, _) = delegat_syntax::parse(file, text);
        let index = Index::build(&[(file, ast)]);
        for name in ["diarienummer\n", "yta ="] {
            let offset = text.find(name).unwrap();
            let o = index.at(file, offset).unwrap();
            assert!(!o.is_def, "{name}");
            let defs: Vec<_> = index
                .occurrences_of(o.symbol)
                .filter(|d| d.is_def)
                .collect();
            assert_eq!(defs.len(), 1, "{name}");
        }
    }
}
