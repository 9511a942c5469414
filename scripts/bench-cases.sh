#!/usr/bin/env bash
# Case benchmark (issue 5): figures, not a test. For each backend (SQLite; PostgreSQL when
# STEWARD_BENCH_POSTGRES_URL names a server):
#   1. times `steward demo --scale` (default 1,000,000 cases with 20 timeline entries each,
#      5,000 reps, caseworkers, officers and lawyers) into a fresh database;
#   2. starts `steward serve`, reads its resident memory at rest;
#   3. signs in as the demo's rep (a typical caseload: a few hundred cases, most closed) and
#      runs `steward-bench` on their "my cases" list (open, closed, and a second page by
#      cursor) and on the case page of every case they hold, taken in turn; then signs in as
#      the demo's caseworker for the branch-wide list (scope or team);
#   4. stops the server; removes the data unless STEWARD_BENCH_KEEP=1.
# The caseworker's case pages are measured too: they list every colleague who could join the
# team. Everything runs on 127.0.0.1. Results go to stdout as Markdown, ready for docs/benchmarks.md.
#
# Usage: bash scripts/bench-cases.sh
# Settings (environment):
#   STEWARD_BENCH_CASES=1000000           cases to generate
#   STEWARD_BENCH_ENTRIES_PER_CASE=20     timeline entries on each case
#   STEWARD_BENCH_USERS=5000              people who work on cases
#   STEWARD_BENCH_MEMBERS=100000          members the cases are for
#   STEWARD_BENCH_REQUESTS=1000           measured requests per page and concurrency level
#   STEWARD_BENCH_WARMUP=100              unmeasured requests per page first
#   STEWARD_BENCH_MAX_SECONDS=120         per page and level: no new request after this long
#   STEWARD_BENCH_CONCURRENCY="1 8"       concurrency levels (keep-alive connections)
#   STEWARD_BENCH_BACKENDS="sqlite postgres"
#   STEWARD_BENCH_POSTGRES_URL            postgres://USER@127.0.0.1[:PORT], a user that may create
#                                         databases; the benchmark uses (and first drops) the
#                                         database steward_bench_cases on it, nothing else
#   STEWARD_BENCH_SKIP_BUILD=1            use the release binaries already built
#   STEWARD_BENCH_KEEP=1                  keep the data directory and the database
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

CASES="${STEWARD_BENCH_CASES:-1000000}"
ENTRIES="${STEWARD_BENCH_ENTRIES_PER_CASE:-20}"
USERS="${STEWARD_BENCH_USERS:-5000}"
MEMBERS="${STEWARD_BENCH_MEMBERS:-100000}"
REQUESTS="${STEWARD_BENCH_REQUESTS:-1000}"
WARMUP="${STEWARD_BENCH_WARMUP:-100}"
MAX_SECONDS="${STEWARD_BENCH_MAX_SECONDS:-120}"
CONCURRENCY="${STEWARD_BENCH_CONCURRENCY:-1 8}"
BACKENDS="${STEWARD_BENCH_BACKENDS:-sqlite postgres}"
PG_URL="${STEWARD_BENCH_POSTGRES_URL:-}"
PG_URL="${PG_URL%/}"
PG_DATABASE="steward_bench_cases"
REP_EMAIL="rep@example.org"
CASEWORKER_EMAIL="caseworker@example.org"

for number in "$CASES" "$ENTRIES" "$USERS" "$MEMBERS" "$REQUESTS" "$WARMUP" "$MAX_SECONDS"; do
  [[ "$number" =~ ^[0-9]+$ ]] || fail "\"$number\" is not a whole number"
done
if [ -n "$PG_URL" ]; then
  [[ "$PG_URL" =~ ^postgres(ql)?://[^@/]+@(127\.0\.0\.1|localhost)(:[0-9]+)?$ ]] ||
    fail "STEWARD_BENCH_POSTGRES_URL must be postgres://USER@127.0.0.1[:PORT] (loopback only), not $PG_URL"
fi
command -v jq >/dev/null || fail "jq is needed for the summary table"
command -v python3 >/dev/null || fail "python3 is needed to read the case ids to ask for"

cleanup_extra() {
  if [ -n "$PG_URL" ] && [ "${STEWARD_BENCH_KEEP:-}" != "1" ]; then
    psql "$PG_URL/postgres" -qAt -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}

build_release_binaries

# Prints rows of "case_id|next_due_on|updated_at|status" for the cases a person ($2) is on.
held_cases() {
  local sql="SELECT c.id, COALESCE(c.next_due_on, ''), c.updated_at, c.status FROM case_team t \
    JOIN users u ON u.id = t.user_id JOIN cases c ON c.id = t.case_id WHERE u.email = '$2' ORDER BY c.id"
  if [ "$1" = sqlite ]; then
    python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print('\n'.join('|'.join(map(str, r)) for r in c.execute(sys.argv[2])))" \
      "$WORK/sqlite/steward.db" "$sql"
  else
    psql "$PG_URL/$PG_DATABASE" -qAt -c "$sql"
  fi
}

# From the rep's cases on stdin: the cursor after the 25th closed case in the list's order
# (what the first page's "Next page" link carries; CaseCursor::to_token).
second_page_cursor() {
  python3 -c '
import sys
from datetime import datetime, timedelta
rows = [line.rstrip("\n").split("|") for line in sys.stdin if line.strip()]
closed = [r for r in rows if r[3] == "closed"]
key = lambda r: (r[1] == "", r[1], tuple(-ord(ch) for ch in r[2]), -int(r[0]))
closed.sort(key=key)
if len(closed) <= 25:
    sys.exit(0)
case = closed[24]
due = "-" if case[1] == "" else case[1].replace("-", "")
at = datetime.strptime(case[2], "%Y-%m-%dT%H:%M:%S.%fZ")
micros = (at - datetime(1970, 1, 1)) // timedelta(microseconds=1)
print(f"{due}.{micros}.{case[0]}")
'
}

SUMMARY=()
echo "# Steward case benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(host_line). Commit: $(commit_line). Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Command: \`bash scripts/bench-cases.sh\` ($CASES cases x $ENTRIES timeline entries, $USERS people, $MEMBERS members; $REQUESTS measured requests per page after $WARMUP warm-up; concurrency: $CONCURRENCY)."

for backend in $BACKENDS; do
  case "$backend" in
    sqlite)
      mkdir -p "$WORK/sqlite"
      DB_ARGS=(--data-dir "$WORK/sqlite")
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
  echo "- Load average before seeding: $(cut -d' ' -f1-3 /proc/loadavg)"
  started="$(now)"
  bounded 14400 /usr/bin/time -f "%M" -o "$WORK/$backend-demo.rss" "$STEWARD" demo --scale --cases "$CASES" \
    --entries-per-case "$ENTRIES" --users "$USERS" --members "$MEMBERS" "${DB_ARGS[@]}" >"$WORK/$backend-demo.log" 2>&1 ||
    { tail -20 "$WORK/$backend-demo.log" >&2; fail "steward demo --scale failed on $backend"; }
  demo_seconds="$(seconds_since "$started")"
  echo "- \`steward demo --scale\`: **$demo_seconds s** (peak resident $(mib "$(cat "$WORK/$backend-demo.rss")") MiB); $(grep '^Scale demo' "$WORK/$backend-demo.log" | tr -d '\r')"
  if [ "$backend" = sqlite ]; then
    echo "- Database: $(du -sk "$WORK/sqlite" | awk '{ printf "%.0f MiB (SQLite file and WAL)", $1 / 1024 }')"
  else
    autovacuum="$(psql "$PG_URL/postgres" -qAt -c "SHOW autovacuum")"
    started="$(now)"
    step "$WORK/postgres-vacuum.log" 7200 psql "$PG_URL/$PG_DATABASE" -qAt -c "VACUUM ANALYZE"
    echo "- \`VACUUM ANALYZE\` after seeding, as autovacuum would (autovacuum is $autovacuum here): $(seconds_since "$started") s"
    echo "- Database: $(psql "$PG_URL/postgres" -qAt -c "SELECT pg_size_pretty(pg_database_size('$PG_DATABASE'))")"
  fi

  held_cases "$backend" "$REP_EMAIL" >"$WORK/rep-cases.txt"
  awk -F'|' '{ print "/cases/" $1 }' "$WORK/rep-cases.txt" >"$WORK/case-pages.txt"
  held_cases "$backend" "$CASEWORKER_EMAIL" | awk -F'|' '{ print "/cases/" $1 }' >"$WORK/caseworker-pages.txt"
  cursor="$(second_page_cursor <"$WORK/rep-cases.txt")"
  held="$(wc -l <"$WORK/rep-cases.txt" | tr -d ' ')"
  open="$(awk -F'|' '$4 == "open"' "$WORK/rep-cases.txt" | wc -l | tr -d ' ')"
  [ "$held" -gt 0 ] || fail "$REP_EMAIL holds no cases on $backend"
  echo "- $REP_EMAIL holds $held cases ($open open); the case pages are all of them, in turn;"
  echo "  $CASEWORKER_EMAIL is on $(wc -l <"$WORK/caseworker-pages.txt" | tr -d ' ') cases (their case pages show the add-to-team form)"

  start_server "${DB_ARGS[@]}"
  sleep 2
  rest_kib="$(rss_kib "$SERVER_PID")"
  echo "- Server resident memory at rest: **$(mib "$rest_kib") MiB**"
  max_kib="$rest_kib"
  rep_paths=(--path "/cases?mine=1" --path "/cases?mine=1&status=closed")
  [ -n "$cursor" ] && rep_paths+=(--path "/cases?mine=1&status=closed&page=2&after=$cursor")
  rep_paths+=(--path-list "case pages=$WORK/case-pages.txt")
  for level in $CONCURRENCY; do
    for who in rep caseworker; do
      if [ "$who" = rep ]; then
        email="$REP_EMAIL"
        paths=("${rep_paths[@]}")
      else
        email="$CASEWORKER_EMAIL"
        paths=(--path "/cases" --path "/cases?status=closed" --path-list "case pages=$WORK/caseworker-pages.txt")
      fi
      json="$WORK/$backend-$who-c$level.json"
      bounded $((MAX_SECONDS * 8 + 600)) "$BENCH" --url "$SERVER_URL" --pid "$SERVER_PID" --email "$email" \
        --requests "$REQUESTS" --warmup "$WARMUP" --concurrency "$level" --max-seconds "$MAX_SECONDS" \
        --json-file "$json" "${paths[@]}" >"$WORK/$backend-$who-c$level.md" ||
        fail "steward-bench failed on $backend as $email at concurrency $level"
      level_max="$(jq '.memory.rss_max_under_load_kib' "$json")"
      [ "$level_max" -gt "$max_kib" ] && max_kib="$level_max"
      while IFS=$'\t' read -r path p50 p95 rps rss; do
        SUMMARY+=("| $backend | $level | $email | \`$path\` | $p50 | $p95 | $rps | $rss |")
      done < <(jq -r '.paths[] | [.path, (.p50_ms * 10 | round / 10), (.p95_ms * 10 | round / 10), (.requests_per_second | round), ((.rss_max_kib // 0) / 1024 * 10 | round / 10)] | @tsv' "$json")
    done
  done
  sleep 5
  idle_kib="$(rss_kib "$SERVER_PID")"
  stop_server
  echo "- Server resident memory under load: at most **$(mib "$max_kib") MiB** (sampled every 50 ms); 5 s after the last request: $(mib "$idle_kib") MiB"
  echo "- Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$backend" = sqlite ] && [ "${STEWARD_BENCH_KEEP:-}" != "1" ]; then
    rm -rf "$WORK/sqlite"
  fi
done

echo
echo "## Summary"
echo
echo "Targets (issue 5): case page and my-cases page p95 under 30 ms on SQLite at 1M cases and"
echo "20M timeline entries; server under 150 MB (143 MiB) resident. Latencies in ms."
echo
echo "| Backend | Connections | Signed in as | Page | p50 | p95 | Requests/s | RSS max MiB |"
echo "|---|---:|---|---|---:|---:|---:|---:|"
printf '%s\n' "${SUMMARY[@]}"
