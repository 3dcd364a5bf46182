//! Close kin among the voters (3B, Art. 31): declared on the register, or by the electoral
//! committee later, until the count. Filed proxies name kin too, but Art. 25 forbids a
//! proxy to a candidate, so two elected kin are never found through them alone.

use chrono::NaiveDate;
use domain::Violation;
use domain::governance::register::Kinship;
use domain::identity::Permission;
use serde::{Deserialize, Serialize};
use store::entity::{election, voter_kin};
use store::sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use crate::error::Checks;
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewKinship {
    /// The resident ID number of a voter on the register.
    pub id_number: String,
    /// The resident ID number of their kin, also on the register.
    pub kin_id_number: String,
    /// spouse, parent, child or sibling: the kin, seen from the voter.
    pub kinship: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct KinView {
    pub id: i64,
    pub name: String,
    pub kin_name: String,
    pub kinship: String,
    pub declared_on: NaiveDate,
}

/// The count may have run since the checks made before the transaction; the write lock is
/// ours now, so this read is the last word.
async fn still_uncounted(tx: &WriteTx, election_id: i64) -> Result<(), AppError> {
    let counted = election::Entity::find_by_id(election_id).one(tx.conn()).await?.is_none_or(|e| e.result.is_some());
    if counted {
        return Err(AppError::Conflict(Violation::new("kinship-after-count").on("election")));
    }
    Ok(())
}

impl App {
    /// The election, if the actor may change its register and it is not counted yet
    /// (kinship decides the count, so it may not change after it).
    async fn uncounted_election(&self, actor: &Actor, id: i64) -> Result<election::Model, AppError> {
        let (found, _) = self.writable_election(actor, id).await?;
        if found.result.is_some() {
            return Err(AppError::Conflict(Violation::new("kinship-after-count").on("election")));
        }
        Ok(found)
    }

    /// Declares two voters of the register close kin (spouse, parent or child, sibling).
    pub async fn declare_kinship(&self, actor: &Actor, election_id: i64, input: NewKinship) -> Result<i64, AppError> {
        let found = self.uncounted_election(actor, election_id).await?;
        let mut checks = Checks::default();
        let kinship = checks.field(
            "kinship",
            match Kinship::parse(input.kinship.trim()) {
                Some(k) if k.avoided_in_office() => Ok(k),
                Some(_) => Err(Violation::new("kinship-not-avoided")),
                None => Err(Violation::new("unknown-choice")),
            },
        );
        let mut people = Vec::with_capacity(2);
        for (field, id_number) in [("id_number", &input.id_number), ("kin_id_number", &input.kin_id_number)] {
            match self.registered(election_id, field, id_number).await {
                Ok(found) => people.push(Some(found)),
                Err(AppError::Invalid(errors)) => {
                    errors.into_iter().for_each(|e| checks.push(e));
                    people.push(None);
                }
                Err(other) => return Err(other),
            }
        }
        let kin = people.pop().flatten();
        let voter = people.pop().flatten();
        if let (Some(a), Some(b)) = (&voter, &kin)
            && a.voter.id == b.voter.id
        {
            checks.push(Violation::new("kinship-self").on("kin_id_number"));
        }
        let (kinship, voter, kin) = checks.finish_with((kinship, voter, kin))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        still_uncounted(&tx, election_id).await?;
        let pair =
            |a: i64, b: i64| Condition::all().add(voter_kin::Column::VoterId.eq(a)).add(voter_kin::Column::KinId.eq(b));
        let known = voter_kin::Entity::find()
            .filter(voter_kin::Column::ElectionId.eq(election_id))
            .filter(Condition::any().add(pair(voter.voter.id, kin.voter.id)).add(pair(kin.voter.id, voter.voter.id)))
            .count(tx.conn())
            .await?;
        if known > 0 {
            return Err(AppError::Conflict(Violation::new("kinship-already-declared").on("kin_id_number")));
        }
        let today = self.settings.today();
        let id = voter_kin::Entity::insert(voter_kin::ActiveModel {
            election_id: Set(election_id),
            voter_id: Set(voter.voter.id),
            kin_id: Set(kin.voter.id),
            kinship: Set(kinship.into()),
            declared_on: Set(today),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let stage = if found.register_published_on.is_some() { "committee" } else { "register" };
        let after = serde_json::json!({ "election": election_id, "name": voter.person.name, "kin": kin.person.name, "kinship": kinship.as_str(), "stage": stage });
        tx.record(Change::new("declare", "voter_kin", id, &found.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Withdraws a declaration made in error, until the count.
    pub async fn withdraw_kinship(&self, actor: &Actor, election_id: i64, id: i64) -> Result<(), AppError> {
        let found = self.uncounted_election(actor, election_id).await?;
        let row = voter_kin::Entity::find_by_id(id).one(&self.db).await?;
        let row = row.filter(|r| r.election_id == election_id).ok_or(AppError::NotFound)?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        still_uncounted(&tx, election_id).await?;
        voter_kin::Entity::delete_by_id(id).exec(tx.conn()).await?;
        let before = serde_json::json!({ "election": election_id, "voter": row.voter_id, "kin": row.kin_id, "kinship": row.kinship.0.as_str() });
        tx.record(Change::new("withdraw", "voter_kin", id, &found.region_code).before(&before)).await?;
        tx.commit().await
    }

    /// The kinship declared on an election's register, for those who keep it.
    pub async fn kinship_declarations(&self, actor: &Actor, election_id: i64) -> Result<Vec<KinView>, AppError> {
        let found = election::Entity::find_by_id(election_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        self.declared_kin(election_id).await
    }

    /// The kinship declared on an election's register, oldest first.
    pub(super) async fn declared_kin(&self, election_id: i64) -> Result<Vec<KinView>, AppError> {
        let rows = voter_kin::Entity::find()
            .filter(voter_kin::Column::ElectionId.eq(election_id))
            .order_by_asc(voter_kin::Column::Id)
            .all(&self.db)
            .await?;
        let names = self.voter_names(rows.iter().flat_map(|k| [k.voter_id, k.kin_id])).await?;
        let name = |voter: i64| names.get(&voter).cloned().unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|k| KinView {
                id: k.id,
                name: name(k.voter_id),
                kin_name: name(k.kin_id),
                kinship: k.kinship.0.as_str().into(),
                declared_on: k.declared_on,
            })
            .collect())
    }
}
