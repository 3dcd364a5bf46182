//! The tamper-evident audit chain: each entry's hash covers its content and the previous
//! entry's hash, so editing or deleting any row breaks every hash after it.

use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields an audit entry's hash covers, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryContent<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub region_code: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

/// SHA-256 over the previous hash and every field, each length-prefixed so no two
/// different entries can serialise alike.
pub fn chain_hash(prev_hash: &str, entry: &EntryContent<'_>) -> String {
    let mut hasher = Sha256::new();
    let seq = entry.seq.to_string();
    for field in [
        prev_hash,
        &seq,
        entry.at,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.region_code,
        entry.before,
        entry.after,
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(after: &str) -> EntryContent<'_> {
        EntryContent {
            seq: 1,
            at: "2026-11-26T10:00:00Z",
            actor: "admin",
            action: "update",
            entity: "community",
            entity_id: "1",
            region_code: "330402007024",
            before: "{}",
            after,
        }
    }

    #[test]
    fn any_change_of_content_or_predecessor_changes_the_hash() {
        let h = chain_hash(GENESIS, &entry("{\"a\":1}"));
        assert_eq!(h.len(), 64);
        assert_ne!(h, chain_hash(GENESIS, &entry("{\"a\":2}")));
        assert_ne!(h, chain_hash(&h, &entry("{\"a\":1}")));
        assert_eq!(h, chain_hash(GENESIS, &entry("{\"a\":1}")));
    }

    #[test]
    fn moving_text_between_fields_changes_the_hash() {
        let mut a = entry("x");
        a.before = "ab";
        let mut b = entry("bx");
        b.before = "a";
        assert_ne!(chain_hash(GENESIS, &a), chain_hash(GENESIS, &b));
    }
}
