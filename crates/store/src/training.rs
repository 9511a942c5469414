//! Training and accreditation records, and who holds a competence on a given day.

use async_trait::async_trait;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::Row;
use steward_app::ports::{AuditEntry, NewTrainingRecord, StoreError, StoreResult, TrainingRecord, TrainingStore};
use steward_domain::ids::UserId;
use steward_domain::training::Competence;

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::time;
use crate::Db;

#[async_trait]
impl TrainingStore for Db {
    async fn training_records(&self, user: UserId) -> StoreResult<Vec<TrainingRecord>> {
        let rows = sqlx::query(
            "SELECT t.id, t.user_id, t.competence, t.course, t.completed_on, t.expires_on, u.name, t.recorded_at \
             FROM training_records t LEFT JOIN users u ON u.id = t.recorded_by \
             WHERE t.user_id = $1 ORDER BY t.completed_on DESC, t.id DESC",
        )
        .bind(user.0)
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter().map(record_from_row).collect()
    }

    async fn add_training_record(&self, record: &NewTrainingRecord, audit: &AuditEntry) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO training_records (user_id, competence, course, completed_on, expires_on, recorded_by, \
             recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(record.user.0)
        .bind(record.competence.as_str())
        .bind(record.course.as_str())
        .bind(record.completed_on.to_string())
        .bind(record.expires_on.map(|day| day.to_string()))
        .bind(record.recorded_by.0)
        .bind(time::to_text(record.recorded_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(on_write("training_record"))?;
        insert_audit(&mut tx, audit, Some(record.user.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn remove_training_record(&self, user: UserId, id: i64, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let deleted = sqlx::query("DELETE FROM training_records WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit, Some(user.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn trained_in(&self, competence: Competence, day: NaiveDate) -> StoreResult<Vec<UserId>> {
        let day = day.to_string();
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT user_id FROM training_records WHERE competence = $1 AND completed_on <= $2 \
             AND (expires_on IS NULL OR expires_on >= $2)",
        )
        .bind(competence.as_str())
        .bind(day)
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        Ok(ids.into_iter().map(UserId).collect())
    }
}

fn record_from_row(row: &AnyRow) -> StoreResult<TrainingRecord> {
    let competence: String = row.try_get(2).map_err(backend)?;
    let expires: Option<String> = row.try_get(5).map_err(backend)?;
    Ok(TrainingRecord {
        id: row.try_get(0).map_err(backend)?,
        user: UserId(row.try_get(1).map_err(backend)?),
        competence: Competence::parse(&competence)
            .map_err(|_| StoreError::Backend(format!("stored competence \"{competence}\" is unknown")))?,
        course: row.try_get(3).map_err(backend)?,
        completed_on: time::date_from_text(&row.try_get::<String, _>(4).map_err(backend)?)?,
        expires_on: expires.as_deref().map(time::date_from_text).transpose()?,
        recorded_by: row.try_get(6).map_err(backend)?,
        recorded_at: time::from_text(&row.try_get::<String, _>(7).map_err(backend)?)?,
    })
}
