# Shared by scripts/bench.sh and scripts/bench-enquiries.sh (sourced, not run): a scratch
# directory removed on exit, bounded steps, and starting and stopping `steward serve` on a
# free loopback port. A script may define `cleanup_extra` to remove more on exit.

TARGET_DIR="${CARGO_TARGET_DIR:-target}"
STEWARD="$TARGET_DIR/release/steward"
BENCH="$TARGET_DIR/release/steward-bench"
export STEWARD_BENCH_PASSWORD="demo-password-2026"

fail() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}
command -v curl >/dev/null || fail "curl is needed to wait for the server's /healthz"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/steward-bench.XXXXXX")"
SERVER_PID=""
SERVER_URL=""
CHILD_PID=""

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVER_PID" ]; then
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

cleanup() {
  if [ -n "$CHILD_PID" ]; then
    kill -TERM "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  stop_server
  if [ "${STEWARD_BENCH_KEEP:-}" = "1" ]; then
    echo "Kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  if declare -F cleanup_extra >/dev/null; then cleanup_extra; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
seconds_since() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }'; }
mib() { awk -v kib="$1" 'BEGIN { printf "%.1f", kib / 1024 }'; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
host_line() {
  echo "$(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(free -h | awk '/^Mem:/ { print $2 }') memory, $(uname -sr)"
}
commit_line() {
  echo "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
}

# Runs a command with a time limit, in the background so that Ctrl-C or TERM reaches the
# traps at once (bash runs a trap only after a foreground command ends).
bounded() {
  local limit="$1"
  shift
  timeout "$limit" "$@" &
  CHILD_PID=$!
  local status=0
  wait "$CHILD_PID" || status=$?
  CHILD_PID=""
  return "$status"
}

# A bounded step whose output goes to a log, shown if it fails.
step() {
  local log="$1" limit="$2"
  shift 2
  if ! bounded "$limit" "$@" >"$log" 2>&1; then
    echo "$(basename "$0"): failed (or ran over $limit s): $*" >&2
    tail -20 "$log" >&2
    exit 1
  fi
}

build_release_binaries() {
  if [ "${STEWARD_BENCH_SKIP_BUILD:-}" != "1" ]; then
    echo "Building release binaries (several minutes on 2 cores)..." >&2
    step "$WORK/build.log" 3600 cargo build --release --locked -p steward-cli -p steward-bench
  fi
  [ -x "$STEWARD" ] && [ -x "$BENCH" ] || fail "release binaries missing in $TARGET_DIR/release"
}

# Starts `steward serve` with the given database arguments on a free loopback port and
# waits for /healthz; sets SERVER_PID and SERVER_URL.
start_server() {
  local log="$WORK/serve-$$-$RANDOM.log"
  "$STEWARD" serve --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  SERVER_URL=""
  for _ in $(seq 600); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$log" >&2; fail "steward serve exited at start"; }
    SERVER_URL="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)"
    [ -n "$SERVER_URL" ] && break
    sleep 0.1
  done
  [ -n "$SERVER_URL" ] || fail "steward serve did not start listening within 60 s"
  for _ in $(seq 100); do
    curl -fsS -o /dev/null --max-time 5 "$SERVER_URL/healthz" && break
    sleep 0.1
  done
  curl -fsS -o /dev/null --max-time 5 "$SERVER_URL/healthz" || fail "$SERVER_URL/healthz did not answer 200"
}
