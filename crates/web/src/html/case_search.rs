//! Finding a case by its reference or by its member: a reference the asker may open goes
//! straight to the case; words list the cases of the members they match.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::cases::CaseSearch;
use steward_app::AppError;

use super::cases::{local_time, stage_label};
use super::{render_with_status, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    q: String,
}

pub struct FoundRow {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub member: String,
    pub stage: String,
    pub status: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "cases/search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    searched: bool,
    error: Option<String>,
    rows: Vec<FoundRow>,
    members_matched: usize,
}

pub async fn search(State(state): State<AppState>, auth: Auth, Query(params): Query<SearchParams>) -> Response {
    let ctx = auth.context();
    let q = params.q.trim().to_owned();
    if q.is_empty() {
        return page(&auth, q, false, None, CaseSearch::default(), StatusCode::OK);
    }
    match steward_app::cases::search_cases(state.store.as_ref(), &ctx, &q).await {
        Ok(CaseSearch { exact: Some(id), .. }) => Redirect::to(&format!("/cases/{id}")).into_response(),
        Ok(found) => page(&auth, q, true, None, found, StatusCode::OK),
        Err(AppError::Invalid(errors)) => {
            let message = errors.get("q").unwrap_or("Check the search").to_owned();
            page(&auth, q, false, Some(message), CaseSearch::default(), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

fn page(
    auth: &Auth,
    q: String,
    searched: bool,
    error: Option<String>,
    found: CaseSearch,
    status: StatusCode,
) -> Response {
    let rows = found
        .cases
        .iter()
        .map(|summary| FoundRow {
            id: summary.id.0,
            reference: summary.reference.to_string(),
            title: summary.title.clone(),
            member: summary.lead_member_name.clone(),
            stage: stage_label(summary),
            status: if summary.is_open() { "Open".into() } else { "Closed".into() },
            updated: local_time(summary.updated_at),
        })
        .collect();
    let title = if error.is_some() { "Error: Find a case" } else { "Find a case" };
    render_with_status(
        status,
        &SearchPage {
            layout: Layout::new(auth, title, "/cases"),
            q,
            searched,
            error,
            rows,
            members_matched: found.members_matched,
        },
    )
}
