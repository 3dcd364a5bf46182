//! Volunteers led by social workers (5E): the real-name registry on the shared person
//! record, teams with a social-worker guide, activities with sign-up and QR check-in, the
//! hours ledger chained per organiser, the heads it publishes daily, and service proofs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::m20261126_000001_foundation::{foreign_key, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Table::create()
                .table("volunteers")
                .col(big_pk_auto("id"))
                .col(big_integer("person_id"))
                .col(string_null("number"))
                .col(string("region_code"))
                // pending (self-registered, awaiting approval), active, merged
                .col(string("status"))
                .col(big_integer_null("organization_id"))
                .col(big_integer_null("account_id"))
                .col(text("skills"))
                .col(text("availability"))
                .col(string("service_fields"))
                .col(boolean("consent_to_publish"))
                .col(big_integer_null("merged_into"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("approved_at"))
                .foreign_key(&mut foreign_key(("volunteers", "person_id"), ("persons", "id")))
                .foreign_key(&mut foreign_key(("volunteers", "region_code"), ("regions", "code")))
                .to_owned(),
            Table::create()
                .table("volunteer_star_thresholds")
                .col(big_pk_auto("id"))
                .col(string("region_code"))
                .col(string("hours"))
                .col(boolean("requires_application"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
            Table::create()
                .table("volunteer_teams")
                .col(big_pk_auto("id"))
                .col(string("name"))
                .col(string("region_code"))
                // community, organization or association
                .col(string("kind"))
                .col(big_integer_null("organization_id"))
                .col(big_integer_null("guide_social_worker_id"))
                .col(date("founded_on"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
            Table::create()
                .table("volunteer_team_members")
                .col(big_pk_auto("id"))
                .col(big_integer("team_id"))
                .col(big_integer("volunteer_id"))
                .col(date("joined_on"))
                .col(date_null("left_on"))
                .foreign_key(&mut foreign_key(("volunteer_team_members", "team_id"), ("volunteer_teams", "id")))
                .foreign_key(&mut foreign_key(("volunteer_team_members", "volunteer_id"), ("volunteers", "id")))
                .to_owned(),
            Table::create()
                .table("volunteer_trainings")
                .col(big_pk_auto("id"))
                .col(big_integer("volunteer_id"))
                .col(string("title"))
                .col(string("provider"))
                .col(integer("minutes"))
                .col(date("trained_on"))
                .col(boolean("social_work_skills"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("volunteer_trainings", "volunteer_id"), ("volunteers", "id")))
                .to_owned(),
            Table::create()
                .table("volunteer_activities")
                .col(big_pk_auto("id"))
                // The organiser's ledger: org:<id> or region:<code>.
                .col(string("chain"))
                .col(string("region_code"))
                .col(string("title"))
                .col(string("place"))
                .col(string("service_field"))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("ends_at"))
                .col(integer("capacity"))
                .col(boolean("risky"))
                .col(boolean("large_event"))
                .col(boolean("outside_province"))
                .col(boolean("emergency_rescue"))
                .col(boolean("agreement_on_request"))
                .col(string_null("insurance_policy"))
                .col(boolean("waitlist_may_check_in"))
                .col(double_null("latitude"))
                .col(double_null("longitude"))
                .col(integer_null("radius_m"))
                .col(string("checkin_secret"))
                .col(string("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
            Table::create()
                .table("volunteer_signups")
                .col(big_pk_auto("id"))
                .col(big_integer("activity_id"))
                .col(big_integer("volunteer_id"))
                // signed, waiting or cancelled
                .col(string("status"))
                .col(timestamp_with_time_zone_null("agreement_signed_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("volunteer_signups", "activity_id"), ("volunteer_activities", "id")))
                .foreign_key(&mut foreign_key(("volunteer_signups", "volunteer_id"), ("volunteers", "id")))
                .to_owned(),
            // A check-in still open (no check-out yet); the check-out writes the ledger.
            Table::create()
                .table("volunteer_attendance")
                .col(big_pk_auto("id"))
                .col(big_integer("activity_id"))
                .col(big_integer("volunteer_id"))
                .col(timestamp_with_time_zone("checked_in_at"))
                .col(timestamp_with_time_zone_null("checked_out_at"))
                .col(big_integer_null("ledger_seq"))
                .to_owned(),
            // Each organiser's ledger and its head, moved by every append.
            Table::create()
                .table("volunteer_chains")
                .col(string("chain").primary_key())
                .col(string("issuer"))
                .col(big_integer("seq"))
                .col(string("head"))
                .to_owned(),
            Table::create()
                .table("volunteer_hours")
                .col(big_pk_auto("id"))
                .col(string("chain"))
                .col(big_integer("seq"))
                .col(big_integer("volunteer_id"))
                .col(big_integer_null("activity_id"))
                .col(string("started_at"))
                .col(date("served_on"))
                .col(big_integer("minutes"))
                .col(string("source"))
                .col(big_integer_null("corrects"))
                .col(text("description"))
                .col(string("recorded_at"))
                .col(string("recorded_by"))
                .col(string("prev_hash"))
                .col(string("hash"))
                .foreign_key(&mut foreign_key(("volunteer_hours", "chain"), ("volunteer_chains", "chain")))
                .foreign_key(&mut foreign_key(("volunteer_hours", "volunteer_id"), ("volunteers", "id")))
                .to_owned(),
            Table::create()
                .table("volunteer_chain_heads")
                .col(big_pk_auto("id"))
                .col(string("chain"))
                .col(date("day"))
                .col(big_integer("seq"))
                .col(string("head"))
                .col(timestamp_with_time_zone("published_at"))
                .to_owned(),
            Table::create()
                .table("volunteer_proofs")
                .col(big_pk_auto("id"))
                .col(string("code"))
                .col(string("number"))
                .col(big_integer("volunteer_id"))
                .col(string("chain"))
                .col(big_integer("through_seq"))
                .col(big_integer("minutes"))
                .col(big_integer("entries"))
                .col(string("issuer"))
                .col(string("responsible"))
                .col(string("handler"))
                .col(string("contact"))
                .col(date("issued_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut foreign_key(("volunteer_proofs", "volunteer_id"), ("volunteers", "id")))
                .to_owned(),
            Table::create()
                .table("volunteer_correction_requests")
                .col(big_pk_auto("id"))
                .col(big_integer("volunteer_id"))
                .col(string("chain"))
                .col(big_integer_null("about_seq"))
                .col(text("message"))
                // open, fixed or refused
                .col(string("status"))
                .col(text_null("answer"))
                .col(string_null("answered_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("answered_at"))
                .to_owned(),
        ] {
            manager.create_table(table).await?;
        }
        for index in [
            index("volunteers", &["person_id"], true),
            index("volunteers", &["number"], true),
            index("volunteers", &["region_code"], false),
            index("volunteers", &["account_id"], false),
            index("volunteer_star_thresholds", &["region_code"], true),
            index("volunteer_teams", &["region_code"], false),
            index("volunteer_team_members", &["volunteer_id"], false),
            index("volunteer_team_members", &["team_id"], false),
            index("volunteer_trainings", &["volunteer_id"], false),
            index("volunteer_activities", &["region_code", "starts_at"], false),
            index("volunteer_activities", &["chain"], false),
            index("volunteer_signups", &["activity_id", "volunteer_id"], true),
            index("volunteer_signups", &["volunteer_id"], false),
            index("volunteer_attendance", &["volunteer_id", "checked_out_at"], false),
            index("volunteer_attendance", &["activity_id"], false),
            index("volunteer_hours", &["chain", "seq"], true),
            index("volunteer_hours", &["chain", "corrects"], false),
            index("volunteer_hours", &["volunteer_id", "served_on"], false),
            index("volunteer_chain_heads", &["chain", "day"], true),
            index("volunteer_proofs", &["code"], true),
            index("volunteer_proofs", &["number"], true),
            index("volunteer_proofs", &["volunteer_id"], false),
            index("volunteer_correction_requests", &["chain", "status"], false),
        ] {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}
