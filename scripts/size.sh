#!/usr/bin/env bash
# The SDK's size: what a page receives per entry (gzip -9), the committed baseline it is checked
# against, and where the bytes are.
#
# Usage: scripts/size.sh [--check] [--top [N]] [--update "reason"]
#   (nothing)     the per-entry table
#   --check       also fails when an entry grew more than 2 KB over scripts/size-baseline.json
#   --top [N]     also the N largest contributors of each wasm (by crate, module and function, from
#                 a copy optimised like the real one but keeping its name section) and of its glue
#                 (by part, before minifying)
#   --update R    writes the current sizes as the baseline with the reason R (commit it with the change)
# Expects pkg/ (and target/sdk-size/) from scripts/build-sdk.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PKG="$ROOT/pkg"
BASELINE="scripts/size-baseline.json"
[ -d "$PKG" ] || die "no pkg/: run scripts/build-sdk.sh first"

mode=(entries "$PKG")
top=""
while [ "$#" -gt 0 ]; do
  case "$1" in
    --check) mode+=(--check "$BASELINE") ;;
    --update)
      [ "$#" -ge 2 ] || die "--update needs a reason"
      mode+=(--update "$BASELINE" "$2")
      shift
      ;;
    --top)
      top=15
      if [ "$#" -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]]; then
        top="$2"
        shift
      fi
      ;;
    -h | --help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument: $1" ;;
  esac
  shift
done

node scripts/size.mjs "${mode[@]}"

if [ -n "$top" ]; then
  size_dir="$(cargo_target_dir)/sdk-size"
  for wasm in "$size_dir"/*_bg.wasm; do
    [ -f "$wasm" ] || die "no unoptimised wasm in $size_dir: run scripts/build-sdk.sh first"
    name="$(basename "$wasm" _bg.wasm)"
    named="$size_dir/$name.named.wasm"
    # The same optimisation as the build, keeping the names (-g): code sizes within ~1% of the real one.
    wasm-opt -Oz -g "${WASM_FEATURES[@]}" "$wasm" -o "$named"
    node scripts/size.mjs top "$named" "$size_dir/$name.js" "$top"
  done
fi
