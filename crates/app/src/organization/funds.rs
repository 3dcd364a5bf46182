//! Development-fund support (4B): civil affairs grants an active organisation an amount for
//! a purpose and later records what came of it. Whoever sees the organisation sees these.

use chrono::{Datelike, NaiveDate};
use domain::Violation;
use domain::money::yuan;
use domain::organization::OrgStatus;
use domain::organization::cultivation::check_support_amount;
use serde::Serialize;
use store::entity::{fund_support, organization};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use super::{refusal, registers, sees};
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewSupport {
    pub amount_fen: i64,
    pub purpose: String,
    /// YYYY-MM-DD, not in the future; the support counts for that year.
    pub granted_on: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SupportResult {
    pub result: String,
    pub result_on: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupportView {
    pub id: i64,
    pub organization_id: i64,
    pub amount_fen: i64,
    /// The amount in yuan with two decimals, for display.
    pub amount_yuan: String,
    pub purpose: String,
    pub granted_on: NaiveDate,
    pub year: i32,
    pub result: Option<String>,
    pub result_on: Option<NaiveDate>,
}

impl SupportView {
    fn from_row(row: fund_support::Model) -> Self {
        Self {
            amount_yuan: yuan(row.amount_fen),
            year: row.granted_on.year(),
            id: row.id,
            organization_id: row.organization_id,
            amount_fen: row.amount_fen,
            purpose: row.purpose,
            granted_on: row.granted_on,
            result: row.result,
            result_on: row.result_on,
        }
    }
}

impl App {
    /// The organisation, when the actor registers for it (civil affairs of its region).
    pub(super) async fn registered_org(&self, actor: &Actor, id: i64) -> Result<organization::Model, AppError> {
        let org = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let tree = self.regions();
        if registers(actor, &tree, &org) { Ok(org) } else { Err(refusal(actor, &tree, &org)) }
    }

    /// Grants support to an active organisation.
    pub async fn grant_support(&self, actor: &Actor, id: i64, input: NewSupport) -> Result<i64, AppError> {
        let org = self.registered_org(actor, id).await?;
        let mut checks = Checks::default();
        let amount = checks.field("amount_fen", check_support_amount(input.amount_fen));
        let purpose = checks.field("purpose", required_text(&input.purpose, 1000));
        let granted_on = checks.field("granted_on", self.past_date(&input.granted_on));
        if granted_on.is_some_and(|day| day < org.registered_on) {
            checks.push(Violation::new("support-before-registration").on("granted_on"));
        }
        let (amount, purpose, granted_on) = checks.finish_with((amount, purpose, granted_on))?;
        if org.status != OrgStatus::Active {
            return Err(AppError::Conflict(Violation::new("organization-not-active").on("organization_id")));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let support = fund_support::Entity::insert(fund_support::ActiveModel {
            organization_id: Set(id),
            amount_fen: Set(amount),
            purpose: Set(purpose.clone()),
            granted_on: Set(granted_on),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "organization_id": id, "amount_fen": amount, "purpose": purpose, "granted_on": granted_on });
        tx.record(Change::new("grant", "fund_support", support, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(support)
    }

    /// Records what a support achieved, once.
    pub async fn record_support_result(&self, actor: &Actor, id: i64, input: SupportResult) -> Result<(), AppError> {
        let support = fund_support::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let org = self.registered_org(actor, support.organization_id).await?;
        let mut checks = Checks::default();
        let result = checks.field("result", required_text(&input.result, 2000));
        let result_on = checks.field("result_on", self.past_date(&input.result_on));
        if result_on.is_some_and(|day| day < support.granted_on) {
            checks.push(Violation::new("result-before-grant").on("result_on"));
        }
        let (result, result_on) = checks.finish_with((result, result_on))?;
        if support.result.is_some() {
            return Err(AppError::Conflict(Violation::new("support-result-recorded").on("result")));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = support.into_active_model();
        row.result = Set(Some(result.clone()));
        row.result_on = Set(Some(result_on));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "result": result, "result_on": result_on });
        tx.record(Change::new("record_result", "fund_support", id, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An organisation's support records, newest first.
    pub async fn supports(&self, actor: &Actor, id: i64) -> Result<Vec<SupportView>, AppError> {
        let org = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if !sees(actor, &self.regions(), &org) {
            return Err(AppError::NotFound);
        }
        Ok(fund_support::Entity::find()
            .filter(fund_support::Column::OrganizationId.eq(id))
            .order_by_desc(fund_support::Column::GrantedOn)
            .order_by_desc(fund_support::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(SupportView::from_row)
            .collect())
    }
}
