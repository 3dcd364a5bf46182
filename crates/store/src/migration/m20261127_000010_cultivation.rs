//! Cultivation (4B): incubation bases and the groups they host, and development-fund
//! support granted to organisations.

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
                .table("incubation_bases")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(string("name"))
                .col(string("operator"))
                .col(string("address"))
                .col(date("opened_on"))
                .foreign_key(&mut foreign_key(("incubation_bases", "region_code"), ("regions", "code")))
                .to_owned(),
            Table::create()
                .table("incubation_stays")
                .col(big_pk_auto("id"))
                .col(big_integer("base_id"))
                .col(string("name"))
                .col(big_integer_null("organization_id"))
                .col(date("entered_on"))
                .col(date_null("graduated_on"))
                .col(string_null("outcome"))
                .col(text("note"))
                .foreign_key(&mut foreign_key(("incubation_stays", "base_id"), ("incubation_bases", "id")))
                .foreign_key(&mut foreign_key(("incubation_stays", "organization_id"), ("organizations", "id")))
                .to_owned(),
            Table::create()
                .table("fund_supports")
                .col(big_pk_auto("id"))
                .col(big_integer("organization_id"))
                .col(big_integer("amount_fen"))
                .col(text("purpose"))
                .col(date("granted_on"))
                .col(text_null("result"))
                .col(date_null("result_on"))
                .foreign_key(&mut foreign_key(("fund_supports", "organization_id"), ("organizations", "id")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("incubation_bases", &["region_code", "name"], true),
            index("incubation_stays", &["base_id"], false),
            index("incubation_stays", &["name"], false),
            index("fund_supports", &["organization_id"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
