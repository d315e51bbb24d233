//! [`Pack`]: a rule pack ready to decide cases, built from source or loaded from a file.

use std::fmt;

use delegat_diagnostics::{Code, Diagnostic, SourceMap};
use delegat_ir::{DecisionId, DecisionKind, Program};

use crate::keys::{PublicKey, SecretKey, TrustedKeys, VerifiedSignature};
use crate::source::{self, BuildError, Loader};
use delegat_ir::PackSignature;
use delegat_ir::pack::Sealed;

/// A rule pack: the lowered program, its content hash, and (when built from source) the
/// source files, so that exempel results and runtime errors can point at lines.
#[derive(Debug)]
pub struct Pack {
    pub(crate) program: Program,
    /// The content hash as 64 hex digits, formatted once (every decision carries it).
    pub(crate) hash_hex: String,
    pub(crate) sources: Option<SourceMap>,
    pub(crate) warnings: Vec<Diagnostic>,
    /// The id of the trusted key whose signature was verified ([`Pack::load_trusted`]).
    pub(crate) signer: Option<String>,
    /// That signature and key.
    pub(crate) signature: Option<VerifiedSignature>,
    /// The order of the canonical input's keys ([`crate::canonical`]), made on first use.
    pub(crate) canonical_order: std::sync::OnceLock<Vec<usize>>,
    /// The native code of the pack, compiled on the first request for [`crate::Engine::Jit`];
    /// the JIT's refusal when it cannot compile it (the interpreter decides instead).
    #[cfg(feature = "jit")]
    pub(crate) jit: std::sync::OnceLock<Result<delegat_jit::JitPack, delegat_jit::JitError>>,
}

/// Why a pack could not be loaded or used.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PackError {
    /// The file is not a sound pack of this format version (see `delegat_ir::pack`).
    File(delegat_ir::PackError),
    /// The pack has no `beslut` or `beslutsstöd` to decide.
    NoDecision,
    /// No decision of the pack has this name.
    UnknownDecision(String),
    /// A decision's static cost bound is over the limit (E0507, docs/cost.md): deciding one
    /// case could take unbounded time.
    TooCostly {
        /// The decision's name.
        decision: String,
        /// Its bound (expression nodes per case; `u64::MAX` when it overflows).
        bound: u64,
    },
    /// Trusted keys were given, but the pack is not signed (E0503).
    Unsigned,
    /// The pack is signed by a key (this id) that is not trusted (E0504).
    UntrustedKey(String),
    /// The pack names a trusted key (this id), but its signature does not hold: the pack
    /// was altered after it was signed, or the signature is damaged (E0505).
    BadSignature(String),
}

/// The old name of [`PackError`], kept for callers that name it.
pub type PackLoadError = PackError;

impl PackError {
    /// The stable code: E0501 for a file that is not a sound pack or a pack without the
    /// decision asked for; E0503, E0504 and E0505 for a pack refused under trusted keys; E0507 for a pack
    /// too costly to decide.
    pub fn code(&self) -> Code {
        match self {
            PackError::File(_) | PackError::NoDecision | PackError::UnknownDecision(_) => {
                Code::E0501
            }
            PackError::Unsigned => Code::E0503,
            PackError::UntrustedKey(_) => Code::E0504,
            PackError::BadSignature(_) => Code::E0505,
            PackError::TooCostly { .. } => Code::E0507,
        }
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackError::File(e) => write!(f, "{e}"),
            PackError::NoDecision => {
                f.write_str("regelpaketet har inget `beslut` eller `beslutsstöd` att fatta")
            }
            PackError::UnknownDecision(name) => {
                write!(f, "regelpaketet har inget beslut som heter `{name}`")
            }
            PackError::TooCostly { decision, bound } => write!(
                f,
                "beslutet `{decision}` kan kräva {} beräkningssteg för ett enda ärende, mer än \
                 gränsen {} (se `delegat explain E0507`)",
                crate::cost::steps(*bound),
                crate::cost::steps(delegat_ir::cost::COST_LIMIT)
            ),
            PackError::Unsigned => f.write_str(
                "regelpaketet är inte signerat; här får bara regelpaket som signerats med en \
                 betrodd nyckel fatta beslut",
            ),
            PackError::UntrustedKey(id) => write!(
                f,
                "regelpaketet är signerat med nyckeln `{id}`, som inte är en av de betrodda \
                 nycklarna"
            ),
            PackError::BadSignature(id) => write!(
                f,
                "regelpaketets signatur med nyckeln `{id}` stämmer inte: paketet har ändrats \
                 efter att det signerades, eller signaturen är skadad"
            ),
        }
    }
}

impl std::error::Error for PackError {}

/// Refuses a program with a decision whose static cost bound is over the limit: a pack file
/// is untrusted input, so it is bounded again at load (docs/cost.md).
fn within_cost_limit(program: &Program) -> Result<(), PackError> {
    match delegat_ir::cost::decision_costs(program)
        .into_iter()
        .find(|c| c.over_limit())
    {
        Some(c) => Err(PackError::TooCostly {
            decision: program
                .decision(c.decision)
                .map(|d| d.name.clone())
                .unwrap_or_default(),
            bound: c.bound,
        }),
        None => Ok(()),
    }
}

impl Pack {
    /// Builds a pack from the text of a rule file: parse, check, the legality gate (a file
    /// `delegat check` refuses is refused here too), lowering. `name` is the file's display
    /// name (its path); `loader` finds the files named by `använd` ([`crate::NoLoader`] for
    /// a single file).
    pub fn from_source(
        name: &str,
        text: &str,
        loader: &mut dyn Loader,
    ) -> Result<Pack, BuildError> {
        let built = source::build(name, text, loader)?;
        match Pack::with_program(built.program) {
            Ok(mut pack) => {
                pack.sources = Some(built.sources);
                pack.warnings = built.warnings;
                Ok(pack)
            }
            Err(e) => Err(BuildError {
                diagnostics: vec![Diagnostic::new(
                    Code::E0502,
                    format!("det byggda regelpaketet är felaktigt: {e}"),
                    delegat_diagnostics::Span::detached(),
                )],
                sources: built.sources,
            }),
        }
    }

    /// Reads a pack file (as written by [`Pack::to_bytes`]). The file is untrusted: the
    /// format tag and version, the content hash and the program's consistency are checked,
    /// and any failure is an error, never a panic.
    ///
    /// A signature in the file is not checked (and [`Pack::signer`] is `None`): without
    /// trusted keys there is nothing to check it against. Use [`Pack::load_trusted`] where
    /// only the nämnd's adopted packs may decide.
    pub fn load(bytes: &[u8]) -> Result<Pack, PackError> {
        let (program, hash) = delegat_ir::pack::load_with_hash(bytes).map_err(PackError::File)?;
        within_cost_limit(&program)?;
        Ok(Pack::with_hash(program, hash))
    }

    /// [`Pack::load`], and then the pack must be signed by one of `trusted`: an unsigned
    /// pack (E0503), a pack signed by another key (E0504) and a pack altered after it was
    /// signed (E0505) are refused. An empty `trusted` refuses every pack. The key's id is
    /// [`Pack::signer`], and every decision of the pack names it (`signerad_av`).
    pub fn load_trusted(bytes: &[u8], trusted: &TrustedKeys) -> Result<Pack, PackError> {
        let loaded = delegat_ir::pack::load_full(bytes).map_err(PackError::File)?;
        let key = trusted
            .verifying(&loaded.hash, loaded.signature.as_ref())?
            .clone();
        within_cost_limit(&loaded.program)?;
        let mut pack = Pack::with_hash(loaded.program, loaded.hash);
        pack.signer = Some(key.id().to_owned());
        pack.signature = loaded
            .signature
            .map(|signature| VerifiedSignature { key, signature });
        Ok(pack)
    }

    /// Checks that `signature` is `key`'s signature of this pack (of its content hash, as
    /// [`Pack::load_trusted`] checks a pack file's): a signature archived with the pack,
    /// checked again. E0504 when the signature names another key, E0505 when it does not
    /// hold.
    pub fn check_signature(
        &self,
        key: &PublicKey,
        signature: &PackSignature,
    ) -> Result<(), PackError> {
        let hash = delegat_ir::ContentHash::parse(&self.hash_hex)
            .ok_or_else(|| PackError::BadSignature(key.id().to_owned()))?;
        let trusted: TrustedKeys = std::iter::once(key.clone()).collect();
        trusted.verifying(&hash, Some(signature)).map(drop)
    }

    /// Whether a pack file of any format version is the one its hash names
    /// ([`delegat_ir::pack::sealed`]), without running it: a decision log proves its
    /// archived packs unaltered with it after Delegat has moved to a later format.
    pub fn sealed(bytes: &[u8]) -> Result<Sealed, PackError> {
        delegat_ir::pack::sealed(bytes).map_err(PackError::File)
    }

    /// Checks `signature` by `key` for the pack of format version `format_version` with
    /// content hash `hash`, without the pack in this version's form: for a decision log's
    /// archive, whose packs may be of an earlier format ([`delegat_ir::pack::sealed`]).
    pub fn check_sealed_signature(
        format_version: u32,
        hash: &delegat_ir::ContentHash,
        key: &PublicKey,
        signature: &PackSignature,
    ) -> Result<(), PackError> {
        let trusted: TrustedKeys = std::iter::once(key.clone()).collect();
        trusted
            .verifying_of(format_version, hash, Some(signature))
            .map(drop)
    }

    /// A pack of an IR program built in memory (tests, tools); it is verified like a file.
    pub fn from_program(program: Program) -> Result<Pack, PackError> {
        let errors = program.verify();
        if !errors.is_empty() {
            return Err(PackError::File(delegat_ir::PackError::Invalid(errors)));
        }
        within_cost_limit(&program)?;
        Pack::with_program(program)
    }

    fn with_program(program: Program) -> Result<Pack, PackError> {
        let hash = program.content_hash().map_err(PackError::File)?;
        Ok(Pack::with_hash(program, hash))
    }

    /// A pack of a verified program whose content hash is `hash`.
    fn with_hash(program: Program, hash: delegat_ir::ContentHash) -> Pack {
        Pack {
            program,
            hash_hex: hash.to_string(),
            sources: None,
            warnings: Vec::new(),
            signer: None,
            signature: None,
            canonical_order: std::sync::OnceLock::new(),
            #[cfg(feature = "jit")]
            jit: std::sync::OnceLock::new(),
        }
    }

    /// The pack file: `{"format":"delegat-pack","format_version":…,"hash":…,"program":…}`.
    pub fn to_bytes(&self) -> Result<Vec<u8>, PackError> {
        delegat_ir::pack::save(&self.program).map_err(PackError::File)
    }

    /// The pack file signed with `key`: the envelope of [`Pack::to_bytes`] with
    /// `"signatur":{"nyckel":…,"ed25519":…}` after the hash (`docs/paket.md`). The content
    /// hash, and so the pack's identity, is the same signed or not.
    pub fn to_signed_bytes(&self, key: &SecretKey) -> Result<Vec<u8>, PackError> {
        let hash = self.program.content_hash().map_err(PackError::File)?;
        let signature = key.sign_pack(&hash);
        delegat_ir::pack::save_signed(&self.program, Some(&signature)).map_err(PackError::File)
    }

    /// The id of the trusted key that signed the pack, when it was loaded with
    /// [`Pack::load_trusted`]; else `None`.
    pub fn signer(&self) -> Option<&str> {
        self.signer.as_deref()
    }

    /// The signature the pack was verified with, and its key, when it was loaded with
    /// [`Pack::load_trusted`]; else `None`.
    pub fn signature(&self) -> Option<&VerifiedSignature> {
        self.signature.as_ref()
    }

    /// The order of the canonical input's keys (indices into the program's inputs).
    pub(crate) fn canonical_order(&self) -> &[usize] {
        self.canonical_order
            .get_or_init(|| crate::canonical::order(&self.program))
    }

    /// The lowered program.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The content hash (64 hex digits): identifies the exact build.
    pub fn hash(&self) -> String {
        self.hash_hex.clone()
    }

    /// [`Pack::hash`] without a copy.
    pub fn hash_str(&self) -> &str {
        &self.hash_hex
    }

    /// The source files, when the pack was built from source.
    pub fn sources(&self) -> Option<&SourceMap> {
        self.sources.as_ref()
    }

    /// The warnings of the build (empty for a loaded pack).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The decision decided by default: the first `beslut`, else the first `beslutsstöd`.
    pub fn default_decision(&self) -> Option<DecisionId> {
        let ds = &self.program.decisions;
        ds.iter()
            .position(|d| d.kind == DecisionKind::Beslut)
            .or(if ds.is_empty() { None } else { Some(0) })
            .map(DecisionId::from_index)
    }
}

/// The pack of the crate-level documentation example (see `lib.rs`).
pub(crate) fn doc_example_bytes() -> Vec<u8> {
    delegat_ir::pack::save(&demo::program()).unwrap_or_default()
}

/// A small hand-built program: one parameter, one input, one rule, one decision.
#[doc(hidden)]
pub mod demo {
    use delegat_diagnostics::Span;
    use delegat_ir::{
        BinOp, Branch, CmpOp, CmpTy, Decision, DecisionKind, ExprKind, Input, Kalla, Meta, Outcome,
        OutcomeKind, ParamType, ParamValue, Parameter, Program, Rule, Template, TemplatePart, Type,
        Value, Version,
    };
    use delegat_value::{Date, Money};

    /// `norm` (8 560 kr from 2026-01-01), `inkomst: belopp 0 kr..`, `behov = norm`, and
    /// `bifall { belopp: behov - inkomst }` when `behov > inkomst`, else `avslag`.
    pub fn program() -> Program {
        let d = Span::detached();
        let mut p = Program::new(Meta {
            title: "Exempelstöd".into(),
            namnd: Some("Socialnämnden".into()),
            version: Some("1".into()),
            ..Meta::default()
        });
        p.inputs.push(Input {
            name: "inkomst".into(),
            ty: Type::Money,
            bounds: delegat_ir::Bounds {
                lo: Some(Value::Money(Money::ZERO)),
                hi: None,
            },
            kalla: Kalla::Sokande,
            fraga: Some("Hur stor är hushållets inkomst per månad?".into()),
            beskrivning: None,
            span: d,
        });
        p.params.push(Parameter {
            name: "norm".into(),
            enligt: Some("SoL 11 kap. 3 §".into()),
            lagrum: None,
            ty: ParamType::Value(Type::Money),
            versions: vec![Version {
                from: Date::from_ymd(2026, 1, 1).unwrap_or(Date::MIN),
                value: ParamValue::Value(Value::Money(Money::from_ore(856_000))),
                span: d,
            }],
            percent: false,
            span: d,
        });
        let norm = p.push_expr(ExprKind::Param(delegat_ir::ParamId(0)), Type::Money, d);
        p.rules.push(Rule {
            name: "behov".into(),
            enligt: Some("SoL 11 kap. 3 §".into()),
            lagrum: None,
            doc: None,
            arity: 0,
            locals: Vec::new(),
            ty: Type::Money,
            body: norm,
            undantag: Vec::new(),
            span: d,
        });
        let behov = p.push_expr(ExprKind::Rule(delegat_ir::RuleId(0)), Type::Money, d);
        let inkomst = p.push_expr(ExprKind::Input(delegat_ir::InputId(0)), Type::Money, d);
        let cond = p.push_expr(
            ExprKind::Compare {
                op: CmpOp::Gt,
                ty: CmpTy::Money,
                lhs: behov,
                rhs: inkomst,
            },
            Type::Bool,
            d,
        );
        let diff = p.push_expr(
            ExprKind::Binary {
                op: BinOp::SubMoney,
                lhs: behov,
                rhs: inkomst,
            },
            Type::Money,
            d,
        );
        let text = |a: &str, b: &str| Template {
            parts: vec![
                TemplatePart::Lit(a.into()),
                TemplatePart::Expr(behov),
                TemplatePart::Lit(b.into()),
                TemplatePart::Expr(inkomst),
                TemplatePart::Lit(".".into()),
            ],
        };
        p.decisions.push(Decision {
            name: "ekonomiskt_stöd".into(),
            kind: DecisionKind::Beslut,
            enligt: Some("SoL 11 kap. 1 §".into()),
            lagrum: None,
            appeal: None,
            avser: Some("myndighetsutövning".into()),
            overklagande: Some("förvaltningsbesvär".into()),
            doc: None,
            locals: Vec::new(),
            norm: Default::default(),
            letter: Default::default(),
            branches: vec![Branch {
                cond,
                outcome: Outcome {
                    kind: OutcomeKind::Bifall,
                    belopp: Some(diff),
                    text: Some(text("Behovet är ", " och inkomsten ")),
                    span: d,
                },
            }],
            otherwise: Outcome {
                kind: OutcomeKind::Avslag,
                belopp: None,
                text: Some(text(
                    "Inkomsten täcker behovet: behovet är ",
                    " och inkomsten ",
                )),
                span: d,
            },
            span: d,
        });
        p
    }
}
