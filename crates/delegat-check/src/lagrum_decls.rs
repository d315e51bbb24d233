//! Declared provisions (`lagrum namn { från DATUM: "citat" … }`) and `enligt` clauses that
//! cite one by name: dates rising (E0212), at least one version (E0225), a known name
//! (E0226), a known appeal route (E0227) and `förvaltningsbesvär` with the provision that
//! gives it (E0228). What the route means for a `beslut` is the legality check's (E0305,
//! E0313, W0303).

use delegat_diagnostics::{Code, Diagnostic};
use delegat_syntax::ast;

use crate::ctx::{Checker, idx};
use crate::program::{LagrumAppeal, LagrumDef, LagrumId, LagrumVersion, Spanned};
use crate::resolve::{spanned, spanned_str};
use crate::types::date;

/// The appeal routes a `lagrum` may declare: the values of `överklagande:`.
pub const ROUTES: &[&str] = &[
    "förvaltningsbesvär",
    "laglighetsprövning",
    "ej_överklagbart",
];

impl Checker<'_> {
    /// Registers a `lagrum` name (its own namespace: it is only ever used after `enligt`).
    pub fn declare_lagrum(&mut self, l: &ast::Lagrum) -> bool {
        if let Some((_, first)) = self.lagrum_names.get(&l.name.name) {
            let first = *first;
            self.duplicate(&l.name.name, l.name.span, first);
            return false;
        }
        let id = LagrumId(idx(self.lagrum_names.len()));
        self.lagrum_names
            .insert(l.name.name.clone(), (id, l.name.span));
        true
    }

    /// Checks every declared `lagrum`.
    pub fn check_lagrum(&mut self) -> Vec<Option<LagrumDef>> {
        let ls = self.items.lagrum.clone();
        let mut out = Vec::new();
        for (item, l) in ls {
            let mut ok = true;
            if l.versions.is_empty() {
                self.report(
                    Diagnostic::new(
                        Code::E0225,
                        format!("lagrummet `{}` har ingen lydelse", l.name.name),
                        l.name.span,
                    )
                    .with_primary_label("inget lagrum att hänvisa till")
                    .with_help(
                        "ange lagrummet och datumet det gäller från: \
                         `från 2025-07-01: \"SoL (2025:400) 12 kap. 1 §\"`",
                    ),
                );
                ok = false;
            }
            let mut prev: Option<&ast::LagrumVersion> = None;
            let mut versions = Vec::new();
            for v in &l.versions {
                if let Some(prev) = prev
                    && v.from.ymd() <= prev.from.ymd()
                {
                    self.report(
                        Diagnostic::new(
                            Code::E0212,
                            format!(
                                "datumet {} kommer inte efter {}",
                                date(v.from),
                                date(prev.from)
                            ),
                            v.from.span,
                        )
                        .with_primary_label("ska vara senare än föregående datum")
                        .with_label(prev.from.span, "föregående lydelse"),
                    );
                    ok = false;
                }
                prev = Some(v);
                let appeal = match &v.appeal {
                    Some(a) => match self.appeal(a) {
                        Some(a) => Some(a),
                        None => {
                            ok = false;
                            None
                        }
                    },
                    None => None,
                };
                versions.push(LagrumVersion {
                    from: date(v.from),
                    text: spanned_str(&v.text),
                    appeal,
                    span: v.span,
                });
            }
            out.push(ok.then(|| LagrumDef {
                name: spanned(&l.name),
                doc: item.doc.clone(),
                versions,
                span: item.span,
            }));
        }
        out
    }

    fn appeal(&mut self, a: &ast::LagrumAppeal) -> Option<LagrumAppeal> {
        let route = a.route.name.as_str();
        if !ROUTES.contains(&route) {
            let mut d = Diagnostic::new(
                Code::E0227,
                format!("okänd väg för överklagande `{route}`"),
                a.route.span,
            )
            .with_primary_label("okänt värde")
            .with_note(
                "möjliga värden är `förvaltningsbesvär`, `laglighetsprövning` och \
                 `ej_överklagbart`",
            );
            if let Some(best) = crate::legality::words::did_you_mean(route, ROUTES) {
                d = d.with_help(format!("menade du `{best}`?"));
            }
            self.report(d);
            return None;
        }
        if route == "förvaltningsbesvär" && a.enligt.is_none() {
            self.report(
                Diagnostic::new(
                    Code::E0228,
                    "`överklagas: förvaltningsbesvär` anger inte bestämmelsen om överklagande",
                    a.route.span,
                )
                .with_primary_label("vilken bestämmelse ger förvaltningsbesvär?")
                .with_note(
                    "ett kommunalt beslut överklagas genom förvaltningsbesvär bara när en \
                     bestämmelse säger det (kommunallagen 13 kap. 3 §); annars genom \
                     laglighetsprövning",
                )
                .with_help(
                    "skriv bestämmelsen efter vägen: `överklagas: förvaltningsbesvär enligt \
                     \"SoL (2025:400) 35 kap. 1 §\"`",
                ),
            );
            return None;
        }
        Some(LagrumAppeal {
            route: spanned(&a.route),
            enligt: a.enligt.as_ref().map(spanned_str),
        })
    }

    /// An `enligt` clause as the checked program keeps it: the text (or the name of a
    /// declared `lagrum`) and, for a name, the `lagrum` it names. An unknown name is E0226,
    /// unless a `lagrum` of that name failed to parse (its syntax error is the one error).
    pub fn enligt(&mut self, e: Option<&ast::Enligt>) -> (Option<Spanned>, Option<LagrumId>) {
        match e {
            None => (None, None),
            Some(ast::Enligt::Text(s)) => (Some(spanned_str(s)), None),
            Some(ast::Enligt::Lagrum(name)) => match self.lagrum_names.get(&name.name) {
                Some((id, _)) => (Some(spanned(name)), Some(*id)),
                // A `lagrum` whose declaration could not be read has its one error there.
                None if self.unreadable_names.contains(&name.name) => (Some(spanned(name)), None),
                None => {
                    let names: Vec<String> = self.lagrum_names.keys().cloned().collect();
                    let mut d = Diagnostic::new(
                        Code::E0226,
                        format!("lagrummet `{}` finns inte", name.name),
                        name.span,
                    )
                    .with_primary_label("inget `lagrum` med det namnet");
                    d = match crate::resolve::suggest(&name.name, names) {
                        Some(best) => d.with_help(format!("menade du `{best}`?")),
                        None => d.with_help(format!(
                            "deklarera det: `lagrum {} {{ från 2025-07-01: \"…\" }}`, eller \
                             skriv lagrummet som text: `enligt \"…\"`",
                            name.name
                        )),
                    };
                    self.report(d);
                    (Some(spanned(name)), None)
                }
            },
        }
    }
}
