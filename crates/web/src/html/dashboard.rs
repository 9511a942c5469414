//! The signed-in home page: what the user can reach, with member counts for their scope, and
//! the deadlines and tasks due for them (overdue first), each linking to its case.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use steward_app::ports::{DueItem, MemberQuery};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::permissions::{authorize, Action, Target};

use super::case_schedule::{due, kind_label, Due};
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
    due_items: Vec<DueRow>,
    can_record_wellbeing: bool,
    debrief_prompt: bool,
}

pub struct DueRow {
    pub item: DueItem,
    pub kind_label: &'static str,
    pub due: Due,
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
    let due_items = if can_list_cases {
        match steward_app::cases::my_due_items(state.store.as_ref(), &ctx).await {
            Ok(items) => {
                let today = to_uk_local(ctx.now).date();
                let mut rows: Vec<DueRow> = items
                    .into_iter()
                    .map(|item| DueRow {
                        kind_label: kind_label(&item.deadline.kind),
                        due: due(item.deadline.due_on, today),
                        item,
                    })
                    .collect();
                rows.sort_by_key(|row| row.item.deadline.due_on);
                rows
            }
            Err(error) => return HtmlError(error).into_response(),
        }
    } else {
        Vec::new()
    };
    let debrief_prompt = match steward_app::workload::needs_debrief_prompt(state.store.as_ref(), &ctx).await {
        Ok(prompt) => prompt,
        Err(error) => return HtmlError(error).into_response(),
    };
    render(&DashboardPage {
        can_record_wellbeing: authorize(&ctx.actor, Action::RecordWellbeing, Target::Any).is_allowed(),
        debrief_prompt,
        layout: Layout::new(&auth, "Dashboard", "/"),
        member_total,
        in_arrears,
        can_list_cases,
        due_items,
    })
}
