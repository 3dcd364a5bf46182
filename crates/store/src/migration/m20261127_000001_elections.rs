//! Committee elections (3B): unified term elections, each community's election, voters.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("persons")
                    .add_column(boolean("deprived_of_political_rights").default(false))
                    .to_owned(),
            )
            .await?;
        let tables = [
            Table::create()
                .table("unified_elections")
                .col(big_pk_auto("id"))
                .col(string("name"))
                .col(string("region_code"))
                .col(integer("term"))
                .col(date("vote_date"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("unified_elections", "region_code"), ("regions", "code")))
                .to_owned(),
            Table::create()
                .table("elections")
                .col(big_pk_auto("id"))
                .col(big_integer("unified_id"))
                .col(string("region_code"))
                .col(string("committee"))
                .col(string("method"))
                .col(string("electorate"))
                .col(text("posts"))
                .col(text("count_rules"))
                .col(text("schedule_rules"))
                .col(date("vote_date"))
                .col(date_null("register_published_on"))
                .foreign_key(&mut foreign_key(("elections", "unified_id"), ("unified_elections", "id")))
                .foreign_key(&mut foreign_key(("elections", "region_code"), ("communities", "region_code")))
                .to_owned(),
            Table::create()
                .table("voters")
                .col(big_pk_auto("id"))
                .col(big_integer("election_id"))
                .col(big_integer("person_id"))
                .foreign_key(&mut foreign_key(("voters", "election_id"), ("elections", "id")))
                .foreign_key(&mut foreign_key(("voters", "person_id"), ("persons", "id")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("elections", &["unified_id", "region_code"], true),
            index("elections", &["region_code"], false),
            index("voters", &["election_id", "person_id"], true),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["voters", "elections", "unified_elections"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table("persons").drop_column("deprived_of_political_rights").to_owned())
            .await
    }
}
