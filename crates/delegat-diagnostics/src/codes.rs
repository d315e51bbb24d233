//! The single table of diagnostic codes.
//!
//! Codes are stable: never reuse or remove one. A code that is no longer emitted keeps its
//! row and gets a note in its page. Blocks: E00xx syntax, E01xx names, E02xx types and
//! tables, E03xx legality, E04xx runtime and cases, E05xx packs and tools; a `W` code is a
//! warning. Every code has a page `docs/errors/CODE.md` (included at compile time, so a
//! missing page does not build) that `delegat explain CODE` prints.

use crate::Severity;

macro_rules! codes {
    ($($code:ident => $title:literal,)*) => {
        /// A stable diagnostic code such as `E0002`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = $title]
                $code,
            )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// The code as written, e.g. `"E0002"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            /// A short Swedish title.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$code => $title,)*
                }
            }

            /// The page of `docs/errors/` for this code, in Markdown.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$code => include_str!(concat!(
                        env!("CARGO_MANIFEST_DIR"), "/../../docs/errors/", stringify!($code), ".md"
                    )),)*
                }
            }
        }
    };
}

codes! {
    E0001 => "syntaxfel",
    E0002 => "block eller parentes som inte avslutas",
    E0003 => "reserverat ord använt som namn",
    E0004 => "text som inte avslutas",
    E0005 => "tusentalsgruppering utanför ett belopp",
    E0006 => "datum som inte finns",
    E0007 => "`=` och `:` förväxlade",
    E0008 => "`annars` saknas",
    E0009 => "`,` mellan argument",
    E0010 => "`om` som operand utan parentes",
    E0011 => "kedjad jämförelse",
    E0012 => "tal som är för stort",
    E0013 => "belopp med bråkdelar av öre",
    E0014 => "för djupt nästlat uttryck",
    E0015 => "fält som saknas i ett block",
    E0016 => "fält som inte hör hemma i blocket",
    E0017 => "fält som anges två gånger",
    E0018 => "fel i en textinterpolation",
    E0019 => "filen kan inte läsas",
    E0020 => "kommentar som inte avslutas",
    E0021 => "felaktig tusentalsgruppering i ett belopp",
    E0022 => "filen kunde inte formateras säkert",
    E0023 => "belopp med punkt mellan tusentalen",
    E0024 => "datum skrivet med ord",
    E0025 => "bindestreck i ett namn",
    E0101 => "namn som definieras mer än en gång",
    E0102 => "okänt namn",
    E0103 => "okänd typ",
    E0104 => "okänt fält",
    E0105 => "okänd variant",
    E0106 => "reserverat namn",
    E0107 => "filen i `använd` kan inte läsas",
    E0108 => "`använd` i en cykel",
    E0109 => "okänd funktion",
    E0110 => "namnet används på fel sätt",
    E0111 => "mer än ett `regelverk`",
    E0201 => "fel typ",
    E0202 => "belopp blandat med tal",
    E0203 => "räkneoperation som inte är tillåten för typerna",
    E0204 => "villkor som inte är `ja/nej`",
    E0205 => "värde utanför intervallet",
    E0206 => "tabellnycklar som överlappar",
    E0207 => "tabell som saknar värden",
    E0208 => "tabell som saknar varianter",
    E0209 => "`välj` som inte täcker alla fall",
    E0210 => "fel antal argument",
    E0211 => "rekursion mellan regler",
    E0212 => "parameterdatum som inte stiger",
    E0213 => "beslut utan `annars`",
    E0214 => "exempel som saknar en uppgift",
    E0215 => "fel slags förväntan",
    E0216 => "typen kan inte avgöras",
    E0217 => "värde som inte kan skrivas i en text",
    E0218 => "uppslag eller fält på fel sorts värde",
    E0219 => "ogiltigt intervall",
    E0220 => "värde som ska vara fast men räknas ut",
    E0221 => "post eller exempel med fält som saknas eller upprepas",
    E0222 => "`{…}` i en text utanför motivering och skäl",
    E0223 => "tabelltyp utanför en parameter",
    E0224 => "parameter utan värden",
    E0225 => "lagrum utan lydelse",
    E0226 => "okänt lagrum",
    E0227 => "okänd väg för överklagande i ett lagrum",
    E0228 => "förvaltningsbesvär utan bestämmelse om överklagande",
    E0229 => "normdatum som beror på ett värde som väljs efter datum",
    E0230 => "gräns för normdatumet utan normdatum",
    E0231 => "`helt_bifall:` som inte är `ja` eller `nej`",
    E0232 => "`ärendenummer:` som inte är en uppgift av typen text",
    E0233 => "`visa:` som inte är namn med etiketter",
    E0234 => "`visa:` med ett namn som brevet inte kan visa",
    E0235 => "fält om överklagande i ett beslutsstöd",
    W0201 => "undantag som kan gälla samtidigt",
    E0301 => "beslut som bygger på uppgifter från ett register",
    E0302 => "beslut som kräver en skönsmässig bedömning",
    E0303 => "avslag eller fastställt belopp utan motivering",
    E0304 => "beslut utan lagrum",
    E0305 => "beslut som inte överklagas genom förvaltningsbesvär",
    E0306 => "ärende som inte får delegeras",
    E0307 => "beslut utan `avser:` eller `överklagande:`",
    E0308 => "`fastställt` utan belopp",
    E0309 => "policyfilen kan inte läsas",
    E0310 => "okänd nyckel i policyfilen",
    E0311 => "ogiltigt värde i policyfilen",
    E0312 => "policyn kräver något som regelfilen saknar",
    E0313 => "beslut vars lagrum inte ger förvaltningsbesvär",
    W0301 => "ord som tyder på en skönsmässig bedömning",
    W0302 => "tal från sökanden utan nedre gräns",
    W0303 => "överklagandebestämmelse som Delegat inte har kontrollerat",
    E0401 => "beräkningen blev för stor",
    E0402 => "division med noll",
    E0403 => "datum utanför kalendern",
    E0404 => "avrundningssteg som inte är större än noll",
    E0405 => "parametern har inget värde på beslutsdatumet",
    E0406 => "tabellen saknar rad för nyckeln",
    E0407 => "två undantag gäller samtidigt",
    E0408 => "`minsta` eller `största` av en tom lista",
    E0409 => "inget alternativ i `välj` gäller",
    E0410 => "uppgift som saknas i ärendet",
    E0411 => "regel som beror av sig själv eller för djup beräkning",
    E0412 => "felaktigt regelpaket",
    E0413 => "ärende som kräver för mycket arbete",
    E0420 => "ärendet är inte läsbar JSON",
    E0421 => "okänd uppgift i ärendet",
    E0422 => "uppgift som saknas i ärendet (JSON)",
    E0423 => "uppgift med fel slags värde",
    E0424 => "uppgift utanför det tillåtna intervallet",
    E0425 => "beslutsdatum som saknas eller är ogiltigt",
    E0426 => "normdatum utanför det som nämnden har delegerat",
    E0501 => "regelpaketet kan inte läsas",
    E0502 => "regelfilen kan inte byggas till ett regelpaket",
    E0503 => "regelpaketet är inte signerat",
    E0504 => "regelpaketet är signerat med en nyckel som inte är betrodd",
    E0505 => "regelpaketets signatur stämmer inte",
    E0506 => "nyckelfilen kan inte läsas eller skapas",
    E0507 => "beslut som kan kräva för mycket arbete",
    E0510 => "beslutsloggen kan inte öppnas eller läsas",
    E0511 => "filen är inte en beslutslogg",
    E0512 => "beslutet kunde inte skrivas till beslutsloggen",
    E0513 => "beslutsloggens kedja är bruten",
    E0514 => "beslutsloggen fortsätter inte kontrollpunkten",
    E0515 => "kontrollpunkten kan inte läsas",
    E0516 => "regelpaket saknas i beslutsloggens arkiv eller är skadat",
    E0517 => "inget beslut i loggen har kvittot",
    E0518 => "omprövningen gav inte det loggade beslutet",
    E0519 => "en arkiverad signatur håller inte för sitt regelpaket",
    E0520 => "beslutet fattades med ett regelpaket i ett format som den här versionen av Delegat inte kör",
    E0525 => "beslutsloggens databas har en schemaversion som inte kan användas",
    E0530 => "tjänsten kan inte läsa in regelpaketen",
    E0531 => "begäran är för stor",
    E0532 => "begäran har fel innehållstyp",
    E0533 => "inget sådant beslut eller ingen sådan sökväg",
    E0534 => "begäran saknar giltig token",
    E0535 => "tjänsten är överbelastad",
    E0536 => "begäran tog för lång tid",
    E0537 => "okänt format för svaret",
    E0538 => "beslutet kunde inte loggas",
    E0545 => "tjänstens TLS-certifikat eller nyckel kan inte läsas",
    E0560 => "gränserna i `--tillåt` kan inte läsas",
    E0561 => "det nya regelpaketet ändrar fler beslut än `--tillåt` medger",
    E0580 => "ett värde som lekplatsen fick är inte giltigt",
}

impl Code {
    /// Looks a code up by its text, case-insensitively (`e0002` finds `E0002`).
    pub fn parse(text: &str) -> Option<Code> {
        let text = text.trim();
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text))
    }

    /// Errors for `E` codes, warnings for `W` codes.
    pub fn default_severity(self) -> Severity {
        if self.as_str().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
