//! The workload dashboard (who in one's scope is over, near or under capacity, with a chart
//! drawn as SVG on the server and readable without colour), branch thresholds, and one's own
//! private wellbeing page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::workload::{PersonLoad, WellbeingDraft, WorkloadDashboard, WELLBEING_KINDS};
use steward_app::AppError;
use steward_domain::facility::category::hours_label;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::BranchId;
use steward_domain::permissions::{authorize, Action, Target};
use steward_domain::workload::Capacity;

use super::cases::local_time;
use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

/// The chart shows the heaviest loads; the table below lists everyone.
const CHART_PEOPLE: usize = 25;
const CHART_WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 200.0;
const BAR_HEIGHT: f64 = 22.0;
const BAR_GAP: f64 = 8.0;

/// One bar of the chart, laid out in SVG user units.
pub struct Bar {
    pub y: i64,
    pub text_y: i64,
    pub width: i64,
    pub label: String,
    pub value: String,
    /// over, near or under: picks a fill pattern, and is written out beside the bar.
    pub capacity: &'static str,
    pub capacity_label: &'static str,
}

pub struct Row {
    pub load: PersonLoad,
    pub capacity_class: &'static str,
    pub hours: String,
    pub facility: String,
}

#[derive(Template)]
#[template(path = "workload/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    dashboard: WorkloadDashboard,
    rows: Vec<Row>,
    bars: Vec<Bar>,
    chart_height: i64,
    chart_width: i64,
    label_width: i64,
    computed_at: Option<String>,
    can_set_thresholds: bool,
    /// Officers and administrators keep people's training and profiles: link to them.
    can_keep_people: bool,
    branches: Vec<Choice>,
    bands: Vec<BandLink>,
    next_link: Option<String>,
    first_link: Option<String>,
    page_number: u32,
    errors: FieldErrors,
    values: ThresholdValues,
    saved: bool,
}

/// A link to one capacity band of the list.
pub struct BandLink {
    pub href: String,
    pub label: String,
    pub current: bool,
}

#[derive(Deserialize, Default)]
pub struct DashboardParams {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    capacity: String,
    #[serde(default)]
    page: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ThresholdValues {
    #[serde(default)]
    branch: String,
    #[serde(default)]
    near: String,
    #[serde(default)]
    over: String,
}

/// What the page shows besides the figures: the band and page asked for, and the thresholds
/// form as typed.
#[derive(Default)]
struct Shown {
    capacity: Option<Capacity>,
    page: u32,
    values: ThresholdValues,
    errors: FieldErrors,
    saved: bool,
}

fn capacity_code(capacity: Capacity) -> &'static str {
    match capacity {
        Capacity::Over => "over",
        Capacity::Near => "near",
        Capacity::Under => "under",
    }
}

/// The band and page asked for in the address.
fn view_of(params: &DashboardParams) -> Result<(Option<Capacity>, u32), AppError> {
    let capacity = match params.capacity.trim() {
        "" => None,
        "over" => Some(Capacity::Over),
        "near" => Some(Capacity::Near),
        "under" => Some(Capacity::Under),
        _ => return Err(AppError::field("capacity", "Choose over, near or under capacity")),
    };
    let page = match params.page.trim() {
        "" => 1,
        raw => raw
            .parse::<u32>()
            .ok()
            .filter(|page| *page >= 1)
            .ok_or_else(|| AppError::field("page", "Choose a page from 1"))?,
    };
    Ok((capacity, page))
}

/// A link to a band's page of the list.
fn dashboard_link(capacity: Option<Capacity>, page: u32) -> String {
    let mut query: Vec<String> = Vec::new();
    if let Some(capacity) = capacity {
        query.push(format!("capacity={}", capacity_code(capacity)));
    }
    if page > 1 {
        query.push(format!("page={page}"));
    }
    if query.is_empty() {
        "/workload".to_string()
    } else {
        format!("/workload?{}", query.join("&"))
    }
}

async fn dashboard_page(state: &AppState, auth: &Auth, shown: Shown, status: StatusCode) -> Response {
    let ctx = auth.context();
    let page_number = shown.page.max(1);
    let dashboard = match steward_app::workload::workload_dashboard(
        state.store.as_ref(),
        &ctx,
        shown.capacity,
        page_number,
    )
    .await
    {
        Ok(dashboard) => dashboard,
        Err(error) => return HtmlError(error).into_response(),
    };
    let heaviest = dashboard.people.iter().map(|load| load.score.total).fold(0.0_f64, f64::max).max(1.0);
    let scale = (CHART_WIDTH - LABEL_WIDTH - 120.0) / heaviest;
    let bars: Vec<Bar> = dashboard
        .people
        .iter()
        .take(CHART_PEOPLE)
        .enumerate()
        .map(|(index, load)| {
            let y = index as f64 * (BAR_HEIGHT + BAR_GAP);
            // Whole user units: the SVG stays short and reads the same in every browser.
            Bar {
                y: y.round() as i64,
                text_y: (y + BAR_HEIGHT * 0.7).round() as i64,
                width: (load.score.total * scale).max(1.0).round() as i64,
                label: load.person.name.clone(),
                value: format!("{:.1}", load.score.total),
                capacity: capacity_code(load.capacity),
                capacity_label: load.capacity.label(),
            }
        })
        .collect();
    let chart_height = ((bars.len().max(1) as f64) * (BAR_HEIGHT + BAR_GAP)).round() as i64;
    let rows = dashboard
        .people
        .iter()
        .cloned()
        .map(|load| Row {
            capacity_class: capacity_code(load.capacity),
            hours: hours_label(u64::from(load.person.snapshot.as_ref().map_or(0, |s| s.minutes_this_week))),
            facility: load
                .person
                .facility_minutes_per_week
                .map_or_else(|| "not set".to_string(), |minutes| hours_label(u64::from(minutes))),
            load,
        })
        .collect();
    let values = shown.values;
    let branches = dashboard
        .branches
        .iter()
        .map(|(id, name, thresholds)| Choice {
            selected: id.to_string() == values.branch,
            label: format!("{name} (near {:.1}, over {:.1})", thresholds.near, thresholds.over),
            value: id.to_string(),
        })
        .collect();
    let everyone = dashboard.over + dashboard.near + dashboard.under;
    let bands = [
        (None, format!("Everyone ({everyone})")),
        (Some(Capacity::Over), format!("Over capacity ({})", dashboard.over)),
        (Some(Capacity::Near), format!("Near capacity ({})", dashboard.near)),
        (Some(Capacity::Under), format!("With capacity ({})", dashboard.under)),
    ]
    .into_iter()
    .map(|(band, label)| BandLink { href: dashboard_link(band, 1), label, current: band == dashboard.capacity })
    .collect();
    let errors = shown.errors;
    let page = DashboardPage {
        layout: Layout::new(auth, if errors.is_empty() { "Workload" } else { "Error: Workload" }, "/workload"),
        computed_at: dashboard.computed_at.map(local_time),
        can_set_thresholds: authorize(&ctx.actor, Action::ManageWorkloadSettings, Target::Any).is_allowed(),
        can_keep_people: authorize(&ctx.actor, Action::RecordTraining, Target::Any).is_allowed(),
        next_link: dashboard.has_next.then(|| dashboard_link(dashboard.capacity, page_number + 1)),
        first_link: (page_number > 1).then(|| dashboard_link(dashboard.capacity, 1)),
        page_number,
        bands,
        dashboard,
        rows,
        bars,
        chart_height,
        chart_width: CHART_WIDTH as i64,
        label_width: LABEL_WIDTH as i64,
        branches,
        errors,
        values,
        saved: shown.saved,
    };
    render_with_status(status, &page)
}

pub async fn dashboard(State(state): State<AppState>, auth: Auth, Query(params): Query<DashboardParams>) -> Response {
    let (capacity, page) = match view_of(&params) {
        Ok(view) => view,
        Err(error) => return HtmlError(error).into_response(),
    };
    let shown = Shown { capacity, page, saved: params.saved.is_some(), ..Shown::default() };
    dashboard_page(&state, &auth, shown, StatusCode::OK).await
}

pub async fn save_thresholds(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(values): CsrfForm<ThresholdValues>,
) -> Response {
    let Ok(branch) = values.branch.trim().parse::<i64>() else {
        let errors = field_error("branch", "Choose a branch");
        let shown = Shown { values, errors, ..Shown::default() };
        return dashboard_page(&state, &auth, shown, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let ctx = auth.context();
    match steward_app::workload::save_branch_thresholds(
        state.store.as_ref(),
        &ctx,
        BranchId(branch),
        &values.near,
        &values.over,
    )
    .await
    {
        Ok(()) => Redirect::to("/workload?saved=1#thresholds").into_response(),
        Err(AppError::Invalid(errors)) => {
            let shown = Shown { values, errors, ..Shown::default() };
            dashboard_page(&state, &auth, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::NotFound) => {
            let errors = field_error("branch", "Choose a branch in your part of the union");
            let shown = Shown { values, errors, ..Shown::default() };
            dashboard_page(&state, &auth, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

fn field_error(field: &str, message: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    errors
}

#[derive(Template)]
#[template(path = "workload/wellbeing.html")]
struct WellbeingPage {
    layout: Layout,
    records: Vec<RecordRow>,
    heavy_run: bool,
    kinds: Vec<Choice>,
    moods: Vec<Choice>,
    colleagues: Vec<Choice>,
    note: String,
    errors: FieldErrors,
    saved: bool,
}

pub struct RecordRow {
    pub mine: bool,
    pub who: String,
    pub kind_label: &'static str,
    pub mood: Option<u8>,
    pub note: Option<String>,
    pub shared_with: Option<String>,
    pub when: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct WellbeingValues {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    mood: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    share_with: String,
}

async fn wellbeing_page(
    state: &AppState,
    auth: &Auth,
    values: WellbeingValues,
    errors: FieldErrors,
    saved: bool,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let view = match steward_app::workload::my_wellbeing(state.store.as_ref(), &ctx).await {
        Ok(view) => view,
        Err(error) => return HtmlError(error).into_response(),
    };
    let kind_now = if values.kind.is_empty() && view.heavy_run { "debrief" } else { values.kind.as_str() };
    let page = WellbeingPage {
        layout: Layout::new(auth, if errors.is_empty() { "Wellbeing" } else { "Error: Wellbeing" }, "/wellbeing"),
        records: view
            .records
            .iter()
            .map(|record| RecordRow {
                mine: record.user == ctx.actor.user_id,
                who: record.user_name.clone(),
                kind_label: WELLBEING_KINDS
                    .iter()
                    .find(|(code, _)| *code == record.kind)
                    .map_or("Record", |(_, label)| *label),
                mood: record.mood,
                note: record.note.clone(),
                shared_with: record.shared_with.as_ref().map(|(_, name)| name.clone()),
                when: local_time(record.created_at),
            })
            .collect(),
        heavy_run: view.heavy_run,
        kinds: WELLBEING_KINDS
            .iter()
            .map(|(code, label)| Choice { value: (*code).into(), label: (*label).into(), selected: *code == kind_now })
            .collect(),
        moods: [(1, "1 - struggling"), (2, "2"), (3, "3 - getting by"), (4, "4"), (5, "5 - doing well")]
            .into_iter()
            .map(|(value, label)| Choice {
                value: value.to_string(),
                label: label.into(),
                selected: values.mood == value.to_string(),
            })
            .collect(),
        colleagues: view
            .colleagues
            .iter()
            .map(|user| Choice {
                value: user.id.to_string(),
                label: format!("{} ({})", user.name, user.role.label()),
                selected: values.share_with == user.id.to_string(),
            })
            .collect(),
        note: values.note,
        errors,
        saved,
    };
    render_with_status(status, &page)
}

pub async fn wellbeing(State(state): State<AppState>, auth: Auth, Query(params): Query<DashboardParams>) -> Response {
    wellbeing_page(
        &state,
        &auth,
        WellbeingValues::default(),
        FieldErrors::new(),
        params.saved.is_some(),
        StatusCode::OK,
    )
    .await
}

pub async fn record_wellbeing(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(values): CsrfForm<WellbeingValues>,
) -> Response {
    let draft = WellbeingDraft {
        kind: values.kind.clone(),
        mood: values.mood.clone(),
        note: values.note.clone(),
        share_with: values.share_with.clone(),
    };
    match steward_app::workload::record_wellbeing(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(_) => Redirect::to("/wellbeing?saved=1").into_response(),
        Err(AppError::Invalid(errors)) => {
            wellbeing_page(&state, &auth, values, errors, false, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}
