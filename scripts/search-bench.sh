#!/usr/bin/env bash
# Search latency over 100,000 messages (crates/server/examples/search_bench.rs): seeds a fresh
# SQLite database in a temporary directory through the store, then times searchMessages and
# searchConversations over a real WebSocket on 127.0.0.1 and prints p50/p95/p99 per query.
# Usage: scripts/search-bench.sh [MESSAGES]   (default 100000)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

say "search benchmark (release build)"
cargo run --quiet --release -p chat-elements-server --example search_bench -- "$@"
