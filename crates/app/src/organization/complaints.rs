//! Complaints about organisations (4D): anyone files one and follows it by tracking
//! number; it goes to the registrar of the organisation's region and to its supervising
//! unit, either of which takes it up and records the finding before the deadline.

use chrono::NaiveDate;
use domain::Violation;
use domain::identifiers::phone::{check_phone, mask_phone};
use domain::identifiers::tracking::{parse_tracking_number, tracking_number};
use domain::identity::Permission;
use domain::organization::complaint::{ComplaintStatus, Finding, TRACKING_PREFIX, deadline, is_overdue};
use serde::{Deserialize, Serialize};
use store::entity::{org_complaint, organization};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use super::{registers, visible_rows};
use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Author, Change, WriteTx};
use crate::{Actor, App, AppError};

/// Days civil affairs has to answer a complaint (信访 practice: 60 days; set here shorter,
/// as the policy's "timely handling" asks).
pub const HANDLING_DAYS: u32 = 30;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewComplaint {
    pub subject: String,
    pub body: String,
    /// Optional: a complaint may be anonymous.
    pub complainant: String,
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FiledComplaint {
    pub tracking_number: String,
    pub deadline: NaiveDate,
}

/// A complaint; `contact` only for staff, masked.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplaintView {
    pub id: i64,
    pub tracking_number: String,
    pub organization_id: i64,
    pub organization: String,
    pub supervising_unit: String,
    pub subject: String,
    pub body: String,
    pub filed_on: NaiveDate,
    pub deadline: NaiveDate,
    #[schema(value_type = String)]
    pub status: ComplaintStatus,
    pub overdue: bool,
    #[schema(value_type = Option<String>)]
    pub finding: Option<Finding>,
    pub outcome: Option<String>,
    pub handled_by: Option<String>,
    pub closed_on: Option<NaiveDate>,
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ComplaintClosing {
    /// substantiated, partly_substantiated, unsubstantiated or referred.
    pub finding: String,
    /// What was found and done, as the complainant will read it.
    pub outcome: String,
}

impl App {
    /// Files a complaint about an organisation (anyone, no login).
    pub async fn file_complaint(&self, organization_id: i64, input: NewComplaint) -> Result<FiledComplaint, AppError> {
        let org = organization::Entity::find_by_id(organization_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let mut checks = Checks::default();
        let subject = checks.field("subject", required_text(&input.subject, 100));
        let body = checks.field("body", required_text(&input.body, 5000));
        let complainant = checks.field("complainant", optional_text(&input.complainant, 40));
        let phone = checks.field("phone", check_phone(&input.phone));
        let (subject, body, complainant, phone) = checks.finish_with((subject, body, complainant, phone))?;
        let filed_on = self.settings.today();
        let filed = FiledComplaint {
            tracking_number: tracking_number(TRACKING_PREFIX, filed_on, &rand::random()),
            deadline: deadline(filed_on, HANDLING_DAYS),
        };
        let mut tx = WriteTx::begin(self, Author::system()).await?;
        let id = org_complaint::Entity::insert(org_complaint::ActiveModel {
            tracking_number: Set(filed.tracking_number.clone()),
            organization_id: Set(org.id),
            region_code: Set(org.region_code.clone()),
            supervising_unit_id: Set(org.supervising_unit_id),
            subject: Set(subject),
            body: Set(body),
            complainant: Set(complainant),
            phone: Set(phone),
            filed_on: Set(filed_on),
            deadline: Set(filed.deadline),
            status: Set(ComplaintStatus::Filed.into()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        // Who complained stays out of the trail: the row is enough for staff who may see it.
        let after = serde_json::json!({ "organization_id": org.id, "deadline": filed.deadline });
        tx.record(Change::new("file", "org_complaint", id, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(filed)
    }

    async fn complaint_view(&self, c: org_complaint::Model, staff: bool) -> Result<ComplaintView, AppError> {
        let org = organization::Entity::find_by_id(c.organization_id).one(&self.db).await?;
        let units = self.unit_names().await?;
        let status = c.status.0;
        Ok(ComplaintView {
            organization: org.map(|o| o.name).unwrap_or_default(),
            supervising_unit: units.get(&c.supervising_unit_id).cloned().unwrap_or_default(),
            overdue: is_overdue(status, c.deadline, self.settings.today()),
            finding: c.finding.map(|v| v.0),
            contact: staff.then(|| format!("{} {}", c.complainant, mask_phone(&c.phone)).trim().to_string()),
            status,
            id: c.id,
            tracking_number: c.tracking_number,
            organization_id: c.organization_id,
            subject: c.subject,
            body: c.body,
            filed_on: c.filed_on,
            deadline: c.deadline,
            outcome: c.outcome,
            handled_by: c.handled_by,
            closed_on: c.closed_on,
        })
    }

    /// A complaint by tracking number (public: no contact details).
    pub async fn public_complaint(&self, tracking: &str) -> Result<ComplaintView, AppError> {
        let number = parse_tracking_number(TRACKING_PREFIX, tracking).map_err(|_| AppError::NotFound)?;
        let found = org_complaint::Entity::find()
            .filter(org_complaint::Column::TrackingNumber.eq(number))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        self.complaint_view(found, false).await
    }

    /// The complaints routed to the actor (registrar's region, supervising unit), open
    /// ones first by deadline; `organization_id` narrows to one organisation.
    pub async fn complaints(
        &self,
        actor: &Actor,
        organization_id: Option<i64>,
    ) -> Result<Vec<ComplaintView>, AppError> {
        let tree = self.regions();
        let no_org: Option<org_complaint::Column> = None;
        let scope = visible_rows(
            actor,
            &tree,
            org_complaint::Column::RegionCode,
            org_complaint::Column::SupervisingUnitId,
            no_org,
        )
        .ok_or(AppError::NotFound)?;
        let mut select = org_complaint::Entity::find().filter(scope);
        if let Some(id) = organization_id {
            self.organization(actor, id).await?;
            select = select.filter(org_complaint::Column::OrganizationId.eq(id));
        }
        let rows = select.order_by_asc(org_complaint::Column::Deadline).all(&self.db).await?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            views.push(self.complaint_view(row, true).await?);
        }
        views.sort_by_key(|v| (v.status == ComplaintStatus::Closed, v.deadline));
        Ok(views)
    }

    /// The complaint if the actor handles it: the registrar of its region or its unit.
    async fn handled_complaint(&self, actor: &Actor, id: i64) -> Result<org_complaint::Model, AppError> {
        let found = org_complaint::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let org = organization::Entity::find_by_id(found.organization_id).one(&self.db).await?;
        let org = org.ok_or(AppError::NotFound)?;
        let tree = self.regions();
        if registers(actor, &tree, &org) || actor.supervising_units().contains(&found.supervising_unit_id) {
            Ok(found)
        } else if actor.may(Permission::ReadOrganizations, &org.region_code, &tree) {
            Err(AppError::Forbidden)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// Takes a filed complaint up: the complainant sees it is being handled, and by whom.
    pub async fn take_up_complaint(&self, actor: &Actor, id: i64) -> Result<(), AppError> {
        let found = self.handled_complaint(actor, id).await?;
        if found.status != ComplaintStatus::Filed {
            return Err(AppError::Conflict(Violation::new("complaint-not-filed").on("status")));
        }
        let region = found.region_code.clone();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = found.into_active_model();
        row.status = Set(ComplaintStatus::Handling.into());
        row.handled_by = Set(Some(actor.display_name.clone()));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "status": ComplaintStatus::Handling, "handled_by": actor.display_name });
        tx.record(Change::new("take_up", "org_complaint", id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records the finding and the outcome; the complaint is closed.
    pub async fn close_complaint(&self, actor: &Actor, id: i64, input: ComplaintClosing) -> Result<(), AppError> {
        let found = self.handled_complaint(actor, id).await?;
        let mut checks = Checks::default();
        let finding =
            checks.field("finding", Finding::parse(input.finding.trim()).ok_or(Violation::new("unknown-choice")));
        let outcome = checks.field("outcome", required_text(&input.outcome, 5000));
        let (finding, outcome) = checks.finish_with((finding, outcome))?;
        if found.status == ComplaintStatus::Closed {
            return Err(AppError::Conflict(Violation::new("complaint-closed").on("status")));
        }
        let region = found.region_code.clone();
        let today = self.settings.today();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = found.into_active_model();
        row.status = Set(ComplaintStatus::Closed.into());
        row.finding = Set(Some(finding.into()));
        row.outcome = Set(Some(outcome.clone()));
        row.handled_by = Set(Some(actor.display_name.clone()));
        row.closed_on = Set(Some(today));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "status": ComplaintStatus::Closed, "finding": finding, "outcome": outcome });
        tx.record(Change::new("close", "org_complaint", id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }
}
