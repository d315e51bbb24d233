//! [`ReceiptId`]: a time-sortable receipt id, a UUIDv7 (RFC 9562): its first 48 bits are
//! the Unix time in milliseconds at which the decision was logged.

use std::fmt;

use uuid::Uuid;

/// The id of a logged decision: a UUIDv7, written `0193a1b2-…`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReceiptId(Uuid);

impl ReceiptId {
    /// A new id for now, greater than `after` (ids grow with the log even when the clock
    /// steps back or many are made in one millisecond). Within the millisecond of `after`
    /// it is `after` plus one (RFC 9562's monotonic counter in the random bits), so the
    /// system's random source is asked once a millisecond at most, not once a decision.
    pub(crate) fn next(after: Option<ReceiptId>) -> ReceiptId {
        if let Some(prev) = after {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            if u128::try_from(prev.unix_ms()).unwrap_or(0) >= now {
                return ReceiptId(Uuid::from_u128(prev.0.as_u128() + 1));
            }
        }
        let id = Uuid::now_v7();
        match after {
            Some(prev) if id <= prev.0 => ReceiptId(Uuid::from_u128(prev.0.as_u128() + 1)),
            _ => ReceiptId(id),
        }
    }

    /// The id of its 16 bytes.
    pub fn from_bytes(bytes: [u8; 16]) -> ReceiptId {
        ReceiptId(Uuid::from_bytes(bytes))
    }

    /// Its 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }

    /// Reads an id as written (`0193a1b2-…`, with or without hyphens).
    pub fn parse(text: &str) -> Option<ReceiptId> {
        Uuid::try_parse(text.trim()).ok().map(ReceiptId)
    }

    /// The Unix time in milliseconds it was made.
    pub fn unix_ms(&self) -> i64 {
        let b = self.0.as_bytes();
        let mut ms: i64 = 0;
        for byte in b.iter().take(6) {
            ms = (ms << 8) | i64::from(*byte);
        }
        ms
    }

    /// The smallest id of the millisecond `ms` (for ranges by time).
    pub fn first_of_ms(ms: i64) -> ReceiptId {
        let ms = u128::try_from(ms.max(0)).unwrap_or(0) & ((1 << 48) - 1);
        ReceiptId(Uuid::from_u128(ms << 80))
    }

    /// The smallest id of the day `date` (from 00:00 UTC).
    pub fn first_of_day(date: delegat::Date) -> ReceiptId {
        ReceiptId::first_of_ms(i64::from(date.days()) * 86_400_000)
    }

    /// The time it was made.
    pub fn time(&self) -> jiff::Timestamp {
        jiff::Timestamp::from_millisecond(self.unix_ms()).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

impl fmt::Display for ReceiptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.hyphenated().encode_lower(&mut Uuid::encode_buffer()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_grow_and_carry_their_time() {
        let a = ReceiptId::next(None);
        let b = ReceiptId::next(Some(a));
        assert!(b > a);
        let far = ReceiptId::from_bytes([0xff; 16]);
        let c = ReceiptId::next(Some(ReceiptId::from_bytes([
            0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, 0,
        ])));
        assert!(c < far);
        let now = jiff::Timestamp::now().as_millisecond();
        assert!((a.unix_ms() - now).abs() < 60_000);
        assert_eq!(ReceiptId::parse(&a.to_string()), Some(a));
        assert_eq!(ReceiptId::first_of_ms(a.unix_ms()).unix_ms(), a.unix_ms());
        assert!(ReceiptId::first_of_ms(a.unix_ms()) <= a);
    }
}
