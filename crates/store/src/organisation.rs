//! Regions, branches, employers and workplaces.

use async_trait::async_trait;
use sqlx::Row;
use steward_app::ports::{
    AuditEntry, Branch, Employer, NewWorkplace, Organisation, OrganisationStore, Region, StoreError, StoreResult,
    Workplace,
};
use steward_domain::ids::{BranchId, EmployerId, RegionId, WorkplaceId};
use steward_domain::organisation::{Nation, OrgPath, OrgUnit};

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::sql::{Arg, Sql};
use crate::time;
use crate::Db;

#[async_trait]
impl OrganisationStore for Db {
    async fn create_region(&self, name: &str, audit: &AuditEntry) -> StoreResult<RegionId> {
        let mut sql = Sql::new("INSERT INTO regions (name, created_at) VALUES (");
        sql.bind(Arg::Text(name.into())).push(", ").bind(Arg::Text(time::to_text(audit.at))).push(") RETURNING id");
        self.insert_with_audit(&sql, audit).await.map(RegionId)
    }

    async fn create_branch(&self, region: RegionId, name: &str, audit: &AuditEntry) -> StoreResult<BranchId> {
        let mut sql = Sql::new("INSERT INTO branches (region_id, name, created_at) VALUES (");
        sql.bind(Arg::Int(region.0)).push(", ").bind(Arg::Text(name.into()));
        sql.push(", ").bind(Arg::Text(time::to_text(audit.at))).push(") RETURNING id");
        self.insert_with_audit(&sql, audit).await.map(BranchId)
    }

    async fn create_employer(&self, name: &str, audit: &AuditEntry) -> StoreResult<EmployerId> {
        let mut sql = Sql::new("INSERT INTO employers (name, created_at) VALUES (");
        sql.bind(Arg::Text(name.into())).push(", ").bind(Arg::Text(time::to_text(audit.at))).push(") RETURNING id");
        self.insert_with_audit(&sql, audit).await.map(EmployerId)
    }

    async fn create_workplace(&self, new: &NewWorkplace, audit: &AuditEntry) -> StoreResult<WorkplaceId> {
        let mut sql = Sql::new("INSERT INTO workplaces (branch_id, employer_id, name, nation, created_at) VALUES (");
        sql.bind(Arg::Int(new.branch.0)).push(", ").bind(Arg::Int(new.employer.0)).push(", ");
        sql.bind(Arg::Text(new.name.clone())).push(", ").bind(Arg::Text(new.nation.as_str().into()));
        sql.push(", ").bind(Arg::Text(time::to_text(audit.at))).push(") RETURNING id");
        self.insert_with_audit(&sql, audit).await.map(WorkplaceId)
    }

    async fn edit_org_unit(
        &self,
        unit: OrgUnit,
        id: i64,
        name: &str,
        nation: Option<Nation>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        // Table names come from this fixed list, never from input.
        let table = match unit {
            OrgUnit::Region => "regions",
            OrgUnit::Branch => "branches",
            OrgUnit::Employer => "employers",
            OrgUnit::Workplace => "workplaces",
        };
        let mut sql = Sql::new(&format!("UPDATE {table} SET name = "));
        sql.bind(Arg::Text(name.to_owned()));
        if let Some(nation) = nation {
            sql.push(", nation = ").bind(Arg::Text(nation.as_str().to_owned()));
        }
        sql.push(" WHERE id = ").bind(Arg::Int(id));
        let mut tx = self.write.begin().await.map_err(backend)?;
        let updated = sql.query().execute(&mut *tx).await.map_err(on_write("name"))?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit, None).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn organisation(&self) -> StoreResult<Organisation> {
        let regions = sqlx::query("SELECT id, name FROM regions ORDER BY lower(name), id")
            .fetch_all(&self.read)
            .await
            .map_err(backend)?
            .iter()
            .map(|row| Ok(Region { id: RegionId(row.try_get(0)?), name: row.try_get(1)? }))
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)?;
        let branches = sqlx::query("SELECT id, region_id, name FROM branches ORDER BY lower(name), id")
            .fetch_all(&self.read)
            .await
            .map_err(backend)?
            .iter()
            .map(|row| {
                Ok(Branch { id: BranchId(row.try_get(0)?), region: RegionId(row.try_get(1)?), name: row.try_get(2)? })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)?;
        let employers = sqlx::query("SELECT id, name FROM employers ORDER BY lower(name), id")
            .fetch_all(&self.read)
            .await
            .map_err(backend)?
            .iter()
            .map(|row| Ok(Employer { id: EmployerId(row.try_get(0)?), name: row.try_get(1)? }))
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)?;
        let mut workplaces = Vec::new();
        for row in
            sqlx::query("SELECT id, branch_id, employer_id, name, nation FROM workplaces ORDER BY lower(name), id")
                .fetch_all(&self.read)
                .await
                .map_err(backend)?
        {
            let nation: String = row.try_get(4).map_err(backend)?;
            workplaces.push(Workplace {
                id: WorkplaceId(row.try_get(0).map_err(backend)?),
                branch: BranchId(row.try_get(1).map_err(backend)?),
                employer: EmployerId(row.try_get(2).map_err(backend)?),
                name: row.try_get(3).map_err(backend)?,
                nation: Nation::parse(&nation).map_err(StoreError::Backend)?,
            });
        }
        Ok(Organisation { regions, branches, employers, workplaces })
    }

    async fn workplace_path(&self, id: WorkplaceId) -> StoreResult<Option<OrgPath>> {
        let row = sqlx::query("SELECT w.id, w.branch_id, b.region_id FROM workplaces w JOIN branches b ON b.id = w.branch_id WHERE w.id = $1")
            .bind(id.0)
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        row.map(|row| {
            Ok(OrgPath {
                workplace: WorkplaceId(row.try_get(0)?),
                branch: BranchId(row.try_get(1)?),
                region: RegionId(row.try_get(2)?),
            })
        })
        .transpose()
        .map_err(backend)
    }
}

impl Db {
    /// Runs an `INSERT ... RETURNING id` whose only unique key is the name, with its audit
    /// entry, in one transaction.
    async fn insert_with_audit(&self, insert: &Sql, audit: &AuditEntry) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id: i64 = insert.query_scalar().fetch_one(&mut *tx).await.map_err(on_write("name"))?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }
}
