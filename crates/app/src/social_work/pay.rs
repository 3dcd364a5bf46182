//! Pay of social workers (5B): a region's pay-guidance table and the tier a worker falls in
//! today (years in social work from the hires, never typed); a region's monthly title
//! allowance per year and who is due it in a month; awards. Tables and rates follow the
//! nearest region that set its own (the code itself or an ancestor), like the certificate
//! gate. Money in fen.

use chrono::{Datelike, NaiveDate, Utc};
use domain::Violation;
use domain::identifiers::resident_id::mask;
use domain::social_work::CertificateLevel;
use domain::social_work::evaluation::Grade;
use domain::social_work::pay::{
    AllowanceFacts, AllowanceRates, AwardLevel, Degree, EmployerKind, MAX_YEARS, NotDue, PayTier, Span, WorkerStanding,
    allowance_due, check_tiers, evaluation_year, last_day, parse_month, tier_of, years_in_social_work,
};
use serde::{Deserialize, Serialize};
use store::entity::{
    person, social_work_hire, social_work_pay_tier, social_work_post, social_work_title_allowance, social_worker,
    social_worker_award, social_worker_evaluation,
};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};

use super::Access;
use super::view::SocialWorkerDetail;
use crate::error::{Checks, required_text};
use crate::region::nearest;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};
use domain::date::past_day;

/// Rates may be set for years from this one to next year.
const FIRST_YEAR: i32 = 2000;

/// One row of a pay-guidance table as typed; an empty condition asks nothing.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PayTierInput {
    /// assistant, intermediate or senior (held at least); empty or `none`: no certificate asked.
    pub certificate_level: Option<String>,
    /// junior_college, bachelor or master (held at least); empty or `none`: no degree asked.
    pub min_degree: Option<String>,
    /// public_service, welfare_institution, mass_organization, community or private_agency
    /// (of a post held); empty or `any`: any employer, or none.
    pub employer_kind: Option<String>,
    /// Whole years in social work, 0 to 50.
    pub min_years: Option<i64>,
    /// Monthly guidance in fen, above zero.
    pub monthly_fen: Option<i64>,
}

/// A region's pay-guidance table; it replaces the one it had (an empty table removes it,
/// so the nearest ancestor's applies again).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PayTiersInput {
    pub tiers: Vec<PayTierInput>,
}

/// A row of a table, as stored.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PayTierView {
    /// The row's place in its table, from 1.
    pub row: usize,
    pub certificate_level: Option<String>,
    pub min_degree: Option<String>,
    pub employer_kind: Option<String>,
    pub min_years: u32,
    pub monthly_fen: i64,
}

/// The table in force in a region.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PayTable {
    pub region_code: String,
    /// The region whose table applies: this one or the nearest ancestor that set one.
    pub applies_from: Option<String>,
    pub tiers: Vec<PayTierView>,
}

/// A worker's pay guidance today.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PayView {
    /// The highest-paying row whose every condition the worker meets today.
    pub tier: Option<PayTierView>,
    pub monthly_guidance_fen: Option<i64>,
    /// Whole years in posts up to today, overlaps counted once.
    pub years_in_social_work: u32,
    /// The region whose table applies.
    pub applies_from: Option<String>,
}

/// A region's monthly title allowance for a year, per certificate level, in fen.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AllowanceRatesInput {
    pub assistant_fen: Option<i64>,
    pub intermediate_fen: Option<i64>,
    pub senior_fen: Option<i64>,
}

/// The rates in force in a region for a year.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AllowanceRatesView {
    pub region_code: String,
    pub year: i32,
    /// The region whose rates apply; none when no region up the tree set that year's.
    pub applies_from: Option<String>,
    pub assistant_fen: Option<i64>,
    pub intermediate_fen: Option<i64>,
    pub senior_fen: Option<i64>,
}

/// A worker due the title allowance for the month, and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AllowanceRow {
    pub social_worker_id: i64,
    pub name: String,
    /// Masked.
    pub id_number: String,
    pub region_code: String,
    /// The certificate level the amount is for.
    pub level: String,
    pub amount_fen: i64,
    /// Why: the community post held in the month…
    pub post_title: String,
    /// …and the grade of the previous year's evaluation (excellent or pass).
    pub evaluation_year: i32,
    pub grade: String,
}

/// Who is due the title allowance for a month in a region and below.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AllowanceList {
    pub region_code: String,
    /// YYYY-MM
    pub month: String,
    pub items: Vec<AllowanceRow>,
    /// The sum of the amounts, exact, in fen.
    pub total_fen: i64,
}

/// One month of the current year on a worker's record.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AllowanceMonth {
    /// YYYY-MM
    pub month: String,
    pub due: bool,
    /// 0 when not due.
    pub amount_fen: i64,
    /// Why not: no_community_post, no_certificate, no_evaluation, below_pass or no_rates.
    pub reason: Option<String>,
}

/// An award to record.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewAward {
    pub title: String,
    pub awarding_body: String,
    /// county, city, province or national
    pub level: String,
    /// YYYY-MM-DD, not in the future.
    pub awarded_on: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AwardView {
    pub id: i64,
    pub title: String,
    pub awarding_body: String,
    pub level: String,
    pub awarded_on: NaiveDate,
}

/// A choice that may be left empty (or named `blank`) to ask nothing.
fn optional_choice<T>(text: Option<&str>, blank: &str, parse: fn(&str) -> Option<T>) -> Result<Option<T>, Violation> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) if t == blank => Ok(None),
        Some(t) => parse(t).map(Some).ok_or(Violation::new("unknown-choice")),
    }
}

impl PayTiersInput {
    /// Every row's fields, then the table as a whole; every error at once, by field.
    pub fn validate(&self) -> Result<Vec<PayTier>, AppError> {
        let mut checks = Checks::default();
        let mut tiers = Vec::new();
        for (i, row) in self.tiers.iter().enumerate() {
            let at = |field: &str| format!("tiers[{i}].{field}");
            let level = checks.field(
                &at("certificate_level"),
                optional_choice(row.certificate_level.as_deref(), "none", CertificateLevel::parse),
            );
            let degree =
                checks.field(&at("min_degree"), optional_choice(row.min_degree.as_deref(), "none", Degree::parse));
            let employer = checks
                .field(&at("employer_kind"), optional_choice(row.employer_kind.as_deref(), "any", EmployerKind::parse));
            let years = checks.field(
                &at("min_years"),
                match row.min_years {
                    None => Err(Violation::new("required")),
                    // Negative years are refused here; too many with the table, by `check_tiers`.
                    Some(y) => u32::try_from(y).map_err(|_| Violation::new("years-range").with("max", MAX_YEARS)),
                },
            );
            let amount = checks.field(&at("monthly_fen"), row.monthly_fen.ok_or(Violation::new("required")));
            if let (Some(level), Some(min_degree), Some(employer), Some(min_years), Some(monthly_fen)) =
                (level, degree, employer, years, amount)
            {
                tiers.push(PayTier { level, min_degree, employer, min_years, monthly_fen });
            }
        }
        checks.finish()?;
        let errors = check_tiers(&tiers);
        if errors.is_empty() { Ok(tiers) } else { Err(AppError::Invalid(errors)) }
    }
}

fn tier_of_row(row: &social_work_pay_tier::Model) -> PayTier {
    PayTier {
        level: row.certificate_level.map(|l| l.0),
        min_degree: row.min_degree.map(|d| d.0),
        employer: row.employer_kind.map(|e| e.0),
        min_years: u32::try_from(row.min_years).unwrap_or(0),
        monthly_fen: row.monthly_fen,
    }
}

fn tier_view(index: usize, tier: &PayTier) -> PayTierView {
    PayTierView {
        row: index + 1,
        certificate_level: tier.level.map(|l| l.as_str().to_string()),
        min_degree: tier.min_degree.map(|d| d.as_str().to_string()),
        employer_kind: tier.employer.map(|e| e.as_str().to_string()),
        min_years: tier.min_years,
        monthly_fen: tier.monthly_fen,
    }
}

fn rates_of(row: &social_work_title_allowance::Model) -> AllowanceRates {
    AllowanceRates {
        assistant_fen: row.assistant_fen,
        intermediate_fen: row.intermediate_fen,
        senior_fen: row.senior_fen,
    }
}

/// A year from `FIRST_YEAR` to `last`.
fn check_year(year: i32, last: i32) -> Result<i32, AppError> {
    if (FIRST_YEAR..=last).contains(&year) {
        Ok(year)
    } else {
        Err(AppError::invalid("year", Violation::new("year-out-of-range")))
    }
}

/// A worker's hires with the kind of employer of each post and its title.
struct HeldPost {
    span: Span,
    employer: EmployerKind,
    title: String,
}

async fn held_posts(db: &impl ConnectionTrait, worker_ids: &[i64]) -> Result<Vec<(i64, HeldPost)>, AppError> {
    let hires = social_work_hire::Entity::find()
        .filter(social_work_hire::Column::SocialWorkerId.is_in(worker_ids.iter().copied()))
        .all(db)
        .await?;
    let posts = social_work_post::Entity::find()
        .filter(social_work_post::Column::Id.is_in(hires.iter().map(|h| h.post_id)))
        .all(db)
        .await?;
    Ok(hires
        .into_iter()
        .filter_map(|h| {
            let post = posts.iter().find(|p| p.id == h.post_id)?;
            let span = Span { from: h.hired_on, to: h.ended_on };
            Some((h.social_worker_id, HeldPost { span, employer: post.employer_kind.0, title: post.title.clone() }))
        })
        .collect())
}

/// The grades of the evaluations for `year` of these workers.
async fn grades(db: &impl ConnectionTrait, worker_ids: &[i64], year: i32) -> Result<Vec<(i64, Grade)>, AppError> {
    let rows = social_worker_evaluation::Entity::find()
        .filter(social_worker_evaluation::Column::SocialWorkerId.is_in(worker_ids.iter().copied()))
        .filter(social_worker_evaluation::Column::Year.eq(year))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|e| (e.social_worker_id, e.grade.0)).collect())
}

/// What decides a worker's allowance for `month`.
fn facts_for(
    worker: &social_worker::Model,
    posts: &[&HeldPost],
    grade: Option<Grade>,
    month: NaiveDate,
) -> AllowanceFacts {
    AllowanceFacts {
        month,
        community_hires: posts.iter().filter(|p| p.employer == EmployerKind::Community).map(|p| p.span).collect(),
        certificate: worker.certificate_level.zip(worker.certificate_obtained_on).map(|(l, on)| (l.0, on)),
        previous_grade: grade,
    }
}

/// The amount due, or why none is: `allowance_due` and then the region's rates.
fn amount_due(facts: &AllowanceFacts, rates: Option<&AllowanceRates>) -> Result<(CertificateLevel, i64), NotDue> {
    let level = allowance_due(facts)?;
    let rates = rates.ok_or(NotDue::NoRates)?;
    Ok((level, rates.of(level)))
}

fn month_text(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

impl App {
    /// The pay-guidance table in force in `code` and the region it comes from.
    async fn pay_table_in(
        &self,
        db: &impl ConnectionTrait,
        code: &str,
    ) -> Result<(Option<String>, Vec<PayTier>), AppError> {
        let lineage = self.lineage_codes(code);
        let rows = social_work_pay_tier::Entity::find()
            .filter(social_work_pay_tier::Column::RegionCode.is_in(lineage.clone()))
            .order_by_asc(social_work_pay_tier::Column::Position)
            .all(db)
            .await?;
        let Some(from) = nearest(&lineage, &rows, |r| &r.region_code).map(|r| r.region_code.clone()) else {
            return Ok((None, Vec::new()));
        };
        let tiers = rows.iter().filter(|r| r.region_code == from).map(tier_of_row).collect();
        Ok((Some(from), tiers))
    }

    /// Replaces a region's pay-guidance table (an empty one removes it).
    pub async fn set_pay_tiers(&self, actor: &Actor, code: &str, input: PayTiersInput) -> Result<(), AppError> {
        let code = self.registry_region(actor, code)?;
        let tiers = input.validate()?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let before: Vec<PayTier> = social_work_pay_tier::Entity::find()
            .filter(social_work_pay_tier::Column::RegionCode.eq(&code))
            .order_by_asc(social_work_pay_tier::Column::Position)
            .all(tx.conn())
            .await?
            .iter()
            .map(tier_of_row)
            .collect();
        social_work_pay_tier::Entity::delete_many()
            .filter(social_work_pay_tier::Column::RegionCode.eq(&code))
            .exec(tx.conn())
            .await?;
        for (position, tier) in tiers.iter().enumerate() {
            let row = social_work_pay_tier::ActiveModel {
                region_code: Set(code.clone()),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                certificate_level: Set(tier.level.map(Into::into)),
                min_degree: Set(tier.min_degree.map(Into::into)),
                employer_kind: Set(tier.employer.map(Into::into)),
                min_years: Set(i32::try_from(tier.min_years).unwrap_or(i32::MAX)),
                monthly_fen: Set(tier.monthly_fen),
                ..Default::default()
            };
            social_work_pay_tier::Entity::insert(row).exec(tx.conn()).await?;
        }
        let change = Change::new("update", "social_work_pay_tiers", &code, &code).before(&before).after(&tiers);
        tx.record(change).await?;
        tx.commit().await
    }

    /// The table in force in a region (its own or the nearest ancestor's).
    pub async fn pay_tiers(&self, actor: &Actor, code: &str) -> Result<PayTable, AppError> {
        let code = self.registry_region(actor, code)?;
        let (applies_from, tiers) = self.pay_table_in(&self.db, &code).await?;
        let tiers = tiers.iter().enumerate().map(|(i, t)| tier_view(i, t)).collect();
        Ok(PayTable { region_code: code, applies_from, tiers })
    }

    /// Sets a region's title allowance for a year, per certificate level (each above zero).
    pub async fn set_title_allowance(
        &self,
        actor: &Actor,
        code: &str,
        year: i32,
        input: AllowanceRatesInput,
    ) -> Result<(), AppError> {
        let code = self.registry_region(actor, code)?;
        let year = check_year(year, self.settings.today().year() + 1)?;
        let mut checks = Checks::default();
        let amount = |v: Option<i64>| match v {
            None => Err(Violation::new("required")),
            Some(fen) if fen <= 0 => Err(Violation::new("amount-positive")),
            Some(fen) => Ok(fen),
        };
        let assistant = checks.field("assistant_fen", amount(input.assistant_fen));
        let intermediate = checks.field("intermediate_fen", amount(input.intermediate_fen));
        let senior = checks.field("senior_fen", amount(input.senior_fen));
        let (assistant_fen, intermediate_fen, senior_fen) = checks.finish_with((assistant, intermediate, senior))?;
        let rates = AllowanceRates { assistant_fen, intermediate_fen, senior_fen };
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let existing = social_work_title_allowance::Entity::find()
            .filter(social_work_title_allowance::Column::RegionCode.eq(&code))
            .filter(social_work_title_allowance::Column::Year.eq(year))
            .one(tx.conn())
            .await?;
        let before = existing.as_ref().map(rates_of);
        let mut row = match existing {
            Some(found) => found.into_active_model(),
            None => social_work_title_allowance::ActiveModel {
                region_code: Set(code.clone()),
                year: Set(year),
                ..Default::default()
            },
        };
        row.assistant_fen = Set(assistant_fen);
        row.intermediate_fen = Set(intermediate_fen);
        row.senior_fen = Set(senior_fen);
        let id = row.save(tx.conn()).await?.id.unwrap();
        let mut change = Change::new("update", "social_work_title_allowance", id, &code)
            .after(&serde_json::json!({ "year": year, "rates": rates }));
        if let Some(before) = before {
            change = change.before(&serde_json::json!({ "year": year, "rates": before }));
        }
        tx.record(change).await?;
        tx.commit().await
    }

    /// Every region's rates for `year` (a small table), to find each worker's nearest.
    async fn all_rates(
        &self,
        db: &impl ConnectionTrait,
        year: i32,
    ) -> Result<Vec<social_work_title_allowance::Model>, AppError> {
        let rows =
            social_work_title_allowance::Entity::find().filter(social_work_title_allowance::Column::Year.eq(year));
        Ok(rows.all(db).await?)
    }

    /// The rates in force in a region for a year.
    pub async fn title_allowance(&self, actor: &Actor, code: &str, year: i32) -> Result<AllowanceRatesView, AppError> {
        let code = self.registry_region(actor, code)?;
        let year = check_year(year, self.settings.today().year() + 1)?;
        let rows = self.all_rates(&self.db, year).await?;
        let found = nearest(&self.lineage_codes(&code), &rows, |r| &r.region_code);
        Ok(AllowanceRatesView {
            region_code: code.clone(),
            year,
            applies_from: found.map(|r| r.region_code.clone()),
            assistant_fen: found.map(|r| r.assistant_fen),
            intermediate_fen: found.map(|r| r.intermediate_fen),
            senior_fen: found.map(|r| r.senior_fen),
        })
    }

    /// The workers kept in `code` and below due the title allowance for `month` (YYYY-MM,
    /// not after the current month), each with the amount of their region's rates, and the
    /// exact total.
    pub async fn title_allowances(&self, actor: &Actor, code: &str, month: &str) -> Result<AllowanceList, AppError> {
        let code = self.registry_region(actor, code)?;
        let today = self.settings.today();
        let month = parse_month(month)
            .and_then(|m| if m > today { Err(Violation::new("date-in-future")) } else { Ok(m) })
            .map_err(|v| AppError::invalid("month", v))?;
        let last = last_day(month);
        let tree = self.regions();
        let subtree = tree.get(&code).map(|n| tree.codes_with_path_prefix(&n.path)).unwrap_or_default();
        // Only workers with a community post that month can be due: start from those hires.
        let community = social_work_post::Entity::find()
            .filter(social_work_post::Column::EmployerKind.eq(EmployerKind::Community.as_str()))
            .all(&self.db)
            .await?;
        let touching = social_work_hire::Entity::find()
            .filter(social_work_hire::Column::PostId.is_in(community.iter().map(|p| p.id)))
            .filter(social_work_hire::Column::HiredOn.lte(last))
            .filter(
                Condition::any()
                    .add(social_work_hire::Column::EndedOn.is_null())
                    .add(social_work_hire::Column::EndedOn.gte(month)),
            )
            .all(&self.db)
            .await?;
        let workers = social_worker::Entity::find()
            .filter(social_worker::Column::Id.is_in(touching.iter().map(|h| h.social_worker_id)))
            .filter(social_worker::Column::RegionCode.is_in(subtree))
            .order_by_asc(social_worker::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = workers.iter().map(|w| w.id).collect();
        let posts = held_posts(&self.db, &ids).await?;
        let year = evaluation_year(month);
        let grades = grades(&self.db, &ids, year).await?;
        let rates = self.all_rates(&self.db, month.year()).await?;
        let persons =
            person::Entity::find().filter(person::Column::Id.is_in(workers.iter().map(|w| w.person_id))).all(&self.db);
        let persons = persons.await?;
        let mut items = Vec::new();
        for w in &workers {
            let own: Vec<&HeldPost> = posts.iter().filter(|(id, _)| *id == w.id).map(|(_, p)| p).collect();
            let grade = grades.iter().find(|(id, _)| *id == w.id).map(|(_, g)| *g);
            let facts = facts_for(w, &own, grade, month);
            let rate = nearest(&self.lineage_codes(&w.region_code), &rates, |r| &r.region_code).map(rates_of);
            let Ok((level, amount_fen)) = amount_due(&facts, rate.as_ref()) else { continue };
            let person = persons.iter().find(|p| p.id == w.person_id);
            let post = own.iter().find(|p| p.employer == EmployerKind::Community && p.span.touches(month, last));
            items.push(AllowanceRow {
                social_worker_id: w.id,
                name: person.map(|p| p.name.clone()).unwrap_or_default(),
                id_number: person.map(|p| mask(&p.id_number)).unwrap_or_default(),
                region_code: w.region_code.clone(),
                level: level.as_str().to_string(),
                amount_fen,
                post_title: post.map(|p| p.title.clone()).unwrap_or_default(),
                evaluation_year: year,
                grade: grade.map(|g| g.as_str().to_string()).unwrap_or_default(),
            });
        }
        let total_fen = items.iter().map(|i| i.amount_fen).sum();
        Ok(AllowanceList { region_code: code, month: month_text(month), items, total_fen })
    }

    /// The list for finance as a file, recorded in the audit trail as exported.
    pub async fn export_title_allowances(
        &self,
        actor: &Actor,
        code: &str,
        month: &str,
    ) -> Result<AllowanceList, AppError> {
        let list = self.title_allowances(actor, code, month).await?;
        let detail = serde_json::json!({ "month": list.month, "total_fen": list.total_fen });
        self.record_export_in(actor, "title_allowances", list.items.len(), detail, &list.region_code).await?;
        Ok(list)
    }

    /// What the record shows of pay: the tier today, and each month of this year so far,
    /// due or not, with the reason.
    async fn worker_pay(
        &self,
        db: &impl ConnectionTrait,
        worker: &social_worker::Model,
        today: NaiveDate,
    ) -> Result<(PayView, Vec<AllowanceMonth>), AppError> {
        let posts = held_posts(db, &[worker.id]).await?;
        let own: Vec<&HeldPost> = posts.iter().map(|(_, p)| p).collect();
        let spans: Vec<Span> = own.iter().map(|p| p.span).collect();
        let standing = WorkerStanding {
            level: worker
                .certificate_level
                .filter(|_| worker.certificate_obtained_on.is_some_and(|on| on <= today))
                .map(|l| l.0),
            degree: Degree::of_text(&worker.degree),
            employers: own.iter().filter(|p| p.span.touches(today, today)).map(|p| p.employer).collect(),
            years: years_in_social_work(&spans, today),
        };
        let (applies_from, tiers) = self.pay_table_in(db, &worker.region_code).await?;
        let tier = tier_of(&tiers, &standing).map(|(i, t)| tier_view(i, t));
        let pay = PayView {
            monthly_guidance_fen: tier.as_ref().map(|t| t.monthly_fen),
            tier,
            years_in_social_work: standing.years,
            applies_from,
        };
        let grade = grades(db, &[worker.id], today.year() - 1).await?.first().map(|(_, g)| *g);
        let rates = self.all_rates(db, today.year()).await?;
        let rate = nearest(&self.lineage_codes(&worker.region_code), &rates, |r| &r.region_code).map(rates_of);
        let months = (1..=today.month())
            .filter_map(|m| NaiveDate::from_ymd_opt(today.year(), m, 1))
            .map(|month| match amount_due(&facts_for(worker, &own, grade, month), rate.as_ref()) {
                Ok((_, amount_fen)) => AllowanceMonth { month: month_text(month), due: true, amount_fen, reason: None },
                Err(why) => AllowanceMonth {
                    month: month_text(month),
                    due: false,
                    amount_fen: 0,
                    reason: Some(why.as_str().to_string()),
                },
            })
            .collect();
        Ok((pay, months))
    }

    /// Records an award of a worker.
    pub async fn add_award(&self, actor: &Actor, id: i64, input: NewAward) -> Result<i64, AppError> {
        let worker = self.worker_for(&self.db, actor, id, Access::Write).await?;
        let today = self.settings.today();
        let mut checks = Checks::default();
        let title = checks.field("title", required_text(&input.title, 100));
        let body = checks.field("awarding_body", required_text(&input.awarding_body, 100));
        let level =
            checks.field("level", AwardLevel::parse(input.level.trim()).ok_or(Violation::new("unknown-choice")));
        let on = checks.field("awarded_on", past_day(&input.awarded_on, today));
        let (title, body, level, on) = checks.finish_with((title, body, level, on))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let inserted = social_worker_award::Entity::insert(social_worker_award::ActiveModel {
            social_worker_id: Set(worker.id),
            region_code: Set(worker.region_code.clone()),
            title: Set(title.clone()),
            awarding_body: Set(body.clone()),
            level: Set(level.into()),
            awarded_on: Set(on),
            created_at: Set(Utc::now()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "social_worker_id": worker.id, "title": title, "awarding_body": body,
            "level": level.as_str(), "awarded_on": on });
        tx.record(Change::new("create", "social_worker_award", inserted, &worker.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(inserted)
    }

    /// The record with its pay, this year's title allowance months and its awards.
    pub(super) async fn add_pay(
        &self,
        db: &impl ConnectionTrait,
        shown: &mut SocialWorkerDetail,
        worker: &social_worker::Model,
        today: NaiveDate,
    ) -> Result<(), AppError> {
        let (pay, months) = self.worker_pay(db, worker, today).await?;
        shown.pay = Some(pay);
        shown.title_allowance = months;
        shown.awards = awards_of(db, worker.id).await?;
        Ok(())
    }
}

/// A worker's awards, latest first.
async fn awards_of(db: &impl ConnectionTrait, worker_id: i64) -> Result<Vec<AwardView>, AppError> {
    let rows = social_worker_award::Entity::find()
        .filter(social_worker_award::Column::SocialWorkerId.eq(worker_id))
        .order_by_desc(social_worker_award::Column::AwardedOn)
        .order_by_desc(social_worker_award::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|a| AwardView {
            id: a.id,
            title: a.title,
            awarding_body: a.awarding_body,
            level: a.level.into(),
            awarded_on: a.awarded_on,
        })
        .collect())
}
