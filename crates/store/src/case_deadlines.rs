//! Deadlines and tasks on cases, the soonest-due date each case keeps for its lists, and the
//! guarded "reminded" mark that makes one server send each reminder once.

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use steward_app::ports::{
    AuditEntry, CaseDeadline, CaseId, DueItem, NewCaseDeadline, OutboxMail, StoreError, StoreResult,
};
use steward_domain::case::reference::CaseReference;
use steward_domain::ids::UserId;

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::time;

const COLUMNS: &str = "d.id, d.case_id, d.kind, d.title, d.due_on, d.rule, d.explanation, d.owner_id, u.name, \
     d.created_by, d.done_at";
const JOINS: &str = " FROM case_deadlines d LEFT JOIN users u ON u.id = d.owner_id";

pub(crate) async fn insert(conn: &mut AnyConnection, id: CaseId, new: &NewCaseDeadline) -> StoreResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO case_deadlines (case_id, kind, title, due_on, rule, inputs, explanation, owner_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(id.0)
    .bind(new.kind)
    .bind(&new.title)
    .bind(new.due_on.format("%Y-%m-%d").to_string())
    .bind(&new.rule)
    .bind(&new.inputs)
    .bind(&new.explanation)
    .bind(new.owner.map(|owner| owner.0))
    .bind(&new.created_by)
    .bind(time::to_text(new.created_at))
    .fetch_one(conn)
    .await
    .map_err(on_write("deadline"))
}

/// Marks one open deadline of this case done; `Stale` when there is none such.
pub(crate) async fn complete(conn: &mut AnyConnection, id: CaseId, deadline: i64, at: &str) -> StoreResult<()> {
    let done = sqlx::query("UPDATE case_deadlines SET done_at = $1 WHERE id = $2 AND case_id = $3 AND done_at IS NULL")
        .bind(at)
        .bind(deadline)
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(backend)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

/// Keeps `cases.next_due_on` equal to the soonest open deadline or task, and `due_sort`
/// (what the lists order by) equal to it or to "nothing due".
pub(crate) async fn refresh_next_due(conn: &mut AnyConnection, id: CaseId) -> StoreResult<()> {
    const SOONEST: &str = "(SELECT MIN(d.due_on) FROM case_deadlines d WHERE d.case_id = $1 AND d.done_at IS NULL)";
    sqlx::query(&format!("UPDATE cases SET next_due_on = {SOONEST}, due_sort = COALESCE({SOONEST}, $2) WHERE id = $1"))
        .bind(id.0)
        .bind(crate::cases::NOTHING_DUE)
        .execute(conn)
        .await
        .map_err(backend)?;
    Ok(())
}

pub(crate) async fn for_case(pool: &AnyPool, id: CaseId) -> StoreResult<Vec<CaseDeadline>> {
    let sql = format!(
        "SELECT {COLUMNS}{JOINS} WHERE d.case_id = $1 \
         ORDER BY CASE WHEN d.done_at IS NULL THEN 0 ELSE 1 END, d.due_on, d.id LIMIT 500"
    );
    let rows = sqlx::query(&sql).bind(id.0).fetch_all(pool).await.map_err(backend)?;
    rows.iter().map(from_row).collect()
}

/// Open items on open cases due by `until`: for one user (on the team or the owner), or for
/// reminders (not yet reminded).
pub(crate) async fn due(
    pool: &AnyPool,
    user: Option<UserId>,
    until: NaiveDate,
    limit: u32,
) -> StoreResult<Vec<DueItem>> {
    let who = match user {
        // Only cases the person is on now: someone taken off a case stops seeing its tasks,
        // even those they owned.
        Some(_) => " AND d.case_id IN (SELECT t.case_id FROM case_team t WHERE t.user_id = $3)",
        None => " AND d.reminded_at IS NULL AND $3 = 0",
    };
    let sql = format!(
        "SELECT {COLUMNS}, c.reference_year, c.reference_number, c.title{JOINS} JOIN cases c ON c.id = d.case_id \
         WHERE d.done_at IS NULL AND c.status = 'open' AND d.due_on <= $1{who} ORDER BY d.due_on, d.id LIMIT $2"
    );
    let rows = sqlx::query(&sql)
        .bind(until.format("%Y-%m-%d").to_string())
        .bind(i64::from(limit))
        .bind(user.map_or(0, |user| user.0))
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let deadline = from_row(row)?;
        let year: i64 = row.try_get(11).map_err(backend)?;
        let number: i64 = row.try_get(12).map_err(backend)?;
        // Only reminders need to know who hears about an item.
        let recipients = match user {
            None => recipients(pool, deadline.case, deadline.owner).await?,
            Some(_) => Vec::new(),
        };
        items.push(DueItem {
            reference: CaseReference::new(
                i32::try_from(year).map_err(|_| StoreError::Backend("case year out of range".into()))?,
                u32::try_from(number).map_err(|_| StoreError::Backend("case number out of range".into()))?,
            ),
            case_title: row.try_get(13).map_err(backend)?,
            recipients,
            deadline,
        });
    }
    Ok(items)
}

/// The team's and the owner's names and addresses, active accounts only.
async fn recipients(pool: &AnyPool, id: CaseId, owner: Option<UserId>) -> StoreResult<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT u.name, u.email FROM users u WHERE u.active = 1 AND \
         (u.id IN (SELECT t.user_id FROM case_team t WHERE t.case_id = $1) OR u.id = $2) ORDER BY u.id",
    )
    .bind(id.0)
    .bind(owner.map_or(0, |owner| owner.0))
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(backend)
}

pub(crate) async fn mark_reminded(
    conn: &mut AnyConnection,
    deadline: i64,
    mails: &[OutboxMail],
    audit: &AuditEntry,
) -> StoreResult<bool> {
    let at = time::to_text(audit.at);
    let marked = sqlx::query("UPDATE case_deadlines SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL")
        .bind(&at)
        .bind(deadline)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    if marked.rows_affected() == 0 {
        return Ok(false);
    }
    for mail in mails {
        sqlx::query(
            "INSERT INTO outbox (enquiry_id, recipient, subject, body, in_reply_to, message_id, automatic, created_at) \
             VALUES (NULL, $1, $2, $3, NULL, NULL, $4, $5)",
        )
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(i64::from(mail.automatic))
        .bind(&at)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    }
    insert_audit(conn, audit, None).await?;
    Ok(true)
}

fn from_row(row: &AnyRow) -> StoreResult<CaseDeadline> {
    let due: String = row.try_get(4).map_err(backend)?;
    let done: Option<String> = row.try_get(10).map_err(backend)?;
    Ok(CaseDeadline {
        id: row.try_get(0).map_err(backend)?,
        case: CaseId(row.try_get(1).map_err(backend)?),
        kind: row.try_get(2).map_err(backend)?,
        title: row.try_get(3).map_err(backend)?,
        due_on: time::date_from_text(&due)?,
        rule: row.try_get(5).map_err(backend)?,
        explanation: row.try_get(6).map_err(backend)?,
        owner: row.try_get::<Option<i64>, _>(7).map_err(backend)?.map(UserId),
        owner_name: row.try_get(8).map_err(backend)?,
        created_by: row.try_get(9).map_err(backend)?,
        done_at: done.map(|at| time::from_text(&at)).transpose()?,
    })
}
