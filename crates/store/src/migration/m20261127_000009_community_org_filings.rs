//! Community-level social organisations filed (备案) with their township instead of being
//! registered (4B).

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
                    .table("community_org_filings")
                    .col(big_pk_auto("id"))
                    .col(string("township_code"))
                    .col(string("region_code"))
                    .col(string("name"))
                    .col(string("category"))
                    .col(string("leader"))
                    .col(integer("members"))
                    .col(text("activities"))
                    .col(date("filed_on"))
                    .foreign_key(&mut foreign_key(("community_org_filings", "township_code"), ("regions", "code")))
                    .foreign_key(&mut foreign_key(("community_org_filings", "region_code"), ("regions", "code")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("community_org_filings", &["township_code", "name"], true)).await
    }
}
