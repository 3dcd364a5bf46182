use sea_orm::entity::prelude::*;

/// A registrar's evaluation standard for a year: indicators and cut-offs (JSON of
/// `domain::organization::evaluation::Standard`), and the notice period in days.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evaluation_standards")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub authority_code: String,
    pub year: i32,
    #[sea_orm(column_type = "Text")]
    pub standard: String,
    pub notice_days: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
