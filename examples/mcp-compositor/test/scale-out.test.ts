// Scale-out against real things (ADR 0011): `mcp-compositor serve --workers 2` on its own, and three
// compositors sharing a real redis-server behind a real HAProxy (round robin, one request per
// connection to the nodes, health checks on /readyz). Clients are the SDK's own, on a fetch that
// opens a new connection per request, so each request of one session may reach another node.
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernHttpTransport,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  freePort,
  freshConnectionFetch,
  HAPROXY_PATHS,
  type HaproxyProcess,
  type RedisProcess,
  requireBinary,
  roundRobinConfig,
  type ServerProcess,
  startHaproxy,
  startRedis,
  startServerProcess,
} from "@wasi-mcp/test-kit/process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, modern } from "./modern-wires.js";
import { cli, everything, hello } from "./network-server.js";

async function echoThrough(client: Client, text: string): Promise<string> {
  const result = (await client.callTool({ name: "echo", arguments: { text } })) as CallToolResult;
  return (result.content[0] as { text: string }).text;
}

function sdkClient(url: URL, onResponse?: (headers: Headers) => void) {
  const client = new Client({ name: "scale-out", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(url, { fetch: freshConnectionFetch(onResponse) });
  return { client, transport };
}

/** A 2026 tools/call on a new connection; resolves with the echoed text and who served it. */
async function modernEcho(url: URL, text: string): Promise<{ text: string; servedBy: string | null }> {
  let servedBy: string | null = null;
  const response = await freshConnectionFetch((headers) => {
    servedBy = headers.get("x-served-by");
  })(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "tools/call",
      "mcp-name": "echo",
    },
    body: modern("1", "tools/call", { name: "echo", arguments: { text } }).toString(),
  });
  const body = (await response.json()) as { result?: CallToolResult };
  return {
    text: (body.result?.content[0] as { text: string } | undefined)?.text ?? JSON.stringify(body),
    servedBy,
  };
}

describe("mcp-compositor serve --workers 2 (no Redis)", () => {
  it("serves a 2025 session whichever worker a request reaches, and 2026 requests; SIGTERM exits 0", async () => {
    await using server = await startServerProcess({
      name: "mcp-compositor",
      args: [cli, "serve", hello, "--transport", "http", "--port", "0", "--workers", "2"],
    });
    expect(server.stderr()).toMatch(/on 2 workers at/);
    const { client, transport } = sdkClient(server.url as URL);
    await client.connect(transport);
    for (let i = 0; i < 8; i++) expect(await echoThrough(client, `call ${i}`)).toBe(`call ${i}`);
    await client.close();
    for (let i = 0; i < 4; i++)
      expect((await modernEcho(server.url as URL, `modern ${i}`)).text).toBe(`modern ${i}`);
    expect(await server.stop(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

const redisServer = requireBinary("redis-server", ["/usr/bin/redis-server"]);
const haproxy = requireBinary("haproxy", HAPROXY_PATHS);

describe.skipIf(!redisServer || !haproxy)("three compositors, Redis and HAProxy", () => {
  let redis: RedisProcess;
  let lb: HaproxyProcess;
  let dir: string;
  const nodes: (ServerProcess | undefined)[] = [];
  const ports: number[] = [];

  const startNode = async (i: number) => {
    // Node 1 serves its own copy of the component with --watch: rewriting it is a list change made
    // on that node only.
    const component = join(dir, `hello-${i}.wasm`);
    nodes[i] = await startServerProcess({
      name: `node ${i + 1}`,
      args: [
        cli,
        "serve",
        component,
        "--transport",
        "http",
        "--port",
        String(ports[i]),
        "--redis",
        redis.url,
        ...(i === 0 ? ["--watch"] : []),
      ],
    });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scale-out-"));
    redis = await startRedis();
    for (let i = 0; i < 3; i++) {
      ports.push(await freePort());
      await copyFile(hello, join(dir, `hello-${i}.wasm`));
    }
    await Promise.all([0, 1, 2].map(startNode));
    const front = await freePort();
    lb = await startHaproxy(
      front,
      roundRobinConfig(
        front,
        ports.map((port) => `127.0.0.1:${port}`),
      ),
    );
    // Every node up in HAProxy's view (rise 2 × 200 ms).
    await new Promise((resolve) => setTimeout(resolve, 800));
  }, 180_000);

  afterAll(async () => {
    await lb?.[Symbol.asyncDispose]();
    await Promise.all(nodes.map((node) => node?.stop(5_000)));
    await redis?.[Symbol.asyncDispose]();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const endpoint = () => new URL("/mcp", lb.url);

  it("continues an SDK v1 client's 2025 session across all three nodes", async () => {
    const servedBy = new Set<string>();
    const { client, transport } = sdkClient(endpoint(), (headers) => {
      const name = headers.get("x-served-by");
      if (name) servedBy.add(name);
    });
    await client.connect(transport);
    // Round robin reaches every node within a few calls (more if a health check flapped under load).
    for (let i = 0; i < 30 && servedBy.size < 3; i++) {
      expect(await echoThrough(client, `roam ${i}`)).toBe(`roam ${i}`);
    }
    expect(servedBy).toEqual(new Set(["n1", "n2", "n3"]));
    await client.close();
  });

  it("spreads 2026 requests over all nodes", async () => {
    const servedBy = new Set<string | null>();
    for (let i = 0; i < 30 && servedBy.size < 3; i++) {
      const { text, servedBy: by } = await modernEcho(endpoint(), `m${i}`);
      expect(text).toBe(`m${i}`);
      servedBy.add(by);
    }
    expect(servedBy).toEqual(new Set(["n1", "n2", "n3"]));
  });

  it("carries a list change made on node 1 to a subscriptions/listen stream held on node 3", async () => {
    const stream = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(
        new URL(`http://127.0.0.1:${ports[2]}/mcp`),
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            "mcp-protocol-version": "2026-07-28",
            "mcp-method": "subscriptions/listen",
          },
        },
        resolve,
      );
      req.on("error", reject);
      req.end(
        JSON.stringify({
          jsonrpc: "2.0",
          id: "listen",
          method: "subscriptions/listen",
          params: { notifications: { toolsListChanged: true }, _meta: envelope() },
        }),
      );
    });
    stream.setEncoding("utf8");
    let received = "";
    stream.on("data", (chunk: string) => {
      received += chunk;
    });
    await expect
      .poll(() => received, { timeout: 10_000 })
      .toContain("notifications/subscriptions/acknowledged");
    await copyFile(hello, join(dir, "hello-0.wasm"));
    await expect.poll(() => received, { timeout: 60_000 }).toContain("notifications/tools/list_changed");
    stream.destroy();
  });

  it("continues an SDK v1 session through the other nodes when one is killed with SIGKILL", async () => {
    const servedBy: string[] = [];
    const { client, transport } = sdkClient(endpoint(), (headers) => {
      const name = headers.get("x-served-by");
      if (name) servedBy.push(name);
    });
    const errors: Error[] = [];
    client.onerror = (error) => errors.push(error);
    await client.connect(transport);
    for (let i = 0; i < 3; i++) expect(await echoThrough(client, `before ${i}`)).toBe(`before ${i}`);
    const victim = nodes[1];
    victim?.child.kill("SIGKILL");
    await victim?.exited;
    // Every call after the kill is answered, by the two nodes left (HAProxy retries a refused
    // connection elsewhere and takes the node out of rotation at its next health check); the
    // session's GET stream, if it was on the killed node, resumes with Last-Event-ID elsewhere.
    const after = servedBy.length;
    for (let i = 0; i < 9; i++) expect(await echoThrough(client, `after ${i}`)).toBe(`after ${i}`);
    expect(new Set(servedBy.slice(after))).toEqual(new Set(["n1", "n3"]));
    await client.close();
    await startNode(1);
    await new Promise((resolve) => setTimeout(resolve, 800));
  });

  it("loses nothing through a rolling SIGTERM restart of all three nodes under load", async () => {
    const { client, transport } = sdkClient(endpoint());
    await client.connect(transport);
    let calls = 0;
    let stop = false;
    const failures: string[] = [];
    const load = (async () => {
      while (!stop) {
        const text = `load ${calls}`;
        try {
          const echoed = await echoThrough(client, text);
          if (echoed !== text) failures.push(`${text} → ${echoed}`);
        } catch (error) {
          failures.push(`${text}: ${(error as Error).message}`);
        }
        calls++;
      }
    })();
    for (let i = 0; i < 3; i++) {
      expect(await nodes[i]?.stop(Number.POSITIVE_INFINITY)).toBe(0);
      await startNode(i);
      // Back in rotation (rise 2 × 200 ms) before the next one goes.
      await new Promise((resolve) => setTimeout(resolve, 800));
    }
    stop = true;
    await load;
    await client.close();
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(10);
  }, 240_000);
});

describe.skipIf(!redisServer)("an MRTR round whose retry reaches another node", () => {
  it("completes: the nodes share the requestState key through Redis", async () => {
    await using redis = await startRedis();
    const start = (name: string) =>
      startServerProcess({
        name,
        args: [cli, "serve", everything, "--transport", "http", "--port", "0", "--redis", redis.url],
      });
    await using a = await start("node a");
    await using b = await start("node b");
    const urls = [a.url as URL, b.url as URL];
    let turn = 0;
    const reached: string[] = [];
    // Every request to the next node: the first round and its retry land on different nodes.
    const roundRobin: typeof fetch = (input, init) => {
      const target = urls[turn++ % urls.length] as URL;
      reached.push(target.port);
      const url = new URL(input instanceof Request ? input.url : String(input));
      url.host = target.host;
      return fetch(url, init);
    };
    const client = new ModernClient(
      { name: "mrtr-across", version: "0" },
      { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: "2026-07-28" } } },
    );
    const asked: string[] = [];
    client.setRequestHandler("elicitation/create", async (request) => {
      asked.push(request.params.message);
      return { action: "accept", content: { username: "ada" } };
    });
    await client.connect(new ModernHttpTransport(urls[0] as URL, { fetch: roundRobin }));
    for (const who of ["Who?", "And now?"]) {
      const result = (await client.callTool({
        name: "test_elicitation",
        arguments: { message: who },
      })) as CallToolResult;
      expect((result.content[0] as { text: string }).text).toBe(
        'User response: action=accept, content={"username":"ada"}',
      );
    }
    expect(asked).toEqual(["Who?", "And now?"]);
    expect(new Set(reached).size).toBe(2);
    await client.close();
  });
});

describe.skipIf(!redisServer)("a compositor whose Redis goes away", () => {
  it("reports unready with the reason and answers 503, without crashing, then recovers", async () => {
    await using redis = await startRedis();
    await using node = await startServerProcess({
      name: "node",
      args: [cli, "serve", hello, "--transport", "http", "--port", "0", "--redis", redis.url],
    });
    const url = node.url as URL;
    const readyz = async () => {
      const response = await fetch(new URL("/readyz", url));
      return `${response.status} ${(await response.text()).trim()}`;
    };
    expect(await readyz()).toBe("200 ready");
    await redis.stop(true);
    await expect.poll(readyz, { timeout: 10_000 }).toMatch(/^503 not ready: Redis/);
    const { client, transport } = sdkClient(url);
    await expect(client.connect(transport)).rejects.toThrow(/503|shared session store unreachable/);
    expect(node.child.exitCode).toBeNull();
    await redis.start();
    await expect.poll(readyz, { timeout: 20_000 }).toBe("200 ready");
    const again = sdkClient(url);
    await again.client.connect(again.transport);
    expect(await echoThrough(again.client, "back")).toBe("back");
    await again.client.close();
  });
});
