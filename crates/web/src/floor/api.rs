//! What every JSON handler shares.

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use super::auth::{ApiUser, Authenticated};
use super::problem::WebError;
use super::state::AppState;

/// What every signed-in JSON route starts from: the state and the caller. Taken from the
/// request head, so the caller is known (and refused) before any body is read.
pub struct ApiCall {
    pub state: AppState,
    pub auth: Authenticated,
}

impl FromRequestParts<AppState> for ApiCall {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ApiUser(auth) = ApiUser::from_request_parts(parts, state).await?;
        Ok(ApiCall { state: state.clone(), auth })
    }
}

/// A JSON body whose every rejection (size, type, syntax, a missing or mistyped field) is
/// the one problem answer with the field named, instead of axum's plain-text reply.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(value) = Json::<T>::from_request(request, state).await?;
        Ok(JsonBody(value))
    }
}

/// The answer to a POST that created something: its id.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// What a creating handler answers: 201 with the new id, or the problem.
pub type CreatedResponse = Result<(StatusCode, Json<Created>), WebError>;

pub fn created(id: i64) -> CreatedResponse {
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// A path parameter whose rejection (`/elections/abc`) is the problem answer, not a plain-text 400.
pub struct PathParam<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParam<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(value) = Path::<T>::from_request_parts(parts, state).await?;
        Ok(PathParam(value))
    }
}

/// A query string whose rejection (`?page=abc`) is the problem answer with the field named.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(value) = Query::<T>::from_request_parts(parts, state).await?;
        Ok(QueryParams(value))
    }
}
