use super::Stored;
use domain::governance::election::{Committee, Electorate, Method};
use sea_orm::entity::prelude::*;

/// One community's committee election within a unified term election.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "elections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unified_id: i64,
    pub region_code: String,
    pub committee: Stored<Committee>,
    pub method: Stored<Method>,
    pub electorate: Stored<Electorate>,
    /// The ballot's posts and seats (JSON list of `PostSpec`).
    #[sea_orm(column_type = "Text")]
    pub posts: String,
    /// Counting thresholds (JSON `CountRules`).
    #[sea_orm(column_type = "Text")]
    pub count_rules: String,
    /// Deadlines and limits (JSON `ScheduleRules`).
    #[sea_orm(column_type = "Text")]
    pub schedule_rules: String,
    pub vote_date: Date,
    pub register_published_on: Option<Date>,
    /// The count of the phone and paper ballots (JSON `RoundResult`), once counted.
    #[sea_orm(column_type = "Text", nullable)]
    pub result: Option<String>,
    /// People who signed for a paper ballot at the polling station.
    pub paper_voters: Option<i64>,
    /// The day the elected took their posts in the community registry.
    pub seated_on: Option<Date>,
    /// Whether the community's party organisation was directly elected this term (its
    /// election is held by the party, so it is recorded at seating, not counted here).
    pub party_directly_elected: Option<bool>,
    /// The rule set (`election_rule_sets`) the election was opened under; `count_rules`
    /// and `schedule_rules` are its copy.
    pub rule_set_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
