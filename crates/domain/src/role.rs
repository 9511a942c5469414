//! The roles people hold in the union's casework.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Officer,
    Caseworker,
    Staff,
    Rep,
    /// External solicitor: sees only the cases referred to them.
    Lawyer,
}

impl Role {
    pub const ALL: [Role; 6] = [Self::Admin, Self::Officer, Self::Caseworker, Self::Staff, Self::Rep, Self::Lawyer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Officer => "officer",
            Self::Caseworker => "caseworker",
            Self::Staff => "staff",
            Self::Rep => "rep",
            Self::Lawyer => "lawyer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "Administrator",
            Self::Officer => "Officer",
            Self::Caseworker => "Caseworker",
            Self::Staff => "Office staff",
            Self::Rep => "Workplace rep",
            Self::Lawyer => "Lawyer",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|role| role.as_str() == raw).ok_or_else(|| {
            format!("\"{}\" is not a role: use admin, officer, caseworker, staff, rep or lawyer", raw.trim())
        })
    }
}
