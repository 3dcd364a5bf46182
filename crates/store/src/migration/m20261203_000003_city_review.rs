//! The city's own side of qualification and education (5A, 5C): the qualification its
//! review grants to workers without the national exam's schooling, and its yearly
//! city-wide course, whose attendance becomes continuing-education records.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("social_worker_local_qualifications")
                    .col(big_pk_auto("id"))
                    .col(big_integer("social_worker_id"))
                    .col(string("region_code"))
                    .col(string("level"))
                    .col(string("number"))
                    .col(date("exam_passed_on"))
                    .col(date("granted_on"))
                    .col(string("reviewed_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut foreign_key(
                        ("social_worker_local_qualifications", "social_worker_id"),
                        ("social_workers", "id"),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("city_courses")
                    .col(big_pk_auto("id"))
                    .col(string("region_code"))
                    .col(integer("year"))
                    .col(string("title"))
                    .col(string("provider"))
                    .col(integer("minutes"))
                    .col(date("starts_on"))
                    .col(date("ends_on"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        // Attendance of the city's course is a training record that names the course.
        manager
            .alter_table(
                Table::alter()
                    .table("social_worker_trainings")
                    .add_column(big_integer_null("city_course_id"))
                    .to_owned(),
            )
            .await?;
        for index in [
            index("social_worker_local_qualifications", &["social_worker_id"], true),
            index("social_worker_local_qualifications", &["number"], true),
            index("city_courses", &["region_code", "year"], true),
            index("social_worker_trainings", &["city_course_id", "social_worker_id"], true),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
