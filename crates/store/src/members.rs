//! Member records: writes (with their search terms and audit entry in one transaction),
//! one-record reads and the filtered, paged list.

use async_trait::async_trait;
use sqlx::any::AnyArguments;
use sqlx::any::AnyRow;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};
use steward_app::ports::{
    AuditEntry, ImportCounts, MemberPage, MemberQuery, MemberRecord, MemberStore, StoreError, StoreResult,
};
use steward_domain::ids::{BranchId, MemberId, RegionId, WorkplaceId};
use steward_domain::member::{MemberDetails, MemberStatus};
use steward_domain::organisation::Scope;

use crate::audit::{insert_audit, insert_audits};
use crate::errors::{backend, on_write};
use crate::search_terms::{sort_key, terms_for, words, PREFIX_END};
use crate::sql::{scope_filter, Arg, Sql, MAX_BINDS};
use crate::time;
use crate::Db;

const MEMBER_COLUMNS: &str = "m.id, m.membership_number, m.first_name, m.last_name, m.email, m.phone, m.workplace_id, \
     w.name, e.name, w.branch_id, b.region_id, m.job_title, m.joined_on, m.status, m.created_at, m.updated_at";
/// What a member row needs beside `members m`: its workplace, employer and branch.
const MEMBER_JOINS: &str = " JOIN workplaces w ON w.id = m.workplace_id \
     JOIN employers e ON e.id = w.employer_id JOIN branches b ON b.id = w.branch_id";

#[async_trait]
impl MemberStore for Db {
    async fn create_member(&self, details: &MemberDetails, audit: &AuditEntry) -> StoreResult<MemberId> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id = insert_member(&mut tx, details, audit).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn update_member(&self, id: MemberId, details: &MemberDetails, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        update_member_row(&mut tx, id, details, audit).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn member(&self, id: MemberId) -> StoreResult<Option<MemberRecord>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM members m{MEMBER_JOINS} WHERE m.id = $1");
        let row = sqlx::query(&sql).bind(id.0).fetch_optional(&self.read).await.map_err(backend)?;
        row.as_ref().map(member_from_row).transpose()
    }

    async fn search_members(&self, query: &MemberQuery) -> StoreResult<MemberPage> {
        let words = query.text.as_deref().map(words).unwrap_or_default();
        let (driver, other_words) = match words.split_first() {
            Some((first, rest)) => (Some(first.as_str()), rest),
            None => (None, &[][..]),
        };
        let mut count = Sql::new("SELECT COUNT(*)");
        match driver {
            // Nothing but the search word narrows the list: the word index alone can count.
            Some(word) if other_words.is_empty() && !has_member_filters(query) => {
                count = Sql::new("SELECT COUNT(DISTINCT t.member_id) FROM member_search_terms t WHERE t.term >= ");
                count
                    .bind(Arg::Text(word.to_owned()))
                    .push(" AND t.term < ")
                    .bind(Arg::Text(format!("{word}{PREFIX_END}")));
            }
            _ => {
                from_members(&mut count, driver, "");
                add_filters(&mut count, query, other_words);
            }
        }
        let total: i64 = count.query_scalar().fetch_one(&self.read).await.map_err(backend)?;

        let per_page = i64::from(query.per_page);
        let offset = i64::from(query.page.saturating_sub(1)) * per_page;
        let mut list = Sql::new(&format!("SELECT {MEMBER_COLUMNS}"));
        match driver {
            Some(word) if other_words.is_empty() && !has_member_filters(query) => {
                one_page_of_word(&mut list, word, per_page, offset);
                list.push(" ORDER BY m.sort_key, m.id");
            }
            _ => {
                from_members(&mut list, driver, MEMBER_JOINS);
                add_filters(&mut list, query, other_words);
                list.push(" ORDER BY m.sort_key, m.id LIMIT ").bind(Arg::Int(per_page));
                list.push(" OFFSET ").bind(Arg::Int(offset));
            }
        }
        let rows = list.query().fetch_all(&self.read).await.map_err(backend)?;
        let members = rows.iter().map(member_from_row).collect::<StoreResult<Vec<_>>>()?;
        Ok(MemberPage { members, total, page: query.page, per_page: query.per_page })
    }

    async fn members_by_number(&self, numbers: &[&str]) -> StoreResult<Vec<MemberRecord>> {
        let mut conn = self.read.acquire().await.map_err(backend)?;
        Ok(existing_by_number(&mut conn, numbers.iter().copied()).await?.into_values().collect())
    }

    async fn import_members(&self, batch: &[MemberDetails], audit: &AuditEntry) -> StoreResult<ImportCounts> {
        let mut counts = ImportCounts::default();
        let mut entries = Vec::with_capacity(batch.len() + 1);
        let mut tx = self.write.begin().await.map_err(backend)?;
        let existing = existing_by_number(&mut tx, batch.iter().map(|d| d.membership_number.as_str())).await?;
        let mut new_members = Vec::new();
        for details in batch {
            match existing.get(details.membership_number.as_str()) {
                None => new_members.push(details),
                Some(current) => {
                    let changed = current.changed_fields(details);
                    if changed.is_empty() {
                        counts.unchanged += 1;
                        continue;
                    }
                    update_member_row(&mut tx, current.id, details, audit).await?;
                    let detail = format!("import changed {}", changed.join(", "));
                    entries.push((AuditEntry { detail, ..audit.clone() }, Some(current.id.to_string())));
                    counts.updated += 1;
                }
            }
        }
        for id in insert_members(&mut tx, &new_members, audit).await? {
            entries.push((AuditEntry { detail: "created by import".into(), ..audit.clone() }, Some(id.to_string())));
            counts.created += 1;
        }
        let detail = format!("{} created, {} updated, {} unchanged", counts.created, counts.updated, counts.unchanged);
        entries.push((AuditEntry { action: "member.import_batch".into(), detail, ..audit.clone() }, None));
        insert_audits(&mut tx, &entries).await?;
        tx.commit().await.map_err(backend)?;
        if counts.created > 0 {
            self.keep_statistics_fresh().await?;
        }
        Ok(counts)
    }
}

/// Inserts a batch of new members, then all their search words, a statement per 20 members
/// and per 80 words. Both go in in index order, members by list-order key and words by
/// (term, sort_key), not in file order: consecutive rows then land on neighbouring pages of
/// `members_sort`, `members_workplace`, `members_status` and the word index, so a statement
/// changes a few pages instead of one per row, and the member and word tables do not evict
/// each other from SQLite's page cache. On SQLite every page a many-row statement changes is
/// copied to its statement journal, written to the WAL at commit and copied back at the
/// checkpoint; in file order, members and their words interleaved, the 100k benchmark file
/// took 8.4-9.1 s of CPU, in index order about 5 (decision 0008, docs/benchmarks.md).
/// Member ids therefore follow list order within a batch.
async fn insert_members(
    conn: &mut AnyConnection,
    new: &[&MemberDetails],
    audit: &AuditEntry,
) -> StoreResult<Vec<MemberId>> {
    let at = time::to_text(audit.at);
    let mut new: Vec<(String, &MemberDetails)> = new.iter().map(|details| (sort_key(details), *details)).collect();
    new.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    let mut ids = Vec::with_capacity(new.len());
    let mut terms: Vec<(String, &str, i64)> = Vec::with_capacity(new.len() * 4);
    for chunk in new.chunks(MAX_BINDS / 12) {
        let mut sql = Sql::bulk(
            "INSERT INTO members (membership_number, first_name, last_name, email, phone, workplace_id, job_title, \
             joined_on, status, sort_key, created_at, updated_at) VALUES ",
            conn,
        );
        sql.values_rows(chunk.iter().map(|(key, d)| {
            vec![
                Arg::Text(d.membership_number.as_str().to_owned()),
                Arg::Text(d.first_name.as_str().to_owned()),
                Arg::Text(d.last_name.as_str().to_owned()),
                Arg::OptText(d.email.as_ref().map(|e| e.as_str().to_owned())),
                Arg::OptText(d.phone.as_ref().map(|p| p.as_str().to_owned())),
                Arg::Int(d.workplace_id.0),
                Arg::OptText(d.job_title.clone()),
                Arg::Text(d.joined_on.to_string()),
                Arg::Text(d.status.as_str().to_owned()),
                Arg::Text(key.clone()),
                Arg::Text(at.clone()),
                Arg::Text(at.clone()),
            ]
        }));
        sql.push(" RETURNING id, membership_number");
        let rows = sql.query().fetch_all(&mut *conn).await.map_err(on_write("membership_number"))?;
        // RETURNING order is not promised, so rows are matched back by membership number.
        let mut by_number = std::collections::HashMap::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get(0).map_err(backend)?;
            let number: String = row.try_get(1).map_err(backend)?;
            by_number.insert(number, MemberId(id));
        }
        for (key, details) in chunk {
            let id = *by_number
                .get(details.membership_number.as_str())
                .ok_or_else(|| StoreError::Backend("an inserted member was not returned".into()))?;
            ids.push(id);
            terms.extend(terms_for(details).into_iter().map(|term| (term, key.as_str(), id.0)));
        }
    }
    terms.sort_unstable();
    for chunk in terms.chunks(MAX_BINDS / 3) {
        let mut sql = Sql::bulk("INSERT INTO member_search_terms (term, sort_key, member_id) VALUES ", conn);
        sql.values_rows(
            chunk
                .iter()
                .map(|(term, key, id)| vec![Arg::Text(term.clone()), Arg::Text((*key).to_owned()), Arg::Int(*id)]),
        );
        sql.push(" ON CONFLICT DO NOTHING");
        sql.query().execute(&mut *conn).await.map_err(backend)?;
    }
    Ok(ids)
}

/// The members a batch already has, by membership number, fetched in one query.
async fn existing_by_number<'a>(
    conn: &mut AnyConnection,
    numbers: impl Iterator<Item = &'a str>,
) -> StoreResult<std::collections::HashMap<String, MemberRecord>> {
    let numbers: Vec<&str> = numbers.collect();
    if numbers.is_empty() {
        return Ok(Default::default());
    }
    let mut found = std::collections::HashMap::new();
    for chunk in numbers.chunks(MAX_BINDS) {
        let mut sql = Sql::bulk(
            &format!("SELECT {MEMBER_COLUMNS} FROM members m{MEMBER_JOINS} WHERE m.membership_number IN ("),
            conn,
        );
        for (index, number) in chunk.iter().enumerate() {
            if index > 0 {
                sql.push(", ");
            }
            sql.bind(Arg::Text((*number).to_owned()));
        }
        sql.push(")");
        // Not a cached prepared statement: PostgreSQL would settle on a generic plan made while
        // the table was nearly empty (a full scan) and keep it for the whole import.
        for row in sql.query().persistent(false).fetch_all(&mut *conn).await.map_err(backend)? {
            let member = member_from_row(&row)?;
            found.insert(member.membership_number.clone(), member);
        }
    }
    Ok(found)
}

async fn insert_member(conn: &mut AnyConnection, details: &MemberDetails, audit: &AuditEntry) -> StoreResult<MemberId> {
    let insert = sqlx::query(
        "INSERT INTO members (membership_number, first_name, last_name, email, phone, workplace_id, job_title, \
         joined_on, status, sort_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    );
    let row = bind_details(insert, details)
        .bind(time::to_text(audit.at))
        .fetch_one(&mut *conn)
        .await
        .map_err(on_write("membership_number"))?;
    let id = MemberId(row.try_get(0).map_err(backend)?);
    write_search_terms(conn, id, details).await?;
    Ok(id)
}

/// Binds `$1` to `$10`: the member's columns, in the order both statements name them.
fn bind_details<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    details: &'q MemberDetails,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(details.membership_number.as_str())
        .bind(details.first_name.as_str())
        .bind(details.last_name.as_str())
        .bind(details.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(details.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(details.workplace_id.0)
        .bind(details.job_title.clone())
        .bind(details.joined_on.to_string())
        .bind(details.status.as_str())
        .bind(sort_key(details))
}

async fn update_member_row(
    conn: &mut AnyConnection,
    id: MemberId,
    details: &MemberDetails,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let update = sqlx::query(
        "UPDATE members SET membership_number = $1, first_name = $2, last_name = $3, email = $4, phone = $5, \
         workplace_id = $6, job_title = $7, joined_on = $8, status = $9, sort_key = $10, updated_at = $11 WHERE id = $12",
    );
    let updated = bind_details(update, details)
        .bind(time::to_text(audit.at))
        .bind(id.0)
        .execute(&mut *conn)
        .await
        .map_err(on_write("membership_number"))?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    sqlx::query("DELETE FROM member_search_terms WHERE member_id = $1")
        .bind(id.0)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    write_search_terms(conn, id, details).await
}

/// One multi-row insert per member keeps imports fast on both backends.
async fn write_search_terms(conn: &mut AnyConnection, id: MemberId, details: &MemberDetails) -> StoreResult<()> {
    let terms = terms_for(details);
    if terms.is_empty() {
        return Ok(());
    }
    let key = sort_key(details);
    let mut sql = Sql::new("INSERT INTO member_search_terms (term, sort_key, member_id) VALUES ");
    sql.values_rows(terms.into_iter().map(|term| vec![Arg::Text(term), Arg::Text(key.clone()), Arg::Int(id.0)]));
    sql.push(" ON CONFLICT DO NOTHING");
    sql.query().execute(conn).await.map_err(backend)?;
    Ok(())
}

/// `FROM members m`, or, when searching, the members whose words start with the first search
/// word: that index range (a few thousand rows at most) drives the query, and the other
/// filters and the sort apply to those rows only. `CROSS JOIN` keeps SQLite from choosing to
/// walk all members in sort order instead; PostgreSQL plans it as an ordinary join.
fn from_members(sql: &mut Sql, first_word: Option<&str>, joins: &str) {
    match first_word {
        Some(word) => {
            sql.push(" FROM (SELECT DISTINCT t.member_id FROM member_search_terms t WHERE t.term >= ")
                .bind(Arg::Text(word.to_owned()))
                .push(" AND t.term < ")
                .bind(Arg::Text(format!("{word}{PREFIX_END}")))
                .push(") s CROSS JOIN members m")
                .push(joins)
                .push(" WHERE m.id = s.member_id");
        }
        None => {
            sql.push(" FROM members m").push(joins).push(" WHERE 1 = 1");
        }
    }
}

/// The page of members with a word starting with `word`, when nothing else narrows the list:
/// the word index holds each member's list-order key, so the page is chosen from the index
/// alone and only its 25 or so member rows are read.
fn one_page_of_word(sql: &mut Sql, word: &str, per_page: i64, offset: i64) {
    sql.push(" FROM (SELECT t.member_id, MIN(t.sort_key) AS sort_key FROM member_search_terms t WHERE t.term >= ")
        .bind(Arg::Text(word.to_owned()))
        .push(" AND t.term < ")
        .bind(Arg::Text(format!("{word}{PREFIX_END}")))
        .push(" GROUP BY t.member_id ORDER BY 2, 1 LIMIT ")
        .bind(Arg::Int(per_page))
        .push(" OFFSET ")
        .bind(Arg::Int(offset))
        .push(") s CROSS JOIN members m")
        .push(MEMBER_JOINS)
        .push(" WHERE m.id = s.member_id");
}

/// Whether anything besides search words restricts which members are listed.
fn has_member_filters(query: &MemberQuery) -> bool {
    query.scope != Scope::Union
        || query.status.is_some()
        || query.workplace.is_some()
        || query.branch.is_some()
        || query.employer.is_some()
}

/// Filters shared by the count and the page query; only `members m` is needed for them, so
/// the count never pays for joins.
fn add_filters(sql: &mut Sql, query: &MemberQuery, other_words: &[String]) {
    scope_filter(sql, "m.workplace_id", query.scope);
    if let Some(WorkplaceId(id)) = query.workplace {
        sql.push(" AND m.workplace_id = ").bind(Arg::Int(id));
    }
    if let Some(BranchId(id)) = query.branch {
        sql.push(" AND m.workplace_id IN (SELECT w3.id FROM workplaces w3 WHERE w3.branch_id = ")
            .bind(Arg::Int(id))
            .push(")");
    }
    if let Some(employer) = query.employer {
        sql.push(" AND m.workplace_id IN (SELECT w4.id FROM workplaces w4 WHERE w4.employer_id = ")
            .bind(Arg::Int(employer.0))
            .push(")");
    }
    if let Some(status) = query.status {
        sql.push(" AND m.status = ").bind(Arg::Text(status.as_str().into()));
    }
    for word in other_words {
        let end = format!("{word}{PREFIX_END}");
        sql.push(" AND m.id IN (SELECT t.member_id FROM member_search_terms t WHERE t.term >= ")
            .bind(Arg::Text(word.clone()))
            .push(" AND t.term < ")
            .bind(Arg::Text(end))
            .push(")");
    }
}

fn member_from_row(row: &AnyRow) -> StoreResult<MemberRecord> {
    let text = |index: usize| row.try_get::<String, _>(index).map_err(backend);
    let int = |index: usize| row.try_get::<i64, _>(index).map_err(backend);
    let optional = |index: usize| row.try_get::<Option<String>, _>(index).map_err(backend);
    Ok(MemberRecord {
        id: MemberId(int(0)?),
        membership_number: text(1)?,
        first_name: text(2)?,
        last_name: text(3)?,
        email: optional(4)?,
        phone: optional(5)?,
        workplace: WorkplaceId(int(6)?),
        workplace_name: text(7)?,
        employer_name: text(8)?,
        branch: BranchId(int(9)?),
        region: RegionId(int(10)?),
        job_title: optional(11)?,
        joined_on: time::date_from_text(&text(12)?)?,
        status: MemberStatus::parse(&text(13)?).map_err(StoreError::Backend)?,
        created_at: time::from_text(&text(14)?)?,
        updated_at: time::from_text(&text(15)?)?,
    })
}
