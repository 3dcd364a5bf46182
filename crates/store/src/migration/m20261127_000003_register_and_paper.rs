//! Before and on the vote (3B): objections to the register, self-nominations, written
//! proxies, paper ballots entered twice by two tellers, the further round, and the seating
//! of the elected.

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
                .table("register_objections")
                .col(big_pk_auto("id"))
                .col(big_integer("election_id"))
                .col(string("kind"))
                .col(big_integer("person_id"))
                .col(string("objector"))
                .col(text("reason"))
                .col(date("filed_on"))
                .col(string_null("decision"))
                .col(text_null("decision_note"))
                .col(date_null("decided_on"))
                .foreign_key(&mut foreign_key(("register_objections", "election_id"), ("elections", "id")))
                .foreign_key(&mut foreign_key(("register_objections", "person_id"), ("persons", "id")))
                .to_owned(),
            Table::create()
                .table("nominations")
                .col(big_pk_auto("id"))
                .col(big_integer("election_id"))
                .col(big_integer("voter_id"))
                .col(string("post"))
                .col(date("filed_on"))
                .foreign_key(&mut foreign_key(("nominations", "election_id"), ("elections", "id")))
                .foreign_key(&mut foreign_key(("nominations", "voter_id"), ("voters", "id")))
                .to_owned(),
            Table::create()
                .table("proxies")
                .col(big_pk_auto("id"))
                .col(big_integer("election_id"))
                .col(big_integer("grantor_id"))
                .col(big_integer("holder_id"))
                .col(string("kinship"))
                .col(date("filed_on"))
                .foreign_key(&mut foreign_key(("proxies", "election_id"), ("elections", "id")))
                .foreign_key(&mut foreign_key(("proxies", "grantor_id"), ("voters", "id")))
                .foreign_key(&mut foreign_key(("proxies", "holder_id"), ("voters", "id")))
                .to_owned(),
            Table::create()
                .table("paper_batches")
                .col(big_pk_auto("id"))
                .col(big_integer("election_id"))
                .col(integer("round"))
                .col(integer("number"))
                .col(text_null("confirmed_content"))
                .foreign_key(&mut foreign_key(("paper_batches", "election_id"), ("elections", "id")))
                .to_owned(),
            Table::create()
                .table("paper_entries")
                .col(big_pk_auto("id"))
                .col(big_integer("batch_id"))
                .col(big_integer("teller_id"))
                .col(text("content"))
                .foreign_key(&mut foreign_key(("paper_entries", "batch_id"), ("paper_batches", "id")))
                .foreign_key(&mut foreign_key(("paper_entries", "teller_id"), ("accounts", "id")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("register_objections", &["election_id"], false),
            // One post per self-nominee; one proxy per grantor.
            index("nominations", &["election_id", "voter_id"], true),
            index("proxies", &["election_id", "grantor_id"], true),
            index("proxies", &["holder_id"], false),
            index("paper_batches", &["election_id", "round", "number"], true),
            // A teller enters a batch once; the second entry comes from another teller.
            index("paper_entries", &["batch_id", "teller_id"], true),
        ] {
            manager.create_index(index).await?;
        }
        // One column per statement: SQLite alters one thing at a time.
        for column in [
            big_integer_null("paper_voters"),
            date_null("seated_on"),
            boolean_null("party_directly_elected"),
            text_null("further_posts"),
            text_null("further_result"),
            big_integer_null("further_paper_voters"),
        ] {
            manager.alter_table(Table::alter().table("elections").add_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            "paper_voters",
            "seated_on",
            "party_directly_elected",
            "further_posts",
            "further_result",
            "further_paper_voters",
        ] {
            manager.alter_table(Table::alter().table("elections").drop_column(column).to_owned()).await?;
        }
        for table in ["paper_entries", "paper_batches", "proxies", "nominations", "register_objections"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
