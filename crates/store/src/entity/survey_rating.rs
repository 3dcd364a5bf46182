use sea_orm::entity::prelude::*;

/// One question's rating (1 to 5) in an answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_ratings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub answer_id: i64,
    pub survey_id: i64,
    /// The question's place in the survey's list, from 0.
    pub question: i32,
    pub rating: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
