#!/usr/bin/env bash
# The chat-element's DOM with a long history: starts the (debug) server, writes MESSAGES messages
# (default 10000) into one conversation through the admin API, opens a chat-element in Chromium,
# loads the whole history by scrolling to the top again and again, and prints a table of messages
# loaded, DOM nodes inside the element and times (scripts/dom-bench.mjs does the work).
#
# Usage: scripts/dom-bench.sh [MESSAGES]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

say "Building the server (debug)"
cargo build -p chat-elements-server
if [ ! -f "$ROOT/pkg/index.js" ]; then
  say "Building the SDK"
  bash "$ROOT/scripts/build-sdk.sh"
fi
say "DOM benchmark"
node "$ROOT/scripts/dom-bench.mjs" "${1:-10000}"
