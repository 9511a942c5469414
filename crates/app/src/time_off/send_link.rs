//! Sending the employer's manager a link to decide a submitted request. The link's secret is
//! a 256-bit random token kept only as its hash, with an expiry; sending again makes a new
//! link and the old one stops working. The mail goes out through the outbox in the same
//! write, and the rep is shown the link too, to pass on another way if they prefer.

use chrono::Duration;
use steward_domain::case::timeline::parse_optional_text;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::facility::category::hours_label;
use steward_domain::facility::time_off::RequestStatus;
use steward_domain::field_errors::FieldErrors;
use steward_domain::member::EmailAddress;

use super::load_own;
use crate::ports::{ManagerLink, OutboxMail, Store, TimeOffRequest};
use crate::secrets::{random_token, token_hash};
use crate::{AppError, RequestContext};

/// How long a manager's link works.
pub const LINK_DAYS: i64 = 14;

/// The link made, shown once to the rep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentLink {
    pub url: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// The path of a manager's link.
pub fn approval_path(token: &str) -> String {
    format!("/time-off/approve/{token}")
}

/// Sends the link to `manager_email`. `site` is where the server is reached from outside
/// (`https://steward.example.org`); the link is that plus the path.
pub async fn send_manager_link(
    store: &dyn Store,
    ctx: &RequestContext,
    id: i64,
    manager_name: &str,
    manager_email: &str,
    site: &str,
) -> Result<SentLink, AppError> {
    let request = load_own(store, ctx, id).await?;
    let mut errors = FieldErrors::new();
    let name = match errors.take("manager_name", parse_optional_text(manager_name, 200)) {
        Some(Some(name)) => Some(name),
        Some(None) => {
            errors.add("manager_name", "Give the manager's name");
            None
        }
        None => None,
    };
    let email = errors.take("manager_email", EmailAddress::parse(manager_email));
    let (Some(name), Some(email)) = (name, email) else { return Err(AppError::Invalid(errors)) };
    if request.status != RequestStatus::Submitted {
        return Err(AppError::Conflict {
            field: "status",
            message: match request.status {
                RequestStatus::Draft => "Submit the request first, so its notice is checked".into(),
                other => format!("This request is {} already", other.label().to_lowercase()),
            },
        });
    }
    let syllabus = store.time_off_syllabus(id).await?.map(|file| file.filename);
    let token = random_token();
    let expires_at = ctx.now + Duration::days(LINK_DAYS);
    let url = format!("{}{}", site.trim_end_matches('/'), approval_path(&token));
    let mail = OutboxMail {
        to: email.as_str().to_owned(),
        subject: format!("Time-off request from {}: {}", request.user_name, dates_label(&request)),
        body: mail_body(&request, syllabus.as_deref(), &name, &url, expires_at),
        in_reply_to: None,
        message_id: None,
        automatic: true,
        attachments: Vec::new(),
    };
    let link = ManagerLink {
        manager_name: name,
        manager_email: email.as_str().to_owned(),
        token_hash: token_hash(&token),
        expires_at,
    };
    let audit = ctx.audit("time_off.send_link", "time_off_request", Some(id.to_string()), link.manager_email.clone());
    store.set_time_off_link(id, &link, &mail, &audit).await?;
    Ok(SentLink { url, expires_at })
}

/// "Tuesday 12 May 2026", or "Monday 11 May to Friday 15 May 2026".
pub(super) fn dates_label(request: &TimeOffRequest) -> String {
    let (start, end) = (request.fields.starts_on, request.fields.ends_on);
    if start == end {
        start.format("%A %-d %B %Y").to_string()
    } else {
        format!("{} to {}", start.format("%A %-d %B %Y"), end.format("%A %-d %B %Y"))
    }
}

fn mail_body(
    request: &TimeOffRequest,
    syllabus: Option<&str>,
    manager: &str,
    url: &str,
    expires: chrono::DateTime<chrono::Utc>,
) -> String {
    let f = &request.fields;
    let mut body = format!(
        "Dear {manager},\n\n{} asks for time off for union work.\n\n\
         Kind of time: {}\nWhen: {}\nHours: {}\nPurpose: {}\n",
        request.user_name,
        f.category.label(),
        dates_label(request),
        hours_label(u64::from(f.minutes)),
        f.purpose,
    );
    if let Some(course) = &f.course_name {
        body.push_str(&format!("Course: {course}\n"));
    }
    if let Some(filename) = syllabus {
        body.push_str(&format!("Syllabus: {filename} (download it from the link below)\n"));
    }
    if let Some(notice) = &request.notice {
        body.push_str(&format!("\n{}\n", notice.message));
    }
    body.push_str(&format!(
        "\nTo approve or refuse the request, open this link (no account is needed):\n{url}\n\n\
         The link works until {}. Please do not pass it on: anyone who has it can decide the request.\n",
        to_uk_local(expires).format("%A %-d %B %Y at %H:%M")
    ));
    body
}
