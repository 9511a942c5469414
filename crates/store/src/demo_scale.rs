//! `steward demo --scale`: a national union's worth of plainly fictional cases (a million, with
//! twenty million timeline entries, by default) for benchmarks. Rows are made inside the
//! database by `INSERT ... SELECT` over a counter, a chunk of cases per transaction, so the
//! same statements run on both backends and nothing crosses the wire row by row. Every value
//! is a function of the case's number `n`: the same `n` always gives the same case.
//!
//! What the rows say (types, stages, outcomes, entry kinds, titles) comes from the caller in a
//! `ScalePlan`; this module only writes it. Scratch tables (`demo_days`, `demo_clock`,
//! `demo_pool`) are temporary tables on the one connection the seeding uses.

use chrono::{Duration, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};
use steward_app::ports::{AuditEntry, StoreError, StoreResult};
use steward_domain::ids::UserId;

use crate::audit::insert_audit;
use crate::cases::NOTHING_DUE;
use crate::errors::backend;
use crate::sql::{Arg, Sql, MAX_BINDS};
use crate::time;
use crate::{Backend, Db};

/// Cases written per transaction (and per step of the progress bar).
pub const CASES_PER_CHUNK: u32 = 10_000;
/// How far back the demo's history goes, in days; open cases are from the last few months.
const HISTORY_DAYS: i64 = 3_650;
/// Days after today that deadlines may fall on.
const FUTURE_DAYS: i64 = 120;
/// Working seconds in a day (08:00 to 17:59:59) that times are taken from.
const CLOCK_SECONDS: i64 = 36_000;
/// Reference numbers start here, clear of cases opened the ordinary way.
const FIRST_REFERENCE: i64 = 100_000;
const FIRST_YEAR: i64 = 2016;
const YEARS: i64 = 10;

/// One user to add for the scale demo.
#[derive(Debug, Clone)]
pub struct ScaleUser {
    pub email: String,
    pub name: String,
    pub role: &'static str,
    pub scope: String,
}

/// What the scale demo writes.
#[derive(Debug, Clone)]
pub struct ScalePlan {
    pub cases: u32,
    pub entries_per_case: u32,
    /// Percent of cases still open (they get deadlines); the rest are closed.
    pub open_percent: u32,
    /// People by the part they play: each case gets a rep (by turn), every other case a
    /// caseworker, escalated cases an officer, legal ones a lawyer.
    pub reps: Vec<(UserId, String)>,
    pub caseworkers: Vec<(UserId, String)>,
    pub officers: Vec<(UserId, String)>,
    pub lawyers: Vec<(UserId, String)>,
    /// Each case type with its procedure's stage codes, in order.
    pub case_types: Vec<(String, Vec<String>)>,
    pub titles: Vec<String>,
    pub outcomes: Vec<String>,
    /// Kinds for the entries between the first ("opened") and, on closed cases, the last.
    pub entry_kinds: Vec<String>,
    pub bodies: Vec<String>,
    pub today: NaiveDate,
}

/// How many rows the scale demo wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScaleReport {
    pub cases: u64,
    pub open_cases: u64,
    pub entries: u64,
    pub team_rows: u64,
    pub deadlines: u64,
    pub training_records: u64,
}

impl Db {
    /// Adds users with one password hash (the demo's shared password); returns their ids in order.
    pub async fn insert_demo_users(&self, users: &[ScaleUser], password_hash: &str) -> StoreResult<Vec<UserId>> {
        let mut conn = self.write.acquire().await.map_err(backend)?;
        let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(backend)?;
        let at = time::to_text(Utc::now());
        let mut ids = Vec::with_capacity(users.len());
        for chunk in users.chunks(MAX_BINDS / 6) {
            let mut sql =
                Sql::bulk("INSERT INTO users (email, name, role, scope, password_hash, created_at) VALUES ", &tx);
            sql.values_rows(chunk.iter().map(|user| {
                vec![
                    Arg::Text(user.email.clone()),
                    Arg::Text(user.name.clone()),
                    Arg::Text(user.role.to_owned()),
                    Arg::Text(user.scope.clone()),
                    Arg::Text(password_hash.to_owned()),
                    Arg::Text(at.clone()),
                ]
            }));
            sql.push(" RETURNING id");
            let rows = sql.query().fetch_all(&mut *tx).await.map_err(backend)?;
            for row in rows {
                ids.push(UserId(row.try_get(0).map_err(backend)?));
            }
        }
        tx.commit().await.map_err(backend)?;
        if ids.len() != users.len() {
            return Err(StoreError::Backend("not every demo user was written".into()));
        }
        Ok(ids)
    }

    /// Writes the plan's cases, a chunk per transaction, calling `progress` with the number of
    /// cases written so far; then refreshes the planner's statistics.
    pub async fn seed_scale(
        &self,
        plan: &ScalePlan,
        audit: &AuditEntry,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> StoreResult<ScaleReport> {
        check(plan)?;
        let mut conn = self.write.acquire().await.map_err(backend)?;
        let members = member_range(&mut conn).await?;
        scratch_tables(&mut conn, plan).await?;
        let mut report = ScaleReport::default();
        let mut done = 0u32;
        while done < plan.cases {
            let upto = (done + CASES_PER_CHUNK).min(plan.cases);
            let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(backend)?;
            let before: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM cases")
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
            let written =
                execute(&mut tx, &insert_cases(plan, members), &[i64::from(done), i64::from(upto) - 1]).await?;
            if written != u64::from(upto - done) {
                return Err(StoreError::Backend(format!(
                    "{written} of {} demo cases were written (members without a workplace?)",
                    upto - done
                )));
            }
            let last: i64 =
                sqlx::query_scalar("SELECT MAX(id) FROM cases").fetch_one(&mut *tx).await.map_err(backend)?;
            let range = [before, last];
            execute(&mut tx, "INSERT INTO case_members (case_id, member_id) SELECT c.id, c.lead_member_id FROM cases c WHERE c.id > $1 AND c.id <= $2", &range).await?;
            for statement in insert_team(plan) {
                report.team_rows += execute(&mut tx, &statement, &range).await?;
            }
            report.deadlines += execute(&mut tx, &insert_deadlines(), &range).await?;
            report.entries += execute(&mut tx, &insert_timeline(plan), &range).await?;
            tx.commit().await.map_err(backend)?;
            report.cases += written;
            done = upto;
            progress(u64::from(done));
        }
        report.open_cases =
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM cases WHERE status = 'open' AND reference_number >= $1")
                .bind(FIRST_REFERENCE)
                .fetch_one(&mut *conn)
                .await
                .map_err(backend)?
                .unsigned_abs();
        // Training as a union has it: about a third trained to accompany, a fifth in health and
        // safety (lapsing in two years), so suggestions at scale read real records. Dated from
        // the seeding day, and only for people without that competence yet (the small demo has some).
        let at = time::to_text(audit.at);
        let day = audit.at.date_naive();
        let completed = (day - chrono::Days::new(365)).to_string();
        let lapses = (day + chrono::Days::new(2 * 365)).to_string();
        for (competence, course, modulus, expires) in [
            ("accompanying", "Reps stage 1", 3, None),
            ("health_and_safety", "Health and safety stage 1", 5, Some(lapses.as_str())),
        ] {
            report.training_records += sqlx::query(&format!(
                "INSERT INTO training_records (user_id, competence, course, completed_on, expires_on, recorded_by, \
                 recorded_at) SELECT id, $1, $2, $3, $4, NULL, $5 FROM users \
                 WHERE role IN ('rep', 'caseworker', 'officer') AND id % {modulus} = 0 \
                 AND id NOT IN (SELECT user_id FROM training_records WHERE competence = $1)"
            ))
            .bind(competence)
            .bind(course)
            .bind(completed.as_str())
            .bind(expires)
            .bind(&at)
            .execute(&mut *conn)
            .await
            .map_err(backend)?
            .rows_affected();
        }
        for table in ["demo_days", "demo_clock", "demo_pool"] {
            sqlx::query(&format!("DROP TABLE {table}")).execute(&mut *conn).await.map_err(backend)?;
        }
        let audit = AuditEntry {
            detail: format!(
                "{} cases, {} timeline entries, {} deadlines",
                report.cases, report.entries, report.deadlines
            ),
            ..audit.clone()
        };
        insert_audit(&mut conn, &audit, None).await?;
        drop(conn);
        self.analyse_case_tables().await?;
        Ok(report)
    }

    /// Planner statistics for the case tables after a bulk load (both backends plan the
    /// lists from them: which side of the scope-or-team union to read first).
    async fn analyse_case_tables(&self) -> StoreResult<()> {
        let statement = match self.backend() {
            // A sample per index is enough, and a full ANALYZE reads every row of 20M entries.
            Backend::Sqlite => "PRAGMA analysis_limit = 2000; ANALYZE",
            Backend::Postgres => {
                "ANALYZE users, members, cases, case_members, case_team, case_timeline, case_deadlines, audit_log, \
                 training_records"
            }
        };
        sqlx::raw_sql(statement).execute(&self.write).await.map_err(backend)?;
        Ok(())
    }
}

fn check(plan: &ScalePlan) -> StoreResult<()> {
    let problem = if plan.reps.is_empty() || plan.caseworkers.is_empty() || plan.officers.is_empty() {
        Some("the scale demo needs reps, caseworkers and officers")
    } else if plan.lawyers.is_empty() || plan.case_types.iter().any(|(_, stages)| stages.is_empty()) {
        Some("the scale demo needs lawyers, and stages for every case type")
    } else if [&plan.titles, &plan.outcomes, &plan.entry_kinds, &plan.bodies].iter().any(|list| list.is_empty())
        || plan.case_types.is_empty()
        || plan.entries_per_case == 0
        || plan.open_percent > 100
    {
        Some("the scale demo plan is incomplete")
    } else {
        None
    };
    problem.map_or(Ok(()), |problem| Err(StoreError::Backend(problem.into())))
}

async fn execute(conn: &mut AnyConnection, sql: &str, values: &[i64]) -> StoreResult<u64> {
    let query = values.iter().fold(sqlx::query(sql), |query, value| query.bind(*value));
    Ok(query.execute(conn).await.map_err(backend)?.rows_affected())
}

/// The first member id and how many there are: cases pick their lead member by number.
async fn member_range(conn: &mut AnyConnection) -> StoreResult<(i64, i64)> {
    let row = sqlx::query("SELECT MIN(id), MAX(id), COUNT(*) FROM members WHERE workplace_id IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)?;
    let low: Option<i64> = row.try_get(0).map_err(backend)?;
    let high: Option<i64> = row.try_get(1).map_err(backend)?;
    let count: i64 = row.try_get(2).map_err(backend)?;
    match (low, high) {
        (Some(low), Some(high)) if high - low + 1 == count => Ok((low, count)),
        _ => Err(StoreError::Backend("the scale demo needs the demo's members, numbered without gaps".into())),
    }
}

/// Days (`demo_days.d` 0 is `HISTORY_DAYS` before today), working-day times, and the people
/// each part is handed out from.
async fn scratch_tables(conn: &mut AnyConnection, plan: &ScalePlan) -> StoreResult<()> {
    for statement in [
        "CREATE TEMPORARY TABLE demo_days (d BIGINT PRIMARY KEY, on_date TEXT NOT NULL)",
        "CREATE TEMPORARY TABLE demo_clock (s BIGINT PRIMARY KEY, clock TEXT NOT NULL)",
        "CREATE TEMPORARY TABLE demo_pool (pool TEXT NOT NULL, k BIGINT NOT NULL, user_id BIGINT NOT NULL, \
         email TEXT NOT NULL, PRIMARY KEY (pool, k))",
    ] {
        sqlx::query(statement).execute(&mut *conn).await.map_err(backend)?;
    }
    let first = plan.today - Duration::days(HISTORY_DAYS);
    let days: Vec<Vec<Arg>> = (0..=HISTORY_DAYS + FUTURE_DAYS)
        .map(|d| vec![Arg::Int(d), Arg::Text((first + Duration::days(d)).format("%Y-%m-%d").to_string())])
        .collect();
    let clock: Vec<Vec<Arg>> = (0..CLOCK_SECONDS)
        .map(|s| {
            let micros = (s * 7_919) % 1_000_000;
            let text = format!("{:02}:{:02}:{:02}.{micros:06}Z", 8 + s / 3_600, (s / 60) % 60, s % 60);
            vec![Arg::Int(s), Arg::Text(text)]
        })
        .collect();
    let pools = [
        ("rep", &plan.reps),
        ("caseworker", &plan.caseworkers),
        ("officer", &plan.officers),
        ("lawyer", &plan.lawyers),
    ];
    let people: Vec<Vec<Arg>> = pools
        .iter()
        .flat_map(|(pool, people)| {
            people.iter().enumerate().map(move |(k, (id, email))| {
                vec![
                    Arg::Text((*pool).to_owned()),
                    Arg::Int(i64::try_from(k).unwrap_or(i64::MAX)),
                    Arg::Int(id.0),
                    Arg::Text(email.clone()),
                ]
            })
        })
        .collect();
    let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(backend)?;
    for (table, rows) in [
        ("demo_days (d, on_date)", days),
        ("demo_clock (s, clock)", clock),
        ("demo_pool (pool, k, user_id, email)", people),
    ] {
        let width = rows.first().map_or(1, Vec::len);
        for chunk in rows.chunks(MAX_BINDS / width) {
            let mut sql = Sql::bulk(&format!("INSERT INTO {table} VALUES "), &tx);
            sql.values_rows(chunk.iter().cloned());
            sql.query().execute(&mut *tx).await.map_err(backend)?;
        }
    }
    tx.commit().await.map_err(backend)?;
    Ok(())
}

/// A text constant in SQL (the plan's words are the program's own, but quote them anyway).
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `CASE (key) % len WHEN 0 THEN 'a' WHEN 1 THEN 'b' ... END`.
fn pick(key: &str, options: &[String]) -> String {
    let mut sql = format!("CASE ({key}) % {} ", options.len());
    for (index, option) in options.iter().enumerate() {
        sql.push_str(&format!("WHEN {index} THEN {} ", literal(option)));
    }
    sql.push_str("END");
    sql
}

fn len(items: usize) -> i64 {
    i64::try_from(items).unwrap_or(i64::MAX)
}

/// The expressions every statement shares, over a row source with `n` (the case's number):
/// `h` and `g` are two well-mixed numbers from it, so being open, the type and the level do
/// not line up with who the rep is (`n` taken in turn).
fn hashes(source: &str) -> String {
    format!("SELECT x.*, (x.n * 2654435761) % 1000003 AS h, (x.n * 40503) % 1000033 AS g FROM ({source}) x")
}

fn open_condition(plan: &ScalePlan) -> String {
    format!("(s.h % 100) < {}", plan.open_percent)
}

/// Day numbers (into `demo_days`) of a case's opening, last change and next deadline.
fn created_day(plan: &ScalePlan) -> String {
    format!(
        "CASE WHEN {open} THEN {today} - 5 - s.g % 150 ELSE 60 + s.g % ({today} - 200) END",
        open = open_condition(plan),
        today = HISTORY_DAYS
    )
}

fn updated_day(plan: &ScalePlan) -> String {
    format!(
        "CASE WHEN {open} THEN {today} - s.h % 5 ELSE {created} + 10 + s.h % 120 END",
        open = open_condition(plan),
        today = HISTORY_DAYS,
        created = created_day(plan)
    )
}

/// Nine in ten open cases have something due, from ten days overdue to two months ahead.
fn due_day() -> String {
    format!("CASE WHEN s.g % 10 = 0 THEN NULL ELSE {} - 10 + (s.g / 10) % 70 END", HISTORY_DAYS)
}

fn insert_cases(plan: &ScalePlan, (first_member, members): (i64, i64)) -> String {
    let types: Vec<String> = plan.case_types.iter().map(|(kind, _)| kind.clone()).collect();
    let type_count = len(types.len());
    let mut stage = String::from("CASE s.h % ");
    stage.push_str(&type_count.to_string());
    for (index, (_, stages)) in plan.case_types.iter().enumerate() {
        // Open cases are somewhere along their procedure; closed ones reached its last stage.
        let open_stage = pick("s.g / 7", stages);
        let last = literal(stages.last().map_or("", String::as_str));
        stage.push_str(&format!(
            " WHEN {index} THEN CASE WHEN {} THEN {open_stage} ELSE {last} END",
            open_condition(plan)
        ));
    }
    stage.push_str(" END");
    let open = open_condition(plan);
    let counter =
        hashes("WITH RECURSIVE seq(n) AS (SELECT $1 UNION ALL SELECT n + 1 FROM seq WHERE n < $2) SELECT n FROM seq");
    format!(
        "INSERT INTO cases (reference_year, reference_number, title, case_type, stage, status, lead_member_id, \
         workplace_id, complexity, emotional_load, escalation_level, problem_arose_on, eligibility, \
         eligibility_reasons, outcome, closed_at, created_at, updated_at, next_due_on, due_sort) \
         SELECT {FIRST_YEAR} + s.n % {YEARS}, {FIRST_REFERENCE} + s.n / {YEARS}, {title}, {kind}, {stage}, \
         CASE WHEN {open} THEN 'open' ELSE 'closed' END, m.id, m.workplace_id, 1 + s.g % 5, 1 + (s.g / 5) % 5, \
         CASE WHEN s.g % 40 = 39 THEN 'legal' WHEN s.g % 40 >= 34 THEN 'officer' WHEN s.g % 40 >= 16 THEN 'caseworker' ELSE 'rep' END, \
         problem.on_date, CASE WHEN s.g % 50 = 0 THEN 'advice_only' ELSE 'full' END, \
         CASE WHEN s.g % 50 = 0 THEN 'In arrears when the problem arose' ELSE '' END, \
         CASE WHEN {open} THEN NULL ELSE {outcome} END, \
         CASE WHEN {open} THEN NULL ELSE changed.on_date || 'T' || t2.clock END, \
         opened.on_date || 'T' || t1.clock, changed.on_date || 'T' || t2.clock, \
         CASE WHEN {open} THEN due.on_date ELSE NULL END, \
         CASE WHEN {open} THEN COALESCE(due.on_date, '{NOTHING_DUE}') ELSE '{NOTHING_DUE}' END \
         FROM ({counter}) s \
         JOIN members m ON m.id = {first_member} + (s.n * 7919) % {members} \
         JOIN demo_days opened ON opened.d = {created} \
         JOIN demo_days problem ON problem.d = {created} - 7 - s.h % 30 \
         JOIN demo_days changed ON changed.d = {updated} \
         LEFT JOIN demo_days due ON due.d = {due} \
         JOIN demo_clock t1 ON t1.s = (s.n * 13) % {CLOCK_SECONDS} \
         JOIN demo_clock t2 ON t2.s = (s.n * 29 + 7) % {CLOCK_SECONDS} \
         ORDER BY s.n",
        title = pick("s.g / 3", &plan.titles),
        kind = pick("s.h", &types),
        outcome = pick("s.g / 11", &plan.outcomes),
        created = created_day(plan),
        updated = updated_day(plan),
        due = due_day(),
    )
}

/// The chunk's cases (`$1 < id <= $2`) with their number `n` again.
fn chunk_source() -> String {
    hashes(&format!(
        "SELECT c.id AS case_id, c.status AS status, c.escalation_level AS level, c.created_at AS created_at, \
         (c.reference_number - {FIRST_REFERENCE}) * {YEARS} + c.reference_year - {FIRST_YEAR} AS n \
         FROM cases c WHERE c.id > $1 AND c.id <= $2"
    ))
}

/// One statement per part: a rep on every case (in turn), a caseworker on every other case,
/// an officer on escalated cases and a lawyer on legal ones.
fn insert_team(plan: &ScalePlan) -> Vec<String> {
    let parts = [
        ("rep", "TRUE", "s.n", plan.reps.len()),
        ("caseworker", "s.n % 2 = 0", "s.n / 2", plan.caseworkers.len()),
        ("officer", "s.level IN ('officer', 'legal')", "s.h", plan.officers.len()),
        ("lawyer", "s.level = 'legal'", "s.g", plan.lawyers.len()),
    ];
    parts
        .into_iter()
        .map(|(pool, condition, turn, people)| {
            format!(
                "INSERT INTO case_team (case_id, user_id, role, added_at) \
                 SELECT s.case_id, p.user_id, p.pool, s.created_at FROM ({source}) s \
                 JOIN demo_pool p ON p.pool = '{pool}' AND p.k = ({turn}) % {people} WHERE {condition}",
                source = chunk_source(),
                people = len(people),
            )
        })
        .collect()
}

/// Open cases: the deadline their `next_due_on` names (when they have one), and one done.
fn insert_deadlines() -> String {
    format!(
        "INSERT INTO case_deadlines (case_id, kind, title, due_on, owner_id, created_by, created_at, done_at) \
         SELECT s.case_id, CASE WHEN k.j = 0 THEN 'deadline' ELSE 'task' END, \
         CASE WHEN k.j = 0 THEN 'Reply to the employer''s letter' ELSE 'Send the member the meeting notes' END, \
         CASE WHEN k.j = 0 THEN c.next_due_on ELSE substr(c.created_at, 1, 10) END, \
         CASE WHEN k.j = 0 THEN NULL ELSE t.user_id END, 'demo', c.created_at, \
         CASE WHEN k.j = 0 THEN NULL ELSE c.updated_at END \
         FROM ({source}) s JOIN cases c ON c.id = s.case_id \
         JOIN (SELECT 0 AS j UNION ALL SELECT 1) k ON k.j = 1 OR c.next_due_on IS NOT NULL \
         LEFT JOIN case_team t ON t.case_id = s.case_id AND t.role = 'rep' \
         WHERE s.status = 'open'",
        source = chunk_source(),
    )
}

fn insert_timeline(plan: &ScalePlan) -> String {
    let last = i64::from(plan.entries_per_case) - 1;
    let steps = last.max(1);
    let closing = format!("k.j = {last} AND s.status = 'closed'");
    let kind = format!(
        "CASE WHEN k.j = 0 THEN 'opened' WHEN {closing} THEN 'closed' ELSE {} END",
        pick("s.n + k.j", &plan.entry_kinds)
    );
    format!(
        "WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < {last}) \
         INSERT INTO case_timeline (case_id, kind, author_user_id, author_label, body, minutes, occurred_at, created_at) \
         SELECT s.case_id, {kind}, p.user_id, p.email, \
         CASE WHEN k.j = 0 THEN 'Case opened.' WHEN {closing} THEN 'Case closed.' ELSE {body} END, \
         CASE WHEN ({kind}) IN ('call', 'meeting', 'time_spent') THEN 15 + ((s.n + k.j) % 4) * 15 ELSE NULL END, \
         d.on_date || 'T' || t.clock, d.on_date || 'T' || t.clock \
         FROM ({source}) s CROSS JOIN k \
         JOIN demo_pool p ON p.pool = 'rep' AND p.k = s.n % {reps} \
         JOIN demo_days d ON d.d = {created} + (k.j * (({updated}) - ({created}))) / {steps} \
         JOIN demo_clock t ON t.s = (s.n * 7 + k.j * 131) % {CLOCK_SECONDS} \
         ORDER BY s.case_id, k.j",
        body = pick("s.n + 3 * k.j", &plan.bodies),
        source = chunk_source(),
        reps = len(plan.reps.len()),
        created = created_day(plan),
        updated = updated_day(plan),
    )
}
