import { randomBytes } from "node:crypto";
import type { RedisConnection } from "./connection.js";

/**
 * The MCP 2026 `requestStateKey` shared by every node of a deployment (ADR 0011 §5): created once
 * (`SET … NX`, 32 random bytes) and read by everyone else, so an MRTR retry may reach any node.
 * Use a key file instead where Redis may be restarted empty (a new key invalidates retries in
 * flight, as an expired state does).
 *
 * @example
 * ```ts
 * const requestStateKey = await sharedRequestStateKey(connection);
 * ```
 */
export async function sharedRequestStateKey(connection: RedisConnection): Promise<Uint8Array> {
  const key = `${connection.keyPrefix}request-state-key`;
  await connection.redis.set(key, randomBytes(32).toString("base64"), "NX");
  const stored = await connection.redis.get(key);
  if (stored === null) throw new Error(`[@wasi-mcp/redis] the shared request-state key vanished from ${key}`);
  return new Uint8Array(Buffer.from(stored, "base64"));
}
