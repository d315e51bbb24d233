//! W0301: words that signal discretion (docs/jurist/laglighet.md, W0301) in what an
//! automated decision rests on, and the small fuzzy matcher behind "menade du …?".
//!
//! The list holds each word with its inflections and each phrase as a sequence of word
//! slots, every slot a set of accepted forms. Text is split into lowercase words at
//! anything that is not a letter or digit (so `_` in a name separates words, and
//! `skälig_hyra` reads as "skälig hyra"); an entry matches whole words only, so `skäl`
//! alone or `lämplighetsprövning` do not match what they merely contain.
//!
//! What is looked at: the names, `enligt`, `beskrivning`, `fråga` and `///` comments of the
//! `beslut` itself and of every declaration it depends on *decisively* (see
//! `deps::Role`): what only routes a case to a caseworker is exempt, since asking the
//! applicant about special circumstances and letting a person weigh them is the right design.

use delegat_diagnostics::{Code, Diagnostic, Span};

use super::chain;
use super::deps::{DecisionDeps, Node};
use crate::program::{DecisionKind, Program, Spanned};

/// One entry of the word list: how it is named in messages and its word slots.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// The base form, e.g. `särskilda skäl`.
    pub name: &'static str,
    /// The slots of the phrase, each with the accepted forms (lowercase).
    pub slots: &'static [&'static [&'static str]],
}

const SKAL: &[&str] = &["skäl", "skälet", "skälen"];
const SARSKILD: &[&str] = &["särskild", "särskilt", "särskilda"];

/// The words and phrases of docs/jurist/laglighet.md (W0301) with their inflections.
pub const WORDS: &[Entry] = &[
    Entry {
        name: "skälig",
        slots: &[&[
            "skälig",
            "skäligt",
            "skäliga",
            "skäligen",
            "skäligare",
            "skäligast",
            "skäligaste",
            "oskälig",
            "oskäligt",
            "oskäliga",
            "oskäligen",
            "skälighet",
            "skäligheten",
            "skälighetsbedömning",
            "skälighetsbedömningen",
        ]],
    },
    Entry {
        name: "om det finns skäl för det",
        slots: &[&["om"], &["det"], &["finns"], SKAL],
    },
    Entry {
        name: "särskilda skäl",
        slots: &[SARSKILD, SKAL],
    },
    Entry {
        name: "synnerliga skäl",
        slots: &[&["synnerlig", "synnerligt", "synnerliga"], SKAL],
    },
    Entry {
        name: "godtagbara skäl",
        slots: &[&["godtagbar", "godtagbart", "godtagbara"], SKAL],
    },
    Entry {
        name: "särskilda omständigheter",
        slots: &[
            SARSKILD,
            &[
                "omständighet",
                "omständigheten",
                "omständigheter",
                "omständigheterna",
            ],
        ],
    },
    Entry {
        name: "lämplig",
        slots: &[&[
            "lämplig",
            "lämpligt",
            "lämpliga",
            "lämpligen",
            "lämpligare",
            "lämpligast",
            "lämpligaste",
            "lämplighet",
            "lämpligheten",
            "olämplig",
            "olämpligt",
            "olämpliga",
            "olämplighet",
        ]],
    },
    Entry {
        name: "i den mån",
        slots: &[&["i"], &["den"], &["mån"]],
    },
    Entry {
        name: "i den utsträckning det behövs",
        slots: &[&["i"], &["den"], &["utsträckning"], &["det"], &["behövs"]],
    },
    Entry {
        name: "om det behövs",
        slots: &[&["om"], &["det"], &["behövs"]],
    },
    Entry {
        name: "vid behov",
        slots: &[&["vid"], &["behov"]],
    },
    Entry {
        name: "med hänsyn till",
        slots: &[&["med"], &["hänsyn"], &["till"]],
    },
    Entry {
        name: "helhetsbedömning",
        slots: &[&[
            "helhetsbedömning",
            "helhetsbedömningen",
            "helhetsbedömningar",
            "helhetsbedömningarna",
        ]],
    },
    Entry {
        name: "uppenbart",
        slots: &[&["uppenbar", "uppenbart", "uppenbara", "uppenbarligen"]],
    },
    Entry {
        name: "väsentligt",
        slots: &[&[
            "väsentlig",
            "väsentligt",
            "väsentliga",
            "väsentligen",
            "väsentligare",
        ]],
    },
    Entry {
        name: "av större vikt",
        slots: &[&["av"], &["större"], &["vikt"]],
    },
    Entry {
        name: "principiell beskaffenhet",
        slots: &[
            &["principiell", "principiellt", "principiella"],
            &["beskaffenhet"],
        ],
    },
    Entry {
        name: "ringa",
        slots: &[&["ringa"]],
    },
    Entry {
        name: "rimlig",
        slots: &[&[
            "rimlig",
            "rimligt",
            "rimliga",
            "rimligen",
            "rimligare",
            "rimligast",
            "orimlig",
            "orimligt",
            "orimliga",
        ]],
    },
    Entry {
        name: "barnets bästa",
        slots: &[&["barnets", "barns", "barnens"], &["bästa"]],
    },
];

/// A match in a text: the entry and the byte range of the words as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The entry's base form.
    pub entry: &'static str,
    /// Byte offset of the first matched word in the text.
    pub start: usize,
    /// Byte offset after the last matched word.
    pub end: usize,
}

/// Every match of the word list in `text`, in text order (longer phrases first at one
/// position; a word inside a matched phrase is not matched again).
pub fn find(text: &str) -> Vec<Hit> {
    let words = split(text);
    let mut hits = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let best = WORDS
            .iter()
            .filter(|e| matches_at(&words, i, e))
            .max_by_key(|e| e.slots.len());
        match best {
            Some(e) => {
                let n = e.slots.len();
                let start = words.get(i).map(|w| w.1).unwrap_or(0);
                let end = words.get(i + n - 1).map(|w| w.2).unwrap_or(start);
                hits.push(Hit {
                    entry: e.name,
                    start,
                    end,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    hits
}

fn matches_at(words: &[(String, usize, usize)], i: usize, entry: &Entry) -> bool {
    entry.slots.iter().enumerate().all(|(k, forms)| {
        words
            .get(i + k)
            .is_some_and(|(w, _, _)| forms.contains(&w.as_str()))
    })
}

/// Lowercase words with their byte ranges.
fn split(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((text.get(s..i).unwrap_or("").to_lowercase(), s, i));
        }
    }
    if let Some(s) = start {
        out.push((text.get(s..).unwrap_or("").to_lowercase(), s, text.len()));
    }
    out
}

/// The closest candidate to `word`, for "menade du …?" (the checker's own suggestion rule).
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let best = crate::resolve::suggest(word, candidates.iter().map(|c| (*c).to_owned()))?;
    candidates.iter().copied().find(|c| *c == best)
}

/// Where a word was found in a declaration: a label for it and the span to put it on.
#[derive(Clone, Debug)]
struct Found {
    text: String,
    span: Span,
    place: &'static str,
}

/// Searches one field. `spanned` fields know where their text is; identifiers are exact,
/// string literals are offset by their opening quote when the literal has no escapes.
fn search(out: &mut Vec<Found>, text: &str, span: Option<Span>, place: &'static str, quoted: bool) {
    for hit in find(text) {
        let written = text.get(hit.start..hit.end).unwrap_or(hit.entry).to_owned();
        let span = match span {
            Some(s) => sub_span(s, text, hit, quoted),
            None => Span::detached(),
        };
        out.push(Found {
            text: written,
            span,
            place,
        });
    }
}

fn sub_span(s: Span, text: &str, hit: Hit, quoted: bool) -> Span {
    let offset = u32::from(quoted);
    let exact =
        s.end.checked_sub(s.start).map(|n| n as usize) == Some(text.len() + 2 * offset as usize);
    let (Ok(a), Ok(b)) = (u32::try_from(hit.start), u32::try_from(hit.end)) else {
        return s;
    };
    if exact {
        Span::new(s.file, s.start + offset + a, s.start + offset + b)
    } else {
        s
    }
}

fn spanned(out: &mut Vec<Found>, field: Option<&Spanned>, place: &'static str) {
    if let Some(f) = field {
        search(out, &f.text, Some(f.span), place, true);
    }
}

/// An `enligt`: the text as written, and for a declared `lagrum` also every version's
/// citation (labelled where the `lagrum` writes it).
fn cited(
    out: &mut Vec<Found>,
    program: &Program,
    enligt: Option<&Spanned>,
    lagrum: Option<crate::program::LagrumId>,
    place: &'static str,
) {
    spanned(out, enligt, place);
    if let Some(l) = lagrum.and_then(|id| program.lagrum_def(id)) {
        for v in &l.versions {
            spanned(out, Some(&v.text), place);
        }
    }
}

/// The words found in a declaration's name, lagrum, texts and doc comment. Words in a doc
/// comment (which has no span) are placed on the declaration's name.
fn found_in(program: &Program, node: Node) -> Vec<Found> {
    let mut out = Vec::new();
    let (name, doc) = match node {
        Node::Regel(id) => {
            let Some(r) = program.regler.get(id.index()) else {
                return out;
            };
            cited(
                &mut out,
                program,
                r.enligt.as_ref(),
                r.lagrum,
                "i lagrummet",
            );
            for u in &r.undantag {
                cited(
                    &mut out,
                    program,
                    u.enligt.as_ref(),
                    u.lagrum,
                    "i undantagets lagrum",
                );
            }
            (&r.name, r.doc.as_deref())
        }
        Node::Param(id) => {
            let Some(p) = program.params.get(id.index()) else {
                return out;
            };
            cited(
                &mut out,
                program,
                p.enligt.as_ref(),
                p.lagrum,
                "i lagrummet",
            );
            (&p.name, p.doc.as_deref())
        }
        Node::Uppgift(id) => {
            let Some(u) = program.uppgifter.get(id.index()) else {
                return out;
            };
            spanned(&mut out, u.fraga.as_ref(), "i frågan");
            spanned(&mut out, u.beskrivning.as_ref(), "i beskrivningen");
            (&u.name, u.doc.as_deref())
        }
        // A judgement is refused outright (E0302); no need to warn about its words.
        Node::Bedomning(_) => return out,
    };
    name_and_doc(&mut out, name, doc);
    out
}

fn name_and_doc(out: &mut Vec<Found>, name: &Spanned, doc: Option<&str>) {
    let mut first = Vec::new();
    search(&mut first, &name.text, Some(name.span), "i namnet", false);
    first.append(out);
    *out = first;
    if let Some(doc) = doc {
        for hit in find(doc) {
            out.push(Found {
                text: doc.get(hit.start..hit.end).unwrap_or(hit.entry).to_owned(),
                span: name.span,
                place: "i dokumentationskommentaren",
            });
        }
    }
}

const NOTE: &str = "ord som `skälig`, `särskilda skäl` och `lämplig` används i lag där beslutet \
kräver en bedömning; det går att automatisera när nämnden har bestämt ett fast värde, till \
exempel en högsta godtagbar hyra i kronor, och därför är detta en varning";
const HELP: &str = "kontrollera att regeln tillämpar ett fast värde som nämnden har beslutat, \
och låt annars ärendet gå till en handläggare (`manuell`)";

fn quote_list(found: &[Found]) -> String {
    let mut words: Vec<String> = Vec::new();
    for f in found {
        let w = format!("`{}`", f.text);
        if !words.contains(&w) {
            words.push(w);
        }
    }
    chain::and_list(words)
}

/// W0301 for every `beslut`: one warning per (decision, declaration).
pub fn check(program: &Program, deps: &[DecisionDeps], out: &mut Vec<Diagnostic>) {
    for d in deps {
        let Some(beslut) = program.beslut.get(d.beslut.index()) else {
            continue;
        };
        if beslut.kind != DecisionKind::Beslut {
            continue;
        }
        // The decision itself.
        let mut own = Vec::new();
        cited(
            &mut own,
            program,
            beslut.enligt.as_ref(),
            beslut.lagrum,
            "i lagrummet",
        );
        name_and_doc(&mut own, &beslut.name, beslut.doc.as_deref());
        if let Some((first, rest)) = own.split_first() {
            let mut diag = Diagnostic::new(
                Code::W0301,
                format!(
                    "{} `{}` innehåller {}, som tyder på en skönsmässig bedömning",
                    chain::decision_noun(beslut),
                    beslut.name.text,
                    quote_list(&own)
                ),
                first.span,
            )
            .with_primary_label(format!("`{}` {}", first.text, first.place));
            for f in rest {
                diag = diag.with_label(f.span, format!("`{}` {}", f.text, f.place));
            }
            out.push(diag.with_note(NOTE).with_help(HELP));
        }
        for &node in d.decisive.nodes() {
            let found = found_in(program, node);
            let Some((first, rest)) = found.split_first() else {
                continue;
            };
            let links = d.decisive.chain(node);
            let message = format!(
                "{} `{}` bygger på {} `{}`, där {} tyder på en skönsmässig bedömning",
                chain::decision_noun(beslut),
                beslut.name.text,
                chain::noun(node),
                chain::name(program, node),
                quote_list(&found)
            );
            let mut diag = chain::diagnostic(
                program,
                Code::W0301,
                message,
                beslut,
                &links,
                first.span,
                &format!("`{}` {}", first.text, first.place),
            );
            for f in rest {
                diag = diag.with_label(f.span, format!("`{}` {}", f.text, f.place));
            }
            out.push(diag.with_note(NOTE).with_help(HELP));
        }
    }
}
