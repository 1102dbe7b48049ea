// Requests one instance has in flight at once are bounded (policy.outgoingHttp.maxConcurrentRequests):
// host-fixture's `fetch_many` starts them all before waiting for any, against a server that holds
// every response until it is told to answer.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, recordingRequest } from "./fixture.js";

const waiting: ServerResponse[] = [];
let arrived = 0;
const server = createServer((_request, response) => {
  arrived++;
  waiting.push(response);
  // Held until a quarter second after the last one arrived: every request the host let through is in flight.
  setTimeout(() => {
    for (const held of waiting.splice(0)) held.writeHead(204).end();
  }, 250);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const authority = `127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => server.close());

describe("concurrent outgoing requests per instance", () => {
  it("lets 4 of 10 requests out at once under maxConcurrentRequests 4; the others fail with connection-limit-reached", async () => {
    const component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: { allowedHosts: [authority], outgoingHttp: { maxConcurrentRequests: 4 } },
    });
    try {
      const first = JSON.parse(
        firstText(
          await component.backend.callTool(
            "fetch_many",
            { authority, count: 10 },
            recordingRequest().request,
          ),
        ),
      ) as string[];
      expect(first.filter((outcome) => outcome === "status 204")).toHaveLength(4);
      expect(first.filter((outcome) => outcome.includes("connection-limit-reached"))).toHaveLength(6);
      expect(arrived).toBe(4);
      // Finished requests give their places back.
      const second = JSON.parse(
        firstText(
          await component.backend.callTool("fetch_many", { authority, count: 4 }, recordingRequest().request),
        ),
      ) as string[];
      expect(second).toEqual(Array(4).fill("status 204"));
    } finally {
      await component.close();
    }
  }, 60_000);
});
