import { Redis } from "ioredis";

/** Prefix of this package's error messages. */
export const ERROR_PREFIX = "[@wasi-mcp/redis]";

/** Options of {@link connectRedis}. */
export interface RedisConnectionOptions {
  /** How long one command may take before it fails, in ms. Default 2 000. */
  commandTimeoutMs?: number;
  /** Prefix of every key and channel, so deployments can share a Redis. Default `mcp:`. */
  keyPrefix?: string;
  /** Receives connection errors (each distinct message once until the connection is back). Default: stderr. */
  onError?: (error: Error) => void;
}

/** One deployment's Redis: the command connection, its prefix and its health. */
export interface RedisConnection {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly url: string;
  /**
   * Whether Redis answers now: `{ ok: true }`, or `{ ok: false, reason }` for `/readyz`. Never
   * throws, never waits longer than the command timeout.
   */
  check(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** A second connection (pub/sub needs its own). */
  duplicate(): Redis;
  close(): Promise<void>;
}

/**
 * Connects to `url` (`redis://host:port[/db]`) the way every part of this package needs: commands
 * fail fast while Redis is unreachable (no offline queue, one retry, a command timeout) instead of
 * hanging a request, and the client reconnects with back-off for as long as the process lives, so
 * the service recovers when Redis returns. Never falls back to per-process state (ADR 0011 §7).
 *
 * @example
 * ```ts
 * const connection = await connectRedis("redis://127.0.0.1:6379");
 * const store = new RedisSessionStore(connection);
 * ```
 */
export async function connectRedis(
  url: string,
  options: RedisConnectionOptions = {},
): Promise<RedisConnection> {
  const commandTimeout = options.commandTimeoutMs ?? 2_000;
  const keyPrefix = options.keyPrefix ?? "mcp:";
  const onError =
    options.onError ?? ((error: Error) => process.stderr.write(`${ERROR_PREFIX} ${error.message}\n`));
  const settings = {
    commandTimeout,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    retryStrategy: (times: number) => Math.min(100 * times, 2_000),
  };
  const redis = new Redis(url, settings);
  let lastReported = "";
  const report = (error: Error) => {
    if (error.message === lastReported) return;
    lastReported = error.message;
    onError(new Error(`${ERROR_PREFIX} Redis at ${redacted(url)}: ${error.message}`));
  };
  redis.on("error", report);
  redis.on("ready", () => {
    lastReported = "";
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `${ERROR_PREFIX} cannot reach Redis at ${redacted(url)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    redis,
    keyPrefix,
    url,
    async check() {
      if (redis.status !== "ready") return { ok: false, reason: `Redis ${redis.status}` };
      try {
        await redis.ping();
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: `Redis: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    duplicate() {
      const copy = redis.duplicate({ ...settings, lazyConnect: false, enableOfflineQueue: true });
      copy.on("error", report);
      return copy;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The URL without its password, for messages. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(invalid URL)";
  }
}
