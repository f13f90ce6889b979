#!/usr/bin/env bash
# Runs the demo (`npm start`): builds the SDK and the server, then serves the demo site with the
# seeded users alice, bob and carol. Stop it with Ctrl+C; the history stays in the data directory.
#
# Environment (all optional):
#   CHAT_LISTEN    address to listen on (default 127.0.0.1:8080; port 0 picks a free one)
#   CHAT_DATA_DIR  where the database lives (default ./data)
#   any other CHAT_* variable of the server (see `chat-elements-server --help`)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bash scripts/setup.sh
bash scripts/build-sdk.sh

say "Building the server (release)"
cargo build --release -p chat-elements-server
server_bin="$(cargo_target_dir)/release/chat-elements-server"

say "Starting the demo server"
# The server prints `listening on http://HOST:PORT` once it is bound: point at the demo when it does.
"$server_bin" --demo --listen "${CHAT_LISTEN:-127.0.0.1:8080}" --data-dir "${CHAT_DATA_DIR:-$ROOT/data}" \
  --www-dir "$ROOT/www" --pkg-dir "$ROOT/pkg" |
  while IFS= read -r line; do
    printf '%s\n' "$line"
    case "$line" in
      "listening on "*) printf '\nOpen the demo: %s/  (Ctrl+C stops the server)\n\n' "${line#listening on }" ;;
    esac
  done
