#!/usr/bin/env bash
# Builds the browser SDK into pkg/ and prints its sizes:
#   pkg/chat_elements_bg.wasm + pkg/chat_elements.js   the wasm crate (cargo + wasm-bindgen --target web + wasm-opt -Oz)
#   pkg/index.js, pkg/index.d.ts                       the ESM entry and its public types (from js/)
#   pkg/chat-elements.iife.js                          the script-tag build (esbuild; wasm inlined; sets window.ChatElements)
# Expects the tools from scripts/setup.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PKG="$ROOT/pkg"
# The goal from the design: the whole SDK as an ESM page receives it, gzip-compressed.
BUDGET_GZIP_BYTES=$((60 * 1024))
# Rust's default wasm32 features; wasm-bindgen's output uses reference types (table.fill) and bulk memory.
WASM_FEATURES=(
  --enable-bulk-memory
  --enable-mutable-globals
  --enable-nontrapping-float-to-int
  --enable-sign-ext
  --enable-reference-types
  --enable-multivalue
)

say "Compiling the wasm crate (profile wasm-release)"
cargo build -p chat-elements --target wasm32-unknown-unknown --profile wasm-release
wasm_in="$(cargo_target_dir)/wasm32-unknown-unknown/wasm-release/chat_elements.wasm"
[ -f "$wasm_in" ] || die "cargo did not produce $wasm_in"

say "Generating the JS bindings (wasm-bindgen --target web)"
rm -rf "$PKG"
mkdir -p "$PKG"
wasm-bindgen --target web --out-dir "$PKG" --out-name chat_elements "$wasm_in"

say "Optimising the wasm (wasm-opt -Oz)"
# Without -g, wasm-opt writes no name section: the names the release profile kept are dropped here.
wasm-opt -Oz "${WASM_FEATURES[@]}" "$PKG/chat_elements_bg.wasm" -o "$PKG/chat_elements_bg.wasm"

say "Adding the JS entry points"
cp js/index.js "$PKG/index.js"
cp js/index.d.ts "$PKG/index.d.ts"
# The glue's async loader (never called by iife.js, which uses initSync with the inlined bytes)
# mentions import.meta, which an IIFE does not have: esbuild's warning about it does not apply.
esbuild js/iife.js --bundle --format=iife --loader:.wasm=binary --minify \
  --log-level=warning --log-override:empty-import-meta=silent --outfile="$PKG/chat-elements.iife.js"

gzip_size() {
  gzip -9 -c "$1" | wc -c
}

kb() {
  awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'
}

say "Sizes (gzip -9)"
printf '%-28s %12s %12s\n' "file" "raw" "gzip"
for file in "$PKG"/*; do
  printf '%-28s %12s %12s\n' "$(basename "$file")" "$(kb "$(wc -c <"$file")")" "$(kb "$(gzip_size "$file")")"
done

total_raw=0
total_gzip=0
for name in index.js chat_elements.js chat_elements_bg.wasm; do
  total_raw=$((total_raw + $(wc -c <"$PKG/$name")))
  total_gzip=$((total_gzip + $(gzip_size "$PKG/$name")))
done
if [ "$total_gzip" -le "$BUDGET_GZIP_BYTES" ]; then
  verdict="within"
else
  verdict="OVER"
fi
printf '%-28s %12s %12s   (index.js + chat_elements.js + chat_elements_bg.wasm; CSS is in the wasm)\n' \
  "TOTAL (ESM page)" "$(kb "$total_raw")" "$(kb "$total_gzip")"
printf 'SDK gzip size: %s, %s the budget of %s\n' "$(kb "$total_gzip")" "$verdict" "$(kb "$BUDGET_GZIP_BYTES")"
