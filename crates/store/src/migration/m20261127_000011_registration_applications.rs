//! Applications to register a new organisation (4A), filed by its founders without an
//! account and followed by tracking number. The legal representative stays on the
//! application until approval makes them a person: an anonymous filing must not learn
//! whom an ID number belongs to.

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
                    .table("registration_applications")
                    .col(big_pk_auto("id"))
                    .col(string("tracking_number"))
                    .col(string("name"))
                    .col(string("kind"))
                    .col(string("category"))
                    .col(string("region_code"))
                    .col(string("authority_code"))
                    .col(big_integer("supervising_unit_id"))
                    .col(string("domicile"))
                    .col(text("business_scope"))
                    .col(big_integer("registered_capital_fen"))
                    .col(string_null("legal_representative_name"))
                    .col(string_null("legal_representative_id_number"))
                    .col(string("contact_name"))
                    .col(string("contact_phone"))
                    .col(date("filed_on"))
                    .col(string("status"))
                    .col(text_null("unit_opinion"))
                    .col(string_null("unit_by"))
                    .col(date_null("unit_on"))
                    .col(text_null("decision_note"))
                    .col(string_null("decided_by"))
                    .col(date_null("decided_on"))
                    .col(big_integer_null("organization_id"))
                    .foreign_key(&mut foreign_key(("registration_applications", "region_code"), ("regions", "code")))
                    .foreign_key(&mut foreign_key(
                        ("registration_applications", "supervising_unit_id"),
                        ("supervising_units", "id"),
                    ))
                    .foreign_key(&mut foreign_key(
                        ("registration_applications", "organization_id"),
                        ("organizations", "id"),
                    ))
                    .to_owned(),
            )
            .await?;
        for index in [
            index("registration_applications", &["tracking_number"], true),
            index("registration_applications", &["name"], false),
            index("registration_applications", &["region_code"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
