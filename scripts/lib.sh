# Shared by the scripts in this directory: `source "$(dirname "$0")/lib.sh"`.
# Sets ROOT (the repository root, also the working directory) and a PATH on which npm's tools
# (wasm-opt, esbuild) come first, so an older system binaryen can never shadow them.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# A heading for each step, so long logs stay readable.
say() {
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Cargo's target directory as cargo itself resolves it (CARGO_TARGET_DIR, .cargo/config.toml, or ./target).
cargo_target_dir() {
  cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p'
}

# The exact wasm-bindgen version pinned in the root Cargo.toml (`wasm-bindgen = "=X.Y.Z"`,
# or the `version` key of a table), without the leading `=`.
pinned_wasm_bindgen_version() {
  sed -n -E 's/^wasm-bindgen[[:space:]]*=[[:space:]]*(\{[^}]*version[[:space:]]*=[[:space:]]*)?"=?([0-9][^"]*)".*/\2/p' \
    "$ROOT/Cargo.toml" | head -n 1
}

# wasm-opt's features: Rust's default wasm32 features; wasm-bindgen's output uses reference types
# (table.fill) and bulk memory.
WASM_FEATURES=(
  --enable-bulk-memory
  --enable-mutable-globals
  --enable-nontrapping-float-to-int
  --enable-sign-ext
  --enable-reference-types
  --enable-multivalue
)
