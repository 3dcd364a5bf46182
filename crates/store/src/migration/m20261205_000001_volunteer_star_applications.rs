//! The optional application and public-notice step for stars. Whether a region requires it
//! moves to its own table, `volunteer_star_rules`, looked up along the lineage apart from
//! the thresholds: a county that sets only its own hours must not, by that, switch off the
//! city's application step (a row of both would). The old column was never set otherwise
//! than false, so it is dropped, not copied.

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
                Table::alter().table("volunteer_star_thresholds").drop_column("requires_application").to_owned(),
            )
            .await?;
        for table in [
            Table::create()
                .table("volunteer_star_rules")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(boolean("requires_application"))
                .col(integer("notice_days"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
            Table::create()
                .table("volunteer_star_applications")
                .col(big_pk_auto("id"))
                .col(big_integer("volunteer_id"))
                // The volunteer's region when applying: whose office reviews it.
                .col(string("region_code"))
                .col(integer("level"))
                // Confirmed minutes when applying, as the notice shows them.
                .col(big_integer("minutes"))
                // applied, notice (approved, on public notice), awarded or refused
                .col(string("status"))
                .col(string("applied_by"))
                .col(timestamp_with_time_zone("applied_at"))
                .col(date_null("notice_starts_on"))
                .col(date_null("notice_ends_on"))
                .col(text_null("refusal_reason"))
                .col(string_null("decided_by"))
                .col(timestamp_with_time_zone_null("decided_at"))
                .col(date_null("awarded_on"))
                .foreign_key(&mut foreign_key(("volunteer_star_applications", "volunteer_id"), ("volunteers", "id")))
                .to_owned(),
            Table::create()
                .table("volunteer_star_objections")
                .col(big_pk_auto("id"))
                .col(big_integer("application_id"))
                .col(text("message"))
                .col(timestamp_with_time_zone("lodged_at"))
                .col(text_null("answer"))
                .col(string_null("answered_by"))
                .col(timestamp_with_time_zone_null("answered_at"))
                .foreign_key(&mut foreign_key(
                    ("volunteer_star_objections", "application_id"),
                    ("volunteer_star_applications", "id"),
                ))
                .to_owned(),
        ] {
            manager.create_table(table).await?;
        }
        for index in [
            index("volunteer_star_rules", &["region_code"], true),
            index("volunteer_star_applications", &["volunteer_id", "level"], false),
            index("volunteer_star_applications", &["region_code", "status"], false),
            index("volunteer_star_applications", &["status", "notice_ends_on"], false),
            index("volunteer_star_objections", &["application_id"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
