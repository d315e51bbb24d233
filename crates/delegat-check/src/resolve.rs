//! Name resolution: collecting the declarations of every file into one scope, reporting
//! duplicates (with both places), reserved names, and unknown names with a did-you-mean.

use std::collections::HashMap;

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_syntax::ast;

use crate::ctx::{Checker, ValueSym, idx};
use crate::program::{
    BedomningId, BeslutId, ParamId, RegelId, Spanned, TypeDef, TypeDefKind, TypeId, UppgiftId,
};

/// Names of the builtin functions, which no declaration may take.
pub const BUILTINS: &[&str] = &[
    "minsta",
    "största",
    "summa",
    "antal",
    "alla",
    "någon",
    "avrunda",
    "avrunda_nedåt",
    "avrunda_uppåt",
    "år_mellan",
    "månader_mellan",
    "dagar_mellan",
];

/// The one builtin value.
pub const BESLUTSDATUM: &str = "beslutsdatum";

impl<'a> Checker<'a> {
    /// Registers every item of every file. `files` lists the used files first and the root
    /// last; `beslut`, `exempel` and `regelverk` count only in the root.
    pub fn collect(&mut self, files: &[&'a ast::File]) {
        let last = files.len().saturating_sub(1);
        let mut exempel_names: HashMap<String, Span> = HashMap::new();
        for file in files {
            self.unreadable_names
                .extend(file.unreadable_names.iter().cloned());
        }
        for (i, file) in files.iter().enumerate() {
            let is_root = i == last;
            for item in &file.items {
                self.collect_item(item, is_root, &mut exempel_names);
            }
        }
        if self.items.regelverk.len() > 1 {
            let first = self.items.regelverk.first().map(|i| i.span);
            for extra in self.items.regelverk.iter().skip(1) {
                let mut d =
                    Diagnostic::new(Code::E0111, "filen har mer än en `regelverk`", extra.span)
                        .with_primary_label("ett andra `regelverk`");
                if let Some(first) = first {
                    d = d.with_label(first, "först definierad här");
                }
                self.diags.push(d);
            }
        }
        self.check_variant_clashes();
    }

    fn collect_item(
        &mut self,
        item: &'a ast::Item,
        is_root: bool,
        exempel_names: &mut HashMap<String, Span>,
    ) {
        match &item.kind {
            ast::ItemKind::Regelverk(_) => {
                if is_root {
                    self.items.regelverk.push(item);
                }
            }
            ast::ItemKind::Typ(t) => {
                if self.declare_type(&t.name) {
                    let id = TypeId(idx(self.items.types.len()));
                    self.type_names.insert(t.name.name.clone(), id);
                    self.items.types.push((item, t));
                }
            }
            ast::ItemKind::Uppgift(u) => {
                let id = UppgiftId(idx(self.items.uppgifter.len()));
                if self.declare_value(&u.name, ValueSym::Uppgift(id)) {
                    self.items.uppgifter.push((item, u));
                }
            }
            ast::ItemKind::Parameter(p) => {
                let id = ParamId(idx(self.items.params.len()));
                if self.declare_value(&p.name, ValueSym::Param(id)) {
                    self.items.params.push((item, p));
                }
            }
            ast::ItemKind::Regel(r) => {
                let id = RegelId(idx(self.items.regler.len()));
                if self.declare_value(&r.name, ValueSym::Regel(id)) {
                    self.items.regler.push((item, r));
                }
            }
            ast::ItemKind::Bedomning(b) => {
                let id = BedomningId(idx(self.items.bedomningar.len()));
                if self.declare_value(&b.name, ValueSym::Bedomning(id)) {
                    self.items.bedomningar.push((item, b));
                }
            }
            ast::ItemKind::Beslut(b) => {
                if is_root {
                    let id = BeslutId(idx(self.items.beslut.len()));
                    if self.declare_value(&b.name, ValueSym::Beslut(id)) {
                        self.items.beslut.push((item, b));
                    }
                }
            }
            ast::ItemKind::Exempel(e) => {
                if is_root {
                    if let Some(first) = exempel_names.get(&e.name.value) {
                        self.duplicate(&e.name.value, e.name.span, *first);
                    } else {
                        exempel_names.insert(e.name.value.clone(), e.name.span);
                    }
                    self.items.exempel.push((item, e));
                }
            }
            ast::ItemKind::Lagrum(l) => {
                if self.declare_lagrum(l) {
                    self.items.lagrum.push((item, l));
                }
            }
            ast::ItemKind::Anvand(_) => {}
        }
    }

    /// Declares a value name; `false` (and a diagnostic) when it is taken or reserved.
    fn declare_value(&mut self, name: &ast::Ident, sym: ValueSym) -> bool {
        if self.reserved(name) {
            return false;
        }
        if let Some((_, first)) = self.values.get(&name.name) {
            let first = *first;
            self.duplicate(&name.name, name.span, first);
            return false;
        }
        self.values.insert(name.name.clone(), (sym, name.span));
        true
    }

    fn declare_type(&mut self, name: &ast::Ident) -> bool {
        if let Some(first) = self.type_names.get(&name.name) {
            let first = self
                .items
                .types
                .get(first.index())
                .map(|(_, t)| t.name.span)
                .unwrap_or_else(Span::detached);
            self.duplicate(&name.name, name.span, first);
            return false;
        }
        true
    }

    fn reserved(&mut self, name: &ast::Ident) -> bool {
        let what = if BUILTINS.contains(&name.name.as_str()) {
            "en inbyggd funktion"
        } else if name.name == BESLUTSDATUM {
            "det inbyggda värdet för beslutets datum"
        } else {
            return false;
        };
        self.diags.push(
            Diagnostic::new(
                Code::E0106,
                format!("namnet `{}` är reserverat", name.name),
                name.span,
            )
            .with_primary_label(format!("`{}` är {what}", name.name))
            .with_help("välj ett annat namn"),
        );
        true
    }

    /// Reports a duplicate definition with both places.
    pub fn duplicate(&mut self, name: &str, again: Span, first: Span) {
        let mut d = Diagnostic::new(
            Code::E0101,
            format!("`{name}` är definierat mer än en gång"),
            again,
        )
        .with_primary_label("definieras igen här");
        if !first.is_detached() {
            d = d.with_label(first, "först definierad här");
        }
        self.diags.push(d);
    }

    /// A variant that has the same name as a value (or `ja`/`nej`) would make a bare name
    /// ambiguous.
    fn check_variant_clashes(&mut self) {
        let mut found = Vec::new();
        for (_, t) in &self.items.types {
            if let ast::TypeDeclKind::Enum(vs) = &t.kind {
                for v in vs {
                    if let Some((_, value)) = self.values.get(&v.name) {
                        found.push((v.name.clone(), v.span, *value, t.name.name.clone()));
                    }
                }
            }
        }
        for (name, variant, value, ty) in found {
            self.diags.push(
                Diagnostic::new(
                    Code::E0101,
                    format!("`{name}` är både en variant av `{ty}` och namnet på något annat"),
                    value,
                )
                .with_primary_label("definieras här")
                .with_label(variant, format!("variant av `{ty}`"))
                .with_help(
                    "byt namn på det ena, så att ett namn i ett uttryck inte blir tvetydigt",
                ),
            );
        }
    }

    /// Builds the declared types: variants and record fields (field types resolve against
    /// every declared type name).
    pub fn lower_type_decls(&mut self) {
        let decls: Vec<_> = self.items.types.clone();
        for (tid, (item, t)) in decls.into_iter().enumerate() {
            let tid = TypeId(idx(tid));
            let kind = match &t.kind {
                ast::TypeDeclKind::Enum(vs) => {
                    let mut seen: HashMap<&str, Span> = HashMap::new();
                    let mut out = Vec::new();
                    for v in vs {
                        if let Some(first) = seen.get(v.name.as_str()) {
                            self.duplicate(&v.name, v.span, *first);
                            continue;
                        }
                        seen.insert(&v.name, v.span);
                        self.variants
                            .entry(v.name.clone())
                            .or_default()
                            .push((tid, idx(out.len())));
                        out.push(spanned(v));
                    }
                    TypeDefKind::Enum(out)
                }
                ast::TypeDeclKind::Record(_) => TypeDefKind::Record(Vec::new()),
            };
            self.types.push(TypeDef {
                name: spanned(&t.name),
                doc: item.doc.clone(),
                kind,
                span: item.span,
            });
        }
        // Record fields after all names exist, so records may refer to each other.
        let decls: Vec<_> = self.items.types.clone();
        for (tid, (_, t)) in decls.into_iter().enumerate() {
            let ast::TypeDeclKind::Record(fields) = &t.kind else {
                continue;
            };
            let tid = TypeId(idx(tid));
            let mut seen: HashMap<&str, Span> = HashMap::new();
            let mut out = Vec::new();
            for f in fields {
                if let Some(first) = seen.get(f.name.name.as_str()) {
                    self.duplicate(&f.name.name, f.name.span, *first);
                    continue;
                }
                seen.insert(&f.name.name, f.name.span);
                let ty = self.lower_type(&f.ty);
                let ty = self.no_table(ty, f.ty.span, false);
                if ty.is_none() {
                    self.bad_fields.push((tid, idx(out.len())));
                }
                out.push(crate::program::FieldDef {
                    name: spanned(&f.name),
                    ty: ty.unwrap_or(crate::program::Type::Text),
                });
            }
            if let Some(def) = self.types.get_mut(tid.index()) {
                def.kind = TypeDefKind::Record(out);
            }
        }
    }

    /// Reports an unknown name, suggesting the closest of `candidates`.
    pub fn unknown(
        &mut self,
        code: Code,
        what: &str,
        name: &ast::Ident,
        candidates: impl IntoIterator<Item = String>,
    ) {
        // The declaration is there but could not be read: its syntax error is the one to fix.
        if code == Code::E0102 && self.unreadable_names.contains(&name.name) {
            return;
        }
        let candidates: Vec<String> = candidates.into_iter().collect();
        if code == Code::E0102 {
            if self.hyphen_tails.contains(&name.span) {
                return;
            }
            if let Some(d) = self.hyphenated(name, &candidates) {
                self.diags.push(d);
                return;
            }
        }
        let mut d = Diagnostic::new(
            code,
            format!("{what} `{}` finns inte", name.name),
            name.span,
        )
        .with_primary_label("okänt namn");
        if let Some(best) = suggest(&name.name, candidates) {
            d = d
                .with_help(format!("menade du `{best}`?"))
                .with_fix(name.span, best);
        }
        self.diags.push(d);
    }

    /// `skol-avstånd` where `skol_avstånd` is a name: the hyphens read as minus signs, so
    /// `skol` is unknown. One error for the whole, with the name written with `_`; the later
    /// words are remembered so that they are not reported as unknown too.
    fn hyphenated(&mut self, name: &ast::Ident, candidates: &[String]) -> Option<Diagnostic> {
        let text = self.map.get(name.span.file)?.text();
        let mut end = name.span.end as usize;
        let mut tails = Vec::new();
        while let Some(rest) = text.get(end..).and_then(|r| r.strip_prefix('-')) {
            let len: usize = rest
                .chars()
                // Letters, digits, `_`, and the combining marks of a decomposed `å`, `ä`, `ö`.
                .take_while(|c| {
                    c.is_alphanumeric() || *c == '_' || ('\u{300}'..='\u{36f}').contains(c)
                })
                .map(char::len_utf8)
                .sum();
            if len == 0 {
                break;
            }
            tails.push(Span::from_range(name.span.file, end + 1..end + 1 + len));
            end += 1 + len;
        }
        let written = text.get(name.span.start as usize..end)?;
        let joined = delegat_syntax::nfc::normalize(&written.replace('-', "_"))
            .text
            .into_owned();
        if tails.is_empty() || !candidates.contains(&joined) {
            return None;
        }
        self.hyphen_tails.extend(tails);
        let span = Span::from_range(name.span.file, name.span.start as usize..end);
        Some(
            Diagnostic::new(Code::E0102, format!("namnet `{written}` finns inte"), span)
                .with_primary_label("`-` är minustecken: här står ett namn minus ett annat")
                .with_help(format!(
                    "menade du `{joined}`? Ord i ett namn binds ihop med `_`"
                ))
                .with_fix(span, joined),
        )
    }

    /// Every value name in scope plus builtins and variants (candidates for did-you-mean).
    pub fn value_candidates(&self, locals: &[String]) -> Vec<String> {
        let mut out: Vec<String> = self.values.keys().cloned().collect();
        out.extend(self.variants.keys().cloned());
        out.extend(locals.iter().cloned());
        out.push(BESLUTSDATUM.to_owned());
        out
    }
}

/// A name with its span.
pub(crate) fn spanned(id: &ast::Ident) -> Spanned {
    Spanned {
        text: id.name.clone(),
        span: id.span,
    }
}

/// A string literal with its span.
pub(crate) fn spanned_str(s: &ast::StrLit) -> Spanned {
    Spanned {
        text: s.value.clone(),
        span: s.span,
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely
/// typo (at most a third of the name's length, at least one edit).
pub(crate) fn suggest(name: &str, candidates: impl IntoIterator<Item = String>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(1);
    let mut best: Option<(usize, String)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = distance(name, &c);
        if d <= limit
            && best
                .as_ref()
                .is_none_or(|(bd, bc)| d < *bd || (d == *bd && c < *bc))
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let c = || vec!["boendekostnad".to_owned(), "behov".to_owned()];
        assert_eq!(
            suggest("boendekostnd", c()),
            Some("boendekostnad".to_owned())
        );
        assert_eq!(suggest("behöv", c()), Some("behov".to_owned()));
        assert_eq!(suggest("xyz", c()), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
