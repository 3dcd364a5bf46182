//! Issue 13 (5C): social-work training bases, the expert pool, supervision relations and
//! their sessions, and the per-region ratio of workers to one supervisor.

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
                .table("social_work_training_bases")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(string("name"))
                // A registered organisation, or else a public body named in `host_name`.
                .col(big_integer_null("host_organization_id"))
                .col(string("host_name"))
                // Service-field names, comma-separated.
                .col(string("fields"))
                .col(date("recognised_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(
                    ("social_work_training_bases", "host_organization_id"),
                    ("organizations", "id"),
                ))
                .to_owned(),
            Table::create()
                .table("social_work_experts")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                // A social worker in the pool, or else an external expert named here.
                .col(big_integer_null("social_worker_id"))
                .col(string("name"))
                .col(string("title"))
                .col(string("employer"))
                .col(string("fields"))
                .col(string("level"))
                .col(date("admitted_on"))
                .col(date_null("left_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("social_work_experts", "social_worker_id"), ("social_workers", "id")))
                .to_owned(),
            Table::create()
                .table("supervisions")
                .col(big_pk_auto("id"))
                // The supervised worker's region.
                .col(string("region_code"))
                .col(big_integer("social_worker_id"))
                // A social worker supervises, or an external expert of the pool.
                .col(big_integer_null("supervisor_worker_id"))
                .col(big_integer_null("supervisor_expert_id"))
                .col(date("starts_on"))
                .col(date_null("ends_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("supervisions", "social_worker_id"), ("social_workers", "id")))
                .foreign_key(&mut foreign_key(("supervisions", "supervisor_worker_id"), ("social_workers", "id")))
                .foreign_key(&mut foreign_key(("supervisions", "supervisor_expert_id"), ("social_work_experts", "id")))
                .to_owned(),
            Table::create()
                .table("supervision_sessions")
                .col(big_pk_auto("id"))
                .col(big_integer("supervision_id"))
                .col(string("region_code"))
                .col(date("held_on"))
                .col(integer("minutes"))
                .col(string("form"))
                .col(string("topic"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("supervision_sessions", "supervision_id"), ("supervisions", "id")))
                .to_owned(),
            Table::create()
                .table("supervision_ratios")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(integer("workers_per_supervisor"))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("social_work_training_bases", &["region_code", "name"], true),
            index("social_work_experts", &["region_code"], false),
            index("social_work_experts", &["social_worker_id"], false),
            index("supervisions", &["region_code"], false),
            index("supervisions", &["social_worker_id"], false),
            index("supervisions", &["supervisor_worker_id"], false),
            index("supervisions", &["supervisor_expert_id"], false),
            index("supervision_sessions", &["supervision_id", "held_on"], false),
            index("supervision_ratios", &["region_code"], true),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "supervision_ratios",
            "supervision_sessions",
            "supervisions",
            "social_work_experts",
            "social_work_training_bases",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
