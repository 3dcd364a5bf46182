//! Social organisations (4A–4D): the registry, registration and change applications,
//! classified supervision, inspection, evaluation, sanctions, cultivation, complaints.

mod api;
mod pages;

pub use api::routes as api_routes;
pub use pages::router as pages;
