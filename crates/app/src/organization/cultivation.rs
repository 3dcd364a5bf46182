//! Cultivation (4B): how many organisations of the five priority kinds each county has
//! at the end of a year, and how many of them were registered that year. The kinds follow
//! from each organisation's legal form and category (`domain::organization::priority_kinds`).

use chrono::Datelike;
use domain::organization::{Category, OrgKind, PriorityKind, priority_kinds};
use serde::Serialize;

use super::county_of;
use crate::{Actor, App, AppError};

/// One county's counts, in the order of `PriorityKind::ALL`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CultivationRow {
    pub region_code: String,
    pub region_name: String,
    /// Active organisations of each priority kind at the end of the year.
    pub totals: Vec<usize>,
    /// Of those, registered during the year.
    pub new: Vec<usize>,
}

impl App {
    /// Priority-kind counts per county for a year, over the organisations the actor sees.
    pub async fn cultivation_counts(&self, actor: &Actor, year: i32) -> Result<Vec<CultivationRow>, AppError> {
        let tree = self.regions();
        let mut rows: Vec<CultivationRow> = Vec::new();
        for org in self.active_at_year_end(actor, year).await? {
            let (Some(kind), Some(category)) = (OrgKind::parse(&org.kind), Category::parse(&org.category)) else {
                continue;
            };
            let (code, name) = county_of(&tree, &org.region_code);
            let index = match rows.iter().position(|r| r.region_code == code) {
                Some(index) => index,
                None => {
                    let zeros = vec![0; PriorityKind::ALL.len()];
                    rows.push(CultivationRow {
                        region_code: code,
                        region_name: name,
                        totals: zeros.clone(),
                        new: zeros,
                    });
                    rows.len() - 1
                }
            };
            for priority in priority_kinds(kind, category) {
                let slot = PriorityKind::ALL.iter().position(|p| *p == priority).unwrap_or_default();
                rows[index].totals[slot] += 1;
                rows[index].new[slot] += usize::from(org.registered_on.year() == year);
            }
        }
        rows.sort_by(|a, b| a.region_code.cmp(&b.region_code));
        Ok(rows)
    }
}
