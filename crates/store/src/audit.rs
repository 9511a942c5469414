//! The append-only audit log. Entries are written inside the transaction of the change they
//! describe (see `insert_audit`), so a change and its record stand or fall together.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use steward_app::ports::{AuditEntry, AuditLog, AuditPage, AuditQuery, StoreResult};
use steward_domain::ids::UserId;

use crate::errors::backend;
use crate::sql::{Arg, Sql, MAX_BINDS};
use crate::time;
use crate::Db;

/// Records `entry`, with `entity_id` filled in when the change created the record.
pub(crate) async fn insert_audit(
    conn: &mut AnyConnection,
    entry: &AuditEntry,
    entity_id: Option<String>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, actor_label, action, entity, entity_id, detail, source) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(time::to_text(entry.at))
    .bind(entry.actor_user_id.map(|id| id.0))
    .bind(&entry.actor_label)
    .bind(&entry.action)
    .bind(&entry.entity)
    .bind(entity_id.or_else(|| entry.entity_id.clone()))
    .bind(&entry.detail)
    .bind(&entry.source)
    .execute(conn)
    .await
    .map_err(backend)?;
    Ok(())
}

/// Records many entries with one statement per hundred (bulk imports).
pub(crate) async fn insert_audits(
    conn: &mut AnyConnection,
    entries: &[(AuditEntry, Option<String>)],
) -> StoreResult<()> {
    for chunk in entries.chunks(MAX_BINDS / 8) {
        let mut sql = Sql::bulk(
            "INSERT INTO audit_log (at, actor_user_id, actor_label, action, entity, entity_id, detail, source) VALUES ",
            conn,
        );
        sql.values_rows(chunk.iter().map(|(entry, entity_id)| {
            vec![
                Arg::Text(time::to_text(entry.at)),
                Arg::OptInt(entry.actor_user_id.map(|id| id.0)),
                Arg::Text(entry.actor_label.clone()),
                Arg::Text(entry.action.clone()),
                Arg::Text(entry.entity.clone()),
                Arg::OptText(entity_id.clone().or_else(|| entry.entity_id.clone())),
                Arg::Text(entry.detail.clone()),
                Arg::OptText(entry.source.clone()),
            ]
        }));
        sql.query().execute(&mut *conn).await.map_err(backend)?;
    }
    Ok(())
}

#[async_trait]
impl AuditLog for Db {
    async fn record(&self, entry: &AuditEntry) -> StoreResult<()> {
        let mut conn = self.write.acquire().await.map_err(backend)?;
        insert_audit(&mut conn, entry, None).await
    }

    async fn audit_entries(&self, query: &AuditQuery) -> StoreResult<AuditPage> {
        let mut sql = Sql::new(
            "SELECT id, at, actor_user_id, actor_label, action, entity, entity_id, detail, source FROM audit_log WHERE 1 = 1",
        );
        if let Some(entity) = &query.entity {
            sql.push(" AND entity = ").bind(Arg::Text(entity.clone()));
        }
        if let Some(entity_id) = &query.entity_id {
            sql.push(" AND entity_id = ").bind(Arg::Text(entity_id.clone()));
        }
        if let Some(actor) = &query.actor_label {
            sql.push(" AND actor_label = ").bind(Arg::Text(actor.clone()));
        }
        if let Some(action) = &query.exclude_action {
            sql.push(" AND action <> ").bind(Arg::Text(action.clone()));
        }
        if let Some(before) = query.before_id {
            sql.push(" AND id < ").bind(Arg::Int(before));
        }
        let limit = i64::from(query.limit.max(1));
        sql.push(" ORDER BY id DESC LIMIT ").bind(Arg::Int(limit + 1));
        let rows = sql.query().fetch_all(&self.read).await.map_err(backend)?;
        let mut entries = rows.iter().map(audit_from_row).collect::<StoreResult<Vec<_>>>()?;
        let more = entries.len() as i64 > limit;
        entries.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let next_before_id = if more { entries.last().map(|(id, _)| *id) } else { None };
        Ok(AuditPage { entries, next_before_id })
    }
}

fn audit_from_row(row: &AnyRow) -> StoreResult<(i64, AuditEntry)> {
    let get_text = |index: usize| row.try_get::<String, _>(index).map_err(backend);
    let entry = AuditEntry {
        at: time::from_text(&get_text(1)?)?,
        actor_user_id: row.try_get::<Option<i64>, _>(2).map_err(backend)?.map(UserId),
        actor_label: get_text(3)?,
        action: get_text(4)?,
        entity: get_text(5)?,
        entity_id: row.try_get(6).map_err(backend)?,
        detail: get_text(7)?,
        source: row.try_get(8).map_err(backend)?,
    };
    Ok((row.try_get(0).map_err(backend)?, entry))
}
