/** How an upstream MCP server is reached and bounded (`upstreams.<namespace>` in a configuration file). */
export type UpstreamConfig = UpstreamEndpoint & UpstreamBounds;

/**
 * A stdio child, or a URL: `http://`/`https://` is Streamable HTTP, `ws://`/`wss://` is MCP over
 * WebSocket (subprotocol `mcp`); `headers` go with every request or with the upgrade.
 */
export type UpstreamEndpoint =
  | { command: string; args?: string[]; env?: Record<string, string>; cwd?: string }
  | { url: string; headers?: Record<string, string> };

/** Whether a URL endpoint is a WebSocket one. */
export function isWebSocketUrl(url: string): boolean {
  return /^wss?:/i.test(url);
}

/** What the compositor lets through to an upstream, and how long and how many. */
export interface UpstreamBounds {
  /** Tool names (`*` matches any run of characters) that are served; default: all. */
  allowTools?: string[];
  /** Tool names that are not served, even when allowed. */
  denyTools?: string[];
  /** Deadline of one call to the upstream. Default 60 000. */
  callTimeoutMs?: number;
  /** Most calls in flight to the upstream; more wait, up to as many again, then fail. Default 16. */
  maxConcurrency?: number;
  /**
   * How long one connection attempt (probe and handshake) may take, and how long the compositor's
   * start waits for the upstream's first attempt before it announces ready. Default 10 000.
   */
  connectTimeoutMs?: number;
  /** Whether `/readyz` answers 503 while this upstream is not connected. Default false. */
  required?: boolean;
}

/** Whether `name` passes the allow and deny patterns. */
export function toolAllowed(name: string, bounds: UpstreamBounds): boolean {
  const matches = (patterns: string[]) => patterns.some((pattern) => globToRegExp(pattern).test(name));
  if (bounds.allowTools && !matches(bounds.allowTools)) return false;
  return !(bounds.denyTools && matches(bounds.denyTools));
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}
