//! Classified supervision as data: supervising units, and per civil-affairs authority the
//! unit that supervises each category. A county without its own rule for a category
//! follows its city's.

use domain::Violation;
use domain::identity::Permission;
use domain::organization::Category;
use serde::{Deserialize, Serialize};
use store::entity::{supervising_unit, supervision_rule};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError, RegionTree};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisingUnitRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewSupervisingUnit {
    /// 嘉兴市科协, 嘉兴市文联, …
    pub name: String,
    pub region_code: String,
}

/// The unit that supervises `category` for organisations registered by `authority`: the
/// authority's own rule, else the nearest ancestor's.
pub(crate) async fn unit_for(
    conn: &impl ConnectionTrait,
    tree: &RegionTree,
    authority: &str,
    category: Category,
) -> Result<Option<i64>, AppError> {
    let lineage: Vec<String> = tree.lineage(authority).into_iter().map(|n| n.code.clone()).collect();
    let rules = supervision_rule::Entity::find()
        .filter(supervision_rule::Column::AuthorityCode.is_in(lineage.clone()))
        .filter(supervision_rule::Column::Category.eq(category.as_str()))
        .all(conn)
        .await?;
    Ok(lineage.iter().rev().find_map(|code| rules.iter().find(|r| &r.authority_code == code)).map(|r| r.unit_id))
}

impl App {
    /// Every supervising unit, by name.
    pub async fn supervising_units(&self) -> Result<Vec<SupervisingUnitRef>, AppError> {
        Ok(supervising_unit::Entity::find()
            .order_by_asc(supervising_unit::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| SupervisingUnitRef { id: u.id, name: u.name })
            .collect())
    }

    /// Adds a supervising unit (a registrar of the unit's region does this).
    pub async fn create_supervising_unit(&self, actor: &Actor, input: NewSupervisingUnit) -> Result<i64, AppError> {
        let tree = self.regions();
        let mut checks = Checks::default();
        let name = checks.field("name", required_text(&input.name, 60));
        if tree.get(&input.region_code).is_none() {
            checks.push(Violation::new("region-unknown").on("region_code"));
        }
        let name = checks.finish_with(name)?;
        actor.require(Permission::RegisterOrganizations, &input.region_code, &tree)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let taken = supervising_unit::Entity::find().filter(supervising_unit::Column::Name.eq(&name)).one(tx.conn());
        if taken.await?.is_some() {
            return Err(AppError::Conflict(Violation::new("name-taken").on("name")));
        }
        let id = supervising_unit::Entity::insert(supervising_unit::ActiveModel {
            name: Set(name.clone()),
            region_code: Set(input.region_code.clone()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "name": name, "region_code": input.region_code });
        tx.record(Change::new("create", "supervising_unit", id, &input.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Sets which unit supervises a category for an authority's organisations. Existing
    /// organisations keep their unit: a new rule applies from the next registration.
    pub async fn set_supervision_rule(
        &self,
        actor: &Actor,
        authority: &str,
        category: &str,
        unit_id: i64,
    ) -> Result<(), AppError> {
        let tree = self.regions();
        actor.require(Permission::RegisterOrganizations, authority, &tree)?;
        let category =
            Category::parse(category).ok_or_else(|| AppError::invalid("category", Violation::new("unknown-choice")))?;
        let unit = supervising_unit::Entity::find_by_id(unit_id).one(&self.db).await?;
        unit.ok_or_else(|| AppError::invalid("unit_id", Violation::new("supervising-unit-unknown")))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let existing = supervision_rule::Entity::find()
            .filter(supervision_rule::Column::AuthorityCode.eq(authority))
            .filter(supervision_rule::Column::Category.eq(category.as_str()))
            .one(tx.conn())
            .await?;
        let after = serde_json::json!({ "authority_code": authority, "category": category, "unit_id": unit_id });
        let change = match existing {
            Some(rule) => {
                let before = serde_json::json!({ "unit_id": rule.unit_id });
                let id = rule.id;
                let mut row = rule.into_active_model();
                row.unit_id = Set(unit_id);
                row.update(tx.conn()).await?;
                Change::new("update", "supervision_rule", id, authority).before(&before)
            }
            None => {
                let id = supervision_rule::Entity::insert(supervision_rule::ActiveModel {
                    authority_code: Set(authority.to_string()),
                    category: Set(category.as_str().to_string()),
                    unit_id: Set(unit_id),
                    ..Default::default()
                })
                .exec(tx.conn())
                .await?
                .last_insert_id;
                Change::new("create", "supervision_rule", id, authority)
            }
        };
        tx.record(change.after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }
}
