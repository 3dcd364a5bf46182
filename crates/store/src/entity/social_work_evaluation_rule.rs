use sea_orm::entity::prelude::*;

/// A region's weights and grade bands for one year's social-worker evaluations (5A);
/// regions without a row follow the nearest ancestor's, else the defaults.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "social_work_evaluation_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub region_code: String,
    pub year: i32,
    pub quality_weight: i32,
    pub results_weight: i32,
    pub satisfaction_weight: i32,
    /// Band floors in tenths of a point.
    pub excellent_from: i32,
    pub pass_from: i32,
    pub basic_from: Option<i32>,
    pub min_answers: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
