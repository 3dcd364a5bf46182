use sea_orm::entity::prelude::*;

/// A category of community affairs to disclose and how often (data, seeded with defaults).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosure_categories")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    /// Where pages list the category.
    pub position: i32,
    /// `monthly`, `quarterly`, `half_yearly`, `yearly` or `per_election`.
    pub frequency: String,
    /// Days after a period ends before its disclosure is overdue.
    pub grace_days: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
