//! Working days: the operator's entries of the State Council's holiday arrangements for
//! years the binary does not ship, and the day an organisation applied for removal from
//! the abnormal list, from which the registrar's 5-working-day deadline runs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("work_calendar_days")
                    .col(date("day").primary_key())
                    .col(boolean("working"))
                    .col(string("entered_by"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter().table("org_credit_records").add_column(date_null("removal_applied_on")).to_owned(),
            )
            .await
    }
}
