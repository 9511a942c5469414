//! Where a person's account sits in the organisation, for pages about people rather than
//! records: an officer for a region sees and keeps the people whose own scope lies within it.

use steward_domain::ids::BranchId;
use steward_domain::organisation::Scope;

use crate::ports::Organisation;

/// The branch a person's scope sits in, if it sits in one.
pub fn branch_of(scope: Scope, org: &Organisation) -> Option<BranchId> {
    match scope {
        Scope::Workplace(workplace) => org.workplaces.iter().find(|w| w.id == workplace).map(|w| w.branch),
        Scope::Branch(branch) => Some(branch),
        Scope::Region(_) | Scope::Union => None,
    }
}

/// Whether a person whose account covers `scope` lies within the viewer's scope.
pub fn person_within(scope: Scope, viewer: Scope, org: &Organisation) -> bool {
    match viewer {
        Scope::Union => true,
        Scope::Region(region) => match scope {
            Scope::Region(own) => own == region,
            Scope::Branch(_) | Scope::Workplace(_) => {
                branch_of(scope, org).and_then(|branch| org.branch(branch)).is_some_and(|b| b.region == region)
            }
            Scope::Union => false,
        },
        Scope::Branch(branch) => branch_of(scope, org) == Some(branch),
        Scope::Workplace(workplace) => scope == Scope::Workplace(workplace),
    }
}
