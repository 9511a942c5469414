//! Enquiries, their messages and attachments, and the outbox of mail to send.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use steward_app::ports::{
    AuditEntry, EnquiryAttachment, EnquiryDetail, EnquiryId, EnquiryMessage, EnquiryQuery, EnquiryStore,
    EnquirySummary, KnownMessage, MemberMatch, NewEnquiry, NewEnquiryMessage, OutboxMail, QueueFilter, StoreError,
    StoreResult,
};
use steward_domain::enquiry::reference::EnquiryReference;
use steward_domain::ids::{BranchId, MemberId, RegionId, UserId, WorkplaceId};
use steward_domain::organisation::{Nation, OrgPath};

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::sql::{scope_filter, Arg, Sql};
use crate::time;
use crate::Db;

pub(crate) const SUMMARY_COLUMNS: &str =
    "e.id, e.reference_year, e.reference_number, e.subject, e.channel, e.status, e.member_id, \
     m.first_name || ' ' || m.last_name, e.sender_address, e.sender_name, e.workplace_id, w.branch_id, b.region_id, \
     e.assigned_to, e.first_response_due, e.next_response_due, e.flagged, e.created_at, e.updated_at, u.name, e.outcome, \
     e.escalated_at, e.queue_id, q.name";
/// How many columns `SUMMARY_COLUMNS` selects: a query adding its own reads them from here.
pub(crate) const SUMMARY_WIDTH: usize = 24;
pub(crate) const SUMMARY_JOINS: &str = " FROM enquiries e LEFT JOIN members m ON m.id = e.member_id \
     LEFT JOIN workplaces w ON w.id = e.workplace_id LEFT JOIN branches b ON b.id = w.branch_id \
     LEFT JOIN users u ON u.id = e.assigned_to LEFT JOIN enquiry_queues q ON q.id = e.queue_id";

/// Two writers on PostgreSQL may pick the same next reference; the unique key refuses the
/// second, which then tries again with the next number.
const REFERENCE_ATTEMPTS: usize = 5;

#[async_trait]
impl EnquiryStore for Db {
    async fn enquiry_for_reply(
        &self,
        reference: Option<EnquiryReference>,
        message_ids: &[String],
    ) -> StoreResult<Option<EnquiryId>> {
        if let Some(reference) = reference {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT id FROM enquiries WHERE reference_year = $1 AND reference_number = $2")
                    .bind(i64::from(reference.year))
                    .bind(i64::from(reference.number))
                    .fetch_optional(&self.read)
                    .await
                    .map_err(backend)?;
            if let Some(id) = found {
                return Ok(Some(EnquiryId(id)));
            }
        }
        let ids: Vec<&String> = message_ids.iter().take(50).collect();
        if ids.is_empty() {
            return Ok(None);
        }
        let mut sql = Sql::new("SELECT enquiry_id FROM enquiry_messages WHERE message_id IN (");
        for (index, id) in ids.into_iter().enumerate() {
            if index > 0 {
                sql.push(", ");
            }
            sql.bind(Arg::Text(id.clone()));
        }
        sql.push(") ORDER BY id LIMIT 1");
        let found: Option<i64> = sql.query_scalar().fetch_optional(&self.read).await.map_err(backend)?;
        Ok(found.map(EnquiryId))
    }

    async fn known_message(&self, message_id: &str) -> StoreResult<Option<KnownMessage>> {
        let row = sqlx::query("SELECT direction, author, subject, body FROM enquiry_messages WHERE message_id = $1")
            .bind(message_id)
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        row.map(|row| {
            Ok(KnownMessage {
                direction: row.try_get(0).map_err(backend)?,
                author: row.try_get(1).map_err(backend)?,
                subject: row.try_get(2).map_err(backend)?,
                body: row.try_get(3).map_err(backend)?,
            })
        })
        .transpose()
    }

    async fn member_by_email(&self, email: &str) -> StoreResult<Option<MemberMatch>> {
        let row = sqlx::query(
            "SELECT m.id, m.workplace_id, w.nation FROM members m JOIN workplaces w ON w.id = m.workplace_id \
             WHERE m.email = $1 ORDER BY m.id LIMIT 1",
        )
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.read)
        .await
        .map_err(backend)?;
        row.map(|row| {
            let nation: String = row.try_get(2).map_err(backend)?;
            Ok(MemberMatch {
                member: MemberId(row.try_get(0).map_err(backend)?),
                workplace: WorkplaceId(row.try_get(1).map_err(backend)?),
                nation: Nation::parse(&nation).map_err(StoreError::Backend)?,
            })
        })
        .transpose()
    }

    async fn open_enquiry(
        &self,
        new: &NewEnquiry,
        first: &NewEnquiryMessage,
        acknowledgement: Option<&OutboxMail>,
        audit: &AuditEntry,
    ) -> StoreResult<(EnquiryId, EnquiryReference)> {
        let mut last_error = None;
        for _ in 0..REFERENCE_ATTEMPTS {
            let mut tx = self.write.begin().await.map_err(backend)?;
            let next: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(reference_number), 0) + 1 FROM enquiries WHERE reference_year = $1",
            )
            .bind(i64::from(new.year))
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            let reference = EnquiryReference::new(new.year, u32::try_from(next).unwrap_or(u32::MAX));
            let at = time::to_text(new.received_at);
            let inserted: Result<i64, StoreError> = sqlx::query_scalar(
                "INSERT INTO enquiries (reference_year, reference_number, subject, channel, status, member_id, workplace_id, \
                 sender_address, sender_name, first_response_due, flagged, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
            )
            .bind(i64::from(new.year))
            .bind(next)
            .bind(&new.subject)
            .bind(new.channel)
            .bind(new.member.map(|m| m.0))
            .bind(new.workplace.map(|w| w.0))
            .bind(&new.sender_address)
            .bind(&new.sender_name)
            .bind(time::to_text(new.first_response_due))
            .bind(&new.flagged)
            .bind(at.clone())
            .fetch_one(&mut *tx)
            .await
            .map_err(on_write("reference"));
            let id = match inserted {
                Ok(id) => EnquiryId(id),
                Err(error @ StoreError::Duplicate { .. }) => {
                    last_error = Some(error);
                    continue;
                }
                Err(error) => return Err(error),
            };
            insert_message(&mut tx, id, first).await?;
            if let Some(mail) = acknowledgement {
                // Acknowledgements carry no attachments; `automatic` marks them Auto-Submitted.
                let fill = |text: &str| text.replace("{reference}", &reference.to_string());
                sqlx::query(
                    "INSERT INTO outbox (enquiry_id, recipient, subject, body, in_reply_to, message_id, automatic, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(id.0)
                .bind(&mail.to)
                .bind(fill(&mail.subject))
                .bind(fill(&mail.body))
                .bind(&mail.in_reply_to)
                .bind(&mail.message_id)
                .bind(i64::from(mail.automatic))
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
            }
            let audit = AuditEntry { detail: format!("{reference}: {}", audit.detail), ..audit.clone() };
            insert_audit(&mut tx, &audit, Some(id.to_string())).await?;
            tx.commit().await.map_err(backend)?;
            return Ok((id, reference));
        }
        Err(last_error.unwrap_or_else(|| StoreError::Backend("could not allocate an enquiry reference".into())))
    }

    async fn add_enquiry_message(
        &self,
        enquiry: EnquiryId,
        message: &NewEnquiryMessage,
        next_response_due: Option<DateTime<Utc>>,
        flag: Option<&str>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let mut update = Sql::new("UPDATE enquiries SET updated_at = ");
        update.bind(Arg::Text(time::to_text(message.at)));
        if let Some(due) = next_response_due {
            // A new target: the escalation of an earlier missed one does not cover it.
            update.push(", status = 'open', escalated_at = NULL, next_response_due = ");
            update.bind(Arg::Text(time::to_text(due)));
        }
        if let Some(flag) = flag {
            update.push(", flagged = ").bind(Arg::Text(flag.to_owned()));
        }
        update.push(" WHERE id = ").bind(Arg::Int(enquiry.0));
        if update.query().execute(&mut *tx).await.map_err(backend)?.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_message(&mut tx, enquiry, message).await?;
        insert_audit(&mut tx, audit, Some(enquiry.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn enquiry(&self, id: EnquiryId) -> StoreResult<Option<EnquiryDetail>> {
        let sql = format!("SELECT {SUMMARY_COLUMNS}{SUMMARY_JOINS} WHERE e.id = $1");
        let Some(row) = sqlx::query(&sql).bind(id.0).fetch_optional(&self.read).await.map_err(backend)? else {
            return Ok(None);
        };
        let summary = summary_from_row(&row)?;
        let rows = sqlx::query(
            "SELECT id, direction, author, subject, body, created_at, message_id, \
             CASE WHEN raw IS NULL THEN 0 ELSE 1 END FROM enquiry_messages WHERE enquiry_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        let attachments = crate::enquiry_record::attachment_list(&self.read, id).await?;
        let mut messages = Vec::with_capacity(rows.len());
        for row in &rows {
            let message_id: i64 = row.try_get(0).map_err(backend)?;
            let attachments =
                attachments.iter().filter(|(m, _)| *m == message_id).map(|(_, info)| info.clone()).collect();
            let at: String = row.try_get(5).map_err(backend)?;
            messages.push(EnquiryMessage {
                id: message_id,
                direction: row.try_get(1).map_err(backend)?,
                author: row.try_get(2).map_err(backend)?,
                subject: row.try_get(3).map_err(backend)?,
                body: row.try_get(4).map_err(backend)?,
                attachments,
                has_original: crate::enquiry_record::flag(row, 7)?,
                at: time::from_text(&at)?,
                message_id: row.try_get(6).map_err(backend)?,
            });
        }
        let queued_mail = sqlx::query("SELECT recipient, subject, body, in_reply_to, message_id, automatic FROM outbox WHERE enquiry_id = $1 AND sent_at IS NULL ORDER BY id")
            .bind(id.0)
            .fetch_all(&self.read)
            .await
            .map_err(backend)?
            .iter()
            .map(|row| {
                Ok(OutboxMail {
                    to: row.try_get(0)?,
                    subject: row.try_get(1)?,
                    body: row.try_get(2)?,
                    in_reply_to: row.try_get(3)?,
                    message_id: row.try_get(4)?,
                    automatic: row.try_get::<i64, _>(5)? != 0,
                    // The thread lists the attachments with the reply's message.
                    attachments: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)?;
        Ok(Some(EnquiryDetail { summary, messages, queued_mail }))
    }

    async fn assign_enquiry(
        &self,
        id: EnquiryId,
        from: Option<UserId>,
        to: Option<UserId>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let updated = sqlx::query(
            "UPDATE enquiries SET assigned_to = $1, updated_at = $2 WHERE id = $3 AND assigned_to IS NOT DISTINCT FROM $4",
        )
        .bind(to.map(|u| u.0))
        .bind(time::to_text(audit.at))
        .bind(id.0)
        .bind(from.map(|u| u.0))
        .execute(&mut *tx)
        .await
        .map_err(on_write("assigned_to"))?;
        if updated.rows_affected() == 0 {
            return Err(missing_or_stale(&mut tx, id).await);
        }
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn close_enquiry(
        &self,
        id: EnquiryId,
        outcome: &str,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let updated = sqlx::query(
            "UPDATE enquiries SET status = 'closed', outcome = $1, closed_at = $2, updated_at = $2 WHERE id = $3 AND status <> 'closed'",
        )
        .bind(outcome)
        .bind(time::to_text(at))
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn open_enquiries_held(&self) -> StoreResult<Vec<(UserId, u32)>> {
        let rows = sqlx::query(
            "SELECT assigned_to, COUNT(*) FROM enquiries WHERE status = 'open' AND assigned_to IS NOT NULL GROUP BY assigned_to",
        )
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let user: i64 = row.try_get(0).map_err(backend)?;
                let count: i64 = row.try_get(1).map_err(backend)?;
                Ok((UserId(user), u32::try_from(count).unwrap_or(u32::MAX)))
            })
            .collect()
    }

    async fn record_reply(
        &self,
        enquiry: EnquiryId,
        reply: &NewEnquiryMessage,
        mail: &OutboxMail,
        replier: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(reply.at);
        let updated = sqlx::query(
            "UPDATE enquiries SET status = 'answered', next_response_due = NULL, \
             assigned_to = COALESCE(assigned_to, $1), updated_at = $2 \
             WHERE id = $3 AND status <> 'closed' AND (assigned_to IS NULL OR assigned_to = $1)",
        )
        .bind(replier.0)
        .bind(at.clone())
        .bind(enquiry.0)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if updated.rows_affected() == 0 {
            return Err(missing_or_stale(&mut tx, enquiry).await);
        }
        let message = insert_message(&mut tx, enquiry, reply).await?;
        sqlx::query(
            "INSERT INTO outbox (enquiry_id, recipient, subject, body, in_reply_to, message_id, automatic, \
             enquiry_message_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(enquiry.0)
        .bind(&mail.to)
        .bind(&mail.subject)
        .bind(&mail.body)
        .bind(&mail.in_reply_to)
        .bind(&mail.message_id)
        .bind(i64::from(mail.automatic))
        .bind(message)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_audit(&mut tx, audit, Some(enquiry.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn link_enquiry_member(
        &self,
        id: EnquiryId,
        from: Option<MemberId>,
        to: MemberId,
        workplace: WorkplaceId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        crate::enquiry_record::link_member(self, id, from, to, workplace, audit).await
    }

    async fn enquiry_attachment(&self, id: EnquiryId, attachment: i64) -> StoreResult<Option<EnquiryAttachment>> {
        Ok(crate::enquiry_record::attachments(&self.read, id, Some(attachment)).await?.pop())
    }

    async fn enquiry_attachments(&self, id: EnquiryId) -> StoreResult<Vec<EnquiryAttachment>> {
        crate::enquiry_record::attachments(&self.read, id, None).await
    }

    async fn enquiry_message_original(&self, id: EnquiryId, message: i64) -> StoreResult<Option<Vec<u8>>> {
        crate::enquiry_record::original(&self.read, id, message).await
    }

    async fn enquiry_queue(&self, query: &EnquiryQuery) -> StoreResult<Vec<EnquirySummary>> {
        let mut sql = Sql::new(&format!("SELECT {SUMMARY_COLUMNS}{SUMMARY_JOINS} WHERE e.status = 'open'"));
        scope_filter(&mut sql, "e.workplace_id", query.scope);
        match query.filter {
            QueueFilter::AllOpen => {}
            QueueFilter::Mine(UserId(user)) => {
                sql.push(" AND e.assigned_to = ").bind(Arg::Int(user));
            }
            QueueFilter::Unassigned => {
                sql.push(" AND e.assigned_to IS NULL");
            }
            QueueFilter::DueBefore(at) => {
                sql.push(" AND COALESCE(e.next_response_due, e.first_response_due) < ")
                    .bind(Arg::Text(time::to_text(at)));
            }
            QueueFilter::InQueue(queue) => {
                sql.push(" AND e.queue_id = ").bind(Arg::Int(queue));
            }
        }
        sql.push(" ORDER BY COALESCE(e.next_response_due, e.first_response_due), e.id LIMIT ")
            .bind(Arg::Int(i64::from(query.limit)))
            .push(" OFFSET ")
            .bind(Arg::Int(i64::from(query.offset)));
        let rows = sql.query().fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(summary_from_row).collect()
    }
}

/// Stores a message and its attachments; returns the message's row id.
pub(crate) async fn insert_message(
    conn: &mut AnyConnection,
    enquiry: EnquiryId,
    message: &NewEnquiryMessage,
) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO enquiry_messages (enquiry_id, direction, message_id, author, subject, body, raw, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(enquiry.0)
    .bind(message.direction)
    .bind(&message.message_id)
    .bind(&message.author)
    .bind(&message.subject)
    .bind(&message.body)
    .bind(message.raw.clone())
    .bind(time::to_text(message.at))
    .fetch_one(&mut *conn)
    .await
    .map_err(on_write("message_id"))?;
    for attachment in &message.attachments {
        sqlx::query(
            "INSERT INTO enquiry_attachments (message_id, name, content_type, content) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(&attachment.name)
        .bind(&attachment.content_type)
        .bind(attachment.bytes.clone())
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    }
    Ok(id)
}

pub(crate) fn summary_from_row(row: &AnyRow) -> StoreResult<EnquirySummary> {
    let int = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
    let opt_int = |i: usize| row.try_get::<Option<i64>, _>(i).map_err(backend);
    let text = |i: usize| row.try_get::<String, _>(i).map_err(backend);
    let opt_text = |i: usize| row.try_get::<Option<String>, _>(i).map_err(backend);
    let path = match (opt_int(10)?, opt_int(11)?, opt_int(12)?) {
        (Some(w), Some(b), Some(r)) => {
            Some(OrgPath { workplace: WorkplaceId(w), branch: BranchId(b), region: RegionId(r) })
        }
        _ => None,
    };
    let number = u32::try_from(int(2)?).map_err(|_| StoreError::Backend("enquiry number out of range".into()))?;
    let year = i32::try_from(int(1)?).map_err(|_| StoreError::Backend("enquiry year out of range".into()))?;
    Ok(EnquirySummary {
        id: EnquiryId(int(0)?),
        reference: EnquiryReference::new(year, number),
        subject: text(3)?,
        channel: text(4)?,
        status: text(5)?,
        member: opt_int(6)?.map(MemberId),
        member_name: opt_text(7)?,
        sender_address: opt_text(8)?,
        sender_name: opt_text(9)?,
        path,
        assigned_to: opt_int(13)?.map(UserId),
        assigned_name: opt_text(19)?,
        outcome: opt_text(20)?,
        escalated_at: opt_text(21)?.map(|t| time::from_text(&t)).transpose()?,
        first_response_due: time::from_text(&text(14)?)?,
        next_response_due: opt_text(15)?.map(|t| time::from_text(&t)).transpose()?,
        flagged: opt_text(16)?,
        created_at: time::from_text(&text(17)?)?,
        updated_at: time::from_text(&text(18)?)?,
        queue: match (opt_int(22)?, opt_text(23)?) {
            (Some(id), Some(name)) => Some((id, name)),
            _ => None,
        },
    })
}

/// Why a guarded write to an enquiry changed nothing: it is not there, or it changed meanwhile.
async fn missing_or_stale(conn: &mut sqlx::AnyConnection, id: EnquiryId) -> StoreError {
    let found: Result<Option<i64>, _> =
        sqlx::query_scalar("SELECT id FROM enquiries WHERE id = $1").bind(id.0).fetch_optional(&mut *conn).await;
    match found {
        Ok(Some(_)) => StoreError::Stale,
        Ok(None) => StoreError::NotFound,
        Err(error) => backend(error),
    }
}
