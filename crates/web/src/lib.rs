//! Steward over HTTP: server-rendered HTML pages and the JSON API, both calling the same
//! use cases in `steward-app`. Every route is declared once in `routes.rs` with the action it
//! needs; the router is built from that table, so a route cannot exist without a rule.

mod api;
mod auth;
pub mod calendar;
mod html;
mod middleware;
mod openapi;
mod problem;
mod routes;
mod state;

pub use api::replies::REPLY_BODY_LIMIT;
pub use openapi::openapi_document;
pub use routes::{route_table, router, Access, RouteInfo};
pub use state::{AppState, WebConfig};
