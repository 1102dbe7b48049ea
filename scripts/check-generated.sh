#!/usr/bin/env bash
# Fails when the committed WIT bindings differ from what the WIT generates (never edit them by hand).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/packages/bindings"
pnpm run generate
if ! git -C "$ROOT" diff --exit-code --stat -- packages/bindings/src/generated; then
  echo "packages/bindings/src/generated is out of date with wit/: run 'pnpm --filter @wasi-mcp/bindings generate' and commit" >&2
  exit 1
fi
if [ -n "$(git -C "$ROOT" status --porcelain -- packages/bindings/src/generated)" ]; then
  echo "packages/bindings/src/generated has untracked generated files: commit them" >&2
  exit 1
fi
