//! Training bases (社会工作实训基地) and the expert pool (专家库) of 5C, kept per region by
//! the social-work office; lists cover the region and everything below it.

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::date::{past_day, required_day};
use domain::identity::Permission;
use domain::social_work::ServiceField;
use domain::social_work::supervision::{ExpertLevel, Span, last_day, parse_fields};
use serde::{Deserialize, Serialize};
use store::entity::{organization, person, social_work_expert, social_work_training_base, social_worker};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// A training base to recognise: hosted by a registered organisation or a public body.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewTrainingBase {
    pub name: String,
    pub region_code: String,
    /// The registered organisation that hosts it…
    pub host_organization_id: Option<i64>,
    /// …or else the public body that does (e.g. a hospital or a university).
    pub host_name: String,
    /// Service fields (welfare, assistance, …, marriage_family), at least one.
    pub fields: Vec<String>,
    /// YYYY-MM-DD, not in the future.
    pub recognised_on: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrainingBaseView {
    pub id: i64,
    pub name: String,
    pub region_code: String,
    pub host_organization_id: Option<i64>,
    pub host_name: String,
    pub fields: Vec<String>,
    pub recognised_on: NaiveDate,
}

/// An expert to admit: a social worker (by id) or an external expert (name, title, employer).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewExpert {
    pub region_code: String,
    pub social_worker_id: Option<i64>,
    pub name: String,
    pub title: String,
    pub employer: String,
    pub fields: Vec<String>,
    /// city, provincial or national
    pub level: String,
    /// YYYY-MM-DD, not in the future.
    pub admitted_on: String,
    /// The last day in the pool, YYYY-MM-DD; empty while a member.
    pub left_on: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExpertView {
    pub id: i64,
    pub region_code: String,
    pub social_worker_id: Option<i64>,
    pub name: String,
    pub title: String,
    pub employer: String,
    pub fields: Vec<String>,
    pub level: String,
    pub admitted_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    /// A member today.
    pub in_pool: bool,
}

/// Fields as stored: their names, comma-separated.
fn stored_fields(fields: &[ServiceField]) -> String {
    fields.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(",")
}

fn field_names(stored: &str) -> Vec<String> {
    stored.split(',').map(str::to_string).collect()
}

/// The days an expert is in the pool.
pub(super) fn pool_span(expert: &social_work_expert::Model) -> Span {
    Span { from: expert.admitted_on, until: expert.left_on }
}

impl App {
    /// The region `code` and the regions below it, where the actor keeps social-work
    /// records; without a code, every region the actor keeps records in.
    pub(super) fn kept_region_codes(&self, actor: &Actor, code: &str) -> Result<Vec<String>, AppError> {
        let code = match code.trim() {
            "" => return self.kept_codes(actor),
            code => self.registry_region(actor, code)?,
        };
        let tree = self.regions();
        Ok(tree.get(&code).map(|node| tree.codes_with_path_prefix(&node.path)).unwrap_or_default())
    }

    pub async fn add_training_base(&self, actor: &Actor, input: NewTrainingBase) -> Result<i64, AppError> {
        let region = self.registry_region(actor, &input.region_code)?;
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(&input.name, 100));
        let host_name = checks.field("host_name", optional_text(&input.host_name, 100));
        match (input.host_organization_id, host_name.as_deref()) {
            (None, Some("")) => checks.push(Violation::new("required").on("host_name")),
            (Some(_), Some(named)) if !named.is_empty() => {
                checks.push(Violation::new("training-base-one-host").on("host_name"));
            }
            _ => {}
        }
        let fields = checks.field("fields", parse_fields(&input.fields));
        let recognised_on = checks.field("recognised_on", past_day(&input.recognised_on, self.settings.today()));
        let (name, host_name, fields, recognised_on) = checks.finish_with((name, host_name, fields, recognised_on))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        if let Some(org) = input.host_organization_id
            && organization::Entity::find_by_id(org).one(tx.conn()).await?.is_none()
        {
            return Err(AppError::invalid("host_organization_id", Violation::new("organization-unknown")));
        }
        let inserted = social_work_training_base::Entity::insert(social_work_training_base::ActiveModel {
            region_code: Set(region.clone()),
            name: Set(name.clone()),
            host_organization_id: Set(input.host_organization_id),
            host_name: Set(host_name.clone()),
            fields: Set(stored_fields(&fields)),
            recognised_on: Set(recognised_on),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "name": name, "host_organization_id": input.host_organization_id,
            "host_name": host_name, "fields": fields, "recognised_on": recognised_on });
        tx.record(Change::new("create", "social_work_training_base", inserted.last_insert_id, &region).after(&after))
            .await?;
        tx.commit().await?;
        Ok(inserted.last_insert_id)
    }

    /// The training bases in `region` and below, by name.
    pub async fn list_training_bases(&self, actor: &Actor, region: &str) -> Result<Vec<TrainingBaseView>, AppError> {
        let codes = self.kept_region_codes(actor, region)?;
        let rows = social_work_training_base::Entity::find()
            .filter(social_work_training_base::Column::RegionCode.is_in(codes))
            .order_by_asc(social_work_training_base::Column::Name)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|b| TrainingBaseView {
                fields: field_names(&b.fields),
                id: b.id,
                name: b.name,
                region_code: b.region_code,
                host_organization_id: b.host_organization_id,
                host_name: b.host_name,
                recognised_on: b.recognised_on,
            })
            .collect())
    }

    /// Admits an expert to the pool of a region. A social worker must be one the actor keeps.
    pub async fn add_social_work_expert(&self, actor: &Actor, input: NewExpert) -> Result<i64, AppError> {
        let region = self.registry_region(actor, &input.region_code)?;
        let today = self.settings.today();
        let mut checks = Checks::default();
        // An external expert is known by name, title and employer; a social worker by the record.
        let external = input.social_worker_id.is_none();
        let text = |value: &str, max| if external { required_text(value, max) } else { optional_text(value, max) };
        let name = checks.field(
            "name",
            match (external, input.name.trim()) {
                (true, typed) => required_text(typed, 40),
                (false, "") => Ok(String::new()),
                (false, _) => Err(Violation::new("expert-one-person")),
            },
        );
        let title = checks.field("title", text(&input.title, 60));
        let employer = checks.field("employer", text(&input.employer, 100));
        let fields = checks.field("fields", parse_fields(&input.fields));
        let level =
            checks.field("level", ExpertLevel::parse(input.level.trim()).ok_or(Violation::new("unknown-choice")));
        let admitted_on = checks.field("admitted_on", past_day(&input.admitted_on, today));
        let left_on = match input.left_on.trim() {
            "" => Some(None),
            text => checks.field("left_on", required_day(text).map(Some)),
        };
        if let (Some(from), Some(until)) = (admitted_on, left_on) {
            checks.field("left_on", Span::new(from, until));
        }
        let (name, title, employer, fields, level, admitted_on, left_on) =
            checks.finish_with((name, title, employer, fields, level, admitted_on, left_on))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let name = match input.social_worker_id {
            None => name,
            Some(worker_id) => self.kept_worker_name(&tx, actor, worker_id).await?,
        };
        let inserted = social_work_expert::Entity::insert(social_work_expert::ActiveModel {
            region_code: Set(region.clone()),
            social_worker_id: Set(input.social_worker_id),
            name: Set(name.clone()),
            title: Set(title.clone()),
            employer: Set(employer.clone()),
            fields: Set(stored_fields(&fields)),
            level: Set(level.into()),
            admitted_on: Set(admitted_on),
            left_on: Set(left_on),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
        let after = serde_json::json!({ "social_worker_id": input.social_worker_id, "name": name, "title": title,
            "employer": employer, "fields": fields, "level": level, "admitted_on": admitted_on, "left_on": left_on });
        tx.record(Change::new("create", "social_work_expert", inserted.last_insert_id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(inserted.last_insert_id)
    }

    /// Records an expert's last day in the pool, once: not before the admission.
    pub async fn expert_leaves(&self, actor: &Actor, id: i64, left_on: &str) -> Result<(), AppError> {
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let expert = social_work_expert::Entity::find_by_id(id).one(tx.conn()).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageSocialWorkers, &expert.region_code, &self.regions())?;
        if expert.left_on.is_some() {
            return Err(AppError::Conflict(Violation::new("expert-left").on("left_on")));
        }
        let day = last_day(left_on, expert.admitted_on).map_err(|v| AppError::invalid("left_on", v))?;
        let region = expert.region_code.clone();
        let mut row = expert.into_active_model();
        row.left_on = Set(Some(day));
        row.update(tx.conn()).await?;
        tx.record(
            Change::new("update", "social_work_expert", id, &region).after(&serde_json::json!({ "left_on": day })),
        )
        .await?;
        tx.commit().await
    }

    /// The name of a social worker the actor keeps; any other id is unknown to it (422).
    async fn kept_worker_name(&self, tx: &WriteTx, actor: &Actor, worker_id: i64) -> Result<String, AppError> {
        let tree = self.regions();
        let worker = social_worker::Entity::find_by_id(worker_id)
            .one(tx.conn())
            .await?
            .filter(|w| actor.may(Permission::ManageSocialWorkers, &w.region_code, &tree))
            .ok_or_else(|| AppError::invalid("social_worker_id", Violation::new("social-worker-unknown")))?;
        let person = person::Entity::find_by_id(worker.person_id).one(tx.conn()).await?;
        Ok(person.map(|p| p.name).unwrap_or_default())
    }

    /// The experts of `region` and below, optionally only those of one service field.
    pub async fn list_social_work_experts(
        &self,
        actor: &Actor,
        region: &str,
        field: &str,
    ) -> Result<Vec<ExpertView>, AppError> {
        let codes = self.kept_region_codes(actor, region)?;
        let field = match field.trim() {
            "" => None,
            name => Some(
                ServiceField::parse(name)
                    .ok_or_else(|| AppError::invalid("field", Violation::new("unknown-choice")))?
                    .as_str(),
            ),
        };
        let rows = social_work_expert::Entity::find()
            .filter(social_work_expert::Column::RegionCode.is_in(codes))
            .order_by_asc(social_work_expert::Column::Id)
            .all(&self.db)
            .await?;
        let today = self.settings.today();
        Ok(rows
            .into_iter()
            .filter(|e| field.is_none_or(|f| e.fields.split(',').any(|own| own == f)))
            .map(|e| ExpertView {
                in_pool: pool_span(&e).contains(today),
                fields: field_names(&e.fields),
                level: e.level.into(),
                id: e.id,
                region_code: e.region_code,
                social_worker_id: e.social_worker_id,
                name: e.name,
                title: e.title,
                employer: e.employer,
                admitted_on: e.admitted_on,
                left_on: e.left_on,
            })
            .collect())
    }
}
