//! Evaluation 1A–5A (4D): each registrar's standard per year (indicators and cut-offs as
//! data), the evaluations with their scores, notice period and review, and the sanctions
//! (penalties, investigations) eligibility depends on.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            Table::create()
                .table("evaluation_standards")
                .col(big_pk_auto("id"))
                .col(string("authority_code"))
                .col(integer("year"))
                .col(text("standard"))
                .col(integer("notice_days"))
                .foreign_key(&mut foreign_key(("evaluation_standards", "authority_code"), ("regions", "code")))
                .to_owned(),
            Table::create()
                .table("evaluations")
                .col(big_pk_auto("id"))
                .col(big_integer("organization_id"))
                .col(big_integer("standard_id"))
                .col(date("applied_on"))
                .col(string("status"))
                .col(text_null("scores"))
                .col(integer_null("total"))
                .col(string_null("grade"))
                .col(date_null("notice_ends_on"))
                .col(text_null("review_reason"))
                .col(date_null("granted_on"))
                .foreign_key(&mut foreign_key(("evaluations", "organization_id"), ("organizations", "id")))
                .foreign_key(&mut foreign_key(("evaluations", "standard_id"), ("evaluation_standards", "id")))
                .to_owned(),
            Table::create()
                .table("org_sanctions")
                .col(big_pk_auto("id"))
                .col(big_integer("organization_id"))
                .col(string("kind"))
                .col(date("decided_on"))
                .col(date_null("closed_on"))
                .col(text("reason"))
                .foreign_key(&mut foreign_key(("org_sanctions", "organization_id"), ("organizations", "id")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("evaluation_standards", &["authority_code", "year"], true),
            index("evaluations", &["organization_id"], false),
            index("org_sanctions", &["organization_id"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
