//! The CI policy file `delegat.toml`: settings that can only make checking stricter.
//!
//! ```toml
//! [policy]
//! varningar_som_fel = ["W0301"]          # or ["alla"]
//! "kräv_exempel_för_varje_utfall" = true # every outcome of every decision has an exempel
//! "kräv_fråga" = true                    # every applicant input a beslut uses has a fråga
//! ```
//!
//! TOML bare keys are ASCII, so a key with å, ä or ö is quoted; the ASCII spellings
//! `krav_exempel_for_varje_utfall` and `krav_fraga` are accepted as the same keys.
//!
//! There is deliberately no key that relaxes anything: what docs/language.md §7 refuses stays
//! refused. An unreadable file is E0309, an unknown table or key E0310 (with "menade du"),
//! a value of the wrong kind E0311; a requirement the rule file does not meet is E0312.

use delegat_diagnostics::{Code, Diagnostic, FileId, Severity, Span};
use toml::de::{DeTable, DeValue};

use super::deps::{DecisionDeps, Node};
use crate::program::{
    BeslutDef, BeslutId, ExempelId, ExpectTarget, Expected, Kalla, OutcomeBody, OutcomeDef,
    OutcomeKind, Program,
};

/// The policy file's name, looked for beside the rule files.
pub const FILE_NAME: &str = "delegat.toml";

const KEYS: &[&str] = &[
    "varningar_som_fel",
    "kräv_exempel_för_varje_utfall",
    "kräv_fråga",
];

/// Which warnings a policy turns into errors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum WarningsAsErrors {
    /// None (the default).
    #[default]
    None,
    /// Every warning (`["alla"]`).
    All,
    /// These codes.
    Codes(Vec<Code>),
}

/// A parsed policy. The default is no policy at all: checking as docs/language.md §7 says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// `varningar_som_fel`.
    pub warnings_as_errors: WarningsAsErrors,
    /// `kräv_exempel_för_varje_utfall`.
    pub require_examples: bool,
    /// `kräv_fråga`.
    pub require_fraga: bool,
}

/// Reads a policy file's text. Returns the policy (what could be read of it) and the
/// diagnostics; any diagnostic is an error, and the caller should refuse the run.
pub fn parse(file: FileId, text: &str) -> (Policy, Vec<Diagnostic>) {
    let mut policy = Policy::default();
    let mut diags = Vec::new();
    let span = |r: std::ops::Range<usize>| Span::from_range(file, r);
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let at = e.span().unwrap_or(0..0);
            diags.push(
                Diagnostic::new(
                    Code::E0309,
                    format!("policyfilen `{FILE_NAME}` är inte giltig TOML"),
                    span(at),
                )
                .with_primary_label(e.message().to_owned())
                .with_help(
                    "en nyckel med å, ä eller ö skrivs inom citattecken i TOML \
                     (`\"kräv_fråga\" = true`) eller utan dem (`krav_fraga = true`)",
                )
                .with_note(
                    "kontrollen avbryts hellre än att den körs utan de skärpningar som \
                     policyn kanske kräver",
                ),
            );
            return (policy, diags);
        }
    };
    for (key, value) in root.get_ref() {
        if key.get_ref().as_ref() != "policy" {
            diags.push(unknown(
                key.get_ref(),
                span(key.span()),
                &["policy"],
                "tabellen",
            ));
            continue;
        }
        let DeValue::Table(table) = value.get_ref() else {
            diags.push(invalid(
                span(value.span()),
                "`policy` ska vara en tabell: `[policy]`",
            ));
            continue;
        };
        for (k, v) in table {
            let name = canonical(k.get_ref().as_ref());
            let name = name.as_str();
            let vspan = span(v.span());
            match name {
                "varningar_som_fel" => match warnings(v.get_ref(), file) {
                    Ok(w) => policy.warnings_as_errors = w,
                    Err(d) => diags.push(d.map(|d| *d).unwrap_or_else(|| {
                        invalid(
                            vspan,
                            "`varningar_som_fel` ska vara en lista med varningskoder, t.ex. \
                             `[\"W0301\"]`, eller `[\"alla\"]`",
                        )
                    })),
                },
                "kräv_exempel_för_varje_utfall" | "kräv_fråga" => match v.get_ref() {
                    DeValue::Boolean(b) => {
                        if name == "kräv_fråga" {
                            policy.require_fraga = *b;
                        } else {
                            policy.require_examples = *b;
                        }
                    }
                    _ => diags.push(invalid(
                        vspan,
                        &format!("`{name}` ska vara `true` eller `false`"),
                    )),
                },
                _ => diags.push(unknown(k.get_ref(), span(k.span()), KEYS, "nyckeln")),
            }
        }
    }
    (policy, diags)
}

/// A key as the policy knows it: the ASCII spellings `krav_fraga` and
/// `krav_exempel_for_varje_utfall` (TOML bare keys are ASCII) name the same keys as the quoted
/// Swedish ones.
fn canonical(key: &str) -> String {
    let ascii = |s: &str| s.replace(['å', 'ä'], "a").replace('ö', "o");
    KEYS.iter()
        .find(|k| ascii(k) == ascii(key))
        .map(|k| (*k).to_owned())
        .unwrap_or_else(|| key.to_owned())
}

fn unknown(key: &str, span: Span, known: &[&str], what: &str) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::E0310,
        format!(
            "okänd {} `{key}` i `{FILE_NAME}`",
            what.trim_end_matches('n')
        ),
        span,
    )
    .with_primary_label(format!("okänd {}", what.trim_end_matches('n')))
    .with_note(format!(
        "policyfilen kan bara skärpa kontrollen; kända nycklar i `[policy]` är {}",
        KEYS.iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if let Some(best) = super::words::did_you_mean(key, known) {
        d = d.with_help(format!("menade du `{best}`?"));
    }
    d
}

fn invalid(span: Span, message: &str) -> Diagnostic {
    Diagnostic::new(Code::E0311, format!("ogiltigt värde i `{FILE_NAME}`"), span)
        .with_primary_label(message.to_owned())
}

/// `Err(None)`: the wrong shape; `Err(Some(d))`: a specific complaint.
fn warnings(
    value: &DeValue<'_>,
    file: FileId,
) -> Result<WarningsAsErrors, Option<Box<Diagnostic>>> {
    let DeValue::Array(items) = value else {
        return Err(None);
    };
    let mut codes = Vec::new();
    for item in items {
        let DeValue::String(s) = item.get_ref() else {
            return Err(None);
        };
        let span = Span::from_range(file, item.span());
        if s.as_ref() == "alla" {
            return Ok(WarningsAsErrors::All);
        }
        match Code::parse(s) {
            Some(c) if c.default_severity() == Severity::Warning => codes.push(c),
            Some(c) => {
                return Err(Some(Box::new(invalid(
                    span,
                    &format!("`{c}` är redan ett fel; listan gäller varningar"),
                ))));
            }
            None => return Err(Some(Box::new(invalid(span, &format!("okänd kod `{s}`"))))),
        }
    }
    Ok(WarningsAsErrors::Codes(codes))
}

impl Policy {
    /// Turns the warnings the policy names into errors, with a note that says why.
    pub fn escalate(&self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics.iter_mut() {
            if d.severity != Severity::Warning {
                continue;
            }
            let hit = match &self.warnings_as_errors {
                WarningsAsErrors::None => false,
                WarningsAsErrors::All => true,
                WarningsAsErrors::Codes(c) => c.contains(&d.code),
            };
            if hit {
                d.severity = Severity::Error;
                d.notes.push(format!(
                    "policyfilen `{FILE_NAME}` gör varningen {} till ett fel",
                    d.code
                ));
            }
        }
    }

    /// E0312 for the requirements the program does not meet.
    pub fn check(&self, program: &Program, deps: &[DecisionDeps]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.require_examples {
            for (i, beslut) in program.beslut.iter().enumerate() {
                let id = BeslutId(u32::try_from(i).unwrap_or(u32::MAX));
                for (tag, examples) in coverage(program, id) {
                    if !examples.is_empty() {
                        continue;
                    }
                    let span = outcomes(beslut)
                        .find(|o| tag_of(o) == tag)
                        .map(|o| o.span)
                        .unwrap_or(beslut.name.span);
                    out.push(
                        Diagnostic::new(
                            Code::E0312,
                            format!(
                                "inget exempel förväntar `{}` i `{}`",
                                tag_name(tag),
                                beslut.name.text
                            ),
                            span,
                        )
                        .with_primary_label("utfallet saknar exempel")
                        .with_note(format!(
                            "policyfilen `{FILE_NAME}` kräver exempel för varje utfall \
                             (`\"kräv_exempel_för_varje_utfall\" = true`)"
                        ))
                        .with_help(format!(
                            "lägg till ett exempel med `förvänta {{ {} = {} }}`",
                            beslut.name.text,
                            tag_name(tag)
                        )),
                    );
                }
            }
        }
        if self.require_fraga {
            let mut seen = Vec::new();
            for d in deps {
                if program
                    .beslut
                    .get(d.beslut.index())
                    .is_none_or(|b| b.kind != crate::program::DecisionKind::Beslut)
                {
                    continue;
                }
                for node in d.all.nodes() {
                    let Node::Uppgift(uid) = node else { continue };
                    let Some(u) = program.uppgifter.get(uid.index()) else {
                        continue;
                    };
                    if u.kalla != Kalla::Sokande || u.fraga.is_some() || seen.contains(uid) {
                        continue;
                    }
                    seen.push(*uid);
                    out.push(
                        Diagnostic::new(
                            Code::E0312,
                            format!("uppgiften `{}` saknar `fråga`", u.name.text),
                            u.name.span,
                        )
                        .with_primary_label("ett beslut bygger på uppgiften")
                        .with_note(format!(
                            "policyfilen `{FILE_NAME}` kräver att sökanden får en fråga för \
                             varje uppgift (`\"kräv_fråga\" = true`)"
                        ))
                        .with_help("lägg till `fråga: \"…\"` med den fråga e-tjänsten ska visa"),
                    );
                }
            }
        }
        out
    }
}

/// The outcomes of a decision, branches first, then `annars`.
pub fn outcomes(beslut: &BeslutDef) -> impl Iterator<Item = &OutcomeDef> {
    beslut
        .branches
        .iter()
        .map(|b| &b.outcome)
        .chain(std::iter::once(&beslut.otherwise))
}

/// The tag of an outcome.
pub fn tag_of(outcome: &OutcomeDef) -> OutcomeKind {
    match outcome.kind {
        OutcomeBody::Bifall { .. } => OutcomeKind::Bifall,
        OutcomeBody::Avslag { .. } => OutcomeKind::Avslag,
        OutcomeBody::Faststallt { .. } => OutcomeKind::Faststallt,
        OutcomeBody::Manuell { .. } => OutcomeKind::Manuell,
    }
}

/// The keyword of an outcome tag.
pub fn tag_name(tag: OutcomeKind) -> &'static str {
    match tag {
        OutcomeKind::Bifall => "bifall",
        OutcomeKind::Avslag => "avslag",
        OutcomeKind::Faststallt => "fastställt",
        OutcomeKind::Manuell => "manuell",
    }
}

/// For each outcome kind the decision can reach (in the order they first appear), the
/// exempel that expect it.
pub fn coverage(program: &Program, id: BeslutId) -> Vec<(OutcomeKind, Vec<ExempelId>)> {
    let Some(beslut) = program.beslut.get(id.index()) else {
        return Vec::new();
    };
    let mut out: Vec<(OutcomeKind, Vec<ExempelId>)> = Vec::new();
    for o in outcomes(beslut) {
        let tag = tag_of(o);
        if !out.iter().any(|(t, _)| *t == tag) {
            out.push((tag, Vec::new()));
        }
    }
    for (i, ex) in program.exempel.iter().enumerate() {
        let eid = ExempelId(u32::try_from(i).unwrap_or(u32::MAX));
        for e in &ex.forvanta {
            if let (ExpectTarget::Beslut(b), Expected::Outcome { tag, .. }) =
                (e.target, &e.expected)
                && b == id
                && let Some((_, list)) = out.iter_mut().find(|(t, _)| t == tag)
                && !list.contains(&eid)
            {
                list.push(eid);
            }
        }
    }
    out
}
