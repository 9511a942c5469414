//! Members and the values that describe them. Each value type has one fallible
//! constructor; holding one means it is valid.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::field_errors::FieldErrors;
use crate::ids::WorkplaceId;

/// A union's own membership number: 3 to 20 letters, digits or hyphens, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct MembershipNumber(String);

impl MembershipNumber {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim().to_ascii_uppercase();
        if value.is_empty() {
            return Err("Enter a membership number".into());
        }
        if !(3..=20).contains(&value.len()) {
            return Err("A membership number is 3 to 20 characters long".into());
        }
        if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err("A membership number uses only letters, digits and hyphens".into());
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address checked for the shape mail servers accept; stored lower-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim().to_lowercase();
        let invalid = || Err("Enter an email address like name@example.org".to_string());
        if value.is_empty() || value.len() > 254 {
            return invalid();
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return invalid();
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Self(value))
        } else {
            invalid()
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A telephone number: digits with the usual separators, 10 to 15 digits in all
/// (UK numbers have 10 or 11; international numbers up to 15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let value = raw.trim();
        let allowed = |c: char| c.is_ascii_digit() || " +-()".contains(c);
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let plus_only_first = value.rfind('+').is_none_or(|at| at == 0);
        if !value.chars().all(allowed) || !plus_only_first || !(10..=15).contains(&digits) {
            return Err("Enter a phone number like 07700 900123 or +44 7700 900123".into());
        }
        Ok(Self(value.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A name as a person writes it: trimmed, 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str, what: &str) -> Result<Self, String> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(format!("Enter the {what}"));
        }
        // Counted as sent, spaces included, so the API's stated maximum is exact.
        if raw.chars().count() > 100 {
            return Err(format!("The {what} must be 100 characters or fewer"));
        }
        if value.chars().any(char::is_control) {
            return Err(format!("The {what} contains characters that cannot be stored"));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Membership standing. Arrears matter: many unions represent fully only members in good standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    Active,
    Arrears,
    Lapsed,
    Resigned,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 4] = [Self::Active, Self::Arrears, Self::Lapsed, Self::Resigned];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Arrears => "arrears",
            Self::Lapsed => "lapsed",
            Self::Resigned => "resigned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Arrears => "In arrears",
            Self::Lapsed => "Lapsed",
            Self::Resigned => "Resigned",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == raw)
            .ok_or_else(|| "Choose a status: active, arrears, lapsed or resigned".to_string())
    }
}

/// What a person typed or a CSV row held, before any checking.
#[derive(Debug, Clone, Default)]
pub struct MemberDraft {
    pub membership_number: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub workplace_id: Option<i64>,
    pub job_title: String,
    pub joined_on: String,
    pub status: String,
}

/// A member's details, all valid. Email and phone are optional: not every member gives both.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberDetails {
    pub membership_number: MembershipNumber,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Option<EmailAddress>,
    pub phone: Option<PhoneNumber>,
    pub workplace_id: WorkplaceId,
    pub job_title: Option<String>,
    pub joined_on: NaiveDate,
    pub status: MemberStatus,
}

impl MemberDraft {
    /// Checks every field against `today` (a joining date cannot be in the future) and returns
    /// either valid details or every problem found.
    pub fn validate(&self, today: NaiveDate) -> Result<MemberDetails, FieldErrors> {
        let mut errors = FieldErrors::new();
        let membership_number = errors.take("membership_number", MembershipNumber::parse(&self.membership_number));
        let first_name = errors.take("first_name", PersonName::parse(&self.first_name, "first name"));
        let last_name = errors.take("last_name", PersonName::parse(&self.last_name, "last name"));
        let email = optional(&self.email).map(|raw| errors.take("email", EmailAddress::parse(raw)));
        let phone = optional(&self.phone).map(|raw| errors.take("phone", PhoneNumber::parse(raw)));
        let workplace_id = match self.workplace_id {
            Some(id) if id > 0 => Some(WorkplaceId(id)),
            _ => {
                errors.add("workplace_id", "Choose the member's workplace");
                None
            }
        };
        let job_title = optional(&self.job_title).map(str::to_owned);
        if self.job_title.chars().any(char::is_control) {
            errors.add("job_title", "The job title contains characters that cannot be stored");
        } else if self.job_title.chars().count() > 100 {
            errors.add("job_title", "The job title must be 100 characters or fewer");
        }
        let joined_on = errors.take("joined_on", parse_joined_on(&self.joined_on, today));
        let status = if self.status.trim().is_empty() {
            Some(MemberStatus::Active)
        } else {
            errors.take("status", MemberStatus::parse(&self.status))
        };
        match (membership_number, first_name, last_name, workplace_id, joined_on, status) {
            (
                Some(membership_number),
                Some(first_name),
                Some(last_name),
                Some(workplace_id),
                Some(joined_on),
                Some(status),
            ) if errors.is_empty() => Ok(MemberDetails {
                membership_number,
                first_name,
                last_name,
                email: email.flatten(),
                phone: phone.flatten(),
                workplace_id,
                job_title,
                joined_on,
                status,
            }),
            _ => Err(errors),
        }
    }
}

/// A calendar date written exactly as YYYY-MM-DD (chrono alone would also take 2024-3-1).
pub fn parse_iso_date(raw: &str) -> Option<NaiveDate> {
    let bytes = raw.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    shape_ok.then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()).flatten()
}

fn optional(raw: &str) -> Option<&str> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

fn parse_joined_on(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    if raw.trim().is_empty() {
        return Err("Enter the date the member joined".into());
    }
    let date = parse_iso_date(raw).ok_or_else(|| format!("\"{raw}\" is not a date: use the form 2024-03-31"))?;
    if date > today {
        return Err("The joining date cannot be in the future".into());
    }
    if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
        return Err("The joining date is too far in the past".into());
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn draft() -> MemberDraft {
        MemberDraft {
            membership_number: " ab-1234 ".into(),
            first_name: "Ada".into(),
            last_name: "Fictional".into(),
            email: "Ada@Example.org".into(),
            phone: "07700 900123".into(),
            workplace_id: Some(3),
            job_title: "Nurse".into(),
            joined_on: "2020-01-15".into(),
            status: String::new(),
        }
    }

    #[test]
    fn a_complete_draft_becomes_normalised_details() {
        let details = draft().validate(today()).unwrap();
        assert_eq!(details.membership_number.as_str(), "AB-1234");
        assert_eq!(details.email.unwrap().as_str(), "ada@example.org");
        assert_eq!(details.status, MemberStatus::Active);
    }

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let bad = MemberDraft {
            membership_number: "x".into(),
            email: "not-an-email".into(),
            phone: "12".into(),
            joined_on: "2030-01-01".into(),
            workplace_id: None,
            ..draft()
        };
        let errors = bad.validate(today()).unwrap_err();
        for field in ["membership_number", "email", "phone", "joined_on", "workplace_id"] {
            assert!(errors.get(field).is_some(), "no error for {field}");
        }
        assert!(errors.get("first_name").is_none());
    }

    #[test]
    fn emails_that_mail_servers_reject_are_refused() {
        for bad in ["a@b", "@example.org", "a..b@example.org", "a b@example.org", "a@-x.org", "a@x..org"] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad} accepted");
        }
        for good in ["a@example.org", "first.last+tag@mail.example.co.uk"] {
            assert!(EmailAddress::parse(good).is_ok(), "{good} refused");
        }
    }

    #[test]
    fn phone_numbers_need_ten_to_fifteen_digits() {
        assert!(PhoneNumber::parse("+44 (0)20 7946 0000").is_ok());
        assert!(PhoneNumber::parse("020 7946").is_err());
        assert!(PhoneNumber::parse("07700 9001x3").is_err());
        assert!(PhoneNumber::parse("07700+900123").is_err());
    }

    #[test]
    fn impossible_dates_are_named_in_the_message() {
        let errors = MemberDraft { joined_on: "2025-02-30".into(), ..draft() }.validate(today()).unwrap_err();
        assert!(errors.get("joined_on").unwrap().contains("2025-02-30"));
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(raw in ".{0,300}") {
            let _ = MembershipNumber::parse(&raw);
            let _ = EmailAddress::parse(&raw);
            let _ = PhoneNumber::parse(&raw);
            let _ = PersonName::parse(&raw, "name");
        }
    }
}
