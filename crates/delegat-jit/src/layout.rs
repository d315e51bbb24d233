//! The native data layout shared by generated code and Rust: slots, the per-case frame, the
//! word representation of each IR type, and the status codes generated code returns.
//!
//! Every run-time value occupies one [`Cell`] of two 64-bit words. In generated code a value
//! is one or two `i64` SSA values, as [`words`] says:
//!
//! | type | `w0` | `w1` |
//! | --- | --- | --- |
//! | `heltal`, `belopp` | the `i64` (öre for money) | — |
//! | `ja/nej` | 0 or 1 | — |
//! | `datum` | days since 1970-01-01, sign-extended | — |
//! | enum | the variant index | — |
//! | `tal` | low 64 bits of [`Decimal::to_bits`] | high 64 bits |
//! | `varaktighet` | the amount | the unit (`DurationUnit as u8`) |
//! | `text` | pointer to UTF-8 bytes | length in bytes |
//! | `lista av T` | pointer to `len` slots | `len` |
//! | record | pointer to one slot per field | the number of fields |
//!
//! Pointers in slots point into memory that outlives the case: the inputs of the call, the
//! pack's constants ([`crate::consts`]) or the case's arena ([`crate::host::Host`]).

use std::mem::offset_of;

use delegat_ir::Type;
use delegat_value::Decimal;

/// One value in native memory: two 64-bit words (see the module docs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub(crate) struct Cell {
    /// The first word.
    pub(crate) w0: u64,
    /// The second word (unused by one-word types).
    pub(crate) w1: u64,
}

/// The size of a [`Cell`] in bytes.
pub(crate) const CELL_BYTES: i64 = 16;

impl Cell {
    /// A one-word value.
    pub(crate) fn one(w0: i64) -> Cell {
        Cell {
            w0: w0 as u64,
            w1: 0,
        }
    }

    /// A decimal as its two words.
    pub(crate) fn dec(d: Decimal) -> Cell {
        let bits = d.to_bits();
        Cell {
            w0: bits as u64,
            w1: (bits >> 64) as u64,
        }
    }
}

/// The decimal held in two words, if they are a canonical decimal.
pub(crate) fn dec_from_words(lo: u64, hi: u64) -> Option<Decimal> {
    let bits = (i128::from(hi as i64) << 64) | i128::from(lo);
    Decimal::from_bits(bits)
}

/// The per-case frame passed (by pointer) to every generated function.
///
/// Rust fills the inputs, parameters and date before a call and reads the outputs and the
/// error fields after it; generated code reads and writes it at the offsets below.
#[derive(Debug)]
#[repr(C)]
pub(crate) struct Frame {
    /// One slot per input of the program.
    pub(crate) inputs: *const Cell,
    /// One byte per input: 1 when the case gives it.
    pub(crate) present: *const u8,
    /// One memo slot per rule (only nullary rules use theirs).
    pub(crate) memo: *mut Cell,
    /// One byte per rule: 1 when its memo slot is filled in this case.
    pub(crate) filled: *mut u8,
    /// One slot per parameter: a scalar parameter's value in force on the decision date.
    pub(crate) params: *const Cell,
    /// One `i64` per parameter: the index of the version in force, or −1 when none is.
    pub(crate) versions: *const i64,
    /// The decision's outputs: slot 0 the amount, then the interpolated values in order.
    pub(crate) out: *mut Cell,
    /// The Rust side of the case (arena, trace log), passed to shims.
    pub(crate) host: *mut crate::host::Host,
    /// The trace log: `log_cap` slots, the first `log_len` written (see [`event`]).
    pub(crate) log: *mut Cell,
    /// How many events the log holds.
    pub(crate) log_len: i64,
    /// How many events fit: an event that does not returns [`Status::LogFull`].
    pub(crate) log_cap: i64,
    /// The steps the case may still take (`delegat_ir::STEP_BUDGET` at its start; see
    /// `Translator::take_step`).
    pub(crate) steps: i64,
    /// The decision date in days since 1970-01-01.
    pub(crate) date: i64,
    /// Written by a decision: the index of the chosen `när` branch, −1 for `annars`.
    pub(crate) chosen: i64,
    /// Written on an error: the expression where it arose.
    pub(crate) err_expr: i64,
    /// Written on an error: details (see [`Status`]).
    pub(crate) err_a: i64,
    /// Written on an error: details.
    pub(crate) err_b: i64,
    /// Written on an error: details.
    pub(crate) err_c: i64,
}

impl Default for Frame {
    /// A frame with no arrays (set before every call).
    fn default() -> Frame {
        Frame {
            inputs: std::ptr::null(),
            present: std::ptr::null(),
            memo: std::ptr::null_mut(),
            filled: std::ptr::null_mut(),
            params: std::ptr::null(),
            versions: std::ptr::null(),
            out: std::ptr::null_mut(),
            host: std::ptr::null_mut(),
            log: std::ptr::null_mut(),
            log_len: 0,
            log_cap: 0,
            steps: 0,
            date: 0,
            chosen: -1,
            err_expr: -1,
            err_a: 0,
            err_b: 0,
            err_c: 0,
        }
    }
}

/// What a finished call left in the frame, read by the evaluator for phase two.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Finished {
    /// The decision date in days.
    pub(crate) date: i64,
    /// The chosen branch (−1 for `annars`).
    pub(crate) chosen: i64,
    /// The error fields (see [`Status`]).
    pub(crate) err_expr: i64,
    pub(crate) err_a: i64,
    pub(crate) err_b: i64,
    pub(crate) err_c: i64,
    /// How many events the trace log holds.
    pub(crate) log_len: usize,
}

impl Finished {
    /// The fields of a frame after its call (for phase two). Before each call the error
    /// fields are reset, and generated code writes them only on an error.
    pub(crate) fn of(f: &Frame) -> Finished {
        Finished {
            date: f.date,
            chosen: f.chosen,
            err_expr: f.err_expr,
            err_a: f.err_a,
            err_b: f.err_b,
            err_c: f.err_c,
            log_len: usize::try_from(f.log_len).unwrap_or(0),
        }
    }
}

/// Byte offsets of the [`Frame`] fields, for generated code.
pub(crate) mod off {
    use super::{Frame, offset_of};

    /// Converts a field offset to the `i32` Cranelift's memory operands take.
    const fn o(x: usize) -> i32 {
        x as i32
    }

    pub(crate) const INPUTS: i32 = o(offset_of!(Frame, inputs));
    pub(crate) const PRESENT: i32 = o(offset_of!(Frame, present));
    pub(crate) const MEMO: i32 = o(offset_of!(Frame, memo));
    pub(crate) const FILLED: i32 = o(offset_of!(Frame, filled));
    pub(crate) const PARAMS: i32 = o(offset_of!(Frame, params));
    pub(crate) const VERSIONS: i32 = o(offset_of!(Frame, versions));
    pub(crate) const OUT: i32 = o(offset_of!(Frame, out));
    pub(crate) const HOST: i32 = o(offset_of!(Frame, host));
    pub(crate) const LOG: i32 = o(offset_of!(Frame, log));
    pub(crate) const LOG_LEN: i32 = o(offset_of!(Frame, log_len));
    pub(crate) const LOG_CAP: i32 = o(offset_of!(Frame, log_cap));
    pub(crate) const STEPS: i32 = o(offset_of!(Frame, steps));
    pub(crate) const DATE: i32 = o(offset_of!(Frame, date));
    pub(crate) const CHOSEN: i32 = o(offset_of!(Frame, chosen));
    pub(crate) const ERR_EXPR: i32 = o(offset_of!(Frame, err_expr));
    pub(crate) const ERR_A: i32 = o(offset_of!(Frame, err_a));
    pub(crate) const ERR_B: i32 = o(offset_of!(Frame, err_b));
    pub(crate) const ERR_C: i32 = o(offset_of!(Frame, err_c));
}

/// The kinds of trace events in the log, in the high half of an event's first word (the low
/// half is the rule or parameter id). The second word is the exception index (−1 for none)
/// of a rule and the key of a lookup.
pub(crate) mod event {
    /// A nullary rule finished; its value is in its memo slot.
    pub(crate) const RULE: u64 = 0;
    /// A scalar parameter was read.
    pub(crate) const PARAM: u64 = 1;
    /// A table row was read for the key in the second word.
    pub(crate) const LOOKUP: u64 = 2;

    /// The first word of an event.
    pub(crate) const fn word(kind: u64, id: u32) -> i64 {
        ((kind << 32) | id as u64) as i64
    }
}

/// How many words a value of this type has in generated code (1 or 2).
pub(crate) fn words(ty: &Type) -> usize {
    match ty {
        Type::Int | Type::Money | Type::Bool | Type::Date | Type::Enum(_) => 1,
        Type::Dec | Type::Duration | Type::Text | Type::List(_) | Type::Record(_) => 2,
    }
}

/// The statuses a generated function returns: 0 is success, 1–6 are
/// [`delegat_value::ArithError::status`], the rest are listed here. The frame's error
/// fields say where and what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum Status {
    /// No parameter version in force: `err_expr`, `err_a` = parameter id.
    NoParamValue = 100,
    /// No table row covers the key: `err_expr`, `err_a` = parameter id, `err_b` = the key.
    TableMiss = 101,
    /// Two exceptions hold: `err_a` = rule id, `err_b` = first, `err_c` = second index.
    Conflict = 102,
    /// `minsta`/`största` of nothing: `err_expr`.
    EmptyAggregate = 103,
    /// No arm of a `välj` holds: `err_expr`.
    NoArm = 104,
    /// An input is missing: `err_expr`, `err_a` = input id.
    MissingInput = 105,
    /// A shim received words that are not a value of their type (never for code this crate
    /// generates): `err_expr`.
    BadValue = 106,
    /// The trace log is full (not an error): the caller grows the log and runs the call
    /// again from the start (`run.rs`), so generated code needs no call to grow it.
    LogFull = 107,
    /// The case took more than `delegat_ir::STEP_BUDGET` steps: `err_expr`.
    Budget = 108,
    /// The norm date is outside the decision's bounds (E0426): set by `run.rs` between the
    /// norm function and the decision's, never by generated code; the evaluator keeps the
    /// error.
    NormOutside = 109,
}

impl Status {
    /// The status of a number returned by generated code, if it is one of these.
    pub(crate) fn from_u32(status: u32) -> Option<Status> {
        Some(match status {
            100 => Status::NoParamValue,
            101 => Status::TableMiss,
            102 => Status::Conflict,
            103 => Status::EmptyAggregate,
            104 => Status::NoArm,
            105 => Status::MissingInput,
            106 => Status::BadValue,
            107 => Status::LogFull,
            108 => Status::Budget,
            109 => Status::NormOutside,
            _ => return None,
        })
    }
}
