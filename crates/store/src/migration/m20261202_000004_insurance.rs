//! Social workers' monthly social-insurance contributions (5B), one row a worker and month.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("social_worker_contributions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("social_worker_id"))
                    .col(string("region_code"))
                    .col(date("month"))
                    .col(big_integer("due_fen"))
                    .col(big_integer("paid_fen"))
                    .col(date_null("paid_on"))
                    .col(string("recorded_by"))
                    .foreign_key(&mut foreign_key(
                        ("social_worker_contributions", "social_worker_id"),
                        ("social_workers", "id"),
                    ))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("social_worker_contributions", &["social_worker_id", "month"], true)).await
    }
}
