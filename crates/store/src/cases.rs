//! Cases: the file, its members and team, the append-only timeline (only ever inserted
//! into), and the union's case rules. Status changes are guarded updates, so two people
//! moving the same case at once cannot both succeed.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use steward_app::ports::{
    AuditEntry, CaseAccessRow, CaseChange, CaseDeadline, CaseFile, CaseId, CaseMember, CaseQuery, CaseSettings,
    CaseStore, CaseSummary, DueItem, EnquiryId, LinkedCase, Meeting, NewCase, NewCaseDeadline, NewMeeting,
    NewTimelineEntry, OutboxMail, StoreError, StoreResult, TeamMember, TimelineCursor, TimelineEntry, UserRecord,
};
use steward_domain::case::eligibility::{Eligibility, EligibilityRule};
use steward_domain::case::kind::{CaseRole, CaseType, EscalationLevel};
use steward_domain::case::rating::Rating;
use steward_domain::case::reference::CaseReference;
use steward_domain::case::timeline::EntryKind;
use steward_domain::enquiry::reference::EnquiryReference;
use steward_domain::ids::{BranchId, MemberId, RegionId, UserId, WorkplaceId};
use steward_domain::organisation::{OrgPath, Scope};

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::sql::{scope_filter, Arg, Sql, MAX_BINDS};
use crate::time;
use crate::Db;
use crate::{case_deadlines, case_meetings};

const SUMMARY_COLUMNS: &str = "c.id, c.reference_year, c.reference_number, c.title, c.case_type, c.stage, c.status, \
     c.lead_member_id, m.first_name || ' ' || m.last_name, c.workplace_id, w.branch_id, b.region_id, w.name, \
     c.complexity, c.emotional_load, c.escalation_level, c.eligibility, c.outcome, c.created_at, c.updated_at, \
     c.next_due_on";
/// `cases.due_sort` of a case with nothing due (migration 0016).
pub(crate) const NOTHING_DUE: &str = "9999-12-31";
/// The most rows any list or page reads at once.
const MAX_PAGE: u32 = 500;
const SUMMARY_JOINS: &str = " JOIN members m ON m.id = c.lead_member_id JOIN workplaces w ON w.id = c.workplace_id \
     JOIN branches b ON b.id = w.branch_id";

/// Two writers on PostgreSQL may pick the same next reference; the unique key refuses the
/// second, which then tries again with the next number.
const REFERENCE_ATTEMPTS: usize = 5;

#[async_trait]
impl CaseStore for Db {
    async fn open_case(
        &self,
        new: &NewCase,
        entries: &[NewTimelineEntry],
        audit: &AuditEntry,
    ) -> StoreResult<(CaseId, CaseReference)> {
        let mut last_error = None;
        for _ in 0..REFERENCE_ATTEMPTS {
            let mut tx = self.write.begin().await.map_err(backend)?;
            let next: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(reference_number), 0) + 1 FROM cases WHERE reference_year = $1",
            )
            .bind(i64::from(new.year))
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
            let reference = CaseReference::new(new.year, u32::try_from(next).unwrap_or(u32::MAX));
            let at = time::to_text(new.opened_at);
            let inserted: Result<i64, StoreError> = sqlx::query_scalar(
                "INSERT INTO cases (reference_year, reference_number, title, case_type, stage, status, lead_member_id, \
                 workplace_id, parent_case_id, enquiry_id, complexity, emotional_load, escalation_level, problem_arose_on, \
                 eligibility, eligibility_reasons, eligibility_override, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
            )
            .bind(i64::from(new.year))
            .bind(next)
            .bind(&new.title)
            .bind(new.case_type.as_str())
            .bind(steward_domain::case::procedure::INTAKE)
            .bind(new.lead_member.0)
            .bind(new.workplace.0)
            .bind(new.parent.map(|p| p.0))
            .bind(new.enquiry.map(|e| e.0))
            .bind(i64::from(new.complexity.value()))
            .bind(i64::from(new.emotional_load.value()))
            .bind(new.escalation_level.as_str())
            .bind(new.problem_arose_on.format("%Y-%m-%d").to_string())
            .bind(new.eligibility.as_str())
            .bind(new.eligibility_reasons.join("\n"))
            .bind(&new.eligibility_override)
            .bind(at.clone())
            .fetch_one(&mut *tx)
            .await
            .map_err(on_write("reference"));
            let id = match inserted {
                Ok(id) => CaseId(id),
                Err(error @ StoreError::Duplicate { .. }) => {
                    last_error = Some(error);
                    continue;
                }
                Err(error) => return Err(error),
            };
            for member in std::iter::once(new.lead_member).chain(new.other_members.iter().copied()) {
                sqlx::query("INSERT INTO case_members (case_id, member_id) VALUES ($1, $2)")
                    .bind(id.0)
                    .bind(member.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(on_write("member"))?;
            }
            for (user, role) in &new.team {
                insert_team_member(&mut tx, id, *user, *role, &at).await?;
            }
            for entry in entries {
                insert_entry(&mut tx, id, entry, &at).await?;
            }
            for document in &new.documents {
                crate::case_documents::insert_document(&mut tx, id, document).await?;
            }
            if let Some(enquiry) = new.enquiry {
                close_promoted_enquiry(&mut tx, enquiry, id, &at).await?;
            }
            let audit = AuditEntry { detail: format!("{reference}: {}", audit.detail), ..audit.clone() };
            insert_audit(&mut tx, &audit, Some(id.to_string())).await?;
            tx.commit().await.map_err(backend)?;
            return Ok((id, reference));
        }
        Err(last_error.unwrap_or_else(|| StoreError::Backend("could not allocate a case reference".into())))
    }

    async fn case_id_by_reference(&self, reference: CaseReference) -> StoreResult<Option<CaseId>> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM cases WHERE reference_year = $1 AND reference_number = $2")
                .bind(i64::from(reference.year))
                .bind(i64::from(reference.number))
                .fetch_optional(&self.read)
                .await
                .map_err(backend)?;
        Ok(id.map(CaseId))
    }

    async fn case_file(&self, id: CaseId) -> StoreResult<Option<CaseFile>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, c.problem_arose_on, c.eligibility_reasons, c.eligibility_override, c.closed_at, \
             c.parent_case_id, c.enquiry_id, e.reference_year, e.reference_number \
             FROM cases c{SUMMARY_JOINS} LEFT JOIN enquiries e ON e.id = c.enquiry_id WHERE c.id = $1"
        );
        let Some(row) = sqlx::query(&sql).bind(id.0).fetch_optional(&self.read).await.map_err(backend)? else {
            return Ok(None);
        };
        let summary = summary_from_row(&row)?;
        let text = |i: usize| row.try_get::<String, _>(i).map_err(backend);
        let opt_text = |i: usize| row.try_get::<Option<String>, _>(i).map_err(backend);
        let opt_int = |i: usize| row.try_get::<Option<i64>, _>(i).map_err(backend);
        let reasons = text(22)?;
        let enquiry = match (opt_int(26)?, opt_int(27)?, opt_int(28)?) {
            (Some(id), Some(year), Some(number)) => Some((
                EnquiryId(id),
                EnquiryReference::new(i32::try_from(year).unwrap_or(0), u32::try_from(number).unwrap_or(0)),
            )),
            _ => None,
        };
        let parent = match opt_int(25)? {
            Some(parent) => self.linked_cases("c.id = $1", parent).await?.into_iter().next(),
            None => None,
        };
        Ok(Some(CaseFile {
            members: self.case_members(id).await?,
            team: self.case_team(id).await?,
            children: self.linked_cases("c.parent_case_id = $1", id.0).await?,
            parent,
            enquiry,
            problem_arose_on: time::date_from_text(&text(21)?)?,
            eligibility_reasons: reasons.lines().filter(|line| !line.is_empty()).map(str::to_owned).collect(),
            eligibility_override: opt_text(23)?,
            closed_at: opt_text(24)?.map(|t| time::from_text(&t)).transpose()?,
            summary,
        }))
    }

    async fn case_timeline(
        &self,
        id: CaseId,
        kind: Option<EntryKind>,
        before: Option<TimelineCursor>,
        limit: u32,
    ) -> StoreResult<Vec<TimelineEntry>> {
        // Read backwards along `case_timeline_newest (case_id, occurred_at, id)`.
        let mut sql = Sql::new(
            "SELECT id, kind, author_label, body, minutes, corrects_entry_id, occurred_at, created_at \
             FROM case_timeline WHERE case_id = ",
        );
        sql.bind(Arg::Int(id.0));
        if let Some(kind) = kind {
            sql.push(" AND kind = ").bind(Arg::Text(kind.as_str().to_owned()));
        }
        if let Some(before) = before {
            let at = time::to_text(before.occurred_at);
            sql.push(" AND occurred_at <= ").bind(Arg::Text(at.clone()));
            sql.push(" AND (occurred_at < ").bind(Arg::Text(at.clone()));
            sql.push(" OR (occurred_at = ").bind(Arg::Text(at));
            sql.push(" AND id < ").bind(Arg::Int(before.id)).push("))");
        }
        sql.push(" ORDER BY occurred_at DESC, id DESC LIMIT ").bind(Arg::Int(i64::from(limit.min(MAX_PAGE)) + 1));
        let rows = sql.query().fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(entry_from_row).collect()
    }

    async fn case_access(&self, ids: &[CaseId], viewer: UserId) -> StoreResult<Vec<CaseAccessRow>> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_BINDS - 1) {
            let mut sql = Sql::new(
                "SELECT c.id, c.workplace_id, w.branch_id, b.region_id, t.role, l.expires_at FROM cases c \
                 JOIN workplaces w ON w.id = c.workplace_id JOIN branches b ON b.id = w.branch_id \
                 LEFT JOIN case_team t ON t.case_id = c.id AND t.user_id = ",
            );
            sql.bind(Arg::Int(viewer.0));
            sql.push(" LEFT JOIN case_access_limits l ON l.case_id = t.case_id AND l.user_id = t.user_id");
            sql.push(" WHERE c.id IN (");
            for (index, id) in chunk.iter().enumerate() {
                if index > 0 {
                    sql.push(", ");
                }
                sql.bind(Arg::Int(id.0));
            }
            sql.push(")");
            for row in sql.query().fetch_all(&self.read).await.map_err(backend)? {
                let int = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
                let role: Option<String> = row.try_get(4).map_err(backend)?;
                let until: Option<String> = row.try_get(5).map_err(backend)?;
                found.push(CaseAccessRow {
                    id: CaseId(int(0)?),
                    path: OrgPath {
                        workplace: WorkplaceId(int(1)?),
                        branch: BranchId(int(2)?),
                        region: RegionId(int(3)?),
                    },
                    team_role: role.as_deref().map(CaseRole::parse).transpose().map_err(StoreError::Backend)?,
                    access_until: until.as_deref().map(time::from_text).transpose()?,
                });
            }
        }
        Ok(found)
    }

    async fn timeline_entry_on_case(&self, id: CaseId, entry: i64) -> StoreResult<bool> {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM case_timeline WHERE id = $1 AND case_id = $2")
            .bind(entry)
            .bind(id.0)
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        Ok(found.is_some())
    }

    async fn add_timeline_entry(&self, id: CaseId, entry: &NewTimelineEntry, audit: &AuditEntry) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        touch(&mut tx, id, audit).await?;
        let entry_id = insert_entry(&mut tx, id, entry, &time::to_text(audit.at)).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(entry_id)
    }

    async fn change_case(
        &self,
        id: CaseId,
        change: CaseChange<'_>,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(audit.at);
        let mut sql = Sql::new("UPDATE cases SET updated_at = ");
        sql.bind(Arg::Text(at.clone()));
        match change {
            CaseChange::Stage { from, to } => {
                sql.push(", stage = ").bind(Arg::Text(to.to_owned()));
                sql.push(" WHERE id = ").bind(Arg::Int(id.0));
                sql.push(" AND status = 'open' AND stage = ").bind(Arg::Text(from.to_owned()));
            }
            CaseChange::Close { outcome } => {
                sql.push(", status = 'closed', outcome = ").bind(Arg::Text(outcome.to_owned()));
                sql.push(", closed_at = ").bind(Arg::Text(at.clone()));
                sql.push(" WHERE id = ").bind(Arg::Int(id.0)).push(" AND status = 'open'");
            }
            CaseChange::Reopen => {
                sql.push(", status = 'open', outcome = NULL, closed_at = NULL WHERE id = ").bind(Arg::Int(id.0));
                sql.push(" AND status = 'closed'");
            }
            CaseChange::Escalation { from, to } => {
                sql.push(", escalation_level = ").bind(Arg::Text(to.as_str().to_owned()));
                sql.push(" WHERE id = ").bind(Arg::Int(id.0)).push(" AND status = 'open' AND escalation_level = ");
                sql.bind(Arg::Text(from.as_str().to_owned()));
            }
            CaseChange::AddToTeam(user, role) => {
                insert_team_member(&mut tx, id, user, role, &at).await?;
                sql.push(" WHERE id = ").bind(Arg::Int(id.0));
            }
            CaseChange::RemoveFromTeam(user) => {
                sqlx::query("DELETE FROM case_access_limits WHERE case_id = $1 AND user_id = $2")
                    .bind(id.0)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                let removed = sqlx::query("DELETE FROM case_team WHERE case_id = $1 AND user_id = $2")
                    .bind(id.0)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                if removed.rows_affected() == 0 {
                    return Err(StoreError::Stale);
                }
                sql.push(" WHERE id = ").bind(Arg::Int(id.0));
            }
            CaseChange::Reallocate { from, to, role } => {
                sqlx::query("DELETE FROM case_access_limits WHERE case_id = $1 AND user_id = $2")
                    .bind(id.0)
                    .bind(from.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                let removed = sqlx::query("DELETE FROM case_team WHERE case_id = $1 AND user_id = $2")
                    .bind(id.0)
                    .bind(from.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                if removed.rows_affected() == 0 {
                    return Err(StoreError::Stale);
                }
                let present: Option<i64> =
                    sqlx::query_scalar("SELECT user_id FROM case_team WHERE case_id = $1 AND user_id = $2")
                        .bind(id.0)
                        .bind(to.0)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(backend)?;
                if present.is_none() {
                    insert_team_member(&mut tx, id, to, role, &at).await?;
                }
                sql.push(" WHERE id = ").bind(Arg::Int(id.0)).push(" AND status = 'open'");
            }
        }
        if sql.query().execute(&mut *tx).await.map_err(backend)?.rows_affected() == 0 {
            return Err(StoreError::Stale);
        }
        insert_entry(&mut tx, id, entry, &at).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn list_cases(&self, query: &CaseQuery) -> StoreResult<Vec<CaseSummary>> {
        let limit = i64::from(query.limit.min(MAX_PAGE)) + 1;
        let offset = i64::from(query.offset);
        let viewer = Arg::Int(query.viewer.0);
        let mut sql = Sql::new("SELECT ");
        sql.push(SUMMARY_COLUMNS);
        if query.team_only {
            // The person's own team rows drive the read (a few hundred for a busy rep); the
            // CROSS JOIN keeps SQLite from walking every case in list order instead.
            sql.push(" FROM case_team t CROSS JOIN cases c").push(SUMMARY_JOINS);
            sql.push(" WHERE c.id = t.case_id AND t.user_id = ").bind(viewer);
            list_filters(&mut sql, "c", query);
        } else if query.scope == Scope::Union {
            sql.push(" FROM cases c").push(SUMMARY_JOINS).push(" WHERE 1 = 1");
            list_filters(&mut sql, "c", query);
        } else {
            // In scope, or on the team wherever the case is: two lists, each read in order
            // from its own index and cut to one page, then merged.
            sql.push(" FROM cases c").push(SUMMARY_JOINS);
            sql.push(" WHERE c.id IN (SELECT s.id FROM (SELECT c1.id FROM cases c1 WHERE 1 = 1");
            scope_filter(&mut sql, "c1.workplace_id", query.scope);
            list_filters(&mut sql, "c1", query);
            sql.push(&list_order("c1")).push(" LIMIT ").bind(Arg::Int(limit + offset));
            sql.push(") s UNION SELECT o.id FROM (SELECT c2.id FROM case_team t CROSS JOIN cases c2 WHERE c2.id = t.case_id AND t.user_id = ")
                .bind(viewer);
            list_filters(&mut sql, "c2", query);
            sql.push(&list_order("c2")).push(" LIMIT ").bind(Arg::Int(limit + offset)).push(") o)");
        }
        sql.push(&list_order("c")).push(" LIMIT ").bind(Arg::Int(limit));
        if offset > 0 {
            sql.push(" OFFSET ").bind(Arg::Int(offset));
        }
        let rows = sql.query().fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(summary_from_row).collect()
    }

    async fn cases_held_by(&self, user: UserId, status: &'static str) -> StoreResult<Vec<(CaseSummary, CaseRole)>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, t.role FROM case_team t JOIN cases c ON c.id = t.case_id{SUMMARY_JOINS} \
             WHERE t.user_id = $1 AND c.status = $2 ORDER BY c.id DESC LIMIT 1000"
        );
        let rows = sqlx::query(&sql).bind(user.0).bind(status).fetch_all(&self.read).await.map_err(backend)?;
        rows.iter()
            .map(|row| {
                let role: String = row.try_get(21).map_err(backend)?;
                Ok((summary_from_row(row)?, CaseRole::parse(&role).map_err(StoreError::Backend)?))
            })
            .collect()
    }

    async fn member_cases(&self, member: MemberId) -> StoreResult<Vec<CaseSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM case_members cm JOIN cases c ON c.id = cm.case_id{SUMMARY_JOINS} \
             WHERE cm.member_id = $1 ORDER BY c.id DESC LIMIT 200"
        );
        let rows = sqlx::query(&sql).bind(member.0).fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(summary_from_row).collect()
    }

    async fn add_case_deadline(
        &self,
        id: CaseId,
        deadline: &NewCaseDeadline,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        touch_open(&mut tx, id, audit).await?;
        let deadline_id = case_deadlines::insert(&mut tx, id, deadline).await?;
        case_deadlines::refresh_next_due(&mut tx, id).await?;
        insert_entry(&mut tx, id, entry, &time::to_text(audit.at)).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(deadline_id)
    }

    async fn complete_case_deadline(
        &self,
        id: CaseId,
        deadline: i64,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let at = time::to_text(audit.at);
        touch(&mut tx, id, audit).await?;
        case_deadlines::complete(&mut tx, id, deadline, &at).await?;
        case_deadlines::refresh_next_due(&mut tx, id).await?;
        insert_entry(&mut tx, id, entry, &at).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn case_deadlines(&self, id: CaseId) -> StoreResult<Vec<CaseDeadline>> {
        case_deadlines::for_case(&self.read, id).await
    }

    async fn due_for_user(&self, user: UserId, until: NaiveDate, limit: u32) -> StoreResult<Vec<DueItem>> {
        case_deadlines::due(&self.read, Some(user), until, limit).await
    }

    async fn deadlines_to_remind(&self, until: NaiveDate, limit: u32) -> StoreResult<Vec<DueItem>> {
        case_deadlines::due(&self.read, None, until, limit).await
    }

    async fn mark_reminded(&self, deadline: i64, mails: &[OutboxMail], audit: &AuditEntry) -> StoreResult<bool> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let marked = case_deadlines::mark_reminded(&mut tx, deadline, mails, audit).await?;
        if marked {
            tx.commit().await.map_err(backend)?;
        }
        Ok(marked)
    }

    async fn add_meeting(
        &self,
        id: CaseId,
        meeting: &NewMeeting,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        touch_open(&mut tx, id, audit).await?;
        let meeting_id = case_meetings::insert(&mut tx, id, meeting).await?;
        insert_entry(&mut tx, id, entry, &time::to_text(audit.at)).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(meeting_id)
    }

    async fn set_meeting_outcome(
        &self,
        id: CaseId,
        meeting: i64,
        outcome: &str,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        touch(&mut tx, id, audit).await?;
        case_meetings::set_outcome(&mut tx, id, meeting, outcome).await?;
        insert_entry(&mut tx, id, entry, &time::to_text(audit.at)).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn case_meetings(&self, id: CaseId) -> StoreResult<Vec<Meeting>> {
        case_meetings::for_case(&self.read, id).await
    }

    async fn meeting(&self, meeting: i64) -> StoreResult<Option<Meeting>> {
        case_meetings::one(&self.read, meeting).await
    }

    async fn companion_meetings(
        &self,
        user: UserId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<Meeting>> {
        case_meetings::for_companion(&self.read, user, from, to).await
    }

    async fn meetings_for_user(&self, user: UserId, from: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Meeting>> {
        case_meetings::for_user(&self.read, user, from, limit).await
    }

    async fn set_calendar_feed(&self, user: UserId, token_hash: &str, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        case_meetings::set_feed(&mut tx, user, token_hash, audit).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn user_by_calendar_feed(&self, token_hash: &str) -> StoreResult<Option<UserRecord>> {
        case_meetings::user_by_feed(&self.read, token_hash).await
    }

    async fn case_settings(&self) -> StoreResult<CaseSettings> {
        let row = sqlx::query("SELECT qualifying_weeks, represent_in_arrears FROM case_settings WHERE id = 1")
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        let Some(row) = row else {
            return Ok(CaseSettings { eligibility: EligibilityRule::default() });
        };
        let weeks: i64 = row.try_get(0).map_err(backend)?;
        let arrears: i64 = row.try_get(1).map_err(backend)?;
        let eligibility = EligibilityRule::new(u32::try_from(weeks).unwrap_or(u32::MAX), arrears != 0)
            .map_err(StoreError::Backend)?;
        Ok(CaseSettings { eligibility })
    }

    async fn save_case_settings(&self, settings: &CaseSettings, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO case_settings (id, qualifying_weeks, represent_in_arrears, updated_at) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET qualifying_weeks = excluded.qualifying_weeks, \
             represent_in_arrears = excluded.represent_in_arrears, updated_at = excluded.updated_at",
        )
        .bind(i64::from(settings.eligibility.qualifying_weeks))
        .bind(i64::from(settings.eligibility.represent_in_arrears))
        .bind(time::to_text(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_audit(&mut tx, audit, None).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }
}

impl Db {
    async fn case_members(&self, id: CaseId) -> StoreResult<Vec<CaseMember>> {
        let rows = sqlx::query(
            "SELECT m.id, m.first_name || ' ' || m.last_name, m.membership_number, c.lead_member_id \
             FROM case_members cm JOIN members m ON m.id = cm.member_id JOIN cases c ON c.id = cm.case_id \
             WHERE cm.case_id = $1 ORDER BY m.sort_key, m.id LIMIT 1000",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let member: i64 = row.try_get(0)?;
                let lead: i64 = row.try_get(3)?;
                Ok(CaseMember {
                    member: MemberId(member),
                    name: row.try_get(1)?,
                    membership_number: row.try_get(2)?,
                    lead: member == lead,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(backend)
    }

    async fn case_team(&self, id: CaseId) -> StoreResult<Vec<TeamMember>> {
        let rows = sqlx::query(
            "SELECT u.id, u.name, u.email, t.role, t.added_at, l.expires_at FROM case_team t \
             JOIN users u ON u.id = t.user_id \
             LEFT JOIN case_access_limits l ON l.case_id = t.case_id AND l.user_id = t.user_id \
             WHERE t.case_id = $1 ORDER BY t.added_at, u.id LIMIT 500",
        )
        .bind(id.0)
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let role: String = row.try_get(3).map_err(backend)?;
                let added: String = row.try_get(4).map_err(backend)?;
                let until: Option<String> = row.try_get(5).map_err(backend)?;
                Ok(TeamMember {
                    user: UserId(row.try_get(0).map_err(backend)?),
                    name: row.try_get(1).map_err(backend)?,
                    email: row.try_get(2).map_err(backend)?,
                    role: CaseRole::parse(&role).map_err(StoreError::Backend)?,
                    added_at: time::from_text(&added)?,
                    access_until: until.as_deref().map(time::from_text).transpose()?,
                })
            })
            .collect()
    }

    async fn linked_cases(&self, condition: &str, value: i64) -> StoreResult<Vec<LinkedCase>> {
        let sql = format!(
            "SELECT c.id, c.reference_year, c.reference_number, c.title, c.status FROM cases c WHERE {condition} \
             ORDER BY c.id LIMIT 500"
        );
        let rows = sqlx::query(&sql).bind(value).fetch_all(&self.read).await.map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(LinkedCase {
                    id: CaseId(row.try_get(0).map_err(backend)?),
                    reference: reference(row.try_get(1).map_err(backend)?, row.try_get(2).map_err(backend)?)?,
                    title: row.try_get(3).map_err(backend)?,
                    status: row.try_get(4).map_err(backend)?,
                })
            })
            .collect()
    }
}

pub(crate) async fn insert_team_member(
    conn: &mut AnyConnection,
    id: CaseId,
    user: UserId,
    role: CaseRole,
    at: &str,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO case_team (case_id, user_id, role, added_at) VALUES ($1, $2, $3, $4)")
        .bind(id.0)
        .bind(user.0)
        .bind(role.as_str())
        .bind(at)
        .execute(conn)
        .await
        .map_err(on_write("team_member"))?;
    Ok(())
}

/// Appends one entry, written at `created_at` (the time of the change it belongs to).
pub(crate) async fn insert_entry(
    conn: &mut AnyConnection,
    id: CaseId,
    entry: &NewTimelineEntry,
    created_at: &str,
) -> StoreResult<i64> {
    sqlx::query_scalar(
        "INSERT INTO case_timeline (case_id, kind, author_user_id, author_label, body, minutes, corrects_entry_id, \
         occurred_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(id.0)
    .bind(entry.kind.as_str())
    .bind(entry.author.map(|user| user.0))
    .bind(&entry.author_label)
    .bind(&entry.body)
    .bind(entry.minutes.map(i64::from))
    .bind(entry.corrects)
    .bind(time::to_text(entry.occurred_at))
    .bind(created_at)
    .fetch_one(conn)
    .await
    .map_err(on_write("entry"))
}

/// Marks an open case as changed now; `Stale` when it was closed meanwhile (or is gone).
pub(crate) async fn touch_open(conn: &mut AnyConnection, id: CaseId, audit: &AuditEntry) -> StoreResult<()> {
    match touch_where(conn, id, audit, " AND status = 'open'").await {
        Err(StoreError::NotFound) => Err(StoreError::Stale),
        other => other,
    }
}

/// Marks a case as changed now; `NotFound` when there is no such case.
async fn touch(conn: &mut AnyConnection, id: CaseId, audit: &AuditEntry) -> StoreResult<()> {
    touch_where(conn, id, audit, "").await
}

async fn touch_where(conn: &mut AnyConnection, id: CaseId, audit: &AuditEntry, condition: &str) -> StoreResult<()> {
    let updated = sqlx::query(&format!("UPDATE cases SET updated_at = $1 WHERE id = $2{condition}"))
        .bind(time::to_text(audit.at))
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(backend)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The promoted enquiry closes as "case opened", once: if it was closed or promoted since it
/// was read, the whole case write is undone.
async fn close_promoted_enquiry(
    conn: &mut AnyConnection,
    enquiry: EnquiryId,
    case: CaseId,
    at: &str,
) -> StoreResult<()> {
    let updated = sqlx::query(
        "UPDATE enquiries SET status = 'closed', outcome = 'case_opened', closed_at = $1, updated_at = $1, case_id = $2 \
         WHERE id = $3 AND status <> 'closed' AND case_id IS NULL",
    )
    .bind(at)
    .bind(case.0)
    .bind(enquiry.0)
    .execute(conn)
    .await
    .map_err(backend)?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::Stale);
    }
    Ok(())
}

/// The lists' order, which `cases_list_order` and `cases_scope_order` serve.
fn list_order(alias: &str) -> String {
    format!(" ORDER BY {alias}.due_sort, {alias}.updated_at DESC, {alias}.id DESC")
}

/// The list's status and type filters, and with a cursor only the cases after it in
/// `list_order` (the first condition lets the index start there).
fn list_filters(sql: &mut Sql, alias: &str, query: &CaseQuery) {
    if let Some(status) = query.status {
        sql.push(&format!(" AND {alias}.status = ")).bind(Arg::Text(status.to_owned()));
    }
    if let Some(kind) = query.case_type {
        sql.push(&format!(" AND {alias}.case_type = ")).bind(Arg::Text(kind.as_str().to_owned()));
    }
    if let Some(after) = query.after {
        let due = Arg::Text(due_sort(after.due_on));
        let updated = Arg::Text(time::to_text(after.updated_at));
        sql.push(&format!(" AND {alias}.due_sort >= ")).bind(due.clone());
        sql.push(&format!(" AND ({alias}.due_sort > ")).bind(due.clone());
        sql.push(&format!(" OR ({alias}.due_sort = ")).bind(due);
        sql.push(&format!(" AND ({alias}.updated_at < ")).bind(updated.clone());
        sql.push(&format!(" OR ({alias}.updated_at = ")).bind(updated);
        sql.push(&format!(" AND {alias}.id < ")).bind(Arg::Int(after.id.0)).push("))))");
    }
}

/// What `cases.due_sort` holds for a next due date: the date, or after every date.
pub(crate) fn due_sort(next_due_on: Option<NaiveDate>) -> String {
    next_due_on.map_or_else(|| NOTHING_DUE.to_owned(), |on| on.format("%Y-%m-%d").to_string())
}

pub(crate) fn reference(year: i64, number: i64) -> StoreResult<CaseReference> {
    let year = i32::try_from(year).map_err(|_| StoreError::Backend("case year out of range".into()))?;
    let number = u32::try_from(number).map_err(|_| StoreError::Backend("case number out of range".into()))?;
    Ok(CaseReference::new(year, number))
}

fn rating(value: i64) -> StoreResult<Rating> {
    u8::try_from(value)
        .ok()
        .and_then(Rating::new)
        .ok_or_else(|| StoreError::Backend(format!("stored rating {value} is out of range")))
}

fn summary_from_row(row: &AnyRow) -> StoreResult<CaseSummary> {
    let int = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
    let text = |i: usize| row.try_get::<String, _>(i).map_err(backend);
    let case_type = text(4)?;
    let level = text(15)?;
    let eligibility = text(16)?;
    Ok(CaseSummary {
        id: CaseId(int(0)?),
        reference: reference(int(1)?, int(2)?)?,
        title: text(3)?,
        case_type: CaseType::parse(&case_type).map_err(StoreError::Backend)?,
        stage: text(5)?,
        status: text(6)?,
        lead_member: MemberId(int(7)?),
        lead_member_name: text(8)?,
        path: OrgPath { workplace: WorkplaceId(int(9)?), branch: BranchId(int(10)?), region: RegionId(int(11)?) },
        workplace_name: text(12)?,
        complexity: rating(int(13)?)?,
        emotional_load: rating(int(14)?)?,
        escalation_level: EscalationLevel::parse(&level).map_err(StoreError::Backend)?,
        eligibility: Eligibility::parse(&eligibility)
            .ok_or_else(|| StoreError::Backend(format!("stored eligibility \"{eligibility}\" is unknown")))?,
        outcome: row.try_get::<Option<String>, _>(17).map_err(backend)?,
        created_at: time::from_text(&text(18)?)?,
        updated_at: time::from_text(&text(19)?)?,
        next_due_on: row
            .try_get::<Option<String>, _>(20)
            .map_err(backend)?
            .map(|d| time::date_from_text(&d))
            .transpose()?,
    })
}

fn entry_from_row(row: &AnyRow) -> StoreResult<TimelineEntry> {
    let kind: String = row.try_get(1).map_err(backend)?;
    let minutes: Option<i64> = row.try_get(4).map_err(backend)?;
    let occurred: String = row.try_get(6).map_err(backend)?;
    let created: String = row.try_get(7).map_err(backend)?;
    Ok(TimelineEntry {
        id: row.try_get(0).map_err(backend)?,
        kind: EntryKind::parse(&kind)
            .ok_or_else(|| StoreError::Backend(format!("stored entry kind \"{kind}\" is unknown")))?,
        author_label: row.try_get(2).map_err(backend)?,
        body: row.try_get(3).map_err(backend)?,
        minutes: minutes.and_then(|m| u32::try_from(m).ok()),
        corrects: row.try_get(5).map_err(backend)?,
        occurred_at: time::from_text(&occurred)?,
        created_at: time::from_text(&created)?,
    })
}
