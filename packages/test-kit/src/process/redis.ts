import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBinary } from "./external-binaries.js";
import { type ServerProcess, startServerProcess } from "./server-process.js";

/** A redis-server started for a test; `await using` stops it and removes its directory. */
export interface RedisProcess extends AsyncDisposable {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The running server (undefined while stopped). */
  readonly process: ServerProcess | undefined;
  /** Stops it (SIGKILL with `hard`), keeping the port for {@link RedisProcess.start}. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  start(): Promise<void>;
}

/**
 * Starts a real `redis-server` on a free loopback port, in a temporary directory, persisting
 * nothing; its log goes to the harness's stderr buffer. Throws when redis-server is not installed
 * (check with `requireBinary("redis-server")` first).
 *
 * @example
 * ```ts
 * await using redis = await startRedis();
 * const connection = await connectRedis(redis.url);
 * ```
 */
export async function startRedis(): Promise<RedisProcess> {
  const binary = findBinary("redis-server", ["/usr/bin/redis-server", "/usr/sbin/redis-server"]);
  if (!binary) throw new Error("[@wasi-mcp/test-kit] redis-server is not installed");
  const dir = await mkdtemp(join(tmpdir(), "wasi-mcp-redis-"));
  const port = await freePort();
  let current: ServerProcess | undefined;
  const start = async () => {
    current = await startServerProcess({
      command: binary,
      args: ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
      // It logs to stdout; readiness is its answer to PING.
      ready: null,
      name: "redis-server",
    });
    await untilPong(port, current);
  };
  const stop = async (hard = false) => {
    const running = current;
    current = undefined;
    if (!running) return;
    if (hard) running.child.kill("SIGKILL");
    await running.stop(hard ? 0 : 5_000);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get process() {
      return current;
    },
    stop,
    start,
    async [Symbol.asyncDispose]() {
      await stop(true);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Waits until the server on `port` answers PING (10 s at most), or fails with its output. */
async function untilPong(port: number, server: ServerProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) break;
    const pong = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.setTimeout(500, () => socket.destroy());
      socket.once("error", () => resolve(false));
      socket.once("close", () => resolve(false));
      socket.once("connect", () => socket.write("PING\r\n"));
      socket.once("data", (data) => {
        resolve(data.toString().startsWith("+PONG"));
        socket.destroy();
      });
    });
    if (pong) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await server.stop(0);
  throw new Error(`[@wasi-mcp/test-kit] redis-server did not start on port ${port}: ${server.stderr()}`);
}
