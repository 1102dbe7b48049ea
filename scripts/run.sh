#!/usr/bin/env bash
# Runs a command with the project's pinned toolchain (Node 24, pnpm 11) on PATH, installing the
# toolchain and the workspace first when needed. Usage: bash scripts/run.sh <command> [args...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# npm passes its own settings down as npm_config_* variables; they are not meant for pnpm.
for var in $(env | grep -o '^npm_config_[a-zA-Z_]*' || true); do unset "$var"; done
# shellcheck source=bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"
exec "$@"
