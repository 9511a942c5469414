//! Extra bank holidays entered by administrators.

use async_trait::async_trait;
use sqlx::Row;
use steward_app::ports::{AuditEntry, ExtraHoliday, HolidayStore, NewHoliday, StoreError, StoreResult};
use steward_domain::organisation::Nation;

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::time;
use crate::Db;

#[async_trait]
impl HolidayStore for Db {
    async fn extra_holidays(&self) -> StoreResult<Vec<ExtraHoliday>> {
        let rows =
            sqlx::query("SELECT id, nation, holiday_on, name FROM extra_bank_holidays ORDER BY holiday_on, nation")
                .fetch_all(&self.read)
                .await
                .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let nation: String = row.try_get(1).map_err(backend)?;
                let date: String = row.try_get(2).map_err(backend)?;
                Ok(ExtraHoliday {
                    id: row.try_get(0).map_err(backend)?,
                    nation: Nation::parse(&nation).map_err(StoreError::Backend)?,
                    date: time::date_from_text(&date)?,
                    name: row.try_get(3).map_err(backend)?,
                })
            })
            .collect()
    }

    async fn add_extra_holiday(&self, holiday: &NewHoliday, audit: &AuditEntry) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO extra_bank_holidays (nation, holiday_on, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(holiday.nation.as_str())
        .bind(holiday.date.to_string())
        .bind(&holiday.name)
        .bind(time::to_text(audit.at))
        .fetch_one(&mut *tx)
        .await
        .map_err(on_write("date"))?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }
}
