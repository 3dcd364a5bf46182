//! Issue 13 point 5: satisfaction surveys with one-time codes (stored only as hashes, and
//! never linked to the answers they unlocked), and the yearly evaluation of social
//! workers with its weights and grade bands per region and year.

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
                .table("surveys")
                .col(big_pk_auto("id"))
                .col(string("title"))
                .col(string("subject_kind"))
                .col(big_integer("subject_id"))
                .col(string("region_code"))
                .col(date("opens_on"))
                .col(date("closes_on"))
                // The rated questions, a JSON array of texts.
                .col(text("questions"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
            // No time and no answer id: nothing tells which answer a code unlocked.
            Table::create()
                .table("survey_codes")
                .col(big_pk_auto("id"))
                .col(big_integer("survey_id"))
                .col(string("code_hash"))
                .col(boolean("answered"))
                .foreign_key(&mut foreign_key(("survey_codes", "survey_id"), ("surveys", "id")))
                .to_owned(),
            Table::create()
                .table("survey_answers")
                .col(big_pk_auto("id"))
                .col(big_integer("survey_id"))
                .col(string("region_code"))
                .col(text("comment"))
                .foreign_key(&mut foreign_key(("survey_answers", "survey_id"), ("surveys", "id")))
                .to_owned(),
            Table::create()
                .table("survey_ratings")
                .col(big_pk_auto("id"))
                .col(big_integer("answer_id"))
                .col(big_integer("survey_id"))
                // The question's place in the survey's list, from 0.
                .col(integer("question"))
                .col(integer("rating"))
                .foreign_key(&mut foreign_key(("survey_ratings", "answer_id"), ("survey_answers", "id")))
                .to_owned(),
            Table::create()
                .table("social_work_evaluation_rules")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(integer("year"))
                .col(integer("quality_weight"))
                .col(integer("results_weight"))
                .col(integer("satisfaction_weight"))
                // Band floors in tenths of a point.
                .col(integer("excellent_from"))
                .col(integer("pass_from"))
                .col(integer_null("basic_from"))
                .col(integer("min_answers"))
                .to_owned(),
            Table::create()
                .table("social_worker_evaluations")
                .col(big_pk_auto("id"))
                .col(big_integer("social_worker_id"))
                .col(string("region_code"))
                .col(integer("year"))
                .col(big_integer("survey_id"))
                // Scores and total in tenths of a point.
                .col(integer("quality"))
                .col(integer("results"))
                .col(integer("satisfaction"))
                .col(integer("total"))
                .col(string("grade"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(
                    ("social_worker_evaluations", "social_worker_id"),
                    ("social_workers", "id"),
                ))
                .foreign_key(&mut foreign_key(("social_worker_evaluations", "survey_id"), ("surveys", "id")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("surveys", &["subject_kind", "subject_id"], false),
            index("surveys", &["region_code"], false),
            index("survey_codes", &["code_hash"], true),
            index("survey_codes", &["survey_id"], false),
            index("survey_answers", &["survey_id"], false),
            index("survey_ratings", &["survey_id"], false),
            index("social_work_evaluation_rules", &["region_code", "year"], true),
            index("social_worker_evaluations", &["social_worker_id", "year"], true),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "social_worker_evaluations",
            "social_work_evaluation_rules",
            "survey_ratings",
            "survey_answers",
            "survey_codes",
            "surveys",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
