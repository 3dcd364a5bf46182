//! The hours ledger: append-only and hash-chained per organisation. An entry is never
//! edited; a correction is a new entry naming the one it corrects, and it replaces that
//! entry's minutes. Each entry's hash covers its content and the previous entry's hash, so
//! changing any row breaks its hash and every one after it; an organisation's chain head,
//! published daily, lets anyone holding an old head check that nothing before it changed.

use sha2::{Digest, Sha256};

/// The hash before an organisation's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry's hash covers, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1, 2, 3… within the organisation's chain.
    pub seq: i64,
    pub volunteer_id: i64,
    /// When the service began, as written (RFC 3339, server time).
    pub started_at: String,
    /// Actual service, whole minutes (corrections may set 0).
    pub minutes: i64,
    /// What wrote it (`Source`).
    pub source: String,
    /// The entry this one corrects, by its `seq`.
    pub corrects: Option<i64>,
    pub description: String,
    pub recorded_at: String,
}

/// SHA-256 over the previous hash and every field, each length-prefixed.
pub fn entry_hash(prev_hash: &str, e: &Entry) -> String {
    let mut hasher = Sha256::new();
    let (seq, volunteer, minutes) = (e.seq.to_string(), e.volunteer_id.to_string(), e.minutes.to_string());
    let corrects = e.corrects.map(|c| c.to_string()).unwrap_or_default();
    for field in
        [prev_hash, &seq, &volunteer, &e.started_at, &minutes, &e.source, &corrects, &e.description, &e.recorded_at]
    {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// Why a chain does not verify: the first entry whose stored hash is not what its content
/// and its predecessor give, or whose number is out of sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Broken {
    pub seq: i64,
}

/// Checks a chain stored as (entry, stored hash), in order; the head hash when it holds.
pub fn verify(chain: &[(Entry, String)]) -> Result<String, Broken> {
    let mut prev = GENESIS.to_string();
    for (expected, (entry, stored)) in (1..).zip(chain) {
        if entry.seq != expected || entry_hash(&prev, entry) != *stored {
            return Err(Broken { seq: entry.seq });
        }
        prev = stored.clone();
    }
    Ok(prev)
}

/// What wrote an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A check-out after a QR check-in: unconfirmed until the organiser confirms it.
    Qr,
    /// Service the organiser entered.
    Organiser,
    /// A row of an imported file of past service.
    Import,
    /// The organiser's confirmation of a QR entry, with the minutes it confirms.
    Confirmation,
    /// A correction of an earlier entry, with the minutes that replace its own.
    Correction,
}

impl Source {
    pub const ALL: [Source; 5] = [Self::Qr, Self::Organiser, Self::Import, Self::Confirmation, Self::Correction];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qr => "qr",
            Self::Organiser => "organiser",
            Self::Import => "import",
            Self::Confirmation => "confirmation",
            Self::Correction => "correction",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether an entry of this source counts by itself; a QR entry counts only through
    /// the confirmation that names it.
    pub fn confirmed(self) -> bool {
        self != Self::Qr
    }
}

/// Whether an entry counts towards a volunteer's hours, stars and proofs: confirmed, and
/// not replaced by a later entry that corrects (or confirms) it.
pub fn counts(entry: &Entry, corrected: &[i64]) -> bool {
    Source::parse(&entry.source).is_some_and(Source::confirmed) && !corrected.contains(&entry.seq)
}

/// A volunteer's confirmed minutes in one organiser's chain as it stands (a correction is
/// corrected by correcting the correction).
pub fn effective_minutes(entries: &[Entry], volunteer_id: i64) -> i64 {
    let corrected: Vec<i64> = entries.iter().filter_map(|e| e.corrects).collect();
    entries.iter().filter(|e| e.volunteer_id == volunteer_id && counts(e, &corrected)).map(|e| e.minutes).sum()
}

/// Whether `target` may be corrected: it is in the chain and nothing corrects it yet, so
/// each entry has at most one correction and the latest word is always one entry.
pub fn check_correction(entries: &[Entry], target: i64) -> Result<(), crate::Violation> {
    if !entries.iter().any(|e| e.seq == target) {
        return Err(crate::Violation::new("ledger-entry-unknown"));
    }
    match entries.iter().find(|e| e.corrects == Some(target)) {
        Some(by) => Err(crate::Violation::new("ledger-entry-corrected").with("seq", by.seq)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: i64, minutes: i64, corrects: Option<i64>) -> Entry {
        Entry {
            seq,
            volunteer_id: 7,
            started_at: format!("2026-11-0{seq}T09:00:00+08:00"),
            minutes,
            source: "organiser".into(),
            corrects,
            description: "社区助老".into(),
            recorded_at: "2026-11-30T10:00:00+08:00".into(),
        }
    }

    fn chained(entries: Vec<Entry>) -> Vec<(Entry, String)> {
        let mut prev = GENESIS.to_string();
        entries
            .into_iter()
            .map(|e| {
                prev = entry_hash(&prev, &e);
                (e, prev.clone())
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_verifies_to_its_head_and_an_edited_entry_is_named() {
        let chain = chained(vec![entry(1, 120, None), entry(2, 90, None), entry(3, 60, None)]);
        assert_eq!(verify(&chain), Ok(chain[2].1.clone()));
        let mut edited = chain.clone();
        edited[1].0.minutes = 900;
        assert_eq!(verify(&edited), Err(Broken { seq: 2 }));
        let mut removed = chain.clone();
        removed.remove(1);
        assert_eq!(verify(&removed), Err(Broken { seq: 3 }));
    }

    #[test]
    fn a_correction_replaces_the_minutes_of_the_entry_it_names() {
        let entries = vec![entry(1, 120, None), entry(2, 90, None), entry(3, 30, Some(2))];
        assert_eq!(effective_minutes(&entries, 7), 150);
        let again = [entries.clone(), vec![entry(4, 0, Some(3))]].concat();
        assert_eq!(effective_minutes(&again, 7), 120, "the correction corrected");
        assert_eq!(effective_minutes(&entries, 8), 0);
    }

    #[test]
    fn a_qr_entry_counts_only_once_confirmed_and_with_the_confirmed_minutes() {
        let scanned = Entry { source: "qr".into(), ..entry(1, 125, None) };
        assert_eq!(effective_minutes(std::slice::from_ref(&scanned), 7), 0, "unconfirmed");
        let confirmed = Entry { source: "confirmation".into(), ..entry(2, 120, Some(1)) };
        assert_eq!(effective_minutes(&[scanned, confirmed], 7), 120);
    }

    #[test]
    fn an_entry_is_corrected_once_and_only_if_it_exists() {
        let entries = vec![entry(1, 120, None), entry(2, 90, None), entry(3, 30, Some(2))];
        assert!(check_correction(&entries, 1).is_ok());
        assert!(check_correction(&entries, 3).is_ok());
        let twice = check_correction(&entries, 2).unwrap_err();
        assert_eq!((twice.code, twice.arg("seq")), ("ledger-entry-corrected", Some("3")));
        assert_eq!(check_correction(&entries, 9).unwrap_err().code, "ledger-entry-unknown");
    }
}
