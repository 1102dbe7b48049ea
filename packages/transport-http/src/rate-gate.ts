import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { RateLimiter } from "@wasi-mcp/router";

/**
 * How long the `tools/call` requests in a POST body must wait under the endpoint's rate limits
 * (0: serve it). Only looks: the router spends the tokens when it serves the call, so a request
 * is counted once; one that passes here and loses a race answers `-32029` instead of 429.
 */
export function postRetryAfterMs(limiter: RateLimiter, text: string, authInfo: AuthInfo | undefined): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 0; // the body's own error is answered by the usual path
  }
  let wait = 0;
  for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
    const tool = toolCalled(message);
    if (tool !== undefined) wait = Math.max(wait, limiter.wait(authInfo, tool));
  }
  return wait;
}

function toolCalled(message: unknown): string | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  if (method !== "tools/call" || typeof params?.name !== "string") return undefined;
  return params.name;
}
