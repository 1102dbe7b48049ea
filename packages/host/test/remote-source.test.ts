// Components named by a URL: https only, pinned by sha256, within a time and a size limit —
// unless the load's `remote` options say otherwise. Real HTTP servers on loopback.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE } from "./fixture.js";

const bytes = readFileSync(FIXTURE);
const sha256 = createHash("sha256").update(bytes).digest("hex");

describe("loading a component from a URL", () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/silent.wasm") return; // never answers
      if (request.url === "/chunked.wasm") {
        response.writeHead(200); // no content-length: the cap applies while reading
        for (let i = 0; i < 8; i++) response.write(bytes.subarray(i * 1024, (i + 1) * 1024));
        response.end();
        return;
      }
      if (request.url === "/redirect.wasm") {
        response.writeHead(302, { location: "/fixture.wasm" });
        response.end();
        return;
      }
      response.end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const load = (path: string, options: Parameters<typeof loadComponent>[1] = {}) =>
    loadComponent(`${base}${path}`, { cacheDirectory: CACHE, ...options });

  it("refuses plain http by default, naming the option", async () => {
    await expect(load("/fixture.wasm", { sha256 })).rejects.toThrow(
      /fixture\.wasm: plain http is refused for components \(use https, or set remote\.allowHttp\)/,
    );
  });

  it("refuses a URL without a sha256 pin by default, naming the option", async () => {
    await expect(load("/fixture.wasm", { remote: { allowHttp: true } })).rejects.toThrow(
      /needs a sha256 pin \(or remote\.allowUnpinned\)/,
    );
    await expect(loadComponent("https://127.0.0.1:1/c.wasm", { cacheDirectory: CACHE })).rejects.toThrow(
      /needs a sha256 pin/,
    );
  });

  it("loads a pinned component (following a redirect) when http is allowed", async () => {
    const component = await load("/redirect.wasm", { sha256, remote: { allowHttp: true } });
    expect(component.sha256).toBe(sha256);
    await component.close();
  });

  it("gives up after remote.timeoutMs", async () => {
    const started = performance.now();
    await expect(
      load("/silent.wasm", { sha256, remote: { allowHttp: true, timeoutMs: 300 } }),
    ).rejects.toThrow(/no answer within 300 ms \(remote\.timeoutMs\)/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("refuses more than remote.maxBytes, declared or streamed", async () => {
    const remote = { allowHttp: true, maxBytes: 4096 };
    await expect(load("/fixture.wasm", { sha256, remote })).rejects.toThrow(
      /more than remote\.maxBytes \(4096\)/,
    );
    await expect(load("/chunked.wasm", { sha256, remote })).rejects.toThrow(
      /more than remote\.maxBytes \(4096\)/,
    );
  });
});
