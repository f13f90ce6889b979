#!/usr/bin/env bash
# Installs what building and testing need, skipping every step that is already done:
#   - the Rust target wasm32-unknown-unknown (and rustfmt + clippy, which `npm test` runs)
#   - wasm-bindgen-cli (wasm-bindgen, wasm-bindgen-test-runner) at exactly the version pinned in Cargo.toml
#   - wasm-pack (the browser tests run through `wasm-pack test`)
#   - the npm devDependencies (wasm-opt from binaryen, esbuild, playwright-core, axe-core, typescript)
#   - with --browser: Debian's chromium and chromium-driver (for the browser and end-to-end tests)
#
# Usage: scripts/setup.sh [--browser]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

want_browser=false
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=true ;;
    -h | --help)
      sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument: $arg (expected --browser)" ;;
  esac
done

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
    echo "rust target wasm32-unknown-unknown: present"
  else
    say "Adding the rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

# A minimal rustup profile lacks these; the tests run both.
ensure_rust_components() {
  local missing=()
  cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
  cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "rustfmt + clippy: present"
  else
    say "Adding the rust components ${missing[*]}"
    rustup component add "${missing[@]}"
  fi
}

ensure_wasm_bindgen_cli() {
  local version installed=""
  version="$(pinned_wasm_bindgen_version)"
  [ -n "$version" ] || die "no exact wasm-bindgen version (wasm-bindgen = \"=X.Y.Z\") found in Cargo.toml"
  if command -v wasm-bindgen >/dev/null 2>&1; then
    installed="$(wasm-bindgen --version | awk '{ print $2 }')"
  fi
  if [ "$installed" = "$version" ] && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    echo "wasm-bindgen-cli $version: present"
  else
    say "Installing wasm-bindgen-cli $version (found: ${installed:-none})"
    # Not --locked: the CLI's lockfile can name dependency versions newer than a registry mirror holds.
    cargo install wasm-bindgen-cli --version "$version" --force
  fi
}

ensure_wasm_pack() {
  if command -v wasm-pack >/dev/null 2>&1; then
    echo "wasm-pack: present"
  else
    say "Installing wasm-pack"
    cargo install wasm-pack --locked
  fi
}

# npm's packages are reinstalled when node_modules is missing, lacks a tool, or was installed from a
# different package.json / package-lock.json (a checksum of both is kept next to the packages).
ensure_node_modules() {
  local stamp_file="node_modules/.chat-elements-deps" want have=""
  want="$(cat package.json package-lock.json 2>/dev/null | sha256sum | awk '{ print $1 }')"
  [ -f "$stamp_file" ] && have="$(cat "$stamp_file")"
  if [ "$want" = "$have" ] && [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/esbuild ] &&
    [ -d node_modules/playwright-core ] && [ -f node_modules/axe-core/axe.min.js ] && [ -x node_modules/.bin/tsc ]; then
    echo "node_modules: up to date"
    return
  fi
  if [ -f package-lock.json ]; then
    say "Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
  else
    say "Installing npm packages (npm install)"
    npm install --no-audit --no-fund
  fi
  # npm install may have written the lockfile: record the checksum of what is on disk now.
  cat package.json package-lock.json 2>/dev/null | sha256sum | awk '{ print $1 }' >"$stamp_file"
}

ensure_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "chromium + chromedriver: present"
  else
    say "Installing Debian's chromium and chromium-driver"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
}

say "Setup"
ensure_wasm_target
ensure_rust_components
ensure_wasm_bindgen_cli
ensure_wasm_pack
ensure_node_modules
if [ "$want_browser" = true ]; then
  ensure_browser
fi
