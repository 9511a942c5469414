//! Training records the store returns and accepts: a course someone completed, the competence
//! it gives them and when a refresher is due.

use chrono::{DateTime, NaiveDate, Utc};
use steward_domain::ids::UserId;
use steward_domain::training::{Accreditation, Competence};

/// A course to record, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTrainingRecord {
    pub user: UserId,
    pub competence: Competence,
    pub course: String,
    pub completed_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingRecord {
    pub id: i64,
    pub user: UserId,
    pub competence: Competence,
    pub course: String,
    pub completed_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    /// Who recorded it, by name, when that account still exists.
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl TrainingRecord {
    pub fn accreditation(&self) -> Accreditation {
        Accreditation { competence: self.competence, completed_on: self.completed_on, expires_on: self.expires_on }
    }
}
