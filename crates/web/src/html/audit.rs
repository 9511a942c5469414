//! The audit log page for administrators: newest first, filterable by record and person,
//! paged with an "older entries" link.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use steward_app::ports::{AuditEntry, AuditQuery};

use super::{render, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPageView {
    layout: Layout,
    entries: Vec<(i64, AuditEntry)>,
    entity: String,
    entity_id: String,
    actor: String,
    older_link: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct AuditParams {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    before: String,
}

pub async fn page(State(state): State<AppState>, auth: Auth, Query(params): Query<AuditParams>) -> Response {
    let nonempty = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let query = AuditQuery {
        entity: nonempty(&params.entity),
        entity_id: nonempty(&params.entity_id),
        actor_label: nonempty(&params.actor),
        exclude_action: None,
        before_id: params.before.trim().parse().ok(),
        limit: 50,
    };
    let page = match steward_app::audit::list_audit(state.store.as_ref(), &auth.context(), query).await {
        Ok(page) => page,
        Err(error) => return HtmlError(error).into_response(),
    };
    let older_link = page.next_before_id.map(|before| {
        let pairs = [
            ("entity", params.entity.as_str()),
            ("entity_id", params.entity_id.as_str()),
            ("actor", params.actor.as_str()),
        ];
        let mut query: Vec<(&str, String)> =
            pairs.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k, v.to_owned())).collect();
        query.push(("before", before.to_string()));
        format!("/admin/audit?{}", serde_urlencoded::to_string(&query).unwrap_or_default())
    });
    render(&AuditPageView {
        layout: Layout::new(&auth, "Audit log", "/admin/audit"),
        entries: page.entries,
        entity: params.entity,
        entity_id: params.entity_id,
        actor: params.actor,
        older_link,
    })
}
