//! Batches of one-time codes: made at random, stored as hashes, shown once.

use domain::Violation;
use domain::survey::{Phase, check_code_count, phase};
use serde::{Deserialize, Serialize};
use store::entity::survey_code;
use store::sea_orm::{ActiveValue::Set, EntityTrait};

use crate::governance::ballots::{code_hash, new_code};
use crate::tx::{Change, WriteTx};
use crate::{Actor, App, AppError};

/// Statements insert at most this many codes at once (PostgreSQL's bind limit is far above).
const CHUNK: usize = 250;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CodeRequest {
    /// How many codes to make: 1 to 500.
    pub count: Option<u32>,
}

/// A batch of codes as printed, shown this once: only their hashes are kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IssuedCodes {
    pub survey_id: i64,
    pub title: String,
    /// `ABCD-EFGH-JKLM`, each good for one answer.
    pub codes: Vec<String>,
}

/// A code grouped by four for reading and typing.
fn printed(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

impl App {
    /// Makes `count` new codes for a survey that has not closed.
    pub async fn issue_survey_codes(
        &self,
        actor: &Actor,
        id: i64,
        input: CodeRequest,
    ) -> Result<IssuedCodes, AppError> {
        let count = input.count.ok_or(Violation::new("required")).and_then(check_code_count);
        let count = count.map_err(|v| AppError::invalid("count", v))?;
        let mut tx = WriteTx::begin(self, actor.into()).await?;
        let (found, _) = self.kept_survey(tx.conn(), actor, id, false).await?;
        if phase(found.opens_on, found.closes_on, self.settings.today()) == Phase::Closed {
            return Err(AppError::Conflict(Violation::new("survey-closed").on("survey")));
        }
        let codes: Vec<String> = (0..count).map(|_| new_code()).collect();
        let rows: Vec<survey_code::ActiveModel> = codes
            .iter()
            .map(|c| survey_code::ActiveModel {
                survey_id: Set(id),
                code_hash: Set(code_hash(c)),
                answered: Set(false),
                ..Default::default()
            })
            .collect();
        for chunk in rows.chunks(CHUNK) {
            survey_code::Entity::insert_many(chunk.to_vec()).exec_without_returning(tx.conn()).await?;
        }
        let after = serde_json::json!({ "codes": count });
        tx.record(Change::new("issue_codes", "survey", id, &found.region_code).after(&after)).await?;
        tx.commit().await?;
        Ok(IssuedCodes { survey_id: id, title: found.title, codes: codes.iter().map(|c| printed(c)).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_prints_in_groups_of_four_and_hashes_the_same_as_typed() {
        assert_eq!(printed("ABCDEFGHJKLM"), "ABCD-EFGH-JKLM");
        assert_eq!(code_hash("abcd-efgh-jklm"), code_hash("ABCDEFGHJKLM"));
    }
}
