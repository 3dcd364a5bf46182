use sea_orm::entity::prelude::*;

/// A volunteer activity with its place, time, capacity and the province's safeguards.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The organiser's ledger: org:<id> or region:<code>.
    pub chain: String,
    pub region_code: String,
    pub title: String,
    pub place: String,
    pub service_field: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub capacity: i32,
    pub risky: bool,
    pub large_event: bool,
    pub outside_province: bool,
    pub emergency_rescue: bool,
    pub agreement_on_request: bool,
    pub insurance_policy: Option<String>,
    pub waitlist_may_check_in: bool,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub radius_m: Option<i32>,
    /// Keys the minute-by-minute check-in token; never shown.
    pub checkin_secret: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
