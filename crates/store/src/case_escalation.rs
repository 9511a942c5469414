//! Escalation: a case's assessed stakes, the union's guidance rules, legal referrals (asked
//! for, then decided by an officer in one guarded write that also moves the case to legal
//! level), and external lawyers' time-bound places on a file.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;
use steward_app::ports::{
    AssessedRisk, AuditEntry, CaseEscalationStore, CaseId, ExpiredAccess, NewReferral, NewTimelineEntry, Referral,
    ReferralDecision, StoreError, StoreResult, StoredGuidanceRule,
};
use steward_domain::case::escalation::{GuidanceRule, RiskAssessment, TribunalRisk};
use steward_domain::case::kind::{CaseRole, CaseType, EscalationLevel};
use steward_domain::case::rating::Rating;
use steward_domain::case::referral::{ChecklistItem, ReferralStatus};
use steward_domain::ids::UserId;

use crate::audit::insert_audit;
use crate::cases::{insert_entry, insert_team_member, touch_open};
use crate::errors::{backend, on_write};
use crate::time;
use crate::Db;

const REFERRAL_COLUMNS: &str = "id, case_id, status, summary, checklist, requested_by_label, requested_at, \
     decided_by_label, decided_at, decision_note";

#[async_trait]
impl CaseEscalationStore for Db {
    async fn case_risk(&self, id: CaseId) -> StoreResult<Option<AssessedRisk>> {
        let row = sqlx::query(
            "SELECT tribunal_risk, value_pounds, assessed_by, assessed_at FROM case_risk WHERE case_id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.read)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let risk: String = row.try_get(0).map_err(backend)?;
        let value: Option<i64> = row.try_get(1).map_err(backend)?;
        let at: String = row.try_get(3).map_err(backend)?;
        Ok(Some(AssessedRisk {
            risk: RiskAssessment {
                tribunal_risk: TribunalRisk::parse(&risk).map_err(StoreError::Backend)?,
                value_pounds: value.map(pounds).transpose()?,
            },
            assessed_by: row.try_get(2).map_err(backend)?,
            assessed_at: time::from_text(&at)?,
        }))
    }

    async fn set_case_risk(
        &self,
        id: CaseId,
        risk: &AssessedRisk,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        touch_open(&mut tx, id, audit).await?;
        sqlx::query(
            "INSERT INTO case_risk (case_id, tribunal_risk, value_pounds, assessed_by, assessed_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id) DO UPDATE SET tribunal_risk = excluded.tribunal_risk, \
             value_pounds = excluded.value_pounds, assessed_by = excluded.assessed_by, \
             assessed_at = excluded.assessed_at",
        )
        .bind(id.0)
        .bind(risk.risk.tribunal_risk.as_str())
        .bind(risk.risk.value_pounds.map(i64::from))
        .bind(&risk.assessed_by)
        .bind(time::to_text(risk.assessed_at))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_entry(&mut tx, id, entry, &time::to_text(audit.at)).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn guidance_rules(&self) -> StoreResult<Vec<StoredGuidanceRule>> {
        let rows = sqlx::query(
            "SELECT id, case_type, min_complexity, min_tribunal_risk, min_value_pounds, level, reason \
             FROM case_escalation_rules ORDER BY id LIMIT 500",
        )
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter().map(guidance_rule_from_row).collect()
    }

    async fn add_guidance_rule(&self, rule: &GuidanceRule, audit: &AuditEntry) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_escalation_rules (case_type, min_complexity, min_tribunal_risk, min_value_pounds, level, \
             reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(rule.case_type.map(CaseType::as_str))
        .bind(rule.min_complexity.map(|rating| i64::from(rating.value())))
        .bind(rule.min_tribunal_risk.map(TribunalRisk::as_str))
        .bind(rule.min_value_pounds.map(i64::from))
        .bind(rule.level.as_str())
        .bind(&rule.reason)
        .bind(time::to_text(audit.at))
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn delete_guidance_rule(&self, id: i64, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let deleted = sqlx::query("DELETE FROM case_escalation_rules WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn referrals(&self, id: CaseId) -> StoreResult<Vec<Referral>> {
        let sql =
            format!("SELECT {REFERRAL_COLUMNS} FROM case_referrals WHERE case_id = $1 ORDER BY id DESC LIMIT 100");
        let rows = sqlx::query(&sql).bind(id.0).fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(referral_from_row).collect()
    }

    async fn request_referral(
        &self,
        id: CaseId,
        referral: &NewReferral,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        touch_open(&mut tx, id, audit).await?;
        let checklist: Vec<&str> = referral.checklist.iter().map(|item| item.as_str()).collect();
        let referral_id: i64 = sqlx::query_scalar(
            "INSERT INTO case_referrals (case_id, status, summary, checklist, requested_by, requested_by_label, \
             requested_at) VALUES ($1, 'requested', $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(id.0)
        .bind(&referral.summary)
        .bind(checklist.join(","))
        .bind(referral.requested_by.map(|user| user.0))
        .bind(&referral.requested_by_label)
        .bind(time::to_text(referral.requested_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(on_write("referral"))?;
        insert_entry(&mut tx, id, entry, &time::to_text(audit.at)).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(referral_id)
    }

    async fn decide_referral(
        &self,
        id: CaseId,
        referral: i64,
        decision: ReferralDecision<'_>,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(audit.at);
        touch_open(&mut tx, id, audit).await?;
        let (status, note) = match decision {
            ReferralDecision::Approve { .. } => (ReferralStatus::Approved, None),
            ReferralDecision::Decline { reason } => (ReferralStatus::Declined, Some(reason)),
        };
        let decided = sqlx::query(
            "UPDATE case_referrals SET status = $1, decided_by = $2, decided_by_label = $3, decided_at = $4, \
             decision_note = $5 WHERE id = $6 AND case_id = $7 AND status = 'requested'",
        )
        .bind(status.as_str())
        .bind(entry.author.map(|user| user.0))
        .bind(&entry.author_label)
        .bind(&at)
        .bind(note)
        .bind(referral)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if decided.rows_affected() == 0 {
            return Err(StoreError::Stale);
        }
        if let ReferralDecision::Approve { from } = decision {
            let moved = sqlx::query(
                "UPDATE cases SET escalation_level = 'legal' WHERE id = $1 AND status = 'open' AND escalation_level = $2",
            )
            .bind(id.0)
            .bind(from.as_str())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            if moved.rows_affected() == 0 {
                return Err(StoreError::Stale);
            }
        }
        insert_entry(&mut tx, id, entry, &at).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn add_external_lawyer(
        &self,
        id: CaseId,
        user: UserId,
        until: DateTime<Utc>,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(audit.at);
        touch_open(&mut tx, id, audit).await?;
        insert_team_member(&mut tx, id, user, CaseRole::Lawyer, &at).await?;
        sqlx::query(
            "INSERT INTO case_access_limits (case_id, user_id, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (case_id, user_id) DO UPDATE SET expires_at = excluded.expires_at",
        )
        .bind(id.0)
        .bind(user.0)
        .bind(time::to_text(until))
        .execute(&mut *tx)
        .await
        .map_err(on_write("team_member"))?;
        insert_entry(&mut tx, id, entry, &at).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn expired_access(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<ExpiredAccess>> {
        let rows = sqlx::query(
            "SELECT l.case_id, l.user_id, u.name, l.expires_at FROM case_access_limits l \
             JOIN users u ON u.id = l.user_id WHERE l.expires_at <= $1 ORDER BY l.expires_at LIMIT $2",
        )
        .bind(time::to_text(now))
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let expired: String = row.try_get(3).map_err(backend)?;
                Ok(ExpiredAccess {
                    case: CaseId(row.try_get(0).map_err(backend)?),
                    user: UserId(row.try_get(1).map_err(backend)?),
                    name: row.try_get(2).map_err(backend)?,
                    expired_at: time::from_text(&expired)?,
                })
            })
            .collect()
    }

    async fn end_external_access(
        &self,
        access: &ExpiredAccess,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let ended =
            sqlx::query("DELETE FROM case_access_limits WHERE case_id = $1 AND user_id = $2 AND expires_at = $3")
                .bind(access.case.0)
                .bind(access.user.0)
                .bind(time::to_text(access.expired_at))
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        if ended.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM case_team WHERE case_id = $1 AND user_id = $2")
            .bind(access.case.0)
            .bind(access.user.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let at = time::to_text(audit.at);
        sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2")
            .bind(&at)
            .bind(access.case.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        insert_entry(&mut tx, access.case, entry, &at).await?;
        insert_audit(&mut tx, audit, Some(access.case.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(true)
    }
}

fn pounds(value: i64) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| StoreError::Backend(format!("value {value} out of range")))
}

fn guidance_rule_from_row(row: &AnyRow) -> StoreResult<StoredGuidanceRule> {
    let case_type: Option<String> = row.try_get(1).map_err(backend)?;
    let complexity: Option<i64> = row.try_get(2).map_err(backend)?;
    let risk: Option<String> = row.try_get(3).map_err(backend)?;
    let value: Option<i64> = row.try_get(4).map_err(backend)?;
    let level: String = row.try_get(5).map_err(backend)?;
    let min_complexity = complexity
        .map(|value| {
            u8::try_from(value)
                .ok()
                .and_then(Rating::new)
                .ok_or_else(|| StoreError::Backend(format!("complexity {value} out of range")))
        })
        .transpose()?;
    Ok(StoredGuidanceRule {
        id: row.try_get(0).map_err(backend)?,
        rule: GuidanceRule {
            case_type: case_type.as_deref().map(CaseType::parse).transpose().map_err(StoreError::Backend)?,
            min_complexity,
            min_tribunal_risk: risk.as_deref().map(TribunalRisk::parse).transpose().map_err(StoreError::Backend)?,
            min_value_pounds: value.map(pounds).transpose()?,
            level: EscalationLevel::parse(&level).map_err(StoreError::Backend)?,
            reason: row.try_get(6).map_err(backend)?,
        },
    })
}

fn referral_from_row(row: &AnyRow) -> StoreResult<Referral> {
    let status: String = row.try_get(2).map_err(backend)?;
    let checklist: String = row.try_get(4).map_err(backend)?;
    let requested_at: String = row.try_get(6).map_err(backend)?;
    let decided_at: Option<String> = row.try_get(8).map_err(backend)?;
    Ok(Referral {
        id: row.try_get(0).map_err(backend)?,
        case: CaseId(row.try_get(1).map_err(backend)?),
        status: ReferralStatus::parse(&status).map_err(StoreError::Backend)?,
        summary: row.try_get(3).map_err(backend)?,
        checklist: checklist
            .split(',')
            .filter(|item| !item.is_empty())
            .map(ChecklistItem::parse)
            .collect::<Result<_, _>>()
            .map_err(StoreError::Backend)?,
        requested_by: row.try_get(5).map_err(backend)?,
        requested_at: time::from_text(&requested_at)?,
        decided_by: row.try_get(7).map_err(backend)?,
        decided_at: decided_at.as_deref().map(time::from_text).transpose()?,
        decision_note: row.try_get(9).map_err(backend)?,
    })
}
