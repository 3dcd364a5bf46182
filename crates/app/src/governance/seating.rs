//! After the count (3B): the elected take their posts in the community registry, the
//! old committee's posts end, and the direct-election share per region and term is
//! computed from what the elections were and whether they seated a committee.

use std::collections::HashMap;

use domain::FieldError;
use domain::Violation;
use domain::community::{BodyKind, Employment, PostTitle};
use domain::governance::count::{CountRules, PostSpec, RoundResult, elected_after, next_round_posts};
use domain::governance::election::Method;
use domain::governance::indicator::{DirectShare, TermOutcome};
use domain::identifiers::resident_id::ResidentId;
use domain::identity::Permission;
use domain::region::Level;
use serde::{Deserialize, Serialize};
use store::entity::{election, person, post, unified_election, voter};
use store::sea_orm::sea_query::Expr;
use store::sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};

use super::elections::parse_json;
use crate::community::body_of;
use crate::community::posts::{ValidPost, write_post};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Seating {
    /// Resident ID numbers for elected names that the register holds more than once.
    pub id_numbers: HashMap<String, String>,
    /// Whether the community's party organisation was directly elected this term.
    pub party_directly_elected: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SeatedMember {
    pub name: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DirectElectionIndicator {
    pub region_code: String,
    pub term: i32,
    #[schema(value_type = Object)]
    pub current: DirectShare,
    pub percent: f64,
    pub previous_term: Option<i32>,
    #[schema(value_type = Option<Object>)]
    pub previous: Option<DirectShare>,
    pub previous_percent: Option<f64>,
    /// Whether the share rose over the previous term (unknown without one).
    pub rose: Option<bool>,
}

/// The registry title of a ballot post: the woman member and any other post sit as members.
fn title_of(post: &str) -> PostTitle {
    PostTitle::parse(post)
        .filter(|t| matches!(t, PostTitle::Director | PostTitle::DeputyDirector))
        .unwrap_or(PostTitle::Member)
}

impl App {
    /// Seats the elected of a valid count: each name is matched to a person on the
    /// register (by ID number where the name is not unique), the committee's current posts
    /// end today and the new members' posts start today, in one transaction.
    pub async fn seat_elected(&self, actor: &Actor, id: i64, input: Seating) -> Result<Vec<SeatedMember>, AppError> {
        let found = election::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        if found.seated_on.is_some() {
            return Err(AppError::Conflict(Violation::new("election-already-seated").on("election")));
        }
        let result: RoundResult = match &found.result {
            Some(text) => parse_json(text)?,
            None => return Err(AppError::Conflict(Violation::new("election-not-counted").on("election"))),
        };
        if !result.valid {
            return Err(AppError::Conflict(Violation::new("election-invalid").on("election")));
        }
        let specs: Vec<PostSpec> = parse_json(&found.posts)?;
        let rounds = self.all_rounds(&found).await?;
        // Nothing is seated while a round is open or another is due: a seat a tie or a new
        // vote between kin decides is not an empty seat (Arts. 28, 29, 31).
        let open = self.later_rounds(id).await?.iter().any(|r| r.result.is_none());
        let next = next_round_posts(&specs, &rounds);
        if open || !next.is_empty() {
            let code =
                if next.iter().all(|p| p.new_vote) && !open { "new-vote-pending" } else { "further-round-pending" };
            return Err(AppError::Conflict(Violation::new(code).on("election")));
        }
        let elected = elected_after(&specs, &rounds);
        let total: usize = elected.iter().map(|(_, names)| names.len()).sum();
        let seats: usize = specs.iter().map(|p| p.seats).sum();
        let rules: CountRules = parse_json(&found.count_rules)?;
        // Art. 30: seats may stay empty only once enough members are elected.
        if total < seats && total < rules.min_elected_to_leave_empty {
            return Err(AppError::Conflict(
                Violation::new("too-few-elected").with("min", rules.min_elected_to_leave_empty).on("election"),
            ));
        }
        let on_register: Vec<i64> = voter::Entity::find()
            .filter(voter::Column::ElectionId.eq(id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| v.person_id)
            .collect();
        let mut people: Vec<person::Model> = Vec::new();
        for chunk in on_register.chunks(500) {
            people.extend(person::Entity::find().filter(person::Column::Id.is_in(chunk.to_vec())).all(&self.db).await?);
        }
        let today = self.settings.today();
        let mut errors: Vec<FieldError> = Vec::new();
        let mut taking_office: Vec<(person::Model, PostTitle)> = Vec::new();
        for (post, names) in &elected {
            for name in names {
                let field = format!("id_numbers.{name}");
                let matching: Vec<&person::Model> = match input.id_numbers.get(name) {
                    Some(number) => {
                        let canonical = ResidentId::parse(number, today).map(|id| id.as_str().to_string());
                        people.iter().filter(|p| canonical.as_deref() == Ok(p.id_number.as_str())).collect()
                    }
                    None => people.iter().filter(|p| &p.name == name).collect(),
                };
                match matching.as_slice() {
                    [one] => taking_office.push(((*one).clone(), title_of(post))),
                    [] => errors.push(Violation::new("elected-not-on-register").with("name", name).on(field)),
                    _ => errors.push(Violation::new("elected-name-ambiguous").with("name", name).on(field)),
                }
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let committee = BodyKind::parse(found.committee.0.as_str()).unwrap_or(BodyKind::ResidentsCommittee);
        let region = found.region_code.clone();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let body = body_of(tx.conn(), &region, committee)
            .await?
            .ok_or_else(|| AppError::Internal(format!("community {region} has no {}", committee.as_str())))?;
        post::Entity::update_many()
            .col_expr(post::Column::EndedOn, Expr::value(today))
            .filter(post::Column::BodyId.eq(body.id))
            .filter(post::Column::EndedOn.is_null())
            .exec(tx.conn())
            .await?;
        let mut seated = Vec::with_capacity(taking_office.len());
        for (holder, title) in taking_office {
            let valid = ValidPost {
                id: ResidentId::parse(&holder.id_number, today).map_err(|v| AppError::Internal(v.to_string()))?,
                name: holder.name.clone(),
                phone: holder.phone.clone(),
                body: committee,
                title,
                employment: Employment::FullTime,
                started_on: today,
            };
            write_post(&mut tx, &region, &valid).await?;
            seated.push(SeatedMember { name: holder.name, title: title.as_str().into() });
        }
        let mut row = found.into_active_model();
        row.seated_on = Set(Some(today));
        row.party_directly_elected = Set(Some(input.party_directly_elected));
        row.update(tx.conn()).await?;
        let after =
            serde_json::json!({ "seated": seated.len(), "party_directly_elected": input.party_directly_elected });
        tx.record(Change::new("seat", "election", id, &region).after(&after)).await?;
        tx.commit().await?;
        Ok(seated)
    }

    /// The 3B indicator for a region (within the actor's scope) and term, against the
    /// latest earlier term the system holds.
    pub async fn direct_election_indicator(
        &self,
        actor: &Actor,
        region_code: &str,
        term: i32,
    ) -> Result<DirectElectionIndicator, AppError> {
        let tree = self.regions();
        actor.require(Permission::ReadCommunity, region_code, &tree)?;
        let units: Vec<String> = tree.within(region_code, Level::Village).iter().map(|n| n.code.clone()).collect();
        let unified = unified_election::Entity::find().all(&self.db).await?;
        let term_of: HashMap<i64, i32> = unified.iter().map(|u| (u.id, u.term)).collect();
        // The latest election of each community per term.
        let mut latest: HashMap<(i32, String), election::Model> = HashMap::new();
        for chunk in units.chunks(500) {
            for e in election::Entity::find()
                .filter(election::Column::RegionCode.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?
            {
                let Some(&t) = term_of.get(&e.unified_id) else { continue };
                let key = (t, e.region_code.clone());
                if latest.get(&key).is_none_or(|kept| kept.id < e.id) {
                    latest.insert(key, e);
                }
            }
        }
        let share_of = |t: i32| {
            DirectShare::of(latest.iter().filter(|((k, _), _)| *k == t).map(|(_, e)| TermOutcome {
                committee_direct: e.seated_on.is_some() && e.method == Method::SelfNomination,
                party_direct: e.party_directly_elected == Some(true),
            }))
        };
        let current = share_of(term);
        let previous_term = latest.keys().map(|(t, _)| *t).filter(|t| *t < term).max();
        let previous = previous_term.map(share_of);
        Ok(DirectElectionIndicator {
            region_code: region_code.to_string(),
            term,
            percent: current.percent(),
            rose: current.rose_over(previous.as_ref()),
            previous_percent: previous.map(|p| p.percent()),
            current,
            previous_term,
            previous,
        })
    }
}
