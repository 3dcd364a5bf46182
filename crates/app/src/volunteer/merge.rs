//! Duplicates already registered (two records of one volunteer, typed apart before the
//! ID number was checked, or imported twice under a mistyped number): the office keeps one
//! and merges the other into it. Nothing in any ledger is rewritten; the merged record's
//! entries count for the record kept, and the merged one is closed.

use std::collections::HashMap;

use chrono::Utc;
use domain::Violation;
use store::entity::volunteer;
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};

use super::Access;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

impl App {
    /// Merges the volunteer numbered `merged` into `kept`: both kept by the actor's office,
    /// both not merged already, and not the same record.
    pub async fn merge_volunteers(&self, actor: &Actor, kept: i64, merged: &str) -> Result<(), AppError> {
        let keep = self.volunteer_for(&self.db, actor, kept, Access::Write).await?;
        let number = merged.trim();
        let other = volunteer::Entity::find().filter(volunteer::Column::Number.eq(number)).one(&self.db).await?;
        let merged = other.ok_or_else(|| AppError::invalid("merged", Violation::new("volunteer-number-unknown")))?.id;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let keep = self.volunteer_for(tx.conn(), actor, keep.id, Access::Write).await?;
        let gone = self.volunteer_for(tx.conn(), actor, merged, Access::Write).await?;
        if keep.id == gone.id {
            return Err(AppError::invalid("merged", Violation::new("merge-same")));
        }
        if keep.status == "merged" || gone.status == "merged" {
            return Err(AppError::Conflict(Violation::new("merge-merged").on("merged")));
        }
        // Records merged into the one going now follow it to the one kept.
        volunteer::Entity::update_many()
            .col_expr(volunteer::Column::MergedInto, store::sea_orm::sea_query::Expr::value(keep.id))
            .filter(volunteer::Column::MergedInto.eq(gone.id))
            .exec(tx.conn())
            .await?;
        let region = gone.region_code.clone();
        let account = gone.account_id;
        let mut row = gone.into_active_model();
        row.status = Set("merged".into());
        row.merged_into = Set(Some(keep.id));
        row.account_id = Set(None);
        row.update(tx.conn()).await?;
        if keep.account_id.is_none() && account.is_some() {
            let mut row = keep.clone().into_active_model();
            row.account_id = Set(account);
            row.update(tx.conn()).await?;
        }
        let after = serde_json::json!({ "merged_into": keep.id, "at": Utc::now() });
        tx.record(Change::new("merge", "volunteer", merged, &region).after(&after)).await?;
        tx.commit().await
    }
}

/// The records whose entries count for `id`: itself and those merged into it.
pub(crate) async fn merged_family(db: &impl ConnectionTrait, id: i64) -> Result<Vec<i64>, AppError> {
    Ok(merged_families(db, &[id]).await?.into_keys().collect())
}

/// The records whose entries count for each of `ids`, in one query: every record (those
/// given, and those merged into them) with the one of `ids` it counts for.
pub(crate) async fn merged_families(db: &impl ConnectionTrait, ids: &[i64]) -> Result<HashMap<i64, i64>, AppError> {
    let merged = volunteer::Entity::find().filter(volunteer::Column::MergedInto.is_in(ids.to_vec())).all(db).await?;
    let merged = merged.into_iter().filter_map(|v| Some((v.id, v.merged_into?)));
    Ok(ids.iter().map(|id| (*id, *id)).chain(merged).collect())
}
