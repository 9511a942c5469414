//! Workload snapshots (computed from open cases, deadlines and time logged, then written in a
//! short transaction), branch thresholds, and private wellbeing records.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;
use steward_app::ports::{
    AuditEntry, BranchThresholds, NewWellbeingRecord, PlacedCapacity, StoreError, StoreResult, WellbeingRecord,
    WorkloadPerson, WorkloadQuery, WorkloadSnapshot, WorkloadStore, WorkloadWeek,
};
use steward_domain::ids::{BranchId, UserId};
use steward_domain::organisation::{OrgPath, Scope};
use steward_domain::role::Role;
use steward_domain::workload::{case_points_from_rating_sum, score, Capacity, Thresholds, WorkloadInputs};

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::sql::{Arg, Sql};
use crate::time;
use crate::Db;

/// The roles that carry cases and so have a workload.
const CARRYING_ROLES: &str = "('rep', 'caseworker', 'officer')";
/// Rows per multi-row upsert: well under both backends' limits on bound parameters.
const UPSERT_BATCH: usize = 200;

#[async_trait]
impl WorkloadStore for Db {
    async fn refresh_workload(&self, week: WorkloadWeek, now: DateTime<Utc>) -> StoreResult<u32> {
        // Read first, on the read pool, so the write lock is held only for the upserts.
        let people = sqlx::query(&format!(
            "SELECT u.id, u.scope, p.facility_minutes_per_week FROM users u \
             LEFT JOIN rep_profiles p ON p.user_id = u.id WHERE u.active = 1 AND u.role IN {CARRYING_ROLES}"
        ))
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        let mut details: HashMap<i64, (Scope, Option<u32>)> = HashMap::new();
        let mut snapshots: HashMap<i64, WorkloadSnapshot> = HashMap::new();
        for row in &people {
            let id: i64 = row.try_get(0).map_err(backend)?;
            let scope: String = row.try_get(1).map_err(backend)?;
            let facility: Option<i64> = row.try_get(2).map_err(backend)?;
            details.insert(
                id,
                (Scope::parse(&scope).map_err(StoreError::Backend)?, facility.and_then(|m| u32::try_from(m).ok())),
            );
            snapshots.insert(
                id,
                WorkloadSnapshot {
                    user: UserId(id),
                    open_cases: 0,
                    case_points_doubled: 0,
                    deadlines_this_week: 0,
                    minutes_this_week: 0,
                },
            );
        }
        let places = Places::load(&self.read).await?;
        let thresholds = self.branch_thresholds().await?;
        let loads = sqlx::query(
            "SELECT t.user_id, COUNT(*), CAST(SUM(c.complexity + c.emotional_load) AS BIGINT) \
             FROM cases c JOIN case_team t ON t.case_id = c.id WHERE c.status = 'open' GROUP BY t.user_id",
        )
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        for row in &loads {
            if let Some(snapshot) = snapshots.get_mut(&row.try_get::<i64, _>(0).map_err(backend)?) {
                snapshot.open_cases = count(row, 1)?;
                snapshot.case_points_doubled = u64::from(count(row, 2)?);
            }
        }
        // Overdue deadlines still press this week, so "due this week" is due by its end.
        let due = sqlx::query(
            "SELECT t.user_id, COUNT(*) FROM case_deadlines d JOIN cases c ON c.id = d.case_id \
             JOIN case_team t ON t.case_id = d.case_id \
             WHERE d.done_at IS NULL AND d.due_on <= $1 AND c.status = 'open' GROUP BY t.user_id",
        )
        .bind(week.ends_on.to_string())
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        for row in &due {
            if let Some(snapshot) = snapshots.get_mut(&row.try_get::<i64, _>(0).map_err(backend)?) {
                snapshot.deadlines_this_week = count(row, 1)?;
            }
        }
        let logged = sqlx::query(
            "SELECT user_id, CAST(SUM(minutes) AS BIGINT) FROM time_entries \
             WHERE worked_on >= $1 AND worked_on <= $2 GROUP BY user_id",
        )
        .bind(week.starts_on.to_string())
        .bind(week.ends_on.to_string())
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        for row in &logged {
            if let Some(snapshot) = snapshots.get_mut(&row.try_get::<i64, _>(0).map_err(backend)?) {
                snapshot.minutes_this_week = count(row, 1)?;
            }
        }

        let mut rows: Vec<Placed> = snapshots
            .into_values()
            .map(|snapshot| {
                let (scope, facility) = details.get(&snapshot.user.0).copied().unwrap_or((Scope::Union, None));
                let (region, branch, workplace) = places.of(scope);
                let total = score(&WorkloadInputs {
                    case_points: case_points_from_rating_sum(snapshot.case_points_doubled),
                    deadlines_this_week: snapshot.deadlines_this_week,
                    minutes_logged_this_week: snapshot.minutes_this_week,
                    facility_minutes_per_week: facility,
                })
                .total;
                let score_tenths = (total * 10.0).round() as u32;
                let capacity = Capacity::of(f64::from(score_tenths) / 10.0, thresholds_for(branch, &thresholds));
                Placed { snapshot, region, branch, workplace, score_tenths, capacity }
            })
            .collect();
        rows.sort_by_key(|placed| placed.snapshot.user);
        let week_text = week.starts_on.to_string();
        let now_text = time::to_text(now);
        let mut tx = self.write.begin().await.map_err(backend)?;
        sqlx::query(&format!(
            "DELETE FROM workload_snapshots WHERE user_id NOT IN \
             (SELECT id FROM users WHERE active = 1 AND role IN {CARRYING_ROLES})"
        ))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        for batch in rows.chunks(UPSERT_BATCH) {
            const COLUMNS: usize = 10;
            let placeholders: Vec<String> = (0..batch.len())
                .map(|i| {
                    let values: Vec<String> = (0..COLUMNS).map(|c| format!("${}", i * COLUMNS + c + 3)).collect();
                    format!("({}, $1, $2)", values.join(", "))
                })
                .collect();
            let sql = format!(
                "INSERT INTO workload_snapshots (user_id, open_cases, case_points_doubled, deadlines_this_week, \
                 minutes_this_week, region_id, branch_id, workplace_id, score_tenths, capacity, week_starts_on, \
                 computed_at) VALUES {} \
                 ON CONFLICT (user_id) DO UPDATE SET open_cases = excluded.open_cases, \
                 case_points_doubled = excluded.case_points_doubled, \
                 deadlines_this_week = excluded.deadlines_this_week, minutes_this_week = excluded.minutes_this_week, \
                 region_id = excluded.region_id, branch_id = excluded.branch_id, \
                 workplace_id = excluded.workplace_id, score_tenths = excluded.score_tenths, \
                 capacity = excluded.capacity, week_starts_on = excluded.week_starts_on, \
                 computed_at = excluded.computed_at",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(&sql).bind(&week_text).bind(&now_text);
            for placed in batch {
                let snapshot = &placed.snapshot;
                query = query
                    .bind(snapshot.user.0)
                    .bind(i64::from(snapshot.open_cases))
                    .bind(i64::try_from(snapshot.case_points_doubled).unwrap_or(i64::MAX))
                    .bind(i64::from(snapshot.deadlines_this_week))
                    .bind(i64::from(snapshot.minutes_this_week))
                    .bind(placed.region)
                    .bind(placed.branch)
                    .bind(placed.workplace)
                    .bind(i64::from(placed.score_tenths))
                    .bind(capacity_text(placed.capacity));
            }
            query.execute(&mut *tx).await.map_err(backend)?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(u32::try_from(rows.len()).unwrap_or(u32::MAX))
    }

    async fn workload_computed_at(&self) -> StoreResult<Option<DateTime<Utc>>> {
        let newest: Option<String> = sqlx::query_scalar("SELECT MAX(computed_at) FROM workload_snapshots")
            .fetch_one(&self.read)
            .await
            .map_err(backend)?;
        newest.as_deref().map(time::from_text).transpose()
    }

    async fn workload_people(&self, limit: u32) -> StoreResult<Vec<WorkloadPerson>> {
        let rows = sqlx::query(&format!(
            "SELECT {PERSON_COLUMNS} FROM users u \
             LEFT JOIN workload_snapshots s ON s.user_id = u.id LEFT JOIN rep_profiles p ON p.user_id = u.id \
             WHERE u.active = 1 AND u.role IN {CARRYING_ROLES} ORDER BY u.name, u.id LIMIT $1"
        ))
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter().map(person_from_row).collect()
    }

    async fn workload_page(&self, query: &WorkloadQuery) -> StoreResult<Vec<WorkloadPerson>> {
        let mut sql = Sql::new(&format!(
            "SELECT {PERSON_COLUMNS} FROM workload_snapshots s JOIN users u ON u.id = s.user_id \
             LEFT JOIN rep_profiles p ON p.user_id = s.user_id WHERE u.active = 1"
        ));
        place_filter(&mut sql, query.scope);
        if let Some(capacity) = query.capacity {
            sql.push(" AND s.capacity = ").bind(Arg::Text(capacity_text(capacity).to_owned()));
        }
        sql.push(" ORDER BY s.score_tenths DESC, s.user_id LIMIT ").bind(Arg::Int(i64::from(query.limit)));
        sql.push(" OFFSET ").bind(Arg::Int(i64::from(query.offset)));
        let rows = sql.query().fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(person_from_row).collect()
    }

    async fn capacities_covering(&self, path: OrgPath) -> StoreResult<Vec<PlacedCapacity>> {
        let rows = sqlx::query(
            "SELECT s.user_id, s.capacity, s.open_cases FROM workload_snapshots s JOIN users u ON u.id = s.user_id \
             WHERE u.active = 1 AND u.scope IN ($1, $2, $3, $4)",
        )
        .bind(Scope::Union.to_text())
        .bind(Scope::Region(path.region).to_text())
        .bind(Scope::Branch(path.branch).to_text())
        .bind(Scope::Workplace(path.workplace).to_text())
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let capacity: String = row.try_get(1).map_err(backend)?;
                Ok(PlacedCapacity {
                    user: UserId(row.try_get(0).map_err(backend)?),
                    capacity: parse_capacity(&capacity)?,
                    open_cases: count(row, 2)?,
                })
            })
            .collect()
    }

    async fn workload_counts(&self, scope: Scope) -> StoreResult<[u32; 3]> {
        let mut sql = Sql::new(
            "SELECT s.capacity, COUNT(*) FROM workload_snapshots s JOIN users u ON u.id = s.user_id WHERE u.active = 1",
        );
        place_filter(&mut sql, scope);
        sql.push(" GROUP BY s.capacity");
        let rows = sql.query().fetch_all(&self.read).await.map_err(backend)?;
        let mut counts = [0u32; 3];
        for row in &rows {
            let capacity: String = row.try_get(0).map_err(backend)?;
            counts[capacity_index(parse_capacity(&capacity)?)] = count(row, 1)?;
        }
        Ok(counts)
    }

    async fn branch_thresholds(&self) -> StoreResult<Vec<BranchThresholds>> {
        let rows = sqlx::query(
            "SELECT branch_id, near_tenths, over_tenths FROM branch_workload_thresholds ORDER BY branch_id",
        )
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                Ok(BranchThresholds {
                    branch: BranchId(row.try_get(0).map_err(backend)?),
                    near_tenths: count(row, 1)?,
                    over_tenths: count(row, 2)?,
                })
            })
            .collect()
    }

    async fn save_branch_thresholds(&self, thresholds: &BranchThresholds, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO branch_workload_thresholds (branch_id, near_tenths, over_tenths, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (branch_id) DO UPDATE SET near_tenths = excluded.near_tenths, \
             over_tenths = excluded.over_tenths, updated_at = excluded.updated_at",
        )
        .bind(thresholds.branch.0)
        .bind(i64::from(thresholds.near_tenths))
        .bind(i64::from(thresholds.over_tenths))
        .bind(time::to_text(audit.at))
        .execute(&mut *tx)
        .await
        .map_err(on_write("branch"))?;
        // The branch's people are placed against the new thresholds at once, as `Capacity::of`
        // would (from the threshold up).
        sqlx::query(
            "UPDATE workload_snapshots SET capacity = CASE WHEN score_tenths >= $1 THEN 'over' \
             WHEN score_tenths >= $2 THEN 'near' ELSE 'under' END WHERE branch_id = $3",
        )
        .bind(i64::from(thresholds.over_tenths))
        .bind(i64::from(thresholds.near_tenths))
        .bind(thresholds.branch.0)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_audit(&mut tx, audit, Some(thresholds.branch.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn recent_emotional_loads(&self, user: UserId, count_wanted: u32) -> StoreResult<Vec<u8>> {
        let loads: Vec<i64> = sqlx::query_scalar(
            "SELECT c.emotional_load FROM case_team t JOIN cases c ON c.id = t.case_id WHERE t.user_id = $1 \
             ORDER BY t.added_at DESC, t.case_id DESC LIMIT $2",
        )
        .bind(user.0)
        .bind(i64::from(count_wanted))
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        loads
            .into_iter()
            .map(|load| u8::try_from(load).map_err(|_| StoreError::Backend(format!("emotional load {load}"))))
            .collect()
    }

    async fn add_wellbeing_record(&self, record: &NewWellbeingRecord, audit: &AuditEntry) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO wellbeing_records (user_id, kind, mood, note, shared_with_user_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(record.user.0)
        .bind(record.kind)
        .bind(record.mood.map(i64::from))
        .bind(record.note.as_deref())
        .bind(record.shared_with.map(|user| user.0))
        .bind(time::to_text(record.created_at))
        .fetch_one(&mut *tx)
        .await
        .map_err(on_write("wellbeing"))?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }

    async fn wellbeing_records(&self, user: UserId, limit: u32) -> StoreResult<Vec<WellbeingRecord>> {
        let rows = sqlx::query(
            "SELECT w.id, w.user_id, u.name, w.kind, w.mood, w.note, w.shared_with_user_id, s.name, w.created_at \
             FROM wellbeing_records w JOIN users u ON u.id = w.user_id \
             LEFT JOIN users s ON s.id = w.shared_with_user_id \
             WHERE w.user_id = $1 OR w.shared_with_user_id = $1 ORDER BY w.id DESC LIMIT $2",
        )
        .bind(user.0)
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|row| {
                let mood: Option<i64> = row.try_get(4).map_err(backend)?;
                let shared: Option<i64> = row.try_get(6).map_err(backend)?;
                let shared_name: Option<String> = row.try_get(7).map_err(backend)?;
                let created: String = row.try_get(8).map_err(backend)?;
                Ok(WellbeingRecord {
                    id: row.try_get(0).map_err(backend)?,
                    user: UserId(row.try_get(1).map_err(backend)?),
                    user_name: row.try_get(2).map_err(backend)?,
                    kind: row.try_get(3).map_err(backend)?,
                    mood: mood.and_then(|m| u8::try_from(m).ok()),
                    note: row.try_get(5).map_err(backend)?,
                    shared_with: shared.map(|id| (UserId(id), shared_name.unwrap_or_default())),
                    created_at: time::from_text(&created)?,
                })
            })
            .collect()
    }
}

/// A non-negative whole number from a count or sum column (NULL is none).
fn count(row: &AnyRow, index: usize) -> StoreResult<u32> {
    let value: Option<i64> = row.try_get(index).map_err(backend)?;
    u32::try_from(value.unwrap_or(0)).map_err(|_| StoreError::Backend(format!("count out of range in column {index}")))
}

fn person_from_row(row: &AnyRow) -> StoreResult<WorkloadPerson> {
    let role: String = row.try_get(2).map_err(backend)?;
    let scope: String = row.try_get(3).map_err(backend)?;
    let user = UserId(row.try_get(0).map_err(backend)?);
    let open: Option<i64> = row.try_get(4).map_err(backend)?;
    let computed: Option<String> = row.try_get(8).map_err(backend)?;
    let facility: Option<i64> = row.try_get(9).map_err(backend)?;
    let snapshot = match open {
        None => None,
        Some(_) => Some(WorkloadSnapshot {
            user,
            open_cases: count(row, 4)?,
            case_points_doubled: u64::from(count(row, 5)?),
            deadlines_this_week: count(row, 6)?,
            minutes_this_week: count(row, 7)?,
        }),
    };
    Ok(WorkloadPerson {
        user,
        name: row.try_get(1).map_err(backend)?,
        role: Role::parse(&role).map_err(StoreError::Backend)?,
        scope: Scope::parse(&scope).map_err(StoreError::Backend)?,
        snapshot,
        facility_minutes_per_week: facility.and_then(|minutes| u32::try_from(minutes).ok()),
        computed_at: computed.as_deref().map(time::from_text).transpose()?,
        branch: row.try_get::<Option<i64>, _>(10).map_err(backend)?.map(BranchId),
        score_tenths: row.try_get::<Option<i64>, _>(11).map_err(backend)?.and_then(|t| u32::try_from(t).ok()),
        capacity: row.try_get::<Option<String>, _>(12).map_err(backend)?.as_deref().map(parse_capacity).transpose()?,
    })
}

const PERSON_COLUMNS: &str = "u.id, u.name, u.role, u.scope, s.open_cases, s.case_points_doubled, \
     s.deadlines_this_week, s.minutes_this_week, s.computed_at, p.facility_minutes_per_week, s.branch_id, \
     s.score_tenths, s.capacity";

/// A snapshot with where its person sits and how heavy it is.
struct Placed {
    snapshot: WorkloadSnapshot,
    region: Option<i64>,
    branch: Option<i64>,
    workplace: Option<i64>,
    score_tenths: u32,
    capacity: Capacity,
}

/// Which branch each workplace is in and which region each branch is in.
struct Places {
    workplace_branch: HashMap<i64, i64>,
    branch_region: HashMap<i64, i64>,
}

impl Places {
    async fn load(pool: &sqlx::AnyPool) -> StoreResult<Self> {
        let pairs = |rows: Vec<AnyRow>| -> StoreResult<HashMap<i64, i64>> {
            rows.iter().map(|row| Ok((row.try_get(0).map_err(backend)?, row.try_get(1).map_err(backend)?))).collect()
        };
        let workplaces = sqlx::query("SELECT id, branch_id FROM workplaces").fetch_all(pool).await.map_err(backend)?;
        let branches = sqlx::query("SELECT id, region_id FROM branches").fetch_all(pool).await.map_err(backend)?;
        Ok(Places { workplace_branch: pairs(workplaces)?, branch_region: pairs(branches)? })
    }

    /// (region, branch, workplace) of an account's scope, NULL above its level.
    fn of(&self, scope: Scope) -> (Option<i64>, Option<i64>, Option<i64>) {
        match scope {
            Scope::Union => (None, None, None),
            Scope::Region(region) => (Some(region.0), None, None),
            Scope::Branch(branch) => (self.branch_region.get(&branch.0).copied(), Some(branch.0), None),
            Scope::Workplace(workplace) => {
                let branch = self.workplace_branch.get(&workplace.0).copied();
                (branch.and_then(|b| self.branch_region.get(&b).copied()), branch, Some(workplace.0))
            }
        }
    }
}

/// Narrows a snapshot query to the people within `scope` (see `organisation::people`).
fn place_filter(sql: &mut Sql, scope: Scope) {
    match scope {
        Scope::Union => {}
        Scope::Region(region) => {
            sql.push(" AND s.region_id = ").bind(Arg::Int(region.0));
        }
        Scope::Branch(branch) => {
            sql.push(" AND s.branch_id = ").bind(Arg::Int(branch.0));
        }
        Scope::Workplace(workplace) => {
            sql.push(" AND s.workplace_id = ").bind(Arg::Int(workplace.0));
        }
    }
}

fn thresholds_for(branch: Option<i64>, saved: &[BranchThresholds]) -> Thresholds {
    branch
        .and_then(|branch| saved.iter().find(|saved| saved.branch.0 == branch))
        .and_then(|saved| {
            Thresholds::new(f64::from(saved.near_tenths) / 10.0, f64::from(saved.over_tenths) / 10.0).ok()
        })
        .unwrap_or(Thresholds::DEFAULT)
}

fn capacity_text(capacity: Capacity) -> &'static str {
    match capacity {
        Capacity::Under => "under",
        Capacity::Near => "near",
        Capacity::Over => "over",
    }
}

fn capacity_index(capacity: Capacity) -> usize {
    match capacity {
        Capacity::Under => 0,
        Capacity::Near => 1,
        Capacity::Over => 2,
    }
}

fn parse_capacity(text: &str) -> StoreResult<Capacity> {
    match text {
        "under" => Ok(Capacity::Under),
        "near" => Ok(Capacity::Near),
        "over" => Ok(Capacity::Over),
        other => Err(StoreError::Backend(format!("unknown capacity {other}"))),
    }
}
