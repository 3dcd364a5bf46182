//! Social-work posts bought by government (post purchase, 5D/6B) are flagged, and a hire
//! the certificate gate refuses is kept, so the region's figures can count refusals.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table("social_work_posts").add_column(boolean("purchased").default(false)).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("social_work_gate_refusals")
                    .col(big_pk_auto("id"))
                    .col(big_integer("post_id"))
                    .col(big_integer("social_worker_id"))
                    .col(string("region_code"))
                    .col(date("hired_on"))
                    .col(string("code"))
                    .col(timestamp_with_time_zone("refused_at"))
                    .to_owned(),
            )
            .await?;
        manager.create_index(index("social_work_gate_refusals", &["region_code"], false)).await
    }
}
