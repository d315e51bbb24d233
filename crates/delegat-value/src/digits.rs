//! Decimal digits of unsigned integers appended to a byte buffer, table-driven (a group of
//! three digits per step, as `itoa` does with two), plain or grouped by threes the Swedish
//! way (`12 345`). The writers of decision lines call these per value, so they avoid
//! a `String` per number and a division per digit.
//!
//! Both functions put the characters together in a 128-bit register (up to 16 of them) and
//! append all 16 bytes before cutting the vector back to the real length: a fixed-size
//! store the compiler inlines, instead of a call to `memmove` for a few bytes, and no
//! narrow stores to a stack buffer read back as a wide load (a store-forwarding stall,
//! which made the first, buffer-based version slower than the plain one).

/// The number of digits from which every number a reader sees is grouped by threes: four,
/// so `3 400 meter` as `3 400 kr`, `12 345` and `1 000 000`.
///
/// The rule, decided once for money, whole numbers and decimals alike. Swedish style groups
/// numbers written in digits by threes from the right with a space, and writes years whole:
/// the EU institutions' Swedish style guide (Interinstitutional Style Guide, 10.6: "När stora
/// tal skrivs med siffror grupperas dessa i grupper om tre", "Årtal … skrivs utan mellanrum")
/// and university writing guides in Språkrådet's tradition ("1 200, 23 400 … Årtal skrivs
/// ihop: 1985"). Whether a four-digit number is grouped is left to the writer in that
/// tradition (`4000` or `4 000`); Språkrådet's *Svenska skrivregler* itself was not at hand
/// to quote. A decision's texts mix amounts, counts and lengths in one list, so Delegat
/// always groups from four digits and a reader never sees `3400` beside `3 400 kr`. Years
/// are dates in Delegat (`2026-03-01`), never grouped; a `heltal` a pack used as a year
/// would be grouped (`2 026`), so a year belongs in a `datum`.
pub const GROUP_FROM: usize = 4;

/// `" 000"` … `" 999"`: a group of three digits with the separator before it.
static GROUPS: [[u8; 4]; 1000] = groups();

#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of range would not compile"
)]
const fn groups() -> [[u8; 4]; 1000] {
    let mut t = [[0u8; 4]; 1000];
    let mut i = 0;
    while i < 1000 {
        t[i] = [
            b' ',
            b'0' + (i / 100) as u8,
            b'0' + (i / 10 % 10) as u8,
            b'0' + (i % 10) as u8,
        ];
        i += 1;
    }
    t
}

/// The digits of `0` … `999` without leading zeros, first digit in the low byte.
static LEAD: [u32; 1000] = lead_table();

#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of range would not compile"
)]
const fn lead_table() -> [u32; 1000] {
    let mut t = [0u32; 1000];
    let mut i = 0;
    while i < 1000 {
        let (a, b, c) = ((i / 100) as u32, (i / 10 % 10) as u32, (i % 10) as u32);
        t[i] = if i >= 100 {
            (b'0' as u32 + a) | ((b'0' as u32 + b) << 8) | ((b'0' as u32 + c) << 16)
        } else if i >= 10 {
            (b'0' as u32 + b) | ((b'0' as u32 + c) << 8)
        } else {
            b'0' as u32 + c
        };
        i += 1;
    }
    t
}

/// The layout buffer of long numbers: at most 20 digits and 6 separators.
const BUF: usize = 32;

/// The number of decimal digits of `u` (1 for 0).
#[inline]
pub fn count(u: u64) -> usize {
    u.checked_ilog10().unwrap_or(0) as usize + 1
}

/// A group's four bytes (`" ddd"`, the space in the low byte).
#[inline(always)]
fn group(g: u64) -> u32 {
    GROUPS.get(g as usize).map_or(0, |b| u32::from_le_bytes(*b))
}

/// The leading 1–3 digits of `0 ≤ g < 1000`.
#[inline(always)]
fn lead(g: u64) -> u32 {
    LEAD.get(g as usize).copied().unwrap_or(0)
}

/// Appends the low `len` bytes of `word` (first character in the low byte): one 16-byte
/// store, then a cut. The characters are put together in a register rather than in a stack
/// buffer, so no narrow stores are read back as a wide load (a store-forwarding stall).
#[inline(always)]
fn append_word(out: &mut Vec<u8>, word: u128, len: usize) {
    let start = out.len();
    out.extend_from_slice(&word.to_le_bytes());
    out.truncate(start + len.min(16));
}

/// Appends the decimal digits of `u` (`0`, `8560`, `18446744073709551615`).
#[inline]
pub fn push(out: &mut Vec<u8>, u: u64) {
    let digits = count(u);
    if digits > 15 {
        return push_long(out, u, usize::MAX);
    }
    let (mut rest, mut word) = (u, 0u128);
    while rest >= 1000 {
        word = (word << 24) | u128::from(group(rest % 1000) >> 8);
        rest /= 1000;
    }
    let n = count(rest);
    word = (word << (8 * n)) | u128::from(lead(rest));
    append_word(out, word, digits);
}

/// Appends the digits of `u` grouped by threes with a space (`12 345`, `1 000 000`) when
/// there are at least `from` of them, else as [`push`] does (the reader's texts group from
/// [`GROUP_FROM`]).
#[inline]
pub fn push_grouped(out: &mut Vec<u8>, u: u64, from: usize) {
    let digits = count(u);
    if digits < from || digits <= 3 {
        return push(out, u);
    }
    if digits > 12 {
        return push_long(out, u, from);
    }
    let (mut rest, mut word, mut len) = (u, 0u128, 0usize);
    while rest >= 1000 {
        word = (word << 32) | u128::from(group(rest % 1000));
        rest /= 1000;
        len += 4;
    }
    let n = count(rest);
    word = (word << (8 * n)) | u128::from(lead(rest));
    append_word(out, word, len + n);
}

/// The digits of one number both plain and grouped, each in a register (see [`words`]).
#[derive(Clone, Copy, Debug)]
pub struct Words {
    plain: u128,
    plain_len: usize,
    grouped: u128,
    grouped_len: usize,
}

impl Words {
    /// Appends the plain digits (as [`push`]).
    #[inline(always)]
    pub fn push_plain(&self, out: &mut Vec<u8>) {
        append_word(out, self.plain, self.plain_len);
    }

    /// Appends the grouped digits (as [`push_grouped`] with the `from` given to [`words`]).
    #[inline(always)]
    pub fn push_grouped(&self, out: &mut Vec<u8>) {
        append_word(out, self.grouped, self.grouped_len);
    }
}

/// The digits of `u` plain and grouped from `from` digits, computed in one pass (for a
/// value written both as JSON and as Swedish text); `None` for more than 12 digits.
#[inline]
pub fn words(u: u64, from: usize) -> Option<Words> {
    let digits = count(u);
    if digits > 12 {
        return None;
    }
    let (mut rest, mut plain, mut grouped, mut groups) = (u, 0u128, 0u128, 0usize);
    while rest >= 1000 {
        let g = group(rest % 1000);
        plain = (plain << 24) | u128::from(g >> 8);
        grouped = (grouped << 32) | u128::from(g);
        rest /= 1000;
        groups += 1;
    }
    let n = count(rest);
    let lead = u128::from(lead(rest));
    let plain = (plain << (8 * n)) | lead;
    let (grouped, grouped_len) = if digits < from {
        (plain, digits)
    } else {
        ((grouped << (8 * n)) | lead, digits + groups)
    };
    Some(Words {
        plain,
        plain_len: digits,
        grouped,
        grouped_len,
    })
}

/// [`push_grouped`] for numbers too long for one register (grouped from `from` digits;
/// `usize::MAX`: never), through a stack buffer.
#[inline(never)]
fn push_long(out: &mut Vec<u8>, u: u64, from: usize) {
    let mut buf = [0u8; BUF];
    let mut i = BUF;
    let mut rest = u;
    let grouped = count(u) >= from;
    while let Some(slot) = i.checked_sub(1).and_then(|j| buf.get_mut(j)) {
        *slot = b'0' + (rest % 10) as u8;
        i -= 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
        if grouped && (BUF - i) % 4 == 3 {
            if let Some(slot) = i.checked_sub(1).and_then(|j| buf.get_mut(j)) {
                *slot = b' ';
            }
            i -= 1;
        }
    }
    out.extend_from_slice(buf.get(i..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain grouping of `format.rs`, as the reference.
    fn reference(u: u64, from: usize) -> String {
        let digits = u.to_string();
        if digits.len() < from {
            return digits;
        }
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn digits_and_groups_as_the_plain_way_writes_them() {
        let mut samples = vec![
            0u64, 1, 9, 10, 99, 100, 999, 1000, 1234, 9999, 10_000, 12_345,
        ];
        let mut p = 1u64;
        for _ in 0..19 {
            p *= 10;
            samples.extend([p - 1, p, p + 1, p / 3, p / 7 * 5]);
        }
        samples.extend([u64::MAX, u64::MAX - 1, i64::MAX as u64, 1 << 63]);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            samples.push(seed >> (seed % 64));
        }
        for u in samples {
            let mut out = b"x".to_vec();
            push(&mut out, u);
            assert_eq!(&out[1..], u.to_string().as_bytes());
            assert_eq!(count(u), u.to_string().len());
            for from in [0, 4, 5, 21] {
                let mut out = b"x".to_vec();
                push_grouped(&mut out, u, from);
                assert_eq!(
                    String::from_utf8(out[1..].to_vec()).unwrap(),
                    reference(u, from),
                    "{u} from {from}"
                );
                match words(u, from) {
                    Some(w) => {
                        let mut out = b"x".to_vec();
                        w.push_plain(&mut out);
                        out.push(b'|');
                        w.push_grouped(&mut out);
                        let want = format!("x{u}|{}", reference(u, from));
                        assert_eq!(String::from_utf8(out).unwrap(), want);
                    }
                    None => assert!(count(u) > 12),
                }
            }
        }
    }
}
