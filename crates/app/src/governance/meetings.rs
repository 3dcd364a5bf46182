//! Residents' meetings, representative meetings and deliberation (3B): scheduling with an
//! agenda, recording attendance and votes, following decisions up until done; topics
//! residents propose from their phones; and Art. 10 requests that oblige a meeting.

use chrono::NaiveDate;
use domain::Violation;
use domain::date::required_day;
use domain::governance::meeting::{
    FollowUp, MeetingKind, RequestBasis, Tally, check_record, motion_passed, quorate, request_obliges_meeting,
};
use domain::identifiers::phone::{check_phone, mask_phone};
use domain::identity::Permission;
use serde::{Deserialize, Serialize};
use store::entity::{community, meeting, meeting_request, meeting_topic, motion};
use store::sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use super::ballots::new_code;
use crate::error::{Checks, optional_text, required_text};
use crate::tx::{Author, Change, WriteTx};
use crate::{Actor, App, AppError};

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewMeeting {
    /// residents_meeting, representatives_meeting or deliberation.
    pub kind: String,
    pub title: String,
    /// YYYY-MM-DD
    pub held_on: String,
    pub place: String,
    /// Members of the meeting (adults, household representatives, or representatives):
    /// the base of the quorum.
    pub members: u32,
    pub agenda: Vec<String>,
    /// Topics residents proposed that go on the agenda.
    pub topic_ids: Vec<String>,
    /// The Art. 10 request this meeting answers.
    pub request_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewMotion {
    pub text: String,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct MeetingRecord {
    pub present: u32,
    pub minutes: String,
    #[serde(default)]
    pub motions: Vec<NewMotion>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MotionView {
    pub id: i64,
    pub text: String,
    pub yes: i32,
    pub no: i32,
    pub abstain: i32,
    pub passed: bool,
    pub follow_up: String,
    pub follow_up_note: Option<String>,
    pub done_on: Option<NaiveDate>,
}

impl MotionView {
    /// A stored motion, passed once its meeting is recorded (`present` of `members`) with enough votes.
    fn from_row(m: motion::Model, members: i32, present: Option<i32>) -> Self {
        let tally = Tally { yes: m.yes as u32, no: m.no as u32, abstain: m.abstain as u32 };
        Self {
            id: m.id,
            passed: present.is_some_and(|p| motion_passed(members as u32, p as u32, tally)),
            text: m.text,
            yes: m.yes,
            no: m.no,
            abstain: m.abstain,
            follow_up: m.follow_up.into(),
            follow_up_note: m.follow_up_note,
            done_on: m.done_on,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingView {
    pub id: i64,
    pub region_code: String,
    pub kind: String,
    pub title: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub members: i32,
    pub agenda: Vec<String>,
    pub request_id: Option<i64>,
    /// Members present, once recorded.
    pub present: Option<i32>,
    /// More than half of the members present (once recorded).
    pub quorate: Option<bool>,
    pub minutes: Option<String>,
    pub motions: Vec<MotionView>,
    /// Decisions not yet done.
    pub open_follow_ups: usize,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct FollowUpInput {
    /// in_progress or done.
    pub status: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewTopic {
    pub text: String,
    /// Optional: residents may propose anonymously.
    pub proposer: String,
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopicView {
    /// The tracking code the resident keeps.
    pub tracking: String,
    pub community: String,
    pub text: String,
    pub proposed_on: NaiveDate,
    /// proposed, scheduled or declined.
    pub status: String,
    pub meeting_title: Option<String>,
    pub meeting_on: Option<NaiveDate>,
    pub reason: Option<String>,
    /// For staff only, masked: who to call back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewMeetingRequest {
    /// adult_residents, households or residents_groups.
    pub basis: String,
    /// How many adults, households or groups signed.
    pub supporters: u32,
    /// How many the community has.
    pub total: u32,
    pub subject: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingRequestView {
    pub id: i64,
    pub basis: String,
    pub supporters: i32,
    pub total: i32,
    pub subject: String,
    pub filed_on: NaiveDate,
    /// The request reaches Art. 10's share: a residents' meeting must be called.
    pub obliges_meeting: bool,
    /// The meeting called for it, if any.
    pub meeting_id: Option<i64>,
}

/// More members, adults or households than any community has: counts above it are typing
/// errors (and would not fit the columns).
const MAX_PEOPLE: u32 = 1_000_000;

fn parse_day(field: &str, text: &str) -> Result<NaiveDate, domain::FieldError> {
    required_day(text).map_err(|violation| violation.on(field))
}

impl App {
    /// Schedules a meeting with its agenda; proposed topics named go on it.
    pub async fn schedule_meeting(&self, actor: &Actor, code: &str, input: NewMeeting) -> Result<i64, AppError> {
        actor.require(Permission::WriteCommunity, code, &self.regions())?;
        community::Entity::find_by_id(code.to_string()).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let mut checks = Checks::default();
        let kind = checks.field("kind", MeetingKind::parse(input.kind.trim()).ok_or(Violation::new("unknown-choice")));
        let title = checks.field("title", required_text(&input.title, 100));
        let place = checks.field("place", optional_text(&input.place, 100));
        let held_on = parse_day("held_on", &input.held_on).map_err(|e| checks.push(e)).ok();
        if input.members == 0 || input.members > MAX_PEOPLE {
            checks.push(Violation::new("meeting-members").with("max", MAX_PEOPLE).on("members"));
        }
        let mut agenda = Vec::new();
        for (i, item) in input.agenda.iter().enumerate() {
            agenda.extend(checks.field(&format!("agenda.{i}"), required_text(item, 500)));
        }
        let (kind, title, place, held_on) = checks.finish_with((kind, title, place, held_on))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        if let Some(request) = input.request_id {
            meeting_request::Entity::find_by_id(request)
                .one(tx.conn())
                .await?
                .filter(|r| r.region_code == code)
                .ok_or_else(|| AppError::invalid("request_id", Violation::new("meeting-request-unknown")))?;
        }
        let mut topics = Vec::new();
        for tracking in &input.topic_ids {
            let topic = meeting_topic::Entity::find_by_id(tracking.trim().to_uppercase())
                .one(tx.conn())
                .await?
                .filter(|t| t.region_code == code && t.status == "proposed")
                .ok_or_else(|| {
                    AppError::invalid("topic_ids", Violation::new("topic-not-open").with("topic", tracking))
                })?;
            agenda.push(topic.text.clone());
            topics.push(topic);
        }
        let id = meeting::Entity::insert(meeting::ActiveModel {
            region_code: Set(code.to_string()),
            kind: Set(kind.into()),
            title: Set(title.clone()),
            held_on: Set(held_on),
            place: Set(place),
            members: Set(input.members as i32),
            agenda: Set(serde_json::to_string(&agenda).map_err(|e| AppError::Internal(e.to_string()))?),
            request_id: Set(input.request_id),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        for topic in topics {
            let mut row = topic.into_active_model();
            row.status = Set("scheduled".into());
            row.meeting_id = Set(Some(id));
            row.update(tx.conn()).await?;
        }
        let after =
            serde_json::json!({ "kind": kind.as_str(), "title": title, "held_on": held_on, "agenda": agenda.len() });
        tx.record(Change::new("schedule", "meeting", id, code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a held meeting once: attendance, minutes and the votes on each motion.
    /// Adopted motions wait for follow-up.
    pub async fn record_meeting(&self, actor: &Actor, id: i64, input: MeetingRecord) -> Result<MeetingView, AppError> {
        let found = meeting::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        if found.present.is_some() {
            return Err(AppError::Conflict(Violation::new("meeting-already-recorded").on("present")));
        }
        if found.held_on > self.settings.today() {
            return Err(AppError::Conflict(Violation::new("meeting-not-held-yet").on("present")));
        }
        let mut checks = Checks::default();
        let minutes = checks.field("minutes", required_text(&input.minutes, 20_000));
        let mut texts = Vec::new();
        for (i, m) in input.motions.iter().enumerate() {
            texts.extend(checks.field(&format!("motions.{i}.text"), required_text(&m.text, 1000)));
        }
        let tallies: Vec<Tally> =
            input.motions.iter().map(|m| Tally { yes: m.yes, no: m.no, abstain: m.abstain }).collect();
        let members = found.members as u32;
        if let Err((at, violation)) = check_record(members, input.present, &tallies) {
            checks.push(violation.on(at.map_or("present".to_string(), |i| format!("motions.{i}.yes"))));
        }
        let minutes = checks.finish_with(minutes)?;
        let region = found.region_code.clone();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        for (position, (text, tally)) in texts.into_iter().zip(&tallies).enumerate() {
            let follow_up =
                if motion_passed(members, input.present, *tally) { FollowUp::Pending } else { FollowUp::NotAdopted };
            motion::Entity::insert(motion::ActiveModel {
                meeting_id: Set(id),
                position: Set(position as i32 + 1),
                text: Set(text),
                yes: Set(tally.yes as i32),
                no: Set(tally.no as i32),
                abstain: Set(tally.abstain as i32),
                follow_up: Set(follow_up.into()),
                ..Default::default()
            })
            .exec(tx.conn())
            .await?;
        }
        let mut row = found.into_active_model();
        row.present = Set(Some(input.present as i32));
        row.minutes = Set(Some(minutes));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "present": input.present, "quorate": quorate(members, input.present), "motions": tallies.len() });
        tx.record(Change::new("record", "meeting", id, &region).after(&after)).await?;
        tx.commit().await?;
        self.meeting(actor, id).await
    }

    /// Moves an adopted decision on: in progress, then done (final).
    pub async fn follow_up(&self, actor: &Actor, motion_id: i64, input: FollowUpInput) -> Result<(), AppError> {
        let found = motion::Entity::find_by_id(motion_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let held = meeting::Entity::find_by_id(found.meeting_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &held.region_code, &self.regions())?;
        let status = match FollowUp::parse(input.status.trim()) {
            Some(s @ (FollowUp::InProgress | FollowUp::Done)) => s,
            _ => return Err(AppError::invalid("status", Violation::new("unknown-choice"))),
        };
        match found.follow_up.0 {
            FollowUp::NotAdopted => {
                return Err(AppError::Conflict(Violation::new("motion-not-adopted").on("status")));
            }
            FollowUp::Done => {
                return Err(AppError::Conflict(Violation::new("follow-up-already-done").on("status")));
            }
            _ => {}
        }
        let note = optional_text(&input.note, 2000).map_err(|v| AppError::invalid("note", v))?;
        let today = self.settings.today();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = found.into_active_model();
        row.follow_up = Set(status.into());
        row.follow_up_note = Set(Some(note.clone()));
        row.done_on = Set((status == FollowUp::Done).then_some(today));
        row.update(tx.conn()).await?;
        let after = serde_json::json!({ "follow_up": status.as_str(), "note": note });
        tx.record(Change::new("follow_up", "motion", motion_id, &held.region_code).after(&after)).await?;
        tx.commit().await
    }

    pub async fn meeting(&self, actor: &Actor, id: i64) -> Result<MeetingView, AppError> {
        let found = meeting::Entity::find_by_id(id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        actor.require(Permission::ReadCommunity, &found.region_code, &self.regions())?;
        self.meeting_view(found).await
    }

    async fn meeting_view(&self, m: meeting::Model) -> Result<MeetingView, AppError> {
        let motions: Vec<MotionView> = motion::Entity::find()
            .filter(motion::Column::MeetingId.eq(m.id))
            .order_by_asc(motion::Column::Position)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|x| MotionView::from_row(x, m.members, m.present))
            .collect();
        let open = |f: &str| matches!(FollowUp::parse(f), Some(FollowUp::Pending | FollowUp::InProgress));
        Ok(MeetingView {
            id: m.id,
            open_follow_ups: motions.iter().filter(|x| open(&x.follow_up)).count(),
            quorate: m.present.map(|p| quorate(m.members as u32, p as u32)),
            agenda: serde_json::from_str(&m.agenda).map_err(|e| AppError::Internal(e.to_string()))?,
            region_code: m.region_code,
            kind: m.kind.into(),
            title: m.title,
            held_on: m.held_on,
            place: m.place,
            members: m.members,
            request_id: m.request_id,
            present: m.present,
            minutes: m.minutes,
            motions,
        })
    }

    /// A community's meetings, latest first.
    pub async fn meetings(&self, actor: &Actor, code: &str) -> Result<Vec<MeetingView>, AppError> {
        actor.require(Permission::ReadCommunity, code, &self.regions())?;
        let found = meeting::Entity::find()
            .filter(meeting::Column::RegionCode.eq(code))
            .order_by_desc(meeting::Column::HeldOn)
            .order_by_desc(meeting::Column::Id)
            .all(&self.db)
            .await?;
        let mut views = Vec::with_capacity(found.len());
        for m in found {
            views.push(self.meeting_view(m).await?);
        }
        Ok(views)
    }

    /// A resident proposes a topic for a meeting (no login); returns the tracking code.
    pub async fn propose_topic(&self, code: &str, input: NewTopic) -> Result<String, AppError> {
        let known = community::Entity::find_by_id(code.to_string()).one(&self.db).await?;
        known.ok_or(AppError::NotFound)?;
        let mut checks = Checks::default();
        let text = checks.field("text", required_text(&input.text, 1000));
        let proposer = checks.field("proposer", optional_text(&input.proposer, 40));
        let phone = checks.field("phone", check_phone(&input.phone));
        let (text, proposer, phone) = checks.finish_with((text, proposer, phone))?;
        let tracking = new_code();
        let mut tx = WriteTx::begin(self, Author::system()).await?;
        meeting_topic::Entity::insert(meeting_topic::ActiveModel {
            id: Set(tracking.clone()),
            region_code: Set(code.to_string()),
            text: Set(text),
            proposer: Set(proposer),
            phone: Set(phone),
            proposed_on: Set(self.settings.today()),
            status: Set("proposed".into()),
            ..Default::default()
        })
        .exec_without_returning(tx.conn())
        .await?;
        // The topic's text is public on its tracking page; who proposed it is not audited here.
        tx.record(Change::new("propose", "meeting_topic", &tracking, code)).await?;
        tx.commit().await?;
        Ok(tracking)
    }

    async fn topic_view(&self, t: meeting_topic::Model, staff: bool) -> Result<TopicView, AppError> {
        let held = match t.meeting_id {
            Some(id) => meeting::Entity::find_by_id(id).one(&self.db).await?,
            None => None,
        };
        Ok(TopicView {
            community: self.regions().get(&t.region_code).map(|n| n.name.clone()).unwrap_or_default(),
            contact: staff.then(|| format!("{} {}", t.proposer, mask_phone(&t.phone)).trim().to_string()),
            tracking: t.id,
            text: t.text,
            proposed_on: t.proposed_on,
            status: t.status,
            meeting_title: held.as_ref().map(|m| m.title.clone()),
            meeting_on: held.map(|m| m.held_on),
            reason: t.reason,
        })
    }

    /// A topic by its tracking code (public: no contact details).
    pub async fn topic(&self, tracking: &str) -> Result<TopicView, AppError> {
        let found = meeting_topic::Entity::find_by_id(tracking.trim().to_uppercase()).one(&self.db).await?;
        self.topic_view(found.ok_or(AppError::NotFound)?, false).await
    }

    /// A community's proposed topics for its staff, newest first.
    pub async fn topics(&self, actor: &Actor, code: &str) -> Result<Vec<TopicView>, AppError> {
        actor.require(Permission::WriteCommunity, code, &self.regions())?;
        let found = meeting_topic::Entity::find()
            .filter(meeting_topic::Column::RegionCode.eq(code))
            .order_by_desc(meeting_topic::Column::ProposedOn)
            .all(&self.db)
            .await?;
        let mut views = Vec::with_capacity(found.len());
        for t in found {
            views.push(self.topic_view(t, true).await?);
        }
        Ok(views)
    }

    /// Declines a proposed topic, with the reason the resident will read.
    pub async fn decline_topic(&self, actor: &Actor, tracking: &str, reason: &str) -> Result<(), AppError> {
        let found = meeting_topic::Entity::find_by_id(tracking.trim().to_uppercase()).one(&self.db).await?;
        let found = found.ok_or(AppError::NotFound)?;
        actor.require(Permission::WriteCommunity, &found.region_code, &self.regions())?;
        if found.status != "proposed" {
            return Err(AppError::Conflict(Violation::new("topic-not-open").with("topic", &found.id).on("reason")));
        }
        let reason = required_text(reason, 500).map_err(|v| AppError::invalid("reason", v))?;
        let region = found.region_code.clone();
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let mut row = found.into_active_model();
        row.status = Set("declined".into());
        row.reason = Set(Some(reason.clone()));
        let id = row.update(tx.conn()).await?.id;
        tx.record(
            Change::new("decline", "meeting_topic", &id, &region).after(&serde_json::json!({ "reason": reason })),
        )
        .await?;
        tx.commit().await
    }

    /// Files an Art. 10 request for a residents' meeting.
    pub async fn file_meeting_request(
        &self,
        actor: &Actor,
        code: &str,
        input: NewMeetingRequest,
    ) -> Result<i64, AppError> {
        actor.require(Permission::WriteCommunity, code, &self.regions())?;
        community::Entity::find_by_id(code.to_string()).one(&self.db).await?.ok_or(AppError::NotFound)?;
        let mut checks = Checks::default();
        let basis =
            checks.field("basis", RequestBasis::parse(input.basis.trim()).ok_or(Violation::new("unknown-choice")));
        let subject = checks.field("subject", required_text(&input.subject, 1000));
        if input.total == 0 || input.total > MAX_PEOPLE {
            checks.push(Violation::new("meeting-request-total").with("max", MAX_PEOPLE).on("total"));
        } else if input.supporters > input.total {
            checks.push(Violation::new("meeting-request-supporters").with("total", input.total).on("supporters"));
        }
        let (basis, subject) = checks.finish_with((basis, subject))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let id = meeting_request::Entity::insert(meeting_request::ActiveModel {
            region_code: Set(code.to_string()),
            basis: Set(basis.into()),
            supporters: Set(input.supporters as i32),
            total: Set(input.total as i32),
            subject: Set(subject),
            filed_on: Set(self.settings.today()),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?
        .last_insert_id;
        let obliges = request_obliges_meeting(basis, input.supporters, input.total);
        let after = serde_json::json!({ "basis": basis.as_str(), "supporters": input.supporters, "total": input.total, "obliges_meeting": obliges });
        tx.record(Change::new("file", "meeting_request", id, code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A community's Art. 10 requests, newest first, with whether each obliges a meeting
    /// and the meeting that answered it.
    pub async fn meeting_requests(&self, actor: &Actor, code: &str) -> Result<Vec<MeetingRequestView>, AppError> {
        actor.require(Permission::ReadCommunity, code, &self.regions())?;
        let requests = meeting_request::Entity::find()
            .filter(meeting_request::Column::RegionCode.eq(code))
            .order_by_desc(meeting_request::Column::Id)
            .all(&self.db)
            .await?;
        let answered = meeting::Entity::find()
            .filter(meeting::Column::RegionCode.eq(code))
            .filter(meeting::Column::RequestId.is_not_null())
            .all(&self.db)
            .await?;
        Ok(requests
            .into_iter()
            .map(|r| MeetingRequestView {
                obliges_meeting: request_obliges_meeting(r.basis.0, r.supporters as u32, r.total as u32),
                meeting_id: answered.iter().find(|m| m.request_id == Some(r.id)).map(|m| m.id),
                id: r.id,
                basis: r.basis.into(),
                supporters: r.supporters,
                total: r.total,
                subject: r.subject,
                filed_on: r.filed_on,
            })
            .collect())
    }
}
