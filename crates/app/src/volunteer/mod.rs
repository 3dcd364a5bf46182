//! Volunteers led by social workers (5E): the real-name registry, activities with QR
//! check-in, the hours ledger chained per organiser, stars (with the application and
//! public notice a region may require) and the proofs anyone can verify. Who may do what
//! is decided here, per record: the office of the volunteer's region (`ManageVolunteers`),
//! an organisation for the volunteers it works with, and a volunteer for their own record.

mod activities;
mod checkin;
mod corrections;
mod figures;
mod hours;
mod import;
mod ledger;
mod merge;
mod proofs;
mod registry;
mod registry_import;
mod stars;
mod teams;

pub use activities::{ActivityEntry, ActivityRoster, ActivityView, NewActivity, RosterRow, SignupOutcome};
pub(crate) use checkin::Checkpoint;
pub use checkin::{Caller, CheckBox, CheckOutcome, Direction, check_box};
pub use corrections::{CorrectionAnswer, CorrectionRequestInput, CorrectionRequestView};
pub use figures::{MonthFigures, VolunteerFigures};
pub use hours::{ConfirmInput, CorrectionInput, NewHours};
pub use import::{HOURS_SHEET, HoursRow, MAX_HOURS_ROWS, parse_hours_sheet};
pub use ledger::{ChainSummary, HeadCheck, LedgerEntryView, PublishedHead, VolunteerEntry};
pub use proofs::{NewProof, ProofVerification, ProofView};
pub use registry::{NewVolunteer, SERVICE_FIELDS, SelfRegistration, VolunteerList, VolunteerRow, VolunteerView};
pub use registry_import::{VOLUNTEER_SHEET, VolunteerSheetRow, parse_volunteer_sheet};
pub use stars::{StarApplicationView, StarNotice, StarObjectionView, StarReview};
pub use teams::{
    GuideInput, LeaveInput, MemberView, NewMember, NewTeam, NewTraining, TEAM_KINDS, TeamDetail, TeamList, TeamView,
    TrainingView,
};

use domain::identity::Permission;
use store::entity::{organization, volunteer, volunteer_activity, volunteer_hour, volunteer_signup};
use store::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

use crate::{Actor, App, AppError};

/// Values per `IN (…)` list of the imports' lookups, within both databases' limits.
const IN_CHUNK: usize = 1_000;

/// Whether a use case reads a record or writes to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
}

/// Who keeps an hours ledger and answers for its proofs: an organisation, or the office of
/// a region for the activities it runs itself.
#[derive(Debug, Clone)]
pub struct Organiser {
    /// The ledger's key: `org-<id>` or `region-<code>`.
    pub chain: String,
    /// The name proofs print.
    pub issuer: String,
    /// The region the organiser's changes are audited under.
    pub region_code: String,
}

impl App {
    /// The organiser the actor records for when it acts in `region`: its organisation, or
    /// the office of `region` where it keeps volunteers.
    async fn organiser_for(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        region: &str,
    ) -> Result<Organiser, AppError> {
        if let Some(id) = actor.organizations().first() {
            let org = organization::Entity::find_by_id(*id).one(db).await?.ok_or(AppError::Forbidden)?;
            return Ok(Organiser { chain: format!("org-{}", org.id), issuer: org.name, region_code: org.region_code });
        }
        let tree = self.regions();
        actor.require(Permission::ManageVolunteers, region, &tree)?;
        let name = tree.lineage(region).iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join("");
        Ok(Organiser { chain: format!("region-{region}"), issuer: name, region_code: region.to_string() })
    }

    /// The organiser of ledger `chain` when the actor keeps it: its organisation's own, or
    /// the office of a region it keeps volunteers in. Anyone else is told it is not there.
    async fn chain_organiser(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        chain: &str,
    ) -> Result<Organiser, AppError> {
        if let Some(org) = chain.strip_prefix("org-").and_then(|id| id.parse::<i64>().ok()) {
            if actor.organizations().contains(&org) {
                return self.organiser_for(db, actor, "").await;
            }
        } else if let Some(code) = chain.strip_prefix("region-") {
            let tree = self.regions();
            if tree.get(code).is_some() && actor.organizations().is_empty() {
                actor.require(Permission::ManageVolunteers, code, &tree)?;
                return self.organiser_for(db, actor, code).await;
            }
        }
        Err(AppError::NotFound)
    }

    /// A volunteer the actor may read or write: the office of the volunteer's region, an
    /// organisation that registered the volunteer or runs an activity they signed up for or
    /// recorded their service, and (to read) the volunteer themselves.
    async fn volunteer_for(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        id: i64,
        access: Access,
    ) -> Result<volunteer::Model, AppError> {
        let found = volunteer::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
        if access == Access::Read && found.account_id == Some(actor.account_id) {
            return Ok(found);
        }
        for org in actor.organizations() {
            if works_with(db, org, &found).await? {
                return Ok(found);
            }
        }
        actor.require(Permission::ManageVolunteers, &found.region_code, &self.regions())?;
        Ok(found)
    }

    /// The volunteer record of the signed-in account, if it has one.
    pub async fn own_volunteer(&self, actor: &Actor) -> Result<Option<volunteer::Model>, AppError> {
        let own = volunteer::Entity::find().filter(volunteer::Column::AccountId.eq(actor.account_id));
        Ok(own.one(&self.db).await?)
    }

    /// Every region code the actor keeps volunteers in; someone who keeps none is refused
    /// as the registry refuses (403 where they read their home region, 404 elsewhere).
    fn volunteer_codes(&self, actor: &Actor) -> Result<Vec<String>, AppError> {
        let tree = self.regions();
        let scopes = actor.regions_with(Permission::ManageVolunteers);
        if scopes.is_empty() {
            let home = actor.home_region().unwrap_or_default().to_string();
            actor.require(Permission::ManageVolunteers, &home, &tree)?;
        }
        Ok(scopes.iter().filter_map(|s| tree.get(s)).flat_map(|n| tree.codes_with_path_prefix(&n.path)).collect())
    }
}

/// Whether the organisation `org` works with the volunteer: it registered them, runs an
/// activity they signed up for, or has recorded their service.
async fn works_with(db: &impl ConnectionTrait, org: i64, v: &volunteer::Model) -> Result<bool, AppError> {
    if v.organization_id == Some(org) {
        return Ok(true);
    }
    let chain = format!("org-{org}");
    let recorded = volunteer_hour::Entity::find()
        .filter(volunteer_hour::Column::Chain.eq(&chain))
        .filter(volunteer_hour::Column::VolunteerId.eq(v.id))
        .count(db)
        .await?;
    if recorded > 0 {
        return Ok(true);
    }
    let activities = volunteer_activity::Entity::find()
        .select_only()
        .column(volunteer_activity::Column::Id)
        .filter(volunteer_activity::Column::Chain.eq(chain))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let signed = volunteer_signup::Entity::find()
        .filter(volunteer_signup::Column::VolunteerId.eq(v.id))
        .filter(volunteer_signup::Column::ActivityId.is_in(activities))
        .count(db)
        .await?;
    Ok(signed > 0)
}
