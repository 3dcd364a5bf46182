//! Adding people to posts, ending posts, and revealing an ID number.

use chrono::{NaiveDate, Utc};
use domain::community::{BodyKind, Employment, PostTitle, check_post};
use domain::date::past_day;
use domain::identifiers::phone::check_phone;
use domain::identifiers::resident_id::{Gender, ResidentId, mask};
use domain::identity::Permission;
use domain::{FieldError, Violation};
use serde::{Deserialize, Serialize};
use store::entity::{person, post};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
};

use super::body_of;
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// A person to put into a post, as typed into a form, an API call or a spreadsheet row.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewPost {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub body: String,
    pub title: String,
    pub employment: String,
    pub started_on: String,
}

/// A post whose every field has been checked.
#[derive(Debug, Clone)]
pub(crate) struct ValidPost {
    pub name: String,
    pub id: ResidentId,
    pub phone: String,
    pub body: BodyKind,
    pub title: PostTitle,
    pub employment: Employment,
    pub started_on: NaiveDate,
}

#[derive(Serialize)]
struct PostAudit<'a> {
    person: &'a str,
    id_number: String,
    body: &'a str,
    title: &'a str,
    employment: &'a str,
    started_on: NaiveDate,
}

impl NewPost {
    /// Checks each field on its own, reporting every problem at once.
    pub(crate) fn validate(&self, today: NaiveDate) -> Result<ValidPost, Vec<FieldError>> {
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(&self.name, 40));
        let id = checks.field("id_number", ResidentId::parse(&self.id_number, today));
        let phone = checks.field("phone", check_phone(&self.phone));
        let body = checks.field("body", BodyKind::parse(self.body.trim()).ok_or(Violation::new("unknown-choice")));
        let title = checks.field("title", PostTitle::parse(self.title.trim()).ok_or(Violation::new("unknown-choice")));
        let employment = checks
            .field("employment", Employment::parse(self.employment.trim()).ok_or(Violation::new("unknown-choice")));
        let started_on = checks.field("started_on", past_day(&self.started_on, today));
        if let (Some(body), Some(title)) = (body, title) {
            checks.field("title", check_post(body, title));
        }
        let (name, id, phone, body, title, employment, started_on) =
            checks.into_values((name, id, phone, body, title, employment, started_on))?;
        Ok(ValidPost { name, id, phone, body, title, employment, started_on })
    }
}

impl App {
    pub async fn add_post(&self, actor: &Actor, code: &str, input: NewPost) -> Result<i64, AppError> {
        let tree = self.regions();
        actor.require(Permission::WriteCommunity, code, &tree)?;
        let valid = input.validate(self.settings.today()).map_err(AppError::Invalid)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let id = write_post(&mut tx, code, &valid).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn end_post(&self, actor: &Actor, code: &str, post_id: i64, ended_on: &str) -> Result<(), AppError> {
        let tree = self.regions();
        actor.require(Permission::WriteCommunity, code, &tree)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let found = post::Entity::find_by_id(post_id)
            .one(tx.conn())
            .await?
            .filter(|p| p.region_code == code)
            .ok_or(AppError::NotFound)?;
        let ended_on = NaiveDate::parse_from_str(ended_on.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("ended_on", Violation::new("date-format")))?;
        if ended_on < found.started_on {
            return Err(AppError::invalid("ended_on", Violation::new("date-before-start")));
        }
        if found.ended_on.is_some() {
            return Err(AppError::Conflict(Violation::new("post-already-ended").on("ended_on")));
        }
        let mut row = found.into_active_model();
        row.ended_on = Set(Some(ended_on));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "ended_on": ended_on });
        tx.record(Change::new("end", "post", post_id, code).after(&after)).await?;
        tx.commit().await
    }

    /// The full ID number of a person holding a post in `code`, recorded in the audit trail.
    pub async fn reveal_id_number(&self, actor: &Actor, code: &str, person_id: i64) -> Result<String, AppError> {
        let tree = self.regions();
        actor.require(Permission::RevealPersonalData, code, &tree)?;
        let holds_post_here = post::Entity::find()
            .filter(post::Column::PersonId.eq(person_id))
            .filter(post::Column::RegionCode.eq(code))
            .count(&self.db)
            .await?
            > 0;
        let found = person::Entity::find_by_id(person_id).one(&self.db).await?;
        let Some(found) = found.filter(|_| holds_post_here) else {
            return Err(AppError::NotFound);
        };
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        tx.record(Change::new("reveal", "person", person_id, code)).await?;
        tx.commit().await?;
        Ok(found.id_number)
    }
}

/// The person with this ID number, or a new one registered by the community `code`; a
/// known person's name must agree.
pub(crate) async fn find_or_create_person(
    tx: &mut WriteTx,
    code: &str,
    name: &str,
    id: &ResidentId,
    phone: &str,
) -> Result<i64, AppError> {
    let existing = person::Entity::find().filter(person::Column::IdNumber.eq(id.as_str())).one(tx.conn()).await?;
    match existing {
        Some(p) if p.name != name => {
            Err(AppError::Conflict(Violation::new("id-number-name-mismatch").with("name", p.name).on("name")))
        }
        Some(p) => Ok(p.id),
        None => {
            let inserted = person::Entity::insert(new_person(code, name, id, phone)).exec(tx.conn()).await?;
            let after = serde_json::json!({ "name": name, "id_number": mask(id.as_str()) });
            tx.record(Change::new("create", "person", inserted.last_insert_id, code).after(&after)).await?;
            Ok(inserted.last_insert_id)
        }
    }
}

/// A new person row, registered by `code`.
pub(crate) fn new_person(code: &str, name: &str, id: &ResidentId, phone: &str) -> person::ActiveModel {
    person::ActiveModel {
        id_number: Set(id.as_str().to_string()),
        name: Set(name.to_string()),
        name_lower: Set(name.to_lowercase()),
        gender: Set(match id.gender() {
            Gender::Male => "male",
            Gender::Female => "female",
        }
        .to_string()),
        birth_date: Set(id.birth_date()),
        phone: Set(phone.to_string()),
        deprived_of_political_rights: Set(false),
        region_code: Set(code.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// Writes one checked post inside a transaction: the person is found by ID number or
/// created, the name must agree, and a head post must be vacant.
pub(crate) async fn write_post(tx: &mut WriteTx, code: &str, valid: &ValidPost) -> Result<i64, AppError> {
    let body = body_of(tx.conn(), code, valid.body)
        .await?
        .ok_or_else(|| AppError::invalid("body", Violation::new("body-not-in-community")))?;
    let person_id = find_or_create_person(tx, code, &valid.name, &valid.id, &valid.phone).await?;
    let current = post::Entity::find()
        .filter(post::Column::BodyId.eq(body.id))
        .filter(post::Column::EndedOn.is_null())
        .all(tx.conn())
        .await?;
    if current.iter().any(|p| p.person_id == person_id && p.title == valid.title.as_str()) {
        return Err(AppError::Conflict(Violation::new("post-already-held").on("title")));
    }
    if valid.title.is_single_seat() && current.iter().any(|p| p.title == valid.title.as_str()) {
        return Err(AppError::Conflict(Violation::new("post-seat-taken").on("title")));
    }
    let inserted = post::Entity::insert(post::ActiveModel {
        body_id: Set(body.id),
        person_id: Set(person_id),
        region_code: Set(code.to_string()),
        title: Set(valid.title.as_str().to_string()),
        employment: Set(valid.employment.as_str().to_string()),
        started_on: Set(valid.started_on),
        ..Default::default()
    })
    .exec(tx.conn())
    .await?;
    let audit = PostAudit {
        person: &valid.name,
        id_number: mask(valid.id.as_str()),
        body: valid.body.as_str(),
        title: valid.title.as_str(),
        employment: valid.employment.as_str(),
        started_on: valid.started_on,
    };
    tx.record(Change::new("create", "post", inserted.last_insert_id, code).after(&audit)).await?;
    Ok(inserted.last_insert_id)
}
