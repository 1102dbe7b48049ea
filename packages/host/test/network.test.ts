import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, recordingRequest } from "./fixture.js";

function listen(): Promise<{ server: Server; authority: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? "");
    response.writeHead(204).end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, authority: `127.0.0.1:${port}`, hits });
    }),
  );
}

describe("network: outgoing HTTP only to allowed hosts", () => {
  let allowed: Awaited<ReturnType<typeof listen>>;
  let forbidden: Awaited<ReturnType<typeof listen>>;
  let granted: LoadedComponent;
  let bare: LoadedComponent;

  beforeAll(async () => {
    allowed = await listen();
    forbidden = await listen();
    granted = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: { allowedHosts: [allowed.authority] },
    });
    bare = await loadComponent(FIXTURE, { cacheDirectory: CACHE });
  });
  afterAll(async () => {
    await granted?.close();
    await bare?.close();
    allowed?.server.close();
    forbidden?.server.close();
  });

  const fetchWith = (component: LoadedComponent, authority: string) =>
    component.backend.callTool("fetch", { authority, path: "/probe" }, recordingRequest().request);

  it("reaches an allowed host", async () => {
    expect(firstText(await fetchWith(granted, allowed.authority))).toBe("status 204");
    expect(allowed.hits).toEqual(["/probe"]);
  });

  it("refuses a host outside the allow list without connecting to it", async () => {
    const result = await fetchWith(granted, forbidden.authority);
    expect(result.isError).toBe(true);
    expect(firstText(result)).toContain("HTTP-request-denied");
    expect(forbidden.hits).toEqual([]);
  });

  it("refuses every host when the policy grants none", async () => {
    const result = await fetchWith(bare, allowed.authority);
    expect(firstText(result)).toContain("HTTP-request-denied");
    expect(allowed.hits).toEqual(["/probe"]);
  });
});
