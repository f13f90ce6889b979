#!/usr/bin/env bash
# Every test of the project (`npm test`), stopping at the first failure:
#   formatting and lints, a type-check of the public TypeScript declarations, the native Rust tests (protocol, client-core, server), the SDK build, its
#   size per entry against the committed baseline, the wasm tests in headless Chromium against a real server, and the end-to-end page tests.
# Ends with a summary of the steps and the SDK's gzip size per entry.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

TARGET_DIR="$(cargo_target_dir)"
SERVER_BIN="$TARGET_DIR/debug/chat-elements-server"
WORK="$(mktemp -d)"
SERVER_PID=""
SERVER_URL=""
CURRENT_STEP=""
SDK_SIZES=()
SUMMARY=()

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

print_summary() {
  printf '\n\033[1mSummary\033[0m\n'
  local line
  for line in "${SUMMARY[@]}"; do
    printf '  %s\n' "$line"
  done
  if [ "${#SDK_SIZES[@]}" -gt 0 ]; then
    printf '\n  What a page receives per entry (gzip -9):\n'
    for line in "${SDK_SIZES[@]}"; do
      printf '  %s\n' "$line"
    done
  fi
}

on_exit() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "$CURRENT_STEP" ]; then
    SUMMARY+=("FAILED      $CURRENT_STEP (exit $status)")
    if [ -s "$WORK/server.log" ] && [ -n "$SERVER_PID" ]; then
      printf '\nLast lines of the server log:\n'
      tail -n 30 "$WORK/server.log"
    fi
  fi
  stop_server
  rm -rf "$WORK"
  print_summary
  exit "$status"
}
trap on_exit EXIT

# step NAME COMMAND...: runs one step; a failure ends the script (set -e) and on_exit reports it.
step() {
  CURRENT_STEP="$1"
  shift
  local started=$SECONDS
  say "$CURRENT_STEP"
  "$@"
  SUMMARY+=("$(printf 'ok  %5ss  %s' "$((SECONDS - started))" "$CURRENT_STEP")")
  CURRENT_STEP=""
}

# Checks each entry against scripts/size-baseline.json and keeps the table for the summary.
check_sizes() {
  bash scripts/size.sh --check | tee "$WORK/size.out"
  mapfile -t SDK_SIZES < <(sed -n '1,/^$/p' "$WORK/size.out" | sed '/^$/d')
}

# Starts the demo server on a free port with a fresh database and waits until /healthz answers.
start_server() {
  [ -x "$SERVER_BIN" ] || die "the server binary $SERVER_BIN was not built"
  "$SERVER_BIN" --demo --listen 127.0.0.1:0 --data-dir "$WORK/data" \
    --www-dir "$ROOT/www" --pkg-dir "$ROOT/pkg" >"$WORK/server.out" 2>"$WORK/server.log" &
  SERVER_PID=$!
  local port="" tries=0
  while [ -z "$port" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited at start: $(tail -n 20 "$WORK/server.log")"
    [ "$tries" -lt 300 ] || die "the server printed no 'listening on' line within 30 s"
    sleep 0.1
    tries=$((tries + 1))
    port="$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$#\1#p' "$WORK/server.out")"
  done
  SERVER_URL="http://127.0.0.1:$port"
  node -e '
    const url = process.argv[1];
    const deadline = Date.now() + 30_000;
    (async () => {
      while (Date.now() < deadline) {
        try { if ((await fetch(url)).ok) return; } catch {}
        await new Promise((r) => setTimeout(r, 100));
      }
      console.error(`no answer from ${url}`);
      process.exit(1);
    })();' "$SERVER_URL/healthz"
  echo "server listening on $SERVER_URL (pid $SERVER_PID)"
}

# The command users of a Rust/wasm package run (the README documents it), against this run's
# server; the runner's time limit comes from .cargo/config.toml.
wasm_browser_tests() {
  PATH="/usr/bin:$PATH" CHAT_TEST_SERVER_URL="$SERVER_URL" \
    wasm-pack test --headless --chrome --mode no-install
}

e2e_tests() {
  CHAT_SERVER_BIN="$SERVER_BIN" node --test tests/e2e/
}

# The whole run writes several GiB of build output; say so up front when the disk is short,
# rather than failing halfway through a compile with "No space left on device".
free_kib="$(df -Pk "$ROOT" | awk 'NR == 2 { print $4 }')"
if [ -n "$free_kib" ] && [ "$free_kib" -lt $((6 * 1024 * 1024)) ]; then
  printf 'warning: only %s MiB free on the disk holding %s; the build needs about 6 GiB\n' \
    "$((free_kib / 1024))" "$ROOT" >&2
fi

step "setup (tools, npm packages, chromium)" bash scripts/setup.sh --browser
step "cargo fmt --check" cargo fmt --all -- --check
step "type-check the public types (tsc -p tests/types)" tsc -p tests/types
step "cargo clippy (native, all targets)" cargo clippy --workspace --all-targets -- -D warnings
step "cargo clippy (wasm32)" cargo clippy -p chat-elements --target wasm32-unknown-unknown -- -D warnings
step "cargo clippy (wasm32, the data entry: no default features)" \
  cargo clippy -p chat-elements --target wasm32-unknown-unknown --no-default-features -- -D warnings
step "cargo clippy (wasm32, the browser tests with test-hooks)" \
  cargo clippy -p chat-elements --target wasm32-unknown-unknown --all-targets --features test-hooks -- -D warnings
step "cargo test (native: protocol, client-core, server)" cargo test --workspace
# cargo test builds the server binary when the server has integration tests; make sure it is there.
step "cargo build (server, debug)" cargo build -p chat-elements-server
step "build the SDK (pkg/)" bash scripts/build-sdk.sh
step "SDK size per entry against the baseline" check_sizes
step "start the demo server" start_server
step "wasm tests in headless Chromium (wasm-pack test --headless --chrome)" wasm_browser_tests
step "stop the demo server" stop_server
step "end-to-end tests (node --test tests/e2e/)" e2e_tests

printf '\n\033[1mAll tests passed.\033[0m\n'
