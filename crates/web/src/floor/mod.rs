//! The HTTP floor every feature stands on, importing none of them: state, the caller and
//! CSRF, problems, language, limits, assets, operations routes, and the UI kit (page
//! frame, forms, paged tables, spreadsheets in and out, the import dialog).

pub mod api;
pub mod assets;
pub mod auth;
pub mod confirm;
pub mod cookie;
pub mod i18n;
mod import_jobs;
pub mod imports;
pub mod limit;
pub mod ops;
pub mod page;
pub mod problem;
pub mod qr;
pub mod region_picker;
pub mod sheet;
mod state;
pub mod table;
pub mod view;

pub use api::{ApiCall, Created, CreatedResponse, JsonBody, PathParam, QueryParams, created};
pub use auth::{ApiUser, Importer, PageCall, PageUser};
pub use confirm::ConfirmForm;
pub use i18n::{RequestLang, request_lang};
pub use page::{Choice, FormErrors, form_errors, region_choices};
pub use problem::WebError;
pub use region_picker::RegionPicker;
pub use state::AppState;
pub use table::{PageParams, Pager};
pub use view::{Chrome, PublicChrome, render, render_with, urlencode};
