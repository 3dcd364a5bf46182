//! Community governance (3B): term elections and the voter register, meetings and
//! deliberation, disclosure of community affairs.

mod api;
mod pages;

pub use api::routes as api_routes;
pub use pages::router as pages;
