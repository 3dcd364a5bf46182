//! What the registry, inspection and the public search show of an organisation, kept
//! apart so that none of them imports another.

use chrono::NaiveDate;
use domain::organization::{Category, OrgKind, OrgStatus, grade_in_force};
use serde::Serialize;
use store::entity::organization;

use super::supervision::SupervisingUnitRef;
use crate::RegionTree;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
}

impl RegionRef {
    pub(super) fn of(tree: &RegionTree, code: &str) -> Self {
        Self { code: code.to_string(), name: tree.get(code).map(|n| n.name.clone()).unwrap_or_default() }
    }
}

/// One line of a search or list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicOrganization {
    pub id: i64,
    pub name: String,
    pub uscc: String,
    #[schema(value_type = String)]
    pub kind: OrgKind,
    #[schema(value_type = String)]
    pub category: Category,
    pub region_name: String,
    pub registered_on: NaiveDate,
    #[schema(value_type = String)]
    pub status: OrgStatus,
    pub grade: Option<String>,
    pub grade_expires_on: Option<NaiveDate>,
    pub supervising_unit: SupervisingUnitRef,
}

impl PublicOrganization {
    /// The line of a row, its supervising unit named `unit`, its grade as in force `today`.
    pub(super) fn from_row(o: organization::Model, unit: String, tree: &RegionTree, today: NaiveDate) -> Self {
        Self {
            grade: grade_in_force(o.grade.as_deref(), o.grade_expires_on, today).map(str::to_string),
            kind: o.kind.0,
            category: o.category.0,
            status: o.status.0,
            region_name: RegionRef::of(tree, &o.region_code).name,
            supervising_unit: SupervisingUnitRef { id: o.supervising_unit_id, name: unit },
            id: o.id,
            name: o.name,
            uscc: o.uscc,
            registered_on: o.registered_on,
            grade_expires_on: o.grade_expires_on,
        }
    }
}
