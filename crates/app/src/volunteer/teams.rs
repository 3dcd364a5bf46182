//! Volunteer teams led by social workers (5E): a team under a community, an organisation
//! or an association, with a social worker as its guide (a team without one is flagged),
//! its members from joining to leaving, and the training its members receive, social-work
//! skills marked. The office of the team's region keeps it (`ManageVolunteers`).

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::date::past_day;
use domain::identity::Permission;
use serde::{Deserialize, Serialize};
use store::entity::{
    organization, person, social_worker, volunteer, volunteer_team, volunteer_team_member, volunteer_training,
};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// What a team is formed under.
pub const TEAM_KINDS: [&str; 3] = ["community", "organization", "association"];

/// The most one training record may hold: 1000 hours.
const MAX_TRAINING_MINUTES: i64 = 1000 * 60;

/// A team as typed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewTeam {
    pub name: String,
    /// The region whose office keeps the team (a community, usually).
    pub region_code: String,
    /// community, organization or association
    pub kind: String,
    /// The organisation the team belongs to (required for kind organization).
    pub organization_id: Option<i64>,
    /// The social worker who guides the team, kept in the team's region, above it or below it.
    pub guide_social_worker_id: Option<i64>,
    /// YYYY-MM-DD, not after today.
    pub founded_on: String,
}

/// The team's guide, set or replaced.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GuideInput {
    pub guide_social_worker_id: Option<i64>,
}

/// A volunteer joining a team.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewMember {
    /// The volunteer's id (a number) or volunteer number (a string).
    #[schema(value_type = String)]
    pub volunteer: serde_json::Value,
    /// YYYY-MM-DD, not after today nor before the team was founded.
    pub joined_on: String,
}

/// A member leaving.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LeaveInput {
    /// YYYY-MM-DD, not before joining nor after today.
    pub left_on: String,
}

/// Training a member received, as typed: its length as whole minutes or as hours.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewTraining {
    /// The volunteer's id (a number) or volunteer number (a string); a member of the team.
    #[schema(value_type = String)]
    pub volunteer: serde_json::Value,
    pub title: String,
    pub provider: String,
    /// Whole minutes; or give `hours`.
    #[schema(value_type = Option<i64>)]
    pub minutes: serde_json::Value,
    /// Hours (halves and quarters allowed), when `minutes` is not given.
    #[schema(value_type = Option<f64>)]
    pub hours: serde_json::Value,
    /// YYYY-MM-DD, not after today.
    pub trained_on: String,
    /// Whether the training taught social-work skills.
    pub social_work_skills: bool,
}

/// A team as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamView {
    pub id: i64,
    pub name: String,
    pub region_code: String,
    pub kind: String,
    pub organization_id: Option<i64>,
    pub organization_name: Option<String>,
    pub guide_social_worker_id: Option<i64>,
    pub guide_name: Option<String>,
    /// False for a team without a social-worker guide (无社工指导).
    pub guided: bool,
    pub founded_on: NaiveDate,
    /// Members who have not left.
    pub member_count: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamList {
    pub items: Vec<TeamView>,
    /// Teams without a social-worker guide.
    pub unguided: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub volunteer_id: i64,
    pub number: String,
    pub name: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrainingView {
    pub id: i64,
    pub volunteer_id: i64,
    pub name: String,
    pub title: String,
    pub provider: String,
    pub minutes: i64,
    pub trained_on: NaiveDate,
    pub social_work_skills: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamDetail {
    #[serde(flatten)]
    pub team: TeamView,
    /// Current members first, then those who left; by joining day.
    pub members: Vec<MemberView>,
    /// Training of the team's members (present and past), latest first.
    pub trainings: Vec<TrainingView>,
}

/// A training's length in minutes: `minutes` when given, else `hours` × 60; a refusal names
/// the field it is about.
fn training_minutes(minutes: &serde_json::Value, hours: &serde_json::Value) -> Result<i64, (&'static str, Violation)> {
    let blank = |v: &serde_json::Value| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty());
    let (field, m) = if !blank(minutes) {
        let m = match minutes {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        ("minutes", m.ok_or(("minutes", Violation::new("minutes-whole")))?)
    } else if !blank(hours) {
        let h = match hours {
            serde_json::Value::Number(n) => n.as_f64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let h = h.filter(|h| h.is_finite()).ok_or(("hours", Violation::new("training-hours-number")))?;
        ("hours", (h * 60.0).round() as i64)
    } else {
        return Err(("minutes", Violation::new("required")));
    };
    if !(1..=MAX_TRAINING_MINUTES).contains(&m) {
        return Err((field, Violation::new("training-length-range").with("max", MAX_TRAINING_MINUTES / 60)));
    }
    Ok(m)
}

impl App {
    /// Creates a team in a region the actor keeps volunteers in.
    pub async fn create_team(&self, actor: &Actor, input: NewTeam) -> Result<i64, AppError> {
        let region = self.team_region(actor, &input.region_code)?;
        let today = self.settings.today();
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(&input.name, 60));
        let kind = checks.field(
            "kind",
            TEAM_KINDS.iter().find(|k| **k == input.kind.trim()).copied().ok_or(Violation::new("unknown-choice")),
        );
        let founded_on = checks.field("founded_on", past_day(&input.founded_on, today));
        if kind == Some("organization") && input.organization_id.is_none() {
            checks.push(Violation::new("required").on("organization_id"));
        }
        let (name, kind, founded_on) = checks.finish_with((name, kind, founded_on))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        if let Some(org) = input.organization_id
            && organization::Entity::find_by_id(org).one(tx.conn()).await?.is_none()
        {
            return Err(AppError::invalid("organization_id", Violation::new("unknown-choice")));
        }
        if let Some(guide) = input.guide_social_worker_id {
            self.check_guide(tx.conn(), guide, &region).await?;
        }
        let row = volunteer_team::ActiveModel {
            name: Set(name.clone()),
            region_code: Set(region.clone()),
            kind: Set(kind.to_string()),
            organization_id: Set(input.organization_id),
            guide_social_worker_id: Set(input.guide_social_worker_id),
            founded_on: Set(founded_on),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = volunteer_team::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "name": name, "kind": kind, "organization_id": input.organization_id,
            "guide_social_worker_id": input.guide_social_worker_id, "founded_on": founded_on });
        tx.record(Change::new("create", "volunteer_team", id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sets or replaces a team's guide.
    pub async fn set_team_guide(&self, actor: &Actor, team_id: i64, input: GuideInput) -> Result<(), AppError> {
        // Scope first, so a caller outside it learns nothing from validation.
        self.team_for(&self.db, actor, team_id).await?;
        let guide = input
            .guide_social_worker_id
            .ok_or_else(|| AppError::invalid("guide_social_worker_id", Violation::new("required")))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let team = self.team_for(tx.conn(), actor, team_id).await?;
        self.check_guide(tx.conn(), guide, &team.region_code).await?;
        let before = serde_json::json!({ "guide_social_worker_id": team.guide_social_worker_id });
        let after = serde_json::json!({ "guide_social_worker_id": guide });
        let region = team.region_code.clone();
        let mut row = team.into_active_model();
        row.guide_social_worker_id = Set(Some(guide));
        row.update(tx.conn()).await?;
        tx.record(Change::new("set_guide", "volunteer_team", team_id, &region).before(&before).after(&after)).await?;
        tx.commit().await
    }

    /// Adds an active volunteer the actor keeps to a team; a current member again is 409.
    pub async fn add_team_member(&self, actor: &Actor, team_id: i64, input: NewMember) -> Result<i64, AppError> {
        self.team_for(&self.db, actor, team_id).await?;
        let today = self.settings.today();
        let joined_on = past_day(&input.joined_on, today).map_err(|v| AppError::invalid("joined_on", v))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let team = self.team_for(tx.conn(), actor, team_id).await?;
        let v = self.team_volunteer(tx.conn(), actor, &input.volunteer).await?;
        if v.status != "active" {
            return Err(AppError::invalid("volunteer", Violation::new("volunteer-not-active")));
        }
        if joined_on < team.founded_on {
            let violation = Violation::new("team-joined-before-founded").with("date", team.founded_on);
            return Err(AppError::invalid("joined_on", violation));
        }
        let memberships = memberships(tx.conn(), team.id, v.id).await?;
        if memberships.iter().any(|m| m.left_on.is_none()) {
            return Err(AppError::Conflict(Violation::new("team-member-already").on("volunteer")));
        }
        let row = volunteer_team_member::ActiveModel {
            team_id: Set(team.id),
            volunteer_id: Set(v.id),
            joined_on: Set(joined_on),
            left_on: Set(None),
            ..Default::default()
        };
        let id = volunteer_team_member::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "team_id": team.id, "volunteer_id": v.id, "joined_on": joined_on });
        tx.record(Change::new("create", "volunteer_team_member", id, &team.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A current member leaves the team, on a day not before they joined.
    pub async fn leave_team(
        &self,
        actor: &Actor,
        team_id: i64,
        volunteer_id: i64,
        input: LeaveInput,
    ) -> Result<(), AppError> {
        self.team_for(&self.db, actor, team_id).await?;
        let today = self.settings.today();
        let left_on = past_day(&input.left_on, today).map_err(|v| AppError::invalid("left_on", v))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let team = self.team_for(tx.conn(), actor, team_id).await?;
        let current = memberships(tx.conn(), team.id, volunteer_id).await?.into_iter().find(|m| m.left_on.is_none());
        let current = current.ok_or(AppError::NotFound)?;
        if left_on < current.joined_on {
            let violation = Violation::new("team-left-before-joined").with("date", current.joined_on);
            return Err(AppError::invalid("left_on", violation));
        }
        let id = current.id;
        let mut row = current.into_active_model();
        row.left_on = Set(Some(left_on));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "team_id": team.id, "volunteer_id": volunteer_id, "left_on": left_on });
        tx.record(Change::new("leave", "volunteer_team_member", id, &team.region_code).after(&after)).await?;
        tx.commit().await
    }

    /// Records training a member of the team received.
    pub async fn record_training(&self, actor: &Actor, team_id: i64, input: NewTraining) -> Result<i64, AppError> {
        self.team_for(&self.db, actor, team_id).await?;
        let today = self.settings.today();
        let mut checks = Checks::default();
        let title = checks.field("title", required_text(&input.title, 100));
        let provider = checks.field("provider", optional_text(&input.provider, 100));
        let trained_on = checks.field("trained_on", past_day(&input.trained_on, today));
        let length = match training_minutes(&input.minutes, &input.hours) {
            Ok(m) => Some(m),
            Err((field, v)) => {
                checks.push(v.on(field));
                None
            }
        };
        let (title, provider, trained_on, minutes) = checks.finish_with((title, provider, trained_on, length))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let team = self.team_for(tx.conn(), actor, team_id).await?;
        let v = self.team_volunteer(tx.conn(), actor, &input.volunteer).await?;
        if memberships(tx.conn(), team.id, v.id).await?.is_empty() {
            return Err(AppError::invalid("volunteer", Violation::new("team-not-member")));
        }
        let row = volunteer_training::ActiveModel {
            volunteer_id: Set(v.id),
            title: Set(title.clone()),
            provider: Set(provider.clone()),
            minutes: Set(i32::try_from(minutes).unwrap_or(i32::MAX)),
            trained_on: Set(trained_on),
            social_work_skills: Set(input.social_work_skills),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = volunteer_training::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "volunteer_id": v.id, "team_id": team.id, "title": title,
            "provider": provider, "minutes": minutes, "trained_on": trained_on,
            "social_work_skills": input.social_work_skills });
        tx.record(Change::new("create", "volunteer_training", id, &v.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The teams kept in the actor's regions, unguided first, then by name.
    pub async fn list_teams(&self, actor: &Actor) -> Result<TeamList, AppError> {
        let codes = self.volunteer_codes(actor)?;
        let teams = volunteer_team::Entity::find()
            .filter(volunteer_team::Column::RegionCode.is_in(codes))
            .order_by_asc(volunteer_team::Column::Name)
            .all(&self.db)
            .await?;
        let mut items = self.team_views(&self.db, teams).await?;
        items.sort_by_key(|t| t.guided);
        let unguided = items.iter().filter(|t| !t.guided).count() as u64;
        Ok(TeamList { items, unguided })
    }

    /// A team with its members and their training.
    pub async fn team(&self, actor: &Actor, id: i64) -> Result<TeamDetail, AppError> {
        let team = self.team_for(&self.db, actor, id).await?;
        let rows = volunteer_team_member::Entity::find()
            .filter(volunteer_team_member::Column::TeamId.eq(team.id))
            .order_by_asc(volunteer_team_member::Column::JoinedOn)
            .all(&self.db)
            .await?;
        let volunteer_ids: Vec<i64> = rows.iter().map(|m| m.volunteer_id).collect();
        let known = super::registry::numbers_and_names(&self.db, volunteer_ids.clone()).await?;
        let name_of = |volunteer_id: i64| known.get(&volunteer_id).cloned().unwrap_or_default();
        let mut members: Vec<MemberView> = rows
            .iter()
            .map(|m| {
                let (number, name) = name_of(m.volunteer_id);
                MemberView { volunteer_id: m.volunteer_id, number, name, joined_on: m.joined_on, left_on: m.left_on }
            })
            .collect();
        members.sort_by_key(|m| m.left_on.is_some());
        let trainings = volunteer_training::Entity::find()
            .filter(volunteer_training::Column::VolunteerId.is_in(volunteer_ids))
            .order_by_desc(volunteer_training::Column::TrainedOn)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| TrainingView {
                id: t.id,
                volunteer_id: t.volunteer_id,
                name: name_of(t.volunteer_id).1,
                title: t.title,
                provider: t.provider,
                minutes: i64::from(t.minutes),
                trained_on: t.trained_on,
                social_work_skills: t.social_work_skills,
            })
            .collect();
        let team = self.team_views(&self.db, vec![team]).await?.remove(0);
        Ok(TeamDetail { team, members, trainings })
    }

    /// The social workers a team form offers as guides: those kept in the actor's
    /// volunteer regions, by name (id, name, region code).
    pub async fn guide_choices(&self, actor: &Actor) -> Result<Vec<(i64, String, String)>, AppError> {
        let codes = self.volunteer_codes(actor)?;
        let workers = social_worker::Entity::find()
            .filter(social_worker::Column::RegionCode.is_in(codes))
            .limit(2000)
            .all(&self.db)
            .await?;
        let persons = person::Entity::find()
            .filter(person::Column::Id.is_in(workers.iter().map(|w| w.person_id)))
            .all(&self.db)
            .await?;
        let mut choices: Vec<(i64, String, String)> = workers
            .iter()
            .filter_map(|w| {
                let p = persons.iter().find(|p| p.id == w.person_id)?;
                Some((w.id, p.name.clone(), w.region_code.clone()))
            })
            .collect();
        choices.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        Ok(choices)
    }

    /// The team `id` if the actor keeps volunteers in its region (403/404 as elsewhere).
    async fn team_for(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        id: i64,
    ) -> Result<volunteer_team::Model, AppError> {
        let team = volunteer_team::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageVolunteers, &team.region_code, &self.regions())?;
        Ok(team)
    }

    /// A region a team is formed in: a current division the actor keeps volunteers in.
    fn team_region(&self, actor: &Actor, code: &str) -> Result<String, AppError> {
        let code = code.trim();
        let tree = self.regions();
        if tree.get(code).is_none() {
            if !actor.has_anywhere(Permission::ManageVolunteers) {
                return Err(AppError::NotFound);
            }
            let violation = if code.is_empty() { "required" } else { "region-unknown" };
            return Err(AppError::invalid("region_code", Violation::new(violation)));
        }
        actor.require(Permission::ManageVolunteers, code, &tree)?;
        Ok(code.to_string())
    }

    /// A guide must be a social worker kept in the team's region, above it or below it.
    async fn check_guide(&self, db: &impl ConnectionTrait, worker_id: i64, region: &str) -> Result<(), AppError> {
        let field = "guide_social_worker_id";
        let worker = social_worker::Entity::find_by_id(worker_id).one(db).await?;
        let worker = worker.ok_or_else(|| AppError::invalid(field, Violation::new("social-worker-unknown")))?;
        let tree = self.regions();
        if !(tree.contains(&worker.region_code, region) || tree.contains(region, &worker.region_code)) {
            return Err(AppError::invalid(field, Violation::new("team-guide-elsewhere")));
        }
        Ok(())
    }

    /// The volunteer named by id or volunteer number, kept in the actor's regions; any
    /// other is unknown to the caller (422 on `volunteer`).
    async fn team_volunteer(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        named: &serde_json::Value,
    ) -> Result<volunteer::Model, AppError> {
        let unknown = || AppError::invalid("volunteer", Violation::new("volunteer-unknown"));
        let found = match named {
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(id) => volunteer::Entity::find_by_id(id).one(db).await?,
                None => None,
            },
            serde_json::Value::String(s) if s.trim().is_empty() => {
                return Err(AppError::invalid("volunteer", Violation::new("required")));
            }
            serde_json::Value::String(s) => {
                let by_number =
                    volunteer::Entity::find().filter(volunteer::Column::Number.eq(s.trim())).one(db).await?;
                match (by_number, s.trim().parse::<i64>()) {
                    (Some(v), _) => Some(v),
                    (None, Ok(id)) => volunteer::Entity::find_by_id(id).one(db).await?,
                    (None, Err(_)) => None,
                }
            }
            serde_json::Value::Null => return Err(AppError::invalid("volunteer", Violation::new("required"))),
            _ => None,
        };
        let v = found.ok_or_else(unknown)?;
        if !actor.may(Permission::ManageVolunteers, &v.region_code, &self.regions()) {
            return Err(unknown());
        }
        Ok(v)
    }

    /// Teams as lists show them: their guide's name, organisation and current members,
    /// read for all of them at once.
    async fn team_views(
        &self,
        db: &impl ConnectionTrait,
        teams: Vec<volunteer_team::Model>,
    ) -> Result<Vec<TeamView>, AppError> {
        let ids: Vec<i64> = teams.iter().map(|t| t.id).collect();
        let current = volunteer_team_member::Entity::find()
            .filter(volunteer_team_member::Column::TeamId.is_in(ids))
            .filter(volunteer_team_member::Column::LeftOn.is_null())
            .all(db)
            .await?;
        let workers = social_worker::Entity::find()
            .filter(social_worker::Column::Id.is_in(teams.iter().filter_map(|t| t.guide_social_worker_id)))
            .all(db)
            .await?;
        let persons = person::Entity::find()
            .filter(person::Column::Id.is_in(workers.iter().map(|w| w.person_id)))
            .all(db)
            .await?;
        let orgs = organization::Entity::find()
            .filter(organization::Column::Id.is_in(teams.iter().filter_map(|t| t.organization_id)))
            .all(db)
            .await?;
        Ok(teams
            .into_iter()
            .map(|t| {
                let guide_name = t
                    .guide_social_worker_id
                    .and_then(|g| workers.iter().find(|w| w.id == g))
                    .and_then(|w| persons.iter().find(|p| p.id == w.person_id))
                    .map(|p| p.name.clone());
                TeamView {
                    id: t.id,
                    member_count: current.iter().filter(|m| m.team_id == t.id).count() as u64,
                    organization_name: t
                        .organization_id
                        .and_then(|o| orgs.iter().find(|org| org.id == o))
                        .map(|o| o.name.clone()),
                    guided: t.guide_social_worker_id.is_some(),
                    guide_name,
                    name: t.name,
                    region_code: t.region_code,
                    kind: t.kind,
                    organization_id: t.organization_id,
                    guide_social_worker_id: t.guide_social_worker_id,
                    founded_on: t.founded_on,
                }
            })
            .collect())
    }
}

/// A volunteer's memberships of a team, past and current.
async fn memberships(
    db: &impl ConnectionTrait,
    team_id: i64,
    volunteer_id: i64,
) -> Result<Vec<volunteer_team_member::Model>, AppError> {
    Ok(volunteer_team_member::Entity::find()
        .filter(volunteer_team_member::Column::TeamId.eq(team_id))
        .filter(volunteer_team_member::Column::VolunteerId.eq(volunteer_id))
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_training_is_given_in_minutes_or_in_hours_and_must_last() {
        let n = serde_json::Value::Null;
        let code = |r: Result<i64, (&'static str, Violation)>| r.map_err(|(f, v)| (f, v.code));
        assert_eq!(training_minutes(&serde_json::json!(90), &n), Ok(90));
        assert_eq!(training_minutes(&n, &serde_json::json!(1.5)), Ok(90));
        assert_eq!(training_minutes(&n, &serde_json::json!("2")), Ok(120));
        assert_eq!(code(training_minutes(&n, &n)), Err(("minutes", "required")));
        assert_eq!(code(training_minutes(&serde_json::json!(0), &n)), Err(("minutes", "training-length-range")));
        assert_eq!(code(training_minutes(&serde_json::json!(1.5), &n)), Err(("minutes", "minutes-whole")));
        assert_eq!(code(training_minutes(&n, &serde_json::json!("x"))), Err(("hours", "training-hours-number")));
        assert_eq!(code(training_minutes(&n, &serde_json::json!(1001))), Err(("hours", "training-length-range")));
    }
}
