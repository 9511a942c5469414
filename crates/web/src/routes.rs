//! The route table: every route with the access it needs. The router is built from this
//! table and the authorisation-matrix test walks it, so adding a route means stating its rule.

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post, put, MethodRouter};
use axum::Router;
use steward_app::AppError;
use steward_domain::permissions::{authorize, Action, Target};

use crate::auth::authenticate;
use crate::html::HtmlError;
use crate::middleware::{origin_check::origin_check, security_headers::security_headers};
use crate::problem::{ApiError, Problem};
use crate::state::AppState;
use crate::{api, html};

/// Request bodies larger than this are refused with 413 before any handler runs.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// A signed-in user whose role allows the action.
    SignedIn(Action),
}

/// One row of the route table, as tests and documentation see it.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

struct Route {
    info: RouteInfo,
    handler: MethodRouter<AppState>,
}

fn route(method: Method, path: &'static str, access: Access, handler: MethodRouter<AppState>) -> Route {
    Route { info: RouteInfo { method, path, access }, handler }
}

fn routes() -> Vec<Route> {
    use Access::{Public, SignedIn};
    use Action::*;
    vec![
        route(Method::GET, "/healthz", Public, get(html::health::healthz)),
        route(Method::GET, "/static/{file}", Public, get(html::assets::asset)),
        route(Method::GET, "/login", Public, get(html::login::login_page)),
        route(Method::POST, "/login", Public, post(html::login::login_submit)),
        route(Method::GET, "/contact", Public, get(html::contact::contact_page)),
        route(Method::POST, "/contact", Public, post(html::contact::contact_submit)),
        route(Method::POST, "/logout", SignedIn(ManageOwnAccount), post(html::login::logout)),
        route(Method::POST, "/logout/everywhere", SignedIn(ManageOwnAccount), post(html::login::logout_everywhere)),
        route(Method::GET, "/", SignedIn(ViewDashboard), get(html::dashboard::dashboard)),
        route(Method::GET, "/members", SignedIn(ListMembers), get(html::members::list)),
        route(Method::GET, "/members/new", SignedIn(CreateMember), get(html::members::new_form)),
        route(Method::POST, "/members", SignedIn(CreateMember), post(html::members::create)),
        route(Method::GET, "/members/{id}", SignedIn(ViewMember), get(html::members::detail)),
        route(Method::GET, "/members/{id}/edit", SignedIn(EditMember), get(html::members::edit_form)),
        route(Method::POST, "/members/{id}", SignedIn(EditMember), post(html::members::update)),
        route(Method::GET, "/organisation", SignedIn(ViewOrganisation), get(html::organisation::page)),
        route(
            Method::POST,
            "/organisation/regions",
            SignedIn(ManageOrganisation),
            post(html::organisation::add_region),
        ),
        route(
            Method::POST,
            "/organisation/branches",
            SignedIn(ManageOrganisation),
            post(html::organisation::add_branch),
        ),
        route(
            Method::POST,
            "/organisation/employers",
            SignedIn(ManageOrganisation),
            post(html::organisation::add_employer),
        ),
        route(
            Method::POST,
            "/organisation/workplaces",
            SignedIn(ManageOrganisation),
            post(html::organisation::add_workplace),
        ),
        route(
            Method::GET,
            "/organisation/{kind}/{id}/edit",
            SignedIn(ManageOrganisation),
            get(html::organisation::edit_unit_form),
        ),
        route(
            Method::POST,
            "/organisation/{kind}/{id}",
            SignedIn(ManageOrganisation),
            post(html::organisation::edit_unit),
        ),
        route(Method::GET, "/admin/users", SignedIn(ListUsers), get(html::users::page)),
        route(Method::POST, "/admin/users", SignedIn(ManageUsers), post(html::users::create)),
        route(Method::POST, "/admin/users/{id}/active", SignedIn(ManageUsers), post(html::users::set_active)),
        route(Method::GET, "/admin/audit", SignedIn(ViewAuditLog), get(html::audit::page)),
        route(Method::GET, "/enquiries", SignedIn(ViewEnquiries), get(html::enquiries::queue)),
        route(Method::GET, "/enquiries/phone", SignedIn(WorkOnEnquiry), get(html::enquiries::phone_form)),
        route(Method::POST, "/enquiries/phone", SignedIn(WorkOnEnquiry), post(html::enquiries::log_phone_call)),
        route(Method::GET, "/enquiries/templates", SignedIn(ViewEnquiries), get(html::reply_templates::list)),
        route(
            Method::POST,
            "/enquiries/templates",
            SignedIn(ManageEnquirySettings),
            post(html::reply_templates::create),
        ),
        route(
            Method::GET,
            "/enquiries/templates/{id}",
            SignedIn(ManageEnquirySettings),
            get(html::reply_templates::edit_form),
        ),
        route(
            Method::POST,
            "/enquiries/templates/{id}",
            SignedIn(ManageEnquirySettings),
            post(html::reply_templates::update),
        ),
        route(Method::GET, "/enquiries/settings", SignedIn(ManageEnquirySettings), get(html::enquiry_settings::page)),
        route(
            Method::POST,
            "/enquiries/settings/{id}",
            SignedIn(ManageEnquirySettings),
            post(html::enquiry_settings::save),
        ),
        route(Method::GET, "/enquiries/routing", SignedIn(ManageEnquirySettings), get(html::routing::page)),
        route(Method::POST, "/enquiries/routing", SignedIn(ManageEnquirySettings), post(html::routing::add)),
        route(Method::POST, "/enquiries/queues", SignedIn(ManageEnquirySettings), post(html::routing::add_queue)),
        route(
            Method::POST,
            "/enquiries/queues/{id}/delete",
            SignedIn(ManageEnquirySettings),
            post(html::routing::delete_queue),
        ),
        route(
            Method::POST,
            "/enquiries/routing/{id}/delete",
            SignedIn(ManageEnquirySettings),
            post(html::routing::delete),
        ),
        route(Method::GET, "/enquiries/{id}", SignedIn(ViewEnquiries), get(html::enquiries::detail)),
        route(
            Method::POST,
            "/enquiries/{id}/reply",
            SignedIn(WorkOnEnquiry),
            post(html::enquiries::reply).layer(DefaultBodyLimit::max(api::replies::REPLY_BODY_LIMIT)),
        ),
        route(Method::POST, "/enquiries/{id}/take", SignedIn(WorkOnEnquiry), post(html::enquiries::take)),
        route(Method::POST, "/enquiries/{id}/assign", SignedIn(WorkOnEnquiry), post(html::enquiries::assign)),
        route(Method::POST, "/enquiries/{id}/release", SignedIn(WorkOnEnquiry), post(html::enquiries::release)),
        route(Method::POST, "/enquiries/{id}/close", SignedIn(WorkOnEnquiry), post(html::enquiries::close)),
        route(Method::POST, "/enquiries/{id}/notes", SignedIn(WorkOnEnquiry), post(html::enquiries::add_note)),
        route(Method::POST, "/enquiries/{id}/member", SignedIn(WorkOnEnquiry), post(html::enquiry_record::link)),
        route(
            Method::GET,
            "/enquiries/{id}/attachments/{attachment}",
            SignedIn(ViewEnquiries),
            get(html::enquiry_record::download_attachment),
        ),
        route(
            Method::GET,
            "/enquiries/{id}/messages/{message}/original",
            SignedIn(ViewEnquiries),
            get(html::enquiry_record::download_original),
        ),
        // The use case also needs LogTime, which every role that works on enquiries has.
        route(Method::POST, "/enquiries/{id}/time", SignedIn(WorkOnEnquiry), post(html::enquiry_time::log)),
        // The use case also needs WorkOnEnquiry on the enquiry itself.
        route(Method::POST, "/enquiries/{id}/promote", SignedIn(OpenCase), post(html::cases::promote)),
        route(Method::GET, "/cases", SignedIn(ListCases), get(html::cases::list)),
        route(Method::GET, "/cases/new", SignedIn(OpenCase), get(html::cases::new_form)),
        route(Method::GET, "/cases/search", SignedIn(ListCases), get(html::case_search::search)),
        route(Method::POST, "/cases", SignedIn(OpenCase), post(html::cases::create)),
        route(Method::GET, "/cases/{id}", SignedIn(ViewCase), get(html::case_detail::detail)),
        route(Method::POST, "/cases/{id}/entries", SignedIn(WorkOnCase), post(html::case_actions::add_entry)),
        route(Method::POST, "/cases/{id}/stage", SignedIn(WorkOnCase), post(html::case_actions::change_stage)),
        route(Method::POST, "/cases/{id}/close", SignedIn(WorkOnCase), post(html::case_actions::close)),
        route(Method::POST, "/cases/{id}/reopen", SignedIn(WorkOnCase), post(html::case_actions::reopen)),
        route(Method::POST, "/cases/{id}/deadlines", SignedIn(WorkOnCase), post(html::case_schedule::add_deadline)),
        route(
            Method::GET,
            "/cases/{id}/deadlines/calculate",
            SignedIn(WorkOnCase),
            get(html::case_schedule::calculate_form),
        ),
        route(
            Method::POST,
            "/cases/{id}/deadlines/calculate",
            SignedIn(WorkOnCase),
            post(html::case_schedule::calculate),
        ),
        route(
            Method::POST,
            "/cases/{id}/deadlines/{deadline}/done",
            SignedIn(WorkOnCase),
            post(html::case_schedule::complete_deadline),
        ),
        route(Method::POST, "/cases/{id}/meetings", SignedIn(WorkOnCase), post(html::case_schedule::add_meeting)),
        route(
            Method::POST,
            "/cases/{id}/meetings/{meeting}/outcome",
            SignedIn(WorkOnCase),
            post(html::case_schedule::meeting_outcome),
        ),
        // Uploads are held to the configured document size by the handler, not the fixed limit.
        route(
            Method::POST,
            "/cases/{id}/documents",
            SignedIn(WorkOnCase),
            post(html::case_documents::upload).layer(DefaultBodyLimit::disable()),
        ),
        route(Method::GET, "/cases/{id}/documents/{document}", SignedIn(ViewCase), get(html::case_documents::download)),
        route(Method::GET, "/cases/{id}/letters/{kind}", SignedIn(WorkOnCase), get(html::case_letters::letter_page)),
        route(
            Method::GET,
            "/cases/{id}/letters/{kind}/docx",
            SignedIn(WorkOnCase),
            get(html::case_letters::letter_docx),
        ),
        route(
            Method::POST,
            "/cases/{id}/letters/{kind}/save",
            SignedIn(WorkOnCase),
            post(html::case_letters::save_letter),
        ),
        route(Method::POST, "/cases/{id}/team", SignedIn(ManageCaseTeam), post(html::case_actions::add_to_team)),
        route(
            Method::POST,
            "/cases/{id}/team/{user}/remove",
            SignedIn(ManageCaseTeam),
            post(html::case_actions::remove_from_team),
        ),
        route(
            Method::POST,
            "/cases/{id}/escalation",
            SignedIn(ManageCaseTeam),
            post(html::case_actions::set_escalation),
        ),
        route(Method::POST, "/cases/{id}/risk", SignedIn(WorkOnCase), post(html::case_escalation::assess_risk)),
        route(
            Method::POST,
            "/cases/{id}/referrals",
            SignedIn(ManageCaseTeam),
            post(html::case_escalation::request_referral),
        ),
        route(
            Method::POST,
            "/cases/{id}/referrals/{referral}/decision",
            SignedIn(DecideReferral),
            post(html::case_escalation::decide_referral),
        ),
        route(Method::POST, "/cases/{id}/lawyers", SignedIn(ManageCaseTeam), post(html::case_escalation::add_lawyer)),
        route(Method::GET, "/admin/users/{id}/cases", SignedIn(ManageCaseTeam), get(html::case_reallocation::show)),
        route(Method::POST, "/admin/users/{id}/cases", SignedIn(ManageCaseTeam), post(html::case_reallocation::submit)),
        route(Method::POST, "/cases/{id}/time", SignedIn(LogTime), post(html::case_time::log)),
        route(Method::GET, "/time", SignedIn(LogTime), get(html::time_entries::page)),
        route(Method::POST, "/time", SignedIn(LogTime), post(html::time_entries::log)),
        route(Method::POST, "/time/{entry}/delete", SignedIn(LogTime), post(html::time_entries::delete)),
        route(Method::GET, "/admin/users/{id}/profile", SignedIn(ManageRepProfiles), get(html::rep_profiles::page)),
        route(Method::POST, "/admin/users/{id}/profile", SignedIn(ManageRepProfiles), post(html::rep_profiles::save)),
        route(Method::GET, "/training", SignedIn(ManageOwnAccount), get(html::training::mine)),
        route(Method::GET, "/admin/users/{id}/training", SignedIn(RecordTraining), get(html::training::page)),
        route(Method::POST, "/admin/users/{id}/training", SignedIn(RecordTraining), post(html::training::record)),
        route(
            Method::POST,
            "/admin/users/{id}/training/{record}/remove",
            SignedIn(RecordTraining),
            post(html::training::remove),
        ),
        route(Method::GET, "/admin/case-settings", SignedIn(ManageCaseSettings), get(html::case_settings::page)),
        route(Method::POST, "/admin/case-settings", SignedIn(ManageCaseSettings), post(html::case_settings::save)),
        route(
            Method::POST,
            "/admin/case-settings/guidance",
            SignedIn(ManageCaseSettings),
            post(html::case_settings::add_rule),
        ),
        route(
            Method::POST,
            "/admin/case-settings/guidance/{rule}/delete",
            SignedIn(ManageCaseSettings),
            post(html::case_settings::delete_rule),
        ),
        route(Method::GET, "/workload", SignedIn(ViewWorkload), get(html::workload::dashboard)),
        route(
            Method::POST,
            "/workload/thresholds",
            SignedIn(ManageWorkloadSettings),
            post(html::workload::save_thresholds),
        ),
        route(Method::GET, "/wellbeing", SignedIn(RecordWellbeing), get(html::workload::wellbeing)),
        route(Method::POST, "/wellbeing", SignedIn(RecordWellbeing), post(html::workload::record_wellbeing)),
        route(Method::GET, "/api/v1/workload", SignedIn(ViewWorkload), get(api::workload::dashboard)),
        route(
            Method::PUT,
            "/api/v1/workload/thresholds/{branch_id}",
            SignedIn(ManageWorkloadSettings),
            put(api::workload::save_thresholds),
        ),
        route(Method::GET, "/api/v1/wellbeing", SignedIn(RecordWellbeing), get(api::workload::wellbeing)),
        route(Method::POST, "/api/v1/wellbeing", SignedIn(RecordWellbeing), post(api::workload::record_wellbeing)),
        route(Method::GET, "/calculator", SignedIn(UseCalculator), get(html::calculator::index)),
        route(Method::GET, "/calculator/{rule}", SignedIn(UseCalculator), get(html::calculator::rule_page)),
        route(Method::GET, "/admin/holidays", SignedIn(UseCalculator), get(html::holidays::page)),
        route(Method::POST, "/admin/holidays", SignedIn(ManageCalendar), post(html::holidays::add)),
        // The secret in the address is the credential: the use case checks and audits it.
        route(Method::GET, "/calendar/{file}", Public, get(html::calendar_routes::feed)),
        route(
            Method::GET,
            "/cases/{id}/meetings/{meeting}/ics",
            SignedIn(ViewCase),
            get(html::calendar_routes::meeting),
        ),
        route(Method::GET, "/account/calendar-feed", SignedIn(ListCases), get(html::calendar_routes::feed_page)),
        route(Method::POST, "/account/calendar-feed", SignedIn(ListCases), post(html::calendar_routes::create_feed)),
        route(Method::GET, "/facility-time", SignedIn(ViewFacilityReport), get(html::facility_time::page)),
        route(Method::GET, "/facility-time.csv", SignedIn(ViewFacilityReport), get(html::facility_time::csv)),
        route(
            Method::POST,
            "/facility-time/pay-bill",
            SignedIn(EnterPayBill),
            post(html::facility_time::save_pay_bill),
        ),
        route(Method::GET, "/api/v1/facility-time", SignedIn(ViewFacilityReport), get(api::facility_time::show)),
        route(Method::GET, "/time-off", SignedIn(RequestTimeOff), get(html::time_off::list)),
        route(Method::GET, "/time-off/new", SignedIn(RequestTimeOff), get(html::time_off::new_form)),
        route(Method::POST, "/time-off", SignedIn(RequestTimeOff), post(html::time_off::create)),
        route(Method::GET, "/time-off/{id}", SignedIn(RequestTimeOff), get(html::time_off::detail)),
        route(Method::POST, "/time-off/{id}", SignedIn(RequestTimeOff), post(html::time_off::update)),
        route(Method::GET, "/time-off/{id}/edit", SignedIn(RequestTimeOff), get(html::time_off::edit_form)),
        route(Method::POST, "/time-off/{id}/submit", SignedIn(RequestTimeOff), post(html::time_off::submit)),
        route(Method::POST, "/time-off/{id}/withdraw", SignedIn(RequestTimeOff), post(html::time_off::withdraw)),
        route(Method::POST, "/time-off/{id}/send", SignedIn(RequestTimeOff), post(html::time_off::send_link)),
        route(Method::GET, "/time-off/{id}/print", SignedIn(RequestTimeOff), get(html::time_off::print)),
        // The syllabus file streams in held to the documents' size limit, set at run time.
        route(
            Method::POST,
            "/time-off/{id}/syllabus",
            SignedIn(RequestTimeOff),
            post(html::time_off_syllabus::upload).layer(DefaultBodyLimit::disable()),
        ),
        route(Method::GET, "/time-off/{id}/syllabus", SignedIn(RequestTimeOff), get(html::time_off_syllabus::download)),
        route(
            Method::POST,
            "/time-off/{id}/syllabus/remove",
            SignedIn(RequestTimeOff),
            post(html::time_off_syllabus::remove),
        ),
        route(Method::GET, "/time-off/notice-rule", SignedIn(ManageTimeOffRules), get(html::time_off_rules::page)),
        route(Method::POST, "/time-off/notice-rule", SignedIn(ManageTimeOffRules), post(html::time_off_rules::save)),
        // The employer's manager has no account: the secret in the address is the credential,
        // checked by its hash and expiry (and audited) by the use case.
        route(Method::GET, "/time-off/approve/{token}", Public, get(html::time_off_approval::show)),
        route(Method::POST, "/time-off/approve/{token}", Public, post(html::time_off_approval::decide)),
        route(Method::GET, "/time-off/approve/{token}/syllabus", Public, get(html::time_off_approval::syllabus)),
        route(Method::GET, "/api/v1/openapi.json", Public, get(api::openapi_json)),
        route(Method::GET, "/api/v1/members", SignedIn(ListMembers), get(api::members::list)),
        route(Method::POST, "/api/v1/members", SignedIn(CreateMember), post(api::members::create)),
        route(Method::GET, "/api/v1/members/{id}", SignedIn(ViewMember), get(api::members::show)),
        route(Method::PUT, "/api/v1/members/{id}", SignedIn(EditMember), put(api::members::update)),
        route(Method::GET, "/api/v1/organisation", SignedIn(ViewOrganisation), get(api::organisation::show)),
        route(Method::POST, "/api/v1/regions", SignedIn(ManageOrganisation), post(api::organisation::create_region)),
        route(Method::POST, "/api/v1/branches", SignedIn(ManageOrganisation), post(api::organisation::create_branch)),
        route(
            Method::POST,
            "/api/v1/employers",
            SignedIn(ManageOrganisation),
            post(api::organisation::create_employer),
        ),
        route(
            Method::POST,
            "/api/v1/workplaces",
            SignedIn(ManageOrganisation),
            post(api::organisation::create_workplace),
        ),
        route(Method::PUT, "/api/v1/regions/{id}", SignedIn(ManageOrganisation), put(api::organisation::edit_region)),
        route(Method::PUT, "/api/v1/branches/{id}", SignedIn(ManageOrganisation), put(api::organisation::edit_branch)),
        route(
            Method::PUT,
            "/api/v1/employers/{id}",
            SignedIn(ManageOrganisation),
            put(api::organisation::edit_employer),
        ),
        route(
            Method::PUT,
            "/api/v1/workplaces/{id}",
            SignedIn(ManageOrganisation),
            put(api::organisation::edit_workplace),
        ),
        route(Method::GET, "/api/v1/users", SignedIn(ListUsers), get(api::users::list)),
        route(Method::POST, "/api/v1/users", SignedIn(ManageUsers), post(api::users::create)),
        route(Method::PUT, "/api/v1/users/{id}/active", SignedIn(ManageUsers), put(api::users::set_active)),
        route(Method::GET, "/api/v1/audit", SignedIn(ViewAuditLog), get(api::audit::list)),
        route(Method::GET, "/api/v1/calculate", SignedIn(UseCalculator), get(api::calculate::list)),
        route(Method::POST, "/api/v1/calculate/{rule}", SignedIn(UseCalculator), post(api::calculate::calculate)),
        route(Method::GET, "/api/v1/enquiries", SignedIn(ViewEnquiries), get(api::enquiries::list)),
        route(
            Method::POST,
            "/api/v1/enquiries/inbound",
            SignedIn(ReceiveMail),
            post(api::enquiries::inbound).layer(DefaultBodyLimit::max(api::enquiries::INBOUND_BODY_LIMIT)),
        ),
        route(Method::POST, "/api/v1/enquiries/phone", SignedIn(WorkOnEnquiry), post(api::enquiries::phone)),
        route(Method::GET, "/api/v1/enquiries/{id}", SignedIn(ViewEnquiries), get(api::enquiries::show)),
        route(Method::PUT, "/api/v1/enquiries/{id}/assignee", SignedIn(WorkOnEnquiry), put(api::enquiries::assignee)),
        route(Method::POST, "/api/v1/enquiries/{id}/close", SignedIn(WorkOnEnquiry), post(api::enquiries::close)),
        route(
            Method::GET,
            "/api/v1/enquiries/{id}/suggested-assignees",
            SignedIn(WorkOnEnquiry),
            get(api::enquiries::suggested_assignees),
        ),
        route(Method::POST, "/api/v1/enquiries/{id}/assign", SignedIn(WorkOnEnquiry), post(api::enquiries::assign)),
        route(Method::POST, "/api/v1/enquiries/{id}/notes", SignedIn(WorkOnEnquiry), post(api::enquiries::add_note)),
        route(
            Method::PUT,
            "/api/v1/enquiries/{id}/member",
            SignedIn(WorkOnEnquiry),
            put(api::enquiry_record::link_member),
        ),
        route(
            Method::GET,
            "/api/v1/enquiries/{id}/attachments/{attachment_id}",
            SignedIn(ViewEnquiries),
            get(api::enquiry_record::download_attachment),
        ),
        route(
            Method::GET,
            "/api/v1/enquiries/{id}/messages/{message_id}/original",
            SignedIn(ViewEnquiries),
            get(api::enquiry_record::download_original),
        ),
        route(
            Method::POST,
            "/api/v1/enquiries/{id}/replies",
            SignedIn(WorkOnEnquiry),
            post(api::replies::reply).layer(DefaultBodyLimit::max(api::replies::REPLY_BODY_LIMIT)),
        ),
        route(
            Method::GET,
            "/api/v1/enquiry-settings",
            SignedIn(ManageEnquirySettings),
            get(api::enquiry_settings::list),
        ),
        route(
            Method::PUT,
            "/api/v1/enquiry-settings/{id}",
            SignedIn(ManageEnquirySettings),
            put(api::enquiry_settings::save),
        ),
        route(Method::GET, "/api/v1/routing-rules", SignedIn(ManageEnquirySettings), get(api::routing::list)),
        route(Method::POST, "/api/v1/routing-rules", SignedIn(ManageEnquirySettings), post(api::routing::create)),
        route(Method::GET, "/api/v1/enquiry-queues", SignedIn(ViewEnquiries), get(api::routing::queues)),
        route(
            Method::POST,
            "/api/v1/enquiry-queues",
            SignedIn(ManageEnquirySettings),
            post(api::routing::create_queue),
        ),
        route(
            Method::DELETE,
            "/api/v1/enquiry-queues/{id}",
            SignedIn(ManageEnquirySettings),
            delete(api::routing::delete_queue),
        ),
        route(
            Method::DELETE,
            "/api/v1/routing-rules/{id}",
            SignedIn(ManageEnquirySettings),
            delete(api::routing::delete),
        ),
        route(Method::GET, "/api/v1/reply-templates", SignedIn(ViewEnquiries), get(api::replies::list_templates)),
        route(
            Method::POST,
            "/api/v1/reply-templates",
            SignedIn(ManageEnquirySettings),
            post(api::replies::create_template),
        ),
        route(Method::GET, "/api/v1/reply-templates/{id}", SignedIn(ViewEnquiries), get(api::replies::show_template)),
        route(
            Method::PUT,
            "/api/v1/reply-templates/{id}",
            SignedIn(ManageEnquirySettings),
            put(api::replies::update_template),
        ),
        route(Method::GET, "/api/v1/holidays", SignedIn(UseCalculator), get(api::holidays::list)),
        route(Method::POST, "/api/v1/holidays", SignedIn(ManageCalendar), post(api::holidays::create)),
        route(Method::GET, "/api/v1/cases", SignedIn(ListCases), get(api::cases::list)),
        route(Method::POST, "/api/v1/cases", SignedIn(OpenCase), post(api::cases::create)),
        route(Method::GET, "/api/v1/cases/{id}", SignedIn(ViewCase), get(api::cases::show)),
        route(Method::POST, "/api/v1/cases/{id}/entries", SignedIn(WorkOnCase), post(api::cases::add_entry)),
        route(Method::POST, "/api/v1/cases/{id}/stage-check", SignedIn(ViewCase), post(api::cases::check_stage)),
        route(Method::PUT, "/api/v1/cases/{id}/stage", SignedIn(WorkOnCase), put(api::cases::change_stage)),
        route(Method::POST, "/api/v1/cases/{id}/close", SignedIn(WorkOnCase), post(api::cases::close)),
        route(Method::POST, "/api/v1/cases/{id}/reopen", SignedIn(WorkOnCase), post(api::cases::reopen)),
        route(Method::POST, "/api/v1/cases/{id}/team", SignedIn(ManageCaseTeam), post(api::cases::add_to_team)),
        route(
            Method::DELETE,
            "/api/v1/cases/{id}/team/{user_id}",
            SignedIn(ManageCaseTeam),
            delete(api::cases::remove_from_team),
        ),
        route(Method::PUT, "/api/v1/cases/{id}/escalation", SignedIn(ManageCaseTeam), put(api::cases::escalation)),
        route(Method::GET, "/api/v1/cases/{id}/escalation", SignedIn(ViewCase), get(api::case_escalation::show)),
        route(Method::PUT, "/api/v1/cases/{id}/risk", SignedIn(WorkOnCase), put(api::case_escalation::assess_risk)),
        route(
            Method::POST,
            "/api/v1/cases/{id}/referrals",
            SignedIn(ManageCaseTeam),
            post(api::case_escalation::request_referral),
        ),
        route(
            Method::POST,
            "/api/v1/cases/{id}/referrals/{referral_id}/decision",
            SignedIn(DecideReferral),
            post(api::case_escalation::decide_referral),
        ),
        route(
            Method::POST,
            "/api/v1/cases/{id}/lawyers",
            SignedIn(ManageCaseTeam),
            post(api::case_escalation::add_lawyer),
        ),
        route(Method::POST, "/api/v1/enquiries/{id}/promote", SignedIn(OpenCase), post(api::cases::promote)),
        route(Method::GET, "/api/v1/case-settings", SignedIn(ListCases), get(api::cases::settings)),
        route(Method::PUT, "/api/v1/case-settings", SignedIn(ManageCaseSettings), put(api::cases::save_settings)),
        route(
            Method::GET,
            "/api/v1/case-settings/guidance",
            SignedIn(ManageCaseSettings),
            get(api::case_escalation::guidance_rules),
        ),
        route(
            Method::POST,
            "/api/v1/case-settings/guidance",
            SignedIn(ManageCaseSettings),
            post(api::case_escalation::add_guidance_rule),
        ),
        route(
            Method::DELETE,
            "/api/v1/case-settings/guidance/{rule_id}",
            SignedIn(ManageCaseSettings),
            delete(api::case_escalation::delete_guidance_rule),
        ),
        route(Method::GET, "/api/v1/cases/{id}/deadlines", SignedIn(ViewCase), get(api::case_schedule::deadlines)),
        route(
            Method::POST,
            "/api/v1/cases/{id}/deadlines",
            SignedIn(WorkOnCase),
            post(api::case_schedule::add_deadline),
        ),
        route(
            Method::POST,
            "/api/v1/cases/{id}/deadlines/calculated",
            SignedIn(WorkOnCase),
            post(api::case_schedule::add_calculated_deadline),
        ),
        route(
            Method::POST,
            "/api/v1/cases/{id}/deadlines/{deadline_id}/done",
            SignedIn(WorkOnCase),
            post(api::case_schedule::complete_deadline),
        ),
        route(Method::GET, "/api/v1/cases/{id}/meetings", SignedIn(ViewCase), get(api::case_schedule::meetings)),
        route(
            Method::POST,
            "/api/v1/cases/{id}/meetings",
            SignedIn(WorkOnCase),
            post(api::case_schedule::schedule_meeting),
        ),
        route(
            Method::PUT,
            "/api/v1/cases/{id}/meetings/{meeting_id}/outcome",
            SignedIn(WorkOnCase),
            put(api::case_schedule::meeting_outcome),
        ),
        route(Method::GET, "/api/v1/cases/{id}/documents", SignedIn(ViewCase), get(api::case_documents::list)),
        route(
            Method::POST,
            "/api/v1/cases/{id}/documents",
            SignedIn(WorkOnCase),
            post(api::case_documents::upload).layer(DefaultBodyLimit::disable()),
        ),
        route(
            Method::GET,
            "/api/v1/cases/{id}/documents/{document_id}",
            SignedIn(ViewCase),
            get(api::case_documents::download),
        ),
        route(Method::GET, "/api/v1/time-off", SignedIn(RequestTimeOff), get(api::time_off::list)),
        route(Method::POST, "/api/v1/time-off", SignedIn(RequestTimeOff), post(api::time_off::create)),
        route(Method::GET, "/api/v1/time-off/{id}", SignedIn(RequestTimeOff), get(api::time_off::show)),
        route(Method::PUT, "/api/v1/time-off/{id}", SignedIn(RequestTimeOff), put(api::time_off::edit)),
        route(Method::POST, "/api/v1/time-off/{id}/submit", SignedIn(RequestTimeOff), post(api::time_off::submit)),
        route(Method::POST, "/api/v1/time-off/{id}/send", SignedIn(RequestTimeOff), post(api::time_off::send_link)),
        route(Method::POST, "/api/v1/time-off/{id}/withdraw", SignedIn(RequestTimeOff), post(api::time_off::withdraw)),
        route(
            Method::PUT,
            "/api/v1/time-off/{id}/syllabus",
            SignedIn(RequestTimeOff),
            put(api::time_off_syllabus::upload).layer(DefaultBodyLimit::disable()),
        ),
        route(
            Method::GET,
            "/api/v1/time-off/{id}/syllabus",
            SignedIn(RequestTimeOff),
            get(api::time_off_syllabus::download),
        ),
        route(
            Method::DELETE,
            "/api/v1/time-off/{id}/syllabus",
            SignedIn(RequestTimeOff),
            delete(api::time_off_syllabus::remove),
        ),
        route(
            Method::PUT,
            "/api/v1/employers/{id}/pay-bills/{period_start}",
            SignedIn(EnterPayBill),
            put(api::facility_time::save_pay_bill),
        ),
        route(
            Method::GET,
            "/api/v1/employers/{id}/time-off-rule",
            SignedIn(ManageTimeOffRules),
            get(api::time_off_rule::show),
        ),
        route(
            Method::PUT,
            "/api/v1/employers/{id}/time-off-rule",
            SignedIn(ManageTimeOffRules),
            put(api::time_off_rule::save),
        ),
        route(Method::GET, "/api/v1/me/due", SignedIn(ListCases), get(api::case_schedule::my_due)),
        route(Method::GET, "/api/v1/me/training", SignedIn(ManageOwnAccount), get(api::training::mine)),
        route(Method::GET, "/api/v1/users/{id}/training", SignedIn(RecordTraining), get(api::training::list)),
        route(Method::POST, "/api/v1/users/{id}/training", SignedIn(RecordTraining), post(api::training::record)),
        route(
            Method::DELETE,
            "/api/v1/users/{id}/training/{record_id}",
            SignedIn(RecordTraining),
            delete(api::training::remove),
        ),
        route(Method::GET, "/api/v1/time", SignedIn(LogTime), get(api::time_entries::my_week)),
        route(Method::POST, "/api/v1/time", SignedIn(LogTime), post(api::time_entries::log)),
        route(Method::DELETE, "/api/v1/time/{entry_id}", SignedIn(LogTime), delete(api::time_entries::delete)),
        route(Method::POST, "/api/v1/cases/{id}/time", SignedIn(LogTime), post(api::time_entries::log_on_case)),
        route(Method::GET, "/api/v1/users/{id}/profile", SignedIn(ManageRepProfiles), get(api::time_entries::profile)),
        route(
            Method::PUT,
            "/api/v1/users/{id}/profile",
            SignedIn(ManageRepProfiles),
            put(api::time_entries::save_profile),
        ),
        route(
            Method::POST,
            "/api/v1/me/calendar-feed",
            SignedIn(ListCases),
            post(api::case_schedule::create_calendar_feed),
        ),
    ]
}

/// The route table without handlers: what the authorisation-matrix test walks.
pub fn route_table() -> Vec<RouteInfo> {
    routes().into_iter().map(|route| route.info).collect()
}

pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for Route { info, handler } in routes() {
        let guard = AccessGuard { state: state.clone(), access: info.access };
        router = router.route(info.path, handler.route_layer(from_fn_with_state(guard, require_access)));
    }
    router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn(origin_check))
        .layer(from_fn_with_state(state.clone(), security_headers))
        .with_state(state)
}

#[derive(Clone)]
struct AccessGuard {
    state: AppState,
    access: Access,
}

/// The one gate in front of every handler: authenticate, then ask `authorize`.
async fn require_access(State(guard): State<AccessGuard>, request: Request, next: Next) -> Response {
    let Access::SignedIn(action) = guard.access else {
        return next.run(request).await;
    };
    let is_api = request.uri().path().starts_with("/api/");
    let (mut parts, body) = request.into_parts();
    let auth = match authenticate(&guard.state, &parts).await {
        Ok(auth) => auth,
        Err(AppError::Unauthenticated) if !is_api => {
            return Redirect::to(&format!("/login?next={}", login_return_path(&parts.uri))).into_response();
        }
        Err(error) if is_api => return ApiError(error).into_response(),
        Err(error) => return HtmlError(error).into_response(),
    };
    if !authorize(&auth.signed_in.actor, action, Target::Any).is_allowed() {
        return if is_api {
            ApiError(AppError::Forbidden).into_response()
        } else {
            HtmlError(AppError::Forbidden).into_response()
        };
    }
    parts.extensions.insert(auth);
    next.run(Request::from_parts(parts, body)).await
}

/// Only local paths are kept for after sign-in, so the login page cannot redirect off-site.
fn login_return_path(uri: &axum::http::Uri) -> String {
    let path = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let path = crate::auth::local_path(path).unwrap_or("/");
    path.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

async fn not_found(request: Request) -> Response {
    if request.uri().path().starts_with("/api/") {
        Problem::new(StatusCode::NOT_FOUND, "not_found", "There is no such API route").into_response()
    } else {
        HtmlError(AppError::NotFound).into_response()
    }
}

async fn method_not_allowed(request: Request) -> Response {
    let problem =
        Problem::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "This route does not accept that method");
    if request.uri().path().starts_with("/api/") {
        problem.into_response()
    } else {
        (StatusCode::METHOD_NOT_ALLOWED, "This page does not accept that kind of request.").into_response()
    }
}
