//! The public credit lists (民政部令第60号): sanctions carry their legal kind and a fine its
//! amount; the other facts the lists follow from (rectification orders, unsigned letters,
//! findings, certificates of no direct responsibility, objections, removals on
//! application) get a table; party-building facts are collected at registration too.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Sanctions recorded before kinds had their legal names were `penalty` or
/// `investigation`. A penalty written by a suspension order (audited as `suspend` on the
/// same organisation with the same decision day) is a suspension; any other penalty is
/// taken as the mildest one, a warning, and the registrar may correct it.
const OLD_PENALTIES: [&str; 2] = [
    r#"UPDATE org_sanctions SET kind = 'suspension' WHERE kind = 'penalty' AND EXISTS (
        SELECT 1 FROM audit_log a WHERE a.action = 'suspend' AND a.entity = 'organization'
        AND a.entity_id = CAST(org_sanctions.organization_id AS TEXT)
        AND a.after LIKE '%"decided_on":"' || CAST(org_sanctions.decided_on AS TEXT) || '"%')"#,
    "UPDATE org_sanctions SET kind = 'warning' WHERE kind = 'penalty'",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("org_sanctions").add_column(big_integer_null("amount_fen")).to_owned())
            .await?;
        for statement in OLD_PENALTIES {
            manager.get_connection().execute_unprepared(statement).await?;
        }
        for table in ["organizations", "registration_applications"] {
            manager
                .alter_table(Table::alter().table(table).add_column(integer_null("party_members")).to_owned())
                .await?;
            manager.alter_table(Table::alter().table(table).add_column(string_null("party_form")).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("org_credit_records")
                    .col(big_pk_auto("id"))
                    .col(big_integer("organization_id"))
                    .col(string("kind"))
                    .col(date("dated_on"))
                    .col(date_null("until_on"))
                    .col(string_null("concerns"))
                    .col(date_null("closed_on"))
                    .col(string_null("outcome"))
                    .col(text("note"))
                    .col(string("recorded_by"))
                    .foreign_key(&mut foreign_key(("org_credit_records", "organization_id"), ("organizations", "id")))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("org_credit_records", &["organization_id"], false)).await
    }
}
