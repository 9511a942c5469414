//! Routing rules for new enquiries, kept in the order they are tried, and the named queues a
//! rule may send enquiries to.

use async_trait::async_trait;
use sqlx::Row;
use steward_app::ports::{
    AuditEntry, EnquiryId, EnquiryQueue, RoutingPlace, RoutingRule, RoutingStore, RuleTarget, StoreError, StoreResult,
};
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
            "SELECT r.id, r.position, r.branch_id, r.keyword, r.employer_id, r.workplace_id, r.channel, r.assign_to, u.name, \
             r.queue_id, q.name FROM routing_rules r LEFT JOIN users u ON u.id = r.assign_to \
             LEFT JOIN enquiry_queues q ON q.id = r.queue_id ORDER BY r.position, r.id",
        )
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let person: (Option<i64>, Option<String>) = (row.try_get(7)?, row.try_get(8)?);
                let queue: (Option<i64>, Option<String>) = (row.try_get(9)?, row.try_get(10)?);
                let target = match (person, queue) {
                    ((Some(user), Some(name)), _) => RuleTarget::Person { user: UserId(user), name },
                    (_, (Some(queue), Some(name))) => RuleTarget::Queue { queue, name },
                    _ => return Err(sqlx::Error::Decode("a routing rule names neither a person nor a queue".into())),
                };
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
                    target,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)
    }

    async fn add_routing_rule(
        &self,
        conditions: &RuleConditions,
        target: &RuleTarget,
        audit: &AuditEntry,
    ) -> StoreResult<i64> {
        let (user, queue) = match target {
            RuleTarget::Person { user, .. } => (Some(user.0), None),
            RuleTarget::Queue { queue, .. } => (None, Some(*queue)),
        };
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO routing_rules (position, branch_id, keyword, employer_id, workplace_id, channel, assign_to, \
             queue_id, created_at) \
             VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM routing_rules), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(conditions.branch)
        .bind(&conditions.keyword)
        .bind(conditions.employer)
        .bind(conditions.workplace)
        .bind(&conditions.channel)
        .bind(user)
        .bind(queue)
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

    async fn enquiry_queues(&self) -> StoreResult<Vec<EnquiryQueue>> {
        let rows = sqlx::query(
            "SELECT q.id, q.name, (SELECT COUNT(*) FROM enquiries e WHERE e.queue_id = q.id AND e.status = 'open') \
             FROM enquiry_queues q ORDER BY lower(q.name), q.id",
        )
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let open: i64 = row.try_get(2)?;
                Ok(EnquiryQueue { id: row.try_get(0)?, name: row.try_get(1)?, open_enquiries: open.max(0) as u32 })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)
    }

    async fn add_enquiry_queue(&self, name: &str, audit: &AuditEntry) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar("INSERT INTO enquiry_queues (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(time::to_text(audit.at))
            .fetch_one(&mut *tx)
            .await
            .map_err(on_write("name"))?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn delete_enquiry_queue(&self, id: i64, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let rules: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM routing_rules WHERE queue_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        if rules > 0 {
            return Err(StoreError::Stale);
        }
        sqlx::query("UPDATE enquiries SET queue_id = NULL WHERE queue_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let deleted = sqlx::query("DELETE FROM enquiry_queues WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(on_write("queue"))?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn set_enquiry_queue(&self, enquiry: EnquiryId, queue: Option<i64>, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let updated = sqlx::query("UPDATE enquiries SET queue_id = $1, updated_at = $2 WHERE id = $3")
            .bind(queue)
            .bind(time::to_text(audit.at))
            .bind(enquiry.0)
            .execute(&mut *tx)
            .await
            .map_err(on_write("queue"))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit, Some(enquiry.to_string())).await?;
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
