//! Applications an organisation files (4A): changes of its registration facts and
//! deregistration, reviewed by its supervising unit, then decided by civil affairs.

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
                    .table("org_applications")
                    .col(big_pk_auto("id"))
                    .col(big_integer("organization_id"))
                    .col(string("region_code"))
                    .col(big_integer("supervising_unit_id"))
                    .col(string("kind"))
                    .col(text("changes"))
                    .col(text("reason"))
                    .col(string("filed_by"))
                    .col(date("filed_on"))
                    .col(string("status"))
                    .col(text_null("unit_opinion"))
                    .col(string_null("unit_by"))
                    .col(date_null("unit_on"))
                    .col(text_null("decision_note"))
                    .col(string_null("decided_by"))
                    .col(date_null("decided_on"))
                    .foreign_key(&mut foreign_key(("org_applications", "organization_id"), ("organizations", "id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("org_applications", &["organization_id", "status"], false)).await
    }
}
