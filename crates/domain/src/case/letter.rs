//! Letters a rep writes from a case: which merge fields each letter needs, which meeting is
//! "the hearing", and the check that refuses a letter with a gap in it. A letter whose
//! required facts are not on the case yet is not produced: the person is told what to add
//! first. The wording itself lives in the web crate's templates.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use super::meeting::MeetingType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LetterKind {
    /// Asks the employer to move a hearing because the companion cannot come (ERA 1999
    /// s.10(4)-(5)): the new time must be within five working days of the one proposed.
    PostponeHearing,
    /// Appeals against a decision (ACAS Code paras 26-29).
    Appeal,
}

impl LetterKind {
    pub const ALL: [LetterKind; 2] = [Self::PostponeHearing, Self::Appeal];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PostponeHearing => "postpone-hearing",
            Self::Appeal => "appeal",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::PostponeHearing => "Request to postpone a hearing",
            Self::Appeal => "Appeal against a decision",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw.trim())
    }

    /// The merge fields this letter cannot do without.
    pub fn required(self) -> &'static [MergeField] {
        use MergeField::*;
        match self {
            Self::PostponeHearing => &[MemberName, CaseReference, Employer, Hearing, PostponementLatest, RepName],
            Self::Appeal => &[MemberName, CaseReference, Employer, Decision, DecisionDate, RepName],
        }
    }
}

/// A fact a letter is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeField {
    MemberName,
    CaseReference,
    Employer,
    Hearing,
    PostponementLatest,
    RepName,
    Decision,
    DecisionDate,
}

impl MergeField {
    /// The field name problems are reported under.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MemberName => "member_name",
            Self::CaseReference => "case_reference",
            Self::Employer => "employer",
            Self::Hearing => "hearing",
            Self::PostponementLatest => "postponement_latest",
            Self::RepName => "rep_name",
            Self::Decision => "decision",
            Self::DecisionDate => "decision_date",
        }
    }

    /// What to add to the case before the letter can be written.
    pub fn what_to_add(self) -> &'static str {
        match self {
            Self::MemberName => "The case has no member: open the case for a member first",
            Self::CaseReference => "The case has no reference yet",
            Self::Employer => "The member's workplace has no employer: set the workplace's employer first",
            Self::Hearing => {
                "Set the hearing first: add a meeting on the case (a disciplinary, grievance, capability, \
                 attendance review or appeal hearing) with its date and time, not yet past"
            }
            Self::PostponementLatest => {
                "The hearing has no statutory postponement window: set it as a hearing where the right to be \
                 accompanied applies"
            }
            Self::RepName => "Add a rep to the case's team first (or set the hearing's companion)",
            Self::Decision => "Say what the decision was, for example: a final written warning",
            Self::DecisionDate => "Give the date of the decision as YYYY-MM-DD",
        }
    }
}

/// The hearing a postponement letter is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingFacts {
    pub meeting_type: MeetingType,
    /// UK local time.
    pub starts: NaiveDateTime,
    pub place: Option<String>,
    pub postponement_latest: Option<NaiveDate>,
    /// Who was to go with the member.
    pub companion: Option<String>,
}

/// What the case holds for a letter; `None` is not known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterData {
    pub member_name: Option<String>,
    pub case_reference: Option<String>,
    pub employer: Option<String>,
    pub workplace: Option<String>,
    pub hearing: Option<HearingFacts>,
    /// The case team's rep, if it has one.
    pub rep_name: Option<String>,
    pub decision: Option<String>,
    pub decision_date: Option<NaiveDate>,
    /// The internal appeal deadline, when the case carries one.
    pub appeal_by: Option<NaiveDate>,
    pub today: NaiveDate,
}

/// A letter's merge fields, filled and formatted for reading ("Monday 2 March 2026").
/// Fields a letter does not use are blank.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LetterFields {
    pub member_name: String,
    pub case_reference: String,
    pub employer: String,
    pub workplace: String,
    pub rep_name: String,
    pub today: String,
    pub hearing_type: String,
    pub hearing_date: String,
    pub hearing_time: String,
    pub hearing_place: String,
    pub postponement_latest: String,
    pub decision: String,
    pub decision_date: String,
    pub appeal_by: String,
}

/// A required field the case does not have yet, with what to add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missing(pub MergeField);

/// Fills a letter, or lists every required fact that is missing (all of them at once, so the
/// person can fix them together).
pub fn merge(kind: LetterKind, data: &LetterData) -> Result<LetterFields, Vec<Missing>> {
    let known = |text: &Option<String>| text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    let companion = data.hearing.as_ref().and_then(|hearing| known(&hearing.companion));
    // In a postponement letter the rep writing is the companion who cannot come, if one is set.
    let rep_name = match kind {
        LetterKind::PostponeHearing => companion.or_else(|| known(&data.rep_name)),
        LetterKind::Appeal => known(&data.rep_name),
    };
    let present = |field: MergeField| match field {
        MergeField::MemberName => known(&data.member_name).is_some(),
        MergeField::CaseReference => known(&data.case_reference).is_some(),
        MergeField::Employer => known(&data.employer).is_some(),
        MergeField::Hearing => data.hearing.is_some(),
        // Reported only when there is a hearing: without one, "set the hearing" says it all.
        MergeField::PostponementLatest => {
            data.hearing.as_ref().is_none_or(|hearing| hearing.postponement_latest.is_some())
        }
        MergeField::RepName => rep_name.is_some(),
        MergeField::Decision => known(&data.decision).is_some(),
        MergeField::DecisionDate => data.decision_date.is_some(),
    };
    let missing: Vec<Missing> = kind.required().iter().copied().filter(|field| !present(*field)).map(Missing).collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut fields = LetterFields {
        member_name: known(&data.member_name).unwrap_or_default(),
        case_reference: known(&data.case_reference).unwrap_or_default(),
        employer: known(&data.employer).unwrap_or_default(),
        workplace: known(&data.workplace).unwrap_or_default(),
        rep_name: rep_name.unwrap_or_default(),
        today: long_date(data.today),
        ..LetterFields::default()
    };
    match kind {
        LetterKind::PostponeHearing => {
            if let Some(hearing) = &data.hearing {
                fields.hearing_type = hearing.meeting_type.label().to_lowercase();
                fields.hearing_date = long_date(hearing.starts.date());
                fields.hearing_time = hearing.starts.format("%H:%M").to_string();
                fields.hearing_place = known(&hearing.place).unwrap_or_default();
                fields.postponement_latest = hearing.postponement_latest.map(long_date).unwrap_or_default();
            }
        }
        LetterKind::Appeal => {
            fields.decision = known(&data.decision).unwrap_or_default();
            fields.decision_date = data.decision_date.map(long_date).unwrap_or_default();
            fields.appeal_by = data.appeal_by.map(long_date).unwrap_or_default();
        }
    }
    Ok(fields)
}

/// "Monday 2 March 2026".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// Which of a case's meetings a postponement letter is about: the soonest hearing with the
/// right to be accompanied that has not started yet. Meetings are (type, start).
pub fn pick_hearing(meetings: &[(MeetingType, DateTime<Utc>)], now: DateTime<Utc>) -> Option<usize> {
    meetings
        .iter()
        .enumerate()
        .filter(|(_, (kind, starts))| kind.carries_accompaniment_right() && *starts > now)
        .min_by_key(|(_, (_, starts))| *starts)
        .map(|(index, _)| index)
}

/// The decision an appeal is against, as typed: not blank, at most 300 characters.
pub fn parse_decision(raw: &str) -> Result<Option<String>, String> {
    super::timeline::parse_optional_text(raw, 300)
}

/// The date of the decision: blank is not given; otherwise YYYY-MM-DD, not after today.
pub fn parse_decision_date(raw: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match crate::member::parse_iso_date(raw) {
        Some(date) if date <= today => Ok(Some(date)),
        Some(_) => Err("The decision date cannot be in the future".into()),
        None => Err(MergeField::DecisionDate.what_to_add().into()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn case_data() -> LetterData {
        LetterData {
            member_name: Some("Hana Nearby".into()),
            case_reference: Some("CASE-2026-000001".into()),
            employer: Some("Test Borough Council".into()),
            workplace: Some("North School".into()),
            rep_name: Some("Ravi Rep".into()),
            today: day(2026, 2, 20),
            ..LetterData::default()
        }
    }

    fn hearing() -> HearingFacts {
        HearingFacts {
            meeting_type: MeetingType::DisciplinaryHearing,
            starts: day(2026, 3, 2).and_hms_opt(10, 0, 0).unwrap(),
            place: Some("Room 2".into()),
            postponement_latest: Some(day(2026, 3, 9)),
            companion: None,
        }
    }

    #[test]
    fn a_postponement_letter_needs_the_hearing() {
        let missing = merge(LetterKind::PostponeHearing, &case_data()).unwrap_err();
        assert_eq!(missing, vec![Missing(MergeField::Hearing)], "only the hearing, not its window as well");
        let data = LetterData { hearing: Some(hearing()), ..case_data() };
        let fields = merge(LetterKind::PostponeHearing, &data).unwrap();
        assert_eq!(fields.hearing_date, "Monday 2 March 2026");
        assert_eq!(fields.hearing_time, "10:00");
        assert_eq!(fields.hearing_type, "disciplinary hearing");
        assert_eq!(fields.postponement_latest, "Monday 9 March 2026");
        assert_eq!(fields.today, "Friday 20 February 2026");
        assert_eq!(fields.rep_name, "Ravi Rep");
        assert!(fields.decision.is_empty());
    }

    #[test]
    fn the_companion_signs_a_postponement_and_a_rep_is_needed_otherwise() {
        let with_companion = HearingFacts { companion: Some("Cara Caseworker".into()), ..hearing() };
        let data = LetterData { hearing: Some(with_companion), rep_name: None, ..case_data() };
        assert_eq!(merge(LetterKind::PostponeHearing, &data).unwrap().rep_name, "Cara Caseworker");
        let data = LetterData { hearing: Some(hearing()), rep_name: Some("  ".into()), ..case_data() };
        assert_eq!(merge(LetterKind::PostponeHearing, &data).unwrap_err(), vec![Missing(MergeField::RepName)]);
        let no_window = HearingFacts { postponement_latest: None, ..hearing() };
        let data = LetterData { hearing: Some(no_window), ..case_data() };
        assert_eq!(
            merge(LetterKind::PostponeHearing, &data).unwrap_err(),
            vec![Missing(MergeField::PostponementLatest)]
        );
    }

    #[test]
    fn an_appeal_needs_the_decision_and_its_date() {
        let missing = merge(LetterKind::Appeal, &case_data()).unwrap_err();
        assert_eq!(missing, vec![Missing(MergeField::Decision), Missing(MergeField::DecisionDate)]);
        let data = LetterData {
            decision: Some("a final written warning".into()),
            decision_date: Some(day(2026, 2, 18)),
            appeal_by: Some(day(2026, 2, 25)),
            ..case_data()
        };
        let fields = merge(LetterKind::Appeal, &data).unwrap();
        assert_eq!(fields.decision, "a final written warning");
        assert_eq!(fields.decision_date, "Wednesday 18 February 2026");
        assert_eq!(fields.appeal_by, "Wednesday 25 February 2026");
        assert!(fields.hearing_date.is_empty());
        let no_employer = LetterData { employer: None, ..data };
        assert_eq!(merge(LetterKind::Appeal, &no_employer).unwrap_err(), vec![Missing(MergeField::Employer)]);
    }

    #[test]
    fn the_hearing_is_the_soonest_one_to_come_with_the_right_to_be_accompanied() {
        let at = |d: u32| Utc.with_ymd_and_hms(2026, 3, d, 10, 0, 0).unwrap();
        let meetings = [
            (MeetingType::DisciplinaryHearing, at(1)),
            (MeetingType::Investigation, at(3)),
            (MeetingType::AppealHearing, at(20)),
            (MeetingType::GrievanceMeeting, at(10)),
        ];
        assert_eq!(pick_hearing(&meetings, at(2)), Some(3));
        assert_eq!(pick_hearing(&meetings, at(25)), None);
        assert_eq!(pick_hearing(&meetings[1..2], at(1)), None, "an investigation is not a hearing");
    }

    #[test]
    fn letter_kinds_and_decision_inputs_are_parsed() {
        for kind in LetterKind::ALL {
            assert_eq!(LetterKind::parse(kind.as_str()), Some(kind));
            assert!(kind.required().contains(&MergeField::MemberName));
        }
        assert_eq!(LetterKind::parse("resignation"), None);
        let today = day(2026, 2, 20);
        assert_eq!(parse_decision_date("", today), Ok(None));
        assert_eq!(parse_decision_date("2026-02-18", today), Ok(Some(day(2026, 2, 18))));
        assert!(parse_decision_date("2026-02-21", today).is_err());
        assert!(parse_decision_date("18/02/2026", today).is_err());
        assert_eq!(parse_decision("  "), Ok(None));
        assert!(parse_decision(&"x".repeat(301)).is_err());
    }
}
