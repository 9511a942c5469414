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
