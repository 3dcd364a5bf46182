use sea_orm::entity::prelude::*;

/// A region's election rules (JSON `ElectionRules`) for a period; region `""` is everywhere.
/// Never edited: a later set of the same region replaces it from its first day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "election_rule_sets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub rules: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
