//! Employers and their staff (5A, 5B): a registered organisation employs the workers hired
//! into its posts (`social_work_posts.organization_id`) while the hire has not ended. Its
//! own account, and the office whose region holds the organisation, list the current staff
//! with their certificate, registration, hours still due and months of social insurance
//! in arrears; the organisation's account reads each current staff member's record.

use chrono::NaiveDate;
use domain::identifiers::resident_id::mask;
use domain::identity::Permission;
use serde::Serialize;
use store::entity::{
    organization, person, social_work_hire, social_work_post, social_worker, social_worker_contribution,
    social_worker_registration, social_worker_training,
};
use store::sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::insurance::{ContributionView, month_view};
use super::view::{current_period, education, standing};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StaffRow {
    /// The social worker.
    pub id: i64,
    pub name: String,
    /// Masked.
    pub id_number: String,
    pub post_id: i64,
    pub post_title: String,
    pub hired_on: NaiveDate,
    /// assistant, intermediate or senior; absent without a certificate.
    pub level: Option<String>,
    /// unregistered, registered, renewal_open or lapsed (today)
    pub status: String,
    pub valid_until: Option<NaiveDate>,
    /// Continuing-education hours still due in the current period; absent before the
    /// first registration.
    pub hours_due: Option<f64>,
    /// The months of social insurance in arrears today, latest first.
    pub arrears: Vec<ContributionView>,
    pub arrears_months: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StaffList {
    pub organization_id: i64,
    pub organization_name: String,
    /// The current staff, by name.
    pub items: Vec<StaffRow>,
}

/// The months in arrears on `today` of the workers `ids`, each with its worker, latest first.
pub(super) async fn months_in_arrears(
    db: &impl ConnectionTrait,
    ids: &[i64],
    today: NaiveDate,
) -> Result<Vec<(i64, ContributionView)>, AppError> {
    let mut found = Vec::new();
    for chunk in ids.chunks(1000) {
        let rows = social_worker_contribution::Entity::find()
            .filter(social_worker_contribution::Column::SocialWorkerId.is_in(chunk.to_vec()))
            .order_by_desc(social_worker_contribution::Column::Month)
            .all(db)
            .await?;
        found.extend(
            rows.iter().map(|r| (r.social_worker_id, month_view(r, today))).filter(|(_, m)| m.arrears.is_some()),
        );
    }
    Ok(found)
}

/// The hires into the posts of organisation `org` (only those not ended when `current`),
/// each with its post.
pub(super) async fn hires_of(
    db: &impl ConnectionTrait,
    org: i64,
    current: bool,
) -> Result<Vec<(social_work_hire::Model, social_work_post::Model)>, AppError> {
    let posts =
        social_work_post::Entity::find().filter(social_work_post::Column::OrganizationId.eq(org)).all(db).await?;
    let mut hires = social_work_hire::Entity::find()
        .filter(social_work_hire::Column::PostId.is_in(posts.iter().map(|p| p.id)))
        .order_by_asc(social_work_hire::Column::Id);
    if current {
        hires = hires.filter(social_work_hire::Column::EndedOn.is_null());
    }
    let hires = hires.all(db).await?;
    Ok(hires.into_iter().filter_map(|h| posts.iter().find(|p| p.id == h.post_id).cloned().map(|p| (h, p))).collect())
}

impl App {
    /// The organisation `id` if the actor may see and report for its staff: its own account,
    /// or the office keeping social workers in the organisation's region; 404 otherwise
    /// (403 where the region is visible but the permission is missing).
    pub async fn staff_employer(&self, actor: &Actor, id: i64) -> Result<organization::Model, AppError> {
        let found = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if !actor.organizations().contains(&found.id) {
            actor.require(Permission::ManageSocialWorkers, &found.region_code, &self.regions())?;
        }
        Ok(found)
    }

    /// Whether the worker is now on the staff of an organisation the actor is the account of.
    pub(super) async fn employs(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        worker_id: i64,
    ) -> Result<bool, AppError> {
        let orgs = actor.organizations();
        if orgs.is_empty() {
            return Ok(false);
        }
        let hires = social_work_hire::Entity::find()
            .filter(social_work_hire::Column::SocialWorkerId.eq(worker_id))
            .filter(social_work_hire::Column::EndedOn.is_null())
            .all(db)
            .await?;
        let posts = social_work_post::Entity::find()
            .filter(social_work_post::Column::Id.is_in(hires.iter().map(|h| h.post_id)))
            .filter(social_work_post::Column::OrganizationId.is_in(orgs))
            .one(db)
            .await?;
        Ok(posts.is_some())
    }

    /// The organisation's current staff, by name, with what the employer answers for.
    pub async fn organization_staff(&self, actor: &Actor, id: i64) -> Result<StaffList, AppError> {
        let org = self.staff_employer(actor, id).await?;
        let today = self.settings.today();
        let hires = hires_of(&self.db, org.id, true).await?;
        let ids: Vec<i64> = hires.iter().map(|(h, _)| h.social_worker_id).collect();
        let workers =
            social_worker::Entity::find().filter(social_worker::Column::Id.is_in(ids.clone())).all(&self.db).await?;
        let persons = person::Entity::find()
            .filter(person::Column::Id.is_in(workers.iter().map(|w| w.person_id)))
            .all(&self.db)
            .await?;
        let periods = social_worker_registration::Entity::find()
            .filter(social_worker_registration::Column::SocialWorkerId.is_in(ids.clone()))
            .all(&self.db)
            .await?;
        let trainings = social_worker_training::Entity::find()
            .filter(social_worker_training::Column::SocialWorkerId.is_in(ids.clone()))
            .all(&self.db)
            .await?;
        let in_arrears = months_in_arrears(&self.db, &ids, today).await?;
        let rules = self.social_work_rules(&self.db, &org.region_code).await?;
        let mut items: Vec<StaffRow> = hires
            .into_iter()
            .filter_map(|(hire, post)| {
                let worker = workers.iter().find(|w| w.id == hire.social_worker_id)?;
                let person = persons.iter().find(|p| p.id == worker.person_id)?;
                let own: Vec<_> = periods.iter().filter(|p| p.social_worker_id == worker.id).cloned().collect();
                let current = current_period(&own, today);
                let arrears: Vec<ContributionView> =
                    in_arrears.iter().filter(|(w, _)| *w == worker.id).map(|(_, m)| m.clone()).collect();
                Some(StaffRow {
                    id: worker.id,
                    name: person.name.clone(),
                    id_number: mask(&person.id_number),
                    post_id: post.id,
                    post_title: post.title,
                    hired_on: hire.hired_on,
                    level: worker.certificate_level.map(String::from),
                    status: standing(&rules, current, today).as_str().to_string(),
                    valid_until: current.map(|(p, _)| p.valid_until),
                    hours_due: education(&rules, worker, current, &trainings).map(|e| e.shortfall_hours),
                    arrears_months: arrears.len(),
                    arrears,
                })
            })
            .collect();
        items.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(StaffList { organization_id: org.id, organization_name: org.name, items })
    }
}
