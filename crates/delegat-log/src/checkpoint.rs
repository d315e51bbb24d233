//! [`Checkpoint`]: the head of a log as a short text the nämnd can minute in its protocol,
//! and reading it back.
//!
//! ```text
//! Delegat beslutslogg, kontrollpunkt
//! antal beslut: 1000000
//! sista kvitto: 0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b
//! kedja: 3f2a…(64 hex digits)
//! tidpunkt: 2026-12-06T18:00:00Z
//! ```

use std::fmt;

use crate::chain;
use crate::id::ReceiptId;
use crate::record::{Digest32, hex};
use crate::verify::Head;

/// A log's head at a moment: a later log must extend it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The number of records.
    pub count: u64,
    /// The last record's receipt (`None` for an empty log).
    pub last: Option<ReceiptId>,
    /// The chain hash after the last record.
    pub chain: Digest32,
    /// When the checkpoint was taken.
    pub time: jiff::Timestamp,
}

/// Why a checkpoint text cannot be read (E0515).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointError(pub String);

impl fmt::Display for CheckpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "kontrollpunkten kan inte läsas: {}", self.0)
    }
}

impl std::error::Error for CheckpointError {}

impl CheckpointError {
    /// The stable code.
    pub fn code(&self) -> delegat_diagnostics::Code {
        delegat_diagnostics::Code::E0515
    }
}

const TITLE: &str = "Delegat beslutslogg, kontrollpunkt";

impl Checkpoint {
    /// The checkpoint of a head, taken now.
    pub fn of(head: &Head) -> Checkpoint {
        Checkpoint {
            count: head.count,
            last: head.last,
            chain: head.chain,
            time: jiff::Timestamp::from_second(jiff::Timestamp::now().as_second())
                .unwrap_or(jiff::Timestamp::UNIX_EPOCH),
        }
    }

    /// Reads the text [`Checkpoint`]'s `Display` writes (other lines, such as a protocol's
    /// paragraph around it, are ignored).
    pub fn parse(text: &str) -> Result<Checkpoint, CheckpointError> {
        let mut count = None;
        let mut last = None;
        let mut chain = None;
        let mut time = None;
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "antal beslut" => {
                    count = Some(value.parse::<u64>().map_err(|_| {
                        CheckpointError(format!("`{value}` är inget antal beslut"))
                    })?);
                }
                "sista kvitto" => {
                    last =
                        Some(if value == "–" || value == "-" {
                            None
                        } else {
                            Some(ReceiptId::parse(value).ok_or_else(|| {
                                CheckpointError(format!("`{value}` är inget kvitto"))
                            })?)
                        });
                }
                "kedja" => {
                    chain = Some(parse_hex(value).ok_or_else(|| {
                        CheckpointError(format!("`{value}` är ingen kontrollsumma (64 hexsiffror)"))
                    })?);
                }
                "tidpunkt" => {
                    time = value.parse::<jiff::Timestamp>().ok();
                }
                _ => {}
            }
        }
        let missing = |what: &str| CheckpointError(format!("raden `{what}: …` saknas"));
        let cp = Checkpoint {
            count: count.ok_or_else(|| missing("antal beslut"))?,
            last: last.ok_or_else(|| missing("sista kvitto"))?,
            chain: chain.ok_or_else(|| missing("kedja"))?,
            time: time.unwrap_or(jiff::Timestamp::UNIX_EPOCH),
        };
        if (cp.count == 0) != cp.last.is_none() {
            return Err(CheckpointError(
                "antalet beslut och det sista kvittot stämmer inte med varandra".into(),
            ));
        }
        if cp.count == 0 && cp.chain != chain::GENESIS {
            return Err(CheckpointError("en tom logg har kedjan 000…0".into()));
        }
        Ok(cp)
    }
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{TITLE}")?;
        writeln!(f, "antal beslut: {}", self.count)?;
        match self.last {
            Some(id) => writeln!(f, "sista kvitto: {id}")?,
            None => writeln!(f, "sista kvitto: –")?,
        }
        writeln!(f, "kedja: {}", hex(&self.chain))?;
        writeln!(f, "tidpunkt: {}", self.time)
    }
}

fn parse_hex(text: &str) -> Option<Digest32> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_reads_back_from_its_text_inside_a_protocol() {
        let cp = Checkpoint {
            count: 42,
            last: ReceiptId::parse("0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b"),
            chain: [0xab; 32],
            time: "2026-12-06T18:00:00Z".parse().unwrap(),
        };
        let text = format!("§ 12 Beslutsloggen\n\n{cp}\nNämnden noterar kontrollpunkten.\n");
        assert_eq!(Checkpoint::parse(&text), Ok(cp.clone()));
        assert!(
            cp.to_string()
                .contains(&format!("kedja: {}", "ab".repeat(32)))
        );
        let empty = Checkpoint::of(&Head {
            count: 0,
            last: None,
            chain: chain::GENESIS,
        });
        assert_eq!(Checkpoint::parse(&empty.to_string()).unwrap().count, 0);
    }

    #[test]
    fn a_damaged_checkpoint_is_refused_with_the_reason() {
        let good = "antal beslut: 1\nsista kvitto: 0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b\nkedja: ";
        let e = Checkpoint::parse(&format!("{good}abc")).unwrap_err();
        assert!(e.to_string().contains("ingen kontrollsumma"), "{e}");
        assert_eq!(e.code().as_str(), "E0515");
        let e = Checkpoint::parse("antal beslut: 1\n").unwrap_err();
        assert!(e.to_string().contains("sista kvitto"), "{e}");
        let e = Checkpoint::parse(&format!(
            "antal beslut: 0\nsista kvitto: 0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b\nkedja: {}",
            "0".repeat(64)
        ))
        .unwrap_err();
        assert!(e.to_string().contains("stämmer inte"), "{e}");
    }
}
