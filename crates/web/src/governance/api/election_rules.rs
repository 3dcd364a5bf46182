//! Election rule sets per region (3B) over HTTP.

use app::governance::{NewRuleSet, RuleSetView};
use axum::Json;
use axum::extract::Path;
use serde::Deserialize;

use crate::floor::{ApiCall, Created, CreatedResponse, JsonBody, QueryParams, WebError, created};

/// Adds a rule set for the region's elections (count shares, further-round candidates, the
/// Art. 30 minimum, committee sizes, schedule deadlines) from `valid_from` on; numbers left
/// out are the regulation's. It reaches every community below unless a nearer region has
/// one; a later set of the same region replaces it from its first day.
#[utoipa::path(post, path = "/api/v1/regions/{code}/election-rules", tag = "governance", params(("code" = String, Path)),
    request_body = NewRuleSet,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_election_rules(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    JsonBody(input): JsonBody<NewRuleSet>,
) -> CreatedResponse {
    created(state.app.add_election_rules(&auth.actor, &code, input).await?)
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct RulesQuery {
    /// YYYY-MM-DD, today when absent.
    on: Option<String>,
}

/// The rule set in force for a place on a day: its own, else its nearest ancestor's, else
/// the regulation's.
#[utoipa::path(get, path = "/api/v1/regions/{code}/election-rules", tag = "governance",
    params(("code" = String, Path), RulesQuery), responses((status = 200, body = RuleSetView), (status = 404), (status = 422)))]
pub async fn election_rules_in_force(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    QueryParams(query): QueryParams<RulesQuery>,
) -> Result<Json<RuleSetView>, WebError> {
    Ok(Json(state.app.election_rules_in_force(&auth.actor, &code, query.on.as_deref()).await?))
}
