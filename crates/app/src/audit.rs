//! Reading the audit trail: verifying the hash chain and browsing entries within scope.

use domain::audit::{EntryContent, GENESIS, chain_hash};
use domain::identity::Permission;
use serde::Serialize;
use store::entity::{audit_head, audit_log};
use store::sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use utoipa::ToSchema;

use crate::paging::{PageRequest, PageSpan};
use crate::{Actor, App, AppError};

/// Where the chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: &'static str,
}

/// One entry of the trail as stored, with the hashes that chain it to the one before.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    /// RFC 3339, UTC: the exact text that was hashed.
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub region_code: String,
    /// The record before the change, as JSON text ("" for a creation).
    pub before: String,
    /// The record after the change, as JSON text.
    pub after: String,
    pub prev_hash: String,
    pub hash: String,
}

impl From<audit_log::Model> for AuditEntry {
    fn from(row: audit_log::Model) -> Self {
        Self {
            seq: row.seq,
            at: row.at,
            actor_id: row.actor_id,
            actor: row.actor,
            action: row.action,
            entity: row.entity,
            entity_id: row.entity_id,
            region_code: row.region_code,
            before: row.before,
            after: row.after,
            prev_hash: row.prev_hash,
            hash: row.hash,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    #[serde(flatten)]
    pub span: PageSpan,
}

impl App {
    /// Recomputes every hash in order. Edited rows fail their own hash, deleted rows leave
    /// a gap in the sequence, and a deleted tail no longer reaches the stored head.
    pub async fn verify_audit_chain(&self) -> Result<Result<i64, ChainBreak>, AppError> {
        let mut expected_seq = 1;
        let mut prev = GENESIS.to_string();
        let mut pages = audit_log::Entity::find().order_by_asc(audit_log::Column::Seq).paginate(&self.db, 1000);
        while let Some(batch) = pages.fetch_and_next().await? {
            for row in batch {
                if row.seq != expected_seq {
                    return Ok(Err(ChainBreak { seq: expected_seq, reason: "missing" }));
                }
                let content = EntryContent {
                    seq: row.seq,
                    at: &row.at,
                    actor: &row.actor,
                    action: &row.action,
                    entity: &row.entity,
                    entity_id: &row.entity_id,
                    region_code: &row.region_code,
                    before: &row.before,
                    after: &row.after,
                };
                if row.prev_hash != prev || chain_hash(&prev, &content) != row.hash {
                    return Ok(Err(ChainBreak { seq: row.seq, reason: "altered" }));
                }
                prev = row.hash;
                expected_seq += 1;
            }
        }
        let head = audit_head::Entity::find_by_id(1).one(&self.db).await?;
        match head {
            Some(head) if head.seq == expected_seq - 1 && head.last_hash == prev => Ok(Ok(expected_seq - 1)),
            _ => Ok(Err(ChainBreak { seq: expected_seq, reason: "missing" })),
        }
    }

    /// Entries about regions inside the actor's audit scope, newest first.
    pub async fn audit_entries(&self, actor: &Actor, filter: &str, page: PageRequest) -> Result<AuditPage, AppError> {
        let scopes = actor.regions_with(Permission::ReadAudit);
        if scopes.is_empty() {
            return Err(AppError::NotFound);
        }
        let tree = self.regions();
        let mut within = Condition::any();
        for scope in scopes {
            // The scope itself and everything below it, by the stored paths.
            let codes = tree.get(scope).map(|node| tree.codes_with_path_prefix(&node.path)).unwrap_or_default();
            within = within.add(audit_log::Column::RegionCode.is_in(codes));
        }
        let mut query = audit_log::Entity::find().filter(within);
        let filter = filter.trim();
        if !filter.is_empty() {
            query = query.filter(
                Condition::any()
                    .add(audit_log::Column::Actor.eq(filter))
                    .add(audit_log::Column::Entity.eq(filter))
                    .add(audit_log::Column::Action.eq(filter))
                    .add(audit_log::Column::RegionCode.eq(filter)),
            );
        }
        let span = PageSpan::new(page, 50, query.clone().count(&self.db).await?);
        let paginator = query.order_by_desc(audit_log::Column::Seq).paginate(&self.db, span.size);
        let entries = paginator.fetch_page(span.page).await?.into_iter().map(AuditEntry::from).collect();
        Ok(AuditPage { entries, span })
    }
}
