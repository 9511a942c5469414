//! One module per named rule. Each has typed inputs, a typed core function, and a
//! `calculate` function returning a `Calculation`; its `SPEC` feeds the string-input registry.

pub mod acas_code_workflow;
pub mod acas_uplift;
pub mod accompaniment_postponement;
pub mod accompaniment_right;
pub mod appeal_window;
pub mod case_retention;
pub mod collective_redundancy;
pub mod dp_complaint_acknowledgement;
pub mod et_deadline_with_ec;
pub mod et_primary_limit;
pub mod facility_time_publication;
pub mod fit_note;
pub mod flexible_working_decision;
pub mod statutory_sick_pay;
pub mod subject_access_response;
pub mod unfair_dismissal_qualifying;
