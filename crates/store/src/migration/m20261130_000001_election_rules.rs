//! Issue 12 (3B): election rule sets per region with a validity period, kinship declared
//! on the register, and the rounds after the first as rows of their own (a further round
//! and any number of new votes), replacing the one further round the elections table held.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The regulation's numbers (浙江省村民委员会选举办法, in force from 2012-07-01) as the rule
/// set for everywhere, as `domain::governance::rules::ElectionRules` wrote them when this
/// migration was made. A migration keeps its own copy: later code may change its defaults.
const REGULATION: &str = r#"{"count":{"turnout":{"numerator":1,"denominator":2,"strict":true},"first_round":{"numerator":1,"denominator":2,"strict":true},"further_round":{"numerator":1,"denominator":3,"strict":false},"further_candidates_extra":1,"min_elected_to_leave_empty":3},"schedule":{"register_published_days_before":20,"objection_days":5,"objection_decision_days":3,"nominations_close_days_before":10,"nominees_published_days_before":5,"proxies_filed_days_before":3,"max_proxies_per_holder":3,"voting_age":18},"residents_committee_seats":{"min":5,"max":9},"villagers_committee_seats":{"min":3,"max":7}}"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            Table::create()
                .table("election_rule_sets")
                .col(big_pk_auto("id"))
                // "" is everywhere; a region's set reaches its descendants.
                .col(string("region_code"))
                .col(date("valid_from"))
                .col(date_null("valid_until"))
                .col(text("rules"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
            Table::create()
                .table("voter_kin")
                .col(big_pk_auto("id"))
                .col(big_integer("election_id"))
                .col(big_integer("voter_id"))
                .col(big_integer("kin_id"))
                .col(string("kinship"))
                .col(date("declared_on"))
                .foreign_key(&mut foreign_key(("voter_kin", "election_id"), ("elections", "id")))
                .foreign_key(&mut foreign_key(("voter_kin", "voter_id"), ("voters", "id")))
                .foreign_key(&mut foreign_key(("voter_kin", "kin_id"), ("voters", "id")))
                .to_owned(),
            Table::create()
                .table("election_rounds")
                .col(big_pk_auto("id"))
                .col(big_integer("election_id"))
                // 2, 3, …: the first round stays on the election.
                .col(integer("number"))
                .col(text("posts"))
                .col(text_null("result"))
                .col(big_integer_null("paper_voters"))
                .foreign_key(&mut foreign_key(("election_rounds", "election_id"), ("elections", "id")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("election_rule_sets", &["region_code", "valid_from"], true),
            index("voter_kin", &["election_id", "voter_id", "kin_id"], true),
            index("voter_kin", &["kin_id"], false),
            index("election_rounds", &["election_id", "number"], true),
        ] {
            manager.create_index(index).await?;
        }
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("election_rule_sets")
                    .columns(["region_code", "valid_from", "rules", "created_at"])
                    .values_panic([
                        "".into(),
                        chrono::NaiveDate::from_ymd_opt(2012, 7, 1).expect("a date").into(),
                        REGULATION.into(),
                        chrono::Utc::now().into(),
                    ])
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table("elections").add_column(big_integer_null("rule_set_id")).to_owned())
            .await?;
        let db = manager.get_connection();
        // Elections opened so far ran by the regulation's numbers.
        db.execute_unprepared(
            "UPDATE elections SET rule_set_id = (SELECT id FROM election_rule_sets WHERE region_code = '')",
        )
        .await?;
        db.execute_unprepared(
            "INSERT INTO election_rounds (election_id, number, posts, result, paper_voters) \
             SELECT id, 2, further_posts, further_result, further_paper_voters FROM elections WHERE further_posts IS NOT NULL",
        )
        .await?;
        for column in ["further_posts", "further_result", "further_paper_voters"] {
            manager.alter_table(Table::alter().table("elections").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in
            [text_null("further_posts"), text_null("further_result"), big_integer_null("further_paper_voters")]
        {
            manager.alter_table(Table::alter().table("elections").add_column(column).to_owned()).await?;
        }
        manager.get_connection().execute_unprepared(
            "UPDATE elections SET further_posts = r.posts, further_result = r.result, further_paper_voters = r.paper_voters \
             FROM election_rounds r WHERE r.election_id = elections.id AND r.number = 2",
        )
        .await?;
        manager.alter_table(Table::alter().table("elections").drop_column("rule_set_id").to_owned()).await?;
        for table in ["election_rounds", "voter_kin", "election_rule_sets"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
