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
  /** `ok`, `tool-error` (a result with `isError`), `refused` (scope), or `error` (a JSON-RPC error). */
  outcome: "ok" | "tool-error" | "refused" | "error";
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
