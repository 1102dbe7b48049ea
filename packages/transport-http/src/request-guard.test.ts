import { describe, expect, it } from "vitest";
import { corsHeaders, preflightHeaders } from "./cors.js";
import { defaultHosts } from "./http-server.js";
import {
  accepts,
  bearerToken,
  checkOrigin,
  checkProtocolVersion,
  hostName,
  isJsonContentType,
  LOOPBACK_HOSTS,
} from "./request-guard.js";

const loopback = { allowedHosts: LOOPBACK_HOSTS, allowedOrigins: [] as string[] };

describe("hostName", () => {
  it.each([
    ["localhost:3000", "localhost"],
    ["LOCALHOST", "localhost"],
    ["[::1]:8080", "[::1]"],
    ["127.0.0.1", "127.0.0.1"],
    ["", undefined],
    [undefined, undefined],
    ["[::1", undefined],
  ])("%s -> %s", (input, expected) => {
    expect(hostName(input)).toBe(expected);
  });
});

describe("checkOrigin (DNS-rebinding protection)", () => {
  it("accepts loopback hosts with any port, and requests without Origin", () => {
    expect(checkOrigin({ host: "127.0.0.1:3000" }, loopback)).toBeUndefined();
    expect(checkOrigin({ host: "localhost" }, loopback)).toBeUndefined();
    expect(checkOrigin({ host: "[::1]:1" }, loopback)).toBeUndefined();
  });

  it("refuses a rebound name, a missing Host, a foreign or opaque Origin", () => {
    expect(checkOrigin({ host: "evil.example.com" }, loopback)).toMatch(/Host evil.example.com/);
    expect(checkOrigin({}, loopback)).toMatch(/Host \(missing\)/);
    expect(checkOrigin({ host: "localhost", origin: "http://evil.example.com" }, loopback)).toMatch(/Origin/);
    expect(checkOrigin({ host: "localhost", origin: "null" }, loopback)).toMatch(/Origin null/);
    expect(checkOrigin({ host: "localhost", origin: "file://x" }, loopback)).toMatch(/Origin/);
  });

  it("accepts a listed origin, an origin on an allowed host, and everything with 'any'", () => {
    const policy = { allowedHosts: LOOPBACK_HOSTS, allowedOrigins: ["https://app.example"] };
    expect(checkOrigin({ host: "localhost", origin: "https://app.example" }, policy)).toBeUndefined();
    expect(checkOrigin({ host: "localhost", origin: "http://127.0.0.1:5173" }, policy)).toBeUndefined();
    const open = { allowedHosts: "any" as const, allowedOrigins: "any" as const };
    expect(
      checkOrigin({ host: "evil.example.com", origin: "http://evil.example.com" }, open),
    ).toBeUndefined();
  });

  it("defaultHosts adds a specific bound host, never a wildcard", () => {
    expect(defaultHosts("127.0.0.1")).toEqual([...LOOPBACK_HOSTS]);
    expect(defaultHosts("0.0.0.0")).toEqual([...LOOPBACK_HOSTS]);
    expect(defaultHosts("::")).toEqual([...LOOPBACK_HOSTS]);
    expect(defaultHosts("192.168.1.5")).toEqual([...LOOPBACK_HOSTS, "192.168.1.5"]);
    expect(defaultHosts("fe80::1")).toEqual([...LOOPBACK_HOSTS, "[fe80::1]"]);
  });
});

describe("header helpers", () => {
  it("accepts handles lists, parameters and wildcards", () => {
    expect(accepts("application/json, text/event-stream", "text/event-stream")).toBe(true);
    expect(accepts("text/event-stream;q=0.9", "text/event-stream")).toBe(true);
    expect(accepts("*/*", "application/json")).toBe(true);
    expect(accepts("application/*", "application/json")).toBe(true);
    expect(accepts("application/json", "text/event-stream")).toBe(false);
    expect(accepts(undefined, "application/json")).toBe(false);
  });

  it("isJsonContentType matches the media type, not a substring", () => {
    expect(isJsonContentType("application/json; charset=utf-8")).toBe(true);
    expect(isJsonContentType("application/jsonx")).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });

  it("checkProtocolVersion accepts known or missing versions", () => {
    expect(checkProtocolVersion({ "mcp-protocol-version": "2025-11-25" })).toBeUndefined();
    expect(checkProtocolVersion({ "mcp-protocol-version": "2025-03-26" })).toBeUndefined();
    expect(checkProtocolVersion({})).toBeUndefined();
    expect(checkProtocolVersion({ "mcp-protocol-version": "2099-01-01" })).toMatch(/Unsupported/);
  });

  it("bearerToken reads the Bearer scheme only", () => {
    expect(bearerToken({ authorization: "Bearer abc.def" })).toBe("abc.def");
    expect(bearerToken({ authorization: "bearer   t" })).toBe("t");
    expect(bearerToken({ authorization: "Basic dXNlcg==" })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });

  it("corsHeaders answers listed origins only; '*' answers any", () => {
    const cors = { origins: ["https://a.example"] };
    expect(corsHeaders({ origin: "https://a.example" }, cors)["access-control-allow-origin"]).toBe(
      "https://a.example",
    );
    expect(corsHeaders({ origin: "https://b.example" }, cors)).toEqual({});
    expect(corsHeaders({}, cors)).toEqual({});
    expect(
      corsHeaders({ origin: "https://b.example" }, { origins: "*" })["access-control-allow-origin"],
    ).toBe("*");
    expect(preflightHeaders({ origins: "*", maxAgeSeconds: 5 })["access-control-max-age"]).toBe("5");
  });
});
