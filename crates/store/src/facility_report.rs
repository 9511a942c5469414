//! What the facility-time publication figures need besides the time entries themselves
//! (`time_entries.rs` adds those up): each employer's pay bill per reporting period
//! (migration `0021_facility_pay`) and the profiles of its relevant union officials.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::Row;
use steward_app::ports::{
    AuditEntry, FacilityOfficial, FacilityReportStore, PayBill, PayBillCounts, RepProfile, StoreError, StoreResult,
    StoredPayBill,
};
use steward_domain::ids::{EmployerId, UserId};

use crate::audit::insert_audits;
use crate::errors::{backend, on_write};
use crate::sql::{Arg, Sql, MAX_BINDS};
use crate::time;
use crate::Db;

const OFFICIAL_COLUMNS: &str = "u.id, u.name, u.active, p.employer_id, p.contracted_minutes_per_week, \
     p.full_time_minutes_per_week, p.facility_minutes_per_week, p.hourly_cost_pence";

#[async_trait]
impl FacilityReportStore for Db {
    async fn pay_bill(&self, employer: EmployerId, period_start: NaiveDate) -> StoreResult<Option<StoredPayBill>> {
        let row = sqlx::query(
            "SELECT pay_bill_pence, months_over_49_employees, updated_at FROM facility_pay_bills \
             WHERE employer_id = $1 AND period_start = $2",
        )
        .bind(employer.0)
        .bind(period_start.to_string())
        .fetch_optional(&self.read)
        .await
        .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let updated: String = row.try_get(2).map_err(backend)?;
        Ok(Some(StoredPayBill {
            bill: PayBill {
                employer,
                period_start,
                pay_bill_pence: unsigned(row.try_get(0).map_err(backend)?)?,
                months_over_49_employees: row
                    .try_get::<Option<i64>, _>(1)
                    .map_err(backend)?
                    .map(|months| u32::try_from(months).map_err(|_| out_of_range(months)))
                    .transpose()?,
            },
            updated_at: time::from_text(&updated)?,
        }))
    }

    async fn save_pay_bills(&self, bills: &[PayBill], audit: &AuditEntry) -> StoreResult<PayBillCounts> {
        let mut counts = PayBillCounts::default();
        let mut audits = Vec::new();
        let at = time::to_text(audit.at);
        let mut tx = self.write.begin().await.map_err(backend)?;
        for bill in bills {
            let start = bill.period_start.to_string();
            let pence =
                i64::try_from(bill.pay_bill_pence).map_err(|_| StoreError::Backend("pay bill too large".into()))?;
            let months = bill.months_over_49_employees.map(i64::from);
            let existing: Option<(i64, Option<i64>)> = sqlx::query(
                "SELECT pay_bill_pence, months_over_49_employees FROM facility_pay_bills \
                 WHERE employer_id = $1 AND period_start = $2",
            )
            .bind(bill.employer.0)
            .bind(&start)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?
            .map(|row| Ok::<_, StoreError>((row.try_get(0).map_err(backend)?, row.try_get(1).map_err(backend)?)))
            .transpose()?;
            match existing {
                Some(stored) if stored == (pence, months) => {
                    counts.unchanged += 1;
                    continue;
                }
                Some(_) => counts.updated += 1,
                None => counts.created += 1,
            }
            sqlx::query(
                "INSERT INTO facility_pay_bills (employer_id, period_start, pay_bill_pence, months_over_49_employees, \
                 updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (employer_id, period_start) DO UPDATE SET \
                 pay_bill_pence = excluded.pay_bill_pence, \
                 months_over_49_employees = excluded.months_over_49_employees, updated_at = excluded.updated_at",
            )
            .bind(bill.employer.0)
            .bind(&start)
            .bind(pence)
            .bind(months)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(on_write("pay_bill"))?;
            let detail = format!("{}: period from {start}, {} pence", audit.detail, bill.pay_bill_pence);
            audits.push((AuditEntry { detail, ..audit.clone() }, Some(bill.employer.to_string())));
        }
        insert_audits(&mut tx, &audits).await?;
        tx.commit().await.map_err(backend)?;
        Ok(counts)
    }

    async fn facility_officials(&self, employer: EmployerId, users: &[UserId]) -> StoreResult<Vec<FacilityOfficial>> {
        let mut found = BTreeMap::new();
        let by_employer = format!(
            "SELECT {OFFICIAL_COLUMNS} FROM users u JOIN rep_profiles p ON p.user_id = u.id WHERE p.employer_id = $1"
        );
        let rows = sqlx::query(&by_employer).bind(employer.0).fetch_all(&self.read).await.map_err(backend)?;
        for row in &rows {
            let official = official_from_row(row)?;
            found.insert(official.user, official);
        }
        let missing: Vec<UserId> = users.iter().copied().filter(|user| !found.contains_key(user)).collect();
        for chunk in missing.chunks(MAX_BINDS) {
            let mut sql = Sql::new(&format!(
                "SELECT {OFFICIAL_COLUMNS} FROM users u LEFT JOIN rep_profiles p ON p.user_id = u.id WHERE u.id IN ("
            ));
            for (index, user) in chunk.iter().enumerate() {
                if index > 0 {
                    sql.push(", ");
                }
                sql.bind(Arg::Int(user.0));
            }
            sql.push(")");
            for row in &sql.query().fetch_all(&self.read).await.map_err(backend)? {
                let official = official_from_row(row)?;
                found.insert(official.user, official);
            }
        }
        Ok(found.into_values().collect())
    }
}

fn out_of_range(value: i64) -> StoreError {
    StoreError::Backend(format!("stored value {value} out of range"))
}

fn unsigned(value: i64) -> StoreResult<u64> {
    u64::try_from(value).map_err(|_| out_of_range(value))
}

fn official_from_row(row: &AnyRow) -> StoreResult<FacilityOfficial> {
    let weekly = |index: usize| -> StoreResult<Option<u32>> {
        let value: Option<i64> = row.try_get(index).map_err(backend)?;
        value.map(|v| u32::try_from(v).map_err(|_| out_of_range(v))).transpose()
    };
    let active: i64 = row.try_get(2).map_err(backend)?;
    let cost: Option<i64> = row.try_get(7).map_err(backend)?;
    Ok(FacilityOfficial {
        user: UserId(row.try_get(0).map_err(backend)?),
        name: row.try_get(1).map_err(backend)?,
        active: active != 0,
        profile: RepProfile {
            employer: row.try_get::<Option<i64>, _>(3).map_err(backend)?.map(EmployerId),
            contracted_minutes_per_week: weekly(4)?,
            full_time_minutes_per_week: weekly(5)?,
            facility_minutes_per_week: weekly(6)?,
            hourly_cost_pence: cost.map(unsigned).transpose()?,
        },
    })
}
