use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::{BranchId, EmployerId, WorkplaceId};
use steward_domain::organisation::{parse_org_name, Nation};
use steward_domain::permissions::{Action, Target};

use crate::ports::{NewWorkplace, Store, StoreError};
use crate::{AppError, RequestContext};

/// A workplace as typed into a form or API call.
#[derive(Debug, Clone, Default)]
pub struct WorkplaceDraft {
    pub name: String,
    pub branch_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub nation: String,
}

pub async fn create_workplace(
    store: &dyn Store,
    ctx: &RequestContext,
    draft: &WorkplaceDraft,
) -> Result<WorkplaceId, AppError> {
    ctx.require(Action::ManageOrganisation, Target::Any)?;
    let mut errors = FieldErrors::new();
    let name = errors.take("name", parse_org_name(&draft.name));
    let nation = errors.take("nation", Nation::parse(&draft.nation));
    let branch = positive(draft.branch_id).map(BranchId);
    if branch.is_none() {
        errors.add("branch_id", "Choose the branch that covers this workplace");
    }
    let employer = positive(draft.employer_id).map(EmployerId);
    if employer.is_none() {
        errors.add("employer_id", "Choose the employer");
    }
    let (Some(name), Some(nation), Some(branch), Some(employer)) = (name, nation, branch, employer) else {
        return Err(AppError::Invalid(errors));
    };
    let new = NewWorkplace { name, branch, employer, nation };
    let audit = ctx.audit("workplace.create", "workplace", None, new.name.clone());
    store.create_workplace(&new, &audit).await.map_err(|error| match error {
        StoreError::MissingReference => AppError::field("branch_id", "Choose a branch and an employer that exist"),
        other => other.into(),
    })
}

fn positive(id: Option<i64>) -> Option<i64> {
    id.filter(|id| *id > 0)
}
