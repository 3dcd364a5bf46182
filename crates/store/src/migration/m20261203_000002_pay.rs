//! Pay of social workers (5B): where a post is (its employer kind, so the title allowance
//! knows community posts), a region's pay-guidance table, its title allowance per year,
//! and awards.

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
                    .table("social_work_posts")
                    .add_column(string("employer_kind").default("community"))
                    .to_owned(),
            )
            .await?;
        // Existing posts as a new one without the field: an employing organisation's post is
        // a private agency's, any other a community's.
        manager
            .exec_stmt(
                Query::update()
                    .table("social_work_posts")
                    .value("employer_kind", "private_agency")
                    .and_where(Expr::col("organization_id").is_not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("social_work_pay_tiers")
                    .col(big_pk_auto("id"))
                    .col(string("region_code"))
                    .col(integer("position"))
                    .col(string_null("certificate_level"))
                    .col(string_null("min_degree"))
                    .col(string_null("employer_kind"))
                    .col(integer("min_years"))
                    .col(big_integer("monthly_fen"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("social_work_title_allowances")
                    .col(big_pk_auto("id"))
                    .col(string("region_code"))
                    .col(integer("year"))
                    .col(big_integer("assistant_fen"))
                    .col(big_integer("intermediate_fen"))
                    .col(big_integer("senior_fen"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("social_worker_awards")
                    .col(big_pk_auto("id"))
                    .col(big_integer("social_worker_id"))
                    .col(string("region_code"))
                    .col(string("title"))
                    .col(string("awarding_body"))
                    .col(string("level"))
                    .col(date("awarded_on"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut foreign_key(
                        ("social_worker_awards", "social_worker_id"),
                        ("social_workers", "id"),
                    ))
                    .to_owned(),
            )
            .await?;
        for index in [
            index("social_work_pay_tiers", &["region_code", "position"], true),
            index("social_work_title_allowances", &["region_code", "year"], true),
            index("social_worker_awards", &["social_worker_id"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
