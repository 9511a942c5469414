#!/usr/bin/env bash
# Workload dashboard benchmark (issue 6): figures, not a test. On SQLite (and PostgreSQL when
# STEWARD_BENCH_POSTGRES_URL names a server):
#   1. seeds `steward demo --scale` (default 1,000,000 cases, 5,000 people who work on them),
#      or reuses STEWARD_BENCH_DATA_DIR's SQLite database when given;
#   2. times `steward workload refresh` (what every server does each minute) three times;
#   3. starts `steward serve`, signs in as the demo's union-wide officer (who sees all 5,000
#      people) and as a branch caseworker, and measures /workload with `steward-bench`.
# Everything runs on 127.0.0.1. Results go to stdout as Markdown for docs/benchmarks.md.
#
# Usage: bash scripts/bench-workload.sh
# Settings (environment):
#   STEWARD_BENCH_CASES=1000000  STEWARD_BENCH_USERS=5000  STEWARD_BENCH_MEMBERS=100000
#   STEWARD_BENCH_ENTRIES_PER_CASE=2   timeline entries per case (the dashboard reads none)
#   STEWARD_BENCH_REQUESTS=500  STEWARD_BENCH_WARMUP=50  STEWARD_BENCH_CONCURRENCY="1 8"
#   STEWARD_BENCH_BACKENDS="sqlite postgres"  STEWARD_BENCH_POSTGRES_URL=postgres://USER@127.0.0.1
#   STEWARD_BENCH_DATA_DIR=DIR          an already seeded SQLite data directory to use as it is
#   STEWARD_BENCH_SKIP_BUILD=1          use the release binaries already built
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

CASES="${STEWARD_BENCH_CASES:-1000000}"
USERS="${STEWARD_BENCH_USERS:-5000}"
MEMBERS="${STEWARD_BENCH_MEMBERS:-100000}"
ENTRIES="${STEWARD_BENCH_ENTRIES_PER_CASE:-2}"
REQUESTS="${STEWARD_BENCH_REQUESTS:-500}"
WARMUP="${STEWARD_BENCH_WARMUP:-50}"
CONCURRENCY="${STEWARD_BENCH_CONCURRENCY:-1 8}"
BACKENDS="${STEWARD_BENCH_BACKENDS:-sqlite postgres}"
PG_URL="${STEWARD_BENCH_POSTGRES_URL:-}"
PG_URL="${PG_URL%/}"
PG_DATABASE="steward_bench_workload"
REUSE_DIR="${STEWARD_BENCH_DATA_DIR:-}"

for number in "$CASES" "$USERS" "$MEMBERS" "$ENTRIES" "$REQUESTS" "$WARMUP"; do
  [[ "$number" =~ ^[0-9]+$ ]] || fail "\"$number\" is not a whole number"
done
if [ -n "$PG_URL" ]; then
  [[ "$PG_URL" =~ ^postgres(ql)?://[^@/]+@(127\.0\.0\.1|localhost)(:[0-9]+)?$ ]] ||
    fail "STEWARD_BENCH_POSTGRES_URL must be postgres://USER@127.0.0.1[:PORT] (loopback only), not $PG_URL"
fi
command -v jq >/dev/null || fail "jq is needed for the summary table"

cleanup_extra() {
  if [ -n "$PG_URL" ]; then
    psql "$PG_URL/postgres" -qAt -c "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}

build_release_binaries

echo "# Steward workload benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(host_line). Commit: $(commit_line). Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Command: \`bash scripts/bench-workload.sh\` ($CASES cases, $USERS people; $REQUESTS measured requests after $WARMUP warm-up; concurrency: $CONCURRENCY)."
SUMMARY=()
for backend in $BACKENDS; do
  case "$backend" in
    sqlite)
      if [ -n "$REUSE_DIR" ]; then
        DB_ARGS=(--data-dir "$REUSE_DIR")
      else
        mkdir -p "$WORK/sqlite"
        DB_ARGS=(--data-dir "$WORK/sqlite")
      fi
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
  if [ "$backend" = sqlite ] && [ -n "$REUSE_DIR" ]; then
    echo "- Reusing the seeded data directory $REUSE_DIR"
  else
    started="$(now)"
    bounded 14400 "$STEWARD" demo --scale --cases "$CASES" --entries-per-case "$ENTRIES" --users "$USERS" \
      --members "$MEMBERS" "${DB_ARGS[@]}" >"$WORK/$backend-demo.log" 2>&1 ||
      { tail -20 "$WORK/$backend-demo.log" >&2; fail "steward demo --scale failed on $backend"; }
    echo "- \`steward demo --scale\`: $(seconds_since "$started") s; $(grep '^Scale demo' "$WORK/$backend-demo.log" | tr -d '\r')"
    if [ "$backend" = postgres ]; then
      step "$WORK/postgres-vacuum.log" 7200 psql "$PG_URL/$PG_DATABASE" -qAt -c "VACUUM ANALYZE"
    fi
  fi
  for run in 1 2 3; do
    echo "- \`steward workload refresh\` run $run: $("$STEWARD" workload refresh "${DB_ARGS[@]}" 2>/dev/null | tr -d '\r')"
  done
  start_server "${DB_ARGS[@]}"
  sleep 2
  echo "- Server resident memory at rest: $(mib "$(rss_kib "$SERVER_PID")") MiB"
  for level in $CONCURRENCY; do
    for email in officer@example.org caseworker@example.org; do
      json="$WORK/$backend-$email-c$level.json"
      bounded 3600 "$BENCH" --url "$SERVER_URL" --pid "$SERVER_PID" --email "$email" --requests "$REQUESTS" \
        --warmup "$WARMUP" --concurrency "$level" --max-seconds 120 --json-file "$json" --path "/workload" \
        >"$WORK/$backend-$email-c$level.md" || fail "steward-bench failed on $backend as $email"
      while IFS=$'\t' read -r path p50 p95 rps rss; do
        SUMMARY+=("| $backend | $level | $email | \`$path\` | $p50 | $p95 | $rps | $rss |")
      done < <(jq -r '.paths[] | [.path, (.p50_ms * 10 | round / 10), (.p95_ms * 10 | round / 10), (.requests_per_second | round), ((.rss_max_kib // 0) / 1024 * 10 | round / 10)] | @tsv' "$json")
    done
  done
  stop_server
  echo "- Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done

echo
echo "## Summary"
echo
echo "Target (issue 6): workload dashboard p95 under 50 ms with 5,000 reps and 1,000,000 cases. Latencies in ms."
echo
echo "| Backend | Connections | Signed in as | Page | p50 | p95 | Requests/s | RSS max MiB |"
echo "|---|---:|---|---|---:|---:|---:|---:|"
for row in "${SUMMARY[@]}"; do echo "$row"; done
