#!/usr/bin/env bash
# The README's main job: build what is needed (turbo cache hits after the first time) and serve
# the bundled example component over stdio. Build output goes to stderr: stdout is protocol only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
turbo run build --output-logs=errors-only >&2
cat >&2 <<'MSG'
mcp-compositor is about to serve examples/components/hello over stdio.
Connect an MCP client by configuring it to run:
  node examples/mcp-compositor/dist/cli.js serve examples/components/hello/dist/hello.wasm
or try it here with the MCP inspector (in another terminal):
  npm run inspect -- --method tools/list
MSG
exec node examples/mcp-compositor/dist/cli.js serve examples/components/hello/dist/hello.wasm "$@"
