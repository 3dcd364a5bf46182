//! Social organisations (4A–4D): supervising units and the category → unit mapping,
//! the registry, and complaints from the public.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A text column the name and code prefix searches range-scan. On PostgreSQL it is
/// collated "C" so that `prefix <= key < upper` means "starts with" whatever the
/// database's default collation; SQLite compares code points already.
fn search_key(manager: &SchemaManager, name: &'static str) -> ColumnDef {
    let mut column = string(name);
    if manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres {
        column.extra("COLLATE \"C\"");
    }
    column
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            Table::create()
                .table("supervising_units")
                .col(big_pk_auto("id"))
                .col(string_uniq("name"))
                .col(string("region_code"))
                .foreign_key(&mut foreign_key(("supervising_units", "region_code"), ("regions", "code")))
                .to_owned(),
            Table::create()
                .table("supervision_rules")
                .col(big_pk_auto("id"))
                .col(string("authority_code"))
                .col(string("category"))
                .col(big_integer("unit_id"))
                .foreign_key(&mut foreign_key(("supervision_rules", "authority_code"), ("regions", "code")))
                .foreign_key(&mut foreign_key(("supervision_rules", "unit_id"), ("supervising_units", "id")))
                .to_owned(),
            Table::create()
                .table("organizations")
                .col(big_pk_auto("id"))
                .col(search_key(manager, "name").unique_key().to_owned())
                .col(search_key(manager, "short_name"))
                .col(search_key(manager, "uscc").unique_key().to_owned())
                .col(string("kind"))
                .col(string("category"))
                .col(string("authority_code"))
                .col(string("region_code"))
                .col(date("registered_on"))
                .col(string("domicile"))
                .col(big_integer_null("legal_representative_id"))
                .col(text("business_scope"))
                .col(big_integer("registered_capital_fen"))
                .col(big_integer("supervising_unit_id"))
                .col(string("status"))
                .col(string_null("grade"))
                .col(date_null("grade_expires_on"))
                .foreign_key(&mut foreign_key(("organizations", "authority_code"), ("regions", "code")))
                .foreign_key(&mut foreign_key(("organizations", "region_code"), ("regions", "code")))
                .foreign_key(&mut foreign_key(("organizations", "legal_representative_id"), ("persons", "id")))
                .foreign_key(&mut foreign_key(("organizations", "supervising_unit_id"), ("supervising_units", "id")))
                .to_owned(),
            Table::create()
                .table("org_complaints")
                .col(big_pk_auto("id"))
                .col(string_uniq("tracking_number"))
                .col(big_integer("organization_id"))
                .col(string("region_code"))
                .col(big_integer("supervising_unit_id"))
                .col(string("subject"))
                .col(text("body"))
                .col(string("complainant"))
                .col(string("phone"))
                .col(date("filed_on"))
                .col(date("deadline"))
                .col(string("status"))
                .col(string_null("finding"))
                .col(text_null("outcome"))
                .col(string_null("handled_by"))
                .col(date_null("closed_on"))
                .foreign_key(&mut foreign_key(("org_complaints", "organization_id"), ("organizations", "id")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        for index in [
            index("supervision_rules", &["authority_code", "category"], true),
            index("organizations", &["short_name"], false),
            index("organizations", &["region_code"], false),
            index("organizations", &["supervising_unit_id"], false),
            index("org_complaints", &["organization_id"], false),
            index("org_complaints", &["region_code", "status"], false),
            index("org_complaints", &["supervising_unit_id", "status"], false),
        ] {
            manager.create_index(index).await?;
        }
        // A supervising unit's staff are scoped to their unit, not to a region.
        manager
            .alter_table(
                Table::alter().table("role_grants").add_column(big_integer_null("supervising_unit_id")).to_owned(),
            )
            .await
    }
}
