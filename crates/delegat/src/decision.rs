//! [`Decision`]: the result of deciding one case, and its JSON (`docs/beslut.md`).

pub use delegat_ir::DecisionKind;
use delegat_ir::{DecisionResult, TraceEntry};
use delegat_ir::{OutcomeKind, ParamType, Program, TemplatePart, Type};
use delegat_value::{Date, Money};
use serde_json::Value as Json;

use crate::json_out::{self, DateCache};
use crate::{document, format};

/// The outcome of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Utfall {
    /// `bifall`: granted.
    Bifall,
    /// `avslag`: refused.
    Avslag,
    /// `fastställt`: an amount determined (a fee).
    Faststallt,
    /// `manuell`: not decided; the case goes to a caseworker.
    Manuell,
}

impl Utfall {
    /// `"bifall"`, `"avslag"`, `"fastställt"` or `"manuell"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Utfall::Bifall => "bifall",
            Utfall::Avslag => "avslag",
            Utfall::Faststallt => "fastställt",
            Utfall::Manuell => "manuell",
        }
    }

    pub(crate) fn from_ir(kind: OutcomeKind) -> Utfall {
        match kind {
            OutcomeKind::Bifall => Utfall::Bifall,
            OutcomeKind::Avslag => Utfall::Avslag,
            OutcomeKind::Faststallt => Utfall::Faststallt,
            OutcomeKind::Manuell => Utfall::Manuell,
        }
    }
}

/// The pack's identity, as every decision carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackInfo {
    /// `regelverk "Titel"`.
    pub titel: String,
    /// `nämnd:`.
    pub namnd: Option<String>,
    /// `version:`.
    pub version: Option<String>,
    /// The pack's content hash (64 hex digits).
    pub hash: String,
    /// The id of the trusted key that signed the pack, when it was loaded under trusted
    /// keys (`Pack::load_trusted`); else `None`.
    pub signerad_av: Option<String>,
}

/// What a trace entry is a value of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TraceKind {
    /// A `regel`.
    Regel,
    /// A scalar `parameter`.
    Parameter,
    /// A row of a table `parameter`.
    Tabell,
}

/// One value the decision used, with its legal basis.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceItem {
    /// Rule, parameter or table.
    pub kind: TraceKind,
    /// Its name.
    pub namn: String,
    /// The value as JSON (money as a number of kronor).
    pub varde: Json,
    /// The value as Swedish text (`8 560 kr`).
    pub text: String,
    /// Its `enligt`; for a rule whose exception gave the value, the exception's.
    pub lagrum: Option<String>,
    /// For a parameter or table: the date the value in force came into force.
    pub galler_fran: Option<Date>,
    /// For a table: the key looked up, as text.
    pub nyckel: Option<String>,
    /// For a rule: whether an exception (`undantag`) gave the value.
    pub undantag: bool,
}

/// A decided case (docs/language.md §8, `docs/beslut.md`).
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The decision's name.
    pub beslut: String,
    /// `beslut` or `beslutsstöd`.
    pub slag: DecisionKind,
    /// The outcome.
    pub utfall: Utfall,
    /// The amount, if the outcome has one.
    pub belopp: Option<Money>,
    /// The motivering with its values formatted the Swedish way (not for `manuell`).
    pub motivering: Option<String>,
    /// For `manuell`: why the case goes to a caseworker (the rule's text, or the runtime
    /// error's message).
    pub skal: Option<String>,
    /// For a `manuell` caused by a runtime error: its code (`E0405`).
    pub felkod: Option<String>,
    /// For a `manuell` caused by a runtime error, when the pack was built from source: where
    /// in the rule file the error arose.
    pub felplats: Option<crate::Position>,
    /// The decision's legal basis (`enligt`).
    pub lagrum: Option<String>,
    /// The appeal notice (FL 33 §): for an `avslag` or `fastställt` of a `beslut`, and for
    /// a `bifall` unless the decision says every bifall is full (`carries_appeal`). The
    /// letter gives its appeal section exactly when this is present.
    pub overklagande: Option<String>,
    /// The provision that makes the decision appealable by förvaltningsbesvär, in force on
    /// the decision's date (for the letter; not part of the JSON document).
    pub overklagandebestammelse: Option<String>,
    /// The decision date.
    pub beslutsdatum: Date,
    /// The date that selected the norms (parameter values, table rows and citations), for a
    /// decision that declares one (`normdatum:`, `gäller_månad:`); absent: `beslutsdatum`.
    pub normdatum: Option<Date>,
    /// The month the decision concerns (`gäller_månad:`): its first and last day.
    pub period: Option<(Date, Date)>,
    /// The pack.
    pub regelverk: PackInfo,
    /// Every rule and parameter value the decision used, in the order first used.
    pub spar: Vec<TraceItem>,
    /// What the letter reads from the pack and the case besides the above (not part of the
    /// JSON document).
    pub brev: crate::letter::LetterFacts,
}

/// Whether a decision of kind `slag` with outcome `utfall` carries the appeal notice (FL 33 §:
/// the party is told how to appeal when the decision goes against them, wholly or in part):
/// every `avslag` and `fastställt` of a `beslut`, and a `bifall` unless the decision marks
/// every bifall as full (`helt_bifall: ja`), since a bifall may give less than was asked
/// (FL 42 §). Never a `beslutsstöd` (it decides nothing) nor a `manuell` (not a decision).
/// The JSON document's `överklagande` and the letter's appeal section both follow it.
pub(crate) fn carries_appeal(slag: DecisionKind, utfall: Utfall, helt_bifall: bool) -> bool {
    slag == DecisionKind::Beslut
        && match utfall {
            Utfall::Avslag | Utfall::Faststallt => true,
            Utfall::Bifall => !helt_bifall,
            Utfall::Manuell => false,
        }
}

/// The appeal notice of `docs/beslut.md` (FL 33 §, 40–45 §§; docs/jurist/laglighet.md), in
/// plain Swedish, of the decision `d` of `p` with outcome `utfall`: to the instance its
/// `överklagas_hos:` names, else förvaltningsrätten (FL 40 §). A `bifall` is appealable only
/// in so far as it goes against the party (FL 42 §), and the notice says so.
pub(crate) fn appeal_notice(
    p: &Program,
    d: Option<&delegat_ir::Decision>,
    utfall: Utfall,
) -> String {
    let to = p.meta.namnd.as_deref().unwrap_or("nämnden");
    let instance = d
        .and_then(|d| d.letter.overklagas_hos.as_deref())
        .unwrap_or(crate::letter::DEFAULT_INSTANCE);
    let first = match utfall {
        Utfall::Bifall => format!(
            "Om beslutet har gått dig emot, helt eller delvis, kan du överklaga det hos {instance}."
        ),
        _ => format!("Du kan överklaga beslutet hos {instance}."),
    };
    format!(
        "{first} Skicka ditt överklagande till {to}. Skriv vilket beslut du överklagar och \
         vilken ändring du vill ha. Överklagandet ska ha kommit in inom tre veckor från den \
         dag du fick del av beslutet."
    )
}

/// The `skäl` of a result decided by the runtime error `e` (lowercase): the error's
/// reason for a caseworker and the citizen ([`delegat_ir::RuntimeError::reason`]).
pub(crate) fn reason(p: &Program, r: &DecisionResult, e: &delegat_ir::RuntimeError) -> String {
    let norm_declared = p.decision(r.decision).is_some_and(|d| !d.norm.is_empty());
    e.reason(p, norm_declared)
}

impl Decision {
    /// Builds the decision from the interpreter's result.
    pub(crate) fn from_result(pack: &crate::Pack, r: &DecisionResult, date: Date) -> Decision {
        let p = &pack.program;
        let d = p.decision(r.decision);
        let slag = d.map_or(DecisionKind::Beslut, |d| d.kind);
        let utfall = Utfall::from_ir(r.outcome);
        let text = r.outcome_decl(p).and_then(|o| o.text.as_ref()).map(|t| {
            let mut values = r.values.iter();
            let mut out = String::new();
            for part in &t.parts {
                match part {
                    TemplatePart::Lit(s) => out.push_str(s),
                    TemplatePart::Expr(e) => {
                        let ty = p.expr(*e).map_or(Type::Text, |x| x.ty.clone());
                        if let Some(v) = values.next() {
                            out.push_str(&format::shown(p, v, &ty, format::percent_expr(p, *e)));
                        }
                    }
                }
            }
            out
        });
        let (motivering, skal) = match (&r.error, utfall) {
            (Some(e), _) => (None, Some(capitalize(&reason(p, r, e)))),
            (None, Utfall::Manuell) => (None, text),
            (None, _) => (text, None),
        };
        let appealable = carries_appeal(slag, utfall, d.is_some_and(|d| d.letter.helt_bifall));
        // Citations are those in force on the date that selected the norms.
        let norm = r.norm;
        let date_decided = date;
        let date = norm.map_or(date, |n| n.date);
        Decision {
            beslut: d.map_or_else(String::new, |d| d.name.clone()),
            slag,
            utfall,
            belopp: r.belopp,
            motivering,
            skal,
            felkod: r.error.as_ref().map(|e| e.code().as_str().to_owned()),
            felplats: None,
            lagrum: d
                .and_then(|d| p.citation(d.enligt.as_deref(), d.lagrum, date))
                .map(str::to_owned),
            overklagande: appealable.then(|| appeal_notice(p, d, utfall)),
            overklagandebestammelse: d
                .filter(|d| d.kind == DecisionKind::Beslut)
                .and_then(|d| p.appeal_provision(d, date))
                .map(str::to_owned),
            beslutsdatum: date_decided,
            normdatum: norm.map(|n| n.date),
            period: norm.and_then(|n| n.period),
            regelverk: PackInfo {
                titel: p.meta.title.clone(),
                namnd: p.meta.namnd.clone(),
                version: p.meta.version.clone(),
                hash: pack.hash_hex.clone(),
                signerad_av: pack.signer.clone(),
            },
            spar: r
                .trace
                .iter()
                .filter_map(|t| trace_item(p, t, date))
                .collect(),
            brev: crate::letter::LetterFacts::default(),
        }
    }

    /// The decision as the documented JSON object (`docs/beslut.md`): the line of
    /// [`Decision::to_json_string`] read back (a `serde_json::Value` keeps its object keys
    /// sorted; the line has them in the documented order).
    pub fn to_json(&self) -> Json {
        let mut out = Vec::with_capacity(2048);
        self.write_json(&mut out);
        serde_json::from_slice(&out).unwrap_or(Json::Null)
    }

    /// The JSON on one line, fields in the documented order; absent values are left out,
    /// never `null`.
    pub fn to_json_string(&self) -> String {
        let mut out = Vec::with_capacity(2048);
        self.write_json(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Appends the JSON on one line (without a newline) to `out`: what `delegat run` and a
    /// batch write for the case.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        document::write(out, &mut Owned(self, DateCache::default()));
    }

    /// The JSON, indented for reading.
    pub fn to_json_pretty(&self) -> String {
        let mut out = Vec::with_capacity(2048);
        self.write_json(&mut out);
        document::pretty(&out)
    }

    /// The Swedish decision letter (FL 31–33 §§): who decided (the nämnd through its
    /// automated decision function), the date, the content, the motivering with the
    /// provisions applied and the values used, the appeal notice, and how to have a person
    /// look at the decision. See `docs/beslut.md`.
    pub fn letter(&self) -> String {
        crate::letter::write(self)
    }

    /// The decision's title as a reader sees it, as the letter writes it: its `titel:`, else
    /// its name made readable (`Avgift för hemtjänst` for `avgift_för_hemtjänst`).
    pub fn title(&self) -> String {
        crate::letter::title(self)
    }

    /// The same letter as a print-ready HTML page (A4), with the nämnd's logo: `logotyp`
    /// (a path or address) when given, else the pack's `logotyp:`, else none.
    pub fn letter_html(&self, logotyp: Option<&str>) -> String {
        crate::letter::html(&crate::letter::build(self), logotyp)
    }
}

impl TraceItem {
    /// The trace entry as JSON: `{"regel": "behov", "värde": 8560, "text": "8 560 kr", …}`
    /// (its bytes in the decision read back).
    pub fn to_json(&self) -> Json {
        let mut out = Vec::new();
        self.write_json(&mut out);
        serde_json::from_slice(&out).unwrap_or(Json::Null)
    }

    fn write_json(&self, out: &mut Vec<u8>) {
        let shape = document::ItemShape {
            kind: self.kind,
            name: &self.namn,
            keyed: self.nyckel.is_some(),
            lagrum: self.lagrum.as_deref(),
            dated: self.galler_fran.is_some(),
            undantag: self.undantag,
        };
        document::item(out, &shape, &mut &*self);
    }
}

/// An owned trace item's values.
impl document::ItemValues for &TraceItem {
    fn nyckel(&mut self, out: &mut Vec<u8>) {
        json_out::escape(out, self.nyckel.as_deref().unwrap_or_default());
    }

    fn value_and_text(&mut self, out: &mut Vec<u8>, text: &[u8]) {
        document::json(out, &self.varde);
        out.extend_from_slice(text);
        json_out::escape(out, &self.text);
    }

    fn galler_fran(&mut self, out: &mut Vec<u8>) {
        if let Some(d) = self.galler_fran {
            json_out::date(out, d);
        }
    }
}

/// An owned decision as the content of its document, with the texts of its dates.
struct Owned<'a>(&'a Decision, DateCache);

impl document::Content for Owned<'_> {
    fn open(&mut self, out: &mut Vec<u8>) {
        document::open(out, &self.0.beslut, self.0.slag);
    }

    fn utfall(&self) -> Utfall {
        self.0.utfall
    }

    fn belopp(&self) -> Option<Money> {
        self.0.belopp
    }

    fn motivering(&self) -> Option<impl document::Text> {
        self.0.motivering.as_deref()
    }

    fn skal(&self) -> Option<impl document::Text> {
        self.0.skal.as_deref()
    }

    fn felkod(&self) -> Option<&str> {
        self.0.felkod.as_deref()
    }

    fn felplats(&self) -> Option<impl document::Text> {
        self.0.felplats.as_ref().map(document::Shown)
    }

    fn lagrum(&mut self, out: &mut Vec<u8>) {
        document::lagrum(out, self.0.lagrum.as_deref());
    }

    fn overklagande(&mut self, out: &mut Vec<u8>) {
        if let Some(notice) = &self.0.overklagande {
            document::overklagande(out, notice);
        }
    }

    fn beslutsdatum(&self) -> Date {
        self.0.beslutsdatum
    }

    fn norm(&self) -> Option<(Date, Option<(Date, Date)>)> {
        self.0.normdatum.map(|d| (d, self.0.period))
    }

    fn dates(&mut self) -> &mut DateCache {
        &mut self.1
    }

    fn regelverk(&mut self, out: &mut Vec<u8>) {
        let r = &self.0.regelverk;
        document::regelverk(
            out,
            &r.titel,
            r.namnd.as_deref(),
            r.version.as_deref(),
            &r.hash,
            r.signerad_av.as_deref(),
        );
    }

    fn trace(&mut self, out: &mut Vec<u8>) {
        let mut first = true;
        for t in &self.0.spar {
            document::separator(out, &mut first);
            t.write_json(out);
        }
    }
}

/// A trace item, citing what is in force on `date` (the date that selects norms).
fn trace_item(p: &Program, t: &TraceEntry, date: Date) -> Option<TraceItem> {
    match t {
        TraceEntry::Rule {
            rule,
            value,
            exception,
        } => {
            let r = p.rule(*rule)?;
            let own = p.citation(r.enligt.as_deref(), r.lagrum, date);
            let lagrum = match exception.and_then(|i| r.undantag.get(i as usize)) {
                Some(u) => p.citation(u.enligt.as_deref(), u.lagrum, date).or(own),
                None => own,
            }
            .map(str::to_owned);
            Some(TraceItem {
                kind: TraceKind::Regel,
                namn: r.name.clone(),
                varde: format::to_json(p, value, &r.ty),
                text: format::text(p, value, &r.ty),
                lagrum,
                galler_fran: None,
                nyckel: None,
                undantag: exception.is_some(),
            })
        }
        TraceEntry::Param {
            param,
            version,
            value,
        } => {
            let par = p.param(*param)?;
            let ty = match &par.ty {
                ParamType::Value(t) | ParamType::Table { value: t, .. } => t.clone(),
            };
            Some(TraceItem {
                kind: TraceKind::Parameter,
                namn: par.name.clone(),
                varde: format::to_json(p, value, &ty),
                text: format::shown(p, value, &ty, par.percent),
                lagrum: p
                    .citation(par.enligt.as_deref(), par.lagrum, date)
                    .map(str::to_owned),
                galler_fran: Some(*version),
                nyckel: None,
                undantag: false,
            })
        }
        TraceEntry::Lookup {
            param,
            version,
            key,
            value,
        } => {
            let par = p.param(*param)?;
            let (kty, vty) = match &par.ty {
                ParamType::Table { key, value } => (key.ty(), value.clone()),
                ParamType::Value(t) => (Type::Int, t.clone()),
            };
            Some(TraceItem {
                kind: TraceKind::Tabell,
                namn: par.name.clone(),
                varde: format::to_json(p, value, &vty),
                text: format::shown(p, value, &vty, par.percent),
                lagrum: p
                    .citation(par.enligt.as_deref(), par.lagrum, date)
                    .map(str::to_owned),
                galler_fran: Some(*version),
                nyckel: Some(format::text(p, key, &kty)),
                undantag: false,
            })
        }
    }
}

/// The first letter upper-case (a runtime error's message is lowercase; a reason shown to a
/// person is a sentence).
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
