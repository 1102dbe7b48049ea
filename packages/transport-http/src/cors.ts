import type { IncomingHttpHeaders } from "node:http";

/** CORS for browser clients. Origins listed here are also accepted by the Origin check. */
export interface CorsOptions {
  /** Origins allowed to call the endpoint from a browser (`scheme://host[:port]`), or `"*"`. */
  origins: readonly string[] | "*";
  /** How long a browser may cache a preflight answer, in seconds. Default 600. */
  maxAgeSeconds?: number;
}

const ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";
const ALLOW_HEADERS =
  "Content-Type, Accept, Authorization, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID";
const EXPOSE_HEADERS = "Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate";

/**
 * The CORS headers for a response to `origin`, or an empty record when CORS is off or the origin
 * is not listed (the browser then refuses to hand the response to the page).
 *
 * @example
 * ```ts
 * corsHeaders({ origin: "https://app.example" }, { origins: ["https://app.example"] });
 * // { "access-control-allow-origin": "https://app.example", vary: "Origin", ... }
 * ```
 */
export function corsHeaders(
  headers: IncomingHttpHeaders,
  cors: CorsOptions | undefined,
): Record<string, string> {
  const origin = headers.origin;
  if (!cors || !origin) return {};
  if (cors.origins !== "*" && !cors.origins.includes(origin)) return {};
  return {
    "access-control-allow-origin": cors.origins === "*" ? "*" : origin,
    "access-control-expose-headers": EXPOSE_HEADERS,
    vary: "Origin",
  };
}

/** The extra headers of a preflight (`OPTIONS`) answer. */
export function preflightHeaders(cors: CorsOptions): Record<string, string> {
  return {
    "access-control-allow-methods": ALLOW_METHODS,
    "access-control-allow-headers": ALLOW_HEADERS,
    "access-control-max-age": String(cors.maxAgeSeconds ?? 600),
  };
}
