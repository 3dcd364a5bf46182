//! The one way to write: a transaction that first claims the audit chain's head (which
//! serialises writers on SQLite and PostgreSQL alike), appends one chained audit entry per
//! change, and moves the head when it commits. Dropped without commit, it rolls back.

use std::sync::Arc;

use chrono::{SecondsFormat, Utc};
use domain::audit::{EntryContent, chain_hash};
use serde::Serialize;
use store::entity::{audit_head, audit_log};
use store::sea_orm::sea_query::Expr;
use store::sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait,
};

use crate::cache::Epoch;
use crate::{Actor, App, AppError};

/// Who made a change: an account, or the system itself (seeding, scheduled jobs).
#[derive(Debug, Clone)]
pub struct Author {
    pub id: Option<i64>,
    pub name: String,
}

impl Author {
    pub fn system() -> Self {
        Self { id: None, name: "system".into() }
    }
}

impl From<&Actor> for Author {
    fn from(actor: &Actor) -> Self {
        Self { id: Some(actor.account_id), name: actor.username.clone() }
    }
}

/// One audited change.
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    pub region_code: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Change<'a> {
    pub fn new(action: &'a str, entity: &'a str, entity_id: impl ToString, region_code: &'a str) -> Self {
        Self { action, entity, entity_id: entity_id.to_string(), region_code, before: None, after: None }
    }

    pub fn before(mut self, value: &impl Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn after(mut self, value: &impl Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }
}

/// What a write transaction needs: the pool, and the epoch its commit advances.
#[derive(Clone)]
pub struct Writer {
    pub db: DatabaseConnection,
    pub epoch: Arc<Epoch>,
}

pub struct WriteTx {
    txn: DatabaseTransaction,
    epoch: Arc<Epoch>,
    author: Author,
    seq: i64,
    last_hash: String,
}

impl WriteTx {
    pub async fn begin(app: &App, author: Author) -> Result<Self, AppError> {
        Self::begin_on(&app.writer(), author).await
    }

    pub async fn begin_on(writer: &Writer, author: Author) -> Result<Self, AppError> {
        let txn = writer.db.begin().await?;
        // A write first, so SQLite takes its write lock now (waiting on busy_timeout)
        // instead of failing later on a stale read snapshot; PostgreSQL locks the row.
        // One round trip: the no-op update locks, RETURNING reads the head.
        let head = audit_head::Entity::update_many()
            .col_expr(audit_head::Column::Seq, Expr::col(audit_head::Column::Seq))
            .filter(audit_head::Column::Id.eq(1))
            .exec_with_returning(&txn)
            .await?
            .pop()
            .ok_or_else(|| AppError::Internal("audit head row is missing".into()))?;
        Ok(Self { txn, epoch: Arc::clone(&writer.epoch), author, seq: head.seq, last_hash: head.last_hash })
    }

    pub fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }

    /// Appends one chained audit entry for a change made in this transaction.
    pub async fn record(&mut self, change: Change<'_>) -> Result<(), AppError> {
        self.record_many(vec![change]).await
    }

    /// Appends chained audit entries in one statement (the hot paths write many at once).
    pub async fn record_many(&mut self, changes: Vec<Change<'_>>) -> Result<(), AppError> {
        if changes.is_empty() {
            return Ok(());
        }
        let at = Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true);
        let mut rows = Vec::with_capacity(changes.len());
        for change in changes {
            let seq = self.seq + 1;
            let before = change.before.map(|v| v.to_string()).unwrap_or_default();
            let after = change.after.map(|v| v.to_string()).unwrap_or_default();
            let content = EntryContent {
                seq,
                at: &at,
                actor: &self.author.name,
                action: change.action,
                entity: change.entity,
                entity_id: &change.entity_id,
                region_code: change.region_code,
                before: &before,
                after: &after,
            };
            let hash = chain_hash(&self.last_hash, &content);
            rows.push(audit_log::ActiveModel {
                seq: Set(seq),
                at: Set(at.clone()),
                actor_id: Set(self.author.id),
                actor: Set(self.author.name.clone()),
                action: Set(change.action.to_string()),
                entity: Set(change.entity.to_string()),
                entity_id: Set(change.entity_id.clone()),
                region_code: Set(change.region_code.to_string()),
                before: Set(before),
                after: Set(after),
                prev_hash: Set(std::mem::replace(&mut self.last_hash, hash.clone())),
                hash: Set(hash),
            });
            self.seq = seq;
        }
        for chunk in rows.chunks(500) {
            audit_log::Entity::insert_many(chunk.to_vec()).exec_without_returning(&self.txn).await?;
        }
        Ok(())
    }

    /// Undoes everything written in this transaction.
    pub async fn rollback(self) -> Result<(), AppError> {
        Ok(self.txn.rollback().await?)
    }

    pub async fn commit(self) -> Result<(), AppError> {
        audit_head::Entity::update_many()
            .col_expr(audit_head::Column::Seq, Expr::value(self.seq))
            .col_expr(audit_head::Column::LastHash, Expr::value(self.last_hash))
            .filter(audit_head::Column::Id.eq(1))
            .exec(&self.txn)
            .await?;
        self.txn.commit().await?;
        // After the commit, never before: a reader that saw the old epoch re-reads.
        self.epoch.advance_to(self.seq);
        Ok(())
    }
}
