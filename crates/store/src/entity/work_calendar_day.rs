use sea_orm::entity::prelude::*;

/// A day of a year's holiday arrangement entered by the operator: a weekday off
/// (`working` false) or a weekend day worked (`working` true). A year with rows here
/// replaces what the binary ships for it (`domain::workdays`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "work_calendar_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub working: bool,
    pub entered_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
