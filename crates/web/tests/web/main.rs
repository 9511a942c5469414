//! HTTP tests, in process (`oneshot` on the router) against a fresh SQLite database.

mod authorisation_matrix;
mod bad_input;
mod calculator;
mod calendar_ics;
mod case_documents;
mod case_escalation;
mod case_escalation_api;
mod case_paging;
mod case_reallocation;
mod case_schedule_api;
mod case_schedule_pages;
mod case_search;
mod cases;
mod cases_api;
mod contact_form;
mod enquiries;
mod enquiry_settings;
mod facility_time;
mod helpers;
mod pages_and_sessions;
mod replies;
mod time_entries;
mod time_off;
mod workload;
mod workload_api;
