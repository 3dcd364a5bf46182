//! The city's qualification review and its yearly course (5A, 5C).

use app::social_work::{
    AttendanceInput, AttendanceOutcome, CityCourseDetail, CityCourseView, LocalQualificationInput, NewCityCourse,
};
use axum::Json;
use axum::http::StatusCode;

use crate::floor::{ApiCall, Created, CreatedResponse, JsonBody, PathParam, WebError, created};

/// Records (or corrects) the qualification the city's review granted a worker without the
/// national certificate (409 for one who holds it); the certificate gate accepts it.
#[utoipa::path(put, path = "/api/v1/social-workers/{id}/local-qualification", tag = "social_work",
    request_body = LocalQualificationInput, params(("id" = i64, Path)),
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn record_local_qualification(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<LocalQualificationInput>,
) -> Result<StatusCode, WebError> {
    state.app.record_local_qualification(&auth.actor, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The city courses run in the caller's regions, latest year first, with attendance.
#[utoipa::path(get, path = "/api/v1/city-courses", tag = "social_work",
    responses((status = 200, body = Vec<CityCourseView>), (status = 404)))]
pub async fn city_courses(ApiCall { state, auth }: ApiCall) -> Result<Json<Vec<CityCourseView>>, WebError> {
    Ok(Json(state.app.city_courses(&auth.actor).await?))
}

/// Adds the year's city course (one a region and year; 409 for a second).
#[utoipa::path(post, path = "/api/v1/city-courses", tag = "social_work", request_body = NewCityCourse,
    responses((status = 201, body = Created), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_city_course(
    ApiCall { state, auth }: ApiCall,
    JsonBody(input): JsonBody<NewCityCourse>,
) -> CreatedResponse {
    created(state.app.add_city_course(&auth.actor, input).await?)
}

/// A city course and who attended (ID numbers masked).
#[utoipa::path(get, path = "/api/v1/city-courses/{id}", tag = "social_work", params(("id" = i64, Path)),
    responses((status = 200, body = CityCourseDetail), (status = 403), (status = 404)))]
pub async fn city_course(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
) -> Result<Json<CityCourseDetail>, WebError> {
    Ok(Json(state.app.city_course(&auth.actor, id).await?))
}

/// Records attendance by ID number, once the course has ended (409 before): each becomes a
/// continuing-education record of the course's hours on its last day. All or none; an
/// attendee recorded before is left as they were.
#[utoipa::path(post, path = "/api/v1/city-courses/{id}/attendance", tag = "social_work",
    request_body = AttendanceInput, params(("id" = i64, Path)),
    responses((status = 200, body = AttendanceOutcome), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn record_attendance(
    ApiCall { state, auth }: ApiCall,
    PathParam(id): PathParam<i64>,
    JsonBody(input): JsonBody<AttendanceInput>,
) -> Result<Json<AttendanceOutcome>, WebError> {
    Ok(Json(state.app.record_attendance(&auth.actor, id, input).await?))
}
