//! Annual inspection (4C, 4D): each year's due date per civil-affairs authority, and the
//! annual reports with their party-building facts, the supervising unit's opinion and the
//! registrar's conclusion.

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
                .table("inspection_years")
                .col(big_pk_auto("id"))
                .col(string("authority_code"))
                .col(integer("year"))
                .col(date("due_on"))
                .foreign_key(&mut foreign_key(("inspection_years", "authority_code"), ("regions", "code")))
                .to_owned(),
            Table::create()
                .table("annual_reports")
                .col(big_pk_auto("id"))
                .col(big_integer("organization_id"))
                .col(integer("year"))
                .col(date("filed_on"))
                .col(text("activities"))
                .col(big_integer("income_fen"))
                .col(big_integer("expenditure_fen"))
                .col(big_integer("net_assets_fen"))
                .col(integer("staff"))
                .col(integer("party_members"))
                .col(string("party_form"))
                .col(text_null("unit_opinion"))
                .col(string_null("unit_reviewed_by"))
                .col(date_null("unit_reviewed_on"))
                .col(string_null("conclusion"))
                .col(string_null("concluded_by"))
                .col(date_null("concluded_on"))
                .foreign_key(&mut foreign_key(("annual_reports", "organization_id"), ("organizations", "id")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("inspection_years", &["authority_code", "year"], true),
            index("annual_reports", &["organization_id", "year"], true),
            index("annual_reports", &["year"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
