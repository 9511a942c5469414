//! The one authorisation function. Every route and every read or write of member data asks
//! `authorize`; nothing else decides access. Default deny: an action a role is not listed
//! for is refused, and a scoped action on something outside the actor's scope is refused.

use serde::Serialize;

use crate::case::access::CaseAccess;
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
    /// See one's own cases and, by scope, others' (the list the store filters).
    ListCases,
    /// Read one case file: its timeline, team and members.
    ViewCase,
    /// Open a case for a member, or promote an enquiry to one.
    OpenCase,
    /// Record on the timeline, move the procedure on, close and reopen a case.
    WorkOnCase,
    /// Put people on a case's team or take them off, and change its escalation level.
    ManageCaseTeam,
    /// Give full representation although the union's eligibility rule says advice only.
    OverrideEligibility,
    /// Keep the union's case rules (the eligibility qualifying period, escalation guidance).
    ManageCaseSettings,
    /// Approve or decline a case's referral to the union's lawyers: a regional officer's call.
    DecideReferral,
    /// Log one's own union time and see one's own weekly totals.
    LogTime,
    /// Set a rep's employer, contracted hours, facility time and cost per hour.
    ManageRepProfiles,
    /// Record the courses people completed and the competences they give.
    RecordTraining,
    /// Ask the employer for time off for union work, and follow one's own requests.
    RequestTimeOff,
    /// See others' time-off requests in one's scope (officers keeping an eye on facility time).
    ViewTimeOffRequests,
    /// Set an employer's time-off notice rule (the agreement's working days and weeks).
    ManageTimeOffRules,
    /// See an employer's statutory facility-time publication figures (page, CSV, JSON).
    ViewFacilityReport,
    /// Enter or import an employer's pay bill for a reporting period.
    EnterPayBill,
    /// See the workload dashboard: who in one's scope is over, near or under capacity.
    ViewWorkload,
    /// Set a branch's workload thresholds.
    ManageWorkloadSettings,
    /// Keep one's own private wellbeing record: check-ins, asking for supervision or a debrief.
    RecordWellbeing,
}

impl Action {
    pub const ALL: [Action; 36] = [
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
        Self::ListCases,
        Self::ViewCase,
        Self::OpenCase,
        Self::WorkOnCase,
        Self::ManageCaseTeam,
        Self::OverrideEligibility,
        Self::ManageCaseSettings,
        Self::DecideReferral,
        Self::LogTime,
        Self::ManageRepProfiles,
        Self::RecordTraining,
        Self::RequestTimeOff,
        Self::ViewTimeOffRequests,
        Self::ManageTimeOffRules,
        Self::ViewFacilityReport,
        Self::EnterPayBill,
        Self::ViewWorkload,
        Self::ManageWorkloadSettings,
        Self::RecordWellbeing,
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
    /// A case file: reps and lawyers reach only cases they are on; other roles reach those
    /// their scope covers and those they are on.
    Case(CaseAccess),
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
        Target::Case(CaseAccess { team_role: Some(_), .. }) => Decision::Allow,
        Target::Case(_) if matches!(actor.role, Role::Rep | Role::Lawyer) => Decision::DenyScope,
        Target::Case(CaseAccess { path: Some(path), .. }) if actor.scope.covers(path) => Decision::Allow,
        Target::Case(CaseAccess { path: None, .. }) if actor.scope == Scope::Union => Decision::Allow,
        Target::Case(_) => Decision::DenyScope,
    }
}

/// The role table, by action: the match is exhaustive, so a new action does not compile
/// until someone decides who may do it. Lawyers see only cases referred to them, so they get
/// no member access.
fn role_allows(role: Role, action: Action) -> bool {
    use Role::*;
    let allowed: &[Role] = match action {
        Action::ViewDashboard
        | Action::ManageOwnAccount
        | Action::UseCalculator
        | Action::ListCases
        | Action::ViewCase
        | Action::WorkOnCase => &[Admin, Officer, Caseworker, Staff, Rep, Lawyer],
        Action::OpenCase => &[Admin, Officer, Caseworker, Staff, Rep],
        Action::ManageCaseTeam | Action::OverrideEligibility => &[Admin, Officer, Caseworker],
        Action::ListMembers | Action::ViewMember | Action::ViewOrganisation => {
            &[Admin, Officer, Caseworker, Staff, Rep]
        }
        Action::CreateMember | Action::EditMember | Action::ViewEnquiries | Action::WorkOnEnquiry => {
            &[Admin, Officer, Caseworker, Staff]
        }
        Action::ManageEnquirySettings => &[Admin, Officer],
        Action::DecideReferral => &[Officer],
        // Lawyers are not the union's lay officials: their time is not facility time.
        Action::LogTime => &[Admin, Officer, Caseworker, Staff, Rep],
        Action::ManageRepProfiles | Action::RecordTraining => &[Admin, Officer],
        Action::ViewWorkload => &[Admin, Officer, Caseworker],
        Action::ManageWorkloadSettings => &[Admin, Officer],
        Action::RecordWellbeing => &[Admin, Officer, Caseworker, Staff, Rep],
        // The employer's published figures: those who deal with employers and their pay data.
        Action::ViewFacilityReport | Action::EnterPayBill => &[Admin, Officer],
        // Like logging time: lawyers are not the union's lay officials.
        Action::RequestTimeOff => &[Admin, Officer, Caseworker, Staff, Rep],
        Action::ViewTimeOffRequests => &[Admin, Officer],
        // Those who deal with employers; the use case holds an officer to their scope's employers.
        Action::ManageTimeOffRules => &[Admin, Officer],
        Action::ManageOrganisation
        | Action::ListUsers
        | Action::ManageUsers
        | Action::ViewAuditLog
        | Action::ManageCalendar
        | Action::ReceiveMail
        | Action::ManageCaseSettings => &[Admin],
    };
    allowed.contains(&role)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::kind::CaseRole;
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
    fn a_rep_or_lawyer_reaches_only_the_cases_they_are_on() {
        let off_team = Target::Case(CaseAccess { path: Some(PATH), team_role: None });
        let on_team = Target::Case(CaseAccess { path: Some(PATH), team_role: Some(CaseRole::Rep) });
        for role in [Role::Rep, Role::Lawyer] {
            let someone = actor(role, Scope::Union);
            assert_eq!(authorize(&someone, Action::ViewCase, off_team), Decision::DenyScope, "{role:?}");
            assert_eq!(authorize(&someone, Action::ViewCase, on_team), Decision::Allow, "{role:?}");
        }
    }

    #[test]
    fn other_roles_reach_cases_by_scope_or_by_being_on_the_team() {
        let elsewhere = OrgPath { branch: BranchId(9), workplace: WorkplaceId(8), ..PATH };
        let caseworker = actor(Role::Caseworker, Scope::Branch(BranchId(2)));
        let here = Target::Case(CaseAccess { path: Some(PATH), team_role: None });
        let there = Target::Case(CaseAccess { path: Some(elsewhere), team_role: None });
        let there_on_team = Target::Case(CaseAccess { path: Some(elsewhere), team_role: Some(CaseRole::Caseworker) });
        assert_eq!(authorize(&caseworker, Action::WorkOnCase, here), Decision::Allow);
        assert_eq!(authorize(&caseworker, Action::WorkOnCase, there), Decision::DenyScope);
        assert_eq!(authorize(&caseworker, Action::WorkOnCase, there_on_team), Decision::Allow);
        let lawyer = actor(Role::Lawyer, Scope::Union);
        assert_eq!(authorize(&lawyer, Action::ManageCaseTeam, there_on_team), Decision::DenyRole);
    }

    #[test]
    fn everyone_can_manage_their_own_account() {
        for role in Role::ALL {
            assert!(authorize(&actor(role, Scope::Union), Action::ManageOwnAccount, Target::Any).is_allowed());
        }
    }
}
