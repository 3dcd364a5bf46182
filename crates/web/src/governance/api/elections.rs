use app::governance::{ElectionView, NewUnifiedElection, UnifiedElectionView};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use crate::floor::{ApiCall, AppState, Created, CreatedResponse, JsonBody, PathParam, QueryParams, WebError, created};

/// Opens a unified term election (换届) for every community below a city or county.
#[utoipa::path(post, path = "/api/v1/unified-elections", tag = "governance", request_body = NewUnifiedElection,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 422)))]
pub async fn open_unified_election(
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<NewUnifiedElection>,
) -> CreatedResponse {
    created(state.app.open_unified_election(&auth.actor, input).await?)
}

#[derive(Serialize, ToSchema)]
pub struct UnifiedList {
    items: Vec<UnifiedElectionView>,
}

/// Term elections reaching into the caller's scope, counted within it.
#[utoipa::path(get, path = "/api/v1/unified-elections", tag = "governance", responses((status = 200, body = UnifiedList)))]
pub async fn list_unified_elections(ApiCall { state, auth }: ApiCall) -> Result<Json<UnifiedList>, WebError> {
    Ok(Json(UnifiedList { items: state.app.unified_elections(&auth.actor).await? }))
}

/// One community's election: committee, method, posts, schedule and register size.
#[utoipa::path(get, path = "/api/v1/elections/{id}", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = ElectionView), (status = 404)))]
pub async fn get_election(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<ElectionView>, WebError> {
    Ok(Json(state.app.election(&auth.actor, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct ElectionList {
    items: Vec<ElectionView>,
}

/// A community's elections, newest first.
#[utoipa::path(get, path = "/api/v1/communities/{code}/elections", tag = "governance", params(("code" = String, Path)),
    responses((status = 200, body = ElectionList), (status = 404)))]
pub async fn community_elections(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
) -> Result<Json<ElectionList>, WebError> {
    Ok(Json(ElectionList { items: state.app.community_elections(&auth.actor, &code).await? }))
}

#[derive(Serialize, ToSchema)]
pub struct RegisterSize {
    voters: u64,
}

/// Puts the community's people who may vote on the vote date on the register.
#[utoipa::path(post, path = "/api/v1/elections/{id}/register", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = RegisterSize), (status = 403), (status = 404), (status = 409)))]
pub async fn build_register(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<RegisterSize>, WebError> {
    Ok(Json(RegisterSize { voters: state.app.build_register(&auth.actor, id).await? }))
}

#[derive(Serialize, ToSchema)]
pub struct Published {
    published_on: chrono::NaiveDate,
}

/// Publishes the register today; refused later than the days the rules require before the vote.
#[utoipa::path(post, path = "/api/v1/elections/{id}/register/publish", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = Published), (status = 404), (status = 409), (status = 422)))]
pub async fn publish_register(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<Published>, WebError> {
    Ok(Json(Published { published_on: state.app.publish_register(&auth.actor, id).await? }))
}

#[derive(Serialize, ToSchema)]
pub struct Codes {
    /// Shown once: print them on the voter cards now.
    codes: Vec<app::governance::IssuedCode>,
}

/// Issues one-time voting codes to the register's voters who have none (once each).
#[utoipa::path(post, path = "/api/v1/elections/{id}/codes", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = Codes), (status = 403), (status = 404), (status = 409)))]
pub async fn issue_codes(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<Codes>, WebError> {
    Ok(Json(Codes { codes: state.app.issue_codes(&auth.actor, id).await? }))
}

#[derive(serde::Deserialize, ToSchema)]
pub struct CastBallot {
    /// The voting code from the voter card (spaces and dashes are ignored).
    code: String,
    /// Names written for each post: `{"director": ["…"], "member": ["…", "…"]}`.
    #[serde(default)]
    ballot: domain::governance::count::Ballot,
}

#[derive(Serialize, ToSchema)]
pub struct Receipt {
    /// Look it up on the public results to see the ballot was counted.
    receipt: String,
}

/// Casts a phone ballot (no login: the voting code is the credential). One voter, one
/// ballot: a second attempt with the same code is refused.
#[utoipa::path(post, path = "/api/v1/ballots", tag = "governance", request_body = CastBallot,
    responses((status = 201, body = Receipt), (status = 404, description = "Unknown code"),
        (status = 409, description = "Already voted, or voting is not open"), (status = 422)))]
pub async fn cast_ballot(
    State(state): State<AppState>,
    JsonBody(input): JsonBody<CastBallot>,
) -> Result<(StatusCode, Json<Receipt>), WebError> {
    let receipt = state.app.cast_ballot(&input.code, input.ballot).await?;
    Ok((StatusCode::CREATED, Json(Receipt { receipt })))
}

#[derive(serde::Deserialize, ToSchema, Default)]
pub struct CountRequest {
    /// People who signed for a paper ballot at the polling station (0 when all voted by phone).
    #[serde(default)]
    paper_voters: u64,
}

/// Counts the election's phone ballots and confirmed paper batches (from the vote date on)
/// and stores the result for publication.
#[utoipa::path(post, path = "/api/v1/elections/{id}/count", tag = "governance", params(("id" = i64, Path)),
    request_body(content = CountRequest, description = "Optional"),
    responses((status = 200, description = "The first round's result"), (status = 403), (status = 404), (status = 409)))]
pub async fn count_election(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    body: Result<Option<Json<CountRequest>>, JsonRejection>,
) -> Result<Json<domain::governance::count::RoundResult>, WebError> {
    let request = body?.map(|Json(r)| r).unwrap_or_default();
    Ok(Json(state.app.count_election(&auth.actor, id, request.paper_voters).await?))
}

/// Enters (or corrects) the caller's entry of one paper batch; the batch counts once two
/// tellers' entries agree.
#[utoipa::path(post, path = "/api/v1/elections/{id}/paper-batches", tag = "governance", params(("id" = i64, Path)),
    request_body = app::governance::PaperEntry,
    responses((status = 200, body = app::governance::BatchView), (status = 404), (status = 409), (status = 422)))]
pub async fn enter_paper_batch(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<app::governance::PaperEntry>,
) -> Result<Json<app::governance::BatchView>, WebError> {
    Ok(Json(state.app.enter_paper_batch(&auth.actor, id, input).await?))
}

#[derive(Serialize, ToSchema)]
pub struct BatchList {
    items: Vec<app::governance::BatchView>,
}

/// The election's paper batches: entries, confirmation, and disagreements side by side.
#[utoipa::path(get, path = "/api/v1/elections/{id}/paper-batches", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = BatchList), (status = 404)))]
pub async fn list_paper_batches(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<BatchList>, WebError> {
    Ok(Json(BatchList { items: state.app.paper_batches(&auth.actor, id).await? }))
}

/// The published result with every counted ballot's receipt (public, once counted).
#[utoipa::path(get, path = "/api/v1/public/elections/{id}/results", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = app::governance::PublicResult), (status = 404)))]
pub async fn public_result(
    State(state): State<AppState>,
    PathParam(id): PathParam<i64>,
) -> Result<Json<app::governance::PublicResult>, WebError> {
    Ok(Json(state.app.public_result(id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct SeatedList {
    items: Vec<app::governance::SeatedMember>,
}

/// Seats the elected of a valid count as the community's new committee (the old
/// committee's posts end today) and records whether the party organisation was directly
/// elected.
#[utoipa::path(post, path = "/api/v1/elections/{id}/seat", tag = "governance", params(("id" = i64, Path)),
    request_body = app::governance::Seating,
    responses((status = 200, body = SeatedList), (status = 404), (status = 409), (status = 422)))]
pub async fn seat_elected(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<app::governance::Seating>,
) -> Result<Json<SeatedList>, WebError> {
    Ok(Json(SeatedList { items: state.app.seat_elected(&auth.actor, id, input).await? }))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct IndicatorQuery {
    term: i32,
}

/// The 3B indicator: the share of a region's communities whose committee and party
/// organisation were both directly elected in a term, against the previous term.
#[utoipa::path(get, path = "/api/v1/regions/{code}/direct-elections", tag = "governance",
    params(("code" = String, Path), IndicatorQuery),
    responses((status = 200, body = app::governance::DirectElectionIndicator), (status = 404)))]
pub async fn direct_election_indicator(
    ApiCall { state, auth }: ApiCall,
    Path(code): Path<String>,
    QueryParams(query): QueryParams<IndicatorQuery>,
) -> Result<Json<app::governance::DirectElectionIndicator>, WebError> {
    Ok(Json(state.app.direct_election_indicator(&auth.actor, &code, query.term).await?))
}

/// Every community's outcome in a unified election (public).
#[utoipa::path(get, path = "/api/v1/public/unified-elections/{id}/results", tag = "governance",
    params(("id" = i64, Path)), responses((status = 200, body = app::governance::UnifiedResults), (status = 404)))]
pub async fn public_unified_results(
    State(state): State<AppState>,
    PathParam(id): PathParam<i64>,
) -> Result<Json<app::governance::UnifiedResults>, WebError> {
    Ok(Json(state.app.public_unified_results(id).await?))
}

/// Counts every phone-only election of a unified election in the caller's scope whose vote
/// is over (elections with paper batches are counted one by one with their paper voters).
#[utoipa::path(post, path = "/api/v1/unified-elections/{id}/count", tag = "governance", params(("id" = i64, Path)),
    responses((status = 200, body = app::governance::UnifiedCount), (status = 404)))]
pub async fn count_unified(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<app::governance::UnifiedCount>, WebError> {
    Ok(Json(state.app.count_unified(&auth.actor, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct FurtherBallot {
    /// The further round's posts: the seats left open and who stands for them.
    #[schema(value_type = Vec<Object>)]
    items: Vec<domain::governance::count::PostSpec>,
}

/// Calls the next round on paper (enter its batches with its `round` number): per post a
/// new vote between those tied for a seat or between kin with equal votes (Arts. 28, 29,
/// 31), or the further round (另行选举) for the seats no one won. A further round with
/// fewer candidates than seats plus the rule's extra ones is refused (422 on
/// `self_nomination`) unless it is held as self-nomination.
#[utoipa::path(post, path = "/api/v1/elections/{id}/further-round", tag = "governance", params(("id" = i64, Path)),
    request_body(content = app::governance::NextRound, description = "Optional"),
    responses((status = 200, body = FurtherBallot), (status = 404), (status = 409), (status = 422)))]
pub async fn call_further_round(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    body: Result<Option<Json<app::governance::NextRound>>, JsonRejection>,
) -> Result<Json<FurtherBallot>, WebError> {
    let input = body?.map(|Json(r)| r).unwrap_or_default();
    Ok(Json(FurtherBallot { items: state.app.call_further_round(&auth.actor, id, input).await? }))
}

/// Counts the open round's confirmed paper batches (in the further round one third of its
/// ballots elects, in a new vote the most votes).
#[utoipa::path(post, path = "/api/v1/elections/{id}/further-round/count", tag = "governance",
    params(("id" = i64, Path)), request_body = CountRequest,
    responses((status = 200, description = "The further round's result"), (status = 404), (status = 409)))]
pub async fn count_further_round(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(request): JsonBody<CountRequest>,
) -> Result<Json<domain::governance::count::RoundResult>, WebError> {
    Ok(Json(state.app.count_further_round(&auth.actor, id, request.paper_voters).await?))
}
