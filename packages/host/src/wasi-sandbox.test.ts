import { describe, expect, it } from "vitest";
import { resolvePolicy } from "./policy.js";
import { createWasiSandbox } from "./wasi-sandbox.js";

type Handler = { handle(request: { authority(): string | undefined }, options: unknown): unknown };

describe("createWasiSandbox", () => {
  it("refuses every outgoing HTTP request without allowed hosts, and grants no sockets", () => {
    const imports = createWasiSandbox("c", resolvePolicy());
    const handler = imports["wasi:http/outgoing-handler"] as Handler;
    expect(() => handler.handle({ authority: () => "example.com" }, undefined)).toThrow(
      expect.objectContaining({ tag: "HTTP-request-denied" }),
    );
    expect(Object.keys(imports).some((name) => name.startsWith("wasi:sockets/"))).toBe(false);
  });

  it("refuses outgoing HTTP to hosts outside the allow list before any connection is made", () => {
    const imports = createWasiSandbox(
      "c",
      resolvePolicy({ allowedHosts: ["api.example.com", "127.0.0.1:8080"] }),
    );
    const handler = imports["wasi:http/outgoing-handler"] as Handler;
    for (const authority of ["evil.example.com", "127.0.0.1:9999", "api.example.com.evil.net", ""]) {
      expect(() => handler.handle({ authority: () => authority }, undefined)).toThrow(
        expect.objectContaining({ tag: "HTTP-request-denied" }),
      );
    }
  });

  it("passes allowed hosts on to the WASI implementation", () => {
    const imports = createWasiSandbox(
      "c",
      resolvePolicy({ allowedHosts: ["api.example.com", "127.0.0.1:8080"] }),
    );
    const handler = imports["wasi:http/outgoing-handler"] as Handler;
    for (const authority of ["api.example.com", "API.example.com:443", "127.0.0.1:8080"]) {
      // A fake request gets past the guard and then fails inside the shim, which wants a real one.
      let thrown: unknown;
      try {
        handler.handle({ authority: () => authority }, undefined);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).not.toEqual(expect.objectContaining({ tag: "HTTP-request-denied" }));
    }
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
