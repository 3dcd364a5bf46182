use sea_orm::entity::prelude::*;

/// One published disclosure of community affairs for a category and period.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub category: String,
    /// The period key: `2026-11`, `2026-Q3`, `2026-H2`, `2026`, or `E12` for election 12.
    pub period: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub published_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
