//! The storage contract: every port operation, run on SQLite always and on PostgreSQL when
//! `STEWARD_TEST_POSTGRES_URL` is set. Each test gets fresh databases.

mod audit_and_sessions;
mod case_deadlines;
mod case_documents;
mod case_escalation;
mod case_meetings;
mod case_scale;
mod cases;
mod colleagues;
mod enquiries;
mod enquiry_holder;
mod enquiry_queues;
mod enquiry_record;
mod enquiry_work;
mod facility_pay;
mod holidays;
mod mail_intake;
mod members;
mod migrations;
mod organisation;
mod time_entries;
mod time_off;
mod training;
mod web_form;
mod workload;
