#!/usr/bin/env bash
# Facility-time figures benchmark (issue 6 point 7): figures, not a test. For each backend
# (SQLite; PostgreSQL when STEWARD_BENCH_POSTGRES_URL names a server):
#   1. `steward demo` into a fresh database (the demo union; employer 1 is Fictional County
#      Council), then a bulk insert in SQL of fictional reps with profiles at employer 1 and
#      2,000,000 time entries for them there in the period 1 April 2025 to 31 March 2026;
#   2. starts `steward serve` (release build) and times GET /api/v1/facility-time for that
#      employer-year as the demo administrator (bearer token): one warm-up request, then
#      STEWARD_BENCH_RUNS timed ones, one at a time; every request runs the whole use case
#      (aggregate query, profiles, pay bill, figures, audit entry).
# Target: under 1 s. Everything runs on 127.0.0.1. Results go to stdout as Markdown.
#
# Usage: bash scripts/bench-facility.sh
# Settings (environment):
#   STEWARD_BENCH_ENTRIES=2000000      time entries in the employer-year
#   STEWARD_BENCH_OFFICIALS=2000       reps they belong to
#   STEWARD_BENCH_RUNS=10              timed requests
#   STEWARD_BENCH_BACKENDS="sqlite postgres"
#   STEWARD_BENCH_POSTGRES_URL         postgres://USER@127.0.0.1[:PORT], a user that may create
#                                      databases; the benchmark uses (and first drops) the
#                                      database steward_bench_facility on it, nothing else
#   STEWARD_BENCH_SKIP_BUILD=1         use the release binaries already built
#   STEWARD_BENCH_KEEP=1               keep the data directory and the database
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

ENTRIES="${STEWARD_BENCH_ENTRIES:-2000000}"
OFFICIALS="${STEWARD_BENCH_OFFICIALS:-2000}"
RUNS="${STEWARD_BENCH_RUNS:-10}"
BACKENDS="${STEWARD_BENCH_BACKENDS:-sqlite postgres}"
PG_URL="${STEWARD_BENCH_POSTGRES_URL:-}"
PG_URL="${PG_URL%/}"
PG_DATABASE="steward_bench_facility"
ADMIN_EMAIL="admin@example.org"

for number in "$ENTRIES" "$OFFICIALS" "$RUNS"; do
  [[ "$number" =~ ^[1-9][0-9]*$ ]] || fail "\"$number\" is not a whole number above 0"
done
if [ -n "$PG_URL" ]; then
  [[ "$PG_URL" =~ ^postgres(ql)?://[^@/]+@(127\.0\.0\.1|localhost)(:[0-9]+)?$ ]] ||
    fail "STEWARD_BENCH_POSTGRES_URL must be postgres://USER@127.0.0.1[:PORT] (loopback only), not $PG_URL"
fi
command -v jq >/dev/null || fail "jq is needed to check the answer"

cleanup_extra() {
  if [ -n "$PG_URL" ] && [ "${STEWARD_BENCH_KEEP:-}" != "1" ]; then
    psql "$PG_URL/postgres" -qAt -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}

build_release_binaries

CREATED="2025-04-01T00:00:00.000000Z"
# Categories cycle duties x5, activities x2, training, health and safety, union learning;
# a third of the activities are paid by the employer. 5 to 30 minutes an entry.
sqlite_seed() {
  cat <<SQL
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $OFFICIALS)
INSERT INTO users (email, name, role, scope, password_hash, active, created_at)
SELECT printf('bench.rep.%d@example.org', i), printf('Bench Rep %d', i), 'rep', 'union', '!', 1, '$CREATED' FROM n;
INSERT INTO rep_profiles (user_id, employer_id, contracted_minutes_per_week, full_time_minutes_per_week,
  facility_minutes_per_week, hourly_cost_pence, updated_at)
SELECT id, 1, CASE WHEN id % 3 = 0 THEN 1332 ELSE 2220 END, 2220, NULL, 1500 + (id % 20) * 100, '$CREATED'
FROM users WHERE email LIKE 'bench.rep.%';
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $ENTRIES - 1),
  f(id) AS (SELECT MIN(id) FROM users WHERE email LIKE 'bench.rep.%')
INSERT INTO time_entries (user_id, employer_id, category, employer_paid, worked_on, minutes, created_at)
SELECT f.id + (i % $OFFICIALS), 1,
  CASE i % 10 WHEN 5 THEN 'activities' WHEN 6 THEN 'activities' WHEN 7 THEN 'training'
    WHEN 8 THEN 'health_and_safety' WHEN 9 THEN 'union_learning' ELSE 'duties' END,
  CASE WHEN (i / 10) % 3 = 0 THEN 1 ELSE 0 END, date('2025-04-01', '+' || (i % 365) || ' days'), 5 + (i % 26), '$CREATED'
FROM n, f;
COMMIT;
ANALYZE;
SQL
}

postgres_seed() {
  cat <<SQL
INSERT INTO users (email, name, role, scope, password_hash, active, created_at)
SELECT format('bench.rep.%s@example.org', i), format('Bench Rep %s', i), 'rep', 'union', '!', 1, '$CREATED'
FROM generate_series(1, $OFFICIALS) i;
INSERT INTO rep_profiles (user_id, employer_id, contracted_minutes_per_week, full_time_minutes_per_week,
  facility_minutes_per_week, hourly_cost_pence, updated_at)
SELECT id, 1, CASE WHEN id % 3 = 0 THEN 1332 ELSE 2220 END, 2220, NULL, 1500 + (id % 20) * 100, '$CREATED'
FROM users WHERE email LIKE 'bench.rep.%';
INSERT INTO time_entries (user_id, employer_id, category, employer_paid, worked_on, minutes, created_at)
SELECT f.id + (i % $OFFICIALS), 1,
  (ARRAY['duties','duties','duties','duties','duties','activities','activities','training','health_and_safety','union_learning'])[i % 10 + 1],
  CASE WHEN (i / 10) % 3 = 0 THEN 1 ELSE 0 END, to_char(DATE '2025-04-01' + (i % 365)::int, 'YYYY-MM-DD'), 5 + (i % 26), '$CREATED'
FROM generate_series(0, $ENTRIES - 1) i, (SELECT MIN(id) AS id FROM users WHERE email LIKE 'bench.rep.%') f;
SQL
}

# User + system CPU time of a process so far, in clock ticks (fields 14 and 15 of its stat).
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

SUMMARY=()
echo "# Steward facility-time figures benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(host_line). Commit: $(commit_line). Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Command: \`bash scripts/bench-facility.sh\` ($ENTRIES time entries for $OFFICIALS officials at one employer in one year; $RUNS timed requests after one warm-up)."

for backend in $BACKENDS; do
  case "$backend" in
    sqlite)
      command -v sqlite3 >/dev/null || fail "the sqlite3 command is needed for the bulk insert"
      mkdir -p "$WORK/sqlite"
      DB_ARGS=(--database "sqlite://$WORK/sqlite/steward.db")
      ;;
    postgres)
      if [ -z "$PG_URL" ]; then
        echo
        echo "## PostgreSQL: skipped (set STEWARD_BENCH_POSTGRES_URL)"
        continue
      fi
      psql "$PG_URL/postgres" -qAt -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)" >/dev/null
      psql "$PG_URL/postgres" -qAt -c "CREATE DATABASE $PG_DATABASE" >/dev/null
      DB_ARGS=(--database "$PG_URL/$PG_DATABASE")
      ;;
    *) fail "unknown backend \"$backend\" (use sqlite and/or postgres)" ;;
  esac
  echo
  echo "## $backend"
  echo
  step "$WORK/$backend-demo.log" 600 "$STEWARD" demo --members 10 "${DB_ARGS[@]}"
  started="$(now)"
  if [ "$backend" = sqlite ]; then
    sqlite_seed >"$WORK/seed.sql"
    step "$WORK/sqlite-seed.log" 3600 sqlite3 -bail "$WORK/sqlite/steward.db" ".read $WORK/seed.sql"
  else
    postgres_seed >"$WORK/seed.sql"
    step "$WORK/postgres-seed.log" 3600 psql -v ON_ERROR_STOP=1 -q -f "$WORK/seed.sql" "$PG_URL/$PG_DATABASE"
    step "$WORK/postgres-vacuum.log" 3600 psql "$PG_URL/$PG_DATABASE" -qAt -c "VACUUM ANALYZE time_entries"
  fi
  echo "- Bulk insert of $ENTRIES time entries (SQL, plus ANALYZE / VACUUM ANALYZE): $(seconds_since "$started") s"
  token="$("$STEWARD" token create --email "$ADMIN_EMAIL" "${DB_ARGS[@]}" | tail -1)"
  start_server "${DB_ARGS[@]}"
  url="$SERVER_URL/api/v1/facility-time?employer_id=1&date=2025-06-30"
  curl -fsS --max-time 120 -H "Authorization: Bearer $token" "$url" >"$WORK/$backend-report.json" ||
    fail "the facility-time API failed on $backend"
  headcount="$(jq '.officials.headcount' "$WORK/$backend-report.json")"
  minutes="$(jq '.paid_activities.facility_minutes' "$WORK/$backend-report.json")"
  [ "$headcount" -ge "$OFFICIALS" ] || fail "expected at least $OFFICIALS officials on $backend, got $headcount"
  echo "- Answer: $headcount officials, $(jq -c '[.bands[].officials]' "$WORK/$backend-report.json") by band, $minutes minutes of paid facility time"
  echo "- Load average before the timed requests: $(cut -d' ' -f1-3 /proc/loadavg)"
  : >"$WORK/$backend-times.txt"
  ticks_before="$(cpu_ticks "$SERVER_PID")"
  for _ in $(seq "$RUNS"); do
    curl -fsS --max-time 120 -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url" \
      >>"$WORK/$backend-times.txt" || fail "a timed request failed on $backend"
  done
  server_ms="$(awk -v a="$ticks_before" -v b="$(cpu_ticks "$SERVER_PID")" -v hz="$(getconf CLK_TCK)" -v n="$RUNS" \
    'BEGIN { printf "%.0f", (b - a) * 1000 / hz / n }')"
  stop_server
  read -r fastest median slowest < <(sort -n "$WORK/$backend-times.txt" | awk '
    { t[NR] = $1 * 1000 }
    END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.0f %.0f %.0f\n", t[1], m, t[NR] }')
  echo "- GET /api/v1/facility-time, $RUNS requests: fastest **$fastest ms**, median **$median ms**, slowest **$slowest ms**;"
  echo "  CPU time of the steward process (user + system, from /proc) per request: $server_ms ms (SQLite runs"
  echo "  the query inside it; PostgreSQL in its own processes, not counted)"
  echo "- Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  SUMMARY+=("| $backend | $ENTRIES | $headcount | $fastest | $median | $slowest | $server_ms |")
  if [ "$backend" = sqlite ] && [ "${STEWARD_BENCH_KEEP:-}" != "1" ]; then
    rm -rf "$WORK/sqlite"
  fi
done

echo
echo "## Summary"
echo
echo "Target (issue 6): the figures for an employer-year with 2,000,000 time entries in under 1 s."
echo
echo "| Backend | Time entries | Officials | Fastest ms | Median ms | Slowest ms | Server CPU ms |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${SUMMARY[@]}"
