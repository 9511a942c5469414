//! Routing rules for new enquiries, kept in the order they are tried.

use async_trait::async_trait;
use sqlx::Row;
use steward_app::ports::{AuditEntry, RoutingPlace, RoutingRule, RoutingStore, StoreError, StoreResult};
use steward_domain::enquiry::routing::RuleConditions;
use steward_domain::ids::{BranchId, UserId, WorkplaceId};

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::time;
use crate::Db;

#[async_trait]
impl RoutingStore for Db {
    async fn routing_rules(&self) -> StoreResult<Vec<RoutingRule>> {
        let rows = sqlx::query(
            "SELECT r.id, r.position, r.branch_id, r.keyword, r.employer_id, r.workplace_id, r.channel, r.assign_to, u.name \
             FROM routing_rules r JOIN users u ON u.id = r.assign_to ORDER BY r.position, r.id",
        )
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(RoutingRule {
                    id: row.try_get(0)?,
                    position: row.try_get(1)?,
                    conditions: RuleConditions {
                        branch: row.try_get(2)?,
                        keyword: row.try_get(3)?,
                        employer: row.try_get(4)?,
                        workplace: row.try_get(5)?,
                        channel: row.try_get(6)?,
                    },
                    assign_to: UserId(row.try_get(7)?),
                    assign_to_name: row.try_get(8)?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)
    }

    async fn add_routing_rule(
        &self,
        conditions: &RuleConditions,
        assign_to: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO routing_rules (position, branch_id, keyword, employer_id, workplace_id, channel, assign_to, created_at) \
             VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM routing_rules), $1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(conditions.branch)
        .bind(&conditions.keyword)
        .bind(conditions.employer)
        .bind(conditions.workplace)
        .bind(&conditions.channel)
        .bind(assign_to.0)
        .bind(time::to_text(audit.at))
        .fetch_one(&mut *tx)
        .await
        .map_err(on_write("rule"))?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn delete_routing_rule(&self, id: i64, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let deleted =
            sqlx::query("DELETE FROM routing_rules WHERE id = $1").bind(id).execute(&mut *tx).await.map_err(backend)?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn routing_place(&self, workplace: WorkplaceId) -> StoreResult<RoutingPlace> {
        let row = sqlx::query("SELECT branch_id, employer_id FROM workplaces WHERE id = $1")
            .bind(workplace.0)
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(RoutingPlace::default()) };
        Ok(RoutingPlace {
            branch: row.try_get::<Option<i64>, _>(0).map_err(backend)?.map(BranchId),
            employer: row.try_get(1).map_err(backend)?,
            workplace: Some(workplace),
        })
    }
}
