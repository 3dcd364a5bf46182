//! Regions, identity, the audit chain and the community registry.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(super) fn foreign_key(
    from: (&'static str, &'static str),
    to: (&'static str, &'static str),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Restrict).to_owned()
}

pub(super) fn index(table: &'static str, columns: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(format!("ix_{table}_{}", columns.join("_"))).table(table);
    for column in columns {
        index.col(*column);
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            Table::create()
                .table("regions")
                .col(string("code").primary_key())
                .col(string("name"))
                .col(string("level"))
                .col(string("kind"))
                .col(string_null("parent_code"))
                .col(string("path"))
                .col(date("valid_from"))
                .col(date_null("valid_to"))
                .to_owned(),
            Table::create()
                .table("accounts")
                .col(big_pk_auto("id"))
                .col(string_uniq("username"))
                .col(string("display_name"))
                .col(string("password_hash"))
                .col(boolean("active"))
                .col(integer("failed_logins"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
            Table::create()
                .table("role_grants")
                .col(big_pk_auto("id"))
                .col(big_integer("account_id"))
                .col(string("role"))
                .col(string_null("region_code"))
                .col(big_integer_null("organization_id"))
                .foreign_key(&mut foreign_key(("role_grants", "account_id"), ("accounts", "id")))
                .foreign_key(&mut foreign_key(("role_grants", "region_code"), ("regions", "code")))
                .to_owned(),
            Table::create()
                .table("sessions")
                .col(string("token_hash").primary_key())
                .col(big_integer("account_id"))
                .col(string("csrf_token"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_seen_at"))
                .foreign_key(
                    &mut foreign_key(("sessions", "account_id"), ("accounts", "id"))
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                )
                .to_owned(),
            Table::create()
                .table("api_tokens")
                .col(big_pk_auto("id"))
                .col(big_integer("account_id"))
                .col(string("name"))
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .foreign_key(&mut foreign_key(("api_tokens", "account_id"), ("accounts", "id")))
                .to_owned(),
            Table::create()
                .table("audit_head")
                .col(integer("id").primary_key())
                .col(big_integer("seq"))
                .col(string("last_hash"))
                .to_owned(),
            Table::create()
                .table("audit_log")
                .col(big_integer("seq").primary_key())
                .col(string("at"))
                .col(big_integer_null("actor_id"))
                .col(string("actor"))
                .col(string("action"))
                .col(string("entity"))
                .col(string("entity_id"))
                .col(string("region_code"))
                .col(text("before"))
                .col(text("after"))
                .col(string("prev_hash"))
                .col(string("hash"))
                .to_owned(),
            Table::create()
                .table("communities")
                .col(string("region_code").primary_key())
                .col(string("name"))
                .col(boolean("urban"))
                .col(big_integer("households"))
                .col(big_integer("population"))
                .col(string("address"))
                .col(string("phone"))
                .col(string("contact_person"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut foreign_key(("communities", "region_code"), ("regions", "code")))
                .to_owned(),
            Table::create()
                .table("community_bodies")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(string("kind"))
                .col(string("name"))
                .foreign_key(&mut foreign_key(("community_bodies", "region_code"), ("communities", "region_code")))
                .to_owned(),
            Table::create()
                .table("persons")
                .col(big_pk_auto("id"))
                .col(string_uniq("id_number"))
                .col(string("name"))
                .col(string("name_lower"))
                .col(string("gender"))
                .col(date("birth_date"))
                .col(string("phone"))
                .col(string("region_code"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("persons", "region_code"), ("regions", "code")))
                .to_owned(),
            Table::create()
                .table("posts")
                .col(big_pk_auto("id"))
                .col(big_integer("body_id"))
                .col(big_integer("person_id"))
                .col(string("region_code"))
                .col(string("title"))
                .col(string("employment"))
                .col(date("started_on"))
                .col(date_null("ended_on"))
                .foreign_key(&mut foreign_key(("posts", "body_id"), ("community_bodies", "id")))
                .foreign_key(&mut foreign_key(("posts", "person_id"), ("persons", "id")))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }
        let indexes = [
            index("regions", &["parent_code"], false),
            index("regions", &["path"], false),
            index("role_grants", &["account_id"], false),
            index("sessions", &["account_id"], false),
            index("audit_log", &["region_code"], false),
            index("audit_log", &["entity", "entity_id"], false),
            index("community_bodies", &["region_code", "kind"], true),
            index("persons", &["region_code"], false),
            index("persons", &["name_lower"], false),
            index("posts", &["body_id"], false),
            index("posts", &["person_id"], false),
            index("posts", &["region_code"], false),
        ];
        for index in indexes {
            manager.create_index(index).await?;
        }
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("audit_head")
                    .columns(["id", "seq", "last_hash"])
                    .values_panic([1.into(), 0i64.into(), domain::audit::GENESIS.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "posts",
            "persons",
            "community_bodies",
            "communities",
            "audit_log",
            "audit_head",
            "api_tokens",
            "sessions",
            "role_grants",
            "accounts",
            "regions",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
