use sea_orm::entity::prelude::*;

/// The city's yearly social-work course (每年一期全市社会工作专题培训班, 5C); one a
/// region and year. Its duration counts, in minutes, for each worker who attended.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "city_courses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub year: i32,
    pub title: String,
    pub provider: String,
    pub minutes: i32,
    pub starts_on: Date,
    pub ends_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
