//! The follow-up on decisions made (`delegat uppföljning`): what the nämnd should look at,
//! what was decided, what went to a person and why, which rules decided, and whether the
//! system is intact, from [`delegat_followup::Facts`].
//!
//! The facts become a [`Page`] of sections, each with its text, its charts ([`svg`]) each
//! with the table behind it, and its tables; the templates (`templates/followup/`) only lay
//! the page out, in HTML (printable on A4, readable on a phone) or Markdown (for the
//! diarium: the tables, no pictures). Counts of fewer than the smallest group
//! ([`Facts::min_group`]) are suppressed in tables and drawn as nothing in charts; amounts
//! and shares of such a group are not shown.

pub mod svg;
pub mod words;

use askama::Template;
use delegat_followup::facts::{
    Amounts, Chain, Counts, DecisionFacts, Facts, Month, OUTCOMES, PackRow, Previous,
};
use delegat_followup::{Finding, Thresholds, findings};

use crate::filters;
use svg::{Marker, Series};

/// A table cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The text.
    pub text: String,
    /// A number (right-aligned).
    pub num: bool,
}

/// A table: a caption, the header and the rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// What the table shows.
    pub caption: String,
    /// The column names.
    pub head: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Whether the table has column names (a table of key figures has none).
    pub fn has_head(&self) -> bool {
        self.head.iter().any(|h| !h.is_empty())
    }

    /// Whether column `i` holds numbers (as its first row says), to align its header.
    pub fn num_col(&self, i: &usize) -> bool {
        self.rows
            .first()
            .and_then(|r| r.get(*i))
            .is_some_and(|c| c.num)
    }
}

/// A chart and the table behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// The SVG (escaped by [`svg`]).
    pub svg: String,
    /// The figures the chart draws.
    pub table: Table,
}

/// A part of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub title: String,
    /// Paragraphs before the figures.
    pub text: Vec<String>,
    /// Charts with their tables.
    pub figures: Vec<Figure>,
    /// Further tables.
    pub tables: Vec<Table>,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// The heading.
    pub title: String,
    /// Lines under it: the period, the logs.
    pub ident: Vec<String>,
    /// What the first section says when nothing calls for action.
    pub calm: String,
    /// The line above the findings that call for action, when there are some.
    pub alarm: String,
    /// Findings that call for action.
    pub action: Vec<String>,
    /// Findings for the nämnd's information.
    pub info: Vec<String>,
    /// The key figures of the first page.
    pub key: Table,
    /// The sections.
    pub sections: Vec<Section>,
}

/// The Markdown report.
#[derive(Template)]
#[template(path = "followup/page.md")]
pub(crate) struct Markdown<'a> {
    pub(crate) page: &'a Page,
}

/// The HTML report.
#[derive(Template)]
#[template(path = "followup/page.html")]
pub(crate) struct Html<'a> {
    pub(crate) page: &'a Page,
}

/// The report as Markdown.
pub fn markdown(facts: &Facts, thresholds: &Thresholds) -> Result<String, crate::Error> {
    Markdown {
        page: &page(facts, thresholds),
    }
    .render()
}

/// The report as one self-contained HTML page.
pub fn html(facts: &Facts, thresholds: &Thresholds) -> Result<String, crate::Error> {
    Html {
        page: &page(facts, thresholds),
    }
    .render()
}

fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        num: false,
    }
}

fn num(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        num: true,
    }
}

fn outcome_name(u: delegat::Utfall) -> &'static str {
    u.as_str()
}

fn outcome_colour(u: delegat::Utfall) -> &'static str {
    match u {
        delegat::Utfall::Bifall => svg::BIFALL,
        delegat::Utfall::Avslag => svg::AVSLAG,
        delegat::Utfall::Faststallt => svg::FASTSTALLT,
        delegat::Utfall::Manuell => svg::MANUELL,
    }
}

/// A pack version as the report names it: `"Titel" version 2024.2`.
fn pack_name(p: &PackRow) -> String {
    let title = p.title.as_deref().unwrap_or("okänt regelpaket");
    match &p.version {
        Some(v) => format!("«{title}» version {v}"),
        None => format!("«{title}» ({})", short(&p.hash)),
    }
}

/// The first 12 hex digits of a hash.
fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// The page of `facts`.
pub fn page(facts: &Facts, t: &Thresholds) -> Page {
    let min = facts.min_group;
    let pack_by_hash = |hash: &str| {
        facts
            .packs
            .iter()
            .find(|p| p.hash == hash)
            .map_or_else(|| short(hash).to_owned(), pack_name)
    };
    let found = findings(facts, t);
    let (action, info): (Vec<&Finding>, Vec<&Finding>) =
        found.iter().partition(|f| f.calls_for_action());
    let period = match period_name(facts) {
        Some(p) => format!("Period: {p} (beslutsdatum)"),
        None => "Period: inga beslut".to_owned(),
    };
    let logs: Vec<&str> = facts.logs.iter().map(|l| l.name.as_str()).collect();
    let mut ident = vec![period, format!("Beslutsloggar: {}", logs.join(", "))];
    let mut namnder: Vec<&str> = facts
        .packs
        .iter()
        .filter_map(|p| p.namnd.as_deref())
        .collect();
    namnder.dedup();
    if !namnder.is_empty() {
        ident.insert(0, format!("Nämnd: {}", namnder.join(", ")));
    }
    let mut sections = Vec::new();
    for d in &facts.decisions {
        sections.push(decided(facts, d, min));
        sections.push(to_a_person(facts, d, t, min));
    }
    sections.push(rules(facts, min));
    sections.push(intact(facts));
    sections.push(about(facts));
    Page {
        title: "Uppföljning av automatiserade beslut".to_owned(),
        ident,
        calm: "Inget i perioden går över nämndens gränser.".to_owned(),
        alarm: format!("{} iakttagelser kräver åtgärd", action.len()),
        action: action
            .iter()
            .map(|f| words::finding(f, t, &pack_by_hash))
            .collect(),
        info: info
            .iter()
            .map(|f| words::finding(f, t, &pack_by_hash))
            .collect(),
        key: key_figures(facts, min),
        sections,
    }
}

/// The period's first and last day as the report names them.
fn period_name(facts: &Facts) -> Option<String> {
    match (facts.from.or(facts.first), facts.to.or(facts.last)) {
        (Some(a), Some(b)) => Some(format!("{a} – {b}")),
        _ => None,
    }
}

/// A count and the count it was: the change, `+12` or `−3`, or `–` when either is
/// suppressed.
fn change(before: u64, now: u64, min: u64) -> String {
    if !words::shown(before, min) || !words::shown(now, min) {
        return "–".to_owned();
    }
    match now.cmp(&before) {
        std::cmp::Ordering::Greater => format!("+{}", words::int(now - before)),
        std::cmp::Ordering::Less => format!("\u{2212}{}", words::int(before - now)),
        std::cmp::Ordering::Equal => "0".to_owned(),
    }
}

/// Two shares and their difference in percentage points: `+6,0 procentenheter`.
fn share_change(before: Option<u64>, now: Option<u64>) -> String {
    match (before, now) {
        (Some(b), Some(n)) => {
            let (sign, d) = if n >= b {
                ("+", n - b)
            } else {
                ("\u{2212}", b - n)
            };
            format!("{sign}{},{} procentenheter", d / 10, d % 10)
        }
        _ => "–".to_owned(),
    }
}

fn key_figures(facts: &Facts, min: u64) -> Table {
    let c = &facts.counts;
    let prev = facts.previous.as_ref();
    let share = |c: &Counts| c.manuell_permille().filter(|_| c.total() >= min);
    let row = |label: String, now: Cell, before: Option<Cell>| {
        let mut r = vec![cell(label), now];
        if prev.is_some() {
            r.push(before.unwrap_or_else(|| num("–")));
        }
        r
    };
    let mut rows = vec![row(
        "Beslut totalt".to_owned(),
        num(words::count(c.total(), min)),
        prev.map(|p| num(words::count(p.counts.total(), min))),
    )];
    for u in OUTCOMES {
        if c.get(u) > 0 || prev.is_some_and(|p| p.counts.get(u) > 0) {
            rows.push(row(
                format!("varav {}", outcome_name(u)),
                num(words::count(c.get(u), min)),
                prev.map(|p| num(words::count(p.counts.get(u), min))),
            ));
        }
    }
    if share(c).is_some() || prev.is_some_and(|p| share(&p.counts).is_some()) {
        let show = |s: Option<u64>| num(s.map_or_else(|| "–".to_owned(), words::permille));
        rows.push(row(
            "Andel till handläggare (manuell)".to_owned(),
            show(share(c)),
            prev.map(|p| show(share(&p.counts))),
        ));
    }
    rows.push(row(
        "Regelpaketsversioner som beslutade".to_owned(),
        num(words::int(facts.packs.len() as u64)),
        None,
    ));
    let intact = facts
        .logs
        .iter()
        .all(|l| l.chain == Chain::Intact && l.differences == 0 && l.replay.different == 0);
    let all_redecided = facts.logs.iter().all(|l| l.redecided == l.in_period);
    rows.push(row(
        "Beslutsloggarna".to_owned(),
        cell(match (intact, all_redecided) {
            (true, true) => "hela, och omprövningen gav samma beslut",
            (true, false) => "hela, men alla beslut kunde inte omprövas",
            (false, _) => "SE AVSNITTET OM LOGGARNA",
        }),
        None,
    ));
    let head = match prev {
        Some(p) => vec![
            "".to_owned(),
            format!("Perioden {}", period_name(facts).unwrap_or_default()),
            format!("Föregående period {} – {}", p.from, p.to),
        ],
        None => vec!["".to_owned(), "".to_owned()],
    };
    Table {
        caption: "Perioden i siffror".to_owned(),
        head,
        rows,
    }
}

/// One decision in the period beside the previous period.
fn compared(d: &DecisionFacts, p: &Previous, facts: &Facts, min: u64) -> Table {
    let before = p.decisions.iter().find(|pd| pd.name == d.name);
    let bc = before.map(|b| b.counts).unwrap_or_default();
    let ba = before.and_then(|b| b.amounts);
    let mut rows = vec![vec![
        cell("Beslut"),
        num(words::count(bc.total(), min)),
        num(words::count(d.counts.total(), min)),
        num(change(bc.total(), d.counts.total(), min)),
    ]];
    for u in OUTCOMES {
        if d.counts.get(u) > 0 || bc.get(u) > 0 {
            rows.push(vec![
                cell(format!("varav {}", outcome_name(u))),
                num(words::count(bc.get(u), min)),
                num(words::count(d.counts.get(u), min)),
                num(change(bc.get(u), d.counts.get(u), min)),
            ]);
        }
    }
    let share = |c: &Counts| c.manuell_permille().filter(|_| c.total() >= min);
    let show = |s: Option<u64>| s.map_or_else(|| "–".to_owned(), words::permille);
    rows.push(vec![
        cell("Andel manuella"),
        num(show(share(&bc))),
        num(show(share(&d.counts))),
        num(share_change(share(&bc), share(&d.counts))),
    ]);
    let shown = |a: Option<Amounts>| a.filter(|a| a.count >= min);
    let money = |a: Option<Amounts>, f: fn(&Amounts) -> delegat::Money| {
        shown(a).map_or_else(|| "–".to_owned(), |a| f(&a).to_string())
    };
    rows.push(vec![
        cell("Summa belopp"),
        num(money(ba, |a| a.total)),
        num(money(d.amounts, |a| a.total)),
        num("–"),
    ]);
    rows.push(vec![
        cell("Medianbelopp"),
        num(money(ba, |a| a.median)),
        num(money(d.amounts, |a| a.median)),
        num("–"),
    ]);
    Table {
        caption: format!("Perioden jämförd med föregående period ({})", d.name),
        head: vec![
            "".to_owned(),
            format!("Föregående period {} – {}", p.from, p.to),
            format!("Perioden {}", period_name(facts).unwrap_or_default()),
            "Förändring".to_owned(),
        ],
        rows,
    }
}

/// The month labels of a decision's months.
fn labels(d: &DecisionFacts) -> Vec<String> {
    d.months
        .iter()
        .enumerate()
        .map(|(i, m)| words::month_short(m.month, i == 0))
        .collect()
}

/// Where the pack versions switch, as chart markers.
fn markers(facts: &Facts, d: &DecisionFacts) -> Vec<Marker> {
    facts
        .switches(&d.name)
        .into_iter()
        .filter_map(|(date, hash)| {
            let index = d.months.iter().position(|m| m.month == Month::of(date))?;
            let p = facts.packs.iter().find(|p| p.hash == hash)?;
            let text = match &p.version {
                Some(v) => format!("version {v} från {date}"),
                None => format!("nytt regelpaket från {date}"),
            };
            Some(Marker { index, text })
        })
        .collect()
}

fn decided(facts: &Facts, d: &DecisionFacts, min: u64) -> Section {
    let labels = labels(d);
    let used: Vec<delegat::Utfall> = OUTCOMES
        .into_iter()
        .filter(|u| d.counts.get(*u) > 0)
        .collect();
    let series: Vec<Series> = used
        .iter()
        .map(|&u| Series {
            name: outcome_name(u).to_owned(),
            colour: outcome_colour(u),
            values: d
                .months
                .iter()
                .map(|m| Some(m.counts.get(u)).filter(|&n| words::shown(n, min)))
                .collect(),
        })
        .collect();
    let marks = markers(facts, d);
    let counts_svg = svg::stacked_bars(
        &format!("Antal beslut per månad och utfall: {}", d.name),
        &labels,
        &series,
        &marks,
        &|v| words::int(v),
    );
    let mut head = vec!["Månad".to_owned()];
    head.extend(used.iter().map(|u| outcome_name(*u).to_owned()));
    head.push("Totalt".to_owned());
    let mut rows: Vec<Vec<Cell>> = d
        .months
        .iter()
        .map(|m| {
            let mut row = vec![cell(words::month_long(m.month))];
            row.extend(
                used.iter()
                    .map(|u| num(words::count(m.counts.get(*u), min))),
            );
            row.push(num(words::count(m.counts.total(), min)));
            row
        })
        .collect();
    let mut total = vec![cell("Hela perioden")];
    total.extend(
        used.iter()
            .map(|u| num(words::count(d.counts.get(*u), min))),
    );
    total.push(num(words::count(d.counts.total(), min)));
    rows.push(total);
    let mut figures = vec![Figure {
        svg: counts_svg,
        table: Table {
            caption: format!("Antal beslut per månad och utfall ({})", d.name),
            head,
            rows,
        },
    }];
    if d.amounts.is_some() {
        figures.push(amounts_figure(d, &labels, &marks, min));
    }
    let mut text = vec![format!(
        "{} beslut om {} under perioden. Diagrammet visar hur många som blev bifall, \
         avslag, fastställda belopp och manuella (till en handläggare) varje månad.",
        words::count(d.counts.total(), min),
        d.name
    )];
    if !marks.is_empty() {
        text.push(
            "Den streckade linjen visar när en ny version av regelpaketet började besluta."
                .to_owned(),
        );
    }
    let mut tables = Vec::new();
    if let Some(p) = &facts.previous {
        text.push(previous_text(p));
        tables.push(compared(d, p, facts, min));
    }
    Section {
        title: format!("Vad som beslutades: {}", d.name),
        text,
        figures,
        tables,
    }
}

fn amounts_figure(d: &DecisionFacts, labels: &[String], marks: &[Marker], min: u64) -> Figure {
    let shown = |a: &Option<Amounts>| a.filter(|a| a.count >= min);
    let kr = |ore: i64| u64::try_from(ore.max(0) / 100).unwrap_or(0);
    let series = vec![Series {
        name: "Medianbelopp".to_owned(),
        colour: svg::BIFALL,
        values: d
            .months
            .iter()
            .map(|m| shown(&m.amounts).map(|a| kr(a.median.ore())))
            .collect(),
    }];
    let chart = svg::stacked_bars(
        &format!("Medianbelopp per månad: {}", d.name),
        labels,
        &series,
        marks,
        &|v| format!("{} kr", words::int(v)),
    );
    let row = |label: String, a: &Option<Amounts>| -> Vec<Cell> {
        let mut row = vec![cell(label)];
        match shown(a) {
            Some(a) => row.extend([
                num(words::int(a.count)),
                num(a.total.to_string()),
                num(a.q1.to_string()),
                num(a.median.to_string()),
                num(a.q3.to_string()),
            ]),
            None => {
                let n = a.map_or(0, |a| a.count);
                row.push(num(words::count(n, min)));
                row.extend((0..4).map(|_| num("–")));
            }
        }
        row
    };
    let mut rows: Vec<Vec<Cell>> = d
        .months
        .iter()
        .map(|m| row(words::month_long(m.month), &m.amounts))
        .collect();
    rows.push(row("Hela perioden".to_owned(), &d.amounts));
    Figure {
        svg: chart,
        table: Table {
            caption: format!(
                "Belopp per månad ({}): antal beslut med belopp, summa och fördelning \
                 (första kvartil, median, tredje kvartil)",
                d.name
            ),
            head: [
                "Månad",
                "Antal",
                "Summa",
                "Kvartil 1",
                "Median",
                "Kvartil 3",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows,
        },
    }
}

fn to_a_person(facts: &Facts, d: &DecisionFacts, t: &Thresholds, min: u64) -> Section {
    let labels = labels(d);
    let marks = markers(facts, d);
    let share = |c: &Counts| c.manuell_permille().filter(|_| c.total() >= min);
    let shares: Vec<Option<u64>> = d.months.iter().map(|m| share(&m.counts)).collect();
    let limit = format!("nämndens gräns {} %", t.manuell_share_percent);
    let chart = svg::line(
        &format!("Andel manuella ärenden per månad: {}", d.name),
        &labels,
        &shares,
        Some((t.manuell_share_percent * 10, &limit)),
        &marks,
        &|v| format!("{} %", v / 10),
    );
    let mut rows: Vec<Vec<Cell>> = d
        .months
        .iter()
        .zip(&shares)
        .map(|(m, s)| {
            vec![
                cell(words::month_long(m.month)),
                num(words::count(m.counts.total(), min)),
                num(words::count(m.counts.manuell, min)),
                num(s.map_or_else(|| "–".to_owned(), words::permille)),
            ]
        })
        .collect();
    rows.push(vec![
        cell("Hela perioden"),
        num(words::count(d.counts.total(), min)),
        num(words::count(d.counts.manuell, min)),
        num(share(&d.counts).map_or_else(|| "–".to_owned(), words::permille)),
    ]);
    let mut figures = vec![Figure {
        svg: chart,
        table: Table {
            caption: format!("Andel manuella ärenden per månad ({})", d.name),
            head: ["Månad", "Beslut", "Manuella", "Andel"]
                .map(str::to_owned)
                .to_vec(),
            rows,
        },
    }];
    let mut tables = Vec::new();
    if !d.reasons.is_empty() {
        // The reasons as numbered series: at most five, the rest as one.
        let top: Vec<_> = d.reasons.iter().take(5).collect();
        let rest: Vec<_> = d.reasons.iter().skip(5).collect();
        let mut series: Vec<Series> = top
            .iter()
            .enumerate()
            .map(|(i, r)| Series {
                name: format!("Skäl {}", i + 1),
                colour: svg::PALETTE.get(i).copied().unwrap_or(svg::MANUELL),
                values: r
                    .per_month
                    .iter()
                    .map(|&n| Some(n).filter(|&n| words::shown(n, min)))
                    .collect(),
            })
            .collect();
        if !rest.is_empty() {
            series.push(Series {
                name: "Övriga skäl".to_owned(),
                colour: svg::PALETTE.get(5).copied().unwrap_or(svg::MANUELL),
                values: (0..d.months.len())
                    .map(|i| {
                        let n: u64 = rest
                            .iter()
                            .map(|r| r.per_month.get(i).copied().unwrap_or(0))
                            .sum();
                        Some(n).filter(|&n| words::shown(n, min))
                    })
                    .collect(),
            });
        }
        let chart = svg::stacked_bars(
            &format!("Manuella ärenden per månad och skäl: {}", d.name),
            &labels,
            &series,
            &marks,
            &|v| words::int(v),
        );
        let mut head = vec!["Månad".to_owned()];
        head.extend(series.iter().map(|s| s.name.clone()));
        let rows = d
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut row = vec![cell(words::month_long(m.month))];
                row.extend(series.iter().map(|s| {
                    num(match s.values.get(i).copied().flatten() {
                        Some(v) => words::int(v),
                        None => format!("färre än {min}"),
                    })
                }));
                row
            })
            .collect();
        figures.push(Figure {
            svg: chart,
            table: Table {
                caption: format!("Manuella ärenden per månad och skäl ({})", d.name),
                head,
                rows,
            },
        });
        let mut reason_rows: Vec<Vec<Cell>> = top
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    cell(format!("Skäl {}", i + 1)),
                    cell(words::reason(&r.reason)),
                    num(words::count(r.total, min)),
                ]
            })
            .collect();
        reason_rows.extend(rest.iter().map(|r| {
            vec![
                cell("Övriga skäl"),
                cell(words::reason(&r.reason)),
                num(words::count(r.total, min)),
            ]
        }));
        tables.push(Table {
            caption: format!(
                "Skälen till att ärenden gick till en handläggare ({})",
                d.name
            ),
            head: ["", "Skäl", "Antal under perioden"]
                .map(str::to_owned)
                .to_vec(),
            rows: reason_rows,
        });
    }
    Section {
        title: format!("Vad som gick till en handläggare, och varför: {}", d.name),
        text: vec![format!(
            "Ett ärende går till en handläggare (manuell) när reglerna säger att det behöver \
             prövas av en människa, eller när beslutet inte kan räknas ut (körfel). Den \
             streckade röda linjen är nämndens gräns, {} %. Skälen är regelns egen text; \
             uppgifter om det enskilda ärendet visas som «…».",
            t.manuell_share_percent
        )],
        figures,
        tables,
    }
}

fn rules(facts: &Facts, min: u64) -> Section {
    let pack_version = |hash: &str| {
        facts
            .packs
            .iter()
            .find(|p| p.hash == hash)
            .and_then(|p| p.version.clone())
            .unwrap_or_else(|| short(hash).to_owned())
    };
    let packs = Table {
        caption: "Regelpaketsversioner som beslutade under perioden".to_owned(),
        head: [
            "Regelpaket",
            "Version",
            "Kontrollsumma",
            "Signerat av",
            "Första beslut",
            "Sista beslut",
            "Beslut",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: facts
            .packs
            .iter()
            .map(|p| {
                let decisions: Vec<String> = p
                    .decisions
                    .iter()
                    .map(|(d, n)| format!("{d}: {}", words::count(*n, min)))
                    .collect();
                vec![
                    cell(
                        p.title
                            .clone()
                            .unwrap_or_else(|| "(saknas i arkivet)".into()),
                    ),
                    cell(p.version.clone().unwrap_or_else(|| "–".into())),
                    cell(short(&p.hash).to_owned()),
                    cell(if p.signers.is_empty() {
                        "osignerat".to_owned()
                    } else {
                        p.signers.join(", ")
                    }),
                    cell(p.first.to_string()),
                    cell(p.last.to_string()),
                    cell(decisions.join("; ")),
                ]
            })
            .collect(),
    };
    let mut tables = vec![packs];
    for d in &facts.decisions {
        tables.push(Table {
            caption: format!("Vilka villkor som avgjorde ärendena ({})", d.name),
            head: ["Version", "Villkor", "Utfall", "Text", "Ärenden"]
                .map(str::to_owned)
                .to_vec(),
            rows: d
                .branches
                .iter()
                .map(|b| {
                    vec![
                        cell(pack_version(&b.pack)),
                        cell(match b.line {
                            Some(n) => format!("när-villkor {n}"),
                            None => "annars".to_owned(),
                        }),
                        cell(outcome_name(b.outcome)),
                        cell(b.text.clone().unwrap_or_default()),
                        num(if b.count == 0 {
                            "aldrig".to_owned()
                        } else {
                            words::count(b.count, min)
                        }),
                    ]
                })
                .collect(),
        });
    }
    Section {
        title: "Vilka regler som beslutade".to_owned(),
        text: vec![
            "Varje version av ett regelpaket känns igen på sin kontrollsumma (de första tecknen \
             visas). Villkoren är regelfilens när-rader i ordning; «aldrig» betyder att inget \
             ärende under perioden avgjordes av villkoret."
                .to_owned(),
        ],
        figures: Vec::new(),
        tables,
    }
}

/// What the comparison with the previous period covers.
fn previous_text(p: &Previous) -> String {
    let mut t = format!(
        "Tabellen jämför perioden med föregående period av samma längd, {} – {}.",
        p.from, p.to
    );
    match p.first {
        None => t.push_str(" Loggarna har inga beslut från den perioden."),
        Some(first) if first > p.from => t.push_str(&format!(
            " Loggarna har beslut från den perioden först från {first}, så den är inte \
             komplett."
        )),
        Some(_) => {}
    }
    t
}

fn intact(facts: &Facts) -> Section {
    let tables = facts
        .logs
        .iter()
        .map(|l| {
            let mut rows = vec![
                vec![cell("Poster i loggen"), cell(words::int(l.records))],
                vec![cell("Under perioden"), cell(words::int(l.in_period))],
                vec![cell("Kedjan"), cell(words::chain(&l.chain))],
                vec![cell("Kontrollpunkt"), cell(words::checkpoint(l))],
                vec![
                    cell("Omprövade: utfall och belopp"),
                    cell(format!(
                        "{} beslut: {}",
                        words::int(l.redecided),
                        match l.differences {
                            0 => "inga skillnader".to_owned(),
                            n => format!("{} skilde sig", words::int(n)),
                        }
                    )),
                ],
                vec![
                    cell("Omprövade: hela beslutet, båda motorerna"),
                    cell(words::replay(l)),
                ],
                vec![
                    cell("Körfel"),
                    cell(if l.errors.is_empty() {
                        "inga".to_owned()
                    } else {
                        format!(
                            "{} ({})",
                            words::int(l.runtime_errors),
                            words::codes(&l.errors)
                        )
                    }),
                ],
                vec![
                    cell("Kunde inte omprövas"),
                    cell(format!(
                        "{} gallrade, {} utan regelpaket i arkivet",
                        words::int(l.gallrade),
                        words::int(l.pack_missing)
                    )),
                ],
            ];
            rows.push(vec![
                cell("Dagar utan beslut"),
                cell(match l.longest_gap() {
                    None => "inga".to_owned(),
                    Some(g) => format!(
                        "{}; längsta uppehållet {}",
                        words::int(l.days_without()),
                        words::gap(&g)
                    ),
                }),
            ]);
            Table {
                caption: format!("Beslutsloggen {}", l.name),
                head: vec!["".to_owned(), "".to_owned()],
                rows,
            }
        })
        .collect();
    Section {
        title: "Är systemet intakt?".to_owned(),
        text: vec![
            "Kedjan: varje post i beslutsloggen bär en kontrollsumma över sig själv och posten \
             före. Den räknas om från loggens första post; en ändrad, borttagen, flyttad eller \
             inskjuten post bryter kedjan. Med en kontrollpunkt (`--kontrollpunkt`: texten \
             som `delegat logg kontrollpunkt` skriver och som nämnden har antecknat i sitt \
             protokoll) prövas också att loggen fortsätter den: att ingen post till och med \
             kontrollpunkten har ändrats, tagits bort eller lagts till, inte heller om hela \
             kedjan har räknats om."
                .to_owned(),
            "Omprövning: varje beslut under perioden har räknats om med samma regelpaket och \
             samma uppgifter, och utfall och belopp har jämförts med de loggade. Ett urval av \
             besluten (eller alla, med `--ompröva-alla`) har dessutom räknats om i sin helhet \
             med båda beräkningsmotorerna, och hela beslutsdokumentet har jämförts med det \
             loggade. Urvalet är de beslut vars kontrollsummor i kedjan är minst: det är \
             spritt slumpmässigt över perioden och blir detsamma varje gång rapporten tas \
             fram ur samma logg. En skillnad ska inte kunna förekomma."
                .to_owned(),
            "Dagar utan beslut: dagar under perioden då loggen inte har något beslut \
             (efter beslutsdatum). Ett långt uppehåll kan betyda att tjänsten eller loggningen \
             inte fungerade, eller att en logg saknas i rapporten. Poster som saknas i \
             loggens numrering bryter kedjan."
                .to_owned(),
        ],
        figures: Vec::new(),
        tables,
    }
}

fn about(facts: &Facts) -> Section {
    Section {
        title: "Om rapporten".to_owned(),
        text: vec![
            format!(
                "Rapporten bygger på beslutsloggarna och innehåller bara sammanräknade \
                 uppgifter, inga uppgifter om enskilda ärenden. Ett antal som är mindre än {} \
                 visas som «färre än {}», och belopp och andelar för så små grupper visas inte, \
                 så att ingen enskild kan pekas ut när rapporten lämnas ut.",
                facts.min_group, facts.min_group
            ),
            "Vilket villkor som avgjorde ett ärende och varför det gick till en handläggare \
             sparas inte i loggen. Det tas fram genom att ärendet beslutas på nytt med det \
             arkiverade regelpaketet och de loggade uppgifterna; beslutet blir detsamma varje \
             gång."
                .to_owned(),
            "Belopp anges med summa, första kvartil, median och tredje kvartil: en fjärdedel \
             av beloppen är lägre än första kvartilen, hälften lägre än medianen, tre \
             fjärdedelar lägre än tredje kvartilen. Lägsta och högsta belopp visas inte, \
             eftersom de är enskilda ärendens belopp."
                .to_owned(),
        ],
        figures: Vec::new(),
        tables: Vec::new(),
    }
}
