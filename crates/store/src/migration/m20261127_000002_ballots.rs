//! Phone ballots (3B): voting codes, the marks of who voted, and secret ballot slots.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("voters").add_column(string_null("code_hash")).to_owned()).await?;
        manager.alter_table(Table::alter().table("elections").add_column(text_null("result")).to_owned()).await?;
        manager.create_index(index("voters", &["code_hash"], true)).await?;
        manager
            .create_table(
                Table::create()
                    .table("ballot_marks")
                    .col(big_integer("voter_id").primary_key())
                    .col(big_integer("election_id"))
                    .foreign_key(&mut foreign_key(("ballot_marks", "voter_id"), ("voters", "id")))
                    .foreign_key(&mut foreign_key(("ballot_marks", "election_id"), ("elections", "id")))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("ballots")
                    .col(string("id").primary_key())
                    .col(big_integer("election_id"))
                    .col(text_null("content"))
                    .foreign_key(&mut foreign_key(("ballots", "election_id"), ("elections", "id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("ballot_marks", &["election_id"], false)).await?;
        manager.create_index(index("ballots", &["election_id"], false)).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            // Half-empty pages: filling a slot writes its new version in the slot's own
            // page, so the heap's order never shows the order of voting.
            manager.get_connection().execute_unprepared("ALTER TABLE ballots SET (fillfactor = 50)").await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["ballots", "ballot_marks"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.drop_index(Index::drop().name("ix_voters_code_hash").table("voters").to_owned()).await?;
        manager.alter_table(Table::alter().table("elections").drop_column("result").to_owned()).await?;
        manager.alter_table(Table::alter().table("voters").drop_column("code_hash").to_owned()).await
    }
}
