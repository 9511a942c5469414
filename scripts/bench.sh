#!/usr/bin/env bash
# Steward's benchmark (not a test: it measures and reports, it does not pass or fail on the
# figures). For each backend, SQLite and PostgreSQL when reachable, on fresh data:
#   1. times `steward demo --members 100000` (the database that is then served);
#   2. times `steward import members` of a generated 100,000-row CSV into another fresh
#      database that first got `steward demo --members 1` (for the organisation);
#   3. starts `steward serve` on a free loopback port, reads its resident memory at rest, and
#      runs `steward-bench` on the member list, member searches and the API list, at each
#      concurrency level, sampling the server's memory under load;
#   4. stops the server and removes the data (trap cleanup, also on failure or Ctrl-C).
# Everything runs on 127.0.0.1. Results go to stdout as Markdown, ready for docs/benchmarks.md.
#
# Usage: bash scripts/bench.sh
# Settings (environment):
#   STEWARD_BENCH_MEMBERS=100000          members to seed and to import
#   STEWARD_BENCH_REQUESTS=1000           measured requests per page and concurrency level
#   STEWARD_BENCH_WARMUP=100              unmeasured requests per page first
#   STEWARD_BENCH_MAX_SECONDS=120         per page and level: no new request after this long
#   STEWARD_BENCH_CONCURRENCY="1 8"       concurrency levels (keep-alive connections)
#   STEWARD_BENCH_BACKENDS="sqlite postgres"
#   STEWARD_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432   a user that may create databases
#   STEWARD_BENCH_SKIP_BUILD=1            use the release binaries already built
#   STEWARD_BENCH_KEEP=1                  keep the data directory and databases (printed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."

MEMBERS="${STEWARD_BENCH_MEMBERS:-100000}"
REQUESTS="${STEWARD_BENCH_REQUESTS:-1000}"
WARMUP="${STEWARD_BENCH_WARMUP:-100}"
MAX_SECONDS="${STEWARD_BENCH_MAX_SECONDS:-120}"
CONCURRENCY="${STEWARD_BENCH_CONCURRENCY:-1 8}"
BACKENDS="${STEWARD_BENCH_BACKENDS:-sqlite postgres}"
PG_URL="${STEWARD_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
PG_URL="${PG_URL%/}"
ADMIN_EMAIL="admin@example.org"
# Pages measured: the first page of the list, a first-name and a surname prefix search
# (each matches about 1 in 24 demo members), and the API list plain and searched.
PATHS=("/members" "/members?q=ada" "/members?q=hazel" "/api/v1/members" "/api/v1/members?q=hazel")

source scripts/bench-common.sh

for number in "$MEMBERS" "$REQUESTS" "$WARMUP" "$MAX_SECONDS"; do
  [[ "$number" =~ ^[0-9]+$ ]] || fail "\"$number\" is not a whole number"
done
[[ "$PG_URL" =~ ^postgres(ql)?://[^@/]+@(127\.0\.0\.1|localhost)(:[0-9]+)?$ ]] ||
  fail "STEWARD_BENCH_POSTGRES_URL must be postgres://USER@127.0.0.1[:PORT] (loopback only), not $PG_URL"

PG_DATABASES=()
cleanup_extra() {
  [ "${STEWARD_BENCH_KEEP:-}" = "1" ] && { echo "Kept databases: ${PG_DATABASES[*]:-none}" >&2; return; }
  for database in "${PG_DATABASES[@]}"; do
    psql "$PG_URL/postgres" -qAt -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
}

build_release_binaries

# A CSV of plainly fictional members (names from the demo's invented parts, example.org
# emails, 07700 900xxx phones) spread over the demo's 60 workplaces.
CSV="$WORK/members.csv"
awk -v n="$MEMBERS" 'BEGIN {
  split("Ada Bram Cressida Dorian Elowen Fenwick Greer Hollis Isolde Jasper Kestrel Linnea Merrick Nerys Orrin Peregrine Quilla Rowan Saffron Tamsin Ulric Verity Wren Yarrow", first, " ")
  split("Applethwaite Brackenbury Cobblestone Dunwiddle Elderberry Fernsby Gorsemoor Hazelwick Inkpen Juniperfield Kettleburn Larkspur Mossgrove Nettlebed Oakenshaw Pebbleworth Quinceford Rushmere Thistledown Underhill Vetchley Willowmere Yewbarrow Zephyrton", last, " ")
  split("Teaching assistant|Staff nurse|Porter|School cook|Care worker|Librarian|Caretaker|Admin officer", job, "|")
  print "membership_number,first_name,last_name,email,phone,workplace_id,job_title,joined_on,status"
  for (i = 0; i < n; i++) {
    f = first[i % 24 + 1]; l = last[(int(i / 24) + i * 7) % 24 + 1]
    status = (i % 20 == 0) ? "arrears" : ((i % 20 == 1) ? "lapsed" : "active")
    printf "CSV%07d,%s,%s,%s.%s.csv%d@example.org,07700 900%03d,%d,%s,%04d-%02d-%02d,%s\n",
      i + 1, f, l, tolower(f), tolower(l), i + 1, i % 1000, (i * 13) % 60 + 1, job[i % 8 + 1],
      2000 + i % 25, i % 12 + 1, i % 28 + 1, status
  }
}' >"$CSV"

postgres_reachable() {
  command -v psql >/dev/null && timeout 10 psql "$PG_URL/postgres" -qAt -c "SELECT 1" >/dev/null 2>&1
}

# Sets DB_ARGS to "--data-dir DIR" or "--database URL" for a fresh, empty database called $2.
fresh_database() {
  local backend="$1" name="$2"
  if [ "$backend" = sqlite ]; then
    mkdir -p "$WORK/$name"
    DB_ARGS=(--data-dir "$WORK/$name")
  else
    local database="steward_bench_$$_$name"
    PG_DATABASES+=("$database")
    psql "$PG_URL/postgres" -qAt -c "CREATE DATABASE \"$database\"" >/dev/null
    DB_ARGS=(--database "$PG_URL/$database")
  fi
}

database_size() {
  local backend="$1" name="$2"
  if [ "$backend" = sqlite ]; then
    du -sk "$WORK/$name" | awk '{ printf "%.0f MiB (SQLite file and WAL)", $1 / 1024 }'
  else
    psql "$PG_URL/postgres" -qAt -c "SELECT pg_size_pretty(pg_database_size('steward_bench_$$_$name'))"
  fi
}

SUMMARY=()
HOST_LINE="$(host_line)"
COMMIT="$(commit_line)"

echo "# Steward benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $HOST_LINE. Commit: $COMMIT."
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes every figure worse)."
echo "Command: \`bash scripts/bench.sh\` ($MEMBERS members, $REQUESTS measured requests per page after $WARMUP warm-up, concurrency levels: $CONCURRENCY)."

for backend in $BACKENDS; do
  case "$backend" in
    sqlite) ;;
    postgres)
      if ! postgres_reachable; then
        echo
        echo "## PostgreSQL: skipped ($PG_URL is not reachable)"
        continue
      fi
      ;;
    *) fail "unknown backend \"$backend\" (use sqlite and/or postgres)" ;;
  esac
  echo
  echo "## $backend"
  echo
  echo "- Load average: $(cut -d' ' -f1-3 /proc/loadavg)"

  fresh_database "$backend" import
  import_db=("${DB_ARGS[@]}")
  step "$WORK/$backend-import-demo.log" 300 "$STEWARD" demo --members 1 "${import_db[@]}"
  started="$(now)"
  step "$WORK/$backend-import.log" 900 "$STEWARD" import members "$CSV" "${import_db[@]}"
  import_seconds="$(seconds_since "$started")"
  echo "- CSV import of $MEMBERS members (\`steward import members\`, into a fresh database): **$import_seconds s** ($(tail -1 "$WORK/$backend-import.log"))"

  fresh_database "$backend" demo
  served_db=("${DB_ARGS[@]}")
  started="$(now)"
  step "$WORK/$backend-demo.log" 900 "$STEWARD" demo --members "$MEMBERS" "${served_db[@]}"
  demo_seconds="$(seconds_since "$started")"
  echo "- Seeding \`steward demo --members $MEMBERS\`: $demo_seconds s; database size $(database_size "$backend" demo)"
  if [ "$backend" = postgres ]; then
    # What autovacuum does within a minute of a bulk load: without statistics the planner
    # picks plans that take seconds (see docs/benchmarks.md). Timed apart from seeding.
    autovacuum="$(psql "$PG_URL/postgres" -qAt -c "SHOW autovacuum")"
    started="$(now)"
    step "$WORK/postgres-analyze.log" 600 psql "${served_db[1]}" -qAt -c "VACUUM ANALYZE"
    echo "- \`VACUUM ANALYZE\` after seeding, as autovacuum would (autovacuum is $autovacuum on this server): $(seconds_since "$started") s"
  fi
  token="$(timeout 60 "$STEWARD" token create --email "$ADMIN_EMAIL" "${served_db[@]}" | tail -1)"
  [ -n "$token" ] || fail "no API token was printed"

  start_server "${served_db[@]}"
  url="$SERVER_URL"
  sleep 2
  rest_kib="$(rss_kib "$SERVER_PID")"
  echo "- Server resident memory at rest (after start, before any request): **$(mib "$rest_kib") MiB**"

  export STEWARD_BENCH_TOKEN="$token" # read by steward-bench; kept off its command line
  bench_args=(--url "$url" --pid "$SERVER_PID" --email "$ADMIN_EMAIL"
    --requests "$REQUESTS" --warmup "$WARMUP")
  for path in "${PATHS[@]}"; do
    bench_args+=(--path "$path")
  done
  max_kib="$rest_kib"
  levels=()
  for level in $CONCURRENCY; do
    echo
    echo "### $backend, $level concurrent connection(s)"
    echo
    json="$WORK/$backend-c$level.json"
    bounded $((MAX_SECONDS * ${#PATHS[@]} * 2 + 300)) "$BENCH" "${bench_args[@]}" --concurrency "$level" \
      --max-seconds "$MAX_SECONDS" --json-file "$json" || fail "steward-bench failed on $backend at concurrency $level"
    levels+=("$level")
    if command -v jq >/dev/null; then
      level_max="$(jq '.memory.rss_max_under_load_kib' "$json")"
      if [ "$level_max" -gt "$max_kib" ]; then max_kib="$level_max"; fi
    fi
  done
  sleep 5
  idle_kib="$(rss_kib "$SERVER_PID")"
  stop_server
  echo
  echo "- Server resident memory under load: at most **$(mib "$max_kib") MiB** (sampled every 50 ms);"
  echo "  idle again 5 s after the last request: $(mib "$idle_kib") MiB"
  if command -v jq >/dev/null; then
    for level in "${levels[@]}"; do
      row="$(jq -r '[.paths[] | "\(.p50_ms * 10 | round / 10) / \(.p95_ms * 10 | round / 10) / \(.requests_per_second | round)"] | join(" | ")' \
        "$WORK/$backend-c$level.json")"
      SUMMARY+=("| $backend | $level | $row | $(mib "$rest_kib") | $(mib "$max_kib") | $(mib "$idle_kib") | $import_seconds | $demo_seconds |")
    done
  fi
done

if [ "${#SUMMARY[@]}" -gt 0 ]; then
  echo
  echo "## Summary"
  echo
  echo "Targets: p95 under 20 ms for both pages on SQLite at $MEMBERS members, under 60 MB (57.2 MiB)"
  echo "resident at rest, CSV import of $MEMBERS members under 10 s. Latency cells are p50 / p95 ms / req/s."
  echo
  header="| Backend | Connections |"
  rule="|---|---:|"
  for path in "${PATHS[@]}"; do
    header+=" \`$path\` |"
    rule+="---|"
  done
  echo "$header RSS at rest MiB | RSS max MiB | RSS idle after MiB | CSV import s | Demo seed s |"
  echo "$rule---:|---:|---:|---:|---:|"
  printf '%s\n' "${SUMMARY[@]}"
else
  echo
  echo "(Install jq for the summary table.)"
fi
