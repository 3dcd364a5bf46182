//! Between publishing the register and the vote (3B): objections to the register and
//! their decisions, self-nominations for one post each (listed in stroke order), and
//! written proxies to close relatives.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::Violation;
use domain::governance::count::PostSpec;
use domain::governance::election::ScheduleRules;
use domain::governance::register::{
    Kinship, ObjectionDecision, ObjectionKind, ProxyFacts, check_nomination_filed, check_objection_filed, check_proxy,
};
use domain::hanzi::stroke_order;
use domain::identifiers::resident_id::{Gender, ResidentId};
use domain::identity::Permission;
use serde::{Deserialize, Serialize};
use store::entity::{ballot_mark, election, nomination, person, proxy, register_objection, voter, voter_kin};
use store::sea_orm::sea_query::OnConflict;
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};

use super::elections::parse_json;
use crate::community::posts::find_or_create_person;
use crate::error::{Checks, optional_text, required_text};
use crate::sheet::{Column, ImportFormat, ImportReport, SheetFormat, Takes, row_error};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewObjection {
    /// `omitted` (a voter is missing) or `wrongly_included`.
    pub kind: String,
    /// The resident ID number of the person the objection is about.
    pub id_number: String,
    pub objector: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ObjectionDecisionInput {
    /// `upheld` or `rejected`.
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ObjectionView {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub objector: String,
    pub reason: String,
    pub filed_on: NaiveDate,
    /// The last day the rules allow for the decision.
    pub decide_by: NaiveDate,
    pub decision: Option<String>,
    pub decision_note: Option<String>,
    pub decided_on: Option<NaiveDate>,
    /// Decided after `decide_by`, or still undecided past it.
    pub late: bool,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewNomination {
    /// The resident ID number of the voter who nominates themself.
    pub id_number: String,
    pub post: String,
}

/// The self-nominees of one post, in stroke order of their names.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NomineeList {
    pub post: String,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewProxy {
    pub grantor_id_number: String,
    pub holder_id_number: String,
    /// spouse, parent, child, sibling, grandparent or grandchild (the holder, seen from the grantor).
    pub kinship: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProxyView {
    pub grantor: String,
    pub holder: String,
    pub kinship: String,
    pub filed_on: NaiveDate,
}

/// The register entry and person of a resident ID number in one election.
pub(super) struct Registered {
    pub(super) voter: voter::Model,
    pub(super) person: person::Model,
}

impl App {
    pub(super) async fn writable_election(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(election::Model, ScheduleRules), AppError> {
        let found = election::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        let rules = parse_json(&found.schedule_rules)?;
        Ok((found, rules))
    }

    async fn person_by_id_number(&self, field: &str, id_number: &str) -> Result<person::Model, AppError> {
        let id = ResidentId::parse(id_number, self.settings.today()).map_err(|v| AppError::invalid(field, v))?;
        person::Entity::find()
            .filter(person::Column::IdNumber.eq(id.as_str()))
            .one(&self.db)
            .await?
            .ok_or_else(|| AppError::invalid(field, Violation::new("person-unknown")))
    }

    pub(super) async fn registered(
        &self,
        election_id: i64,
        field: &str,
        id_number: &str,
    ) -> Result<Registered, AppError> {
        let person = self.person_by_id_number(field, id_number).await?;
        let voter = voter::Entity::find()
            .filter(voter::Column::ElectionId.eq(election_id))
            .filter(voter::Column::PersonId.eq(person.id))
            .one(&self.db)
            .await?
            .ok_or_else(|| AppError::invalid(field, Violation::new("not-on-register")))?;
        Ok(Registered { voter, person })
    }

    /// Files an objection to the published register, within the rule's days.
    pub async fn file_objection(&self, actor: &Actor, election_id: i64, input: NewObjection) -> Result<i64, AppError> {
        let (found, rules) = self.writable_election(actor, election_id).await?;
        let today = self.settings.today();
        check_objection_filed(&rules, found.register_published_on, today)
            .map_err(|v| AppError::Conflict(v.on("register")))?;
        let mut checks = Checks::default();
        let kind =
            checks.field("kind", ObjectionKind::parse(&input.kind).ok_or_else(|| Violation::new("unknown-choice")));
        let objector = checks.field("objector", required_text(&input.objector, 50));
        let reason = checks.field("reason", optional_text(&input.reason, 1000));
        let (kind, objector, reason) = checks.finish_with((kind, objector, reason))?;
        let person = self.person_by_id_number("id_number", &input.id_number).await?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let id = register_objection::Entity::insert(register_objection::ActiveModel {
            election_id: Set(election_id),
            kind: Set(kind.into()),
            person_id: Set(person.id),
            objector: Set(objector.clone()),
            reason: Set(reason),
            filed_on: Set(today),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "election": election_id, "kind": kind.as_str(), "person": person.id, "objector": objector });
        tx.record(Change::new("file", "register_objection", id, &found.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Decides an objection once. Upholding it changes the register: the missing voter is
    /// added (if they may vote), the wrongly included one removed (unless they voted).
    pub async fn decide_objection(
        &self,
        actor: &Actor,
        objection_id: i64,
        input: ObjectionDecisionInput,
    ) -> Result<(), AppError> {
        let objection =
            register_objection::Entity::find_by_id(objection_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let (found, rules) = self.writable_election(actor, objection.election_id).await?;
        if objection.decision.is_some() {
            return Err(AppError::Conflict(Violation::new("objection-already-decided").on("decision")));
        }
        let mut checks = Checks::default();
        let decision = checks.field(
            "decision",
            ObjectionDecision::parse(&input.decision).ok_or_else(|| Violation::new("unknown-choice")),
        );
        let note = checks.field("note", optional_text(&input.note, 1000));
        let (decision, note) = checks.finish_with((decision, note))?;
        let person = person::Entity::find_by_id(objection.person_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let on_register = voter::Entity::find()
            .filter(voter::Column::ElectionId.eq(found.id))
            .filter(voter::Column::PersonId.eq(person.id))
            .one(&self.db)
            .await?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        if decision == ObjectionDecision::Upheld {
            match (objection.kind.0, on_register) {
                (ObjectionKind::Omitted, None) => {
                    let eligible = ResidentId::parse(&person.id_number, found.vote_date)
                        .is_ok_and(|id| rules.may_vote(&id, found.vote_date, person.deprived_of_political_rights));
                    if !eligible {
                        return Err(AppError::invalid("decision", Violation::new("objection-person-may-not-vote")));
                    }
                    voter::Entity::insert(voter::ActiveModel {
                        election_id: Set(found.id),
                        person_id: Set(person.id),
                        ..Default::default()
                    })
                    .exec(tx.conn())
                    .await?;
                }
                (ObjectionKind::WronglyIncluded, Some(entry)) => {
                    if ballot_mark::Entity::find_by_id(entry.id).one(tx.conn()).await?.is_some() {
                        return Err(AppError::Conflict(Violation::new("already-voted").on("decision")));
                    }
                    nomination::Entity::delete_many()
                        .filter(nomination::Column::VoterId.eq(entry.id))
                        .exec(tx.conn())
                        .await?;
                    proxy::Entity::delete_many()
                        .filter(
                            Condition::any()
                                .add(proxy::Column::GrantorId.eq(entry.id))
                                .add(proxy::Column::HolderId.eq(entry.id)),
                        )
                        .exec(tx.conn())
                        .await?;
                    voter_kin::Entity::delete_many()
                        .filter(
                            Condition::any()
                                .add(voter_kin::Column::VoterId.eq(entry.id))
                                .add(voter_kin::Column::KinId.eq(entry.id)),
                        )
                        .exec(tx.conn())
                        .await?;
                    voter::Entity::delete_by_id(entry.id).exec(tx.conn()).await?;
                }
                // The register already says what the objection asks for.
                _ => {}
            }
        }
        let today = self.settings.today();
        let mut row = objection.into_active_model();
        row.decision = Set(Some(decision.into()));
        row.decision_note = Set(Some(note));
        row.decided_on = Set(Some(today));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "decision": decision.as_str(), "decided_on": today });
        tx.record(Change::new("decide", "register_objection", objection_id, &found.region_code).after(&after)).await?;
        tx.commit().await
    }

    /// An election's objections, oldest first, with their decision deadlines.
    pub async fn objections(&self, actor: &Actor, election_id: i64) -> Result<Vec<ObjectionView>, AppError> {
        let (_, rules) = self.writable_election(actor, election_id).await?;
        let today = self.settings.today();
        let rows = register_objection::Entity::find()
            .filter(register_objection::Column::ElectionId.eq(election_id))
            .order_by_asc(register_objection::Column::Id)
            .all(&self.db)
            .await?;
        let names = self.person_names(rows.iter().map(|o| o.person_id).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|o| {
                let name = names.get(&o.person_id).cloned().unwrap_or_default();
                let decide_by = rules.objection_decided_by(o.filed_on);
                ObjectionView {
                    id: o.id,
                    kind: o.kind.into(),
                    name,
                    objector: o.objector,
                    reason: o.reason,
                    filed_on: o.filed_on,
                    decide_by,
                    late: o.decided_on.unwrap_or(today) > decide_by,
                    decision: o.decision.map(String::from),
                    decision_note: o.decision_note,
                    decided_on: o.decided_on,
                }
            })
            .collect())
    }

    /// Files a voter's self-nomination for one post, until nominations close.
    pub async fn nominate(&self, actor: &Actor, election_id: i64, input: NewNomination) -> Result<i64, AppError> {
        let (found, rules) = self.writable_election(actor, election_id).await?;
        let today = self.settings.today();
        check_nomination_filed(&rules, found.vote_date, today).map_err(|v| AppError::Conflict(v.on("post")))?;
        let posts: Vec<PostSpec> = parse_json(&found.posts)?;
        let Some(post) = posts.iter().find(|p| p.post == input.post.trim()) else {
            return Err(AppError::invalid(
                "post",
                Violation::new("ballot-unknown-post").with("post", input.post.trim()),
            ));
        };
        let nominee = self.registered(election_id, "id_number", &input.id_number).await?;
        let gender = ResidentId::parse(&nominee.person.id_number, found.vote_date).map(|id| id.gender());
        if post.is_women_only() && !matches!(gender, Ok(Gender::Female)) {
            return Err(AppError::invalid("post", Violation::new("nomination-women-only")));
        }
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let taken = nomination::Entity::find()
            .filter(nomination::Column::ElectionId.eq(election_id))
            .filter(nomination::Column::VoterId.eq(nominee.voter.id))
            .count(tx.conn())
            .await?;
        if taken > 0 {
            return Err(AppError::Conflict(Violation::new("nomination-one-post").on("post")));
        }
        let id = nomination::Entity::insert(nomination::ActiveModel {
            election_id: Set(election_id),
            voter_id: Set(nominee.voter.id),
            post: Set(post.post.clone()),
            filed_on: Set(today),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "election": election_id, "name": nominee.person.name, "post": post.post });
        tx.record(Change::new("nominate", "nomination", id, &found.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The self-nominees per post in stroke order (public once nominations have closed).
    pub async fn nominees(&self, election_id: i64) -> Result<Vec<NomineeList>, AppError> {
        let found = election::Entity::find_by_id(election_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let rules: ScheduleRules = parse_json(&found.schedule_rules)?;
        if self.settings.today() <= rules.schedule(found.vote_date).nominations_close {
            return Err(AppError::NotFound);
        }
        self.nominee_lists(&found).await
    }

    /// The self-nominees so far, for the election committee (before they are published).
    pub async fn nominations(&self, actor: &Actor, election_id: i64) -> Result<Vec<NomineeList>, AppError> {
        let (found, _) = self.writable_election(actor, election_id).await?;
        self.nominee_lists(&found).await
    }

    async fn nominee_lists(&self, found: &election::Model) -> Result<Vec<NomineeList>, AppError> {
        let election_id = found.id;
        let posts: Vec<PostSpec> = parse_json(&found.posts)?;
        let rows =
            nomination::Entity::find().filter(nomination::Column::ElectionId.eq(election_id)).all(&self.db).await?;
        let voters = self.voter_names(rows.iter().map(|n| n.voter_id)).await?;
        Ok(posts
            .iter()
            .map(|p| {
                let mut names: Vec<String> =
                    rows.iter().filter(|n| n.post == p.post).filter_map(|n| voters.get(&n.voter_id).cloned()).collect();
                names.sort_by(|a, b| stroke_order(a, b));
                NomineeList { post: p.post.clone(), names }
            })
            .collect())
    }

    /// Files a written proxy, checked against the register, the nominees and the other
    /// proxies inside the write transaction (so a fourth proxy cannot slip in alongside).
    pub async fn file_proxy(&self, actor: &Actor, election_id: i64, input: NewProxy) -> Result<i64, AppError> {
        let (found, rules) = self.writable_election(actor, election_id).await?;
        let kinship = Kinship::parse(input.kinship.trim())
            .ok_or_else(|| AppError::invalid("kinship", Violation::new("unknown-choice")))?;
        let grantor = self.registered(election_id, "grantor_id_number", &input.grantor_id_number).await?;
        let holder = self.registered(election_id, "holder_id_number", &input.holder_id_number).await?;
        let (g, h) = (grantor.voter.id, holder.voter.id);
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let proxies =
            |column: proxy::Column, voter: i64| proxy::Entity::find().filter(column.eq(voter)).count(tx.conn());
        let facts = ProxyFacts {
            same_person: g == h,
            grantor_has_given_one: proxies(proxy::Column::GrantorId, g).await? > 0,
            holder_has_given_one: proxies(proxy::Column::GrantorId, h).await? > 0,
            grantor_holds_others: proxies(proxy::Column::HolderId, g).await? > 0,
            holder_is_nominee: nomination::Entity::find()
                .filter(nomination::Column::VoterId.eq(h))
                .count(tx.conn())
                .await?
                > 0,
            holder_carries: proxies(proxy::Column::HolderId, h).await? as usize,
        };
        let today = self.settings.today();
        check_proxy(&rules, found.vote_date, today, facts).map_err(|v| AppError::Conflict(v.on("holder_id_number")))?;
        let id = proxy::Entity::insert(proxy::ActiveModel {
            election_id: Set(election_id),
            grantor_id: Set(g),
            holder_id: Set(h),
            kinship: Set(kinship.into()),
            filed_on: Set(today),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let after = serde_json::json!({ "grantor": grantor.person.name, "holder": holder.person.name, "kinship": kinship.as_str() });
        tx.record(Change::new("file", "proxy", id, &found.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The filed proxies of an election, published for everyone to see.
    pub async fn proxies(&self, election_id: i64) -> Result<Vec<ProxyView>, AppError> {
        election::Entity::find_by_id(election_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let rows = proxy::Entity::find()
            .filter(proxy::Column::ElectionId.eq(election_id))
            .order_by_asc(proxy::Column::Id)
            .all(&self.db)
            .await?;
        let names = self.voter_names(rows.iter().flat_map(|p| [p.grantor_id, p.holder_id])).await?;
        let name = |voter: i64| names.get(&voter).cloned().unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|p| ProxyView {
                grantor: name(p.grantor_id),
                holder: name(p.holder_id),
                kinship: p.kinship.into(),
                filed_on: p.filed_on,
            })
            .collect())
    }

    /// The names of people, by person id.
    async fn person_names(&self, ids: Vec<i64>) -> Result<HashMap<i64, String>, AppError> {
        let mut names = HashMap::new();
        for chunk in ids.chunks(500) {
            let people = person::Entity::find().filter(person::Column::Id.is_in(chunk.to_vec())).all(&self.db).await?;
            names.extend(people.into_iter().map(|p| (p.id, p.name)));
        }
        Ok(names)
    }

    /// The names of register entries, by voter id.
    pub(super) async fn voter_names(
        &self,
        voters: impl Iterator<Item = i64>,
    ) -> Result<HashMap<i64, String>, AppError> {
        let ids: Vec<i64> = voters.collect();
        let mut entries = Vec::new();
        for chunk in ids.chunks(500) {
            entries.extend(voter::Entity::find().filter(voter::Column::Id.is_in(chunk.to_vec())).all(&self.db).await?);
        }
        let people = self.person_names(entries.iter().map(|v| v.person_id).collect()).await?;
        Ok(entries.into_iter().filter_map(|v| Some((v.id, people.get(&v.person_id)?.clone()))).collect())
    }
}

/// The voter sheet: name, ID number, phone.
pub static VOTER_SHEET: SheetFormat = SheetFormat {
    columns: &[
        Column { field: "name", zh: "姓名", en: "Name", takes: Takes::Text },
        Column { field: "id_number", zh: "身份证号", en: "ID number", takes: Takes::Text },
        Column { field: "phone", zh: "手机号码", en: "Mobile", takes: Takes::Text },
    ],
    example: &["沈晓梅", "330402198507150022", "13905731234"],
};

/// One data row of a voter sheet, with its line in the file.
pub struct VoterRow {
    pub line: usize,
    pub name: String,
    pub id_number: String,
    pub phone: String,
}

/// Reads a voter sheet (.xlsx or CSV) in `VOTER_SHEET`'s columns.
pub fn parse_voter_sheet(format: ImportFormat, bytes: &[u8]) -> Result<Vec<VoterRow>, AppError> {
    Ok(VOTER_SHEET
        .read(format, bytes)?
        .into_iter()
        .map(|(line, cells)| {
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            VoterRow { line, name: cell(0), id_number: cell(1), phone: cell(2) }
        })
        .collect())
}

impl App {
    /// Puts the people of a sheet on an unpublished register: each must be of voting age
    /// on the vote date and not deprived of political rights; unknown people are
    /// registered with the community. All rows or none; a dry run writes nothing.
    pub async fn import_voters(
        &self,
        actor: &Actor,
        election_id: i64,
        rows: &[VoterRow],
        dry_run: bool,
    ) -> Result<ImportReport, AppError> {
        let (found, rules) = self.unpublished_register(actor, election_id).await?;
        let mut errors = Vec::new();
        let mut valid = Vec::with_capacity(rows.len());
        for row in rows {
            let mut checks = Checks::default();
            let name = checks.field("name", required_text(&row.name, 40));
            let phone = checks.field("phone", optional_text(&row.phone, 40));
            let id = checks.field("id_number", ResidentId::parse(&row.id_number, self.settings.today()));
            if let Some(id) = &id
                && !rules.may_vote(id, found.vote_date, false)
            {
                checks.push(Violation::new("voter-under-age").with("age", rules.voting_age).on("id_number"));
            }
            match checks.into_values((name, id, phone)) {
                Ok((name, id, phone)) => valid.push((row.line, name, id, phone)),
                Err(fields) => errors.extend(fields.into_iter().map(|e| row_error(row.line, e))),
            }
        }
        if !errors.is_empty() {
            return Ok(ImportReport { total: rows.len(), errors, committed: false });
        }
        let region = found.region_code.clone();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut added = 0;
        for (line, name, id, phone) in &valid {
            let person_id = match find_or_create_person(&mut tx, &region, name, id, phone).await {
                Ok(person_id) => person_id,
                Err(AppError::Conflict(e)) => {
                    errors.push(row_error(*line, e));
                    continue;
                }
                Err(other) => return Err(other),
            };
            let deprived = person::Entity::find_by_id(person_id)
                .one(tx.conn())
                .await?
                .is_some_and(|p| p.deprived_of_political_rights);
            if deprived {
                errors.push(row_error(*line, Violation::new("voter-deprived").on("id_number")));
                continue;
            }
            let inserted = voter::Entity::insert(voter::ActiveModel {
                election_id: Set(election_id),
                person_id: Set(person_id),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([voter::Column::ElectionId, voter::Column::PersonId]).do_nothing().to_owned(),
            )
            .exec_without_returning(tx.conn())
            .await?;
            added += inserted;
        }
        let committed = errors.is_empty() && !dry_run;
        if committed {
            let after = serde_json::json!({ "rows": rows.len(), "added": added });
            tx.record(Change::new("import_voters", "election", election_id, &region).after(&after)).await?;
            tx.commit().await?;
        }
        Ok(ImportReport { total: rows.len(), errors, committed })
    }
}
