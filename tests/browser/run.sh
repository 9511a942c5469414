#!/usr/bin/env bash
# Steward's browser tests: start a demo Steward on a free port with a fresh data directory,
# run the journeys and the axe-core checks in headless Chromium, stop Steward.
#
#   bash tests/browser/run.sh                 # uses target/debug/steward
#   STEWARD_BIN=path/to/steward bash tests/browser/run.sh
#   bash tests/browser/run.sh journeys.test.mjs   # only some test files
#
# Needs: Node 20+ with npm, Debian's chromium (apt-get install chromium chromium-driver),
# and a built Steward (cargo build -p steward-cli).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

steward_bin="${STEWARD_BIN:-$here/../../target/debug/steward}"
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"

fail() {
  echo "run.sh: $*" >&2
  exit 1
}

[[ -x "$steward_bin" ]] || fail "no Steward binary at $steward_bin (build it: cargo build -p steward-cli, or set STEWARD_BIN)"
[[ -x "$chromium_path" ]] || fail "no Chromium at $chromium_path (install it: apt-get install -y chromium chromium-driver)"
command -v node >/dev/null || fail "node is not installed"
command -v npm >/dev/null || fail "npm is not installed"

# npm deps: install when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "run.sh: installing npm packages"
  npm ci --no-audit --no-fund
fi

workdir="$(mktemp -d "${TMPDIR:-/tmp}/steward-browser.XXXXXX")"
server_pid=""
cleanup() {
  local status=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free port on 127.0.0.1, chosen by the OS.
port="$(node -e '
  const server = require("node:net").createServer();
  server.listen(0, "127.0.0.1", () => { console.log(server.address().port); server.close(); });
')"
url="http://127.0.0.1:$port"

echo "run.sh: starting Steward on $url (data in $workdir/data)"
# Settings from the environment that would point Steward elsewhere are dropped.
env -u STEWARD_DATABASE_URL -u STEWARD_SECURE_COOKIES -u STEWARD_LISTEN -u STEWARD_DATA_DIR \
  "$steward_bin" serve --demo --data-dir "$workdir/data" --listen "127.0.0.1:$port" \
  >"$workdir/steward.log" 2>&1 &
server_pid=$!

# Wait (at most 60 s) for /healthz to answer 200.
if ! STEWARD_URL="$url" SERVER_PID="$server_pid" node -e '
  const deadline = Date.now() + 60_000;
  const alive = () => { try { process.kill(Number(process.env.SERVER_PID), 0); return true; } catch { return false; } };
  (async () => {
    while (Date.now() < deadline) {
      if (!alive()) { console.error("run.sh: Steward exited before it was ready"); process.exit(1); }
      try {
        const response = await fetch(process.env.STEWARD_URL + "/healthz", { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) process.exit(0);
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    console.error("run.sh: Steward did not answer 200 on /healthz within 60 s");
    process.exit(1);
  })();
'; then
  echo "---- Steward's output ----" >&2
  cat "$workdir/steward.log" >&2
  exit 1
fi
echo "run.sh: Steward is ready"

if [[ $# -gt 0 ]]; then
  tests=("$@")
else
  tests=(*.test.mjs)
fi

status=0
# One file runs both viewports' axe checks (over 100 s on 2 cores): the per-test timeout
# covers the whole file, so it is generous.
STEWARD_URL="$url" CHROMIUM_PATH="$chromium_path" \
  node --test --test-reporter=spec --test-timeout=300000 "${tests[@]}" || status=$?

if [[ $status -ne 0 ]]; then
  echo "---- last lines of Steward's output ----" >&2
  tail -n 40 "$workdir/steward.log" >&2
fi
exit "$status"
