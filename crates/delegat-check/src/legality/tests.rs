//! Unit tests of the legality analysis on hand-built programs (independent of the parser),
//! of the citation reader and of the word list.

use delegat_diagnostics::{Code, Diagnostic, FileId, Severity, Span};

use super::{check, lagrum, policy, words};
use crate::program::*;

fn sp(a: u32) -> Span {
    Span::new(FileId(0), a, a + 1)
}

fn named(text: &str, at: u32) -> Spanned {
    Spanned {
        text: text.to_owned(),
        span: Span::new(FileId(0), at, at + u32::try_from(text.len()).unwrap()),
    }
}

fn ex(kind: TExprKind, at: u32) -> TExpr {
    TExpr {
        kind,
        ty: Type::belopp(),
        span: sp(at),
    }
}

fn text(pieces: Vec<TextPiece>) -> Text {
    Text {
        pieces,
        span: sp(9000),
    }
}

fn motivering(e: Option<TExpr>) -> Option<Text> {
    let mut pieces = vec![TextPiece::Lit("Beloppet är ".to_owned())];
    if let Some(e) = e {
        pieces.push(TextPiece::Interp(e));
    }
    Some(text(pieces))
}

fn bifall() -> OutcomeBody {
    OutcomeBody::Bifall {
        belopp: None,
        motivering: motivering(None),
    }
}

fn avslag() -> OutcomeBody {
    OutcomeBody::Avslag {
        motivering: motivering(None),
    }
}

fn manuell(e: Option<TExpr>) -> OutcomeBody {
    let mut pieces = vec![TextPiece::Lit("Pröva ".to_owned())];
    if let Some(e) = e {
        pieces.push(TextPiece::Interp(e));
    }
    OutcomeBody::Manuell {
        reason: text(pieces),
    }
}

#[derive(Default)]
struct B {
    p: Program,
    at: u32,
}

impl B {
    fn next(&mut self) -> u32 {
        self.at += 100;
        self.at
    }

    fn uppgift(&mut self, name: &str, kalla: Kalla) -> UppgiftId {
        let at = self.next();
        self.p.uppgifter.push(UppgiftDef {
            name: named(name, at),
            doc: None,
            // Bounded below, as the law implies for what the applicant states (W0302).
            ty: Type::Belopp(Bounds {
                lo: Some(0),
                hi: None,
            }),
            kalla,
            kalla_span: sp(at + 50),
            fraga: None,
            beskrivning: None,
            span: sp(at),
        });
        UppgiftId(u32::try_from(self.p.uppgifter.len() - 1).unwrap())
    }

    fn register(&mut self, name: &str) -> UppgiftId {
        let at = self.at + 100;
        self.uppgift(name, Kalla::Register(named("Skatteverket", at + 60)))
    }

    fn bedomning(&mut self, name: &str) -> BedomningId {
        let at = self.next();
        self.p.bedomningar.push(BedomningDef {
            name: named(name, at),
            doc: None,
            ty: Type::Bool,
            beskrivning: None,
            span: sp(at),
        });
        BedomningId(u32::try_from(self.p.bedomningar.len() - 1).unwrap())
    }

    fn param(&mut self, name: &str, enligt: &str) -> ParamId {
        let at = self.next();
        self.p.params.push(ParamDef {
            name: named(name, at),
            doc: None,
            ty: Type::belopp(),
            enligt: Some(named(enligt, at + 20)),
            lagrum: None,
            values: Vec::new(),
            percent: false,
            span: sp(at),
        });
        ParamId(u32::try_from(self.p.params.len() - 1).unwrap())
    }

    fn regel(&mut self, name: &str, body: TExpr) -> RegelId {
        let at = self.next();
        self.p.regler.push(RegelDef {
            name: named(name, at),
            doc: None,
            params: Vec::new(),
            is_function: false,
            ty: Type::belopp(),
            enligt: None,
            lagrum: None,
            body,
            undantag: Vec::new(),
            span: sp(at),
        });
        RegelId(u32::try_from(self.p.regler.len() - 1).unwrap())
    }

    fn beslut(
        &mut self,
        kind: DecisionKind,
        name: &str,
        branches: Vec<(TExpr, OutcomeBody)>,
        otherwise: OutcomeBody,
    ) -> BeslutId {
        let at = self.next();
        self.p.beslut.push(BeslutDef {
            kind,
            name: named(name, at),
            doc: None,
            enligt: Some(named("SoL 12 kap. 1 §", at + 10)),
            lagrum: None,
            avser: Some(named("myndighetsutövning", at + 30)),
            overklagande: Some(named("förvaltningsbesvär", at + 50)),
            norm: NormDef::default(),
            letter: Default::default(),
            branches: branches
                .into_iter()
                .map(|(cond, kind)| BranchDef {
                    cond,
                    outcome: OutcomeDef { kind, span: sp(at) },
                    span: sp(at),
                })
                .collect(),
            otherwise: OutcomeDef {
                kind: otherwise,
                span: sp(at + 90),
            },
            span: sp(at),
        });
        BeslutId(u32::try_from(self.p.beslut.len() - 1).unwrap())
    }
}

fn codes(diags: &[Diagnostic]) -> Vec<Code> {
    diags.iter().map(|d| d.code).collect()
}

fn labels(d: &Diagnostic) -> Vec<&str> {
    d.secondary.iter().map(|l| l.message.as_str()).collect()
}

#[test]
fn chain_through_a_rule_to_a_register_input() {
    let mut b = B::default();
    let reg = b.register("taxerad_inkomst");
    let inkomst = b.regel("inkomst", ex(TExprKind::Uppgift(reg), 7001));
    let cond = ex(TExprKind::Regel(inkomst), 8001);
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![(cond, bifall())],
        avslag(),
    );
    let diags = check(&b.p);
    assert_eq!(codes(&diags), vec![Code::E0301]);
    let d = &diags[0];
    assert_eq!(
        d.message,
        "beslutet `stöd` bygger på uppgiften `taxerad_inkomst`, som hämtas från register \"Skatteverket\""
    );
    assert_eq!(d.primary.message, "beslutet `stöd`");
    assert_eq!(
        labels(d),
        vec![
            "1. beror på regeln `inkomst`",
            "2. som beror på uppgiften `taxerad_inkomst`",
            "3. som hämtas från register \"Skatteverket\"",
        ]
    );
    // Each label is on the reference that takes the chain one step further.
    assert_eq!(d.secondary[0].span, sp(8001));
    assert_eq!(d.secondary[1].span, sp(7001));
    assert_eq!(d.secondary[2].span, b.p.uppgifter[0].kalla_span);
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("Delegats regel, inte ett förbud i lag"))
    );
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("25 §") && n.contains("23 §"))
    );
}

#[test]
fn function_arguments_belong_to_the_caller() {
    let mut b = B::default();
    let reg = b.register("taxerad_inkomst");
    let f = b.regel("dubbel", ex(TExprKind::Int(2), 7001));
    b.p.regler[f.index()].is_function = true;
    let call = ex(
        TExprKind::Call(f, vec![ex(TExprKind::Uppgift(reg), 8010)]),
        8001,
    );
    let r = b.regel("belopp_att_betala", call);
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![],
        OutcomeBody::Bifall {
            belopp: Some(ex(TExprKind::Regel(r), 8501)),
            motivering: motivering(None),
        },
    );
    let diags = check(&b.p);
    assert_eq!(codes(&diags), vec![Code::E0301]);
    assert_eq!(
        labels(&diags[0]),
        vec![
            "1. beror på regeln `belopp_att_betala`",
            "2. som beror på uppgiften `taxerad_inkomst`",
            "3. som hämtas från register \"Skatteverket\"",
        ]
    );
}

#[test]
fn aggregate_filters_table_keys_and_exceptions_count() {
    // An aggregate's filter.
    let mut b = B::default();
    let reg = b.register("ålder_enligt_folkbokföringen");
    let agg = Aggregate {
        func: AggFunc::Antal,
        var: LocalId(0),
        list: ex(TExprKind::List(vec![]), 8002),
        filter: Some(ex(TExprKind::Uppgift(reg), 8003)),
        body: None,
    };
    let cond = ex(TExprKind::Aggregate(Box::new(agg)), 8001);
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![(cond, bifall())],
        avslag(),
    );
    assert_eq!(codes(&check(&b.p)), vec![Code::E0301]);

    // A table key.
    let mut b = B::default();
    let reg = b.register("antal_barn");
    let table = b.param("norm", "SOSFS 2013:1");
    let idx = ex(
        TExprKind::Index(
            Box::new(ex(TExprKind::Param(table), 8002)),
            Box::new(ex(TExprKind::Uppgift(reg), 8003)),
        ),
        8001,
    );
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![],
        OutcomeBody::Faststallt {
            belopp: Some(idx),
            motivering: motivering(None),
        },
    );
    let diags = check(&b.p);
    assert_eq!(codes(&diags), vec![Code::E0301]);
    assert_eq!(
        labels(&diags[0]),
        vec![
            "1. beror på uppgiften `antal_barn`",
            "2. som hämtas från register \"Skatteverket\""
        ]
    );

    // An exception's condition.
    let mut b = B::default();
    let bed = b.bedomning("särskilda_skäl_finns");
    let r = b.regel("hyra", ex(TExprKind::Money(100), 7001));
    b.p.regler[r.index()].undantag.push(UndantagDef {
        enligt: None,
        lagrum: None,
        cond: ex(TExprKind::Bedomning(bed), 7002),
        value: ex(TExprKind::Money(0), 7003),
        span: sp(7002),
    });
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![],
        OutcomeBody::Bifall {
            belopp: Some(ex(TExprKind::Regel(r), 8001)),
            motivering: motivering(None),
        },
    );
    let diags = check(&b.p);
    assert_eq!(codes(&diags), vec![Code::E0302]);
    assert_eq!(
        labels(&diags[0]),
        vec![
            "1. beror på regeln `hyra`",
            "2. som beror på bedömningen `särskilda_skäl_finns`",
            "3. som är en bedömning som en handläggare gör",
        ]
    );
}

#[test]
fn motivering_interpolation_counts() {
    let mut b = B::default();
    let h = b.uppgift("bedömd_arbetsförmåga", Kalla::Handlaggare);
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![],
        OutcomeBody::Avslag {
            motivering: motivering(Some(ex(TExprKind::Uppgift(h), 8001))),
        },
    );
    let diags = check(&b.p);
    assert_eq!(codes(&diags), vec![Code::E0302]);
    assert!(diags[0].message.contains("som lämnas av en handläggare"));
}

#[test]
fn manuell_may_depend_on_the_applicant_but_not_on_registers() {
    // The applicant's own statement routing to manuell: lawful, no W0301 either.
    let mut b = B::default();
    let s = b.uppgift("särskilda_omständigheter", Kalla::Sokande);
    b.p.uppgifter[s.index()].fraga = Some(named("Finns det särskilda skäl?", 120));
    let cond = ex(TExprKind::Uppgift(s), 8001);
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![(cond.clone(), manuell(Some(cond)))],
        bifall(),
    );
    assert_eq!(check(&b.p), Vec::<Diagnostic>::new());

    // A register input in the routing condition is still E0301, with a note on why.
    let mut b = B::default();
    let reg = b.register("skuld_hos_kronofogden");
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![(ex(TExprKind::Uppgift(reg), 8001), manuell(None))],
        bifall(),
    );
    let diags = check(&b.p);
    assert_eq!(codes(&diags), vec![Code::E0301]);
    assert!(
        diags[0]
            .notes
            .iter()
            .any(|n| n.contains("villkor som skickar ärendet till en handläggare"))
    );

    // A register value in a manuell reason is E0301 too.
    let mut b = B::default();
    let reg = b.register("taxerad_inkomst");
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![],
        manuell(Some(ex(TExprKind::Uppgift(reg), 8001))),
    );
    assert_eq!(codes(&check(&b.p)), vec![Code::E0301]);
}

#[test]
fn beslutsstod_is_exempt_from_sources_but_not_from_form() {
    let mut b = B::default();
    let reg = b.register("taxerad_inkomst");
    let bed = b.bedomning("skälig_hyra");
    let cond = ex(
        TExprKind::And(
            Box::new(ex(TExprKind::Uppgift(reg), 8002)),
            Box::new(ex(TExprKind::Bedomning(bed), 8003)),
        ),
        8001,
    );
    let id = b.beslut(
        DecisionKind::Beslutsstod,
        "förslag",
        vec![(cond, bifall())],
        OutcomeBody::Avslag { motivering: None },
    );
    b.p.beslut[id.index()].enligt = None;
    b.p.beslut[id.index()].avser = None;
    b.p.beslut[id.index()].overklagande = Some(named("laglighetsprövning", 5));
    let mut got = codes(&check(&b.p));
    got.sort();
    assert_eq!(got, vec![Code::E0303, Code::E0304]);
}

#[test]
fn shortest_chain_and_one_diagnostic_per_declaration() {
    let mut b = B::default();
    let reg = b.register("taxerad_inkomst");
    let deep = b.regel("djup", ex(TExprKind::Uppgift(reg), 7001));
    let mid = b.regel("mitten", ex(TExprKind::Regel(deep), 7101));
    let near = b.regel("nära", ex(TExprKind::Uppgift(reg), 7201));
    let cond = ex(
        TExprKind::Compare(
            CmpOp::Gt,
            Box::new(ex(TExprKind::Regel(mid), 8001)),
            Box::new(ex(TExprKind::Regel(near), 8002)),
        ),
        8000,
    );
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![(cond, bifall())],
        avslag(),
    );
    let diags = check(&b.p);
    assert_eq!(codes(&diags), vec![Code::E0301]);
    assert_eq!(
        labels(&diags[0]),
        vec![
            "1. beror på regeln `nära`",
            "2. som beror på uppgiften `taxerad_inkomst`",
            "3. som hämtas från register \"Skatteverket\"",
        ]
    );
}

#[test]
fn unused_register_data_is_lawful() {
    let mut b = B::default();
    let reg = b.register("taxerad_inkomst");
    b.regel("oanvänd", ex(TExprKind::Uppgift(reg), 7001));
    b.bedomning("skälig");
    b.beslut(DecisionKind::Beslut, "stöd", vec![], bifall());
    assert_eq!(check(&b.p), Vec::<Diagnostic>::new());
}

#[test]
fn form_of_a_beslut() {
    let mut b = B::default();
    let id = b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![],
        OutcomeBody::Faststallt {
            belopp: None,
            motivering: None,
        },
    );
    let d = &mut b.p.beslut[id.index()];
    d.enligt = None;
    d.avser = None;
    d.overklagande = Some(named("forvaltningsbesvar", 3));
    let diags = check(&b.p);
    let mut got = codes(&diags);
    got.sort();
    assert_eq!(
        got,
        vec![
            Code::E0303,
            Code::E0304,
            Code::E0305,
            Code::E0307,
            Code::E0308
        ]
    );
    let unknown = diags.iter().find(|d| d.code == Code::E0305).unwrap();
    assert_eq!(
        unknown.help.as_deref(),
        Some("menade du `förvaltningsbesvär`?")
    );
}

#[test]
fn avser_values() {
    for (value, code) in [
        ("myndighetsutövning", None),
        ("upphandling", Some(Code::E0306)),
        ("yttrande", Some(Code::E0306)),
        ("valfrihetssystem", Some(Code::E0306)),
        ("myndighetsutovning", Some(Code::E0306)),
    ] {
        let mut b = B::default();
        let id = b.beslut(DecisionKind::Beslut, "stöd", vec![], bifall());
        b.p.beslut[id.index()].avser = Some(named(value, 3));
        assert_eq!(
            codes(&check(&b.p)),
            code.into_iter().collect::<Vec<_>>(),
            "{value}"
        );
    }
    let mut b = B::default();
    let id = b.beslut(DecisionKind::Beslut, "stöd", vec![], bifall());
    b.p.beslut[id.index()].avser = Some(named("myndighetsutovning", 3));
    let d = check(&b.p);
    assert_eq!(
        d[0].help.as_deref(),
        Some("menade du `myndighetsutövning`?")
    );
}

/// The appeal route of a basis: which table row, declaration or refusal it gets.
#[test]
fn the_appeal_route_of_a_basis() {
    use super::appeal::{Declared, Route, route, table_appeal};
    let besvar = |enligt| {
        Some(Declared {
            route: "förvaltningsbesvär",
            enligt: Some(enligt),
        })
    };
    let kind = |r: Route<'_>| match r {
        Route::Laglighetsprovning(_) => "laglighetsprövning",
        Route::DeclaredBar(_) => "deklarerad spärr",
        Route::Verified(_) => "kontrollerad",
        Route::Unverified(_) => "okontrollerad",
        Route::Missing => "saknas",
    };
    for (basis, declared, want) in [
        // Written as text: the table or nothing.
        ("SoL (2025:400) 12 kap. 1 §", None, "kontrollerad"),
        (
            "socialtjänstlagen 12 kap. 1 § första stycket",
            None,
            "kontrollerad",
        ),
        (
            "SoL (2025:400) 12 kap. 1 § och 12 kap. 2 a §",
            None,
            "saknas",
        ),
        ("SoL (2001:453) 4 kap. 1 §", None, "saknas"),
        ("SoL (2025:400) 32 kap. 6 §", None, "saknas"),
        ("Taxa för kulturskolan, Exempelkommun", None, "saknas"),
        (
            "skollagen (2010:800) 10 kap. 33 §",
            None,
            "laglighetsprövning",
        ),
        ("10 kap. 33 § skollagen", None, "laglighetsprövning"),
        ("skollagen (2010:800) 10 kap. 32 §", None, "saknas"),
        ("SoL 12 kap. 2 §", None, "laglighetsprövning"),
        // Declared: the table confirms it only for the bases its row covers.
        (
            "SoL (2025:400) 12 kap. 1 §",
            besvar("SoL (2025:400) 35 kap. 1 §"),
            "kontrollerad",
        ),
        (
            "SoL (2025:400) 32 kap. 6 §",
            besvar("SoL (2025:400) 35 kap. 1 §"),
            "okontrollerad",
        ),
        (
            "SoL (2001:453) 4 kap. 1 §",
            besvar("SoL (2001:453) 16 kap. 3 §"),
            "okontrollerad",
        ),
        (
            "SoL (2025:400) 12 kap. 1 §",
            besvar("SoL (2001:453) 35 kap. 1 §"),
            "okontrollerad",
        ),
        // A laglighetsprövning provision stays refused whatever is declared.
        (
            "skollagen (2010:800) 10 kap. 33 §",
            besvar("skollagen (2010:800) 28 kap. 5 §"),
            "laglighetsprövning",
        ),
        (
            "Taxa, Exempelkommun",
            Some(Declared {
                route: "laglighetsprövning",
                enligt: None,
            }),
            "deklarerad spärr",
        ),
    ] {
        assert_eq!(kind(route(basis, declared)), want, "{basis}");
    }
    assert_eq!(
        table_appeal("SoL (2025:400) 12 kap. 1 §"),
        Some("SoL (2025:400) 35 kap. 1 §")
    );
    assert_eq!(table_appeal("SoL (2025:400) 32 kap. 6 §"), None);
}

#[test]
fn enligt_citing_laglighetsprovning() {
    for (enligt, refused) in [
        ("SoL 12 kap. 2 §", true),
        ("12 kap. 2 § SoL (2025:400)", true),
        ("socialtjänstlagen (2025:400) 12 kap. 2 §", true),
        ("Socialtjänstlagen 12 kap. 2 § första stycket", true),
        ("SoL 12 kap. 2 § Första stycket", true),
        ("Skollagen 12 kap. 2 §", false),
        ("SoL 12 kap. 1 §; SFB 12 kap. 2 §", false),
        ("SoL 12 kap. 1 och 2 §§", true),
        ("SoL 12 kap. 1–3 §§", true),
        ("SoL 11 kap. 4 §", true),
        ("SoL 12 kap. 2a §", false),
        ("SoL 12 kap. 2 a §", false),
        ("SoL 12 kap. 1 §", false),
        ("SoL 12 kap. 20 §", false),
        ("socialtjänstlagen (2001:453) 12 kap. 2 §", false),
        ("KL 12 kap. 2 §", false),
        ("12 kap. 2 §", false),
    ] {
        assert_eq!(
            !lagrum::laglighetsprovning(enligt).is_empty(),
            refused,
            "{enligt}"
        );
    }
}

#[test]
fn discretion_words_match_whole_words_and_inflections() {
    let found = |t: &str| -> Vec<&str> { words::find(t).into_iter().map(|h| h.entry).collect() };
    assert_eq!(found("skälig_hyra"), vec!["skälig"]);
    assert_eq!(found("Skäliga kostnader"), vec!["skälig"]);
    assert_eq!(found("OSKÄLIGT"), vec!["skälig"]);
    assert_eq!(found("om det finns särskilda skäl"), vec!["särskilda skäl"]);
    assert_eq!(found("synnerligt skäl"), vec!["synnerliga skäl"]);
    assert_eq!(
        found("någon annan särskild omständighet"),
        vec!["särskilda omständigheter"]
    );
    assert_eq!(
        found("om det finns skäl för det"),
        vec!["om det finns skäl för det"]
    );
    assert_eq!(
        found("vid behov och med hänsyn till barnets bästa"),
        vec!["vid behov", "med hänsyn till", "barnets bästa"]
    );
    assert_eq!(found("olämpliga"), vec!["lämplig"]);
    // Not whole words, or other words.
    assert!(found("skäl").is_empty());
    assert!(found("skälighetsgräns_bostad").is_empty());
    assert!(found("behov").is_empty());
    assert!(found("lämplighetsprövningen").is_empty());
    assert!(found("särskild_kostnad").is_empty());
}

#[test]
fn w0301_on_decisive_dependencies_only() {
    let mut b = B::default();
    let hyra = b.uppgift("hyra", Kalla::Sokande);
    let tak = b.param("hyrestak", "Riktlinjer: skälig hyra 2026");
    // A string literal's span includes its quotes.
    let lit = b.p.params[tak.index()].enligt.as_mut().unwrap();
    lit.span.end += 2;
    let r = b.regel(
        "godtagen_hyra",
        ex(
            TExprKind::Builtin(
                Builtin::Minsta,
                vec![
                    ex(TExprKind::Uppgift(hyra), 7001),
                    ex(TExprKind::Param(tak), 7002),
                ],
            ),
            7000,
        ),
    );
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![],
        OutcomeBody::Bifall {
            belopp: Some(ex(TExprKind::Regel(r), 8001)),
            motivering: motivering(None),
        },
    );
    let diags = check(&b.p);
    assert_eq!(codes(&diags), vec![Code::W0301]);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert_eq!(
        diags[0].message,
        "beslutet `stöd` bygger på parametern `hyrestak`, där `skälig` tyder på en skönsmässig bedömning"
    );
    // The label points at the word inside the string literal (after the quote).
    let last = diags[0].secondary.last().unwrap();
    let p = &b.p.params[tak.index()];
    let offset = u32::try_from("Riktlinjer: ".len()).unwrap() + 1;
    assert_eq!(
        last.span.start,
        p.enligt.as_ref().unwrap().span.start + offset
    );
}

#[test]
fn policy_file() {
    let (p, d) = policy::parse(
        FileId(1),
        "[policy]\nvarningar_som_fel = [\"W0301\"]\n\"kräv_exempel_för_varje_utfall\" = true\n",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        p.warnings_as_errors,
        policy::WarningsAsErrors::Codes(vec![Code::W0301])
    );
    assert!(p.require_examples);

    let (_, d) = policy::parse(FileId(1), "[policy]\nkrav_exempel_for_varje_utfal = true\n");
    assert_eq!(codes(&d), vec![Code::E0310]);
    assert_eq!(
        d[0].help.as_deref(),
        Some("menade du `kräv_exempel_för_varje_utfall`?")
    );
    let (_, d) = policy::parse(FileId(1), "[policy]\n\"tillåt_register\" = true\n");
    assert_eq!(codes(&d), vec![Code::E0310]);
    let (_, d) = policy::parse(FileId(1), "[annat]\n");
    assert_eq!(codes(&d), vec![Code::E0310]);
    let (_, d) = policy::parse(FileId(1), "[policy]\nvarningar_som_fel = \"W0301\"\n");
    assert_eq!(codes(&d), vec![Code::E0311]);
    let (_, d) = policy::parse(FileId(1), "[policy]\nvarningar_som_fel = [\"E0301\"]\n");
    assert_eq!(codes(&d), vec![Code::E0311]);
    let (_, d) = policy::parse(FileId(1), "[policy\n");
    assert_eq!(codes(&d), vec![Code::E0309]);
    let (_, d) = policy::parse(FileId(1), "[policy]\nkräv_fråga = true\n");
    assert_eq!(codes(&d), vec![Code::E0309]);
    assert!(d[0].help.as_deref().unwrap().contains("citattecken"));

    // Escalation and the example requirement.
    let mut b = B::default();
    let tak = b.param("skäligt_tak", "Riktlinjer");
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![(ex(TExprKind::Param(tak), 8001), bifall())],
        avslag(),
    );
    let mut diags = check(&b.p);
    let (p, _) = policy::parse(
        FileId(1),
        "[policy]\nvarningar_som_fel = [\"alla\"]\nkrav_exempel_for_varje_utfall = true\n",
    );
    p.escalate(&mut diags);
    assert_eq!(codes(&diags), vec![Code::W0301]);
    assert_eq!(diags[0].severity, Severity::Error);
    let deps = super::analyse(&b.p);
    let more = p.check(&b.p, &deps);
    assert_eq!(codes(&more), vec![Code::E0312, Code::E0312]);
    assert!(more[0].message.contains("`bifall`"));
    assert!(more[1].message.contains("`avslag`"));
}

#[test]
fn w0302_an_unbounded_number_that_decides_an_amount() {
    // Unbounded, in a list: the amount of a bifall rests on it.
    let mut b = B::default();
    let inkomster = b.uppgift("inkomster", Kalla::Sokande);
    b.p.uppgifter[inkomster.index()].ty = Type::Lista(Box::new(Type::belopp()));
    let sum = ex(
        TExprKind::Aggregate(Box::new(Aggregate {
            func: AggFunc::Summa,
            var: LocalId(0),
            list: ex(TExprKind::Uppgift(inkomster), 7001),
            filter: None,
            body: None,
        })),
        7000,
    );
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![],
        OutcomeBody::Bifall {
            belopp: Some(sum),
            motivering: motivering(None),
        },
    );
    let diags = check(&b.p);
    assert_eq!(codes(&diags), vec![Code::W0302]);
    assert_eq!(diags[0].severity, Severity::Warning);
    assert_eq!(
        diags[0].message,
        "beslutet `stöd` bygger på uppgiften `inkomster` (i listan), ett tal utan nedre gräns som sökanden anger"
    );

    // The same input only routing to a caseworker, or only in a beslutsstöd: no warning.
    let mut b = B::default();
    let netto = b.uppgift("näringsresultat", Kalla::Sokande);
    b.p.uppgifter[netto.index()].ty = Type::belopp();
    b.beslut(
        DecisionKind::Beslut,
        "stöd",
        vec![(ex(TExprKind::Uppgift(netto), 8001), manuell(None))],
        bifall(),
    );
    b.beslut(
        DecisionKind::Beslutsstod,
        "förslag",
        vec![],
        OutcomeBody::Bifall {
            belopp: Some(ex(TExprKind::Uppgift(netto), 8101)),
            motivering: motivering(None),
        },
    );
    assert_eq!(codes(&check(&b.p)), Vec::<Code>::new());
}
