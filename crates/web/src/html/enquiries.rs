//! The enquiry queue (soonest due first, with filters) and one enquiry's thread with the
//! reply, note, take and close forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use steward_app::enquiries::{AssigneeSuggestion, ReplyDraft};
use steward_app::ports::{EnquiryDetail, EnquiryId, EnquiryQuery, EnquirySummary, QueueFilter, ReplyTemplate};
use steward_app::AppError;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{authorize, Action, Target};

use super::multipart_form::CsrfMultipart;
use super::{render, render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

/// The queue filters, as they appear in links.
const FILTERS: [(&str, &str); 5] = [
    ("open", "All open"),
    ("mine", "Mine"),
    ("unassigned", "Unassigned"),
    ("due-soon", "Due within 2 hours"),
    ("overdue", "Overdue"),
];

pub struct QueueRow {
    pub summary: EnquirySummary,
    pub due_label: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "enquiries/queue.html")]
struct QueuePage {
    layout: Layout,
    filters: Vec<(&'static str, &'static str, bool)>,
    /// The named queues as filters: the link's value, the queue's name, whether it is shown.
    queue_filters: Vec<(String, String, bool)>,
    rows: Vec<QueueRow>,
    can_manage_settings: bool,
    /// The current filter and the neighbouring pages, for the paging links.
    filter: String,
    previous: Option<u32>,
    next: Option<u32>,
}

/// Enquiries per queue page: enough for a morning's work, small enough for a phone.
const QUEUE_PAGE: u32 = 50;

#[derive(Deserialize, Default)]
pub struct QueueParams {
    #[serde(default)]
    filter: String,
    #[serde(default)]
    page: Option<String>,
}

/// A queue filter by name; `None` for a name that is not one.
pub fn queue_filter(name: &str, auth: &Auth, now: DateTime<Utc>) -> Option<QueueFilter> {
    Some(match name {
        "" | "open" => QueueFilter::AllOpen,
        "mine" => QueueFilter::Mine(auth.signed_in.actor.user_id),
        "unassigned" => QueueFilter::Unassigned,
        "due-soon" => QueueFilter::DueBefore(now + Duration::hours(2)),
        "overdue" => QueueFilter::DueBefore(now),
        // A named queue: "queue-12".
        other => {
            let id = other.strip_prefix("queue-")?.parse::<i64>().ok().filter(|id| *id > 0)?;
            QueueFilter::InQueue(id)
        }
    })
}

pub async fn queue(State(state): State<AppState>, auth: Auth, Query(params): Query<QueueParams>) -> Response {
    let ctx = auth.context();
    let Some(filter) = queue_filter(&params.filter, &auth, ctx.now) else {
        return HtmlError(AppError::field("filter", "Choose one of the queue's filters")).into_response();
    };
    let page = match params.page.as_deref().map(str::parse::<u32>) {
        None => 1,
        Some(Ok(page)) if (1..=10_000).contains(&page) => page,
        Some(_) => return HtmlError(AppError::field("page", "Choose a page number from the links")).into_response(),
    };
    // One more than a page, to know whether there is a next one.
    let offset = (page - 1) * QUEUE_PAGE;
    let query = EnquiryQuery { scope: ctx.actor.scope, filter, limit: QUEUE_PAGE + 1, offset };
    let mut summaries = match steward_app::enquiries::enquiry_queue(state.store.as_ref(), &ctx, query).await {
        Ok(summaries) => summaries,
        Err(error) => return HtmlError(error).into_response(),
    };
    let has_next = summaries.len() > QUEUE_PAGE as usize;
    summaries.truncate(QUEUE_PAGE as usize);
    let rows = summaries
        .into_iter()
        .map(|summary| {
            let due = summary.due();
            QueueRow {
                due_label: due
                    .map_or_else(|| "answered".into(), |at| to_uk_local(at).format("%a %-d %b %H:%M").to_string()),
                overdue: due.is_some_and(|at| at < ctx.now),
                summary,
            }
        })
        .collect();
    let current = if params.filter.is_empty() { "open" } else { params.filter.as_str() };
    let filters = FILTERS.into_iter().map(|(value, label)| (value, label, value == current)).collect();
    let queue_filters = match steward_app::enquiries::enquiry_queues(state.store.as_ref(), &ctx).await {
        Ok(queues) => queues
            .into_iter()
            .map(|q| {
                let value = format!("queue-{}", q.id);
                let shown = value == current;
                (value, q.name, shown)
            })
            .collect(),
        Err(error) => return HtmlError(error).into_response(),
    };
    let can_manage_settings = authorize(&ctx.actor, Action::ManageEnquirySettings, Target::Any).is_allowed();
    let filter = current.to_owned();
    let (previous, next) = (page.checked_sub(1).filter(|p| *p >= 1), has_next.then_some(page + 1));
    render(&QueuePage {
        layout: Layout::new(&auth, "Enquiries", "/enquiries"),
        filters,
        queue_filters,
        rows,
        can_manage_settings,
        filter,
        previous,
        next,
    })
}

#[derive(Template)]
#[template(path = "enquiries/detail.html")]
struct DetailPage {
    layout: Layout,
    detail: EnquiryDetail,
    outcomes: &'static [(&'static str, &'static str)],
    mine: bool,
    due_label: String,
    can_work: bool,
    note: String,
    reply: String,
    chosen_template: Option<i64>,
    templates: Vec<ReplyTemplate>,
    /// Colleagues who could answer, best first (trained, with capacity, least loaded).
    suggestions: Vec<AssigneeSuggestion>,
    /// What the member's words seem to be about, as the suggestions read them.
    called_for: String,
    /// The form that turns the enquiry into a case, when the viewer may do that here.
    promote: Option<super::cases::PromoteSection>,
    /// The "Log time" form, when the viewer may log time on this enquiry.
    time: Option<super::enquiry_time::EnquiryTimeSection>,
    /// "Link to a member" (or change the link), when the viewer may work on it here.
    link: Option<super::enquiry_record::LinkSection>,
    notice: Option<&'static str>,
    errors: FieldErrors,
}

impl DetailPage {
    fn is_chosen(&self, template: &i64) -> bool {
        self.chosen_template == Some(*template)
    }

    fn local(&self, at: &DateTime<Utc>) -> String {
        to_uk_local(*at).format("%-d %b %Y %H:%M").to_string()
    }

    fn size(&self, bytes: &u64) -> String {
        steward_domain::case::document::size_label(*bytes)
    }
}

pub(super) fn parse_enquiry_id(raw: &str) -> Option<EnquiryId> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).map(EnquiryId)
}

#[derive(Deserialize)]
pub struct DetailQuery {
    /// A reply template to start the reply from.
    template: Option<String>,
    /// What was just done, for the notice after a redirect ("time", "linked").
    done: Option<String>,
    /// A search for the member to link the enquiry to.
    member_q: Option<String>,
}

pub async fn detail(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(query): Query<DetailQuery>,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let Some(template) = query.template.filter(|t| !t.is_empty()) else {
        let notice = match query.done.as_deref() {
            Some("time") => Some("Time logged against this enquiry."),
            Some("linked") => Some("The enquiry is linked to the member."),
            _ => None,
        };
        let drafts = Drafts { notice, member_q: query.member_q, ..Drafts::default() };
        return show(&state, &auth, id, drafts, FieldErrors::new(), StatusCode::OK).await;
    };
    let Ok(template) = template.parse::<i64>() else {
        let errors = one_error("template", "Choose a template from the list");
        return show(&state, &auth, id, Drafts::default(), errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let ctx = auth.context();
    match steward_app::enquiries::draft_from_template(state.store.as_ref(), &ctx, id, template).await {
        Ok(reply) => {
            let drafts = Drafts { reply, template: Some(template), ..Drafts::default() };
            show(&state, &auth, id, drafts, FieldErrors::new(), StatusCode::OK).await
        }
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, id, Drafts::default(), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

fn one_error(field: &str, message: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.add(field, message);
    errors
}

/// Text typed into the page's forms, kept when the page is shown again with errors.
#[derive(Default)]
pub(super) struct Drafts {
    pub note: String,
    pub reply: String,
    pub template: Option<i64>,
    pub promote: Option<super::cases::PromoteValues>,
    /// The "Log time" form as typed and its own problems (`enquiry_time.rs`).
    pub time: super::time_entries::TimeValues,
    pub time_errors: FieldErrors,
    /// The notice after a redirect.
    pub notice: Option<&'static str>,
    /// The member search of "Link to a member", as typed.
    pub member_q: Option<String>,
}

pub(super) async fn show(
    state: &AppState,
    auth: &Auth,
    id: EnquiryId,
    drafts: Drafts,
    mut errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let detail = match steward_app::enquiries::view_enquiry(state.store.as_ref(), &ctx, id).await {
        Ok(detail) => detail,
        Err(error) => return HtmlError(error).into_response(),
    };
    let templates = match steward_app::enquiries::reply_templates(state.store.as_ref(), &ctx).await {
        Ok(templates) => templates,
        Err(error) => return HtmlError(error).into_response(),
    };
    let can_work_here =
        authorize(&ctx.actor, Action::WorkOnEnquiry, steward_app::enquiries::target_of(&detail.summary)).is_allowed();
    let (suggestions, called_for) = if can_work_here && detail.summary.status != "closed" {
        match steward_app::enquiries::assignment_suggestions(state.store.as_ref(), &ctx, id).await {
            Ok(found) => {
                let areas: Vec<&str> = found.called_for.iter().map(|competence| competence.label()).collect();
                (found.people, areas.join("; "))
            }
            Err(error) => return HtmlError(error).into_response(),
        }
    } else {
        (Vec::new(), String::new())
    };
    let due_label = detail
        .summary
        .due()
        .map_or_else(|| "nothing owed".into(), |at| to_uk_local(at).format("%A %-d %B at %H:%M").to_string());
    let can_work = authorize(&ctx.actor, Action::WorkOnEnquiry, Target::Any).is_allowed();
    let title = format!("{} {}", detail.summary.reference, detail.summary.subject);
    let mine = detail.summary.assigned_to == Some(ctx.actor.user_id);
    let outcomes = &steward_app::enquiries::OUTCOMES;
    let may_promote = can_work_here
        && authorize(&ctx.actor, Action::OpenCase, Target::Any).is_allowed()
        && detail.summary.member.is_some()
        && detail.summary.status != "closed";
    let promote = may_promote.then(|| super::cases::promote_section(&ctx.actor, drafts.promote));
    let time = super::enquiry_time::section(&ctx, &detail, drafts.time, drafts.time_errors);
    let link = match super::enquiry_record::section(state, &ctx, &detail, drafts.member_q, &mut errors).await {
        Ok(link) => link,
        Err(error) => return HtmlError(error).into_response(),
    };
    let page = DetailPage {
        layout: Layout::new(auth, title, "/enquiries"),
        detail,
        outcomes,
        mine,
        due_label,
        can_work,
        note: drafts.note,
        reply: drafts.reply,
        chosen_template: drafts.template,
        templates,
        suggestions,
        called_for,
        promote,
        time,
        link,
        notice: drafts.notice,
        errors,
    };
    render_with_status(status, &page)
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::enquiries::add_note(state.store.as_ref(), &auth.context(), id, &form.note).await {
        Ok(()) => Redirect::to(&format!("/enquiries/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            show(
                &state,
                &auth,
                id,
                Drafts { note: form.note, ..Drafts::default() },
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

/// The reply form: text and files, sent as multipart so attachments can come along.
pub async fn reply(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfMultipart(form): CsrfMultipart,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let draft = ReplyDraft { body: form.text("body"), attachments: form.files };
    let ctx = auth.context();
    let own_address = state.config.mail_address.clone();
    match steward_app::enquiries::reply_to_enquiry(state.store.as_ref(), &ctx, id, &draft, &own_address).await {
        Ok(()) => Redirect::to(&format!("/enquiries/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let drafts = Drafts { reply: draft.body, ..Drafts::default() };
            show(&state, &auth, id, drafts, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    assign_to: String,
}

pub async fn assign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<AssignForm>,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let Some(user) = form.assign_to.trim().parse::<i64>().ok().map(steward_domain::ids::UserId) else {
        let errors = one_error("assign_to", "Choose a colleague who can answer this enquiry");
        return show(&state, &auth, id, Drafts::default(), errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match steward_app::enquiries::assign_enquiry_to(state.store.as_ref(), &auth.context(), id, user).await {
        Ok(()) => Redirect::to(&format!("/enquiries/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, id, Drafts::default(), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

#[derive(Deserialize)]
pub struct TakeForm {
    #[serde(default)]
    take_over: Option<String>,
}

pub async fn take(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<TakeForm>,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let take_over = form.take_over.as_deref() == Some("yes");
    match steward_app::enquiries::take_enquiry(state.store.as_ref(), &auth.context(), id, take_over).await {
        Ok(()) => Redirect::to(&format!("/enquiries/{id}")).into_response(),
        Err(AppError::Conflict { message, .. }) => {
            let mut errors = FieldErrors::new();
            errors.add("assigned_to", message);
            show(&state, &auth, id, Drafts::default(), errors, StatusCode::CONFLICT).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

#[derive(Deserialize)]
pub struct EmptyForm {}

pub async fn release(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::enquiries::release_enquiry(state.store.as_ref(), &auth.context(), id).await {
        Ok(()) => Redirect::to(&format!("/enquiries/{id}")).into_response(),
        Err(other) => HtmlError(other).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    outcome: String,
}

pub async fn close(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::enquiries::close_enquiry(state.store.as_ref(), &auth.context(), id, &form.outcome).await {
        Ok(()) => Redirect::to(&format!("/enquiries/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, id, Drafts::default(), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

#[derive(Template)]
#[template(path = "enquiries/phone.html")]
struct PhonePage {
    layout: Layout,
    values: PhoneForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct PhoneForm {
    #[serde(default)]
    membership_number: String,
    #[serde(default)]
    caller_name: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    notes: String,
}

pub async fn phone_form(auth: Auth) -> Response {
    render(&PhonePage {
        layout: Layout::new(&auth, "Log a phone call", "/enquiries"),
        values: PhoneForm::default(),
        errors: FieldErrors::new(),
    })
}

pub async fn log_phone_call(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(form): CsrfForm<PhoneForm>,
) -> Response {
    let draft = steward_app::enquiries::PhoneCallDraft {
        membership_number: form.membership_number.clone(),
        caller_name: form.caller_name.clone(),
        subject: form.subject.clone(),
        notes: form.notes.clone(),
    };
    let settings = steward_app::enquiries::IntakeSettings::standard(&state.config.mail_address);
    match steward_app::enquiries::log_phone_call(state.store.as_ref(), &auth.context(), &draft, &settings).await {
        Ok(id) => Redirect::to(&format!("/enquiries/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let page =
                PhonePage { layout: Layout::new(&auth, "Error: Log a phone call", "/enquiries"), values: form, errors };
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => HtmlError(other).into_response(),
    }
}
