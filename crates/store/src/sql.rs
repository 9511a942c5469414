//! A small helper for statements assembled at run time (search filters, many-row inserts): it
//! numbers the `$n` placeholders, which both SQLite and PostgreSQL accept, and binds the values
//! in order.

use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryScalar};
use sqlx::Any;
use steward_domain::ids::{BranchId, RegionId, WorkplaceId};
use steward_domain::organisation::Scope;

/// How many values one many-row statement binds at most. Both databases accept far more
/// (SQLite 32,766, PostgreSQL 65,535), but larger statements made imports no faster: on
/// SQLite each one journals every page it touches so that it can be undone alone.
pub(crate) const MAX_BINDS: usize = 240;

#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Int(i64),
    Text(String),
    OptInt(Option<i64>),
    OptText(Option<String>),
}

#[derive(Debug, Default)]
pub(crate) struct Sql {
    text: String,
    args: Vec<Arg>,
    positional: bool,
}

impl Sql {
    pub(crate) fn new(text: &str) -> Self {
        Self { text: text.to_owned(), args: Vec::new(), positional: false }
    }

    /// For statements with hundreds of values, run on `conn`. On SQLite the placeholders are
    /// plain `?`: its driver looks every `$n` up by name in a list, so a statement with n
    /// named parameters costs n² (a third of a 100k import's time went there); `?` is bound
    /// by position. PostgreSQL only understands `$n`, which it handles in linear time.
    pub(crate) fn bulk(text: &str, conn: &sqlx::AnyConnection) -> Self {
        Self { positional: conn.backend_name() == "SQLite", ..Self::new(text) }
    }

    pub(crate) fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `arg`.
    pub(crate) fn bind(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        if self.positional {
            self.text.push('?');
        } else {
            self.text.push_str(&format!("${}", self.args.len()));
        }
        self
    }

    pub(crate) fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        self.args.iter().fold(sqlx::query(&self.text), |query, arg| match arg {
            Arg::Int(value) => query.bind(*value),
            Arg::Text(value) => query.bind(value.as_str()),
            Arg::OptInt(value) => query.bind(*value),
            Arg::OptText(value) => query.bind(value.as_deref()),
        })
    }

    pub(crate) fn query_scalar<T>(&self) -> QueryScalar<'_, Any, T, AnyArguments<'_>>
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        self.args.iter().fold(sqlx::query_scalar(&self.text), |query, arg| match arg {
            Arg::Int(value) => query.bind(*value),
            Arg::Text(value) => query.bind(value.as_str()),
            Arg::OptInt(value) => query.bind(*value),
            Arg::OptText(value) => query.bind(value.as_deref()),
        })
    }

    /// Appends `(..), (..)` with one placeholder per value.
    pub(crate) fn values_rows(&mut self, rows: impl IntoIterator<Item = Vec<Arg>>) -> &mut Self {
        for (row_index, row) in rows.into_iter().enumerate() {
            self.push(if row_index == 0 { "(" } else { ", (" });
            for (index, arg) in row.into_iter().enumerate() {
                if index > 0 {
                    self.push(", ");
                }
                self.bind(arg);
            }
            self.push(")");
        }
        self
    }
}

/// Restricts rows to a scope by their workplace column (`m.workplace_id`, `e.workplace_id`).
/// Rows with no workplace pass only for union-wide scopes.
pub(crate) fn scope_filter(sql: &mut Sql, workplace_column: &'static str, scope: Scope) {
    match scope {
        Scope::Union => {}
        Scope::Region(RegionId(id)) => {
            sql.push(&format!(
                " AND {workplace_column} IN (SELECT w2.id FROM workplaces w2 JOIN branches b2 ON b2.id = w2.branch_id WHERE b2.region_id = "
            ))
            .bind(Arg::Int(id))
            .push(")");
        }
        Scope::Branch(BranchId(id)) => {
            sql.push(&format!(" AND {workplace_column} IN (SELECT w2.id FROM workplaces w2 WHERE w2.branch_id = "))
                .bind(Arg::Int(id))
                .push(")");
        }
        Scope::Workplace(WorkplaceId(id)) => {
            sql.push(&format!(" AND {workplace_column} = ")).bind(Arg::Int(id));
        }
    }
}
