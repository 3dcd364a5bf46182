//! The records merged into a volunteer are looked up at every check-out and every total
//! (their entries count for the record kept): without an index that read scans every
//! volunteer of the city.

use sea_orm_migration::prelude::*;

use super::m20261126_000001_foundation::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_index(index("volunteers", &["merged_into"], false)).await
    }
}
