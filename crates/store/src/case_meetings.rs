//! Meetings on cases, who is going to what (for clash warnings and calendars), and the
//! private calendar feed addresses.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use steward_app::ports::{AuditEntry, CaseId, Meeting, NewMeeting, StoreError, StoreResult, UserRecord};
use steward_domain::case::meeting::MeetingType;
use steward_domain::case::reference::CaseReference;
use steward_domain::ids::{MemberId, UserId};

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::time;
use crate::users::{user_from_row, USER_COLUMNS};

const COLUMNS: &str = "g.id, g.case_id, c.reference_year, c.reference_number, c.title, g.meeting_type, g.starts_at, \
     g.ends_at, g.place, g.video_link, g.member_id, m.first_name || ' ' || m.last_name, g.companion_id, u.name, \
     g.prep_notes, g.outcome, g.postponement_latest, g.postponement_explanation, g.created_at";
const JOINS: &str = " FROM case_meetings g JOIN cases c ON c.id = g.case_id LEFT JOIN members m ON m.id = g.member_id \
     LEFT JOIN users u ON u.id = g.companion_id";

pub(crate) async fn insert(conn: &mut AnyConnection, id: CaseId, new: &NewMeeting) -> StoreResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO case_meetings (case_id, meeting_type, starts_at, ends_at, place, video_link, member_id, companion_id, \
         prep_notes, postponement_latest, postponement_explanation, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(id.0)
    .bind(new.meeting_type.as_str())
    .bind(time::to_text(new.starts_at))
    .bind(time::to_text(new.ends_at))
    .bind(&new.place)
    .bind(&new.video_link)
    .bind(new.member.map(|member| member.0))
    .bind(new.companion.map(|user| user.0))
    .bind(&new.prep_notes)
    .bind(new.postponement_latest.map(|date| date.format("%Y-%m-%d").to_string()))
    .bind(&new.postponement_explanation)
    .bind(&new.created_by)
    .bind(time::to_text(new.created_at))
    .fetch_one(conn)
    .await
    .map_err(on_write("meeting"))
}

pub(crate) async fn set_outcome(conn: &mut AnyConnection, id: CaseId, meeting: i64, outcome: &str) -> StoreResult<()> {
    let updated = sqlx::query("UPDATE case_meetings SET outcome = $1 WHERE id = $2 AND case_id = $3")
        .bind(outcome)
        .bind(meeting)
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(backend)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub(crate) async fn for_case(pool: &AnyPool, id: CaseId) -> StoreResult<Vec<Meeting>> {
    let sql = format!("SELECT {COLUMNS}{JOINS} WHERE g.case_id = $1 ORDER BY g.starts_at, g.id LIMIT 500");
    let rows = sqlx::query(&sql).bind(id.0).fetch_all(pool).await.map_err(backend)?;
    rows.iter().map(from_row).collect()
}

pub(crate) async fn one(pool: &AnyPool, meeting: i64) -> StoreResult<Option<Meeting>> {
    let sql = format!("SELECT {COLUMNS}{JOINS} WHERE g.id = $1");
    let row = sqlx::query(&sql).bind(meeting).fetch_optional(pool).await.map_err(backend)?;
    row.as_ref().map(from_row).transpose()
}

pub(crate) async fn for_companion(
    pool: &AnyPool,
    user: UserId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> StoreResult<Vec<Meeting>> {
    let sql = format!(
        "SELECT {COLUMNS}{JOINS} WHERE g.companion_id = $1 AND g.starts_at < $2 AND g.ends_at > $3 ORDER BY g.starts_at LIMIT 50"
    );
    let rows = sqlx::query(&sql)
        .bind(user.0)
        .bind(time::to_text(to))
        .bind(time::to_text(from))
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    rows.iter().map(from_row).collect()
}

pub(crate) async fn for_user(
    pool: &AnyPool,
    user: UserId,
    from: DateTime<Utc>,
    limit: u32,
) -> StoreResult<Vec<Meeting>> {
    let sql = format!(
        "SELECT {COLUMNS}{JOINS} WHERE g.ends_at >= $2 AND g.case_id IN \
         (SELECT t.case_id FROM case_team t WHERE t.user_id = $1) ORDER BY g.starts_at, g.id LIMIT $3"
    );
    let rows = sqlx::query(&sql)
        .bind(user.0)
        .bind(time::to_text(from))
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    rows.iter().map(from_row).collect()
}

pub(crate) async fn set_feed(
    conn: &mut AnyConnection,
    user: UserId,
    token_hash: &str,
    audit: &AuditEntry,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(user.0)
    .bind(token_hash)
    .bind(time::to_text(audit.at))
    .execute(&mut *conn)
    .await
    .map_err(on_write("calendar_feed"))?;
    insert_audit(conn, audit, Some(user.to_string())).await
}

pub(crate) async fn user_by_feed(pool: &AnyPool, token_hash: &str) -> StoreResult<Option<UserRecord>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = $1 AND u.active = 1"
    );
    let row = sqlx::query(&sql).bind(token_hash).fetch_optional(pool).await.map_err(backend)?;
    row.as_ref().map(user_from_row).transpose()
}

fn from_row(row: &AnyRow) -> StoreResult<Meeting> {
    let int = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
    let opt_int = |i: usize| row.try_get::<Option<i64>, _>(i).map_err(backend);
    let text = |i: usize| row.try_get::<String, _>(i).map_err(backend);
    let opt_text = |i: usize| row.try_get::<Option<String>, _>(i).map_err(backend);
    let kind = text(5)?;
    let year = i32::try_from(int(2)?).map_err(|_| StoreError::Backend("case year out of range".into()))?;
    let number = u32::try_from(int(3)?).map_err(|_| StoreError::Backend("case number out of range".into()))?;
    Ok(Meeting {
        id: int(0)?,
        case: CaseId(int(1)?),
        case_reference: CaseReference::new(year, number),
        case_title: text(4)?,
        meeting_type: MeetingType::parse(&kind).map_err(StoreError::Backend)?,
        starts_at: time::from_text(&text(6)?)?,
        ends_at: time::from_text(&text(7)?)?,
        place: opt_text(8)?,
        video_link: opt_text(9)?,
        member: match opt_int(10)? {
            Some(id) => Some((MemberId(id), opt_text(11)?.unwrap_or_default())),
            None => None,
        },
        companion: match opt_int(12)? {
            Some(id) => Some((UserId(id), opt_text(13)?.unwrap_or_default())),
            None => None,
        },
        prep_notes: opt_text(14)?,
        outcome: opt_text(15)?,
        postponement_latest: opt_text(16)?.map(|date| time::date_from_text(&date)).transpose()?,
        postponement_explanation: opt_text(17)?,
        created_at: time::from_text(&text(18)?)?,
    })
}
