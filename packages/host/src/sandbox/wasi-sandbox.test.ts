import { beforeAll, describe, expect, it } from "vitest";
import { type ResolvedPolicy, resolvePolicy } from "../policy.js";
import { createWasiSandbox as createFromShim } from "./wasi-sandbox.js";
import { loadWasiShim, shimModulesFor, type WasiShim } from "./wasi-shim.js";

const EVERY_PACKAGE = [
  "wasi:cli/environment",
  "wasi:filesystem/types",
  "wasi:http/types",
  "wasi:random/random",
];
let shim: WasiShim;
beforeAll(async () => {
  shim = await loadWasiShim(EVERY_PACKAGE);
});
const createWasiSandbox = (name: string, policy: ResolvedPolicy) => createFromShim(name, policy, shim);

type FakeRequest = { authority(): string | undefined; scheme(): { tag: string } | undefined };
type Handler = { handle(request: FakeRequest, options: unknown): unknown };
type Future = { subscribe(): { block(): void }; get(): unknown };
const request = (authority: string, scheme = "HTTPS"): FakeRequest => ({
  authority: () => authority,
  scheme: () => ({ tag: scheme }),
});
/** What the guest reads from the response future of a request `handle` accepted. */
const outcome = (handler: Handler, authority: string): unknown => {
  const future = handler.handle(request(authority), undefined) as Future;
  future.subscribe().block();
  return future.get();
};
/** A refusal reaches the guest through the future (never as a synchronous error of `handle`). */
const DENIED = { tag: "ok", val: { tag: "err", val: { tag: "HTTP-request-denied" } } };

describe("createWasiSandbox", () => {
  it("refuses every outgoing HTTP request without allowed hosts, and grants no sockets", () => {
    const imports = createWasiSandbox("c", resolvePolicy());
    const handler = imports["wasi:http/outgoing-handler"] as Handler;
    expect(outcome(handler, "example.com")).toEqual(DENIED);
    expect(Object.keys(imports).some((name) => name.startsWith("wasi:sockets/"))).toBe(false);
  });

  it("refuses outgoing HTTP to hosts outside the allow list before any connection is made, and says so", () => {
    const refused: string[] = [];
    const imports = createFromShim(
      "c",
      resolvePolicy({ allowedHosts: ["api.example.com", "127.0.0.1:8080"] }),
      shim,
      undefined,
      (destination, reason) => refused.push(`${destination}: ${reason}`),
    );
    const handler = imports["wasi:http/outgoing-handler"] as Handler;
    for (const authority of [
      "evil.example.com",
      "127.0.0.1:9999",
      "api.example.com.evil.net",
      "",
      "api.example.com:8443",
    ]) {
      expect(outcome(handler, authority)).toEqual(DENIED);
    }
    expect(refused[0]).toBe(
      "https://evil.example.com: no entry of the component's policy.allowedHosts admits it",
    );
    expect(refused).toHaveLength(5);
  });

  it("passes allowed hosts on to the WASI implementation", () => {
    const refused: string[] = [];
    const imports = createFromShim(
      "c",
      resolvePolicy({ allowedHosts: ["api.example.com", "127.0.0.1:8080"] }),
      shim,
      undefined,
      (destination) => refused.push(destination),
    );
    const handler = imports["wasi:http/outgoing-handler"] as Handler;
    for (const authority of ["api.example.com", "API.example.com:443", "127.0.0.1:8080"]) {
      // A fake request gets past the guard and then fails on what only a real one has (headers).
      expect(() => handler.handle(request(authority), undefined)).toThrow(TypeError);
    }
    expect(refused).toEqual([]);
  });

  it("exposes only the granted environment and an empty argument list besides the name", () => {
    const imports = createWasiSandbox("c", resolvePolicy({ env: { A: "1" } }));
    const environment = imports["wasi:cli/environment"] as {
      getEnvironment(): [string, string][];
      getArguments(): string[];
    };
    expect(environment.getEnvironment()).toEqual([["A", "1"]]);
    expect(environment.getArguments()).toEqual(["c"]);
  });
});

describe("loadWasiShim", () => {
  it("loads only the shim modules a component's imports need", async () => {
    expect(shimModulesFor(["wasi:mcp/runtime@0.1.0", "wasi:mcp/types@0.1.0"])).toEqual([]);
    expect(shimModulesFor(["wasi:random/random@0.2.3"])).toEqual(["random"]);
    expect(shimModulesFor(["wasi:cli/stdout@0.2.3", "wasi:clocks/wall-clock@0.2.3"])).toEqual([
      "cli",
      "clocks",
      "io",
    ]);
    expect(shimModulesFor(["wasi:http/outgoing-handler@0.2.3"])).toEqual(["http", "ioWorker"]);
    expect(await loadWasiShim(["wasi:mcp/runtime@0.1.0"])).toEqual({});
  });

  it("leaves out the interfaces of modules not loaded, so that importing them is refused", async () => {
    const onlyRandom = createFromShim("c", resolvePolicy(), await loadWasiShim(["wasi:random/random"]));
    expect(Object.keys(onlyRandom).sort()).toEqual([
      "wasi:random/insecure",
      "wasi:random/insecure-seed",
      "wasi:random/random",
    ]);
    expect(Object.keys(createWasiSandbox("c", resolvePolicy()))).toEqual(
      expect.arrayContaining([
        "wasi:cli/stdout",
        "wasi:filesystem/preopens",
        "wasi:http/types",
        "wasi:io/poll",
      ]),
    );
  });

  it("keeps only the shim's verified direct lowerings (the wall clock's are wrong)", async () => {
    const { clocks, io } = await loadWasiShim(["wasi:clocks/wall-clock", "wasi:io/poll"]);
    const lowering = Symbol.for("cabiLower");
    expect(lowering in (clocks?.wallClock.now ?? {})).toBe(false);
    expect(lowering in (clocks?.wallClock.resolution ?? {})).toBe(false);
    expect(lowering in (clocks?.monotonicClock.now ?? {})).toBe(true);
    expect(lowering in (io?.poll.poll ?? {})).toBe(true);
    const streams = io?.streams as unknown as Record<string, { prototype: Record<string, object> }>;
    for (const method of ["read", "blockingRead", "skip", "blockingSkip", "subscribe"]) {
      expect(lowering in (streams.InputStream?.prototype[method] ?? {})).toBe(false);
    }
  });

  it("names a preopen that does not exist even when the component has no filesystem access", async () => {
    const policy = resolvePolicy({ preopens: [{ hostPath: "/no/such/dir", guestPath: "/data" }] });
    expect(() => createFromShim("c", policy, {})).toThrow(/preopen \/no\/such\/dir does not exist/);
  });
});
