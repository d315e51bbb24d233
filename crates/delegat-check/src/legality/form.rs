//! The form of a decision: E0303 (motivering), E0304 (`enligt`), E0305 (appeal route and
//! laglighetsprövning provisions), E0313 and W0303 (the appeal provision of the basis, see
//! `appeal.rs`), E0306 (`avser`), E0307 (missing `avser:`/`överklagande:`)
//! and E0308 (`fastställt` without an amount).
//!
//! `beslutsstöd` is held to E0303, E0304 and E0308 (its proposals still reach a party through
//! a caseworker's decision), may leave out `avser:` and `överklagande:`, and may name the
//! values KL 6:38 excludes (a person decides); an unknown value is a typo and an error in both.

use delegat_diagnostics::{Code, Diagnostic};

use delegat_diagnostics::Span;

use super::appeal::{self, Declared, Route};
use crate::program::{BeslutDef, DecisionKind, OutcomeBody, OutcomeDef, Program, Spanned};

/// The values of `avser:` and why each but the first is refused (KL 6 kap. 38 §).
pub const AVSER: &[(&str, Option<&str>)] = &[
    ("myndighetsutövning", None),
    (
        "mål_och_inriktning",
        Some(
            "ärenden om verksamhetens mål, inriktning, omfattning eller kvalitet får inte \
             delegeras (kommunallagen 6 kap. 38 § första stycket 1)",
        ),
    ),
    (
        "yttrande",
        Some(
            "framställningar och yttranden till fullmäktige, och yttranden när nämndens eller \
             fullmäktiges beslut har överklagats, får inte delegeras (kommunallagen 6 kap. \
             38 § första stycket 2)",
        ),
    ),
    (
        "principiell_beskaffenhet",
        Some(
            "myndighetsutövning mot enskilda som är av principiell beskaffenhet eller annars \
             av större vikt får inte delegeras (kommunallagen 6 kap. 38 § första stycket 3)",
        ),
    ),
    (
        "medborgarförslag",
        Some(
            "ärenden som väckts genom medborgarförslag får inte delegeras (kommunallagen \
             6 kap. 38 § första stycket 4)",
        ),
    ),
    (
        "upphandling",
        Some(
            "ärenden om upphandling får inte delegeras till en automatiserad beslutsfunktion \
             (kommunallagen 6 kap. 38 § andra stycket 3)",
        ),
    ),
    (
        "valfrihetssystem",
        Some(
            "ärenden inom valfrihetssystem avvisar Delegat av försiktighet: det är Delegats \
             policy, inte ett lagrum (se `delegat explain E0306`)",
        ),
    ),
];

/// The values of `överklagande:` and why each but the first is refused.
pub const OVERKLAGANDE: &[(&str, Option<&str>)] = &[
    ("förvaltningsbesvär", None),
    (
        "laglighetsprövning",
        Some(
            "ärenden vars beslut överklagas genom laglighetsprövning får inte delegeras till \
             en automatiserad beslutsfunktion (kommunallagen 6 kap. 38 § andra stycket 1)",
        ),
    ),
    (
        "ej_överklagbart",
        Some(
            "ärenden vars beslut inte får överklagas får inte delegeras till en automatiserad \
             beslutsfunktion (kommunallagen 6 kap. 38 § andra stycket 2)",
        ),
    ),
];

const MAKE_STOD: &str = "låt en handläggare besluta: gör om beslutet till ett `beslutsstöd`";

/// Every form check for every decision.
pub fn check(program: &Program, out: &mut Vec<Diagnostic>) {
    for beslut in &program.beslut {
        enligt(program, beslut, out);
        field(
            beslut,
            beslut.avser.as_ref(),
            "avser",
            AVSER,
            Code::E0306,
            out,
        );
        field(
            beslut,
            beslut.overklagande.as_ref(),
            "överklagande",
            OVERKLAGANDE,
            Code::E0305,
            out,
        );
        for branch in &beslut.branches {
            outcome(beslut, &branch.outcome, out);
        }
        outcome(beslut, &beslut.otherwise, out);
    }
}

fn what(beslut: &BeslutDef) -> String {
    format!(
        "{} `{}`",
        super::chain::decision_noun(beslut),
        beslut.name.text
    )
}

/// E0304, and E0305 for a `beslut` citing a laglighetsprövning provision.
fn enligt(program: &Program, beslut: &BeslutDef, out: &mut Vec<Diagnostic>) {
    let Some(enligt) = &beslut.enligt else {
        let kw = match beslut.kind {
            DecisionKind::Beslut => "beslut",
            DecisionKind::Beslutsstod => "beslutsstöd",
        };
        out.push(
            Diagnostic::new(
                Code::E0304,
                format!("{} saknar `enligt`", what(beslut)),
                beslut.name.span,
            )
            .with_primary_label("lagrummet saknas här")
            .with_note(
                "varje beslut ska tala om vilka föreskrifter som har tillämpats \
                 (förvaltningslagen 32 §), och nämndens delegation gäller ärenden enligt en \
                 viss bestämmelse; lagrummet följer med i beslutet och i rapporten till nämnden",
            )
            .with_help(format!(
                "skriv lagrummet efter namnet: `{kw} {} enligt \"…\" {{ … }}`",
                beslut.name.text
            )),
        );
        return;
    };
    if beslut.kind != DecisionKind::Beslut {
        return;
    }
    // The bases to read: each version of a declared provision, or the text as written.
    let bases: Vec<(&str, Option<Declared<'_>>, Span, Option<String>)> =
        match beslut.lagrum.and_then(|id| program.lagrum_def(id)) {
            Some(l) => l
                .versions
                .iter()
                .map(|v| {
                    (
                        v.text.text.as_str(),
                        v.appeal.as_ref().map(|a| Declared {
                            route: a.route.text.as_str(),
                            enligt: a.enligt.as_ref().map(|e| e.text.as_str()),
                        }),
                        v.span,
                        Some(format!("från {}", v.from)),
                    )
                })
                .collect(),
            None => vec![(enligt.text.as_str(), None, enligt.span, None)],
        };
    for (basis, declared, span, from) in bases {
        let when = from.map(|f| format!(" ({f})")).unwrap_or_default();
        match appeal::route(basis, declared) {
            Route::Verified(_) => {}
            Route::Laglighetsprovning(row) => out.push(
                Diagnostic::new(
                    Code::E0305,
                    format!(
                        "{} grundas på {}, vars beslut överklagas genom laglighetsprövning",
                        what(beslut),
                        row.cite
                    ),
                    beslut.name.span,
                )
                .with_primary_label("detta beslut kan inte fattas automatiskt")
                .with_label(span, format!("hänvisar till {}{when}", row.cite))
                .with_note(format!(
                    "{}; ärenden vars beslut överklagas genom laglighetsprövning får inte \
                     delegeras till en automatiserad beslutsfunktion (kommunallagen 6 kap. 38 § \
                     andra stycket 1), vad som än står i `överklagande:`",
                    row.why
                ))
                .with_help(MAKE_STOD),
            ),
            Route::DeclaredBar(route) => {
                let why = OVERKLAGANDE
                    .iter()
                    .find(|(v, _)| *v == route)
                    .and_then(|(_, why)| *why)
                    .unwrap_or("");
                out.push(
                    Diagnostic::new(
                        Code::E0305,
                        format!(
                            "{} grundas på ett lagrum som överklagas genom `{route}`",
                            what(beslut)
                        ),
                        beslut.name.span,
                    )
                    .with_primary_label("detta beslut kan inte fattas automatiskt")
                    .with_label(span, format!("`överklagas: {route}`{when}"))
                    .with_note(why)
                    .with_help(MAKE_STOD),
                );
            }
            Route::Unverified(cited) => out.push(
                Diagnostic::new(
                    Code::W0303,
                    format!(
                        "vägen för överklagande av {} vilar på hänvisningen till \"{cited}\", \
                         som Delegat inte har kontrollerat",
                        what(beslut)
                    ),
                    beslut.name.span,
                )
                .with_primary_label("förvaltningsbesvär enligt juristens hänvisning")
                .with_label(
                    span,
                    format!("\"{basis}\"{when} överklagas enligt \"{cited}\""),
                )
                .with_note(
                    "bestämmelsen om överklagande finns inte i Delegats tabell över \
                     bestämmelser om överklagande för detta lagrum, så vägen för överklagande \
                     vilar på juristens hänvisning, och rapporten till nämnden säger det",
                )
                .with_help(
                    "kontrollera bestämmelsen mot lagtexten i den lydelse som gäller för \
                     lagrummets datum innan nämnden delegerar beslutet",
                ),
            ),
            Route::Missing => out.push(
                Diagnostic::new(
                    Code::E0313,
                    format!(
                        "{} grundas på \"{basis}\", som ingen bestämmelse gör överklagbart \
                         genom förvaltningsbesvär",
                        what(beslut)
                    ),
                    beslut.name.span,
                )
                .with_primary_label("detta beslut kan inte fattas automatiskt")
                .with_label(
                    span,
                    format!("1. grundas på \"{basis}\"{when}: ingen bestämmelse om överklagande"),
                )
                .with_note(format!(
                    "kedjan: {} → lagrummet \"{basis}\" → ingen bestämmelse som ger \
                     förvaltningsbesvär, varken i Delegats tabell över bestämmelser om \
                     överklagande eller som `överklagas: förvaltningsbesvär enligt \"…\"` i ett `lagrum`",
                    what(beslut)
                ))
                .with_note(
                    "ett kommunalt beslut överklagas genom förvaltningsbesvär bara när en \
                     bestämmelse i lag eller annan författning säger det (kommunallagen 13 kap. \
                     3 §), annars genom laglighetsprövning (13 kap. 1 §); sådana ärenden får \
                     inte delegeras till en automatiserad beslutsfunktion (kommunallagen 6 kap. \
                     38 § andra stycket 1), vad som än står i `överklagande:`",
                )
                .with_help(
                    "låt en handläggare besluta: gör om beslutet till ett `beslutsstöd`; eller, \
                     om en bestämmelse ger förvaltningsbesvär, deklarera lagrummet med den: \
                     `lagrum namn { från ÅÅÅÅ-MM-DD: \"…\" överklagas: förvaltningsbesvär \
                     enligt \"…\" }` och skriv `enligt namn`",
                ),
            ),
        }
    }
}

/// `avser:` (E0306) or `överklagande:` (E0305): missing (E0307 on a `beslut`), unknown, or a
/// value that cannot be delegated to an automated function.
fn field(
    beslut: &BeslutDef,
    value: Option<&Spanned>,
    key: &str,
    allowed: &[(&str, Option<&str>)],
    code: Code,
    out: &mut Vec<Diagnostic>,
) {
    let Some(value) = value else {
        if beslut.kind == DecisionKind::Beslut {
            let lawful = allowed.first().map(|(v, _)| *v).unwrap_or("");
            out.push(
                Diagnostic::new(
                    Code::E0307,
                    format!("{} saknar `{key}:`", what(beslut)),
                    beslut.name.span,
                )
                .with_primary_label(format!("`{key}:` saknas i detta beslut"))
                .with_note(
                    "ett automatiserat beslut ska ange vilken sorts ärende det gäller och hur \
                     det överklagas, så att kontrollen kan pröva att ärendet får delegeras \
                     (kommunallagen 6 kap. 38 §)",
                )
                .with_help(format!(
                    "lägg till `{key}: {lawful}` i beslutet, eller gör det till ett `beslutsstöd`"
                )),
            );
        }
        return;
    };
    let found = allowed.iter().find(|(v, _)| *v == value.text);
    match found {
        None => {
            let names: Vec<&str> = allowed.iter().map(|(v, _)| *v).collect();
            let mut d = Diagnostic::new(
                code,
                format!("okänt värde `{}` för `{key}:`", value.text),
                value.span,
            )
            .with_primary_label("okänt värde")
            .with_note(format!(
                "möjliga värden är {}",
                super::chain::and_list(names.iter().map(|n| format!("`{n}`")))
            ));
            if let Some(best) = super::words::did_you_mean(&value.text, &names) {
                d = d
                    .with_help(format!("menade du `{best}`?"))
                    .with_fix(value.span, best);
            }
            out.push(d);
        }
        Some((_, Some(why))) if beslut.kind == DecisionKind::Beslut => {
            out.push(
                Diagnostic::new(
                    code,
                    format!(
                        "`{key}: {}` kan inte delegeras till en automatiserad beslutsfunktion",
                        value.text
                    ),
                    value.span,
                )
                .with_primary_label(format!("{} i {}", value.text, what(beslut)))
                .with_note(*why)
                .with_help(MAKE_STOD),
            );
        }
        Some(_) => {}
    }
}

/// E0303 and E0308 for one outcome.
fn outcome(beslut: &BeslutDef, outcome: &OutcomeDef, out: &mut Vec<Diagnostic>) {
    let (name, motivering_missing, belopp_missing) = match &outcome.kind {
        OutcomeBody::Avslag { motivering } => ("avslag", motivering.is_none(), false),
        OutcomeBody::Faststallt { belopp, motivering } => {
            ("fastställt", motivering.is_none(), belopp.is_none())
        }
        OutcomeBody::Bifall { .. } | OutcomeBody::Manuell { .. } => return,
    };
    if motivering_missing {
        out.push(
            Diagnostic::new(
                Code::E0303,
                format!("`{name}` i {} saknar motivering", what(beslut)),
                outcome.span,
            )
            .with_primary_label("motivering saknas")
            .with_note(
                "ett beslut som går den enskilde emot ska innehålla en klargörande motivering: \
                 vilka föreskrifter som har tillämpats och vilka omständigheter som har varit \
                 avgörande (förvaltningslagen 32 §)",
            )
            .with_help(format!(
                "lägg till en motivering med de avgörande värdena, t.ex. `{name} {{ motivering: \
                 \"Inkomsterna, {{inkomst}}, täcker behovet {{behov}}.\" }}`"
            )),
        );
    }
    if belopp_missing {
        out.push(
            Diagnostic::new(
                Code::E0308,
                format!("`fastställt` i {} saknar belopp", what(beslut)),
                outcome.span,
            )
            .with_primary_label("belopp saknas")
            .with_note("ett fastställt utfall bestämmer ett belopp, till exempel en avgift")
            .with_help("lägg till `belopp: …` med det belopp som fastställs"),
        );
    }
}
