#!/usr/bin/env bash
# Steward's whole test suite: formatting, lints, every Rust test (PostgreSQL too when
# STEWARD_TEST_POSTGRES_URL is set), then the browser journeys in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== Dependency audit (cargo-deny: licences, bans, sources; advisories when a database copy exists)"
bash scripts/deny.sh

# Each PostgreSQL test makes its own database (steward_test_*, steward_cli_*); they are
# dropped here, before and after the run, so runs (and killed runs) do not pile them up.
drop_test_databases() {
  if [ -n "${STEWARD_TEST_POSTGRES_URL:-}" ] && command -v psql >/dev/null 2>&1; then
    psql "$STEWARD_TEST_POSTGRES_URL" -qAt -c \
      "SELECT datname FROM pg_database WHERE datname ~ '^steward_(test|cli)_[0-9]+$'" 2>/dev/null |
      while read -r name; do
        psql "$STEWARD_TEST_POSTGRES_URL" -qAt -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1 || true
      done || true
  fi
}

echo "== Rust tests"
if [ -z "${STEWARD_TEST_POSTGRES_URL:-}" ]; then
  echo "STEWARD_TEST_POSTGRES_URL is not set: the store contract suite runs on SQLite only"
fi
drop_test_databases
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi

drop_test_databases

cargo build --locked -p steward-cli
export STEWARD_BIN="$PWD/target/debug/steward"

echo "== API fuzzing (schemathesis against the live OpenAPI document)"
bash scripts/api-fuzz.sh

echo "== Fuzzing (coverage-guided, bounded; saved crashes replayed as regression tests)"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"

echo "== Browser tests"
bash tests/browser/run.sh
