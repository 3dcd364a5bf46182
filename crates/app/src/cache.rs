//! Read caches that never serve data older than the last write this process knows of.
//!
//! Every write commits through `WriteTx`, which advances the audit chain's `seq`; the
//! *epoch* is the highest `seq` seen. A cached value is tagged with the epoch read before
//! it was loaded and is used only while the epoch is unchanged, so a write invalidates every
//! cache at once. A local commit advances the epoch immediately (read-your-writes); writes
//! by other processes (a second server on PostgreSQL, a CLI import) are seen by polling the
//! head row, twice a second.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use store::entity::audit_head;
use store::sea_orm::{DatabaseConnection, EntityTrait};

#[derive(Default)]
pub struct Epoch(AtomicI64);

impl Epoch {
    pub fn current(&self) -> i64 {
        self.0.load(Ordering::Acquire)
    }

    pub fn advance_to(&self, seq: i64) {
        self.0.fetch_max(seq, Ordering::AcqRel);
    }
}

/// Follows the head row so writes of other processes invalidate this one's caches.
pub fn follow_writes(db: DatabaseConnection, epoch: std::sync::Arc<Epoch>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tick.tick().await;
            if let Ok(Some(head)) = audit_head::Entity::find_by_id(1).one(&db).await {
                epoch.advance_to(head.seq);
            }
        }
    });
}

/// A bounded map of values valid for one epoch each.
pub struct EpochCache<K, V> {
    entries: RwLock<HashMap<K, (i64, V)>>,
    capacity: usize,
}

impl<K: Hash + Eq, V: Clone> EpochCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        Self { entries: RwLock::new(HashMap::new()), capacity }
    }

    pub fn get(&self, key: &K, epoch: i64) -> Option<V> {
        let entries = self.entries.read().ok()?;
        entries.get(key).filter(|(filled, _)| *filled == epoch).map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, epoch: i64, value: V) {
        if let Ok(mut entries) = self.entries.write() {
            // Crude but bounded: a full cache starts over rather than grow.
            if entries.len() >= self.capacity {
                entries.clear();
            }
            entries.insert(key, (epoch, value));
        }
    }

    pub fn remove(&self, key: &K) {
        if let Ok(mut entries) = self.entries.write() {
            entries.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_served_only_in_the_epoch_it_was_filled() {
        let cache = EpochCache::new(10);
        cache.put("a", 7, 1);
        assert_eq!(cache.get(&"a", 7), Some(1));
        assert_eq!(cache.get(&"a", 8), None);
    }

    #[test]
    fn the_epoch_only_moves_forward() {
        let epoch = Epoch::default();
        epoch.advance_to(5);
        epoch.advance_to(3);
        assert_eq!(epoch.current(), 5);
    }

    #[test]
    fn a_full_cache_stays_within_its_capacity() {
        let cache = EpochCache::new(2);
        for i in 0..5 {
            cache.put(i, 0, i);
        }
        assert!(cache.entries.read().unwrap().len() <= 2);
        assert_eq!(cache.get(&4, 0), Some(4));
    }
}
