//! Loading the files a rule file `använd`s, transitively, through a [`Loader`]; a cycle of
//! `använd` is an error (E0108) that shows the chain, a file that cannot be read is E0107.

use delegat_diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};
use delegat_syntax::ast;

/// Finds the files named by `använd`. The CLI implements it over the filesystem; tests
/// over a map of texts.
pub trait Loader {
    /// Finds the file `path` as written in `använd "path"` inside the file `from`
    /// (relative to that file's directory), adds it to `map` unless it is there already,
    /// and returns its id. The same file must always get the same id (that is how cycles
    /// are recognised). `Err` carries a Swedish reason (`filen finns inte`).
    fn load(&mut self, map: &mut SourceMap, from: FileId, path: &str) -> Result<FileId, String>;
}

struct State {
    /// Loaded files, dependencies before the files that use them.
    done: Vec<(FileId, ast::File)>,
    /// The chain of files being loaded, with the `använd` that led to each.
    stack: Vec<(FileId, Span)>,
    diags: Vec<Diagnostic>,
}

/// Loads every file `root` uses, transitively; returns them dependencies-first, with the
/// diagnostics (syntax errors of the used files, E0107, E0108).
pub(crate) fn load_all(
    map: &mut SourceMap,
    root: FileId,
    root_ast: &ast::File,
    loader: &mut dyn Loader,
) -> (Vec<(FileId, ast::File)>, Vec<Diagnostic>) {
    let mut st = State {
        done: Vec::new(),
        stack: vec![(root, Span::detached())],
        diags: Vec::new(),
    };
    visit(map, root, root_ast, loader, &mut st);
    (st.done, st.diags)
}

fn visit(
    map: &mut SourceMap,
    file: FileId,
    ast: &ast::File,
    loader: &mut dyn Loader,
    st: &mut State,
) {
    for item in &ast.items {
        let ast::ItemKind::Anvand(a) = &item.kind else {
            continue;
        };
        let id = match loader.load(map, file, &a.path.value) {
            Ok(id) => id,
            Err(why) => {
                st.diags.push(
                    Diagnostic::new(
                        Code::E0107,
                        format!("filen `{}` kan inte användas: {why}", a.path.value),
                        a.path.span,
                    )
                    .with_primary_label("sökvägen räknas från den här filens katalog"),
                );
                continue;
            }
        };
        if let Some(pos) = st.stack.iter().position(|(f, _)| *f == id) {
            let name = |id: FileId| map.get(id).map_or("?", |f| f.name()).to_owned();
            let mut chain: Vec<String> = st
                .stack
                .get(pos..)
                .unwrap_or_default()
                .iter()
                .map(|(f, _)| format!("`{}`", name(*f)))
                .collect();
            chain.push(format!("`{}`", name(id)));
            let mut d = Diagnostic::new(
                Code::E0108,
                format!("`använd` bildar en cykel: {}", chain.join(" → ")),
                a.path.span,
            )
            .with_primary_label("sluter cykeln");
            for (i, (_, via)) in st.stack.iter().enumerate().skip(pos + 1) {
                d = d.with_label(*via, format!("{}. använder nästa fil", i - pos));
            }
            st.diags.push(
                d.with_help("flytta det som filerna delar till en egen fil som båda använder"),
            );
            continue;
        }
        if st.done.iter().any(|(f, _)| *f == id) {
            continue;
        }
        let text = map.get(id).map(|f| f.text().to_owned()).unwrap_or_default();
        let (parsed, diags) = delegat_syntax::parse(id, &text);
        st.diags.extend(diags);
        st.stack.push((id, a.path.span));
        visit(map, id, &parsed, loader, st);
        st.stack.pop();
        st.done.push((id, parsed));
    }
}
