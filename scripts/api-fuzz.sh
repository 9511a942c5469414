#!/usr/bin/env bash
# Schemathesis against the live server's OpenAPI document, signed in with an API token:
# no 5xx, responses (status, content type, headers, bodies) match the document, schema-
# violating requests are refused, plus schemathesis' stateful and auth checks.
# positive_data_acceptance is left out on purpose: business rules the schema cannot state
# (a referenced region must exist, a joining date cannot be in the future, numbers are
# unique) rightly answer 404/409/422 to schema-valid requests. See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
STEWARD_BIN="${STEWARD_BIN:-$PWD/target/debug/steward}"
MAX_EXAMPLES="${API_FUZZ_EXAMPLES:-100}"
# A fixed seed keeps CI reproducible; API_FUZZ_SEED=random (or a number) explores further.
SEED="${API_FUZZ_SEED:-20261125}"
VENV="${SCHEMATHESIS_VENV:-$HOME/.cache/steward/schemathesis-venv}"
SCHEMATHESIS_VERSION="4.32.5"

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$STEWARD_BIN" demo --members 200 --data-dir "$work/data" >/dev/null
token="$("$STEWARD_BIN" token create --email admin@example.org --data-dir "$work/data")"
STEWARD_LOG=warn "$STEWARD_BIN" serve --listen 127.0.0.1:0 --data-dir "$work/data" >"$work/serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  grep -q "listening on" "$work/serve.out" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.out"; echo "the server did not start"; exit 1; }
  sleep 0.1
done
base="$(grep -o 'http://[0-9.:]*' "$work/serve.out" | head -n 1)"
[ -n "$base" ] || { echo "the server did not say where it listens"; exit 1; }

# Raw mail for the intake route comes from these strategies (schemathesis cannot derive it).
export PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}"
export SCHEMATHESIS_HOOKS=schemathesis_hooks
# One worker: with two threads, Hypothesis's lambda-description cache (not thread-safe) once
# raised "AST constructor recursion depth mismatch" inside the tool on an unchanged operation.
"$VENV/bin/schemathesis" run "$base/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks all --exclude-checks positive_data_acceptance \
  --max-examples "$MAX_EXAMPLES" --workers 1 --no-color \
  $([ "$SEED" = random ] || echo "--seed $SEED")
