//! Meetings on a case: what kind, when and where, who goes with the member, and the checks a
//! rep needs when one is set: the statutory postponement window for a hearing where the right
//! to be accompanied applies, and a clash with the companion's other meetings.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Utc};
use serde::Serialize;

use crate::enquiry::uk_time::from_uk_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingType {
    Investigation,
    DisciplinaryHearing,
    GrievanceMeeting,
    CapabilityMeeting,
    AbsenceReview,
    AppealHearing,
    Consultation,
    TribunalHearing,
    Preparation,
    Other,
}

impl MeetingType {
    pub const ALL: [MeetingType; 10] = [
        Self::Investigation,
        Self::DisciplinaryHearing,
        Self::GrievanceMeeting,
        Self::CapabilityMeeting,
        Self::AbsenceReview,
        Self::AppealHearing,
        Self::Consultation,
        Self::TribunalHearing,
        Self::Preparation,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Investigation => "investigation",
            Self::DisciplinaryHearing => "disciplinary_hearing",
            Self::GrievanceMeeting => "grievance_meeting",
            Self::CapabilityMeeting => "capability_meeting",
            Self::AbsenceReview => "absence_review",
            Self::AppealHearing => "appeal_hearing",
            Self::Consultation => "consultation",
            Self::TribunalHearing => "tribunal_hearing",
            Self::Preparation => "preparation",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Investigation => "Investigation meeting",
            Self::DisciplinaryHearing => "Disciplinary hearing",
            Self::GrievanceMeeting => "Grievance meeting",
            Self::CapabilityMeeting => "Formal capability meeting",
            Self::AbsenceReview => "Attendance review meeting",
            Self::AppealHearing => "Appeal hearing",
            Self::Consultation => "Consultation meeting",
            Self::TribunalHearing => "Tribunal hearing",
            Self::Preparation => "Preparation with the member",
            Self::Other => "Other meeting",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw.trim()).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|kind| kind.as_str()).collect();
            format!("Choose the kind of meeting: {}", names.join(", "))
        })
    }

    /// Hearings where the statutory right to be accompanied applies (ERA 1999 s.10, rules.md
    /// rule 2: disciplinary, formal capability and grievance hearings, and their appeals), so
    /// the worker may propose another date within five working days if the companion cannot come.
    /// A formal attendance review that can end in a warning is a disciplinary hearing in the
    /// sense of s.13(4), so it is included.
    pub fn carries_accompaniment_right(self) -> bool {
        matches!(
            self,
            Self::DisciplinaryHearing
                | Self::GrievanceMeeting
                | Self::CapabilityMeeting
                | Self::AbsenceReview
                | Self::AppealHearing
        )
    }
}

/// Shortest and longest meeting Steward records, in minutes.
pub const MIN_MINUTES: u32 = 5;
pub const MAX_MINUTES: u32 = 12 * 60;

/// A meeting's start, read from a form's `YYYY-MM-DDTHH:MM` in UK time, from the year 2000
/// (past meetings are recorded after the event) to five years ahead.
pub fn parse_start_near(raw: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let start = parse_start(raw)?;
    if start.year() < 2000 || start > now + Duration::days(5 * 366) {
        return Err("Check the date: a meeting is set from the year 2000 to five years ahead".into());
    }
    Ok(start)
}

/// A meeting's start, read from a form's `YYYY-MM-DDTHH:MM` in UK time.
pub fn parse_start(raw: &str) -> Result<DateTime<Utc>, String> {
    let raw = raw.trim();
    let local = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M"))
        .map_err(|_| "Give the date and time as YYYY-MM-DDTHH:MM (UK time)".to_string())?;
    Ok(from_uk_local(local))
}

pub fn parse_duration(raw: &str) -> Result<Duration, String> {
    match raw.trim().parse::<u32>() {
        Ok(minutes) if (MIN_MINUTES..=MAX_MINUTES).contains(&minutes) => Ok(Duration::minutes(i64::from(minutes))),
        _ => Err(format!("Give the length in minutes, from {MIN_MINUTES} to {MAX_MINUTES}")),
    }
}

/// A video link, if given: an https:// address without spaces.
pub fn parse_video_link(raw: &str) -> Result<Option<String>, String> {
    let link = raw.trim();
    if link.is_empty() {
        return Ok(None);
    }
    let ok = link.len() <= 500
        && link.strip_prefix("https://").is_some_and(|rest| !rest.is_empty())
        && !link.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if ok {
        Ok(Some(link.to_owned()))
    } else {
        Err("Give the video link as an https:// address".into())
    }
}

/// Whether two meetings overlap in time (touching end to start is not a clash).
pub fn overlaps(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn starts_are_read_in_uk_time() {
        // 10:00 in July is 09:00 UTC (BST); in January it is 10:00 UTC.
        assert_eq!(parse_start("2026-07-01T10:00"), Ok(Utc.with_ymd_and_hms(2026, 7, 1, 9, 0, 0).unwrap()));
        assert_eq!(parse_start("2026-01-05T10:00"), Ok(Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap()));
        for bad in ["", "tomorrow", "2026-13-01T10:00", "2026-01-05"] {
            assert!(parse_start(bad).is_err(), "{bad}");
        }
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 0, 0, 0).unwrap();
        assert!(parse_start_near("2027-01-05T10:00", now).is_ok());
        assert!(parse_start_near("2026-03-02T10:00", now).is_ok(), "a past meeting may be recorded");
        for far in ["9999-12-31T23:30", "1999-12-31T10:00", "+10000-01-01T10:00"] {
            assert!(parse_start_near(far, now).is_err(), "{far}");
        }
    }

    #[test]
    fn lengths_links_and_clashes_are_checked() {
        assert_eq!(parse_duration("60"), Ok(Duration::minutes(60)));
        assert!(parse_duration("0").is_err() && parse_duration("721").is_err() && parse_duration("1h").is_err());
        assert_eq!(parse_video_link(""), Ok(None));
        assert!(parse_video_link("https://meet.example.org/abc").unwrap().is_some());
        for bad in ["http://meet.example.org", "javascript:alert(1)", "https://", "https://a b"] {
            assert!(parse_video_link(bad).is_err(), "{bad}");
        }
        let at = |h: u32| Utc.with_ymd_and_hms(2026, 3, 2, h, 0, 0).unwrap();
        assert!(overlaps((at(10), at(12)), (at(11), at(13))));
        assert!(!overlaps((at(10), at(11)), (at(11), at(12))), "back to back is fine");
    }

    #[test]
    fn only_hearings_with_the_statutory_right_carry_the_postponement_window() {
        assert!(MeetingType::DisciplinaryHearing.carries_accompaniment_right());
        assert!(MeetingType::AppealHearing.carries_accompaniment_right());
        assert!(!MeetingType::Investigation.carries_accompaniment_right());
        for kind in MeetingType::ALL {
            assert_eq!(MeetingType::parse(kind.as_str()), Ok(kind));
        }
    }
}
