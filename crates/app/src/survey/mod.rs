//! Satisfaction surveys (3C, 5A, 6B): staff open a survey about a subject and print
//! batches of one-time codes; residents answer with a code, without an account; staff,
//! and the subject, see only aggregates: the response rate and the mean satisfaction.
//!
//! Anonymity: a code is stored as its hash with one flag, answered or not; an answer
//! carries no code, no time and no person, and its audit entry names only the survey.
//!
//! Who may: whoever keeps the subject's record (for a social worker,
//! `ManageSocialWorkers` over the worker's region) opens surveys and issues codes; the
//! subject's own account reads its surveys' aggregates, without the comments.

mod answers;
mod codes;

pub use answers::{AnswerInput, CodeState, PublicSurvey};
pub use codes::{CodeRequest, IssuedCodes};

use chrono::{NaiveDate, Utc};
use domain::Violation;
use domain::identity::Permission;
use domain::survey::{MAX_QUESTIONS, SubjectKind, check_period, from_tenths, percent_tenths, phase};
use serde::{Deserialize, Serialize};
use store::entity::{social_worker, survey, survey_answer, survey_code, survey_rating};
use store::sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::error::{Checks, required_text};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};
use domain::date::required_day;

/// A survey to open.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewSurvey {
    pub title: String,
    /// What the survey is about: social_worker.
    pub subject_kind: String,
    pub subject_id: Option<i64>,
    /// YYYY-MM-DD, the first day answers are taken.
    pub opens_on: String,
    /// YYYY-MM-DD, the last day answers are taken.
    pub closes_on: String,
    /// One to ten questions, each rated 1 to 5; a free comment is always offered.
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionSummary {
    pub text: String,
    /// Ratings given to this question.
    pub ratings: u64,
    /// 0–100, from the mean rating: (mean − 1) / 4 × 100, to a tenth.
    pub satisfaction: Option<f64>,
}

/// A survey as staff see it: aggregates only.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SurveySummary {
    pub id: i64,
    pub title: String,
    pub subject_kind: String,
    pub subject_id: i64,
    pub region_code: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// not_yet, open or closed (today)
    pub phase: String,
    /// Codes issued and codes used.
    pub issued: u64,
    pub answered: u64,
    /// answered / issued, as a percentage to a tenth.
    pub response_rate: Option<f64>,
    /// Over every rating of every answer, 0–100 to a tenth.
    pub satisfaction: Option<f64>,
    pub questions: Vec<QuestionSummary>,
    /// The free comments in alphabetical order (never the order given); staff only.
    pub comments: Vec<String>,
    /// Whether the caller keeps the survey (issues codes, reads comments) rather than being its subject.
    pub kept: bool,
}

/// A survey in a subject's list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SurveyRow {
    pub id: i64,
    pub title: String,
    /// kind:id, e.g. social_worker:12
    pub subject: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// not_yet, open or closed (today)
    pub phase: String,
}

/// Surveys a list shows at most.
const LISTED: u64 = 200;

fn row(s: survey::Model, today: NaiveDate) -> SurveyRow {
    SurveyRow {
        phase: phase(s.opens_on, s.closes_on, today).as_str().to_string(),
        subject: format!("{}:{}", s.subject_kind.0.as_str(), s.subject_id),
        id: s.id,
        title: s.title,
        opens_on: s.opens_on,
        closes_on: s.closes_on,
    }
}

/// Who keeps a subject: its region, the permission, and the subject's own account.
struct Keeper {
    region_code: String,
    permission: Permission,
    account_id: Option<i64>,
}

/// The permission that keeps subjects of a kind.
fn keeping(kind: SubjectKind) -> Permission {
    match kind {
        SubjectKind::SocialWorker => Permission::ManageSocialWorkers,
    }
}

async fn keeper(db: &impl ConnectionTrait, kind: SubjectKind, id: i64) -> Result<Option<Keeper>, AppError> {
    let found = match kind {
        SubjectKind::SocialWorker => {
            social_worker::Entity::find_by_id(id).one(db).await?.map(|w| (w.region_code, w.account_id))
        }
    };
    Ok(found.map(|(region_code, account_id)| Keeper { region_code, permission: keeping(kind), account_id }))
}

/// A survey's questions as stored.
fn questions_of(found: &survey::Model) -> Vec<String> {
    serde_json::from_str(&found.questions).unwrap_or_default()
}

/// The answers a survey has and the satisfaction (tenths) of all their ratings.
pub(crate) struct Tally {
    pub answers: u64,
    pub satisfaction: Option<u32>,
}

async fn ratings_of(db: &impl ConnectionTrait, survey_id: i64) -> Result<Vec<survey_rating::Model>, AppError> {
    Ok(survey_rating::Entity::find().filter(survey_rating::Column::SurveyId.eq(survey_id)).all(db).await?)
}

fn satisfaction<'a>(ratings: impl Iterator<Item = &'a survey_rating::Model>) -> (u64, Option<u32>) {
    let (count, sum) = ratings.fold((0u64, 0u64), |(n, s), r| (n + 1, s + u64::try_from(r.rating).unwrap_or(0)));
    (count, domain::survey::satisfaction_tenths(sum, count))
}

/// The latest survey about `subject` that closed in `year` before `today`, with its tally.
pub(crate) async fn closed_survey(
    db: &impl ConnectionTrait,
    kind: SubjectKind,
    subject_id: i64,
    year: i32,
    today: NaiveDate,
) -> Result<Option<(survey::Model, Tally)>, AppError> {
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Ok(None);
    };
    let found = survey::Entity::find()
        .filter(survey::Column::SubjectKind.eq(kind.as_str()))
        .filter(survey::Column::SubjectId.eq(subject_id))
        .filter(survey::Column::ClosesOn.between(first, last))
        .filter(survey::Column::ClosesOn.lt(today))
        .order_by_desc(survey::Column::ClosesOn)
        .one(db)
        .await?;
    let Some(found) = found else { return Ok(None) };
    let answers = survey_answer::Entity::find().filter(survey_answer::Column::SurveyId.eq(found.id)).count(db).await?;
    let (_, satisfaction) = satisfaction(ratings_of(db, found.id).await?.iter());
    Ok(Some((found, Tally { answers, satisfaction })))
}

impl App {
    /// The survey `id` if the actor keeps its subject (staff: true), or is the subject
    /// and `subject_reads` (staff: false): 404 outside scope, 403 for the wrong role.
    async fn kept_survey(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        id: i64,
        subject_reads: bool,
    ) -> Result<(survey::Model, bool), AppError> {
        let found = survey::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
        let keeper = keeper(db, found.subject_kind.0, found.subject_id).await?.ok_or(AppError::NotFound)?;
        let staff = self.subject_access(actor, &keeper, subject_reads)?;
        Ok((found, staff))
    }

    /// Whether the actor keeps the subject (true) or, where `subject_reads`, is it (false).
    fn subject_access(&self, actor: &Actor, keeper: &Keeper, subject_reads: bool) -> Result<bool, AppError> {
        if subject_reads && keeper.account_id == Some(actor.account_id) {
            return Ok(false);
        }
        actor.require(keeper.permission, &keeper.region_code, &self.regions())?;
        Ok(true)
    }

    /// The latest surveys the actor keeps, of every kind of subject (at most `LISTED`).
    pub async fn kept_surveys(&self, actor: &Actor) -> Result<Vec<SurveyRow>, AppError> {
        let tree = self.regions();
        let kinds: Vec<SubjectKind> =
            SubjectKind::ALL.iter().copied().filter(|k| actor.has_anywhere(keeping(*k))).collect();
        if kinds.is_empty() {
            return Err(AppError::Forbidden);
        }
        let mut any = Condition::any();
        for kind in kinds {
            let scopes = actor.regions_with(keeping(kind));
            let codes: Vec<String> =
                scopes.iter().filter_map(|s| tree.get(s)).flat_map(|n| tree.codes_with_path_prefix(&n.path)).collect();
            any = any.add(
                Condition::all()
                    .add(survey::Column::SubjectKind.eq(kind.as_str()))
                    .add(survey::Column::RegionCode.is_in(codes)),
            );
        }
        let rows = survey::Entity::find().filter(any).order_by_desc(survey::Column::Id).limit(LISTED);
        Ok(rows.all(&self.db).await?.into_iter().map(|s| row(s, self.settings.today())).collect())
    }

    /// The surveys about one subject, latest first, for its keepers and the subject itself.
    pub async fn subject_surveys(
        &self,
        actor: &Actor,
        kind: &str,
        subject_id: i64,
    ) -> Result<Vec<SurveyRow>, AppError> {
        let kind = SubjectKind::parse(kind.trim())
            .ok_or_else(|| AppError::invalid("subject_kind", Violation::new("unknown-choice")))?;
        let keeper = keeper(&self.db, kind, subject_id).await?.ok_or(AppError::NotFound)?;
        self.subject_access(actor, &keeper, true)?;
        let today = self.settings.today();
        let rows = survey::Entity::find()
            .filter(survey::Column::SubjectKind.eq(kind.as_str()))
            .filter(survey::Column::SubjectId.eq(subject_id))
            .order_by_desc(survey::Column::OpensOn)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|s| row(s, today)).collect())
    }

    pub async fn open_survey(&self, actor: &Actor, input: NewSurvey) -> Result<i64, AppError> {
        // Whoever keeps no subject anywhere is refused before the survey is read.
        if !SubjectKind::ALL.iter().any(|k| actor.has_anywhere(keeping(*k))) {
            return Err(AppError::Forbidden);
        }
        let mut checks = Checks::default();
        let title = checks.field("title", required_text(&input.title, 60));
        let kind = checks.field(
            "subject_kind",
            SubjectKind::parse(input.subject_kind.trim()).ok_or(Violation::new("unknown-choice")),
        );
        let subject_id = checks.field("subject_id", input.subject_id.ok_or(Violation::new("required")));
        let opens_on = checks.field("opens_on", required_day(&input.opens_on));
        let closes_on = checks.field("closes_on", required_day(&input.closes_on));
        if let (Some(opens), Some(closes)) = (opens_on, closes_on) {
            checks.field("closes_on", check_period(opens, closes));
        }
        let questions = match input.questions.len() {
            0 => checks.field("questions", Err::<Vec<String>, _>(Violation::new("required"))),
            n if n > MAX_QUESTIONS => checks.field(
                "questions",
                Err::<Vec<String>, _>(Violation::new("survey-too-many-questions").with("max", MAX_QUESTIONS)),
            ),
            _ => {
                let checked: Vec<Option<String>> = (input.questions.iter().enumerate())
                    .map(|(i, q)| checks.field(&format!("questions.{i}"), required_text(q, 60)))
                    .collect();
                checked.into_iter().collect()
            }
        };
        let (title, kind, subject_id, opens_on, closes_on, questions) =
            checks.finish_with((title, kind, subject_id, opens_on, closes_on, questions))?;
        if !actor.has_anywhere(keeping(kind)) {
            return Err(AppError::Forbidden);
        }
        let tree = self.regions();
        // A subject the actor does not keep is unknown to it, whether or not it exists.
        let keeper = keeper(&self.db, kind, subject_id)
            .await?
            .filter(|k| actor.may(k.permission, &k.region_code, &tree))
            .ok_or_else(|| AppError::invalid("subject_id", Violation::new("survey-subject-unknown")))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let row = survey::ActiveModel {
            title: Set(title.clone()),
            subject_kind: Set(kind.into()),
            subject_id: Set(subject_id),
            region_code: Set(keeper.region_code.clone()),
            opens_on: Set(opens_on),
            closes_on: Set(closes_on),
            questions: Set(serde_json::to_string(&questions).unwrap_or_default()),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = survey::Entity::insert(row).exec(tx.conn()).await?.last_insert_id;
        let after = serde_json::json!({ "title": title, "subject": format!("{}:{subject_id}", kind.as_str()),
            "opens_on": opens_on, "closes_on": closes_on, "questions": questions });
        tx.record(Change::new("create", "survey", id, &keeper.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A survey's aggregates: never a single answer, and the comments only for staff.
    pub async fn survey_summary(&self, actor: &Actor, id: i64) -> Result<SurveySummary, AppError> {
        let (found, staff) = self.kept_survey(&self.db, actor, id, true).await?;
        let codes = survey_code::Entity::find().filter(survey_code::Column::SurveyId.eq(id));
        let issued = codes.clone().count(&self.db).await?;
        let answered = codes.filter(survey_code::Column::Answered.eq(true)).count(&self.db).await?;
        let ratings = ratings_of(&self.db, id).await?;
        let questions = questions_of(&found)
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let (count, score) = satisfaction(ratings.iter().filter(|r| usize::try_from(r.question) == Ok(i)));
                QuestionSummary { text, ratings: count, satisfaction: score.map(from_tenths) }
            })
            .collect();
        let mut comments: Vec<String> = if staff {
            let answers = survey_answer::Entity::find().filter(survey_answer::Column::SurveyId.eq(id));
            answers.all(&self.db).await?.into_iter().map(|a| a.comment).filter(|c| !c.is_empty()).collect()
        } else {
            Vec::new()
        };
        comments.sort();
        let today = self.settings.today();
        Ok(SurveySummary {
            id,
            title: found.title,
            subject_kind: found.subject_kind.into(),
            subject_id: found.subject_id,
            region_code: found.region_code,
            opens_on: found.opens_on,
            closes_on: found.closes_on,
            phase: phase(found.opens_on, found.closes_on, today).as_str().to_string(),
            issued,
            answered,
            response_rate: percent_tenths(answered, issued).map(from_tenths),
            satisfaction: satisfaction(ratings.iter()).1.map(from_tenths),
            questions,
            comments,
            kept: staff,
        })
    }
}
