#!/usr/bin/env bash
# The README's main job: build what is needed (turbo cache hits after the first time) and serve
# the bundled example components as one MCP server over Streamable HTTP on 127.0.0.1:3000.
# Everything for humans goes to stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
turbo run build --output-logs=errors-only >&2
exec node examples/mcp-compositor/dist/launcher.js serve --config examples/mcp-compositor/examples.json "$@"
