//! Per-branch response targets and escalation contacts, and marking missed targets escalated
//! exactly once (the guarded UPDATE decides which server does it).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;
use steward_app::ports::{
    AuditEntry, BranchEnquirySettings, EnquiryId, EnquirySettingsStore, NewEnquiryMessage, OutboxMail, OverdueEnquiry,
    StoreResult,
};
use steward_domain::ids::{BranchId, UserId, WorkplaceId};

use crate::audit::insert_audit;
use crate::enquiries::{insert_message, summary_from_row, SUMMARY_COLUMNS, SUMMARY_JOINS, SUMMARY_WIDTH};
use crate::errors::{backend, on_write};
use crate::time;
use crate::Db;

const SETTINGS_COLUMNS: &str = "s.branch_id, s.first_response_minutes, s.next_response_minutes, s.escalate_to";

#[async_trait]
impl EnquirySettingsStore for Db {
    async fn branch_enquiry_settings(&self) -> StoreResult<Vec<BranchEnquirySettings>> {
        let sql = format!("SELECT {SETTINGS_COLUMNS} FROM branch_enquiry_settings s ORDER BY s.branch_id");
        let rows = sqlx::query(&sql).fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(settings_from_row).collect()
    }

    async fn enquiry_settings_for_workplace(
        &self,
        workplace: WorkplaceId,
    ) -> StoreResult<Option<BranchEnquirySettings>> {
        let sql = format!(
            "SELECT {SETTINGS_COLUMNS} FROM branch_enquiry_settings s JOIN workplaces w ON w.branch_id = s.branch_id \
             WHERE w.id = $1"
        );
        let row = sqlx::query(&sql).bind(workplace.0).fetch_optional(&self.read).await.map_err(backend)?;
        row.as_ref().map(settings_from_row).transpose()
    }

    async fn save_branch_enquiry_settings(
        &self,
        settings: &BranchEnquirySettings,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO branch_enquiry_settings (branch_id, first_response_minutes, next_response_minutes, escalate_to, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (branch_id) DO UPDATE SET \
             first_response_minutes = excluded.first_response_minutes, next_response_minutes = excluded.next_response_minutes, \
             escalate_to = excluded.escalate_to, updated_at = excluded.updated_at",
        )
        .bind(settings.branch.0)
        .bind(i64::from(settings.first_response_minutes))
        .bind(i64::from(settings.next_response_minutes))
        .bind(settings.escalate_to.map(|u| u.0))
        .bind(time::to_text(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(on_write("branch"))?;
        insert_audit(&mut tx, audit, Some(settings.branch.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn overdue_unescalated(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<OverdueEnquiry>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, c.id, c.name, c.email{SUMMARY_JOINS} \
             LEFT JOIN branch_enquiry_settings s ON s.branch_id = w.branch_id \
             LEFT JOIN users c ON c.id = s.escalate_to AND c.active = 1 \
             WHERE e.status = 'open' AND e.escalated_at IS NULL \
             AND COALESCE(e.next_response_due, e.first_response_due) < $1 \
             ORDER BY COALESCE(e.next_response_due, e.first_response_due), e.id LIMIT $2"
        );
        let rows = sqlx::query(&sql)
            .bind(time::to_text(now))
            .bind(i64::from(limit))
            .fetch_all(&self.read)
            .await
            .map_err(backend)?;
        let mut overdue = Vec::with_capacity(rows.len());
        for row in &rows {
            let contact_id: Option<i64> = row.try_get(SUMMARY_WIDTH).map_err(backend)?;
            let contact = match contact_id {
                Some(id) => Some((
                    UserId(id),
                    row.try_get(SUMMARY_WIDTH + 1).map_err(backend)?,
                    row.try_get(SUMMARY_WIDTH + 2).map_err(backend)?,
                )),
                None => None,
            };
            overdue.push(OverdueEnquiry { summary: summary_from_row(row)?, contact });
        }
        Ok(overdue)
    }

    async fn mark_escalated(
        &self,
        enquiry: EnquiryId,
        note: &NewEnquiryMessage,
        mail: Option<&OutboxMail>,
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(note.at);
        let updated = sqlx::query("UPDATE enquiries SET escalated_at = $1 WHERE id = $2 AND escalated_at IS NULL")
            .bind(at.clone())
            .bind(enquiry.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if updated.rows_affected() == 0 {
            return Ok(false);
        }
        insert_message(&mut tx, enquiry, note).await?;
        if let Some(mail) = mail {
            sqlx::query(
                "INSERT INTO outbox (enquiry_id, recipient, subject, body, automatic, created_at) VALUES ($1, $2, $3, $4, 1, $5)",
            )
            .bind(enquiry.0)
            .bind(&mail.to)
            .bind(&mail.subject)
            .bind(&mail.body)
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        insert_audit(&mut tx, audit, Some(enquiry.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(true)
    }
}

fn settings_from_row(row: &sqlx::any::AnyRow) -> StoreResult<BranchEnquirySettings> {
    let minutes = |index: usize| -> StoreResult<u32> {
        let value: i64 = row.try_get(index).map_err(backend)?;
        u32::try_from(value).map_err(|_| steward_app::ports::StoreError::Backend("target out of range".into()))
    };
    Ok(BranchEnquirySettings {
        branch: BranchId(row.try_get(0).map_err(backend)?),
        first_response_minutes: minutes(1)?,
        next_response_minutes: minutes(2)?,
        escalate_to: row.try_get::<Option<i64>, _>(3).map_err(backend)?.map(UserId),
    })
}
