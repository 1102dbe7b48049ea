import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { ProtocolError } from "@modelcontextprotocol/server";

/**
 * The error a 2026-face handler throws onto the wire: an SDK v1 `McpError` (what the shared
 * handlers throw) becomes the SDK v2 `ProtocolError` with the same code and data and its message
 * without the `MCP error <code>: ` prefix; anything else is returned as it is. The 2026 face's
 * counterpart of `withoutSdkErrorPrefix`.
 *
 * @example
 * ```ts
 * modernWireError(new McpError(-32602, "No note x")); // ProtocolError(-32602, "No note x")
 * ```
 */
export function modernWireError(error: unknown): unknown {
  if (!(error instanceof McpError)) return error;
  const prefix = `MCP error ${error.code}: `;
  const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return new ProtocolError(error.code, message, error.data);
}
