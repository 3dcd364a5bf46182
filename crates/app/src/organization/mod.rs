//! Social organisations (4A–4D): the registry under classified supervision, the public
//! query, and complaints from anyone routed to the registrar and the supervising unit.
//!
//! Who sees an organisation: civil-affairs registrars and admins whose region contains
//! it, the staff of its supervising unit, and its own account. Anything else is "not found".

/// Records on a row of either application table (change/deregistration or registration,
/// which share the step columns) who took `step`, on which day, and what they wrote.
macro_rules! mark_step {
    ($row:expr, $step:expr, $note:expr, $who:expr, $day:expr) => {{
        use store::sea_orm::ActiveValue::Set;
        match $step {
            domain::organization::application::Step::Unit => {
                $row.unit_opinion = Set(Some($note.to_string()));
                $row.unit_by = Set(Some($who.to_string()));
                $row.unit_on = Set(Some($day));
            }
            domain::organization::application::Step::Registrar => {
                $row.decision_note = Set(Some($note.to_string()));
                $row.decided_by = Set(Some($who.to_string()));
                $row.decided_on = Set(Some($day));
            }
        }
    }};
}

mod applications;
mod complaints;
mod credit;
mod cultivation;
mod evaluation;
mod funds;
mod import;
mod incubation;
mod inspection;
mod registration;
mod registry;
mod search;
mod supervision;
mod suspension;
mod view;

pub use applications::{ApplicationStep, ApplicationView, NewApplication};
pub use complaints::{ComplaintClosing, ComplaintView, FiledComplaint, HANDLING_DAYS, NewComplaint};
pub use credit::{
    CreditRecordClosing, CreditRecordView, ListStanding, ListedOrganization, NewCreditRecord, PendingRemoval,
    RemovalApplication,
};
pub use cultivation::{CultivationRow, FilingView, NewFiling};
pub use evaluation::{EvaluationView, NewSanction, StandardInput};
pub use funds::{NewSupport, SupportResult, SupportView};
pub use import::{ORGANIZATION_SHEET, OrganizationRow, parse_organization_sheet};
pub use incubation::{BaseView, GraduationInput, NewBase, NewStay, StayView};
pub use inspection::{AnnualReportView, CoverageRow, InspectionResult, NewAnnualReport};
pub use registration::{FiledRegistration, NewRegistration, RegistrationDecision, RegistrationView};
pub use registry::{NewOrganization, NewOrganizationAccount, OrganizationList, OrganizationQuery, OrganizationView};
pub use supervision::{NewSupervisingUnit, SupervisingUnitRef};
pub use suspension::SuspensionInput;
pub use view::{PublicOrganization, RegionRef};

use chrono::NaiveDate;
use domain::Violation;
use domain::identity::Permission;
use domain::organization::OrgStatus;
use domain::region::Level;
use store::entity::organization;
use store::sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

use crate::{Actor, App, AppError, RegionTree};

/// Whether the actor may see this organisation at all.
fn sees(actor: &Actor, tree: &RegionTree, org: &organization::Model) -> bool {
    actor.may(Permission::ReadOrganizations, &org.region_code, tree)
        || actor.supervising_units().contains(&org.supervising_unit_id)
        || actor.organizations().contains(&org.id)
}

/// What to answer an actor who may not act on an organisation: 403 when they see it,
/// 404 (no hint it exists) otherwise.
fn refusal(actor: &Actor, tree: &RegionTree, org: &organization::Model) -> AppError {
    if sees(actor, tree, org) { AppError::Forbidden } else { AppError::NotFound }
}

/// Whether the actor acts for civil affairs (the registrar) on this organisation.
fn registers(actor: &Actor, tree: &RegionTree, org: &organization::Model) -> bool {
    actor.may(Permission::RegisterOrganizations, &org.region_code, tree)
}

/// The rows of a table that the actor may see, by the table's region, unit and
/// organisation columns; `None` when the actor sees none at all.
fn visible_rows(
    actor: &Actor,
    tree: &RegionTree,
    region: impl ColumnTrait,
    unit: impl ColumnTrait,
    org: Option<impl ColumnTrait>,
) -> Option<Condition> {
    let mut regions: Vec<String> = Vec::new();
    for node in actor.regions_with(Permission::ReadOrganizations).into_iter().filter_map(|c| tree.get(c)) {
        // Organisations sit in a city, county or township, never in a village.
        regions.extend(tree.codes_with_path_prefix(&node.path).into_iter().filter(|c| c.len() <= 9));
    }
    let units = actor.supervising_units();
    let orgs = actor.organizations();
    let mut any = Condition::any();
    if !regions.is_empty() {
        any = any.add(region.is_in(regions));
    }
    if !units.is_empty() {
        any = any.add(unit.is_in(units));
    }
    if let Some(column) = org
        && !orgs.is_empty()
    {
        any = any.add(column.is_in(orgs));
    }
    (!any.is_empty()).then_some(any)
}

/// The county an organisation's region lies in, as (code, name); the city itself for an
/// organisation of the city.
fn county_of(tree: &RegionTree, code: &str) -> (String, String) {
    tree.lineage(code)
        .into_iter()
        .rfind(|n| n.level <= Level::County)
        .map(|n| (n.code.clone(), n.name.clone()))
        .unwrap_or_else(|| (code.to_string(), String::new()))
}

impl App {
    /// The active organisations the actor sees that were registered by the end of `year`.
    async fn active_at_year_end(&self, actor: &Actor, year: i32) -> Result<Vec<organization::Model>, AppError> {
        let tree = self.regions();
        let no_org: Option<organization::Column> = None;
        let scope = visible_rows(
            actor,
            &tree,
            organization::Column::RegionCode,
            organization::Column::SupervisingUnitId,
            no_org,
        )
        .ok_or(AppError::NotFound)?;
        let end_of_year = NaiveDate::from_ymd_opt(year, 12, 31)
            .ok_or_else(|| AppError::invalid("year", Violation::new("year-out-of-range")))?;
        Ok(organization::Entity::find()
            .filter(scope)
            .filter(organization::Column::Status.eq(OrgStatus::Active.as_str()))
            .filter(organization::Column::RegisteredOn.lte(end_of_year))
            .all(&self.db)
            .await?)
    }
}
