//! Union time logged (against a case, enquiry, meeting or general duty) and each person's
//! profile: their employer, contracted hours, facility time and cost per hour.

use async_trait::async_trait;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::Row;
use steward_app::ports::{
    AuditEntry, CaseId, EnquiryId, NewTimeEntry, NewTimelineEntry, OfficialTime, RepProfile, StoreError, StoreResult,
    TimeEntry, TimeStore,
};
use steward_domain::facility::category::TimeCategory;
use steward_domain::ids::{EmployerId, UserId};

use crate::audit::insert_audit;
use crate::cases::{insert_entry, reference, touch_open};
use crate::errors::{backend, on_write};
use crate::time;
use crate::Db;

const ENTRY_COLUMNS: &str = "t.id, t.user_id, t.employer_id, t.category, t.employer_paid, t.worked_on, t.minutes, \
     t.case_id, c.reference_year, c.reference_number, t.enquiry_id, t.meeting_id, t.note, t.created_at";

#[async_trait]
impl TimeStore for Db {
    async fn add_time_entry(
        &self,
        entry: &NewTimeEntry,
        timeline: Option<&NewTimelineEntry>,
        audit: &AuditEntry,
    ) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(audit.at);
        if let (Some(case), Some(timeline)) = (entry.case, timeline) {
            touch_open(&mut tx, case, audit).await?;
            insert_entry(&mut tx, case, timeline, &at).await?;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO time_entries (user_id, employer_id, category, employer_paid, worked_on, minutes, case_id, \
             enquiry_id, meeting_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             RETURNING id",
        )
        .bind(entry.user.0)
        .bind(entry.employer.map(|employer| employer.0))
        .bind(entry.category.as_str())
        .bind(i64::from(entry.employer_paid))
        .bind(entry.worked_on.to_string())
        .bind(i64::from(entry.minutes))
        .bind(entry.case.map(|case| case.0))
        .bind(entry.enquiry.map(|enquiry| enquiry.0))
        .bind(entry.meeting)
        .bind(entry.note.as_deref())
        .bind(time::to_text(entry.created_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(on_write("time_entry"))?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn time_entries(
        &self,
        user: UserId,
        from: NaiveDate,
        to: NaiveDate,
        limit: u32,
    ) -> StoreResult<Vec<TimeEntry>> {
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM time_entries t LEFT JOIN cases c ON c.id = t.case_id \
             WHERE t.user_id = $1 AND t.worked_on >= $2 AND t.worked_on <= $3 \
             ORDER BY t.worked_on DESC, t.id DESC LIMIT $4"
        );
        let rows = sqlx::query(&sql)
            .bind(user.0)
            .bind(from.to_string())
            .bind(to.to_string())
            .bind(i64::from(limit))
            .fetch_all(&self.read)
            .await
            .map_err(backend)?;
        rows.iter().map(entry_from_row).collect()
    }

    async fn delete_time_entry(&self, user: UserId, id: i64, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let deleted = sqlx::query("DELETE FROM time_entries WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user.0)
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

    async fn facility_time_by_official(
        &self,
        employer: EmployerId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<OfficialTime>> {
        // Paid kinds count as facility time; activities only when the employer paid.
        let rows = sqlx::query(
            "SELECT user_id, \
             CAST(SUM(CASE WHEN category <> 'activities' OR employer_paid = 1 THEN minutes ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN category = 'activities' AND employer_paid = 1 THEN minutes ELSE 0 END) AS BIGINT), \
             CAST(SUM(minutes) AS BIGINT) \
             FROM time_entries WHERE employer_id = $1 AND worked_on >= $2 AND worked_on <= $3 \
             GROUP BY user_id ORDER BY user_id",
        )
        .bind(employer.0)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(OfficialTime {
                    user: UserId(row.try_get(0).map_err(backend)?),
                    facility_minutes: minutes_sum(row, 1)?,
                    paid_activity_minutes: minutes_sum(row, 2)?,
                    all_minutes: minutes_sum(row, 3)?,
                })
            })
            .collect()
    }

    async fn rep_profile(&self, user: UserId) -> StoreResult<RepProfile> {
        let row = sqlx::query(
            "SELECT employer_id, contracted_minutes_per_week, full_time_minutes_per_week, facility_minutes_per_week, \
             hourly_cost_pence FROM rep_profiles WHERE user_id = $1",
        )
        .bind(user.0)
        .fetch_optional(&self.read)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(RepProfile::default()) };
        let weekly = |index: usize| -> StoreResult<Option<u32>> {
            let value: Option<i64> = row.try_get(index).map_err(backend)?;
            value
                .map(|v| u32::try_from(v).map_err(|_| StoreError::Backend(format!("minutes {v} out of range"))))
                .transpose()
        };
        let cost: Option<i64> = row.try_get(4).map_err(backend)?;
        Ok(RepProfile {
            employer: row.try_get::<Option<i64>, _>(0).map_err(backend)?.map(EmployerId),
            contracted_minutes_per_week: weekly(1)?,
            full_time_minutes_per_week: weekly(2)?,
            facility_minutes_per_week: weekly(3)?,
            hourly_cost_pence: cost
                .map(|v| u64::try_from(v).map_err(|_| StoreError::Backend(format!("cost {v} out of range"))))
                .transpose()?,
        })
    }

    async fn save_rep_profile(&self, user: UserId, profile: &RepProfile, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let cost = profile
            .hourly_cost_pence
            .map(|pence| i64::try_from(pence).map_err(|_| StoreError::Backend("cost out of range".into())))
            .transpose()?;
        sqlx::query(
            "INSERT INTO rep_profiles (user_id, employer_id, contracted_minutes_per_week, full_time_minutes_per_week, \
             facility_minutes_per_week, hourly_cost_pence, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (user_id) DO UPDATE SET employer_id = excluded.employer_id, \
             contracted_minutes_per_week = excluded.contracted_minutes_per_week, \
             full_time_minutes_per_week = excluded.full_time_minutes_per_week, \
             facility_minutes_per_week = excluded.facility_minutes_per_week, \
             hourly_cost_pence = excluded.hourly_cost_pence, updated_at = excluded.updated_at",
        )
        .bind(user.0)
        .bind(profile.employer.map(|employer| employer.0))
        .bind(profile.contracted_minutes_per_week.map(i64::from))
        .bind(profile.full_time_minutes_per_week.map(i64::from))
        .bind(profile.facility_minutes_per_week.map(i64::from))
        .bind(cost)
        .bind(time::to_text(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(on_write("profile"))?;
        insert_audit(&mut tx, audit, Some(user.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }
}

fn minutes_sum(row: &AnyRow, index: usize) -> StoreResult<u64> {
    // SUM is a numeric on PostgreSQL, hence the casts in the query; NULL (no rows) is zero.
    let value: Option<i64> = row.try_get(index).map_err(backend)?;
    u64::try_from(value.unwrap_or(0)).map_err(|_| StoreError::Backend("negative minutes".into()))
}

fn entry_from_row(row: &AnyRow) -> StoreResult<TimeEntry> {
    let category: String = row.try_get(3).map_err(backend)?;
    let paid: i64 = row.try_get(4).map_err(backend)?;
    let worked_on: String = row.try_get(5).map_err(backend)?;
    let minutes: i64 = row.try_get(6).map_err(backend)?;
    let year: Option<i64> = row.try_get(8).map_err(backend)?;
    let number: Option<i64> = row.try_get(9).map_err(backend)?;
    let created: String = row.try_get(13).map_err(backend)?;
    Ok(TimeEntry {
        id: row.try_get(0).map_err(backend)?,
        user: UserId(row.try_get(1).map_err(backend)?),
        employer: row.try_get::<Option<i64>, _>(2).map_err(backend)?.map(EmployerId),
        category: TimeCategory::parse(&category).map_err(StoreError::Backend)?,
        employer_paid: paid != 0,
        worked_on: NaiveDate::parse_from_str(&worked_on, "%Y-%m-%d")
            .map_err(|error| StoreError::Backend(format!("bad date {worked_on}: {error}")))?,
        minutes: u32::try_from(minutes).map_err(|_| StoreError::Backend(format!("minutes {minutes} out of range")))?,
        case: row.try_get::<Option<i64>, _>(7).map_err(backend)?.map(CaseId),
        case_reference: match (year, number) {
            (Some(year), Some(number)) => Some(reference(year, number)?.to_string()),
            _ => None,
        },
        enquiry: row.try_get::<Option<i64>, _>(10).map_err(backend)?.map(EnquiryId),
        meeting: row.try_get(11).map_err(backend)?,
        note: row.try_get(12).map_err(backend)?,
        created_at: time::from_text(&created)?,
    })
}
