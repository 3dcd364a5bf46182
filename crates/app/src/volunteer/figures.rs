//! Linkage figures (5E): month by month in a region and a year, how social workers lead
//! volunteers — registered and active volunteers, confirmed hours, teams and those with a
//! social-worker guide, volunteers per social worker, volunteers trained in social-work
//! skills, and activities by service field. Each table is read once for the whole region
//! and year and counted here, never once per volunteer.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};
use domain::Violation;
use domain::identity::Permission;
use domain::volunteer::ledger::Source;
use serde::Serialize;
use store::entity::{social_worker, volunteer, volunteer_activity, volunteer_hour, volunteer_team, volunteer_training};
use store::sea_orm::sea_query::Query;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::SERVICE_FIELDS;
use crate::{Actor, App, AppError};

/// One month's figures. Counts of people and teams stand at the month's end; hours,
/// active volunteers and activities are those of the month.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct MonthFigures {
    /// 1–12
    pub month: u32,
    /// Active volunteers registered by the month's end.
    pub registered: u64,
    /// Volunteers with confirmed service in the month.
    pub active: u64,
    /// Confirmed minutes served in the month (corrected entries replaced by their
    /// correction; unconfirmed QR check-outs left out).
    pub confirmed_minutes: i64,
    /// Teams founded by the month's end.
    pub teams: u64,
    /// Of those, teams with a social-worker guide (as they stand now).
    pub guided_teams: u64,
    /// Social workers kept in the region at the month's end.
    pub social_workers: u64,
    /// Registered volunteers per social worker, in tenths (125 = 12.5); none without workers.
    pub volunteers_per_social_worker_tenths: Option<u64>,
    /// Registered volunteers trained in social-work skills by the month's end.
    pub trained_in_social_work: u64,
    /// Activities starting in the month.
    pub activities: u64,
    /// Activities starting in the month by service field (fields with none left out).
    pub activities_by_field: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VolunteerFigures {
    pub region_code: String,
    pub region_name: String,
    pub year: i32,
    /// January up to the current month (the whole year for a past one).
    pub months: Vec<MonthFigures>,
    /// The year's activities by service field, in the list's order.
    pub activities_by_field: Vec<(String, u64)>,
}

fn month_end(year: i32, month: u32) -> NaiveDate {
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) };
    next.map(|d| d - Duration::days(1)).unwrap_or(NaiveDate::MAX)
}

/// The minutes each volunteer served month by month in confirmed entries that stand: an
/// entry counts when its source is confirmed and no entry of its chain corrects it.
/// Returns, per month (1–12), the minutes and the volunteers who served.
fn confirmed_by_month(rows: &[volunteer_hour::Model]) -> HashMap<u32, (i64, HashSet<i64>)> {
    let corrected: HashSet<(&str, i64)> =
        rows.iter().filter_map(|r| r.corrects.map(|seq| (r.chain.as_str(), seq))).collect();
    let mut months: HashMap<u32, (i64, HashSet<i64>)> = HashMap::new();
    for row in rows {
        let confirmed = Source::parse(&row.source).is_some_and(Source::confirmed);
        if !confirmed || corrected.contains(&(row.chain.as_str(), row.seq)) {
            continue;
        }
        let month = months.entry(row.served_on.month()).or_default();
        month.0 += row.minutes;
        if row.minutes > 0 {
            month.1.insert(row.volunteer_id);
        }
    }
    months
}

impl App {
    /// The linkage figures of a region the actor keeps volunteers in, for a year.
    pub async fn volunteer_figures(
        &self,
        actor: &Actor,
        region: &str,
        year: i32,
    ) -> Result<VolunteerFigures, AppError> {
        let tree = self.regions();
        let node = tree.get(region).ok_or(AppError::NotFound)?;
        actor.require(Permission::ManageVolunteers, region, &tree)?;
        let today = self.settings.today();
        if !(2000..=today.year()).contains(&year) {
            return Err(AppError::invalid("year", Violation::new("figures-year-range").with("max", today.year())));
        }
        let codes = tree.codes_with_path_prefix(&node.path);
        let last_month = if year == today.year() { today.month() } else { 12 };
        let (first, last) = (NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN), month_end(year, 12));
        let offset = Duration::minutes(i64::from(self.settings.utc_offset_minutes));
        let local_day = |at: chrono::DateTime<chrono::Utc>| (at + offset).date_naive();

        let volunteers: Vec<(i64, chrono::DateTime<chrono::Utc>)> = volunteer::Entity::find()
            .select_only()
            .column(volunteer::Column::Id)
            .column(volunteer::Column::CreatedAt)
            .filter(volunteer::Column::RegionCode.is_in(codes.clone()))
            .filter(volunteer::Column::Status.eq("active"))
            .into_tuple()
            .all(&self.db)
            .await?;
        let registered_on: HashMap<i64, NaiveDate> = volunteers.iter().map(|(id, at)| (*id, local_day(*at))).collect();
        let in_region = Query::select()
            .column(volunteer::Column::Id)
            .from(volunteer::Entity)
            .and_where(volunteer::Column::RegionCode.is_in(codes.clone()))
            .to_owned();
        // The year's entries of the region's volunteers; a correction carries the day of
        // the entry it corrects, so both fall in the same year.
        let rows = volunteer_hour::Entity::find()
            .filter(volunteer_hour::Column::VolunteerId.in_subquery(in_region.clone()))
            .filter(volunteer_hour::Column::ServedOn.between(first, last))
            .all(&self.db)
            .await?;
        let served = confirmed_by_month(&rows);
        let trained: Vec<(i64, NaiveDate)> = volunteer_training::Entity::find()
            .select_only()
            .column(volunteer_training::Column::VolunteerId)
            .column(volunteer_training::Column::TrainedOn)
            .filter(volunteer_training::Column::VolunteerId.in_subquery(in_region))
            .filter(volunteer_training::Column::SocialWorkSkills.eq(true))
            .filter(volunteer_training::Column::TrainedOn.lte(last))
            .into_tuple()
            .all(&self.db)
            .await?;
        // Each volunteer's first social-work training.
        let mut first_trained: HashMap<i64, NaiveDate> = HashMap::new();
        for (id, day) in trained {
            let e = first_trained.entry(id).or_insert(day);
            *e = (*e).min(day);
        }
        let teams: Vec<(NaiveDate, Option<i64>)> = volunteer_team::Entity::find()
            .select_only()
            .column(volunteer_team::Column::FoundedOn)
            .column(volunteer_team::Column::GuideSocialWorkerId)
            .filter(volunteer_team::Column::RegionCode.is_in(codes.clone()))
            .into_tuple()
            .all(&self.db)
            .await?;
        let workers: Vec<chrono::DateTime<chrono::Utc>> = social_worker::Entity::find()
            .select_only()
            .column(social_worker::Column::CreatedAt)
            .filter(social_worker::Column::RegionCode.is_in(codes.clone()))
            .into_tuple()
            .all(&self.db)
            .await?;
        let since = chrono::NaiveDateTime::from(first).and_utc() - offset;
        let until = chrono::NaiveDateTime::from(last + Duration::days(1)).and_utc() - offset;
        let activities: Vec<(chrono::DateTime<chrono::Utc>, String)> = volunteer_activity::Entity::find()
            .select_only()
            .column(volunteer_activity::Column::StartsAt)
            .column(volunteer_activity::Column::ServiceField)
            .filter(volunteer_activity::Column::RegionCode.is_in(codes))
            .filter(volunteer_activity::Column::StartsAt.gte(since))
            .filter(volunteer_activity::Column::StartsAt.lt(until))
            .into_tuple()
            .all(&self.db)
            .await?;

        let mut months = Vec::with_capacity(last_month as usize);
        for month in 1..=last_month {
            let end = month_end(year, month);
            let registered = registered_on.values().filter(|d| **d <= end).count() as u64;
            let (confirmed_minutes, active) =
                served.get(&month).map(|(m, who)| (*m, who.len() as u64)).unwrap_or_default();
            let founded: Vec<&(NaiveDate, Option<i64>)> = teams.iter().filter(|(d, _)| *d <= end).collect();
            let social_workers = workers.iter().filter(|at| local_day(**at) <= end).count() as u64;
            let mut by_field = BTreeMap::new();
            for (at, field) in &activities {
                let day = local_day(*at);
                if day.year() == year && day.month() == month {
                    *by_field.entry(field.clone()).or_insert(0) += 1;
                }
            }
            months.push(MonthFigures {
                month,
                registered,
                active,
                confirmed_minutes,
                teams: founded.len() as u64,
                guided_teams: founded.iter().filter(|(_, g)| g.is_some()).count() as u64,
                social_workers,
                volunteers_per_social_worker_tenths: (registered * 10).checked_div(social_workers),
                trained_in_social_work: first_trained
                    .iter()
                    .filter(|(id, day)| **day <= end && registered_on.get(id).is_some_and(|r| *r <= end))
                    .count() as u64,
                activities: by_field.values().sum(),
                activities_by_field: by_field,
            });
        }
        let activities_by_field = SERVICE_FIELDS
            .iter()
            .map(|f| (f.to_string(), months.iter().filter_map(|m| m.activities_by_field.get(*f)).sum()))
            .collect();
        Ok(VolunteerFigures {
            region_code: node.code.clone(),
            region_name: node.name.clone(),
            year,
            months,
            activities_by_field,
        })
    }

    /// The figures for a spreadsheet, recorded as exported.
    pub async fn export_volunteer_figures(
        &self,
        actor: &Actor,
        region: &str,
        year: i32,
    ) -> Result<VolunteerFigures, AppError> {
        let figures = self.volunteer_figures(actor, region, year).await?;
        let detail = serde_json::json!({ "region": region, "year": year });
        self.record_export_in(actor, "volunteer_figures", figures.months.len(), detail, region).await?;
        Ok(figures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        seq: i64,
        volunteer_id: i64,
        day: u32,
        minutes: i64,
        source: &str,
        corrects: Option<i64>,
    ) -> volunteer_hour::Model {
        volunteer_hour::Model {
            id: seq,
            chain: "region-1".into(),
            seq,
            volunteer_id,
            activity_id: None,
            started_at: String::new(),
            served_on: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
            minutes,
            source: source.into(),
            corrects,
            description: String::new(),
            recorded_at: String::new(),
            recorded_by: String::new(),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn a_month_counts_confirmed_minutes_that_stand_and_the_volunteers_who_served_them() {
        let rows = vec![
            entry(1, 1, 2, 120, "organiser", None),
            entry(2, 2, 3, 60, "qr", None),
            entry(3, 1, 2, 90, "correction", Some(1)),
            entry(4, 3, 4, 30, "qr", None),
            entry(5, 3, 4, 45, "confirmation", Some(4)),
        ];
        let months = confirmed_by_month(&rows);
        let (minutes, who) = &months[&3];
        assert_eq!(*minutes, 90 + 45);
        assert_eq!(who.len(), 2, "the unconfirmed check-out's volunteer is not active");
    }

    #[test]
    fn a_correction_to_zero_leaves_the_volunteer_inactive() {
        let rows = vec![entry(1, 1, 2, 120, "organiser", None), entry(2, 1, 2, 0, "correction", Some(1))];
        let months = confirmed_by_month(&rows);
        assert_eq!(months[&3].0, 0);
        assert!(months[&3].1.is_empty());
    }

    #[test]
    fn a_months_end_is_its_last_day() {
        assert_eq!(month_end(2024, 2), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        assert_eq!(month_end(2026, 12), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
    }
}
