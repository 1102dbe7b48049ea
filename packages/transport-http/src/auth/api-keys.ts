import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { Authenticate } from "../options.js";

/** One static API key: the secret, whom it stands for, and its scopes. */
export interface ApiKey {
  /** The secret the client sends as `Authorization: Bearer <key>`; at least 16 characters. */
  key: string;
  /** The principal's name in logs and the request context. */
  subject: string;
  /** Scopes the key grants. Default none. */
  scopes?: readonly string[];
}

const MIN_KEY_CHARS = 16;

/**
 * Accepts the given API keys (compared as SHA-256 digests in constant time), for deployments
 * without an authorization server. The `AuthInfo` names the key's subject, never the key.
 *
 * @example
 * ```ts
 * const authenticate = apiKeyAuthenticator([{ key: process.env.MCP_KEY!, subject: "ci", scopes: ["notes:read"] }]);
 * ```
 */
export function apiKeyAuthenticator(keys: readonly ApiKey[]): Authenticate {
  const entries = keys.map((entry, index) => {
    if (typeof entry.key !== "string" || entry.key.length < MIN_KEY_CHARS) {
      throw new TypeError(
        `auth: API key #${index + 1} must be a string of at least ${MIN_KEY_CHARS} characters`,
      );
    }
    if (typeof entry.subject !== "string" || entry.subject === "") {
      throw new TypeError(`auth: API key #${index + 1} needs a subject`);
    }
    return { digest: digest(entry.key), subject: entry.subject, scopes: [...(entry.scopes ?? [])] };
  });
  return ({ token }) => {
    if (!token) return undefined;
    const presented = digest(token);
    let match: (typeof entries)[number] | undefined;
    for (const entry of entries) if (timingSafeEqual(entry.digest, presented)) match ??= entry;
    if (!match) return undefined;
    const info: AuthInfo = {
      token,
      clientId: match.subject,
      scopes: match.scopes,
      extra: { subject: match.subject },
    };
    return info;
  };
}

/**
 * Reads API keys from a JSON file or an environment variable holding the same JSON: an array of
 * `{ "key", "subject", "scopes" }`.
 */
export function readApiKeys(source: { file?: string; env?: string }): ApiKey[] {
  let text: string | undefined;
  if (source.file !== undefined) text = readFileSync(source.file, "utf8");
  else if (source.env !== undefined) text = process.env[source.env];
  if (text === undefined)
    throw new Error(`auth: API keys: ${source.env ? `$${source.env} is not set` : "no source"}`);
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new TypeError("auth: API keys must be a JSON array");
  return parsed as ApiKey[];
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
