//! `/api/v1/audit`: the audit log, newest first, paged by `before_id`.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::ports::AuditQuery;

use super::ApiQuery;
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Record type, e.g. member.
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// The email address of the person who acted.
    pub actor: Option<String>,
    /// Return entries older than this id.
    #[param(minimum = 1)]
    pub before_id: Option<i64>,
    /// 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditEntryOut {
    pub id: i64,
    #[schema(format = DateTime, value_type = String)]
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: String,
    pub source: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditList {
    pub entries: Vec<AuditEntryOut>,
    /// Pass as `before_id` for the next (older) page; absent on the last page.
    pub next_before_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, body = AuditList), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<AuditParams>,
) -> Result<Json<AuditList>, ApiError> {
    let query = AuditQuery {
        entity: params.entity,
        entity_id: params.entity_id,
        actor_label: params.actor,
        exclude_action: None,
        before_id: params.before_id,
        limit: params.limit.unwrap_or(50),
    };
    let page = steward_app::audit::list_audit(state.store.as_ref(), &auth.context(), query).await?;
    Ok(Json(AuditList {
        entries: page
            .entries
            .into_iter()
            .map(|(id, e)| AuditEntryOut {
                id,
                at: e.at.to_rfc3339(),
                actor: e.actor_label,
                action: e.action,
                entity: e.entity,
                entity_id: e.entity_id,
                detail: e.detail,
                source: e.source,
            })
            .collect(),
        next_before_id: page.next_before_id,
    }))
}
