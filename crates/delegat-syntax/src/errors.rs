//! Turning a pest failure into a diagnostic a jurist understands: pest's expected rules
//! become Swedish words ("förväntade `:`, men hittade `=`"), and the classic mistakes get
//! their own codes and help (E0003 keyword as name, E0007 `=`/`:` confused, E0008 missing
//! `annars`, E0010 `om` as an operand, E0011 chained comparison, E0018 in interpolations).

use delegat_diagnostics::{Code, Diagnostic, Span};
use pest::error::{Error, ErrorVariant, InputLocation};

use crate::keywords::{is_keyword, is_structural};
use crate::lexer::{TokKind, Token};
use crate::parser::Rule;
use crate::prescan::{Chunk, MAX_DEPTH, Scan};

/// What an expected rule means to a reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    /// One of the binary operators or a suffix: said once as "en operator".
    Operator,
    /// Something to say, in this order of importance.
    Say(u8, &'static str),
    /// Nothing worth saying.
    Skip,
}

fn want(rule: Rule) -> Want {
    use Rule as R;
    use Want::Say;
    match rule {
        R::add_op
        | R::mul_op
        | R::cmp_op
        | R::kw_och
        | R::kw_eller
        | R::field_suffix
        | R::index_suffix => Want::Operator,
        R::expr
        | R::or_expr
        | R::and_expr
        | R::not_expr
        | R::cmp_expr
        | R::sum
        | R::product
        | R::unary
        | R::postfix
        | R::primary
        | R::literal
        | R::paren
        | R::list_lit
        | R::record_lit
        | R::name
        | R::call
        | R::valj
        | R::if_expr
        | R::valj_pattern
        | R::field_value
        | R::param_value
        | R::int
        | R::decimal
        | R::money
        | R::percent
        | R::duration
        | R::bool_lit
        | R::neg_op
        | R::kw_inte
        | R::kw_om
        | R::kw_valj => Say(10, "ett uttryck"),
        R::ident | R::variants | R::enum_type | R::binding | R::expectation | R::field_decl => {
            Say(11, "ett namn")
        }
        R::field | R::field_key => Say(12, "ett fält (`nyckel: värde`)"),
        R::type_expr
        | R::ranged_type
        | R::base_type
        | R::lista_type
        | R::tabell_type
        | R::kw_lista
        | R::kw_tabell
        | R::ty_heltal
        | R::ty_tal
        | R::ty_belopp
        | R::ty_janej
        | R::ty_datum
        | R::ty_varaktighet
        | R::ty_text => Say(13, "en typ"),
        R::text => Say(14, "en text inom citattecken"),
        R::date => Say(15, "ett datum (`ÅÅÅÅ-MM-DD`)"),
        R::table_key | R::key_range | R::key_single | R::key_atom | R::signed_int => {
            Say(16, "en tabellnyckel")
        }
        R::table_lit => Say(17, "en tabell"),
        R::dated_value | R::kw_fran | R::lagrum_version => Say(18, "`från DATUM: värde`"),
        R::lagrum_appeal | R::kw_overklagas => {
            Say(28, "`överklagas: förvaltningsbesvär enligt \"lagrum\"`")
        }
        R::outcome
        | R::bifall
        | R::avslag
        | R::faststallt
        | R::manuell
        | R::kw_bifall
        | R::kw_avslag
        | R::kw_faststallt
        | R::kw_manuell
        | R::expected_outcome
        | R::outcome_tag => Say(
            19,
            "ett utfall (`bifall`, `avslag`, `fastställt` eller `manuell`)",
        ),
        R::branch | R::kw_nar | R::valj_arm => Say(20, "`när`"),
        R::beslut_annars | R::kw_annars | R::valj_annars | R::om_annars => Say(21, "`annars`"),
        R::undantag | R::kw_undantag => Say(22, "`undantag`"),
        R::enligt | R::kw_enligt => Say(23, "`enligt \"lagrum\"`"),
        R::type_range | R::range_bound | R::dotdot => Say(24, "`..`"),
        R::givet_block | R::kw_givet => Say(25, "`givet { … }`"),
        R::forvanta_block | R::kw_forvanta => Say(26, "`förvänta { … }`"),
        R::colon => Say(1, "`:`"),
        R::eq => Say(2, "`=`"),
        R::kw_sa => Say(3, "`så`"),
        R::kw_i => Say(3, "`i`"),
        R::kw_dar => Say(4, "`där`"),
        R::kw_for => Say(3, "`för`"),
        R::kw_av => Say(3, "`av`"),
        R::kw_med => Say(4, "`med belopp`"),
        R::kw_belopp => Say(3, "`belopp`"),
        R::arrow => Say(3, "`->`"),
        R::semi => Say(5, "`;`"),
        R::pipe => Say(27, "`|`"),
        R::block | R::lbrace | R::record_type | R::param_block | R::beslut_block => Say(6, "`{`"),
        R::lparen | R::regel_params | R::agg_args | R::call_args => Say(7, "`(`"),
        R::lbracket => Say(7, "`[`"),
        R::rbrace => Say(8, "`}`"),
        R::rparen => Say(8, "`)`"),
        R::rbracket => Say(8, "`]`"),
        R::EOI => Say(30, "en ny deklaration"),
        R::regelverk
        | R::typ_decl
        | R::uppgift
        | R::parameter
        | R::regel
        | R::bedomning
        | R::beslut
        | R::exempel
        | R::anvand
        | R::lagrum_decl
        | R::kw_lagrum
        | R::kw_regelverk
        | R::kw_typ
        | R::kw_uppgift
        | R::kw_parameter
        | R::kw_regel
        | R::kw_bedomning
        | R::kw_beslut
        | R::kw_beslutsstod
        | R::kw_exempel
        | R::kw_anvand => Say(30, "en ny deklaration"),
        _ => Want::Skip,
    }
}

/// The keywords among the expected rules (every item keyword where a new item may start),
/// for a did-you-mean on a misspelt one.
fn expected_keywords(positives: &[Rule]) -> Vec<&'static str> {
    use Rule as R;
    let mut out = Vec::new();
    for rule in positives {
        let words: &[&'static str] = match rule {
            R::kw_nar => &["när"],
            R::kw_annars | R::om_annars => &["annars"],
            R::kw_sa => &["så"],
            R::kw_fran => &["från"],
            R::kw_enligt => &["enligt"],
            R::kw_undantag => &["undantag"],
            R::kw_givet => &["givet"],
            R::kw_forvanta => &["förvänta"],
            R::kw_och => &["och"],
            R::kw_eller => &["eller"],
            R::kw_bifall | R::bifall => &["bifall"],
            R::kw_avslag | R::avslag => &["avslag"],
            R::kw_faststallt | R::faststallt => &["fastställt"],
            R::kw_manuell | R::manuell => &["manuell"],
            R::outcome => &["bifall", "avslag", "fastställt", "manuell"],
            _ if want(*rule) == Want::Say(30, "en ny deklaration") => {
                crate::keywords::ITEM_KEYWORDS
            }
            _ => &[],
        };
        out.extend(
            words
                .iter()
                .filter(|w| !out.contains(*w))
                .copied()
                .collect::<Vec<_>>(),
        );
    }
    out
}

/// Translates one pest failure in `chunk`.
pub(crate) fn translate(scan: &Scan<'_>, chunk: &Chunk, error: &Error<Rule>) -> Diagnostic {
    let local = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let pos = chunk.range.start + local;
    let t = Translator::new(scan, chunk, pos);
    match &error.variant {
        ErrorVariant::CustomError { message } => t.custom(message),
        ErrorVariant::ParsingError { positives, .. } => t.parsing(positives),
    }
}

struct Translator<'s, 'a> {
    scan: &'s Scan<'a>,
    pos: usize,
    tokens: &'s [Token],
    /// Index in `tokens` of the first token at or after `pos`.
    found: Option<usize>,
    chunk_end: usize,
}

impl<'s, 'a> Translator<'s, 'a> {
    fn new(scan: &'s Scan<'a>, chunk: &Chunk, pos: usize) -> Self {
        let tokens = scan.lexed.tokens.get(chunk.tokens.clone()).unwrap_or(&[]);
        let found = tokens.iter().position(|t| t.end > pos);
        Translator {
            scan,
            pos,
            tokens,
            found,
            chunk_end: chunk.range.end,
        }
    }

    fn found_tok(&self) -> Option<&Token> {
        self.found.and_then(|i| self.tokens.get(i))
    }

    fn found_text(&self) -> &str {
        self.found_tok().map_or("", |t| self.scan.tok_text(t))
    }

    /// Where to point: the found token, or just after the last token when the item ended.
    fn primary(&self) -> Span {
        match self.found_tok() {
            Some(t) => self.scan.span(t.start.max(self.pos), t.end),
            None => {
                let end = self
                    .tokens
                    .iter()
                    .rev()
                    .find(|t| t.end <= self.pos)
                    .map_or(self.pos, |t| t.end);
                self.scan.span(end, end)
            }
        }
    }

    fn found_words(&self) -> String {
        match self.found_tok() {
            Some(t) if t.kind == TokKind::Str && t.end <= self.pos + 1 => "en text".to_owned(),
            Some(_) => format!("`{}`", self.found_text()),
            None if self.chunk_end >= self.scan.text.len() => "slutet av filen".to_owned(),
            None => "nästa deklaration".to_owned(),
        }
    }

    fn custom(&self, message: &str) -> Diagnostic {
        if message.contains("limit") {
            return Diagnostic::new(
                Code::E0014,
                format!("deklarationen är för djupt nästlad eller för komplicerad att läsa (mer än {MAX_DEPTH} nivåer)"),
                self.primary(),
            )
            .with_primary_label("här gav läsningen upp")
            .with_help("dela upp uttrycket i flera regler med egna namn");
        }
        Diagnostic::new(
            Code::E0001,
            "deklarationen kunde inte läsas",
            self.primary(),
        )
    }

    fn parsing(&self, positives: &[Rule]) -> Diagnostic {
        let found = self.found_text().to_owned();
        let kinds: Vec<Want> = positives.iter().map(|r| want(*r)).collect();
        let expects_expr = kinds.contains(&Want::Say(10, "ett uttryck"));
        let expects_name = positives.iter().any(|r| {
            matches!(
                r,
                Rule::ident
                    | Rule::variants
                    | Rule::enum_type
                    | Rule::binding
                    | Rule::expectation
                    | Rule::field_decl
            )
        });
        let is_word = self.found_tok().is_some_and(|t| t.kind == TokKind::Word);
        let in_string = self
            .scan
            .lexed
            .strings
            .iter()
            .any(|&(s, e)| s < self.pos && self.pos < e);

        if in_string {
            return self.generic(
                Code::E0018,
                positives,
                "i det inskjutna uttrycket i texten: ",
            );
        }
        let in_block = self
            .innermost_open()
            .is_some_and(|t| t.kind == TokKind::Open('{'));
        if in_block
            && found == "="
            && positives.contains(&Rule::colon)
            && !positives.contains(&Rule::eq)
        {
            return self.confused(":", "=");
        }
        if in_block
            && found == ":"
            && positives.contains(&Rule::eq)
            && !positives.contains(&Rule::colon)
        {
            return self.confused("=", ":");
        }
        if positives.contains(&Rule::om_annars) {
            return self.missing_annars();
        }
        if is_word && found == "om" && expects_expr {
            return self.om_operand();
        }
        if is_word && found == "inte" && expects_expr {
            return Diagnostic::new(
                Code::E0001,
                "`inte` kan inte stå direkt som operand",
                self.primary(),
            )
            .with_primary_label("`inte` efter en operator")
            .with_note("`inte` binder svagare än jämförelser och räknesätt: `inte a = b` betyder `inte (a = b)`")
            .with_help("sätt parentes runt det som ska negeras: `(inte …)`");
        }
        if is_comparison(&found)
            && positives.contains(&Rule::add_op)
            && !positives.contains(&Rule::cmp_op)
        {
            return self.chained();
        }
        let outcome_word = matches!(
            found.as_str(),
            "bifall" | "avslag" | "fastställt" | "manuell"
        );
        if let Some(d) = (is_word && outcome_word)
            .then(|| self.outcome_after_unknown_key())
            .flatten()
        {
            return d;
        }
        if is_word
            && is_keyword(&found)
            && (expects_name || (expects_expr && !is_structural(&found)))
        {
            return Diagnostic::new(
                Code::E0003,
                format!("`{found}` är ett reserverat ord och kan inte användas som namn"),
                self.primary(),
            )
            .with_primary_label("reserverat ord")
            .with_help(format!(
                "välj ett annat namn, till exempel `{found}_1` eller ett mer beskrivande ord"
            ));
        }
        self.generic(Code::E0001, positives, "")
    }

    /// `annar: avslag …`: an outcome after a key that is neither `när …:` nor `annars:`.
    fn outcome_after_unknown_key(&self) -> Option<Diagnostic> {
        let i = self.found?;
        let colon = self.tokens.get(i.checked_sub(1)?)?;
        let key = self.tokens.get(i.checked_sub(2)?)?;
        if self.scan.tok_text(colon) != ":" || key.kind != TokKind::Word {
            return None;
        }
        let word = self.scan.tok_text(key);
        let d = Diagnostic::new(
            Code::E0016,
            format!("`{word}` hör inte hemma i beslutet"),
            self.scan.span(key.start, key.end),
        )
        .with_primary_label("okänt fält");
        Some(match crate::lower::did_you_mean(word, &["annars"]) {
            Some(s) => d.with_help(format!("menade du `{s}`?")),
            None => d.with_help("ett utfall står efter `när VILLKOR:` eller `annars:`"),
        })
    }

    /// "förväntade A, B eller C, men hittade X".
    fn generic(&self, code: Code, positives: &[Rule], prefix: &str) -> Diagnostic {
        let mut says: Vec<(u8, &str)> = Vec::new();
        let mut operator = false;
        for rule in positives {
            match want(*rule) {
                Want::Operator => operator = true,
                Want::Say(rank, words) if !says.iter().any(|(_, w)| *w == words) => {
                    says.push((rank, words))
                }
                _ => {}
            }
        }
        says.sort_by_key(|(rank, _)| *rank);
        let mut words: Vec<&str> = says.iter().map(|(_, w)| *w).collect();
        if operator {
            words.push("en operator (till exempel `+` eller `och`)");
        }
        if words.is_empty() {
            return Diagnostic::new(
                code,
                format!("{prefix}oväntat {}", self.found_words()),
                self.primary(),
            )
            .with_primary_label("kan inte stå här");
        }
        let expected = join_or(&words);
        let help = self.hint(positives);
        let mut d = Diagnostic::new(
            code,
            format!(
                "{prefix}förväntade {expected}, men hittade {}",
                self.found_words()
            ),
            self.primary(),
        )
        .with_primary_label(format!(
            "här förväntades {}",
            words.first().copied().unwrap_or("")
        ));
        if let Some(help) = help {
            d = d.with_help(help);
        }
        let closes = positives
            .iter()
            .any(|r| matches!(r, Rule::rbrace | Rule::rparen | Rule::rbracket));
        if closes && let Some(open) = self.innermost_open() {
            let what = match self.scan.tok_text(open) {
                "(" => "parentesen börjar här",
                "[" => "listan börjar här",
                _ => "blocket börjar här",
            };
            d = d.with_label(self.scan.span(open.start, open.end), what);
        }
        d
    }

    /// A hint for a few common slips, seen from the tokens around the error.
    fn hint(&self, positives: &[Rule]) -> Option<String> {
        let found = self.found_tok()?;
        let before = self
            .found
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| self.tokens.get(i));
        let text = self.scan.tok_text(found);
        if found.kind == TokKind::Word
            && !is_keyword(text)
            && let Some(keyword) = crate::lower::did_you_mean(text, &expected_keywords(positives))
        {
            if positives.contains(&Rule::kw_sa) {
                return Some(format!(
                    "menade du `{keyword}`? Ett villkor skrivs `om VILLKOR så VÄRDE annars ANNAT_VÄRDE`"
                ));
            }
            return Some(format!("menade du `{keyword}`?"));
        }
        // `nar villkor:` in a block reads `nar` as a field key and stops at the condition.
        if positives.contains(&Rule::colon)
            && let Some(b) = before
            && b.kind == TokKind::Word
            && b.line_first
            && let Some(keyword) =
                crate::lower::did_you_mean(self.scan.tok_text(b), &["när", "annars", "från"])
            && keyword != self.scan.tok_text(b)
        {
            return Some(format!(
                "menade du `{keyword}`? Som det står nu läses `{}` som namnet på ett fält",
                self.scan.tok_text(b)
            ));
        }
        // `när villkor` with the `:` forgotten: the next line's outcome is what was found.
        if positives.contains(&Rule::colon) && found.line_first {
            return Some(
                "raden ovanför slutar utan `:`; efter villkoret i `när` står `:`, till exempel `när årskurs >= 3:`"
                    .to_owned(),
            );
        }
        if positives.contains(&Rule::kw_sa) {
            return Some("ett villkor skrivs `om VILLKOR så VÄRDE annars ANNAT_VÄRDE`".to_owned());
        }
        if text == "så" && positives.contains(&Rule::colon) {
            return Some(
                "efter villkoret i `när` står `:`, till exempel `när behov > inkomst: bifall`"
                    .to_owned(),
            );
        }
        if found.kind == TokKind::Number
            && (positives.contains(&Rule::dated_value) || positives.contains(&Rule::kw_fran))
        {
            return Some("varje värde inleds med `från`: `från 2026-01-01: …`".to_owned());
        }
        let same_line = before.is_some_and(|b| {
            self.scan
                .text
                .get(b.end..found.start)
                .is_some_and(|gap| !gap.contains('\n'))
        });
        if found.kind == TokKind::Word
            && !is_keyword(text)
            && same_line
            && before.is_some_and(|b| b.kind == TokKind::Number)
        {
            return Some(
                "efter ett tal kan en enhet stå: `kr`, `öre`, `%`, `dag`/`dagar`, `vecka`/`veckor`, `månad`/`månader` eller `år`"
                    .to_owned(),
            );
        }
        None
    }

    /// The innermost bracket still open at the error.
    fn innermost_open(&self) -> Option<&Token> {
        let mut stack = Vec::new();
        for t in self.tokens.iter().take_while(|t| t.start < self.pos) {
            match t.kind {
                TokKind::Open(_) => stack.push(t),
                TokKind::Close(_) => {
                    stack.pop();
                }
                _ => {}
            }
        }
        stack.pop()
    }

    /// The word that owns the innermost block (`uppgift`, `givet`, `bifall`, …).
    fn block_owner(&self) -> Option<&str> {
        let open = self.innermost_open()?;
        let line_start = self
            .scan
            .text
            .get(..open.start)?
            .rfind('\n')
            .map_or(0, |i| i + 1);
        self.tokens
            .iter()
            .filter(|t| t.start >= line_start && t.end <= open.start && t.kind == TokKind::Word)
            .map(|t| self.scan.tok_text(t))
            .rfind(|w| is_keyword(w))
    }

    fn confused(&self, want: &str, found: &str) -> Diagnostic {
        let owner = self.block_owner();
        let help = match (want, owner) {
            (":", Some("typ")) => {
                "fälten i en posttyp skrivs `namn: typ`, till exempel `{ ålder: heltal }`"
                    .to_owned()
            }
            (":", Some(kw)) => format!("i `{kw}` skrivs fälten `nyckel: värde`, med kolon"),
            (":", None) => "här skrivs `namn: typ` eller `nyckel: värde`, med kolon".to_owned(),
            (_, Some(kw @ ("givet" | "förvänta"))) => {
                format!("i `{kw}` skrivs raderna `namn = värde`, med likhetstecken")
            }
            _ => "här skrivs `namn = värde`, med likhetstecken".to_owned(),
        };
        Diagnostic::new(
            Code::E0007,
            format!("förväntade `{want}`, men hittade `{found}`"),
            self.primary(),
        )
        .with_primary_label(format!("skriv `{want}` här"))
        .with_note("`:` inleder ett fält eller en typ (`källa: sökande`); `=` ger ett värde (`antal_barn = 2`)")
        .with_help(help)
    }

    /// The `om` whose `annars` is missing: the last `om` before the error on the same
    /// bracket level that has no `annars` yet.
    fn open_om(&self) -> Option<&Token> {
        let mut level = 0i32;
        let mut pending = 0i32;
        for t in self.tokens.iter().rev().filter(|t| t.start < self.pos) {
            match t.kind {
                TokKind::Close(_) => level += 1,
                TokKind::Open(_) => level -= 1,
                TokKind::Word if level == 0 => match self.scan.tok_text(t) {
                    "annars" => pending += 1,
                    "om" if pending == 0 => return Some(t),
                    "om" => pending -= 1,
                    _ => {}
                },
                _ => {}
            }
            if level < 0 {
                break;
            }
        }
        None
    }

    fn missing_annars(&self) -> Diagnostic {
        let mut d = Diagnostic::new(Code::E0008, "`om` saknar `annars`", self.primary())
            .with_primary_label(format!(
                "här förväntades `annars`, men här står {}",
                self.found_words()
            ));
        if let Some(om) = self.open_om() {
            d = d.with_label(self.scan.span(om.start, om.end), "villkoret börjar här");
        }
        d.with_note("ett `om` måste alltid säga vad som gäller när villkoret inte är uppfyllt")
            .with_help("skriv `om VILLKOR så VÄRDE annars ANNAT_VÄRDE`")
    }

    fn om_operand(&self) -> Diagnostic {
        let before = self
            .found
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| self.tokens.get(i))
            .map(|t| self.scan.tok_text(t).to_owned())
            .unwrap_or_default();
        let written = self.om_text();
        let inner = written.as_deref().unwrap_or("om … så … annars …");
        let example = if before.is_empty() {
            format!("a + ({inner})")
        } else {
            format!("{before} ({inner})")
        };
        Diagnostic::new(
            Code::E0010,
            "ett `om`-uttryck som operand måste stå inom parentes",
            self.primary(),
        )
        .with_primary_label("`om` direkt efter en operator")
        .with_note("utan parentes går det inte att se hur långt `annars` sträcker sig")
        .with_help(format!(
            "sätt parentes runt hela `om`-uttrycket: `{example}`"
        ))
    }

    /// The `om` expression at the error as written, up to the end of its line, a `;`, a
    /// `:` or a closing bracket it does not open; `None` when long.
    fn om_text(&self) -> Option<String> {
        let first = self.found_tok()?;
        let mut level = 0i32;
        let mut last = first;
        for t in self.tokens.iter().skip(self.found? + 1) {
            if t.line_first {
                break;
            }
            match t.kind {
                TokKind::Open(_) => level += 1,
                TokKind::Close(_) if level == 0 => break,
                TokKind::Close(_) => level -= 1,
                TokKind::Punct if level == 0 && matches!(self.scan.tok_text(t), ";" | ":") => break,
                _ => {}
            }
            last = t;
        }
        let text = self.scan.text.get(first.start..last.end)?;
        (text.chars().count() <= 60 && text.contains("annars")).then(|| text.to_owned())
    }

    fn chained(&self) -> Diagnostic {
        let mut level = 0i32;
        let first = self
            .tokens
            .iter()
            .rev()
            .filter(|t| t.start < self.pos)
            .find(|t| {
                match t.kind {
                    TokKind::Close(_) => level += 1,
                    TokKind::Open(_) => level -= 1,
                    _ => {}
                }
                level == 0 && t.kind == TokKind::Punct && is_comparison(self.scan.tok_text(t))
            });
        let mut d = Diagnostic::new(Code::E0011, "jämförelser kan inte kedjas", self.primary())
            .with_primary_label("andra jämförelsen");
        if let Some(f) = first {
            d = d.with_label(self.scan.span(f.start, f.end), "första jämförelsen");
        }
        d.with_help("skriv två jämförelser med `och` emellan: `a < b och b < c`")
    }
}

fn is_comparison(s: &str) -> bool {
    matches!(s, "=" | "≠" | "!=" | "<" | "<=" | "≤" | ">" | ">=" | "≥")
}

/// "a", "a eller b", "a, b eller c".
fn join_or(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} eller {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    }
}
