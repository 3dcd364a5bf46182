//! Issue 13 (5A–5D): social workers on the shared `persons` row, their registration
//! applications and periods, continuing-education records, social-work posts and hires,
//! and the per-region day from which a professional post needs a certificate.

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
                .table("social_workers")
                .col(big_pk_auto("id"))
                .col(big_integer("person_id"))
                .col(string("region_code"))
                .col(string_null("certificate_level"))
                .col(string_null("certificate_number"))
                .col(date_null("certificate_obtained_on"))
                .col(string("degree"))
                .col(string("major"))
                .col(date_null("social_work_degree_on"))
                // The `social_worker` account that reads this record as its own.
                .col(big_integer_null("account_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("social_workers", "person_id"), ("persons", "id")))
                .foreign_key(&mut foreign_key(("social_workers", "account_id"), ("accounts", "id")))
                .to_owned(),
            Table::create()
                .table("social_worker_applications")
                .col(big_pk_auto("id"))
                .col(big_integer("social_worker_id"))
                .col(string("region_code"))
                .col(string("state"))
                .col(date("submitted_on"))
                .col(date_null("first_review_on"))
                .col(string_null("first_review_by"))
                .col(date_null("final_review_on"))
                .col(string_null("final_review_by"))
                .col(text_null("note"))
                .col(date_null("registered_on"))
                .col(date_null("certificate_issued_on"))
                .foreign_key(&mut foreign_key(
                    ("social_worker_applications", "social_worker_id"),
                    ("social_workers", "id"),
                ))
                .to_owned(),
            Table::create()
                .table("social_worker_registrations")
                .col(big_pk_auto("id"))
                .col(big_integer("social_worker_id"))
                .col(string("region_code"))
                // first, renewal or imported
                .col(string("kind"))
                .col(date("starts_on"))
                .col(date("valid_until"))
                .col(big_integer_null("application_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(
                    ("social_worker_registrations", "social_worker_id"),
                    ("social_workers", "id"),
                ))
                .to_owned(),
            Table::create()
                .table("social_worker_trainings")
                .col(big_pk_auto("id"))
                .col(big_integer("social_worker_id"))
                .col(string("region_code"))
                .col(string("course"))
                .col(string("provider"))
                .col(integer("minutes"))
                .col(date("completed_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(
                    ("social_worker_trainings", "social_worker_id"),
                    ("social_workers", "id"),
                ))
                .to_owned(),
            Table::create()
                .table("social_work_posts")
                .col(big_pk_auto("id"))
                .col(string("title"))
                .col(string("region_code"))
                .col(string("service_field"))
                .col(boolean("professional"))
                .col(big_integer_null("organization_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("social_work_posts", "organization_id"), ("organizations", "id")))
                .to_owned(),
            Table::create()
                .table("social_work_hires")
                .col(big_pk_auto("id"))
                .col(big_integer("post_id"))
                .col(big_integer("social_worker_id"))
                .col(string("region_code"))
                .col(date("hired_on"))
                .col(date_null("ended_on"))
                .col(text_null("exit_reason"))
                .foreign_key(&mut foreign_key(("social_work_hires", "post_id"), ("social_work_posts", "id")))
                .foreign_key(&mut foreign_key(("social_work_hires", "social_worker_id"), ("social_workers", "id")))
                .to_owned(),
            Table::create()
                .table("social_work_gates")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(date("certificate_required_from"))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("social_workers", &["person_id"], true),
            index("social_workers", &["certificate_number"], true),
            index("social_workers", &["account_id"], true),
            index("social_workers", &["region_code"], false),
            index("social_worker_applications", &["social_worker_id"], false),
            index("social_worker_registrations", &["social_worker_id", "starts_on"], true),
            index("social_worker_trainings", &["social_worker_id", "completed_on"], false),
            index("social_work_posts", &["region_code"], false),
            index("social_work_hires", &["post_id"], false),
            index("social_work_hires", &["social_worker_id"], false),
            index("social_work_gates", &["region_code"], true),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "social_work_gates",
            "social_work_hires",
            "social_work_posts",
            "social_worker_trainings",
            "social_worker_registrations",
            "social_worker_applications",
            "social_workers",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
