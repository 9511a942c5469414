//! User accounts.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::Row;
use steward_app::ports::{AuditEntry, NewUser, StoreError, StoreResult, UserRecord, UserStore};
use steward_domain::ids::UserId;
use steward_domain::organisation::{OrgPath, Scope};
use steward_domain::role::Role;

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::time;
use crate::Db;

pub(crate) const USER_COLUMNS: &str = "u.id, u.email, u.name, u.role, u.scope, u.password_hash, u.active, u.created_at";

#[async_trait]
impl UserStore for Db {
    async fn create_user(&self, new: &NewUser, audit: &AuditEntry) -> StoreResult<UserId> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, name, role, scope, password_hash, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id",
        )
        .bind(&new.email)
        .bind(&new.name)
        .bind(new.role.as_str())
        .bind(new.scope.to_text())
        .bind(&new.password_hash)
        .bind(time::to_text(audit.at))
        .fetch_one(&mut *tx)
        .await
        .map_err(on_write("email"))?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(UserId(id))
    }

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1");
        let row = sqlx::query(&sql).bind(email).fetch_optional(&self.read).await.map_err(backend)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn user(&self, id: UserId) -> StoreResult<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(&sql).bind(id.0).fetch_optional(&self.read).await.map_err(backend)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn list_users(&self) -> StoreResult<Vec<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY lower(u.name), u.id");
        let rows = sqlx::query(&sql).fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(user_from_row).collect()
    }

    async fn active_users_covering(&self, path: OrgPath) -> StoreResult<Vec<UserRecord>> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.active = 1 AND u.scope IN ($1, $2, $3, $4) \
             ORDER BY lower(u.name), u.id"
        );
        let rows = sqlx::query(&sql)
            .bind(Scope::Union.to_text())
            .bind(Scope::Region(path.region).to_text())
            .bind(Scope::Branch(path.branch).to_text())
            .bind(Scope::Workplace(path.workplace).to_text())
            .fetch_all(&self.read)
            .await
            .map_err(backend)?;
        rows.iter().map(user_from_row).collect()
    }

    async fn set_user_active(&self, id: UserId, active: bool, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let updated = sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
            .bind(i64::from(active))
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        insert_audit(&mut tx, audit, None).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn count_users(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.read).await.map_err(backend)
    }
}

pub(crate) fn user_from_row(row: &AnyRow) -> StoreResult<UserRecord> {
    let text = |index: usize| row.try_get::<String, _>(index).map_err(backend);
    Ok(UserRecord {
        id: UserId(row.try_get(0).map_err(backend)?),
        email: text(1)?,
        name: text(2)?,
        role: Role::parse(&text(3)?).map_err(StoreError::Backend)?,
        scope: Scope::parse(&text(4)?).map_err(StoreError::Backend)?,
        password_hash: text(5)?,
        active: row.try_get::<i64, _>(6).map_err(backend)? != 0,
        created_at: time::from_text(&text(7)?)?,
    })
}
