//! The case timeline: append-only. Nothing is edited in place; a correction is a new entry
//! that points at the one it corrects.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Note,
    Call,
    EmailIn,
    EmailOut,
    Meeting,
    Document,
    TimeSpent,
    StageChange,
    Opened,
    Closed,
    Reopened,
    TeamChange,
    Eligibility,
    Correction,
    Deadline,
}

impl EntryKind {
    pub const ALL: [EntryKind; 15] = [
        Self::Note,
        Self::Call,
        Self::EmailIn,
        Self::EmailOut,
        Self::Meeting,
        Self::Document,
        Self::TimeSpent,
        Self::StageChange,
        Self::Opened,
        Self::Closed,
        Self::Reopened,
        Self::TeamChange,
        Self::Eligibility,
        Self::Correction,
        Self::Deadline,
    ];

    /// The kinds a person writes by hand; the rest are written by the actions they record.
    pub const WRITTEN: [EntryKind; 7] =
        [Self::Note, Self::Call, Self::EmailIn, Self::EmailOut, Self::Meeting, Self::Document, Self::TimeSpent];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Call => "call",
            Self::EmailIn => "email_in",
            Self::EmailOut => "email_out",
            Self::Meeting => "meeting",
            Self::Document => "document",
            Self::TimeSpent => "time_spent",
            Self::StageChange => "stage_change",
            Self::Opened => "opened",
            Self::Closed => "closed",
            Self::Reopened => "reopened",
            Self::TeamChange => "team_change",
            Self::Eligibility => "eligibility",
            Self::Correction => "correction",
            Self::Deadline => "deadline",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "Note",
            Self::Call => "Phone call",
            Self::EmailIn => "E-mail received",
            Self::EmailOut => "E-mail sent",
            Self::Meeting => "Meeting",
            Self::Document => "Document",
            Self::TimeSpent => "Time spent",
            Self::StageChange => "Stage changed",
            Self::Opened => "Case opened",
            Self::Closed => "Case closed",
            Self::Reopened => "Case reopened",
            Self::TeamChange => "Team changed",
            Self::Eligibility => "Eligibility",
            Self::Correction => "Correction",
            Self::Deadline => "Deadline or task",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw.trim())
    }

    /// A kind a person may write, or a message listing them.
    pub fn parse_written(raw: &str) -> Result<Self, String> {
        Self::parse(raw).filter(|kind| Self::WRITTEN.contains(kind)).ok_or_else(|| {
            let names: Vec<&str> = Self::WRITTEN.iter().map(|kind| kind.as_str()).collect();
            format!("Choose what to record: {}", names.join(", "))
        })
    }
}

/// The longest entry text kept (about ten pages).
pub const MAX_ENTRY_CHARS: usize = 20_000;
/// The most time one entry may log: a whole day.
pub const MAX_ENTRY_MINUTES: u32 = 24 * 60;

/// Entry text: not blank, not huge, no control characters but line breaks and tabs.
pub fn parse_entry_text(raw: &str) -> Result<String, String> {
    parse_optional_text(raw, MAX_ENTRY_CHARS)?.ok_or_else(|| "Write what happened".to_string())
}

/// Free text that may be left blank (a note, a reason, a place): trimmed, at most `max`
/// characters, no control characters but line breaks and tabs; blank is `None`.
pub fn parse_optional_text(raw: &str, max: usize) -> Result<Option<String>, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > max {
        return Err(format!("Keep this to {max} characters"));
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err("The text contains characters that cannot be stored".into());
    }
    Ok(Some(text.replace("\r\n", "\n")))
}

/// Minutes spent, optional: blank is none; otherwise a whole number from 1 to a day.
pub fn parse_minutes(raw: &str) -> Result<Option<u32>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<u32>() {
        Ok(minutes) if (1..=MAX_ENTRY_MINUTES).contains(&minutes) => Ok(Some(minutes)),
        _ => Err(format!("Give the time in whole minutes, from 1 to {MAX_ENTRY_MINUTES}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_write_only_the_written_kinds() {
        assert_eq!(EntryKind::parse_written("call"), Ok(EntryKind::Call));
        assert!(EntryKind::parse_written("stage_change").unwrap_err().contains("note"));
        for kind in EntryKind::ALL {
            assert_eq!(EntryKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn entry_text_and_minutes_are_checked() {
        assert_eq!(parse_entry_text("  Rang the member \r\nback "), Ok("Rang the member \nback".into()));
        assert!(parse_entry_text("   ").is_err());
        assert!(parse_entry_text("bell\u{7}").is_err());
        assert!(parse_entry_text(&"x".repeat(MAX_ENTRY_CHARS + 1)).is_err());
        assert_eq!(parse_optional_text("  ", 10), Ok(None));
        assert!(parse_optional_text("eleven char", 10).is_err());
        assert_eq!(parse_minutes(""), Ok(None));
        assert_eq!(parse_minutes("45"), Ok(Some(45)));
        for bad in ["0", "1441", "-5", "1.5", "an hour"] {
            assert!(parse_minutes(bad).is_err(), "{bad}");
        }
    }
}
