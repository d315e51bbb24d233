#!/usr/bin/env bash
# Builds the WebAssembly module of delegat-wasm and its JavaScript glue (`wasm-bindgen
# --target web`) into web/src/pkg/ (git-ignored), or into the directory given as $1.
#
# Needs the Rust target (`rustup target add wasm32-unknown-unknown`) and the wasm-bindgen
# CLI of exactly the version of the wasm-bindgen crate in Cargo.lock:
#   cargo install wasm-bindgen-cli --version "$(crates/delegat-wasm/build.sh --bindgen-version)" --locked
# With DELEGAT_WASM_OPT=1 also runs wasm-opt (npm package `binaryen`, on PATH or in
# web/node_modules/.bin).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The version of the wasm-bindgen crate the module is built with: the CLI must match it.
version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")
if [[ "${1:-}" == "--bindgen-version" ]]; then
    echo "$version"
    exit 0
fi
out=${1:-$root/web/src/pkg}

if ! command -v wasm-bindgen >/dev/null; then
    echo "build.sh: wasm-bindgen is not installed; install it with" >&2
    echo "  cargo install wasm-bindgen-cli --version $version --locked" >&2
    exit 2
fi
have=$(wasm-bindgen --version | awk '{ print $2 }')
if [[ "$have" != "$version" ]]; then
    echo "build.sh: wasm-bindgen $have is installed, but Cargo.lock has $version; install it with" >&2
    echo "  cargo install wasm-bindgen-cli --version $version --locked --force" >&2
    exit 2
fi

target_dir=${CARGO_TARGET_DIR:-$root/target}
(cd "$root" && cargo build -p delegat-wasm --target wasm32-unknown-unknown --profile wasm)
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" \
    "$target_dir/wasm32-unknown-unknown/wasm/delegat_wasm.wasm"

# wasm-opt (npm package `binaryen`) only when asked for: on this module it saves 3 % of the
# compressed size and no time, and takes minutes (docs/PERFORMANCE.md).
if [[ "${DELEGAT_WASM_OPT:-}" == "1" ]]; then
    wasm_opt=$(command -v wasm-opt || echo "$root/web/node_modules/.bin/wasm-opt")
    "$wasm_opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
        -o "$out/delegat_wasm_bg.wasm.opt" "$out/delegat_wasm_bg.wasm"
    mv "$out/delegat_wasm_bg.wasm.opt" "$out/delegat_wasm_bg.wasm"
fi
ls -l "$out/delegat_wasm_bg.wasm" >&2
