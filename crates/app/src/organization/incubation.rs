//! Incubation bases (4B): civil affairs opens bases in its region; each base hosts groups,
//! registered or not yet, from entry until they graduate as registered, filed or withdrawn.

use chrono::NaiveDate;
use domain::Violation;
use domain::identity::Permission;
use domain::organization::cultivation::{Graduation, Stay, check_graduation, check_reentry};
use serde::Serialize;
use store::entity::{incubation_base, incubation_stay, organization};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use super::{refusal, registers};
use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewBase {
    pub name: String,
    pub region_code: String,
    pub operator: String,
    pub address: String,
    /// YYYY-MM-DD, not in the future.
    pub opened_on: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BaseView {
    pub id: i64,
    pub region_code: String,
    pub region_name: String,
    pub name: String,
    pub operator: String,
    pub address: String,
    pub opened_on: NaiveDate,
    /// Groups hosted today.
    pub hosted: usize,
    /// Groups that have left, by any outcome.
    pub graduated: usize,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewStay {
    /// The group's name; may be left empty when it names a registered organisation.
    pub name: String,
    pub organization_id: Option<i64>,
    pub entered_on: String,
    pub note: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GraduationInput {
    pub graduated_on: String,
    /// registered | filed | withdrawn
    pub outcome: String,
    /// The registered organisation, required for `registered` unless the stay names one.
    pub organization_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StayView {
    pub id: i64,
    pub base_id: i64,
    pub name: String,
    pub organization_id: Option<i64>,
    pub entered_on: NaiveDate,
    pub graduated_on: Option<NaiveDate>,
    #[schema(value_type = Option<String>)]
    pub outcome: Option<Graduation>,
    pub note: String,
}

impl StayView {
    fn from_row(row: incubation_stay::Model) -> Self {
        Self {
            outcome: row.outcome.map(|v| v.0),
            id: row.id,
            base_id: row.base_id,
            name: row.name,
            organization_id: row.organization_id,
            entered_on: row.entered_on,
            graduated_on: row.graduated_on,
            note: row.note,
        }
    }
}

fn stay_of(row: &incubation_stay::Model) -> Stay {
    Stay { entered_on: row.entered_on, graduated_on: row.graduated_on }
}

impl App {
    /// Opens an incubation base in a region where the actor registers organisations.
    pub async fn open_incubation_base(&self, actor: &Actor, input: NewBase) -> Result<i64, AppError> {
        let tree = self.regions();
        let region = input.region_code.trim();
        if tree.get(region).is_none() {
            return Err(AppError::invalid("region_code", Violation::new("region-unknown")));
        }
        actor.require(Permission::RegisterOrganizations, region, &tree)?;
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(&input.name, 100));
        let operator = checks.field("operator", required_text(&input.operator, 100));
        let address = checks.field("address", optional_text(&input.address, 200));
        let opened_on = checks.field("opened_on", self.past_date(&input.opened_on));
        let (name, operator, address, opened_on) = checks.finish_with((name, operator, address, opened_on))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let taken = incubation_base::Entity::find()
            .filter(incubation_base::Column::RegionCode.eq(region))
            .filter(incubation_base::Column::Name.eq(&name))
            .one(tx.conn())
            .await?;
        if taken.is_some() {
            return Err(AppError::Conflict(Violation::new("name-taken").on("name")));
        }
        let id = incubation_base::Entity::insert(incubation_base::ActiveModel {
            region_code: Set(region.to_string()),
            name: Set(name.clone()),
            operator: Set(operator.clone()),
            address: Set(address),
            opened_on: Set(opened_on),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "name": name, "operator": operator, "opened_on": opened_on });
        tx.record(Change::new("open", "incubation_base", id, region).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The bases in regions where the actor reads organisations, with how many groups each
    /// hosts today and has graduated.
    pub async fn incubation_bases(&self, actor: &Actor) -> Result<Vec<BaseView>, AppError> {
        Ok(self.visible_bases(actor).await?.0)
    }

    /// The bases the actor sees and every stay at them.
    pub(crate) async fn visible_bases(
        &self,
        actor: &Actor,
    ) -> Result<(Vec<BaseView>, Vec<incubation_stay::Model>), AppError> {
        let tree = self.regions();
        let bases: Vec<incubation_base::Model> = incubation_base::Entity::find()
            .order_by_asc(incubation_base::Column::RegionCode)
            .order_by_asc(incubation_base::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|b| actor.may(Permission::ReadOrganizations, &b.region_code, &tree))
            .collect();
        self.with_stays(bases).await
    }

    /// Views of `bases` with their counts, and their stays.
    async fn with_stays(
        &self,
        bases: Vec<incubation_base::Model>,
    ) -> Result<(Vec<BaseView>, Vec<incubation_stay::Model>), AppError> {
        let tree = self.regions();
        let ids: Vec<i64> = bases.iter().map(|b| b.id).collect();
        let stays = self.stays_of(&ids).await?;
        let today = self.settings.today();
        let views = bases
            .into_iter()
            .map(|b| {
                let own = || stays.iter().filter(|s| s.base_id == b.id);
                BaseView {
                    region_name: tree.get(&b.region_code).map(|n| n.name.clone()).unwrap_or_default(),
                    hosted: own().filter(|s| stay_of(s).hosted_on(today)).count(),
                    graduated: own().filter(|s| s.graduated_on.is_some()).count(),
                    id: b.id,
                    region_code: b.region_code,
                    name: b.name,
                    operator: b.operator,
                    address: b.address,
                    opened_on: b.opened_on,
                }
            })
            .collect();
        Ok((views, stays))
    }

    /// One base and every group it has hosted, newest entry first.
    pub async fn incubation_base(&self, actor: &Actor, id: i64) -> Result<(BaseView, Vec<StayView>), AppError> {
        let base = incubation_base::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if !actor.may(Permission::ReadOrganizations, &base.region_code, &self.regions()) {
            return Err(AppError::NotFound);
        }
        let (mut views, stays) = self.with_stays(vec![base]).await?;
        let base = views.pop().ok_or(AppError::NotFound)?;
        let mut stays: Vec<StayView> = stays.into_iter().map(StayView::from_row).collect();
        stays.sort_by(|a, b| b.entered_on.cmp(&a.entered_on).then(b.id.cmp(&a.id)));
        Ok((base, stays))
    }

    async fn stays_of(&self, bases: &[i64]) -> Result<Vec<incubation_stay::Model>, AppError> {
        let mut stays = Vec::new();
        for chunk in bases.chunks(500) {
            stays.extend(
                incubation_stay::Entity::find()
                    .filter(incubation_stay::Column::BaseId.is_in(chunk.to_vec()))
                    .all(&self.db)
                    .await?,
            );
        }
        Ok(stays)
    }

    /// The base, when the actor may manage it (registers organisations in its region).
    async fn managed_base(&self, actor: &Actor, id: i64) -> Result<incubation_base::Model, AppError> {
        let base = incubation_base::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let tree = self.regions();
        if !actor.may(Permission::ReadOrganizations, &base.region_code, &tree) {
            return Err(AppError::NotFound);
        }
        actor.require(Permission::RegisterOrganizations, &base.region_code, &tree)?;
        Ok(base)
    }

    /// A registered organisation named by a stay: one the actor registers for.
    async fn registered_for_stay(&self, actor: &Actor, id: i64) -> Result<organization::Model, AppError> {
        let org = organization::Entity::find_by_id(id).one(&self.db).await?;
        let tree = self.regions();
        match org {
            Some(org) if registers(actor, &tree, &org) => Ok(org),
            Some(org) if matches!(refusal(actor, &tree, &org), AppError::Forbidden) => Err(AppError::Forbidden),
            _ => Err(AppError::invalid("organization_id", Violation::new("organization-unknown"))),
        }
    }

    /// Takes a group into a base. A group is hosted in one base at a time.
    pub async fn enter_incubation(&self, actor: &Actor, base_id: i64, input: NewStay) -> Result<i64, AppError> {
        let base = self.managed_base(actor, base_id).await?;
        let org = match input.organization_id {
            Some(id) => Some(self.registered_for_stay(actor, id).await?),
            None => None,
        };
        let mut checks = Checks::default();
        let typed = input.name.trim();
        let name = match &org {
            Some(org) if typed.is_empty() => Some(org.name.clone()),
            _ => checks.field("name", required_text(typed, 100)),
        };
        let note = checks.field("note", optional_text(&input.note, 1000));
        let entered_on = checks.field("entered_on", self.past_date(&input.entered_on));
        if entered_on.is_some_and(|day| day < base.opened_on) {
            checks.push(Violation::new("entry-before-opening").with("opened_on", base.opened_on).on("entered_on"));
        }
        let (name, note, entered_on) = checks.finish_with((name, note, entered_on))?;
        let mut same_group = Condition::any().add(incubation_stay::Column::Name.eq(&name));
        if let Some(org) = &org {
            same_group = same_group.add(incubation_stay::Column::OrganizationId.eq(org.id));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let previous = incubation_stay::Entity::find().filter(same_group).all(tx.conn()).await?;
        if previous.iter().any(|s| s.graduated_on.is_none()) {
            return Err(AppError::Conflict(Violation::new("incubation-hosted").on("name")));
        }
        let previous: Vec<Stay> = previous.iter().map(stay_of).collect();
        check_reentry(&previous, entered_on).map_err(|v| AppError::invalid("entered_on", v))?;
        let id = incubation_stay::Entity::insert(incubation_stay::ActiveModel {
            base_id: Set(base_id),
            name: Set(name.clone()),
            organization_id: Set(org.as_ref().map(|o| o.id)),
            entered_on: Set(entered_on),
            note: Set(note),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "base_id": base_id, "name": name, "organization_id": org.map(|o| o.id), "entered_on": entered_on });
        tx.record(Change::new("enter", "incubation_stay", id, &base.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Ends a stay: registered (naming the organisation), filed or withdrawn.
    pub async fn graduate_incubation(&self, actor: &Actor, id: i64, input: GraduationInput) -> Result<(), AppError> {
        let stay = incubation_stay::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let base = self.managed_base(actor, stay.base_id).await?;
        let outcome = Graduation::parse(input.outcome.trim())
            .ok_or_else(|| AppError::invalid("outcome", Violation::new("unknown-choice")))?;
        let graduated_on = self.past_date(&input.graduated_on).map_err(|v| AppError::invalid("graduated_on", v))?;
        if stay.graduated_on.is_some() {
            return Err(AppError::Conflict(Violation::new("incubation-graduated").on("graduated_on")));
        }
        let org = match (outcome, input.organization_id.or(stay.organization_id)) {
            (Graduation::Registered, Some(org)) => Some(self.registered_for_stay(actor, org).await?),
            _ => None,
        };
        check_graduation(stay_of(&stay), graduated_on, outcome, org.as_ref().map(|o| o.registered_on))
            .map_err(|e| AppError::Invalid(vec![e]))?;
        let before = serde_json::json!({ "graduated_on": null, "organization_id": stay.organization_id });
        let after = serde_json::json!({
            "graduated_on": graduated_on,
            "outcome": outcome,
            "organization_id": org.as_ref().map(|o| o.id).or(stay.organization_id),
        });
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = stay.into_active_model();
        row.graduated_on = Set(Some(graduated_on));
        row.outcome = Set(Some(outcome.into()));
        if let Some(org) = &org {
            row.organization_id = Set(Some(org.id));
        }
        row.update(tx.conn()).await?;
        tx.record(Change::new("graduate", "incubation_stay", id, &base.region_code).before(&before).after(&after))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
