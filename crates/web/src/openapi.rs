//! The OpenAPI 3.1 document of the JSON API, generated from the handlers' annotations so it
//! cannot drift from what the server does (a test compares it with the route table).

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api;

#[derive(OpenApi)]
#[openapi(
    info(title = "Steward API", version = "1", description = "Casework and representation for trade unions. \
        Authenticate with a personal token from `steward token create` as `Authorization: Bearer TOKEN`. \
        Errors are RFC 9457 problem+json with a stable `code`."),
    paths(
        api::members::list, api::members::create, api::members::show, api::members::update,
        api::organisation::show, api::organisation::create_region, api::organisation::create_branch,
        api::organisation::create_employer, api::organisation::create_workplace,
        api::organisation::edit_region, api::organisation::edit_branch,
        api::organisation::edit_employer, api::organisation::edit_workplace,
        api::users::list, api::users::create, api::users::set_active,
        api::audit::list,
        api::calculate::list, api::calculate::calculate,
        api::holidays::list, api::holidays::create,
        api::enquiries::list, api::enquiries::show, api::enquiries::add_note, api::enquiries::inbound,
        api::enquiries::assignee, api::enquiries::close, api::enquiries::phone,
        api::replies::reply, api::replies::list_templates, api::replies::show_template,
        api::replies::create_template, api::replies::update_template,
        api::enquiry_settings::list, api::enquiry_settings::save,
        api::enquiries::suggested_assignees, api::enquiries::assign,
        api::enquiry_record::link_member, api::enquiry_record::download_attachment,
        api::enquiry_record::download_original,
        api::routing::list, api::routing::create, api::routing::delete, api::routing::queues,
        api::routing::create_queue, api::routing::delete_queue,
        api::cases::list, api::cases::create, api::cases::show, api::cases::add_entry,
        api::cases::check_stage, api::cases::change_stage, api::cases::close, api::cases::reopen,
        api::cases::add_to_team, api::cases::remove_from_team, api::cases::escalation,
        api::cases::promote, api::cases::settings, api::cases::save_settings,
        api::case_escalation::show, api::case_escalation::assess_risk, api::case_escalation::request_referral,
        api::case_escalation::decide_referral, api::case_escalation::add_lawyer,
        api::case_escalation::guidance_rules, api::case_escalation::add_guidance_rule,
        api::case_escalation::delete_guidance_rule,
        api::case_schedule::deadlines, api::case_schedule::add_deadline, api::case_schedule::add_calculated_deadline,
        api::case_schedule::complete_deadline, api::case_schedule::meetings, api::case_schedule::schedule_meeting,
        api::case_schedule::meeting_outcome, api::case_schedule::my_due, api::case_schedule::create_calendar_feed,
        api::case_documents::list, api::case_documents::upload, api::case_documents::download,
        api::time_off::list, api::time_off::create, api::time_off::show, api::time_off::edit, api::time_off::submit,
        api::time_off::send_link, api::time_off::withdraw, api::time_off_rule::show, api::time_off_rule::save,
        api::time_off_syllabus::upload, api::time_off_syllabus::download, api::time_off_syllabus::remove,
        api::facility_time::show, api::facility_time::save_pay_bill,
        api::time_entries::my_week, api::time_entries::log, api::time_entries::delete,
        api::time_entries::log_on_case, api::time_entries::profile, api::time_entries::save_profile,
        api::workload::dashboard, api::workload::save_thresholds, api::workload::wellbeing,
        api::workload::record_wellbeing,
        api::training::mine, api::training::list, api::training::record, api::training::remove,
    ),
    // Types named only by query parameters are not collected from the paths: list them so
    // the parameters' references resolve.
    components(schemas(api::schema_types::CaseStatusFilterName, api::enquiries::QueueFilterName)),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
