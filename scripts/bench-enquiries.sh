#!/usr/bin/env bash
# Enquiry intake and queue benchmark (issue 4), on SQLite: figures, not a test.
#   1. seeds `steward demo --members 2000` and writes an mbox of N fictional messages
#      (scripts/make_mbox.py: 4 in 5 from demo members, HTML, attachments, replies, auto-replies);
#   2. times `steward import mail` of it (messages per second, peak memory);
#   3. serves the database and runs `steward-bench` on the queue page, its overdue filter and
#      the API queue, with N enquiries in the database.
# Usage: bash scripts/bench-enquiries.sh    Settings: STEWARD_BENCH_MESSAGES=100000,
# STEWARD_BENCH_REQUESTS=500, STEWARD_BENCH_CONCURRENCY="1 8", STEWARD_BENCH_SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-common.sh

MESSAGES="${STEWARD_BENCH_MESSAGES:-100000}"
REQUESTS="${STEWARD_BENCH_REQUESTS:-500}"
CONCURRENCY="${STEWARD_BENCH_CONCURRENCY:-1 8}"
PATHS=("/enquiries" "/enquiries?filter=overdue" "/api/v1/enquiries")
[[ "$MESSAGES" =~ ^[0-9]+$ && "$REQUESTS" =~ ^[0-9]+$ ]] || fail "counts must be whole numbers"
build_release_binaries

DATA="$WORK/data"
mkdir -p "$DATA"
step "$WORK/demo.log" 600 "$STEWARD" demo --members 2000 --data-dir "$DATA"
python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print('\n'.join(r[0] for r in c.execute('SELECT email FROM members WHERE email IS NOT NULL')))" \
  "$DATA/steward.db" >"$WORK/emails.txt"
python3 scripts/make_mbox.py "$MESSAGES" "$WORK/mail.mbox" "$WORK/emails.txt"

echo "# Steward enquiry benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "Machine: $(host_line). Commit: $(commit_line). Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Command: \`bash scripts/bench-enquiries.sh\` ($MESSAGES messages, $(du -h "$WORK/mail.mbox" | cut -f1) mbox; $REQUESTS measured requests per page)."
echo
started="$(now)"
/usr/bin/time -f "%M" -o "$WORK/import.rss" "$STEWARD" import mail "$WORK/mail.mbox" --data-dir "$DATA" >"$WORK/import.log" 2>&1 ||
  { tail -20 "$WORK/import.log" >&2; fail "steward import mail failed"; }
seconds="$(seconds_since "$started")"
rate="$(awk -v n="$MESSAGES" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')"
echo "- \`steward import mail\`: **$seconds s, $rate messages/s**, peak resident memory $(mib "$(cat "$WORK/import.rss")") MiB ($(tail -1 "$WORK/import.log"))"
echo "- Database: $(du -sk "$DATA" | awk '{ printf "%.0f MiB", $1 / 1024 }'), $(python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute(\"SELECT COUNT(*) FROM enquiries WHERE status = 'open'\").fetchone()[0])" "$DATA/steward.db") open enquiries"

start_server --data-dir "$DATA"
export STEWARD_BENCH_TOKEN="$(timeout 60 "$STEWARD" token create --email admin@example.org --data-dir "$DATA" | tail -1)"
for level in $CONCURRENCY; do
  echo
  echo "## $level concurrent connection(s)"
  echo
  args=(--url "$SERVER_URL" --pid "$SERVER_PID" --email admin@example.org --requests "$REQUESTS" --warmup 50 --concurrency "$level")
  for path in "${PATHS[@]}"; do args+=(--path "$path"); done
  bounded 1200 "$BENCH" "${args[@]}" || fail "steward-bench failed at concurrency $level"
done
echo
echo "- Server resident memory 5 s after the load: $(sleep 5; mib "$(rss_kib "$SERVER_PID")") MiB"
