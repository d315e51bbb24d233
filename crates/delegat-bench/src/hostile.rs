//! Hostile inputs of a given size, for the benchmark that checks them
//! (`benches/hostile.rs`) and the tests that every one is refused with a code
//! (`tests/hostile.rs`): random bytes, stray characters, NUL bytes, a soup of the language's
//! own words, and — as the baseline of the same size — a valid rule file.
//!
//! Every generator is deterministic (a fixed xorshift seed), so a figure or a failure
//! reproduces.

/// The kinds of input, each `len` bytes long (to within a line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hostile {
    /// Random bytes, made text by replacing invalid UTF-8 (as a file read lossily).
    RandomBytes,
    /// One stray character (`@`) repeated: a lexer error at every byte.
    Stray,
    /// NUL bytes.
    Nul,
    /// Keywords, names, numbers and punctuation of the language in random order: the parser's
    /// error recovery at every few tokens.
    TokenSoup,
    /// A valid rule file of the same size (a chain of rules and one decision): the baseline.
    Valid,
}

impl Hostile {
    /// Every kind, the baseline last.
    pub const ALL: [Hostile; 5] = [
        Hostile::RandomBytes,
        Hostile::Stray,
        Hostile::Nul,
        Hostile::TokenSoup,
        Hostile::Valid,
    ];

    /// A short name, for the benchmark's table.
    pub fn name(self) -> &'static str {
        match self {
            Hostile::RandomBytes => "random_bytes",
            Hostile::Stray => "stray",
            Hostile::Nul => "nul",
            Hostile::TokenSoup => "token_soup",
            Hostile::Valid => "valid",
        }
    }

    /// The input, about `len` bytes.
    pub fn text(self, len: usize) -> String {
        match self {
            Hostile::RandomBytes => {
                let mut rng = Rng(0x2545_f491_4f6c_dd1d);
                let bytes: Vec<u8> = (0..len).map(|_| rng.next().to_le_bytes()[0]).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Hostile::Stray => "@".repeat(len),
            Hostile::Nul => "\0".repeat(len),
            Hostile::TokenSoup => token_soup(len),
            Hostile::Valid => valid(len),
        }
    }
}

impl std::fmt::Display for Hostile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Random bytes (not text), about `len` long: a pack file that is not one.
pub fn random_bytes(len: usize) -> Vec<u8> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..len).map(|_| rng.next().to_le_bytes()[0]).collect()
}

const WORDS: &[&str] = &[
    "regel",
    "beslut",
    "uppgift",
    "parameter",
    "när",
    "annars",
    "bifall",
    "avslag",
    "om",
    "då",
    "summa(",
    "för",
    "i",
    "där",
    "enligt",
    "\"SoL 4 kap. 1 §\"",
    "{",
    "}",
    "(",
    ")",
    ":",
    "=",
    "+",
    "-",
    "*",
    "1 000 kr",
    "12",
    "2024-01-01",
    "x",
    "belopp",
    "heltal",
    "ja/nej",
    "\n",
    "exempel",
    "givet",
    "förväntat",
    "..",
    ",",
    "\"{x}\"",
    "§",
    "från",
];

fn token_soup(len: usize) -> String {
    let mut rng = Rng(0xd1b5_4a32_d192_ed03);
    let mut out = String::with_capacity(len + 32);
    while out.len() < len {
        let i = usize::try_from(rng.next() % WORDS.len() as u64).unwrap_or(0);
        out.push_str(WORDS.get(i).copied().unwrap_or("x"));
        out.push(' ');
    }
    out
}

fn valid(len: usize) -> String {
    let mut out = String::from(
        "regelverk \"Kedja\" { nämnd: \"Nämnden\" }\n\
         uppgift x: belopp 0 kr..100 kr { källa: sökande }\n\
         beslut b enligt \"SoL (2025:400) 12 kap. 1 §\" {\n\
           avser: myndighetsutövning\n\
           överklagande: förvaltningsbesvär\n\
           när r0 > 0 kr: bifall { belopp: r0  motivering: \"Beloppet är {r0}.\" }\n\
           annars: avslag { motivering: \"Inget belopp.\" }\n\
         }\n",
    );
    let mut i = 0usize;
    while out.len() < len {
        out.push_str(&format!("regel r{i}: belopp = r{} + 1 kr\n", i + 1));
        i += 1;
    }
    out.push_str(&format!("regel r{i}: belopp = x\n"));
    out
}

/// xorshift64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
