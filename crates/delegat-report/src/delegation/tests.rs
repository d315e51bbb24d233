//! The delegation report from hand-made facts: escaping, the parameter grid, several packs,
//! and what a decision support leaves out. The checked examples are snapshotted in
//! `tests/src/legality.rs`.

use delegat_check::facts::{
    AppealLine, AppealStatus, Coverage, DecisionFacts, DecisionKind, ExempelRun, Finding, Made,
    OutcomeKind, OutcomeLine, PackFacts, ParamLine, ParamShown, RuleLagrum,
};

use super::{html, markdown, values};

fn decision(kind: DecisionKind) -> DecisionFacts {
    DecisionFacts {
        name: "extra_stöd".to_owned(),
        kind,
        doc: Some("Beviljas när `behov` > 0 & <mer>.".to_owned()),
        enligt: Some("SoL (2025:400) 12 kap. 1 §".to_owned()),
        avser: None,
        appeal: Vec::new(),
        overklagande: None,
        outcomes: vec![
            OutcomeLine {
                when: Some("behov är större än 0".to_owned()),
                tag: OutcomeKind::Bifall,
                belopp: Some("behov".to_owned()),
                text: Some("Behovet är {behov}.".to_owned()),
            },
            OutcomeLine {
                when: None,
                tag: OutcomeKind::Manuell,
                belopp: None,
                text: Some("Ingen \"regel\" passar.".to_owned()),
            },
        ],
        inputs: Vec::new(),
        judgements: Vec::new(),
        params: Vec::new(),
        rules: Vec::new(),
        coverage: vec![Coverage {
            tag: OutcomeKind::Bifall,
            exempel: Vec::new(),
        }],
        findings: vec![Finding {
            code: "E0301".to_owned(),
            error: true,
            title: "uppgift från `register`".to_owned(),
            message: "beslutet bygger på <registret>".to_owned(),
            explanation: vec!["en förklaring.".to_owned()],
            place: Some("fil.regel:3".to_owned()),
        }],
        cost: None,
    }
}

fn pack(titel: &str, decisions: Vec<DecisionFacts>) -> PackFacts {
    PackFacts {
        titel: titel.to_owned(),
        namnd: Some("Socialnämnden".to_owned()),
        version: None,
        beskrivning: None,
        files: vec!["fil.regel".to_owned()],
        kontrollsumma: None,
        exempel: None,
        skapad: None,
        lawful: false,
        general: Vec::new(),
        decisions,
    }
}

#[test]
fn html_escapes_the_rule_files_text_and_marks_code() {
    let page = html(&[pack("A & <B>", vec![decision(DecisionKind::Beslut)])]).unwrap();
    assert!(page.contains("<title>Underlag för delegering: A &#38; &#60;B&#62;</title>"));
    assert!(page.contains("<h1>Underlag för delegering: A &#38; &#60;B&#62;</h1>"));
    assert!(page.contains("<p>Beviljas när <code>behov</code> &#62; 0 &#38; &#60;mer&#62;.</p>"));
    assert!(page.contains("”Ingen &#34;regel&#34; passar.”"));
    assert!(page.contains(
        "<li class=\"error\"><p><strong>Fel E0301: uppgift från <code>register</code></strong> \
         <span class=\"muted\">(fil.regel:3)</span></p><p>Beslutet bygger på &#60;registret&#62;.</p>"
    ));
    assert!(page.contains("<p class=\"muted\">En förklaring.</p>"));
    assert!(page.contains("<p class=\"verdict bad\">Kan inte fattas automatiskt: 1 fel</p>"));
    assert!(!page.contains("<B>") && !page.contains("<mer>") && !page.contains("<registret>"));
}

#[test]
fn markdown_writes_the_text_as_it_is() {
    let md = markdown(&[pack("A & <B>", vec![decision(DecisionKind::Beslut)])]).unwrap();
    assert!(md.starts_with("# Underlag för delegering: A & <B>\n\n- **Nämnd:** Socialnämnden\n"));
    assert!(md.contains(
        "1. Om behov är större än 0: **bifall** med beloppet behov. Motivering: ”Behovet är {behov}.”\n\
         2. Annars: **till handläggare**\n"
    ));
    assert!(md.contains("- I alla andra fall: ”Ingen \"regel\" passar.”\n"));
    assert!(md.contains(
        "- **Fel E0301: uppgift från `register`** (fil.regel:3). Beslutet bygger på <registret>.\n  En förklaring.\n"
    ));
    assert!(md.contains("| bifall | **inget exempel** |\n"));
    assert!(md.contains("- **Ärendet avser:** inte angivet\n"));
}

#[test]
fn a_decision_support_shows_avser_and_overklagande_only_when_given() {
    let md = markdown(&[pack("P", vec![decision(DecisionKind::Beslutsstod)])]).unwrap();
    assert!(md.contains("## Beslutsstöd: extra stöd\n"));
    assert!(!md.contains("Ärendet avser"));
    assert!(!md.contains("Överklagande"));
    assert!(md.contains("- **Kontrollen:** ett förslag till en handläggare; 1 fel\n"));
}

#[test]
fn several_packs_are_one_document() {
    let packs = [pack("Ett", Vec::new()), pack("Två", Vec::new())];
    let md = markdown(&packs).unwrap();
    assert_eq!(md.matches("# Underlag för delegering: ").count(), 2);
    assert!(md.contains("\n\n---\n\n# Underlag för delegering: Två\n"));
    let page = html(&packs).unwrap();
    assert!(page.contains("<title>Underlag för delegering</title>"));
    assert!(page.contains("<hr class=\"pack\">\n<h1>Underlag för delegering: Två</h1>"));
    assert!(page.ends_with("</body>\n</html>\n"));
}

#[test]
fn a_table_parameter_is_one_grid_over_its_versions() {
    let rows = |r: &[(&str, &str)]| {
        ParamShown::Table(
            r.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    };
    let p = ParamLine {
        name: "norm".to_owned(),
        enligt: None,
        doc: None,
        values: vec![
            ("2019-01-01".to_owned(), rows(&[("ensam", "3 090 kr")])),
            (
                "2024-01-01".to_owned(),
                rows(&[("ensam", "3 800 kr"), ("par", "6 850 kr")]),
            ),
        ],
        key_heading: Some("Hushållsform".to_owned()),
    };
    let t = values(&p);
    assert_eq!(
        t.head,
        ["Hushållsform", "från 2019-01-01", "från 2024-01-01"]
    );
    assert_eq!(
        t.rows,
        [
            vec!["ensam", "3 090 kr", "3 800 kr"],
            vec!["par", "–", "6 850 kr"]
        ]
    );
    // The key column has a heading: what the rules look the table up by, in both reports.
    let mut d = decision(DecisionKind::Beslut);
    d.params = vec![p.clone()];
    let page = html(&[pack("P", vec![d.clone()])]).unwrap();
    assert!(
        page.contains(
            "<table class=\"values\"><thead><tr><th>Hushållsform</th><th class=\"num\">från \
             2019-01-01</th><th class=\"num\">från 2024-01-01</th></tr></thead><tbody>\n\
             <tr><td>ensam</td><td class=\"num\">3 090 kr</td><td class=\"num\">3 800 kr</td></tr>\n\
             <tr><td>par</td><td class=\"num\">–</td><td class=\"num\">6 850 kr</td></tr>\n\
             </tbody></table>\n"
        ),
        "{page}"
    );
    let md = markdown(&[pack("P", vec![d])]).unwrap();
    assert!(
        md.contains(
            "\n\n| Hushållsform | från 2019-01-01 | från 2024-01-01 |\n\
             | --- | ---: | ---: |\n\
             | ensam | 3 090 kr | 3 800 kr |\n\
             | par | – | 6 850 kr |\n\n"
        ),
        "{md}"
    );
    // A single value is a row per date, headed the same way in both reports.
    let single = ParamLine {
        values: vec![(
            "2024-01-01".to_owned(),
            ParamShown::Value("2 940 kr".to_owned()),
        )],
        key_heading: None,
        ..p
    };
    let t = values(&single);
    assert_eq!(t.head, ["Från", "Värde"]);
    assert_eq!(t.rows, [vec!["2024-01-01", "2 940 kr"]]);
    let mut d = decision(DecisionKind::Beslut);
    d.params = vec![single];
    let md = markdown(&[pack("P", vec![d])]).unwrap();
    assert!(
        md.contains("| Från | Värde |\n| --- | ---: |\n| 2024-01-01 | 2 940 kr |\n\n"),
        "{md}"
    );
}

#[test]
fn the_report_names_the_appeal_provision_and_says_whose_reading_it_is() {
    let mut d = decision(DecisionKind::Beslut);
    d.findings = Vec::new();
    d.appeal = vec![
        AppealLine {
            from: Some("2019-01-01".into()),
            basis: "SoL (2001:453) 4 kap. 1 §".into(),
            provision: Some("SoL (2001:453) 16 kap. 3 §".into()),
            status: AppealStatus::Cited,
        },
        AppealLine {
            from: Some("2025-07-01".into()),
            basis: "SoL (2025:400) 12 kap. 1 §".into(),
            provision: Some("SoL (2025:400) 35 kap. 1 §".into()),
            status: AppealStatus::Verified,
        },
    ];
    let md = markdown(&[pack("P", vec![d.clone()])]).unwrap();
    assert!(
        md.contains(
            "- **Bestämmelse om överklagande:** SoL (2001:453) 4 kap. 1 § (från 2019-01-01): \
         överklagas genom förvaltningsbesvär enligt SoL (2001:453) 16 kap. 3 §. Det vilar på \
         regelfilens hänvisning och har inte kontrollerats mot Delegats tabell"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "SoL (2025:400) 12 kap. 1 § (från 2025-07-01): överklagas genom förvaltningsbesvär \
         enligt SoL (2025:400) 35 kap. 1 §, kontrollerat mot Delegats tabell"
        ),
        "{md}"
    );
    assert!(
        md.contains("men vägen för överklagande vilar delvis på regelfilens hänvisning"),
        "{md}"
    );
    let page = html(&[pack("P", vec![d])]).unwrap();
    assert!(
        page.contains("<dt>Bestämmelse om överklagande</dt>"),
        "{page}"
    );
}

/// The report is dated, names the Delegat that made it, and says whether the exempel
/// passed, in both forms.
#[test]
fn the_report_is_dated_and_versioned_with_the_exempel_result() {
    let mut p = pack("P", vec![decision(DecisionKind::Beslut)]);
    p.exempel = Some(ExempelRun {
        passed: 12,
        failed: 0,
        both_engines: true,
    });
    p.skapad = Some(Made {
        datum: "2026-12-07".to_owned(),
        delegat: "0.1.0".to_owned(),
    });
    let md = markdown(std::slice::from_ref(&p)).unwrap();
    assert!(
        md.contains(
            "- **Exempel:** alla 12 exempel ger det förväntade resultatet med båda \
             beslutsmotorerna\n- **Rapporten skapad:** 2026-12-07 med Delegat 0.1.0\n"
        ),
        "{md}"
    );
    let page = html(std::slice::from_ref(&p)).unwrap();
    assert!(
        page.contains(
            "<span><strong>Rapporten skapad:</strong> 2026-12-07 med Delegat 0.1.0</span>"
        ),
        "{page}"
    );
    p.exempel = Some(ExempelRun {
        passed: 10,
        failed: 2,
        both_engines: true,
    });
    let md = markdown(&[p]).unwrap();
    assert!(
        md.contains(
            "- **Exempel:** 2 av 12 exempel ger inte det förväntade resultatet; kör `delegat \
             test` för att se vilka"
        ),
        "{md}"
    );
}

#[test]
fn the_exempel_in_words() {
    let run = |passed, failed, both_engines| {
        super::words::exempel_run(&ExempelRun {
            passed,
            failed,
            both_engines,
        })
    };
    assert_eq!(run(0, 0, true), "regelfilen har inga exempel");
    assert_eq!(
        run(1, 0, true),
        "det enda exemplet ger det förväntade resultatet med båda beslutsmotorerna"
    );
    assert_eq!(
        run(3, 0, false),
        "alla 3 exempel ger det förväntade resultatet med tolken (maskinkodsmotorn kunde inte \
         användas)"
    );
}

/// A parameter's and a rule's `///` comment are shown where the language reference promises
/// (docs/jurist/sprakreferens.md avsnitt 2): under the parameter, after the rule's lagrum.
#[test]
fn doc_comments_of_parameters_and_rules_are_shown() {
    let mut d = decision(DecisionKind::Beslut);
    d.params = vec![ParamLine {
        name: "riksnorm_ensamstående".to_owned(),
        enligt: Some("SoF 2 kap. 1 §".to_owned()),
        doc: Some("Personliga kostnader för en vuxen som bor ensam.".to_owned()),
        values: vec![(
            "2024-01-01".to_owned(),
            ParamShown::Value("3 800 kr".to_owned()),
        )],
        key_heading: None,
    }];
    d.rules = vec![RuleLagrum {
        name: "behov".to_owned(),
        enligt: Some("SoL (2025:400) 12 kap. 7 §".to_owned()),
        doc: Some("Hushållets behov.".to_owned()),
        undantag: Vec::new(),
    }];
    let md = markdown(&[pack("P", vec![d.clone()])]).unwrap();
    assert!(
        md.contains(
            "**riksnorm ensamstående** (SoF 2 kap. 1 §)\n\nPersonliga kostnader för en vuxen \
             som bor ensam.\n\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("- behov: SoL (2025:400) 12 kap. 7 §. Hushållets behov.\n"),
        "{md}"
    );
    let page = html(&[pack("P", vec![d])]).unwrap();
    assert!(
        page.contains("<p>Personliga kostnader för en vuxen som bor ensam.</p>"),
        "{page}"
    );
    assert!(
        page.contains("<li>behov: SoL (2025:400) 12 kap. 7 §. Hushållets behov.</li>"),
        "{page}"
    );
}
