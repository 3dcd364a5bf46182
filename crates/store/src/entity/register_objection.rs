use super::Stored;
use domain::governance::register::{ObjectionDecision, ObjectionKind};
use sea_orm::entity::prelude::*;

/// An objection to a published voter register and the committee's decision on it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "register_objections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub election_id: i64,
    /// `omitted` or `wrongly_included`.
    pub kind: Stored<ObjectionKind>,
    /// The person the objection is about.
    pub person_id: i64,
    pub objector: String,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub filed_on: Date,
    /// `upheld` or `rejected`, once decided.
    pub decision: Option<Stored<ObjectionDecision>>,
    #[sea_orm(column_type = "Text", nullable)]
    pub decision_note: Option<String>,
    pub decided_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
