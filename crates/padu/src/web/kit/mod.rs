//! The web layer's shared kit: what every module's handlers use and no module owns. The
//! application state, the caller and its gate, the error type and its renderings, what
//! requests carry in (forms, JSON, queries, uploads), the page layout, charts and the map,
//! i18n, rate limits, proxies and metrics. The kit imports no module folder.

pub mod address;
pub mod caller;
pub mod chart;
pub mod download;
pub mod error;
pub mod i18n;
pub mod input;
pub mod layout;
pub mod limiter;
pub mod map;
pub mod messages;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod proxy;
pub mod records;
pub mod refusals;
pub mod register_list;
pub mod routes;
pub mod state;
pub mod upload;
pub mod wording;

pub use caller::{Caller, Via};
pub use error::ApiError;
pub use input::{
    query, ApiJson, ConfirmFields, Form, ListParams, NoFields, SessionForm, COMPLAINT_LABELS,
};
pub use routes::{RouteRule, Routes};
pub use state::{AppState, SharedState};
