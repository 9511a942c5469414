//! Submitting a draft: the notice it gives is checked against the employer's agreement
//! (its rule, else 3 working days for duties and activities and 4 weeks for training) with
//! the bank holidays of the workplace's nation. Short notice is a warning kept with the
//! request, not a refusal; a hearing called at short notice goes the after-the-event route
//! (the rep accompanies the member and the request follows). A training course needs its
//! name and syllabus (a file attached, or the text or web address typed), which the employer
//! may ask to see.

use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::facility::category::TimeCategory;
use steward_domain::facility::time_off::{check_notice, NoticeCheck, NoticeRule, RequestStatus};
use steward_domain::field_errors::FieldErrors;

use super::draft::check_meeting;
use super::{load_own, nation_of};
use crate::ports::Store;
use crate::{AppError, RequestContext};

pub async fn submit_time_off(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<NoticeCheck, AppError> {
    let request = load_own(store, ctx, id).await?;
    if request.status != RequestStatus::Draft {
        return Err(AppError::Conflict {
            field: "status",
            message: format!("This request is {} already", request.status.label().to_lowercase()),
        });
    }
    let fields = &request.fields;
    let mut errors = FieldErrors::new();
    if fields.category == TimeCategory::Training {
        if fields.course_name.is_none() {
            errors.add("course_name", "Name the course: the agreement asks for it with a training request");
        }
        if fields.syllabus.is_none() && store.time_off_syllabus(id).await?.is_none() {
            errors.add(
                "syllabus",
                "Attach the syllabus (upload its file, paste it or give its web address): the employer needs it",
            );
        }
    }
    let for_hearing = match fields.meeting {
        Some(meeting) => match check_meeting(store, ctx, meeting).await? {
            Ok(found) => found.meeting_type.carries_accompaniment_right(),
            Err(message) => {
                errors.add("meeting", message);
                false
            }
        },
        None => false,
    };
    let today = to_uk_local(ctx.now).date();
    if fields.starts_on < today && !(for_hearing && fields.category == TimeCategory::Duties) {
        errors.add(
            "starts_on",
            "That day has passed. Only time to accompany a member at a hearing called at short notice is asked \
             for after the event: link the hearing and choose trade union duties",
        );
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let rule = match request.employer {
        Some(employer) => store.time_off_rule(employer).await?,
        None => NoticeRule::DEFAULT,
    };
    let calendar = crate::deadlines::calendar(store).await?;
    let nation = nation_of(store, request.workplace).await?;
    let notice = check_notice(fields.category, today, fields.starts_on, for_hearing, rule, &calendar, nation);
    let detail = match (notice.short, notice.after_the_event) {
        (false, _) => "notice enough".to_owned(),
        (true, true) => "short notice, after the event".to_owned(),
        (true, false) => format!("short notice (give by {})", notice.give_by),
    };
    let audit = ctx.audit("time_off.submit", "time_off_request", Some(id.to_string()), detail);
    // Guarded by the draft's `updated_at`: a change made since it was read here (another tab
    // editing it, the syllabus file removed) makes this a conflict, not a request sent
    // without what was checked.
    store.submit_time_off(id, request.updated_at, &notice, ctx.now, &audit).await?;
    Ok(notice)
}
