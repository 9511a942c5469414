//! Workload and wellbeing: the servers refresh each person's workload snapshot every five minutes;
//! branch secretaries and officers see who in their scope is over, near or under capacity;
//! each person keeps private check-ins and may ask for supervision or a debrief, prompted after
//! a run of emotionally heavy cases.

mod dashboard;
mod thresholds;
mod wellbeing;

pub use dashboard::{
    capacity_by_person, refresh_workload, refresh_workload_if_due, workload_dashboard, PersonLoad, WorkloadDashboard,
};
pub use thresholds::save_branch_thresholds;
pub use wellbeing::{
    my_wellbeing, needs_debrief_prompt, record_wellbeing, WellbeingDraft, WellbeingView, WELLBEING_KINDS,
};
