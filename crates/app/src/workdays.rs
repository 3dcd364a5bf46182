//! The working-day calendar deadlines are counted on: the State Council's holiday
//! arrangements shipped in `domain::workdays`, and the years the city's administrator
//! enters when a new notice is published.

use chrono::{Datelike, NaiveDate, Weekday};
use domain::Violation;
use domain::identity::Role;
use domain::workdays::WorkCalendar;
use serde::{Deserialize, Serialize};
use store::entity::work_calendar_day;
use store::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::error::Checks;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// A year's arrangement as the notice gives it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CalendarYearInput {
    /// YYYY-MM-DD: the weekdays off (holidays and the weekdays swapped out).
    pub off: Vec<String>,
    /// YYYY-MM-DD: the weekend days worked (调休上班).
    pub on: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CalendarYear {
    pub year: i32,
    /// Whether the year's arrangement is known; if not, deadlines in it count Monday to
    /// Friday and are shown as provisional.
    pub known: bool,
    pub off: Vec<NaiveDate>,
    pub on: Vec<NaiveDate>,
}

fn weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Reads one list of days of `year`, each a weekend day (`on`) or a weekday (`off`).
fn days_of(texts: &[String], year: i32, weekend_expected: bool) -> Result<Vec<NaiveDate>, Violation> {
    let mut days = Vec::with_capacity(texts.len());
    for text in texts {
        let day = domain::date::required_day(text)?;
        if day.year() != year {
            return Err(Violation::new("calendar-day-other-year").with("date", day).with("year", year));
        }
        if weekend(day) != weekend_expected {
            let code = if weekend_expected { "calendar-on-not-weekend" } else { "calendar-off-not-weekday" };
            return Err(Violation::new(code).with("date", day));
        }
        days.push(day);
    }
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

impl App {
    /// The calendar in force: the shipped years, with the entered years over them.
    pub async fn work_calendar(&self) -> Result<WorkCalendar, AppError> {
        let mut calendar = WorkCalendar::national();
        let rows = work_calendar_day::Entity::find().all(&self.db).await?;
        let mut years: Vec<i32> = rows.iter().map(|r| r.day.year()).collect();
        years.sort_unstable();
        years.dedup();
        for year in years {
            let of_year = rows.iter().filter(|r| r.day.year() == year);
            let (on, off): (Vec<_>, Vec<_>) = of_year.partition(|r| r.working);
            calendar.set_year(year, off.iter().map(|r| r.day).collect(), on.iter().map(|r| r.day).collect());
        }
        Ok(calendar)
    }

    pub async fn calendar_year(&self, year: i32) -> Result<CalendarYear, AppError> {
        let calendar = self.work_calendar().await?;
        let (off, on) = calendar.year(year);
        Ok(CalendarYear { year, known: calendar.knows(year), off, on })
    }

    /// The city's administrator enters (or corrects) a year's arrangement; it replaces what
    /// was known of the year, shipped or entered.
    pub async fn set_calendar_year(&self, actor: &Actor, year: i32, input: CalendarYearInput) -> Result<(), AppError> {
        if !actor.grants.iter().any(|g| g.role == Role::CityAdmin) {
            return Err(AppError::Forbidden);
        }
        let mut checks = Checks::default();
        if !(2000..=2100).contains(&year) {
            checks.push(Violation::new("year-out-of-range").on("year"));
        }
        let off = checks.field("off", days_of(&input.off, year, false));
        let on = checks.field("on", days_of(&input.on, year, true));
        if off.as_ref().is_some_and(Vec::is_empty) {
            // Every year has New Year's Day off at least: an empty list is a mistake.
            checks.push(Violation::new("required").on("off"));
        }
        let (off, on) = checks.finish_with((off, on))?;
        let before = self.calendar_year(year).await?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::NotFound)?;
        let until = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::NotFound)?;
        work_calendar_day::Entity::delete_many()
            .filter(work_calendar_day::Column::Day.between(from, until))
            .exec(tx.conn())
            .await?;
        let rows = off.iter().map(|d| (*d, false)).chain(on.iter().map(|d| (*d, true))).map(|(day, working)| {
            work_calendar_day::ActiveModel {
                day: Set(day),
                working: Set(working),
                entered_by: Set(actor.display_name.clone()),
            }
        });
        work_calendar_day::Entity::insert_many(rows).exec_without_returning(tx.conn()).await?;
        let after = serde_json::json!({ "off": off, "on": on });
        tx.record(Change::new("set", "work_calendar", year, "").before(&before).after(&after)).await?;
        tx.commit().await?;
        Ok(())
    }
}
