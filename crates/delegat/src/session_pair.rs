//! [`SessionPair`]: two sessions deciding the same cases, as the impact analysis does with
//! an old and a new pack: a case is read once for both when the two programs declare the
//! same inputs (else once with each), both decide it in phase one, and both traces
//! (phase two without the outcomes' texts) follow on request.

use delegat_ir::{Program, TraceEntry, Type, TypeDefKind, TypeId, Verdict};
use delegat_value::Date;

use crate::case::{self, CaseError};
use crate::engine::{Decider, Runner};
use crate::session::Session;

/// The deepest nesting of list and record types [`same_inputs`] follows.
const MAX_TYPE_DEPTH: u32 = 32;

/// One side's phase one of a case: the verdict and the decision date, or why the case
/// could not be read.
pub type PairVerdict = Result<(Verdict, Date), CaseError>;

/// Two sessions deciding the same cases (see the module docs). Not shared between threads:
/// make one per thread.
///
/// ```
/// use delegat::{Date, Engine, Pack, SessionPair};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let pack = Pack::load(&delegat::doc_example_pack())?;
/// let old = pack.engine(Engine::Interpreter)?;
/// let mut pair = SessionPair::new(old, old);
/// assert!(pair.reads_once());
/// let (a, b) = pair.verdicts(r#"{"inkomst": 4000}"#, Some(Date::parse("2026-03-01")?));
/// assert_eq!(a?.0, b?.0);
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct SessionPair<'p> {
    a: Session<'p>,
    b: Session<'p>,
    /// Whether a case is read once for both.
    once: bool,
}

impl<'p> SessionPair<'p> {
    /// A pair deciding with `a` and `b`, reading each case once when their programs declare
    /// the same inputs (names, types, ranges, which are required, in the same order).
    pub fn new(a: Decider<'p>, b: Decider<'p>) -> SessionPair<'p> {
        let once = same_inputs(&a.pack.program, &b.pack.program);
        SessionPair {
            a: a.session(),
            b: b.session(),
            once,
        }
    }

    /// A pair that reads every case with each program, whatever their inputs: the
    /// reference [`SessionPair::new`]'s single reading is tested against.
    pub fn reading_twice(a: Decider<'p>, b: Decider<'p>) -> SessionPair<'p> {
        SessionPair {
            a: a.session(),
            b: b.session(),
            once: false,
        }
    }

    /// Whether a case is read once for both sessions.
    pub fn reads_once(&self) -> bool {
        self.once
    }

    /// Phase one of one case given as JSON text with both sessions: each side's verdict and
    /// decision date, or its [`CaseError`] (the decision date is the case's
    /// `beslutsdatum`, else `default_date`). The same as [`Session::verdict`] of each, the
    /// error code aside.
    pub fn verdicts(
        &mut self,
        input_json: &str,
        default_date: Option<Date>,
    ) -> (PairVerdict, PairVerdict) {
        if self.once {
            let (reader, a) = self.a.pair_side();
            let (_, b) = self.b.pair_side();
            if let Ok((va, vb, date)) = Runner::verdict_pair(reader, input_json, default_date, a, b)
            {
                return (Ok((va, date)), Ok((vb, date)));
            }
            // A case that cannot be read: each program's own error (and its own state).
        }
        (
            self.a.verdict_only(input_json, default_date),
            self.b.verdict_only(input_json, default_date),
        )
    }

    /// The traces of the case the last [`Self::verdicts`] decided, for sides whose verdicts
    /// were `Ok` (see [`Session::verdict_trace`]): phase two without the outcomes' texts.
    pub fn traces(&mut self) -> (&[TraceEntry], &[TraceEntry]) {
        (self.a.verdict_trace(), self.b.verdict_trace())
    }
}

/// Whether `a` and `b` declare the same inputs: the same names in the same order, each of
/// the same type (declared types compared by their variants and fields, not their names),
/// range and whether a case must give it. Then either program's reader reads a case into
/// the same values.
pub(crate) fn same_inputs(a: &Program, b: &Program) -> bool {
    a.inputs.len() == b.inputs.len()
        && a.inputs.iter().zip(&b.inputs).all(|(x, y)| {
            x.name == y.name
                && x.bounds == y.bounds
                && case::is_required(x) == case::is_required(y)
                && same_type(a, &x.ty, b, &y.ty, 0)
        })
}

fn same_type(a: &Program, ta: &Type, b: &Program, tb: &Type, depth: u32) -> bool {
    if depth > MAX_TYPE_DEPTH {
        return false;
    }
    match (ta, tb) {
        (Type::List(x), Type::List(y)) => same_type(a, x, b, y, depth + 1),
        (Type::Enum(x), Type::Enum(y)) => match (def(a, *x), def(b, *y)) {
            (Some(TypeDefKind::Enum(m)), Some(TypeDefKind::Enum(n))) => m == n,
            _ => false,
        },
        (Type::Record(x), Type::Record(y)) => match (def(a, *x), def(b, *y)) {
            (Some(TypeDefKind::Record(f)), Some(TypeDefKind::Record(g))) => {
                f.len() == g.len()
                    && f.iter().zip(g).all(|(f, g)| {
                        f.name == g.name
                            && f.bounds == g.bounds
                            && same_type(a, &f.ty, b, &g.ty, depth + 1)
                    })
            }
            _ => false,
        },
        (Type::List(_) | Type::Enum(_) | Type::Record(_), _) => false,
        _ => ta == tb,
    }
}

fn def(p: &Program, t: TypeId) -> Option<&TypeDefKind> {
    p.type_def(t).map(|d| &d.kind)
}
