//! The iCalendar output is valid RFC 5545: checked by line rules here and parsed by a real
//! parser (Python's icalendar) when `STEWARD_TEST_ICAL_PYTHON` names a Python that has it
//! (`.ci/run` provides one, and in CI the check cannot be skipped).

use chrono::{NaiveDate, TimeZone, Utc};
use steward_app::cases::CalendarFeed;
use steward_app::facility::PublicationDue;
use steward_app::ports::{CaseDeadline, CaseId, DueItem, Meeting, UserRecord};
use steward_domain::case::meeting::MeetingType;
use steward_domain::case::reference::CaseReference;
use steward_domain::ids::{MemberId, UserId};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;

fn sample_feed() -> CalendarFeed {
    let reference = CaseReference::new(2026, 7);
    let meeting = Meeting {
        id: 11,
        case: CaseId(3),
        case_reference: reference,
        case_title: "Secret title with the member's health".into(),
        meeting_type: MeetingType::DisciplinaryHearing,
        starts_at: Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap(),
        ends_at: Utc.with_ymd_and_hms(2026, 3, 2, 11, 30, 0).unwrap(),
        place: Some("Meeting room 2, Civic Offices; second floor, by the lifts (ask at reception)".into()),
        video_link: Some("https://meet.example.org/abc-def".into()),
        member: Some((MemberId(5), "Ada Quill".into())),
        companion: Some((UserId(2), "Robin Rep".into())),
        prep_notes: Some("Private notes".into()),
        outcome: None,
        postponement_latest: NaiveDate::from_ymd_opt(2026, 3, 9),
        postponement_explanation: Some("why".into()),
        created_at: Utc::now(),
    };
    let deadline = DueItem {
        deadline: CaseDeadline {
            id: 4,
            case: CaseId(3),
            kind: "deadline".into(),
            title: "Internal appeal deadline".into(),
            due_on: NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(),
            rule: Some("appeal_window".into()),
            explanation: None,
            owner: None,
            owner_name: None,
            created_by: "cw@example.org".into(),
            done_at: None,
        },
        reference,
        case_title: "Secret title with the member's health".into(),
        recipients: Vec::new(),
    };
    CalendarFeed {
        user: UserRecord {
            id: UserId(2),
            email: "rep@example.org".into(),
            name: "Robin Rep".into(),
            role: Role::Rep,
            scope: Scope::Union,
            password_hash: String::new(),
            active: true,
            created_at: Utc::now(),
        },
        meetings: vec![meeting],
        deadlines: vec![deadline],
        publication_deadlines: vec![PublicationDue {
            period_start: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            period_end: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            deadline: NaiveDate::from_ymd_opt(2026, 7, 31).unwrap(),
            repeal_pending: true,
        }],
    }
}

#[test]
fn the_feed_follows_rfc_5545_line_rules_and_leaves_member_details_out() {
    let ics = steward_web::calendar::feed_ics(&sample_feed(), "steward.example", Utc::now());
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.trim_end().ends_with("END:VCALENDAR"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "lines are folded at 75 octets: {line:?}");
        assert!(!line.contains('\n'), "every line ends in CRLF");
    }
    let unfolded = ics.replace("\r\n ", "");
    assert_eq!(unfolded.matches("PRODID:").count(), 1);
    assert!(unfolded.contains("DTSTART:20260302T100000Z"), "{unfolded}");
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20260316"), "{unfolded}");
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20260731"), "the publication deadline is an all-day event");
    assert!(unfolded.contains("UID:facility-time-2025@steward.example"), "{unfolded}");
    for private in ["Ada Quill", "Secret title", "Private notes"] {
        assert!(!unfolded.contains(private), "{private} must not reach calendar apps");
    }
}

#[test]
fn a_real_parser_reads_the_feed() {
    let Some(python) = std::env::var("STEWARD_TEST_ICAL_PYTHON").ok().filter(|p| !p.is_empty()) else {
        assert!(std::env::var("CI").is_err(), "CI must set STEWARD_TEST_ICAL_PYTHON");
        eprintln!("STEWARD_TEST_ICAL_PYTHON is not set: the icalendar parser check skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.ics");
    std::fs::write(&file, steward_web::calendar::feed_ics(&sample_feed(), "steward.example", Utc::now())).unwrap();
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert cal['VERSION'] == '2.0' and cal['PRODID']
events = list(cal.walk('VEVENT'))
assert len(events) == 3, events
for event in events:
    for required in ('UID', 'DTSTAMP', 'DTSTART', 'SUMMARY'):
        assert required in event, (required, event)
hearing = events[0]
assert hearing['LOCATION'].startswith('Meeting room 2, Civic Offices; second floor'), hearing['LOCATION']
assert str(hearing.decoded('DTSTART')) == '2026-03-02 10:00:00+00:00', hearing.decoded('DTSTART')
assert str(events[1].decoded('DTSTART')) == '2026-03-16'
assert str(events[2].decoded('DTSTART')) == '2026-07-31', events[2].decoded('DTSTART')
assert 'facility-time' in str(events[2]['SUMMARY']).lower(), events[2]['SUMMARY']
print('ok')
"#;
    let output = std::process::Command::new(python).arg("-c").arg(script).arg(&file).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}
