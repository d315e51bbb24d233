//! [`LetterFacts`]: what the letter needs beyond the decision document, taken from the pack
//! (the `regelverk`'s contact, privacy page and logo; the decision's title, delegation point,
//! appeal instance, full-bifall marker and shown values) and from the case (its reference
//! and the shown inputs). None of it is part of the JSON document.

use delegat_ir::Value;
use delegat_ir::{DecisionResult, InputId, Program, ShownTarget};
use delegat_value::Date;

use crate::decision::{TraceItem, TraceKind};
use crate::format;

/// The instance that tries an appeal when the pack names none (FL 40 §: a decision is
/// appealed to the förvaltningsrätt unless otherwise provided).
pub const DEFAULT_INSTANCE: &str = "förvaltningsrätten";

/// What the letter reads from the pack and the case, besides the decision document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LetterFacts {
    /// The decision's title (`titel:`); without one the letter writes the decision's name.
    pub titel: Option<String>,
    /// The point of the nämnd's delegation order (`delegeringspunkt:`).
    pub delegeringspunkt: Option<String>,
    /// The appeal instance (`överklagas_hos:`), else [`DEFAULT_INSTANCE`].
    pub instans: String,
    /// Every `bifall` grants all that was asked (`helt_bifall: ja`): no appeal notice for one.
    pub helt_bifall: bool,
    /// The case's reference (the input `ärendenummer:` names), when the case gives it.
    pub arendenummer: Option<String>,
    /// How to reach the nämnd (`kontakt:` of the `regelverk`).
    pub kontakt: Option<String>,
    /// The nämnd's page on its processing of personal data (`personuppgifter:`).
    pub personuppgifter: Option<String>,
    /// The path or address of the nämnd's logo (`logotyp:`).
    pub logotyp: Option<String>,
    /// The values the pack marks as shown (`visa:`), in its order: label and text.
    pub visade: Vec<(String, String)>,
    /// For a case sent to a caseworker because its date lies before the first day the
    /// pack has norms for: that day (`RuntimeError::before_rules`).
    pub regler_fran: Option<Date>,
}

impl LetterFacts {
    /// The facts of the decision `r` decided in `p`, with the case's `inputs` when known
    /// (one slot per input; without them the reference and shown inputs are left out) and
    /// the decision's trace items `spar`.
    pub(crate) fn new(
        p: &Program,
        r: &DecisionResult,
        inputs: Option<&[Option<Value>]>,
        spar: &[TraceItem],
    ) -> LetterFacts {
        let d = p.decision(r.decision);
        let letter = d.map(|d| &d.letter);
        let input_text = |id: InputId| -> Option<String> {
            let input = p.inputs.get(id.index())?;
            let value = inputs?.get(id.index())?.as_ref()?;
            Some(format::text(p, value, &input.ty))
        };
        let mut visade = Vec::new();
        for s in letter.map(|l| l.visa.as_slice()).unwrap_or_default() {
            let name = match s.target {
                ShownTarget::Input(i) => {
                    if let Some(text) = input_text(i) {
                        visade.push((s.label.clone(), text));
                    }
                    continue;
                }
                ShownTarget::Param(id) => p.param(id).map(|x| (x.name.as_str(), true)),
                ShownTarget::Rule(id) => p.rule(id).map(|x| (x.name.as_str(), false)),
            };
            let Some((name, is_param)) = name else {
                continue;
            };
            for t in spar.iter().filter(|t| t.namn == name) {
                if is_param == (t.kind == TraceKind::Regel) {
                    continue;
                }
                let label = match &t.nyckel {
                    Some(k) => format!("{} ({k})", s.label),
                    None => s.label.clone(),
                };
                visade.push((label, t.text.clone()));
            }
        }
        LetterFacts {
            titel: letter.and_then(|l| l.titel.clone()),
            delegeringspunkt: letter.and_then(|l| l.delegeringspunkt.clone()),
            instans: letter
                .and_then(|l| l.overklagas_hos.clone())
                .unwrap_or_else(|| DEFAULT_INSTANCE.to_owned()),
            helt_bifall: letter.is_some_and(|l| l.helt_bifall),
            arendenummer: letter
                .and_then(|l| l.arendenummer)
                .and_then(input_text)
                .filter(|t| !t.trim().is_empty()),
            kontakt: p.meta.kontakt.clone(),
            personuppgifter: p.meta.personuppgifter.clone(),
            logotyp: p.meta.logotyp.clone(),
            visade,
            regler_fran: r
                .error
                .as_ref()
                .and_then(|e| e.before_rules(p))
                .map(|(_, first)| first),
        }
    }

    /// Whether the decision reads an input for its letter (so that a caller deciding from
    /// text keeps the case's values).
    pub(crate) fn needs_inputs(p: &Program, r: &DecisionResult) -> bool {
        p.decision(r.decision).is_some_and(|d| {
            d.letter.arendenummer.is_some()
                || d.letter
                    .visa
                    .iter()
                    .any(|s| matches!(s.target, ShownTarget::Input(_)))
        })
    }
}
