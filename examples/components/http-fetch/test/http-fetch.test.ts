// The fetch matrix of issue 15, with the component built as the guest kit's README says (no flag)
// and local HTTP servers: what allowedHosts admits works (GET, POST with headers and a body, status
// codes, a 1 MiB body); what it does not is a tool error naming the destination and the field.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Connected, connectComponent } from "@wasi-mcp/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "http-fetch.wasm");
const MIB = 1024 * 1024;

async function listen(): Promise<{ server: Server; authority: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/big") {
        response.writeHead(200, { "content-type": "text/plain" });
        for (let i = 0; i < 16; i++) response.write("x".repeat(MIB / 16));
        response.end();
        return;
      }
      if (request.url === "/teapot") {
        response.writeHead(418, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: "I'm a teapot" }));
        return;
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          method: request.method,
          token: request.headers["x-token"] ?? null,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, authority: `127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

describe("fetch from a component built the README's way", () => {
  let allowed: Awaited<ReturnType<typeof listen>>;
  let forbidden: Awaited<ReturnType<typeof listen>>;
  let c: Connected;

  beforeAll(async () => {
    allowed = await listen();
    forbidden = await listen();
    c = await connectComponent(wasm, { policy: { allowedHosts: [`http://${allowed.authority}`] } });
  });
  afterAll(async () => {
    await c?.close();
    allowed?.server.close();
    forbidden?.server.close();
  });

  const request = (args: Record<string, unknown>) =>
    c.client.callTool({ name: "http_request", arguments: args });

  it("GETs JSON from an allowed host", async () => {
    const result = await request({ url: `http://${allowed.authority}/json` });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status: 200, json: { method: "GET", body: "" } });
  });

  it("POSTs a body with headers, and reads a non-2xx status", async () => {
    const posted = await request({
      url: `http://${allowed.authority}/echo`,
      method: "POST",
      headers: { "x-token": "t0k3n", "content-type": "text/plain" },
      body: "hello from the guest",
    });
    expect(posted.structuredContent).toMatchObject({
      status: 200,
      json: { method: "POST", token: "t0k3n", body: "hello from the guest" },
    });
    const teapot = await request({ url: `http://${allowed.authority}/teapot` });
    expect(teapot.structuredContent).toMatchObject({ status: 418, json: { error: "I'm a teapot" } });
  });

  it("reads a 1 MiB streamed body", async () => {
    const result = await request({ url: `http://${allowed.authority}/big` });
    expect(result.structuredContent).toMatchObject({ status: 200, length: MIB, head: "x".repeat(64) });
  });

  it("refuses a host the policy does not list, naming it and allowedHosts, before connecting", async () => {
    const result = await request({ url: `http://${forbidden.authority}/json` });
    expect(result.isError).toBe(true);
    const text = (result.content as { type: string; text: string }[]).map((item) => item.text).join("\n");
    expect(text).toContain(`outgoing HTTP to http://${forbidden.authority} refused`);
    expect(text).toContain("policy.allowedHosts");
    expect(forbidden.hits).toEqual([]);
    // The same port over https is another destination, not listed either.
    const https = await request({ url: `https://${allowed.authority}/json` });
    expect(https.isError).toBe(true);
  });

  it("still serves after refusals (no trap, same instance)", async () => {
    const result = await request({ url: `http://${allowed.authority}/json` });
    expect(result.structuredContent).toMatchObject({ status: 200 });
  });
});
