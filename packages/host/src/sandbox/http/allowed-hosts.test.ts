import { describe, expect, it } from "vitest";
import { isHostAllowed, parseHostRule } from "./allowed-hosts.js";

const allows = (entries: string[], scheme: string, authority: string) =>
  isHostAllowed(entries.map(parseHostRule), scheme, authority);

describe("allowedHosts", () => {
  it("admits a name on its scheme's default port only, unless a port or * is given", () => {
    expect(allows(["api.example.com"], "https", "api.example.com")).toBe(true);
    expect(allows(["api.example.com"], "https", "API.Example.com.:443")).toBe(true);
    expect(allows(["api.example.com"], "http", "api.example.com")).toBe(true);
    expect(allows(["api.example.com"], "https", "api.example.com:8443")).toBe(false);
    expect(allows(["api.example.com:8443"], "https", "api.example.com:8443")).toBe(true);
    expect(allows(["api.example.com:*"], "http", "api.example.com:1234")).toBe(true);
  });

  it("restricts the scheme when the entry names one", () => {
    expect(allows(["https://api.example.com"], "http", "api.example.com:443")).toBe(false);
    expect(allows(["https://api.example.com"], "https", "api.example.com")).toBe(true);
    expect(allows(["http://127.0.0.1:8080"], "http", "127.0.0.1:8080")).toBe(true);
    expect(allows(["api.example.com:*"], "ftp", "api.example.com")).toBe(false);
  });

  it("matches *.name below the name only, never the name itself nor a look-alike nor an IP", () => {
    const rules = ["*.example.com"];
    expect(allows(rules, "https", "a.example.com")).toBe(true);
    expect(allows(rules, "https", "a.b.example.com")).toBe(true);
    expect(allows(rules, "https", "example.com")).toBe(false);
    expect(allows(rules, "https", "evilexample.com")).toBe(false);
    expect(allows(rules, "https", "example.com.evil.net")).toBe(false);
  });

  it("reaches loopback and other IP literals only when they are listed", () => {
    expect(allows(["example.com"], "http", "127.0.0.1")).toBe(false);
    expect(allows(["example.com"], "http", "localhost")).toBe(false);
    expect(allows(["127.0.0.1:8080"], "http", "127.0.0.1:8080")).toBe(true);
    expect(allows(["127.0.0.1:8080"], "http", "127.0.0.2:8080")).toBe(false);
    expect(allows(["[::1]:8080"], "http", "[::1]:8080")).toBe(true);
    expect(allows(["localhost:*"], "http", "localhost:3000")).toBe(true);
  });

  it("refuses authorities with user info, paths or bad ports", () => {
    expect(allows(["example.com"], "https", "user@example.com")).toBe(false);
    expect(allows(["example.com:*"], "https", "example.com:99999")).toBe(false);
    expect(allows(["example.com"], "https", "")).toBe(false);
  });

  it("names a malformed entry", () => {
    for (const entry of ["", "ftp://x.com", "x.com/path", "*.1.2.3.4", "a b", "x.com:70000", "*"]) {
      expect(() => parseHostRule(entry)).toThrow(/policy\.allowedHosts entry/);
    }
  });
});
