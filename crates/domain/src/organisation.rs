//! The union's shape: regions contain branches, branches contain workplaces, and each
//! workplace belongs to an employer and lies in one nation (which sets its bank holidays).

use serde::{Deserialize, Serialize};

use crate::ids::{BranchId, RegionId, WorkplaceId};

/// The part of the UK whose bank holidays apply where a member works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nation {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl Nation {
    pub const ALL: [Nation; 3] = [Self::EnglandAndWales, Self::Scotland, Self::NorthernIreland];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::EnglandAndWales => "england-and-wales",
            Self::Scotland => "scotland",
            Self::NorthernIreland => "northern-ireland",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::EnglandAndWales => "England and Wales",
            Self::Scotland => "Scotland",
            Self::NorthernIreland => "Northern Ireland",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|nation| nation.as_str() == raw)
            .ok_or_else(|| "Choose a nation: england-and-wales, scotland or northern-ireland".to_string())
    }
}

/// The four kinds of thing in the organisation tree, named as they appear in URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgUnit {
    Region,
    Branch,
    Employer,
    Workplace,
}

impl OrgUnit {
    pub const ALL: [OrgUnit; 4] = [Self::Region, Self::Branch, Self::Employer, Self::Workplace];

    /// The plural used in paths: `regions`, `branches`, `employers`, `workplaces`.
    pub fn plural(self) -> &'static str {
        match self {
            Self::Region => "regions",
            Self::Branch => "branches",
            Self::Employer => "employers",
            Self::Workplace => "workplaces",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Self::Region => "region",
            Self::Branch => "branch",
            Self::Employer => "employer",
            Self::Workplace => "workplace",
        }
    }

    pub fn from_plural(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|unit| unit.plural() == raw)
    }
}

/// The name of a region, branch, employer or workplace: trimmed, 2 to 120 characters.
pub fn parse_org_name(raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.chars().count() < 2 {
        return Err("Enter a name of at least 2 characters".into());
    }
    // Counted as sent, spaces included, so the API's stated maximum is exact.
    if raw.chars().count() > 120 {
        return Err("The name must be 120 characters or fewer".into());
    }
    if value.chars().any(char::is_control) {
        return Err("The name contains characters that cannot be stored".into());
    }
    Ok(value.to_owned())
}

/// Where a workplace sits in the union; used to decide whether a scope covers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgPath {
    pub region: RegionId,
    pub branch: BranchId,
    pub workplace: WorkplaceId,
}

/// The part of the union a role applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    Union,
    Region(RegionId),
    Branch(BranchId),
    Workplace(WorkplaceId),
}

impl Scope {
    pub fn covers(self, path: OrgPath) -> bool {
        match self {
            Self::Union => true,
            Self::Region(region) => path.region == region,
            Self::Branch(branch) => path.branch == branch,
            Self::Workplace(workplace) => path.workplace == workplace,
        }
    }

    /// Whether the whole of a branch lies inside this scope (a workplace scope covers none).
    pub fn covers_branch(self, branch: BranchId, region: RegionId) -> bool {
        match self {
            Self::Union => true,
            Self::Region(own) => own == region,
            Self::Branch(own) => own == branch,
            Self::Workplace(_) => false,
        }
    }

    /// The text form used in the CLI and the database: `union`, `region:3`, `branch:7`, `workplace:12`.
    pub fn to_text(self) -> String {
        match self {
            Self::Union => "union".into(),
            Self::Region(id) => format!("region:{id}"),
            Self::Branch(id) => format!("branch:{id}"),
            Self::Workplace(id) => format!("workplace:{id}"),
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw == "union" {
            return Ok(Self::Union);
        }
        let invalid = || format!("\"{raw}\" is not a scope: use union, region:ID, branch:ID or workplace:ID");
        let (kind, id) = raw.split_once(':').ok_or_else(invalid)?;
        let id: i64 = id.parse().ok().filter(|id| *id > 0).ok_or_else(invalid)?;
        match kind {
            "region" => Ok(Self::Region(RegionId(id))),
            "branch" => Ok(Self::Branch(BranchId(id))),
            "workplace" => Ok(Self::Workplace(WorkplaceId(id))),
            _ => Err(invalid()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_through_text() {
        for scope in
            [Scope::Union, Scope::Region(RegionId(2)), Scope::Branch(BranchId(5)), Scope::Workplace(WorkplaceId(9))]
        {
            assert_eq!(Scope::parse(&scope.to_text()), Ok(scope));
        }
        for bad in ["", "region", "region:", "region:x", "region:-1", "planet:1"] {
            assert!(Scope::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn a_branch_scope_covers_only_its_own_workplaces() {
        let path = OrgPath { region: RegionId(1), branch: BranchId(2), workplace: WorkplaceId(3) };
        assert!(Scope::Branch(BranchId(2)).covers(path));
        assert!(!Scope::Branch(BranchId(4)).covers(path));
        assert!(Scope::Union.covers(path));
    }
}
