use sea_orm::entity::prelude::*;

/// A service proof (民发〔2015〕149号): what the organiser's ledger held for a volunteer when issued.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_proofs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What the public verification page is asked with.
    pub code: String,
    /// The certificate number.
    pub number: String,
    pub volunteer_id: i64,
    pub chain: String,
    pub through_seq: i64,
    pub minutes: i64,
    pub entries: i64,
    pub issuer: String,
    pub responsible: String,
    pub handler: String,
    pub contact: String,
    pub issued_on: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
