//! The signed-in home page: what the user can reach, with member counts for their scope.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use steward_app::ports::MemberQuery;
use steward_domain::permissions::{authorize, Action, Target};

use super::{render, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    member_total: Option<i64>,
    in_arrears: Option<i64>,
    can_list_cases: bool,
}

pub async fn dashboard(State(state): State<AppState>, auth: Auth) -> Response {
    let ctx = auth.context();
    let (member_total, in_arrears) = if authorize(&ctx.actor, Action::ListMembers, Target::Any).is_allowed() {
        let count = |status| {
            let query = MemberQuery {
                scope: ctx.actor.scope,
                text: None,
                status,
                workplace: None,
                branch: None,
                employer: None,
                page: 1,
                per_page: 1,
            };
            steward_app::members::search_members(state.store.as_ref(), &ctx, query)
        };
        match (count(None).await, count(Some(steward_domain::member::MemberStatus::Arrears)).await) {
            (Ok(all), Ok(arrears)) => (Some(all.total), Some(arrears.total)),
            (Err(error), _) | (_, Err(error)) => return HtmlError(error).into_response(),
        }
    } else {
        (None, None)
    };
    let can_list_cases = authorize(&ctx.actor, Action::ListCases, Target::Any).is_allowed();
    render(&DashboardPage { layout: Layout::new(&auth, "Dashboard", "/"), member_total, in_arrears, can_list_cases })
}
