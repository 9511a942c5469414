//! Names for the OpenAPI document only: the closed sets of words some string fields accept.
//! Handlers still receive plain strings and the use cases parse them, so a wrong word gets
//! the same field-level message as in the web forms; these types make the document say
//! which words are right.

#![allow(dead_code)] // never constructed: they exist to describe fields in the schema

use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NationName {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatusName {
    Active,
    Arrears,
    Lapsed,
    Resigned,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    Admin,
    Officer,
    Caseworker,
    Staff,
    Rep,
    Lawyer,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseTypeName {
    Disciplinary,
    Grievance,
    Capability,
    SicknessAbsence,
    PerformanceReview,
    Redundancy,
    Pay,
    Investigation,
    TribunalReferral,
    HealthAndSafety,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatusName {
    Open,
    Closed,
}

/// Which cases a list shows by status.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatusFilterName {
    Open,
    Closed,
    All,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EscalationLevelName {
    Rep,
    Caseworker,
    Officer,
    Legal,
}

/// The part a person plays on a case's team.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseRoleName {
    Rep,
    Caseworker,
    Officer,
    Lawyer,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityName {
    Full,
    AdviceOnly,
}

/// Every kind of timeline entry.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryKindName {
    Note,
    Call,
    EmailIn,
    EmailOut,
    Meeting,
    Document,
    TimeSpent,
    StageChange,
    Opened,
    Closed,
    Reopened,
    TeamChange,
    Eligibility,
    Correction,
    Deadline,
}

/// The kinds of timeline entry a person writes by hand.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WrittenEntryKindName {
    Note,
    Call,
    EmailIn,
    EmailOut,
    Meeting,
    Document,
    TimeSpent,
}

/// How a case ended.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseOutcomeName {
    ResolvedInformally,
    Upheld,
    PartlyUpheld,
    NotUpheld,
    SanctionReduced,
    Settled,
    Withdrawn,
    AdviceGiven,
    ReferredToLegal,
    MembershipEnded,
}

/// The decision recorded when a procedure reaches its decision stage.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageDecisionName {
    NoAction,
    Warning,
    FinalWarning,
    Dismissal,
}
