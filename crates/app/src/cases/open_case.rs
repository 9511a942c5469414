//! Opening a case for one member, or several (a collective case), with the union's
//! eligibility rule applied at intake. Giving full representation against the rule needs a
//! reason and a role allowed to override; both are on the timeline and in the audit log.

use chrono::{Datelike, NaiveDate};
use steward_domain::case::eligibility::{check_eligibility, Eligibility};
use steward_domain::case::kind::CaseType;
use steward_domain::case::rating::Rating;
use steward_domain::case::reference::CaseReference;
use steward_domain::case::timeline::{parse_optional_text, EntryKind};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::member::{parse_iso_date, MembershipNumber};
use steward_domain::organisation::OrgPath;
use steward_domain::permissions::{Action, Target};

use super::{case_role_for, starting_level, system_entry};
use crate::ports::{CaseId, EnquiryId, MemberRecord, NewCase, NewTimelineEntry, Store};
use crate::{AppError, RequestContext};

/// The most members one case names; a larger group is a collective case with linked cases.
pub const MAX_CASE_MEMBERS: usize = 200;

/// What a person typed to open a case.
#[derive(Debug, Clone, Default)]
pub struct OpenCaseForm {
    pub title: String,
    pub case_type: String,
    /// The lead member's membership number.
    pub membership_number: String,
    /// Others on a collective case: membership numbers separated by commas, spaces or lines.
    pub other_members: String,
    /// YYYY-MM-DD: when the problem began (eligibility is judged against it).
    pub problem_arose_on: String,
    pub complexity: String,
    pub emotional_load: String,
    /// Why full representation is given although the rule says advice only.
    pub override_reason: String,
    /// The collective case this one spins out of.
    pub parent_case: Option<i64>,
}

/// The checked parts of a form, before members are looked up.
pub(super) struct CaseBasics {
    pub title: String,
    pub case_type: CaseType,
    pub problem_arose_on: NaiveDate,
    pub complexity: Rating,
    pub emotional_load: Rating,
    pub override_reason: Option<String>,
}

pub async fn open_case(
    store: &dyn Store,
    ctx: &RequestContext,
    form: &OpenCaseForm,
) -> Result<(CaseId, CaseReference), AppError> {
    ctx.require(Action::OpenCase, Target::Any)?;
    let mut errors = FieldErrors::new();
    let basics = check_basics(
        ctx,
        &form.title,
        &form.case_type,
        &form.problem_arose_on,
        &form.complexity,
        &form.emotional_load,
        &form.override_reason,
        &mut errors,
    );
    let lead = member_by_number(store, ctx, &form.membership_number, "membership_number", &mut errors).await?;
    let mut others = Vec::new();
    let numbers: Vec<&str> =
        form.other_members.split(|c: char| c == ',' || c.is_whitespace()).filter(|n| !n.is_empty()).collect();
    if numbers.len() >= MAX_CASE_MEMBERS {
        errors.add(
            "other_members",
            format!("Name at most {} other members; link larger groups as separate cases", MAX_CASE_MEMBERS - 1),
        );
    } else {
        for number in numbers {
            if let Some(member) = member_by_number(store, ctx, number, "other_members", &mut errors).await? {
                if lead.as_ref().is_none_or(|lead| lead.id != member.id)
                    && others.iter().all(|o: &MemberRecord| o.id != member.id)
                {
                    others.push(member);
                }
            }
        }
    }
    let parent = match form.parent_case {
        None => None,
        Some(id) => match super::load(store, ctx, CaseId(id), Action::ViewCase).await {
            Ok(parent) => Some(parent.summary.id),
            Err(AppError::NotFound | AppError::Forbidden) => {
                errors.add("parent_case", "There is no such case that you can see");
                None
            }
            Err(error) => return Err(error),
        },
    };
    let (Some(basics), Some(lead), true) = (basics, lead, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let (new, entries) = prepare(store, ctx, basics, &lead, &others, parent, None).await?;
    let audit = ctx.audit("case.open", "case", None, format!("{} for member {}", new.case_type.as_str(), lead.id));
    Ok(store.open_case(&new, &entries, &audit).await?)
}

/// Checks the fields every new case has, adding problems to `errors`.
#[allow(clippy::too_many_arguments)]
pub(super) fn check_basics(
    ctx: &RequestContext,
    title: &str,
    case_type: &str,
    problem_arose_on: &str,
    complexity: &str,
    emotional_load: &str,
    override_reason: &str,
    errors: &mut FieldErrors,
) -> Option<CaseBasics> {
    let title = title.trim();
    let title = if title.is_empty() || title.chars().count() > 200 || title.chars().any(char::is_control) {
        errors.add("title", "Give the case a short title (up to 200 characters)");
        None
    } else {
        Some(title.to_owned())
    };
    let case_type = errors.take("case_type", CaseType::parse(case_type));
    let today = to_uk_local(ctx.now).date();
    let problem_arose_on = match parse_iso_date(problem_arose_on.trim()) {
        None => {
            errors.add("problem_arose_on", "Give the date the problem began as YYYY-MM-DD");
            None
        }
        Some(date) if date > today => {
            errors.add("problem_arose_on", "The problem cannot have begun in the future");
            None
        }
        Some(date) if date.year() < 1950 => {
            errors.add("problem_arose_on", "Check the year the problem began");
            None
        }
        Some(date) => Some(date),
    };
    let complexity = errors.take("complexity", Rating::parse(complexity, "complexity"));
    let emotional_load = errors.take("emotional_load", Rating::parse(emotional_load, "emotional load"));
    let override_reason = errors.take("override_reason", parse_optional_text(override_reason, 2_000)).flatten();
    Some(CaseBasics {
        title: title?,
        case_type: case_type?,
        problem_arose_on: problem_arose_on?,
        complexity: complexity?,
        emotional_load: emotional_load?,
        override_reason,
    })
}

/// The member with this number, if the asker may open a case for them.
async fn member_by_number(
    store: &dyn Store,
    ctx: &RequestContext,
    raw: &str,
    field: &str,
    errors: &mut FieldErrors,
) -> Result<Option<MemberRecord>, AppError> {
    let number = match MembershipNumber::parse(raw) {
        Ok(number) => number,
        Err(message) => {
            errors.add(field, message);
            return Ok(None);
        }
    };
    let found = store.members_by_number(&[number.as_str()]).await?.into_iter().next();
    match found {
        Some(member) if ctx.require(Action::OpenCase, Target::At(path_of(&member))).is_ok() => Ok(Some(member)),
        _ => {
            errors.add(field, format!("No member with number {} that you look after", number.as_str()));
            Ok(None)
        }
    }
}

pub(super) fn path_of(member: &MemberRecord) -> OrgPath {
    OrgPath { region: member.region, branch: member.branch, workplace: member.workplace }
}

/// The new case and its first timeline entries: eligibility judged by the union's rule,
/// the override checked, the opener on the team.
pub(super) async fn prepare(
    store: &dyn Store,
    ctx: &RequestContext,
    basics: CaseBasics,
    lead: &MemberRecord,
    others: &[MemberRecord],
    parent: Option<CaseId>,
    enquiry: Option<EnquiryId>,
) -> Result<(NewCase, Vec<NewTimelineEntry>), AppError> {
    let rule = store.case_settings().await?.eligibility;
    let check = check_eligibility(rule, lead.joined_on, lead.status, basics.problem_arose_on);
    let mut entries = Vec::new();
    let mut opened = format!("Opened as a {} case.", basics.case_type.label().to_lowercase());
    if check.reasons.is_empty() {
        opened.push_str(" Eligible for full representation.");
    } else {
        opened.push_str(&format!(" The eligibility rule gives advice only: {}", check.reasons.join(" ")));
    }
    entries.push(system_entry(ctx, EntryKind::Opened, opened));
    let (eligibility, eligibility_override) = match (check.eligibility, basics.override_reason) {
        (Eligibility::AdviceOnly, Some(reason)) => {
            if ctx.require(Action::OverrideEligibility, Target::At(path_of(lead))).is_err() {
                return Err(AppError::field(
                    "override_reason",
                    "Only an officer, a caseworker or an administrator can give full representation against the rule",
                ));
            }
            let body = format!("Full representation given against the eligibility rule. Reason: {reason}");
            entries.push(system_entry(ctx, EntryKind::Eligibility, body));
            (Eligibility::Full, Some(reason))
        }
        (eligibility, _) => (eligibility, None),
    };
    let team = case_role_for(ctx.actor.role).map(|role| vec![(ctx.actor.user_id, role)]).unwrap_or_default();
    let new = NewCase {
        year: to_uk_local(ctx.now).year(),
        title: basics.title,
        case_type: basics.case_type,
        lead_member: lead.id,
        workplace: lead.workplace,
        other_members: others.iter().map(|member| member.id).collect(),
        parent,
        enquiry,
        complexity: basics.complexity,
        emotional_load: basics.emotional_load,
        escalation_level: starting_level(ctx.actor.role),
        problem_arose_on: basics.problem_arose_on,
        eligibility,
        eligibility_reasons: check.reasons,
        eligibility_override,
        team: team.into_iter().filter(|(user, _)| user.0 > 0).collect(),
        documents: Vec::new(),
        opened_at: ctx.now,
    };
    Ok((new, entries))
}
