// policy.outgoingHttp limits, redirects and names that resolve to loopback, with the component
// built the README's way and local servers on 127.0.0.1 only: each failure is a tool error naming
// the policy field, never a trap or a hung call, and the instance keeps serving.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ComponentPolicy } from "@wasi-mcp/host";
import { type Connected, connectComponent } from "@wasi-mcp/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "http-fetch.wasm");

interface Local {
  server: Server;
  port: number;
  hits: string[];
}

async function listen(route: (request: IncomingMessage, response: ServerResponse) => void): Promise<Local> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    route(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

function close(local: Local | undefined): void {
  local?.server.closeAllConnections();
  local?.server.close();
}

const text = (result: Awaited<ReturnType<Connected["client"]["callTool"]>>) =>
  (result.content as { type: string; text?: string }[]).map((item) => item.text ?? "").join("\n");

describe("outgoing HTTP limits, redirects and loopback names", () => {
  let api: Local | undefined;
  let other: Local | undefined;
  const connected: Connected[] = [];

  /** The most bytes of one request body that reached `/count`. */
  let largestCounted = 0;

  const connect = async (policy: ComponentPolicy) => {
    const c = await connectComponent(wasm, { policy });
    connected.push(c);
    return Object.assign(
      (args: Record<string, unknown>) => c.client.callTool({ name: "http_request", arguments: args }),
      { restarts: () => c.component.restarts() },
    );
  };

  beforeAll(async () => {
    other = await listen((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end('{"where":"other"}');
    });
    api = await listen((request, response) => {
      const url = request.url ?? "/";
      if (url === "/hang") return; // never answers
      if (url === "/drip") {
        response.writeHead(200, { "content-type": "text/plain" });
        const timer = setInterval(() => response.write("x"), 50);
        response.on("close", () => clearInterval(timer));
        return;
      }
      if (url === "/declared") {
        response
          .writeHead(200, { "content-type": "text/plain", "content-length": "5000" })
          .end("y".repeat(5000));
        return;
      }
      if (url === "/streamed") {
        response.writeHead(200, { "content-type": "text/plain" });
        for (let i = 0; i < 10; i++) response.write("z".repeat(1000));
        response.end();
        return;
      }
      if (url === "/count") {
        let received = 0;
        request.on("data", (chunk: Buffer) => {
          received += chunk.length;
          largestCounted = Math.max(largestCounted, received);
        });
        request.on("error", () => {}); // a body cut off by the host's limit
        request.on("end", () => {
          response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ received }));
        });
        return;
      }
      if (url.startsWith("/redirect-to/")) {
        response.writeHead(302, { location: decodeURIComponent(url.slice("/redirect-to/".length)) }).end();
        return;
      }
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "application/json" }).end('{"where":"api"}');
      });
    });
  });
  afterAll(async () => {
    for (const c of connected) await c.close().catch(() => {});
    close(api);
    close(other);
  });

  it("stops a request that gets no answer within outgoingHttp.timeoutMs, and one that drips past it", async () => {
    const request = await connect({
      allowedHosts: [`http://127.0.0.1:${api?.port}`],
      outgoingHttp: { timeoutMs: 400 },
    });
    const started = Date.now();
    const hung = await request({ url: `http://127.0.0.1:${api?.port}/hang` });
    expect(hung.isError).toBe(true);
    expect(text(hung)).toContain("policy.outgoingHttp.timeoutMs (400 ms)");
    const dripped = await request({ url: `http://127.0.0.1:${api?.port}/drip` });
    expect(dripped.isError).toBe(true);
    expect(text(dripped)).toContain("policy.outgoingHttp.timeoutMs");
    expect(Date.now() - started).toBeLessThan(10_000);
    const fine = await request({ url: `http://127.0.0.1:${api?.port}/json` });
    expect(fine.structuredContent).toMatchObject({ status: 200, json: { where: "api" } });
  });

  it("stops responses larger than outgoingHttp.maxResponseBytes, declared or streamed", async () => {
    const request = await connect({
      allowedHosts: [`http://127.0.0.1:${api?.port}`],
      outgoingHttp: { maxResponseBytes: 4096 },
    });
    const declared = await request({ url: `http://127.0.0.1:${api?.port}/declared` });
    expect(declared.isError).toBe(true);
    expect(text(declared)).toContain("more than policy.outgoingHttp.maxResponseBytes (4096)");
    const streamed = await request({ url: `http://127.0.0.1:${api?.port}/streamed` });
    expect(streamed.isError).toBe(true);
    expect(text(streamed)).toContain("policy.outgoingHttp.maxResponseBytes (4096 bytes)");
  });

  // A body past maxRequestBytes once trapped the guest: StarlingMonkey's fetch traps when a write
  // to the body stream fails, and keeps streaming a body after a failed send. Now the host drops
  // the rest of the body and fails the response future instead, which the guest reads last.
  it("stops a request body past outgoingHttp.maxRequestBytes, streamed or declared, and keeps serving", async () => {
    const request = await connect({
      allowedHosts: [`http://127.0.0.1:${api?.port}`],
      outgoingHttp: { maxRequestBytes: 4096 },
    });
    const url = `http://127.0.0.1:${api?.port}/count`;
    const streamed = await request({ url, method: "POST", body: "s".repeat(100_000), stream: true });
    expect(streamed.isError).toBe(true);
    expect(text(streamed)).toContain(`outgoing HTTP to http://127.0.0.1:${api?.port} stopped`);
    expect(text(streamed)).toContain("policy.outgoingHttp.maxRequestBytes (4096 bytes)");
    const under = await request({ url, method: "POST", body: "u".repeat(4096), stream: true });
    expect(under.isError).toBeFalsy();
    expect(under.structuredContent).toMatchObject({ status: 200, json: { received: 4096 } });
    const declared = await request({ url, method: "POST", body: "d".repeat(5000) });
    expect(declared.isError).toBe(true);
    expect(text(declared)).toContain(
      `outgoing HTTP to http://127.0.0.1:${api?.port} refused: the request declares 5000 bytes, more than policy.outgoingHttp.maxRequestBytes (4096)`,
    );
    const next = await request({ url, method: "POST", body: "n".repeat(100) });
    expect(next.structuredContent).toMatchObject({ status: 200, json: { received: 100 } });
    expect(request.restarts()).toBe(0);
    expect(largestCounted).toBeLessThanOrEqual(4096);
  });

  // StarlingMonkey's fetch (ComponentizeJS 0.23) does not follow redirects: the guest gets the 3xx
  // and following it is a new request of the guest's, checked like any other.
  it("checks every redirect hop: allowed → unlisted is refused naming it, allowed → allowed works", async () => {
    const request = await connect({ allowedHosts: [`http://127.0.0.1:${api?.port}`] });
    const unlisted = `http://127.0.0.1:${other?.port}/json`;
    const first = await request({
      url: `http://127.0.0.1:${api?.port}/redirect-to/${encodeURIComponent(unlisted)}`,
    });
    expect(first.structuredContent).toMatchObject({ status: 302 });
    const refused = await request({ url: unlisted });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain(`outgoing HTTP to http://127.0.0.1:${other?.port} refused`);
    expect(text(refused)).toContain("policy.allowedHosts");
    expect(other?.hits).toEqual([]);
    const within = `http://127.0.0.1:${api?.port}/json`;
    const hop = await request({
      url: `http://127.0.0.1:${api?.port}/redirect-to/${encodeURIComponent(within)}`,
    });
    expect(hop.structuredContent).toMatchObject({ status: 302 });
    const followed = await request({ url: within });
    expect(followed.structuredContent).toMatchObject({ status: 200, json: { where: "api" } });
  });

  it("refuses localhost (which is 127.0.0.1) unless localhost or 127.0.0.1 is listed", async () => {
    const url = `http://localhost:${api?.port}/json`;
    const unlisted = await (await connect({ allowedHosts: [`http://127.0.0.1:${other?.port}`] }))({ url });
    expect(unlisted.isError).toBe(true);
    expect(text(unlisted)).toContain(`outgoing HTTP to http://localhost:${api?.port} refused`);
    const byName = await (await connect({ allowedHosts: [`http://localhost:${api?.port}`] }))({ url });
    expect(byName.structuredContent).toMatchObject({ status: 200, json: { where: "api" } });
    const byAddress = await (await connect({ allowedHosts: [`http://127.0.0.1:${api?.port}`] }))({ url });
    expect(byAddress.structuredContent).toMatchObject({ status: 200, json: { where: "api" } });
  });
});
