#!/usr/bin/env bash
# Benchmarks the reference server over real loopback WebSockets and prints a table
# (crates/server/examples/bench.rs). Bounded in count; targets 127.0.0.1 only.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

say "server benchmark (release build)"
cargo run --quiet --release -p chat-elements-server --example bench
