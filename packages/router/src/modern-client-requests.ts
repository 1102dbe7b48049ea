import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";

/**
 * A backend's server→client request on the 2026 face, until multi round-trip requests (MRTR, ADR
 * 0005 §3) answer it by deterministic replay: 2026-07-28 has no server→client requests, so it
 * fails with `-32601` and `unsupported-operation`, as for a client without the capability.
 */
export async function unansweredClientRequest(request: { method: string }): Promise<never> {
  throw new McpError(
    ErrorCode.MethodNotFound,
    `Client does not support ${request.method}: protocol 2026-07-28 has no server-to-client requests`,
    { code: "unsupported-operation" },
  );
}
