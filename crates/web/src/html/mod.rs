//! Server-rendered pages. Every page works without JavaScript; forms carry the session's
//! CSRF token and show errors beside the fields they concern.

pub mod assets;
pub mod audit;
pub mod calculator;
pub mod calendar_routes;
pub mod case_actions;
pub mod case_detail;
pub mod case_documents;
pub mod case_escalation;
pub mod case_letters;
pub mod case_reallocation;
pub mod case_schedule;
pub mod case_search;
pub mod case_settings;
pub mod case_time;
pub mod cases;
pub mod contact;
pub mod dashboard;
pub mod enquiries;
pub mod enquiry_record;
pub mod enquiry_settings;
pub mod enquiry_time;
pub mod facility_time;
mod form;
pub mod health;
pub mod holidays;
pub mod login;
pub mod members;
pub(crate) mod multipart_form;
pub mod organisation;
pub mod rep_profiles;
pub mod reply_templates;
pub mod routing;
pub mod time_entries;
pub mod time_off;
pub mod time_off_approval;
pub mod time_off_rules;
pub mod time_off_syllabus;
pub mod training;
pub mod users;
pub mod workload;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use steward_app::AppError;
use steward_domain::permissions::{authorize, Action, Target};

use crate::auth::Auth;
use crate::problem::status_for;

pub use form::CsrfForm;

/// What the shared layout needs: who is signed in, their CSRF token and the navigation
/// they may use.
pub struct Layout {
    pub title: String,
    pub user_name: String,
    pub role_label: String,
    pub csrf_token: String,
    pub nav: Vec<NavItem>,
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

const NAVIGATION: [(&str, &str, Action); 12] = [
    ("/", "Dashboard", Action::ViewDashboard),
    ("/enquiries", "Enquiries", Action::ViewEnquiries),
    ("/cases", "Cases", Action::ListCases),
    ("/members", "Members", Action::ListMembers),
    ("/time", "My time", Action::LogTime),
    ("/time-off", "Time off", Action::RequestTimeOff),
    ("/workload", "Workload", Action::ViewWorkload),
    ("/facility-time", "Facility time", Action::ViewFacilityReport),
    ("/calculator", "Deadlines", Action::UseCalculator),
    ("/organisation", "Organisation", Action::ViewOrganisation),
    ("/admin/users", "Users", Action::ListUsers),
    ("/admin/audit", "Audit log", Action::ViewAuditLog),
];

impl Layout {
    /// The layout for a signed-in page; navigation shows only what the role may open.
    pub fn new(auth: &Auth, title: impl Into<String>, current: &str) -> Self {
        let actor = auth.signed_in.actor;
        let nav = NAVIGATION
            .into_iter()
            .filter(|(_, _, action)| authorize(&actor, *action, Target::Any).is_allowed())
            .map(|(href, label, _)| NavItem { href, label, current: href == current })
            .collect();
        Self {
            title: title.into(),
            user_name: auth.signed_in.name.clone(),
            role_label: actor.role.label().to_owned(),
            csrf_token: auth.csrf_token().to_owned(),
            nav,
        }
    }
}

/// Renders a template as a page, or a plain 500 page if the template fails (it cannot at
/// run time for well-typed data, but the server must still answer).
pub fn render<T: Template>(template: &T) -> Response {
    render_with_status(StatusCode::OK, template)
}

pub fn render_with_status<T: Template>(status: StatusCode, template: &T) -> Response {
    match template.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be shown.").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: &'static str,
    message: String,
}

/// A use-case error shown as a page with the right status.
pub struct HtmlError(pub AppError);

impl From<AppError> for HtmlError {
    fn from(error: AppError) -> Self {
        Self(error)
    }
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        let status = status_for(&self.0);
        let (title, message) = match &self.0 {
            AppError::NotFound => {
                ("Page not found", "There is nothing here, or you do not have access to it.".to_owned())
            }
            AppError::Forbidden => {
                ("Not allowed", "Your role does not allow this. Ask an administrator if you need it.".to_owned())
            }
            AppError::Storage(detail) => {
                tracing::error!(%detail, "storage failure in page request");
                (
                    "Something went wrong",
                    "The request could not be completed and nothing was changed. Try again.".to_owned(),
                )
            }
            other => ("Something went wrong", other.to_string()),
        };
        render_with_status(status, &ErrorPage { title, message })
    }
}
