//! Who may open a case file. A rep or a lawyer sees only the cases they are on; officers,
//! caseworkers, staff and administrators see the cases their scope covers, and any case they
//! are on wherever it is.

use crate::organisation::OrgPath;

use super::kind::CaseRole;

/// What the authorisation function needs to know about one case and the person asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseAccess {
    /// Where the case sits: its lead member's workplace.
    pub path: Option<OrgPath>,
    /// The asker's part on the case's team, if they are on it.
    pub team_role: Option<CaseRole>,
}
