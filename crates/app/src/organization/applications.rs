//! Change and deregistration applications (4A): the organisation's own account files one,
//! its supervising unit reviews it, civil affairs decides; approval applies it. Every step
//! is audited, the applied change with the facts before and after.

use chrono::NaiveDate;
use domain::Violation;
use domain::identifiers::resident_id::ResidentId;
use domain::organization::application::{ApplicationKind, ApplicationStatus, Step, next_status};
use domain::organization::{OrgStatus, short_name};
use serde::{Deserialize, Serialize};
use store::entity::{org_application, organization};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use super::{refusal, registers, sees};
use crate::community::posts::find_or_create_person;
use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewApplication {
    /// change or deregistration.
    pub kind: String,
    pub reason: String,
    /// For a change: the facts as they should be; empty ones stay as they are.
    pub name: String,
    pub domicile: String,
    pub business_scope: String,
    pub registered_capital_fen: Option<i64>,
    pub legal_representative_name: String,
    pub legal_representative_id_number: String,
}

/// The facts a change sets, as stored with the application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Changes {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    domicile: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    business_scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    registered_capital_fen: Option<i64>,
    /// The new representative's name and person id.
    #[serde(skip_serializing_if = "Option::is_none")]
    legal_representative: Option<(String, i64)>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApplicationView {
    pub id: i64,
    pub organization_id: i64,
    #[schema(value_type = String)]
    pub kind: ApplicationKind,
    /// The facts a change sets (name, domicile, business_scope, registered_capital_fen,
    /// legal_representative as [name, person id]).
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    pub reason: String,
    pub filed_by: String,
    pub filed_on: NaiveDate,
    #[schema(value_type = String)]
    pub status: ApplicationStatus,
    pub unit_opinion: Option<String>,
    pub unit_by: Option<String>,
    pub unit_on: Option<NaiveDate>,
    pub decision_note: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
}

impl ApplicationView {
    fn from_row(a: org_application::Model) -> Result<Self, AppError> {
        let stored = |what: &str| AppError::Internal(format!("stored application {what}"));
        Ok(Self {
            kind: a.kind.0,
            status: a.status.0,
            changes: serde_json::from_str(&a.changes).map_err(|_| stored("changes"))?,
            id: a.id,
            organization_id: a.organization_id,
            reason: a.reason,
            filed_by: a.filed_by,
            filed_on: a.filed_on,
            unit_opinion: a.unit_opinion,
            unit_by: a.unit_by,
            unit_on: a.unit_on,
            decision_note: a.decision_note,
            decided_by: a.decided_by,
            decided_on: a.decided_on,
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ApplicationStep {
    pub agree: bool,
    /// The unit's opinion or the registrar's note; required either way.
    pub note: String,
}

/// A proposed text fact: `None` when left empty (unchanged), else the checked value.
fn proposed(checks: &mut Checks, field: &str, value: &str, max: usize) -> Option<String> {
    checks.field(field, optional_text(value, max)).filter(|v| !v.is_empty())
}

impl App {
    /// The organisation's own account applies for a change or for deregistration.
    pub async fn file_application(&self, actor: &Actor, id: i64, input: NewApplication) -> Result<i64, AppError> {
        let org = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if !actor.organizations().contains(&id) {
            return Err(refusal(actor, &self.regions(), &org));
        }
        let mut checks = Checks::default();
        let kind =
            checks.field("kind", ApplicationKind::parse(input.kind.trim()).ok_or(Violation::new("unknown-choice")));
        let reason = checks.field("reason", required_text(&input.reason, 2000));
        let name = proposed(&mut checks, "name", &input.name, 100);
        let domicile = proposed(&mut checks, "domicile", &input.domicile, 200);
        let business_scope = proposed(&mut checks, "business_scope", &input.business_scope, 2000);
        if input.registered_capital_fen.is_some_and(|fen| fen < 0) {
            checks.push(Violation::new("must-not-be-negative").on("registered_capital_fen"));
        }
        let representative = proposed(&mut checks, "legal_representative_name", &input.legal_representative_name, 40);
        let representative_id = match input.legal_representative_id_number.trim() {
            "" => None,
            text => checks.field("legal_representative_id_number", ResidentId::parse(text, self.settings.today())),
        };
        if representative.is_some() != representative_id.is_some() {
            let missing =
                if representative.is_some() { "legal_representative_id_number" } else { "legal_representative_name" };
            checks.push(Violation::new("required").on(missing));
        }
        let nothing_changes = name.is_none()
            && domicile.is_none()
            && business_scope.is_none()
            && input.registered_capital_fen.is_none()
            && representative.is_none();
        if kind == Some(ApplicationKind::Change) && nothing_changes {
            checks.push(Violation::new("application-no-change").on("kind"));
        }
        let (kind, reason) = checks.finish_with((kind, reason))?;
        if org.status == OrgStatus::Deregistered {
            return Err(AppError::Conflict(Violation::new("organization-deregistered").on("kind")));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let open = org_application::Entity::find()
            .filter(org_application::Column::OrganizationId.eq(id))
            .filter(
                org_application::Column::Status
                    .is_in([ApplicationStatus::Filed.as_str(), ApplicationStatus::UnitApproved.as_str()]),
            )
            .one(tx.conn())
            .await?;
        if open.is_some() {
            return Err(AppError::Conflict(Violation::new("application-open").on("kind")));
        }
        if let Some(name) = &name {
            check_name_free(tx.conn(), name, id).await?;
        }
        let legal_representative = match (representative, representative_id) {
            (Some(who), Some(number)) => {
                let person = find_or_create_person(&mut tx, &org.region_code, &who, &number, "").await?;
                Some((who, person))
            }
            _ => None,
        };
        let changes = match kind {
            ApplicationKind::Change => Changes {
                name,
                domicile,
                business_scope,
                registered_capital_fen: input.registered_capital_fen,
                legal_representative,
            },
            ApplicationKind::Deregistration => Changes::default(),
        };
        let changes = serde_json::to_string(&changes).map_err(|e| AppError::Internal(e.to_string()))?;
        let application = org_application::Entity::insert(org_application::ActiveModel {
            organization_id: Set(id),
            region_code: Set(org.region_code.clone()),
            supervising_unit_id: Set(org.supervising_unit_id),
            kind: Set(kind.into()),
            changes: Set(changes.clone()),
            reason: Set(reason.clone()),
            filed_by: Set(actor.display_name.clone()),
            filed_on: Set(self.settings.today()),
            status: Set(ApplicationStatus::Filed.into()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "organization_id": id, "kind": kind, "changes": changes, "reason": reason });
        tx.record(Change::new("file", "org_application", application, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(application)
    }

    /// An organisation's applications, newest first, for whoever sees it.
    pub async fn applications(&self, actor: &Actor, id: i64) -> Result<Vec<ApplicationView>, AppError> {
        let org = organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        if !sees(actor, &self.regions(), &org) {
            return Err(AppError::NotFound);
        }
        org_application::Entity::find()
            .filter(org_application::Column::OrganizationId.eq(id))
            .order_by_desc(org_application::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(ApplicationView::from_row)
            .collect()
    }

    /// One step on an application: the supervising unit's review, then the registrar's
    /// decision, which applies an approved application to the registry.
    pub async fn decide_application(
        &self,
        actor: &Actor,
        application: i64,
        step: Step,
        input: ApplicationStep,
    ) -> Result<(), AppError> {
        let found = org_application::Entity::find_by_id(application).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let org = organization::Entity::find_by_id(found.organization_id).one(&self.db).await?;
        let org = org.ok_or(AppError::NotFound)?;
        let tree = self.regions();
        let may = match step {
            Step::Unit => actor.supervising_units().contains(&found.supervising_unit_id),
            Step::Registrar => registers(actor, &tree, &org),
        };
        if !may {
            return Err(refusal(actor, &tree, &org));
        }
        let note = required_text(&input.note, 2000).map_err(|v| AppError::invalid("note", v))?;
        let status = found.status.0;
        let next = next_status(status, step, input.agree).map_err(|v| AppError::Conflict(v.on("agree")))?;
        let kind = found.kind.0;
        let changes: Changes =
            serde_json::from_str(&found.changes).map_err(|_| AppError::Internal("stored changes".into()))?;
        let today = self.settings.today();
        let region = org.region_code.clone();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        if next == ApplicationStatus::Approved
            && let Some(name) = &changes.name
        {
            check_name_free(tx.conn(), name, org.id).await?;
        }
        let mut row = found.into_active_model();
        row.status = Set(next.into());
        mark_step!(row, step, &note, &actor.display_name, today);
        row.update(tx.conn()).await?;
        let action = if input.agree { "approve" } else { "refuse" };
        let after = serde_json::json!({ "status": next, "note": note });
        tx.record(Change::new(action, "org_application", application, &region).after(&after)).await?;
        if next == ApplicationStatus::Approved {
            self.apply_application(&mut tx, org, kind, changes).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Writes an approved application into the registry, audited with before and after.
    async fn apply_application(
        &self,
        tx: &mut WriteTx,
        org: organization::Model,
        kind: ApplicationKind,
        changes: Changes,
    ) -> Result<(), AppError> {
        let before = serde_json::json!({ "name": org.name, "domicile": org.domicile, "business_scope": org.business_scope,
            "registered_capital_fen": org.registered_capital_fen, "legal_representative_id": org.legal_representative_id,
            "status": org.status });
        let (id, region) = (org.id, org.region_code.clone());
        let names: Vec<String> = self.regions().lineage(&region).into_iter().map(|n| n.name.clone()).collect();
        let mut row = org.into_active_model();
        let action = match kind {
            ApplicationKind::Deregistration => {
                row.status = Set(OrgStatus::Deregistered.into());
                "deregister"
            }
            ApplicationKind::Change => {
                if let Some(name) = changes.name {
                    let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    row.short_name = Set(short_name(&name, &names).to_string());
                    row.name = Set(name);
                }
                if let Some(domicile) = changes.domicile {
                    row.domicile = Set(domicile);
                }
                if let Some(scope) = changes.business_scope {
                    row.business_scope = Set(scope);
                }
                if let Some(fen) = changes.registered_capital_fen {
                    row.registered_capital_fen = Set(fen);
                }
                if let Some((_, person)) = changes.legal_representative {
                    row.legal_representative_id = Set(Some(person));
                }
                "change"
            }
        };
        let updated = row.update(tx.conn()).await?;
        let after = serde_json::json!({ "name": updated.name, "domicile": updated.domicile,
            "business_scope": updated.business_scope, "registered_capital_fen": updated.registered_capital_fen,
            "legal_representative_id": updated.legal_representative_id, "status": updated.status });
        tx.record(Change::new(action, "organization", id, &region).before(&before).after(&after)).await?;
        Ok(())
    }
}

/// 409 when another organisation has the name.
async fn check_name_free(conn: &impl ConnectionTrait, name: &str, id: i64) -> Result<(), AppError> {
    let holder = organization::Entity::find().filter(organization::Column::Name.eq(name)).one(conn).await?;
    match holder {
        Some(other) if other.id != id => Err(AppError::Conflict(Violation::new("name-taken").on("name"))),
        _ => Ok(()),
    }
}
