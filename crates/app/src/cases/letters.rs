//! Letters from a case: gathers the merge fields a letter needs from the case (member,
//! employer, the hearing and its statutory postponement window, the rep, an appeal
//! deadline) and what the person typed (the decision appealed against), and lets the domain
//! decide whether the letter can be written. A letter with a gap is refused with what to add
//! first. Drafting a letter reads the member's details, so it is audited.

use steward_domain::case::kind::CaseRole;
use steward_domain::case::letter::{
    merge, parse_decision, parse_decision_date, pick_hearing, HearingFacts, LetterData, LetterFields, LetterKind,
};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::Action;

use crate::ports::{CaseId, Store};
use crate::{AppError, RequestContext};

/// What a person types for a letter (only the appeal uses these).
#[derive(Debug, Clone, Default)]
pub struct LetterInputs {
    /// What was decided, e.g. "a final written warning".
    pub decision: String,
    /// YYYY-MM-DD.
    pub decision_date: String,
}

/// A letter ready to be shown or turned into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub kind: LetterKind,
    pub case: CaseId,
    pub fields: LetterFields,
}

pub async fn prepare_letter(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    kind: LetterKind,
    inputs: &LetterInputs,
) -> Result<Letter, AppError> {
    let file = super::load(store, ctx, id, Action::WorkOnCase).await?;
    let today = to_uk_local(ctx.now).date();
    let mut errors = FieldErrors::new();
    let (decision, decision_date) = match kind {
        LetterKind::Appeal => (
            errors.take("decision", parse_decision(&inputs.decision)).flatten(),
            errors.take("decision_date", parse_decision_date(&inputs.decision_date, today)).flatten(),
        ),
        LetterKind::PostponeHearing => (None, None),
    };
    let summary = &file.summary;
    let organisation = store.organisation().await?;
    let employer = organisation
        .workplaces
        .iter()
        .find(|place| place.id == summary.path.workplace)
        .and_then(|place| organisation.employers.iter().find(|employer| employer.id == place.employer))
        .map(|employer| employer.name.clone());
    let hearing = if kind == LetterKind::PostponeHearing {
        let meetings = store.case_meetings(id).await?;
        let times: Vec<_> = meetings.iter().map(|meeting| (meeting.meeting_type, meeting.starts_at)).collect();
        pick_hearing(&times, ctx.now).and_then(|index| meetings.get(index)).map(|meeting| HearingFacts {
            meeting_type: meeting.meeting_type,
            starts: to_uk_local(meeting.starts_at),
            place: meeting
                .place
                .clone()
                .or_else(|| meeting.video_link.as_ref().map(|link| format!("by video ({link})"))),
            postponement_latest: meeting.postponement_latest,
            companion: meeting.companion.as_ref().map(|(_, name)| name.clone()),
        })
    } else {
        None
    };
    let appeal_by = if kind == LetterKind::Appeal {
        store
            .case_deadlines(id)
            .await?
            .into_iter()
            .filter(|deadline| deadline.done_at.is_none() && deadline.rule.as_deref() == Some("appeal_window"))
            .map(|deadline| deadline.due_on)
            .min()
    } else {
        None
    };
    let data = LetterData {
        member_name: Some(summary.lead_member_name.clone()),
        case_reference: Some(summary.reference.to_string()),
        employer,
        workplace: Some(summary.workplace_name.clone()),
        hearing,
        rep_name: file.team.iter().find(|person| person.role == CaseRole::Rep).map(|person| person.name.clone()),
        decision,
        decision_date,
        appeal_by,
        today,
    };
    let fields = match merge(kind, &data) {
        Ok(fields) if errors.is_empty() => Some(fields),
        Ok(_) => None,
        Err(missing) => {
            for gap in missing {
                errors.add(gap.0.as_str(), gap.0.what_to_add());
            }
            None
        }
    };
    let Some(fields) = fields else { return Err(AppError::Invalid(errors)) };
    store.record(&ctx.audit("case.letter", "case", Some(id.to_string()), kind.as_str().to_owned())).await?;
    Ok(Letter { kind, case: id, fields })
}
