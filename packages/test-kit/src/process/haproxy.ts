import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findBinary } from "./external-binaries.js";
import { type ServerProcess, startServerProcess } from "./server-process.js";

/** An HAProxy started for a test; `await using` stops it and removes its directory. */
export interface HaproxyProcess extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`, the frontend. */
  readonly url: URL;
  readonly process: ServerProcess;
}

/** Where HAProxy is (Debian puts it in /usr/sbin, often not on a user's PATH). */
export const HAPROXY_PATHS = ["/usr/sbin/haproxy", "/usr/bin/haproxy"] as const;

/**
 * Starts a real `haproxy` in the foreground with `config` (its `bind` must be `127.0.0.1:port`),
 * waiting until the frontend accepts connections. Throws when haproxy is not installed (check with
 * `requireBinary("haproxy", HAPROXY_PATHS)` first) or the configuration is refused.
 *
 * @example
 * ```ts
 * const port = await freePort();
 * await using lb = await startHaproxy(port, roundRobinConfig(port, backends));
 * ```
 */
export async function startHaproxy(port: number, config: string): Promise<HaproxyProcess> {
  const binary = findBinary("haproxy", HAPROXY_PATHS);
  if (!binary) throw new Error("[@wasi-mcp/test-kit] haproxy is not installed");
  const dir = await mkdtemp(join(tmpdir(), "wasi-mcp-haproxy-"));
  const file = join(dir, "haproxy.cfg");
  await writeFile(file, config);
  const server = await startServerProcess({
    command: binary,
    args: ["-db", "-f", file],
    ready: null,
    name: "haproxy",
  });
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (server.child.exitCode !== null || Date.now() > deadline) {
      await server.stop(0);
      await rm(dir, { recursive: true, force: true });
      throw new Error(`[@wasi-mcp/test-kit] haproxy did not start on port ${port}: ${server.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    process: server,
    async [Symbol.asyncDispose]() {
      await server.stop(2_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An HAProxy configuration balancing `backends` (`host:port`) round robin, one request per
 * connection to the servers (so consecutive requests reach different nodes), health-checked on
 * `/readyz` every 200 ms (out after 3 failures, back after 2 successes), retrying a refused connection on another server, and naming the server
 * that answered in `x-served-by`.
 */
export function roundRobinConfig(port: number, backends: readonly string[]): string {
  return [
    "global",
    "  maxconn 4096",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 120s",
    "  timeout server 120s",
    "  timeout http-keep-alive 10s",
    "  retries 3",
    "  option redispatch",
    // A node that closed a connection it had just accepted (draining) gets the request again elsewhere.
    "  retry-on conn-failure empty-response response-timeout",
    "  option http-server-close",
    "frontend mcp",
    `  bind 127.0.0.1:${port}`,
    "  default_backend nodes",
    "backend nodes",
    "  balance roundrobin",
    "  option httpchk GET /readyz",
    "  http-check expect status 200",
    // Three failed checks in a row take a node out: one slow answer on a loaded machine does not.
    "  default-server inter 200ms fall 3 rise 2",
    "  http-response set-header x-served-by %[srv_name]",
    ...backends.map((backend, i) => `  server n${i + 1} ${backend} check`),
    "",
  ].join("\n");
}

async function accepts(port: number): Promise<boolean> {
  return await new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
