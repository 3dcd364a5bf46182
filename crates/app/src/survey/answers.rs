//! Answering with a code, without an account: one answer per code, in the survey's period.

use domain::Violation;
use domain::survey::{MAX_QUESTIONS, Phase, parse_rating, phase};
use serde::Deserialize;
use store::entity::{survey, survey_answer, survey_code, survey_rating};
use store::sea_orm::sea_query::Expr;
use store::sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::questions_of;
use crate::error::{Checks, optional_text};
use crate::governance::ballots::code_hash;
use crate::tx::{Author, Change, WriteTx};
use crate::{App, AppError};

/// An answer as ticked: `ratings[i]` rates question `i` (1 to 5); the comment is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    pub ratings: Vec<String>,
    pub comment: String,
}

impl AnswerInput {
    /// Room for every question a survey may have.
    pub const MAX_RATINGS: usize = MAX_QUESTIONS;
}

/// What a code opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeState {
    /// The survey is not open on this day.
    Outside(Phase),
    Used,
    Ready,
}

/// The survey a code opens, as the resident sees it.
#[derive(Debug, Clone)]
pub struct PublicSurvey {
    pub title: String,
    pub questions: Vec<String>,
    pub opens_on: chrono::NaiveDate,
    pub closes_on: chrono::NaiveDate,
    pub state: CodeState,
}

impl App {
    async fn survey_of_code(&self, code: &str) -> Result<(survey_code::Model, survey::Model), AppError> {
        let found = survey_code::Entity::find().filter(survey_code::Column::CodeHash.eq(code_hash(code)));
        let found = found.one(&self.db).await?.ok_or(AppError::NotFound)?;
        let owner = survey::Entity::find_by_id(found.survey_id).one(&self.db).await?.ok_or(AppError::NotFound)?;
        Ok((found, owner))
    }

    fn code_state(&self, code: &survey_code::Model, owner: &survey::Model) -> CodeState {
        match phase(owner.opens_on, owner.closes_on, self.settings.today()) {
            Phase::Open if code.answered => CodeState::Used,
            Phase::Open => CodeState::Ready,
            outside => CodeState::Outside(outside),
        }
    }

    /// The survey a code opens (404 for a code never issued).
    pub async fn survey_by_code(&self, code: &str) -> Result<PublicSurvey, AppError> {
        let (found, owner) = self.survey_of_code(code).await?;
        Ok(PublicSurvey {
            state: self.code_state(&found, &owner),
            questions: questions_of(&owner),
            title: owner.title,
            opens_on: owner.opens_on,
            closes_on: owner.closes_on,
        })
    }

    /// Records one anonymous answer and spends the code: 409 for a used code or outside
    /// the survey's period, 422 per question left unrated.
    pub async fn answer_survey(&self, code: &str, input: AnswerInput) -> Result<(), AppError> {
        let (found, owner) = self.survey_of_code(code).await?;
        match self.code_state(&found, &owner) {
            CodeState::Used => return Err(AppError::Conflict(Violation::new("survey-code-used").on("code"))),
            CodeState::Outside(Phase::NotYet) => {
                return Err(AppError::Conflict(
                    Violation::new("survey-not-open").with("date", owner.opens_on).on("code"),
                ));
            }
            CodeState::Outside(_) => return Err(AppError::Conflict(Violation::new("survey-closed").on("code"))),
            CodeState::Ready => {}
        }
        let mut checks = Checks::default();
        let ratings: Vec<Option<u8>> = (0..questions_of(&owner).len())
            .map(|i| checks.field(&format!("q{i}"), parse_rating(input.ratings.get(i).map_or("", String::as_str))))
            .collect();
        let comment = checks.field("comment", optional_text(&input.comment, 500));
        let ratings: Option<Vec<u8>> = ratings.into_iter().collect();
        let (ratings, comment) = checks.finish_with((ratings, comment))?;
        let mut tx = WriteTx::begin(self, Author::system()).await?;
        // The flag flips once: of two answers racing on one code, the second finds it spent.
        let spent = survey_code::Entity::update_many()
            .col_expr(survey_code::Column::Answered, Expr::value(true))
            .filter(survey_code::Column::Id.eq(found.id))
            .filter(survey_code::Column::Answered.eq(false))
            .exec(tx.conn())
            .await?;
        if spent.rows_affected == 0 {
            return Err(AppError::Conflict(Violation::new("survey-code-used").on("code")));
        }
        let answer = survey_answer::ActiveModel {
            survey_id: Set(owner.id),
            region_code: Set(owner.region_code.clone()),
            comment: Set(comment),
            ..Default::default()
        };
        let answer_id = survey_answer::Entity::insert(answer).exec(tx.conn()).await?.last_insert_id;
        let rows = ratings.iter().enumerate().map(|(i, r)| survey_rating::ActiveModel {
            answer_id: Set(answer_id),
            survey_id: Set(owner.id),
            question: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            rating: Set(i32::from(*r)),
            ..Default::default()
        });
        survey_rating::Entity::insert_many(rows).exec_without_returning(tx.conn()).await?;
        // The trail says a survey was answered, never with which code or what was said.
        tx.record(Change::new("answer", "survey", owner.id, &owner.region_code)).await?;
        tx.commit().await
    }
}
