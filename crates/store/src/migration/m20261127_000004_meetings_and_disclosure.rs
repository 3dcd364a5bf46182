//! Residents' meetings, deliberation, topics residents propose, Art. 10 requests for a
//! meeting, and public disclosure of community affairs (3B).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The disclosure categories every community starts with, in the order pages list them:
/// (code, frequency, days of grace after the period ends). Places that differ change the
/// rows.
const CATEGORIES: [(&str, &str, i32); 5] = [
    ("finances", "monthly", 10),
    ("decisions", "quarterly", 10),
    ("services", "half_yearly", 15),
    ("community_tasks", "yearly", 30),
    ("election_results", "per_election", 7),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            Table::create()
                .table("meeting_requests")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(string("basis"))
                .col(integer("supporters"))
                .col(integer("total"))
                .col(text("subject"))
                .col(date("filed_on"))
                .foreign_key(&mut foreign_key(("meeting_requests", "region_code"), ("communities", "region_code")))
                .to_owned(),
            Table::create()
                .table("meetings")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(string("kind"))
                .col(string("title"))
                .col(date("held_on"))
                .col(string("place"))
                .col(integer("members"))
                .col(text("agenda"))
                .col(big_integer_null("request_id"))
                .col(integer_null("present"))
                .col(text_null("minutes"))
                .foreign_key(&mut foreign_key(("meetings", "region_code"), ("communities", "region_code")))
                .foreign_key(&mut foreign_key(("meetings", "request_id"), ("meeting_requests", "id")))
                .to_owned(),
            Table::create()
                .table("motions")
                .col(big_pk_auto("id"))
                .col(big_integer("meeting_id"))
                .col(integer("position"))
                .col(text("text"))
                .col(integer("yes"))
                .col(integer("no"))
                .col(integer("abstain"))
                .col(string("follow_up"))
                .col(text_null("follow_up_note"))
                .col(date_null("done_on"))
                .foreign_key(&mut foreign_key(("motions", "meeting_id"), ("meetings", "id")))
                .to_owned(),
            Table::create()
                .table("meeting_topics")
                .col(string("id").primary_key())
                .col(string("region_code"))
                .col(text("text"))
                .col(string("proposer"))
                .col(string("phone"))
                .col(date("proposed_on"))
                .col(string("status"))
                .col(big_integer_null("meeting_id"))
                .col(text_null("reason"))
                .foreign_key(&mut foreign_key(("meeting_topics", "region_code"), ("communities", "region_code")))
                .foreign_key(&mut foreign_key(("meeting_topics", "meeting_id"), ("meetings", "id")))
                .to_owned(),
            Table::create()
                .table("disclosure_categories")
                .col(string("code").primary_key())
                .col(integer("position"))
                .col(string("frequency"))
                .col(integer("grace_days"))
                .to_owned(),
            Table::create()
                .table("disclosures")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(string("category"))
                .col(string("period"))
                .col(string("title"))
                .col(text("body"))
                .col(date("published_on"))
                .foreign_key(&mut foreign_key(("disclosures", "region_code"), ("communities", "region_code")))
                .foreign_key(&mut foreign_key(("disclosures", "category"), ("disclosure_categories", "code")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("meeting_requests", &["region_code"], false),
            index("meetings", &["region_code", "held_on"], false),
            index("motions", &["meeting_id", "position"], true),
            index("meeting_topics", &["region_code", "status"], false),
            index("disclosures", &["region_code", "category", "period"], false),
        ] {
            manager.create_index(index).await?;
        }
        let mut seed = Query::insert();
        seed.into_table("disclosure_categories").columns(["code", "position", "frequency", "grace_days"]);
        for (position, (code, frequency, grace)) in CATEGORIES.into_iter().enumerate() {
            seed.values_panic([code.into(), (position as i32 + 1).into(), frequency.into(), grace.into()]);
        }
        manager.exec_stmt(seed).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in
            ["disclosures", "disclosure_categories", "meeting_topics", "motions", "meetings", "meeting_requests"]
        {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
