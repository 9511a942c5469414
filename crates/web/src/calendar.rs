//! iCalendar (RFC 5545) for meetings and deadlines: a person's private feed and a download
//! per meeting. Calendar apps copy what they fetch to other companies' servers, so events
//! carry the case reference, the kind of meeting, the time and the place, and never the
//! member's name, the case title or prep notes (data minimisation, UK GDPR Art. 5(1)(c)).

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use steward_app::cases::CalendarFeed;
use steward_app::facility::PublicationDue;
use steward_app::ports::{DueItem, Meeting};

/// The product identifier calendar apps show.
const PRODUCT: &str = "-//Steward//Casework//EN";

pub fn feed_ics(feed: &CalendarFeed, host: &str, now: DateTime<Utc>) -> String {
    let mut calendar = new_calendar();
    calendar.name(&format!("Steward: {}", feed.user.name));
    for meeting in &feed.meetings {
        calendar.push(meeting_event(meeting, host, now));
    }
    for item in &feed.deadlines {
        calendar.push(deadline_event(item, host, now));
    }
    for due in &feed.publication_deadlines {
        calendar.push(publication_event(due, host, now));
    }
    finish(calendar)
}

pub fn meeting_ics(meeting: &Meeting, host: &str, now: DateTime<Utc>) -> String {
    let mut calendar = new_calendar();
    calendar.push(meeting_event(meeting, host, now));
    finish(calendar)
}

/// A calendar with our own product identifier (the crate's default names itself).
fn new_calendar() -> Calendar {
    let mut calendar = Calendar::empty();
    for (name, value) in [("VERSION", "2.0"), ("PRODID", PRODUCT), ("CALSCALE", "GREGORIAN")] {
        calendar.append_property(icalendar::Property::new(name, value));
    }
    calendar
}

fn finish(mut calendar: Calendar) -> String {
    calendar.done().to_string()
}

fn meeting_event(meeting: &Meeting, host: &str, now: DateTime<Utc>) -> Event {
    let mut event = Event::new();
    event
        .uid(&format!("meeting-{}@{host}", meeting.id))
        .timestamp(now)
        .summary(&format!("{} ({})", meeting.meeting_type.label(), meeting.case_reference))
        .starts(meeting.starts_at)
        .ends(meeting.ends_at);
    let mut description = format!("Case {}.", meeting.case_reference);
    if let Some(latest) = meeting.postponement_latest {
        description.push_str(&format!(
            " If the companion cannot attend, another time may be proposed up to {}.",
            latest.format("%A %-d %B %Y")
        ));
    }
    if let Some(link) = &meeting.video_link {
        description.push_str(&format!(" Video: {link}"));
        event.url(link);
    }
    event.description(&description);
    if let Some(place) = &meeting.place {
        event.location(place);
    }
    event.done()
}

/// A calculator's own label, or just "Task"/"Deadline": titles typed by hand often name people.
fn feed_title(item: &DueItem) -> String {
    match (&item.deadline.rule, item.deadline.kind.as_str()) {
        (Some(_), _) => item.deadline.title.clone(),
        (None, "task") => "Task".into(),
        (None, _) => "Deadline".into(),
    }
}

fn deadline_event(item: &DueItem, host: &str, now: DateTime<Utc>) -> Event {
    Event::new()
        .uid(&format!("deadline-{}@{host}", item.deadline.id))
        .timestamp(now)
        .summary(&format!("Due: {} ({})", feed_title(item), item.reference))
        .all_day(item.deadline.due_on)
        .description(&format!("Case {}.", item.reference))
        .done()
}

/// The statutory facility-time publication deadline: aggregate figures, no personal data.
fn publication_event(due: &PublicationDue, host: &str, now: DateTime<Utc>) -> Event {
    let mut description = format!(
        "Employers' facility-time figures for {} to {} are due for publication (SI 2017/328). See /facility-time.",
        due.period_start.format("%-d %B %Y"),
        due.period_end.format("%-d %B %Y"),
    );
    if due.repeal_pending {
        description.push_str(" The duty's repeal is enacted but not yet in force: check it still applies.");
    }
    Event::new()
        .uid(&format!("facility-time-{}@{host}", due.period_start.format("%Y")))
        .timestamp(now)
        .summary(&format!(
            "Due: facility-time figures {}-{}",
            due.period_start.format("%Y"),
            due.period_end.format("%y")
        ))
        .all_day(due.deadline)
        .description(&description)
        .done()
}
