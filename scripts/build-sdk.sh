#!/usr/bin/env bash
# Builds the browser SDK into pkg/ and prints what a page receives per entry (scripts/size.sh):
#   pkg/chat_elements_bg.wasm + pkg/chat_elements.js  the wasm crate with every feature (cargo + wasm-bindgen --target web
#                                                     + wasm-opt -Oz; the glue minified by esbuild)
#   pkg/index.js, pkg/index.d.ts                      the entry `chat-elements` and its public types (from js/)
#   pkg/chat_elements_data_bg.wasm + ..._data.js      the wasm crate without the elements (--no-default-features)
#   pkg/data.js, pkg/data.d.ts                        the entry `chat-elements/data` (the Data API alone)
#   pkg/chat-elements.js                              the script-tag loader (esbuild; fetches chat_elements_bg.wasm beside
#                                                     it; sets window.ChatElements)
#   pkg/chat-elements.iife.js                         the single-file script-tag variant (the wasm inlined)
# The wasm and glue as wasm-bindgen wrote them (before wasm-opt and minifying) are kept in target/sdk-size/ for
# `scripts/size.sh --top`.
# Expects the tools from scripts/setup.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PKG="$ROOT/pkg"
SIZE_DIR="$(cargo_target_dir)/sdk-size"

# build_wasm OUT_NAME CARGO_ARGS...: compiles the wasm crate with the given features and writes
# pkg/OUT_NAME.js and pkg/OUT_NAME_bg.wasm (optimised).
build_wasm() {
  local name="$1"
  shift
  say "Compiling the wasm crate for $name (profile wasm-release) $*"
  cargo build -p chat-elements --target wasm32-unknown-unknown --profile wasm-release "$@"
  local wasm_in
  wasm_in="$(cargo_target_dir)/wasm32-unknown-unknown/wasm-release/chat_elements.wasm"
  [ -f "$wasm_in" ] || die "cargo did not produce $wasm_in"

  say "Generating the JS bindings for $name (wasm-bindgen --target web)"
  wasm-bindgen --target web --out-dir "$PKG" --out-name "$name" "$wasm_in"
  cp "$PKG/${name}_bg.wasm" "$PKG/$name.js" "$SIZE_DIR/"
  # The glue minified (its exports keep their names).
  esbuild "$PKG/$name.js" --minify --format=esm --log-level=warning --allow-overwrite --outfile="$PKG/$name.js"

  say "Optimising $name (wasm-opt -Oz)"
  # Without -g, wasm-opt writes no name section: the names the release profile kept are dropped here.
  wasm-opt -Oz "${WASM_FEATURES[@]}" "$PKG/${name}_bg.wasm" -o "$PKG/${name}_bg.wasm"
}

rm -rf "$PKG" "$SIZE_DIR"
mkdir -p "$PKG" "$SIZE_DIR"
build_wasm chat_elements
build_wasm chat_elements_data --no-default-features

say "Adding the JS entry points"
cp js/index.js js/index.d.ts js/data.js js/data.d.ts "$PKG/"
# The glue's default wasm location uses import.meta, which an IIFE does not have; both script-tag
# builds pass the wasm themselves, so esbuild's warning about it does not apply.
esbuild js/loader.js --bundle --format=iife --minify \
  --log-level=warning --log-override:empty-import-meta=silent --outfile="$PKG/chat-elements.js"
esbuild js/iife.js --bundle --format=iife --loader:.wasm=binary --minify \
  --log-level=warning --log-override:empty-import-meta=silent --outfile="$PKG/chat-elements.iife.js"

say "Sizes (gzip -9)"
bash scripts/size.sh
