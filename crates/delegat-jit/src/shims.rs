//! The `extern "C"` shims generated code calls for everything that is not trivially
//! identical inline: decimal arithmetic, money × and / with rounding, the rounding
//! functions, date arithmetic, text equality, the arena and the trace.
//!
//! Each shim is a thin wrapper around the same `delegat-value` function the interpreter
//! calls (see `delegat-interp/src/ops.rs`), so the two engines cannot disagree. Calling
//! convention: every argument is an `i64` word (pointers included); a fallible shim writes
//! its result to the slot `out` and returns a status (0, or an
//! [`ArithError::status`](delegat_value::ArithError::status)); shims never unwind.

#![expect(
    unsafe_code,
    reason = "generated code calls these through raw pointers; each unsafe block is justified"
)]

use delegat_value::{ArithError, Date, Decimal, Duration, DurationUnit, Money, RoundMode};

use crate::host::Host;
use crate::layout::{Cell, Status, dec_from_words};

/// What a shim returns, in Cranelift terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ret {
    /// A `u32` status (`I32`).
    Status,
    /// One `i64` word.
    Word,
}

macro_rules! shims {
    ($($variant:ident => $func:ident($n:expr) -> $ret:ident;)*) => {
        /// The shims generated code may call.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) enum Shim { $($variant,)* }

        impl Shim {
            /// Every shim.
            pub(crate) const ALL: &'static [Shim] = &[$(Shim::$variant,)*];

            /// The symbol name it is registered under.
            pub(crate) fn name(self) -> &'static str {
                match self { $(Shim::$variant => concat!("delegat_", stringify!($func)),)* }
            }

            /// Its address.
            pub(crate) fn addr(self) -> *const u8 {
                match self { $(Shim::$variant => $func as *const u8,)* }
            }

            /// The number of `i64` arguments.
            pub(crate) fn arity(self) -> usize {
                match self { $(Shim::$variant => $n,)* }
            }

            /// What it returns.
            pub(crate) fn ret(self) -> Ret {
                match self { $(Shim::$variant => Ret::$ret,)* }
            }
        }
    };
}

shims! {
    DecAdd => dec_add(5) -> Status;
    DecSub => dec_sub(5) -> Status;
    DecMul => dec_mul(5) -> Status;
    DecDiv => dec_div(5) -> Status;
    DecNeg => dec_neg(3) -> Status;
    DecCmp => dec_cmp(4) -> Word;
    IntToDec => int_to_dec(2) -> Status;
    IntDiv => int_div(3) -> Status;
    MoneyMulDec => money_mul_dec(4) -> Status;
    MoneyDivInt => money_div_int(3) -> Status;
    MoneyDivDec => money_div_dec(4) -> Status;
    MoneyDivMoney => money_div_money(3) -> Status;
    RoundMoney => round_money(3) -> Status;
    RoundMoneyTo => round_money_to(4) -> Status;
    RoundDecTo => round_dec_to(6) -> Status;
    RoundDecToInt => round_dec_to_int(4) -> Status;
    RoundIntTo => round_int_to(4) -> Status;
    DateDiff => date_diff(3) -> Word;
    DateShift => date_shift(5) -> Status;
    DurationNeg => duration_neg(3) -> Status;
    TextEq => text_eq(4) -> Word;
    Alloc => alloc(2) -> Word;
}

/// Writes `result` to `out` on success and returns the status.
///
/// # Safety
/// `out` must be valid for writing one [`Cell`] (generated code passes a 16-byte, 8-aligned
/// stack slot of its own).
unsafe fn finish<T>(
    result: Result<T, ArithError>,
    out: *mut Cell,
    slot: impl FnOnce(T) -> Cell,
) -> u32 {
    match result {
        Ok(v) => {
            // SAFETY: the caller guarantees `out` is writable for one slot.
            unsafe { out.write(slot(v)) };
            0
        }
        Err(e) => e.status(),
    }
}

const BAD: u32 = Status::BadValue as u32;

fn dec(lo: i64, hi: i64) -> Option<Decimal> {
    dec_from_words(lo as u64, hi as u64)
}

fn mode(m: i64) -> Option<RoundMode> {
    u8::try_from(m).ok().and_then(RoundMode::from_u8)
}

fn date(days: i64) -> Option<Date> {
    Date::from_days(days).ok()
}

fn duration(amount: i64, unit: i64) -> Option<Duration> {
    let unit = u8::try_from(unit).ok().and_then(DurationUnit::from_u8)?;
    Some(Duration::new(amount, unit))
}

fn date_slot(d: Date) -> Cell {
    Cell::one(i64::from(d.days()))
}

fn duration_slot(d: Duration) -> Cell {
    Cell {
        w0: d.amount as u64,
        w1: u64::from(d.unit as u8),
    }
}

macro_rules! dec_binary {
    ($name:ident, $method:ident) => {
        /// Decimal arithmetic (see the module docs for the convention).
        ///
        /// # Safety
        /// `out` must be writable for one slot.
        unsafe extern "C" fn $name(a0: i64, a1: i64, b0: i64, b1: i64, out: *mut Cell) -> u32 {
            let (Some(a), Some(b)) = (dec(a0, a1), dec(b0, b1)) else {
                return BAD;
            };
            // SAFETY: forwarded from this function's contract.
            unsafe { finish(a.$method(b), out, Cell::dec) }
        }
    };
}

dec_binary!(dec_add, checked_add);
dec_binary!(dec_sub, checked_sub);
dec_binary!(dec_mul, checked_mul);
dec_binary!(dec_div, checked_div);

/// `−tal`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn dec_neg(a0: i64, a1: i64, out: *mut Cell) -> u32 {
    let Some(a) = dec(a0, a1) else { return BAD };
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(Ok(a.neg()), out, Cell::dec) }
}

/// The order of two decimals as −1, 0 or 1 (2 when a word pair is not a decimal).
extern "C" fn dec_cmp(a0: i64, a1: i64, b0: i64, b1: i64) -> i64 {
    match (dec(a0, a1), dec(b0, b1)) {
        (Some(a), Some(b)) => a.cmp(&b) as i64,
        _ => 2,
    }
}

/// Widening `heltal` to `tal`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn int_to_dec(x: i64, out: *mut Cell) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(Ok(Decimal::from_i64(x)), out, Cell::dec) }
}

/// `heltal / heltal`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn int_div(a: i64, b: i64, out: *mut Cell) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(delegat_value::int_div(a, b), out, Cell::dec) }
}

/// `belopp × tal`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn money_mul_dec(m: i64, d0: i64, d1: i64, out: *mut Cell) -> u32 {
    let Some(d) = dec(d0, d1) else { return BAD };
    let r = Money::from_ore(m).checked_mul_decimal(d);
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(r, out, |m| Cell::one(m.ore())) }
}

/// `belopp / heltal`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn money_div_int(m: i64, n: i64, out: *mut Cell) -> u32 {
    let r = Money::from_ore(m).checked_div_int(n);
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(r, out, |m| Cell::one(m.ore())) }
}

/// `belopp / tal`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn money_div_dec(m: i64, d0: i64, d1: i64, out: *mut Cell) -> u32 {
    let Some(d) = dec(d0, d1) else { return BAD };
    let r = Money::from_ore(m).checked_div_decimal(d);
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(r, out, |m| Cell::one(m.ore())) }
}

/// `belopp / belopp`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn money_div_money(a: i64, b: i64, out: *mut Cell) -> u32 {
    let r = Money::from_ore(a).checked_div_money(Money::from_ore(b));
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(r, out, Cell::dec) }
}

/// `avrunda…(belopp)` to whole kronor. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn round_money(m: i64, md: i64, out: *mut Cell) -> u32 {
    let Some(md) = mode(md) else { return BAD };
    let r = Money::from_ore(m).round(md);
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(r, out, |m| Cell::one(m.ore())) }
}

/// `avrunda…(belopp; steg)`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn round_money_to(m: i64, step: i64, md: i64, out: *mut Cell) -> u32 {
    let Some(md) = mode(md) else { return BAD };
    let r = Money::from_ore(m).round_to(Money::from_ore(step), md);
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(r, out, |m| Cell::one(m.ore())) }
}

/// `avrunda…(tal; steg)`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn round_dec_to(
    d0: i64,
    d1: i64,
    s0: i64,
    s1: i64,
    md: i64,
    out: *mut Cell,
) -> u32 {
    let (Some(d), Some(s), Some(md)) = (dec(d0, d1), dec(s0, s1), mode(md)) else {
        return BAD;
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(d.round_to(s, md), out, Cell::dec) }
}

/// `avrunda…(tal)` to a `heltal`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn round_dec_to_int(d0: i64, d1: i64, md: i64, out: *mut Cell) -> u32 {
    let (Some(d), Some(md)) = (dec(d0, d1), mode(md)) else {
        return BAD;
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(d.round_to_integer(md), out, Cell::one) }
}

/// `avrunda…(heltal; steg)`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn round_int_to(x: i64, step: i64, md: i64, out: *mut Cell) -> u32 {
    let Some(md) = mode(md) else { return BAD };
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(delegat_value::int_round_to(x, step, md), out, Cell::one) }
}

/// `år_mellan` (0), `månader_mellan` (1), `dagar_mellan` (2); `i64::MIN` for words that are
/// not dates (never for generated code).
extern "C" fn date_diff(unit: i64, a: i64, b: i64) -> i64 {
    let (Some(a), Some(b)) = (date(a), date(b)) else {
        return i64::MIN;
    };
    match unit {
        0 => delegat_value::years_between(a, b),
        1 => delegat_value::months_between(a, b),
        _ => delegat_value::days_between(a, b),
    }
}

/// `datum ± varaktighet`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn date_shift(
    d: i64,
    amount: i64,
    unit: i64,
    subtract: i64,
    out: *mut Cell,
) -> u32 {
    let (Some(d), Some(dur)) = (date(d), duration(amount, unit)) else {
        return BAD;
    };
    let r = if subtract != 0 {
        dur.checked_neg()
    } else {
        Ok(dur)
    }
    .and_then(|dur| d.checked_add_duration(dur));
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(r, out, date_slot) }
}

/// `−varaktighet`. # Safety: `out` must be writable for one slot.
unsafe extern "C" fn duration_neg(amount: i64, unit: i64, out: *mut Cell) -> u32 {
    let Some(dur) = duration(amount, unit) else {
        return BAD;
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { finish(dur.checked_neg(), out, duration_slot) }
}

/// Whether two texts are equal (1) or not (0).
///
/// # Safety
/// Each pointer must point to that many readable bytes (a text slot's words).
unsafe extern "C" fn text_eq(p1: i64, l1: i64, p2: i64, l2: i64) -> i64 {
    if l1 != l2 {
        return 0;
    }
    let Ok(len) = usize::try_from(l1) else {
        return 0;
    };
    if len == 0 {
        // Two empty texts; their pointers may be anything (never read).
        return 1;
    }
    // SAFETY: text slots hold a pointer and the length of live UTF-8 bytes (layout.rs).
    let (a, b) = unsafe {
        (
            std::slice::from_raw_parts(p1 as *const u8, len),
            std::slice::from_raw_parts(p2 as *const u8, len),
        )
    };
    i64::from(a == b)
}

/// Converts the host word of the frame to a reference.
///
/// # Safety
/// `host` must be the frame's host pointer while generated code runs: valid, and not
/// otherwise borrowed during the call.
unsafe fn host<'a>(host: i64) -> &'a mut Host {
    // SAFETY: forwarded from this function's contract.
    unsafe { &mut *(host as *mut Host) }
}

/// A zeroed array of `len` slots in the case's arena; its address.
///
/// # Safety
/// `h` must be the frame's host pointer (see [`host`]).
unsafe extern "C" fn alloc(h: i64, len: i64) -> i64 {
    // SAFETY: forwarded from this function's contract.
    let h = unsafe { host(h) };
    h.alloc(usize::try_from(len).unwrap_or(0)) as i64
}
