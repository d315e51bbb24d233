//! One analysis of one open document: parsed with every file it `använd`s, checked, its
//! legality checked (with the policy file beside it), and indexed for names. Every request
//! about the document is answered from its latest analysis.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use delegat_check::legality::{self, policy};
use delegat_diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use delegat_syntax::ast;
use lsp_types::Url;

use crate::index::Index;
use crate::loader::DocLoader;

/// What is known about one document.
#[derive(Debug)]
pub struct Analysis {
    /// The document and every file it uses, transitively.
    pub map: SourceMap,
    /// The document itself.
    pub root: FileId,
    /// The parsed files: the used files first, the document last.
    pub files: Vec<(FileId, ast::File)>,
    /// Every diagnostic of every phase, without repeats, in phase order.
    pub diagnostics: Vec<Diagnostic>,
    /// The URI of each file in `map`.
    pub uris: HashMap<FileId, Url>,
    /// Every `använd` that found its file: the file that writes it, the path, the file.
    pub edges: Vec<(FileId, String, FileId)>,
    /// Declarations and uses of names.
    pub index: Index,
}

impl Analysis {
    /// Analyses the document `uri` with text `text`; `open` holds the text of every open
    /// document, which is read in place of the file on disk.
    pub fn new(uri: &Url, text: &str, open: &HashMap<Url, String>) -> Analysis {
        let mut map = SourceMap::new();
        let root = map.add(display_name(uri), text);
        let (root_ast, mut diagnostics) = delegat_syntax::parse(root, text);
        let mut loader = DocLoader::new(open, root, uri);
        let (program, more) = delegat_check::check(&mut map, root, &root_ast, &mut loader);
        diagnostics.extend(more);
        // The used files, in the order they were read (ids rise).
        let mut used: Vec<FileId> = loader
            .uris
            .keys()
            .filter(|id| **id != root)
            .copied()
            .collect();
        used.sort();
        let edges = std::mem::take(&mut loader.edges);
        let mut uris = loader.uris;
        let policy = uri
            .to_file_path()
            .ok()
            .and_then(|p| read_policy(&mut map, &p, &mut uris, &mut diagnostics));
        if let Some(program) = &program {
            let deps = legality::analyse(program);
            diagnostics.extend(legality::check_with(program, &deps));
            if let Some(p) = &policy {
                diagnostics.extend(p.check(program, &deps));
            }
        }
        if let Some(p) = &policy {
            p.escalate(&mut diagnostics);
        }
        let mut seen = HashSet::new();
        diagnostics.retain(|d| seen.insert(d.clone()));
        // The used files again (the checker keeps its trees to itself): parsing is cheap.
        let mut files: Vec<(FileId, ast::File)> = used
            .iter()
            .map(|id| {
                let text = map.get(*id).map_or("", |f| f.text());
                (*id, delegat_syntax::parse(*id, text).0)
            })
            .collect();
        files.push((root, root_ast));
        let index = Index::build(&files);
        Analysis {
            map,
            root,
            files,
            diagnostics,
            uris,
            edges,
            index,
        }
    }

    /// The text of a file of the analysis.
    pub fn text(&self, file: FileId) -> &str {
        self.map.get(file).map_or("", |f| f.text())
    }

    /// The syntax tree of the document itself.
    pub fn root_ast(&self) -> Option<&ast::File> {
        self.files.last().map(|(_, f)| f)
    }

    /// The file an `använd "path"` written in `from` found.
    pub fn used_file(&self, from: FileId, path: &str) -> Option<FileId> {
        self.edges
            .iter()
            .find(|(f, p, _)| *f == from && p == path)
            .map(|(_, _, to)| *to)
    }

    /// The `använd` of the document through which `file` was read (directly or through
    /// the files it uses in turn): the span of its path.
    pub fn anvand_leading_to(&self, file: FileId) -> Option<Span> {
        let root = self.root_ast()?;
        root.items.iter().find_map(|item| {
            let ast::ItemKind::Anvand(a) = &item.kind else {
                return None;
            };
            let first = self.used_file(self.root, &a.path.value)?;
            self.reaches(first, file).then_some(a.path.span)
        })
    }

    fn reaches(&self, from: FileId, to: FileId) -> bool {
        let mut seen = vec![from];
        let mut todo = vec![from];
        while let Some(f) = todo.pop() {
            if f == to {
                return true;
            }
            for (a, _, b) in &self.edges {
                if *a == f && !seen.contains(b) {
                    seen.push(*b);
                    todo.push(*b);
                }
            }
        }
        false
    }

    /// Whether this analysis read `uri` (as the document or as a used file).
    pub fn uses(&self, uri: &Url) -> bool {
        self.uris.values().any(|u| u == uri)
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.map.slice(span)
    }
}

/// The name a document has in messages: its path, or the URI when it is not a file.
fn display_name(uri: &Url) -> String {
    uri.to_file_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|()| uri.to_string())
}

/// The policy file `delegat.toml` beside the document, as `delegat check` reads it
/// (E0309–E0311 for a file it cannot use).
fn read_policy(
    map: &mut SourceMap,
    path: &Path,
    uris: &mut HashMap<FileId, Url>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<policy::Policy> {
    let file = path.parent()?.join(policy::FILE_NAME);
    if !file.is_file() {
        return None;
    }
    match std::fs::read_to_string(&file) {
        Ok(text) => {
            let id = map.add(file.display().to_string(), text.clone());
            if let Ok(u) = Url::from_file_path(&file) {
                uris.insert(id, u);
            }
            let (p, errors) = policy::parse(id, &text);
            let ok = errors.is_empty();
            diagnostics.extend(errors);
            ok.then_some(p)
        }
        Err(e) => {
            diagnostics.push(Diagnostic::new(
                Code::E0309,
                format!("policyfilen `{}` kan inte läsas: {e}", file.display()),
                Span::detached(),
            ));
            None
        }
    }
}
