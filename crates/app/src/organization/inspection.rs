//! Annual inspection (4C, 4D): the organisation files its annual report with its
//! party-building facts, its supervising unit gives an opinion, civil affairs concludes.
//! A missed due date is one of the causes of the public lists (`credit`).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use domain::Violation;
use domain::identity::Permission;
use domain::organization::inspection::{Conclusion, PartyForm};
use serde::{Deserialize, Serialize};
use store::entity::{annual_report, inspection_year, organization};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};

use super::credit::ListStanding;
use super::{county_of, refusal, registers, sees};
use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError, RegionTree};

/// Party members a party branch of its own needs (党章: three full members).
const MEMBERS_FOR_A_BRANCH: i32 = 3;

/// Checks party-building facts (of an annual report or a registration): members not
/// negative, a known form, and enough members for a branch of its own.
pub(super) fn check_party(checks: &mut Checks, members: i32, form: &str) -> Option<PartyForm> {
    if members < 0 {
        checks.push(Violation::new("must-not-be-negative").on("party_members"));
    }
    let form = PartyForm::parse(form.trim());
    match form {
        None => checks.push(Violation::new("unknown-choice").on("party_form")),
        Some(PartyForm::Independent) if members < MEMBERS_FOR_A_BRANCH => {
            checks.push(Violation::new("party-branch-too-few").with("min", MEMBERS_FOR_A_BRANCH).on("party_members"))
        }
        Some(_) => {}
    }
    form
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewAnnualReport {
    pub year: i32,
    pub activities: String,
    pub income_fen: i64,
    pub expenditure_fen: i64,
    pub net_assets_fen: i64,
    pub staff: i32,
    pub party_members: i32,
    /// none, independent, joint, association_party or instructor.
    pub party_form: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AnnualReportView {
    pub year: i32,
    pub filed_on: NaiveDate,
    /// Filed after the year's due date.
    pub late: bool,
    pub activities: String,
    pub income_fen: i64,
    pub expenditure_fen: i64,
    pub net_assets_fen: i64,
    pub staff: i32,
    pub party_members: i32,
    #[schema(value_type = String)]
    pub party_form: PartyForm,
    pub unit_opinion: Option<String>,
    pub unit_reviewed_by: Option<String>,
    pub unit_reviewed_on: Option<NaiveDate>,
    #[schema(value_type = Option<String>)]
    pub conclusion: Option<Conclusion>,
    pub concluded_by: Option<String>,
    pub concluded_on: Option<NaiveDate>,
}

impl AnnualReportView {
    /// A stored report, late when filed after `due`.
    fn from_row(r: annual_report::Model, due: Option<NaiveDate>) -> Self {
        Self {
            late: due.is_some_and(|d| r.filed_on > d),
            party_form: r.party_form.0,
            conclusion: r.conclusion.map(|v| v.0),
            year: r.year,
            filed_on: r.filed_on,
            activities: r.activities,
            income_fen: r.income_fen,
            expenditure_fen: r.expenditure_fen,
            net_assets_fen: r.net_assets_fen,
            staff: r.staff,
            party_members: r.party_members,
            unit_opinion: r.unit_opinion,
            unit_reviewed_by: r.unit_reviewed_by,
            unit_reviewed_on: r.unit_reviewed_on,
            concluded_by: r.concluded_by,
            concluded_on: r.concluded_on,
        }
    }
}

/// What the public sees of inspections: the conclusion per year.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InspectionResult {
    pub year: i32,
    pub filed_on: NaiveDate,
    #[schema(value_type = Option<String>)]
    pub conclusion: Option<Conclusion>,
}

/// Party-building coverage of one county's organisations (or the city's own) in a year.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoverageRow {
    pub region_code: String,
    pub region_name: String,
    /// Active organisations registered by the end of the year.
    pub organizations: usize,
    /// Of those, how many filed the year's report.
    pub reported: usize,
    // The figures below count each organisation's latest party-building facts known at
    // the end of the year: its newest report up to that year, else those of registration.
    pub with_party_members: usize,
    pub party_members: i64,
    /// A party organisation of their own, joint, or "association + party organisation".
    pub organised: usize,
    /// No organisation, but an instructor sent.
    pub instructor: usize,
    /// Organised or instructed, per 1000 organisations (one decimal of a percent).
    pub coverage_permille: u32,
}

/// An organisation's report of a year, read in the transaction that writes it.
async fn report_of(conn: &impl ConnectionTrait, org: i64, year: i32) -> Result<Option<annual_report::Model>, AppError> {
    Ok(annual_report::Entity::find()
        .filter(annual_report::Column::OrganizationId.eq(org))
        .filter(annual_report::Column::Year.eq(year))
        .one(conn)
        .await?)
}

/// The due date of every year, for each authority: its own, else its nearest ancestor's.
pub(super) struct DueDates(Vec<inspection_year::Model>);

impl DueDates {
    pub(super) fn of(&self, tree: &RegionTree, authority: &str) -> Vec<(i32, NaiveDate)> {
        let lineage: Vec<&str> = tree.lineage(authority).into_iter().map(|n| n.code.as_str()).collect();
        let mut by_year: HashMap<i32, (usize, NaiveDate)> = HashMap::new();
        for row in &self.0 {
            if let Some(depth) = lineage.iter().position(|c| *c == row.authority_code) {
                let entry = by_year.entry(row.year).or_insert((depth, row.due_on));
                if depth >= entry.0 {
                    *entry = (depth, row.due_on);
                }
            }
        }
        let mut due: Vec<(i32, NaiveDate)> = by_year.into_iter().map(|(year, (_, day))| (year, day)).collect();
        due.sort_unstable();
        due
    }
}

impl App {
    pub(super) async fn due_dates(&self) -> Result<DueDates, AppError> {
        Ok(DueDates(inspection_year::Entity::find().all(&self.db).await?))
    }

    /// Announces a year's annual inspection: reports are due by `due_on` for the
    /// organisations an authority registered (a city's date serves its counties).
    pub async fn set_inspection_year(
        &self,
        actor: &Actor,
        authority: &str,
        year: i32,
        due_on: &str,
    ) -> Result<(), AppError> {
        let tree = self.regions();
        actor.require(Permission::RegisterOrganizations, authority, &tree)?;
        let due = NaiveDate::parse_from_str(due_on.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("due_on", Violation::new("date-format")))?;
        if due.year() <= year {
            return Err(AppError::invalid("due_on", Violation::new("inspection-due-after-year")));
        }
        let existing = inspection_year::Entity::find()
            .filter(inspection_year::Column::AuthorityCode.eq(authority))
            .filter(inspection_year::Column::Year.eq(year))
            .one(&self.db)
            .await?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let after = serde_json::json!({ "authority_code": authority, "year": year, "due_on": due });
        let change = match existing {
            Some(row) => {
                let (id, before) = (row.id, serde_json::json!({ "due_on": row.due_on }));
                let mut row = row.into_active_model();
                row.due_on = Set(due);
                row.update(tx.conn()).await?;
                Change::new("update", "inspection_year", id, authority).before(&before)
            }
            None => {
                let row = inspection_year::ActiveModel {
                    authority_code: Set(authority.to_string()),
                    year: Set(year),
                    due_on: Set(due),
                    ..Default::default()
                };
                let id = inspection_year::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
                Change::new("create", "inspection_year", id, authority)
            }
        };
        tx.record(change.after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn organization_row(&self, id: i64) -> Result<organization::Model, AppError> {
        organization::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)
    }

    /// The organisation (its own account) or its registrar files a year's report.
    pub async fn file_annual_report(&self, actor: &Actor, id: i64, input: NewAnnualReport) -> Result<(), AppError> {
        let org = self.organization_row(id).await?;
        if !(actor.organizations().contains(&id) || registers(actor, &self.regions(), &org)) {
            return Err(refusal(actor, &self.regions(), &org));
        }
        let today = self.settings.today();
        let mut checks = Checks::default();
        if input.year < org.registered_on.year() || input.year >= today.year() {
            checks.push(Violation::new("report-year").with("from", org.registered_on.year()).on("year"));
        }
        let activities = checks.field("activities", required_text(&input.activities, 5000));
        for (field, value) in [("income_fen", input.income_fen), ("expenditure_fen", input.expenditure_fen)] {
            if value < 0 {
                checks.push(Violation::new("must-not-be-negative").on(field));
            }
        }
        if input.staff < 0 {
            checks.push(Violation::new("must-not-be-negative").on("staff"));
        }
        let form = check_party(&mut checks, input.party_members, &input.party_form);
        let (activities, form) = checks.finish_with((activities, form))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        if report_of(tx.conn(), id, input.year).await?.is_some() {
            return Err(AppError::Conflict(Violation::new("report-filed").on("year")));
        }
        let report_id = annual_report::Entity::insert(annual_report::ActiveModel {
            organization_id: Set(id),
            year: Set(input.year),
            filed_on: Set(today),
            activities: Set(activities),
            income_fen: Set(input.income_fen),
            expenditure_fen: Set(input.expenditure_fen),
            net_assets_fen: Set(input.net_assets_fen),
            staff: Set(input.staff),
            party_members: Set(input.party_members),
            party_form: Set(form.into()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "organization_id": id, "year": input.year, "party_members": input.party_members,
            "party_form": form });
        tx.record(Change::new("file", "annual_report", report_id, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The supervising unit's opinion on a filed report (the step before civil affairs).
    pub async fn review_annual_report(&self, actor: &Actor, id: i64, year: i32, opinion: &str) -> Result<(), AppError> {
        let org = self.organization_row(id).await?;
        if !actor.supervising_units().contains(&org.supervising_unit_id) {
            return Err(refusal(actor, &self.regions(), &org));
        }
        let opinion = required_text(opinion, 2000).map_err(|v| AppError::invalid("opinion", v))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let report = report_of(tx.conn(), id, year).await?.ok_or(AppError::NotFound)?;
        if report.unit_reviewed_on.is_some() {
            return Err(AppError::Conflict(Violation::new("report-reviewed").on("opinion")));
        }
        let report_id = report.id;
        let mut row = report.into_active_model();
        row.unit_opinion = Set(Some(opinion.clone()));
        row.unit_reviewed_by = Set(Some(actor.display_name.clone()));
        row.unit_reviewed_on = Set(Some(self.settings.today()));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "unit_opinion": opinion });
        tx.record(Change::new("review", "annual_report", report_id, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Civil affairs' conclusion, once the supervising unit has reviewed the report.
    pub async fn conclude_annual_report(
        &self,
        actor: &Actor,
        id: i64,
        year: i32,
        conclusion: &str,
    ) -> Result<(), AppError> {
        let org = self.organization_row(id).await?;
        if !registers(actor, &self.regions(), &org) {
            return Err(refusal(actor, &self.regions(), &org));
        }
        let conclusion = Conclusion::parse(conclusion.trim())
            .ok_or_else(|| AppError::invalid("conclusion", Violation::new("unknown-choice")))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let report = report_of(tx.conn(), id, year).await?.ok_or(AppError::NotFound)?;
        if report.unit_reviewed_on.is_none() {
            return Err(AppError::Conflict(Violation::new("report-unit-review-pending").on("conclusion")));
        }
        if report.conclusion.is_some() {
            return Err(AppError::Conflict(Violation::new("report-concluded").on("conclusion")));
        }
        let report_id = report.id;
        let mut row = report.into_active_model();
        row.conclusion = Set(Some(conclusion.into()));
        row.concluded_by = Set(Some(actor.display_name.clone()));
        row.concluded_on = Set(Some(self.settings.today()));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "conclusion": conclusion });
        tx.record(Change::new("conclude", "annual_report", report_id, &org.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An organisation's reports, newest first, for whoever sees the organisation.
    pub async fn annual_reports(&self, actor: &Actor, id: i64) -> Result<Vec<AnnualReportView>, AppError> {
        let org = self.organization_row(id).await?;
        if !sees(actor, &self.regions(), &org) {
            return Err(AppError::NotFound);
        }
        let due: HashMap<i32, NaiveDate> =
            self.due_dates().await?.of(&self.regions(), &org.authority_code).into_iter().collect();
        Ok(self
            .reports_of(id)
            .await?
            .into_iter()
            .map(|r| {
                let d = due.get(&r.year).copied();
                AnnualReportView::from_row(r, d)
            })
            .collect())
    }

    async fn reports_of(&self, id: i64) -> Result<Vec<annual_report::Model>, AppError> {
        Ok(annual_report::Entity::find()
            .filter(annual_report::Column::OrganizationId.eq(id))
            .order_by_desc(annual_report::Column::Year)
            .all(&self.db)
            .await?)
    }

    /// The public part of inspections and the list standing of one organisation.
    pub(crate) async fn inspection_record(
        &self,
        org: &organization::Model,
    ) -> Result<(Vec<InspectionResult>, ListStanding), AppError> {
        let results = self
            .reports_of(org.id)
            .await?
            .into_iter()
            .map(|r| InspectionResult { year: r.year, filed_on: r.filed_on, conclusion: r.conclusion.map(|v| v.0) })
            .collect();
        Ok((results, self.credit_standing(org).await?))
    }

    /// Party-building coverage per county for a year, over the organisations the actor sees.
    pub async fn party_coverage(&self, actor: &Actor, year: i32) -> Result<Vec<CoverageRow>, AppError> {
        let tree = self.regions();
        let orgs = self.active_at_year_end(actor, year).await?;
        // The latest facts known at the end of the year: the newest report up to it, else
        // those given at registration (ordered by year, so a later report overwrites).
        let reports: HashMap<i64, annual_report::Model> = annual_report::Entity::find()
            .filter(annual_report::Column::Year.lte(year))
            .order_by_asc(annual_report::Column::Year)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| (r.organization_id, r))
            .collect();
        let mut rows: HashMap<String, CoverageRow> = HashMap::new();
        for org in &orgs {
            let county = county_of(&tree, &org.region_code);
            let row = rows.entry(county.0.clone()).or_insert_with(|| CoverageRow {
                region_code: county.0,
                region_name: county.1,
                organizations: 0,
                reported: 0,
                with_party_members: 0,
                party_members: 0,
                organised: 0,
                instructor: 0,
                coverage_permille: 0,
            });
            row.organizations += 1;
            let report = reports.get(&org.id);
            row.reported += usize::from(report.is_some_and(|r| r.year == year));
            let at_registration = org.party_form.as_ref().map(|f| (org.party_members.unwrap_or(0), f.0));
            if let Some((members, form)) = report.map(|r| (r.party_members, r.party_form.0)).or(at_registration) {
                row.with_party_members += usize::from(members > 0);
                row.party_members += i64::from(members);
                row.organised += usize::from(form.organised());
                row.instructor += usize::from(form == PartyForm::Instructor);
            }
        }
        let mut rows: Vec<CoverageRow> = rows.into_values().collect();
        for row in &mut rows {
            let covered = (row.organised + row.instructor) as u64;
            row.coverage_permille = u32::try_from(covered * 1000 / row.organizations.max(1) as u64).unwrap_or(1000);
        }
        rows.sort_by(|a, b| a.region_code.cmp(&b.region_code));
        Ok(rows)
    }
}
