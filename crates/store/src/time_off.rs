//! Time-off requests to the employer and each employer's notice rule. Every status change
//! is an update guarded by the status it expects (and, for the manager's decision, by the
//! link's hash and expiry), so of two clicks or two managers only one changes anything.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use steward_app::ports::{
    AuditEntry, ManagerLink, NewTimeOffRequest, OutboxMail, StoreError, StoreResult, TimeOffDecision, TimeOffFields,
    TimeOffFilter, TimeOffRequest, TimeOffStore,
};
use steward_domain::facility::category::TimeCategory;
use steward_domain::facility::time_off::{NoticeCheck, NoticeRule, RequestStatus};
use steward_domain::ids::{EmployerId, UserId, WorkplaceId};

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::sql::{scope_filter, Arg, Sql};
use crate::time;
use crate::Db;

const COLUMNS: &str = "r.id, r.user_id, u.name, u.email, r.employer_id, e.name, r.workplace_id, r.category, \
     r.starts_on, r.ends_on, r.minutes, r.purpose, r.meeting_id, r.course_name, r.syllabus, r.status, r.submitted_at, \
     r.notice_give_by, r.notice_short, r.notice_after_the_event, r.notice_message, r.manager_name, r.manager_email, \
     r.link_expires_at, r.link_sent_at, r.decided_at, r.decided_by, r.decision_note, r.created_at, r.updated_at";
const FROM: &str =
    "FROM time_off_requests r JOIN users u ON u.id = r.user_id LEFT JOIN employers e ON e.id = r.employer_id";

#[async_trait]
impl TimeOffStore for Db {
    async fn time_off_rule(&self, employer: EmployerId) -> StoreResult<NoticeRule> {
        let row = sqlx::query(
            "SELECT duties_working_days, training_weeks FROM employer_time_off_rules WHERE employer_id = $1",
        )
        .bind(employer.0)
        .fetch_optional(&self.read)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(NoticeRule::DEFAULT) };
        Ok(NoticeRule { duties_working_days: small(&row, 0)?, training_weeks: small(&row, 1)? })
    }

    async fn save_time_off_rule(&self, employer: EmployerId, rule: NoticeRule, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO employer_time_off_rules (employer_id, duties_working_days, training_weeks, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (employer_id) DO UPDATE SET \
             duties_working_days = excluded.duties_working_days, training_weeks = excluded.training_weeks, \
             updated_at = excluded.updated_at",
        )
        .bind(employer.0)
        .bind(i64::from(rule.duties_working_days))
        .bind(i64::from(rule.training_weeks))
        .bind(time::to_text(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(on_write("time_off_rule"))?;
        insert_audit(&mut tx, audit, Some(employer.0.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn create_time_off_request(&self, new: &NewTimeOffRequest, audit: &AuditEntry) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(new.created_at);
        let f = &new.fields;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO time_off_requests (user_id, employer_id, workplace_id, category, starts_on, ends_on, minutes, \
             purpose, meeting_id, course_name, syllabus, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', $12, $12) RETURNING id",
        )
        .bind(new.user.0)
        .bind(new.employer.map(|employer| employer.0))
        .bind(new.workplace.map(|workplace| workplace.0))
        .bind(f.category.as_str())
        .bind(f.starts_on.to_string())
        .bind(f.ends_on.to_string())
        .bind(i64::from(f.minutes))
        .bind(&f.purpose)
        .bind(f.meeting)
        .bind(f.course_name.as_deref())
        .bind(f.syllabus.as_deref())
        .bind(&at)
        .fetch_one(&mut *tx)
        .await
        .map_err(on_write("time_off_request"))?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn update_time_off_draft(
        &self,
        id: i64,
        user: UserId,
        fields: &TimeOffFields,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let changed = sqlx::query(
            "UPDATE time_off_requests SET category = $1, starts_on = $2, ends_on = $3, minutes = $4, purpose = $5, \
             meeting_id = $6, course_name = $7, syllabus = $8, updated_at = $9 \
             WHERE id = $10 AND user_id = $11 AND status = 'draft'",
        )
        .bind(fields.category.as_str())
        .bind(fields.starts_on.to_string())
        .bind(fields.ends_on.to_string())
        .bind(i64::from(fields.minutes))
        .bind(&fields.purpose)
        .bind(fields.meeting)
        .bind(fields.course_name.as_deref())
        .bind(fields.syllabus.as_deref())
        .bind(time::to_text(at))
        .bind(id)
        .bind(user.0)
        .execute(&mut *tx)
        .await
        .map_err(on_write("time_off_request"))?;
        if changed.rows_affected() == 0 {
            return Err(why_unchanged(&mut tx, id, Some(user)).await);
        }
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn time_off_request(&self, id: i64) -> StoreResult<Option<TimeOffRequest>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn time_off_request_by_link(&self, token_hash: &str) -> StoreResult<Option<TimeOffRequest>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE r.link_token_hash = $1"))
            .bind(token_hash)
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        row.as_ref().map(from_row).transpose()
    }

    async fn time_off_requests(&self, filter: TimeOffFilter, limit: u32) -> StoreResult<Vec<TimeOffRequest>> {
        let mut sql = Sql::new(&format!("SELECT {COLUMNS} {FROM} WHERE 1 = 1"));
        match filter {
            TimeOffFilter::Mine(user) => {
                sql.push(" AND r.user_id = ").bind(Arg::Int(user.0));
            }
            TimeOffFilter::InScope(scope) => {
                // Others' drafts are their own business until submitted.
                sql.push(" AND r.status <> 'draft'");
                scope_filter(&mut sql, "r.workplace_id", scope);
            }
        }
        sql.push(" ORDER BY r.starts_on DESC, r.id DESC LIMIT ").bind(Arg::Int(i64::from(limit)));
        let rows = sql.query().fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(from_row).collect()
    }

    async fn submit_time_off(
        &self,
        id: i64,
        read_at: DateTime<Utc>,
        notice: &NoticeCheck,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(at);
        let changed = sqlx::query(
            "UPDATE time_off_requests SET status = 'submitted', submitted_at = $1, notice_give_by = $2, \
             notice_short = $3, notice_after_the_event = $4, notice_message = $5, updated_at = $1 \
             WHERE id = $6 AND status = 'draft' AND updated_at = $7",
        )
        .bind(&at)
        .bind(notice.give_by.to_string())
        .bind(i64::from(notice.short))
        .bind(i64::from(notice.after_the_event))
        .bind(&notice.message)
        .bind(id)
        .bind(time::to_text(read_at))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if changed.rows_affected() == 0 {
            return Err(why_unchanged(&mut tx, id, None).await);
        }
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn withdraw_time_off(
        &self,
        id: i64,
        from: RequestStatus,
        by: &str,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(at);
        let changed = sqlx::query(
            "UPDATE time_off_requests SET status = 'withdrawn', decided_at = $1, decided_by = $2, \
             updated_at = $1 WHERE id = $3 AND status = $4",
        )
        .bind(&at)
        .bind(by)
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if changed.rows_affected() == 0 {
            return Err(why_unchanged(&mut tx, id, None).await);
        }
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn set_time_off_link(
        &self,
        id: i64,
        link: &ManagerLink,
        mail: &OutboxMail,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(audit.at);
        let changed = sqlx::query(
            "UPDATE time_off_requests SET manager_name = $1, manager_email = $2, link_token_hash = $3, \
             link_expires_at = $4, link_sent_at = $5, updated_at = $5 WHERE id = $6 AND status = 'submitted'",
        )
        .bind(&link.manager_name)
        .bind(&link.manager_email)
        .bind(&link.token_hash)
        .bind(time::to_text(link.expires_at))
        .bind(&at)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(on_write("link"))?;
        if changed.rows_affected() == 0 {
            return Err(why_unchanged(&mut tx, id, None).await);
        }
        sqlx::query(
            "INSERT INTO outbox (enquiry_id, recipient, subject, body, in_reply_to, message_id, automatic, created_at) \
             VALUES (NULL, $1, $2, $3, NULL, NULL, $4, $5)",
        )
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(i64::from(mail.automatic))
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn decide_time_off(
        &self,
        id: i64,
        token_hash: &str,
        decision: &TimeOffDecision,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        if !matches!(decision.status, RequestStatus::Approved | RequestStatus::Refused) {
            return Err(StoreError::Backend(format!("{} is not a decision", decision.status.as_str())));
        }
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(decision.at);
        let changed = sqlx::query(
            "UPDATE time_off_requests SET status = $1, decided_at = $2, decided_by = $3, decision_note = $4, \
             updated_at = $2 WHERE id = $5 AND status = 'submitted' AND link_token_hash = $6 AND link_expires_at > $2",
        )
        .bind(decision.status.as_str())
        .bind(&at)
        .bind(&decision.decided_by)
        .bind(decision.note.as_deref())
        .bind(id)
        .bind(token_hash)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Stale);
        }
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }
}

/// Why a guarded update changed nothing: no such request (or not this person's), or it has
/// moved on from the status the change expected.
pub(crate) async fn why_unchanged(conn: &mut AnyConnection, id: i64, user: Option<UserId>) -> StoreError {
    let owner: Result<Option<i64>, _> = sqlx::query_scalar("SELECT user_id FROM time_off_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await;
    match owner {
        Ok(Some(owner)) if user.is_none_or(|user| user.0 == owner) => StoreError::Stale,
        Ok(_) => StoreError::NotFound,
        Err(error) => backend(error),
    }
}

fn small(row: &AnyRow, index: usize) -> StoreResult<u32> {
    let value: i64 = row.try_get(index).map_err(backend)?;
    u32::try_from(value).map_err(|_| StoreError::Backend(format!("value {value} out of range")))
}

fn opt_time(row: &AnyRow, index: usize) -> StoreResult<Option<DateTime<Utc>>> {
    let text: Option<String> = row.try_get(index).map_err(backend)?;
    text.as_deref().map(time::from_text).transpose()
}

fn from_row(row: &AnyRow) -> StoreResult<TimeOffRequest> {
    let category: String = row.try_get(7).map_err(backend)?;
    let starts: String = row.try_get(8).map_err(backend)?;
    let ends: String = row.try_get(9).map_err(backend)?;
    let status: String = row.try_get(15).map_err(backend)?;
    let give_by: Option<String> = row.try_get(17).map_err(backend)?;
    let short: Option<i64> = row.try_get(18).map_err(backend)?;
    let after: Option<i64> = row.try_get(19).map_err(backend)?;
    let message: Option<String> = row.try_get(20).map_err(backend)?;
    let notice = match (give_by, message) {
        (Some(give_by), Some(message)) => Some(NoticeCheck {
            give_by: time::date_from_text(&give_by)?,
            short: short.unwrap_or(0) != 0,
            message,
            after_the_event: after.unwrap_or(0) != 0,
        }),
        _ => None,
    };
    let created: String = row.try_get(28).map_err(backend)?;
    let updated: String = row.try_get(29).map_err(backend)?;
    Ok(TimeOffRequest {
        id: row.try_get(0).map_err(backend)?,
        user: UserId(row.try_get(1).map_err(backend)?),
        user_name: row.try_get(2).map_err(backend)?,
        user_email: row.try_get(3).map_err(backend)?,
        employer: row.try_get::<Option<i64>, _>(4).map_err(backend)?.map(EmployerId),
        employer_name: row.try_get(5).map_err(backend)?,
        workplace: row.try_get::<Option<i64>, _>(6).map_err(backend)?.map(WorkplaceId),
        fields: TimeOffFields {
            category: TimeCategory::parse(&category).map_err(StoreError::Backend)?,
            starts_on: time::date_from_text(&starts)?,
            ends_on: time::date_from_text(&ends)?,
            minutes: small(row, 10)?,
            purpose: row.try_get(11).map_err(backend)?,
            meeting: row.try_get(12).map_err(backend)?,
            course_name: row.try_get(13).map_err(backend)?,
            syllabus: row.try_get(14).map_err(backend)?,
        },
        status: RequestStatus::parse(&status).map_err(StoreError::Backend)?,
        submitted_at: opt_time(row, 16)?,
        notice,
        manager_name: row.try_get(21).map_err(backend)?,
        manager_email: row.try_get(22).map_err(backend)?,
        link_expires_at: opt_time(row, 23)?,
        link_sent_at: opt_time(row, 24)?,
        decided_at: opt_time(row, 25)?,
        decided_by: row.try_get(26).map_err(backend)?,
        decision_note: row.try_get(27).map_err(backend)?,
        created_at: time::from_text(&created)?,
        updated_at: time::from_text(&updated)?,
    })
}
