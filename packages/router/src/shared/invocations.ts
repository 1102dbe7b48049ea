import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";

/** Who made a request, as logs and components may know it: never the token. */
export interface Principal {
  /** The token's `sub` (or the API key's subject). */
  subject?: string | undefined;
  /** The OAuth client, or the API key's name. */
  clientId: string;
  /** Scopes the credential carries. */
  scopes: readonly string[];
}

/** One finished `tools/call`, as the invocation log records it. */
export interface InvocationRecord {
  /** When the call arrived, ISO 8601. */
  time: string;
  /** Who called; absent without authentication. */
  principal?: Principal | undefined;
  method: "tools/call";
  tool: string;
  /**
   * `ok`, `tool-error` (a result with `isError`), `refused` (scope), `rate-limited`, or `error`
   * (another JSON-RPC error).
   */
  outcome: "ok" | "tool-error" | "refused" | "rate-limited" | "error";
  /** Milliseconds from arrival to answer. */
  durationMs: number;
  /** The arguments, only for tools whose logging opts in; otherwise absent (redacted). */
  arguments?: Record<string, unknown> | undefined;
  /** The JSON-RPC error code of an `error` outcome. */
  errorCode?: number | undefined;
}

/** Receives one record per `tools/call`; must not throw (a throw is reported, never surfaced). */
export type InvocationLog = (record: InvocationRecord) => void;

/** The principal of an `AuthInfo`: its subject (`extra.subject`), client and scopes; never the token. */
export function principalOf(authInfo: AuthInfo | undefined): Principal | undefined {
  if (!authInfo) return undefined;
  const subject = authInfo.extra?.subject;
  return {
    ...(typeof subject === "string" ? { subject } : {}),
    clientId: authInfo.clientId,
    scopes: authInfo.scopes,
  };
}

/**
 * The `_meta` key under which a backend (and a component, in its request context's `meta`) finds
 * the request's {@link Principal}. Set by the router only: a client's own value is removed.
 */
export const PRINCIPAL_META_KEY = "io.wasi-mcp/principal";

/** `meta` with the client's {@link PRINCIPAL_META_KEY} removed and the authenticated principal put in. */
export function metaWithPrincipal(
  meta: Record<string, unknown> | undefined,
  authInfo: AuthInfo | undefined,
): Record<string, unknown> | undefined {
  const principal = principalOf(authInfo);
  if (!principal && (meta === undefined || !Object.hasOwn(meta, PRINCIPAL_META_KEY))) return meta;
  const { [PRINCIPAL_META_KEY]: _client, ...rest } = meta ?? {};
  if (principal) return { ...rest, [PRINCIPAL_META_KEY]: principal };
  return Object.keys(rest).length > 0 ? rest : undefined;
}
