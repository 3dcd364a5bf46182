use super::Stored;
use domain::governance::meeting::RequestBasis;
use sea_orm::entity::prelude::*;

/// A request for a residents' meeting by part of the community (Art. 10).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    /// `adult_residents`, `households` or `residents_groups`.
    pub basis: Stored<RequestBasis>,
    pub supporters: i32,
    /// How many adults, households or groups the community has.
    pub total: i32,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    pub filed_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
