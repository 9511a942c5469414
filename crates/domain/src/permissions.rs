//! The one authorisation function. Every route and every read or write of member data asks
//! `authorize`; nothing else decides access. Default deny: an action a role is not listed
//! for is refused, and a scoped action on something outside the actor's scope is refused.

use serde::Serialize;

use crate::ids::UserId;
use crate::organisation::{OrgPath, Scope};
use crate::role::Role;

/// Who is asking: a signed-in user (by session or API token) with their role and scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub role: Role,
    pub scope: Scope,
}

/// Everything a person can ask Steward to do. New features add variants here and a line
/// in `role_allows`, whose exhaustive match will not compile until the new action is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ViewDashboard,
    ListMembers,
    ViewMember,
    CreateMember,
    EditMember,
    ViewOrganisation,
    ManageOrganisation,
    ListUsers,
    ManageUsers,
    ViewAuditLog,
    /// Sign out, sign out everywhere, see one's own account.
    ManageOwnAccount,
    /// Run the deadline calculators (pure arithmetic over the inputs given; no member data).
    UseCalculator,
    /// Add bank holidays proclaimed after the compiled-in list was made.
    ManageCalendar,
    /// See the enquiry queue and open an enquiry with its thread.
    ViewEnquiries,
    /// Take, note, answer or close an enquiry.
    WorkOnEnquiry,
    /// Hand raw e-mail to intake (the mail gateway's API token, or an administrator).
    ReceiveMail,
    /// Keep the reply templates, and the response targets and escalation contact per branch.
    ManageEnquirySettings,
}

impl Action {
    pub const ALL: [Action; 17] = [
        Self::ViewDashboard,
        Self::ListMembers,
        Self::ViewMember,
        Self::CreateMember,
        Self::EditMember,
        Self::ViewOrganisation,
        Self::ManageOrganisation,
        Self::ListUsers,
        Self::ManageUsers,
        Self::ViewAuditLog,
        Self::ManageOwnAccount,
        Self::UseCalculator,
        Self::ManageCalendar,
        Self::ViewEnquiries,
        Self::WorkOnEnquiry,
        Self::ReceiveMail,
        Self::ManageEnquirySettings,
    ];
}

/// What the action is applied to, when that matters for the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The action as a whole (a route, a list that the store will filter by scope).
    Any,
    /// Something that lives at a workplace: a member record, an enquiry from a known member.
    At(OrgPath),
    /// Something not yet placed in the organisation (an enquiry from an unknown sender): only
    /// union-wide scopes cover it.
    Unplaced,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// The role may never do this.
    DenyRole,
    /// The role may do this, but not here: callers answer 404 so ids do not leak.
    DenyScope,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Self::Allow
    }
}

pub fn authorize(actor: &Actor, action: Action, target: Target) -> Decision {
    if !role_allows(actor.role, action) {
        return Decision::DenyRole;
    }
    match target {
        Target::Any => Decision::Allow,
        Target::At(path) if actor.scope.covers(path) => Decision::Allow,
        Target::Unplaced if actor.scope == Scope::Union => Decision::Allow,
        Target::At(_) | Target::Unplaced => Decision::DenyScope,
    }
}

/// The role table, by action: the match is exhaustive, so a new action does not compile
/// until someone decides who may do it. Lawyers see only cases referred to them, so they get
/// no member access.
fn role_allows(role: Role, action: Action) -> bool {
    use Role::*;
    let allowed: &[Role] = match action {
        Action::ViewDashboard | Action::ManageOwnAccount | Action::UseCalculator => {
            &[Admin, Officer, Caseworker, Staff, Rep, Lawyer]
        }
        Action::ListMembers | Action::ViewMember | Action::ViewOrganisation => {
            &[Admin, Officer, Caseworker, Staff, Rep]
        }
        Action::CreateMember | Action::EditMember | Action::ViewEnquiries | Action::WorkOnEnquiry => {
            &[Admin, Officer, Caseworker, Staff]
        }
        Action::ManageEnquirySettings => &[Admin, Officer],
        Action::ManageOrganisation
        | Action::ListUsers
        | Action::ManageUsers
        | Action::ViewAuditLog
        | Action::ManageCalendar
        | Action::ReceiveMail => &[Admin],
    };
    allowed.contains(&role)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{BranchId, RegionId, WorkplaceId};

    fn actor(role: Role, scope: Scope) -> Actor {
        Actor { user_id: UserId(1), role, scope }
    }

    const PATH: OrgPath = OrgPath { region: RegionId(1), branch: BranchId(2), workplace: WorkplaceId(3) };

    #[test]
    fn a_rep_sees_members_of_their_own_workplace_only() {
        let rep = actor(Role::Rep, Scope::Workplace(WorkplaceId(3)));
        assert_eq!(authorize(&rep, Action::ViewMember, Target::At(PATH)), Decision::Allow);
        let elsewhere = OrgPath { workplace: WorkplaceId(4), ..PATH };
        assert_eq!(authorize(&rep, Action::ViewMember, Target::At(elsewhere)), Decision::DenyScope);
        assert_eq!(authorize(&rep, Action::EditMember, Target::At(PATH)), Decision::DenyRole);
    }

    #[test]
    fn only_admins_manage_users_and_read_the_audit_log() {
        for role in Role::ALL {
            let someone = actor(role, Scope::Union);
            let expected = role == Role::Admin;
            assert_eq!(authorize(&someone, Action::ManageUsers, Target::Any).is_allowed(), expected);
            assert_eq!(authorize(&someone, Action::ViewAuditLog, Target::Any).is_allowed(), expected);
        }
    }

    #[test]
    fn lawyers_get_no_member_access() {
        let lawyer = actor(Role::Lawyer, Scope::Union);
        for action in [Action::ListMembers, Action::ViewMember, Action::CreateMember, Action::EditMember] {
            assert_eq!(authorize(&lawyer, action, Target::At(PATH)), Decision::DenyRole);
        }
    }

    #[test]
    fn everyone_can_manage_their_own_account() {
        for role in Role::ALL {
            assert!(authorize(&actor(role, Scope::Union), Action::ManageOwnAccount, Target::Any).is_allowed());
        }
    }
}
