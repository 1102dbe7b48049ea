import { describe, expect, it } from "vitest";
import { parseHostRule } from "./allowed-hosts.js";
import { admittedTarget, chooseAddress, fixedAddresses } from "./outgoing-destination.js";

const rules = (...entries: string[]) => entries.map(parseHostRule);
const choose = (entries: string[], authority: string, addresses: string[], scheme = "https") => {
  const list = rules(...entries);
  const target = admittedTarget(list, scheme, authority);
  return target ? chooseAddress(list, target, addresses) : "name refused";
};

describe("outgoing destinations: the address a name may reach", () => {
  it("lets an admitted name reach a public address", () => {
    expect(choose(["api.example.com"], "api.example.com", ["93.184.216.34"])).toEqual({
      address: "93.184.216.34",
    });
  });

  it("refuses an admitted name that resolves to loopback, private or link-local (DNS rebinding)", () => {
    for (const address of [
      "127.0.0.1",
      "10.0.0.5",
      "192.168.1.2",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "0.0.0.0",
    ]) {
      const choice = choose(["api.example.com", "*.example.com"], "api.example.com", [address]);
      expect(choice).toEqual({ refused: expect.stringContaining(`resolves to ${address}`) });
      expect(choose(["*.example.com"], "x.example.com", [address])).toHaveProperty("refused");
    }
  });

  it("skips refused answers and connects only to the admitted one", () => {
    expect(choose(["api.example.com"], "api.example.com", ["127.0.0.1", "93.184.216.34"])).toEqual({
      address: "93.184.216.34",
    });
  });

  it("admits a private address when an IP literal entry lists it, with its scheme and port", () => {
    expect(choose(["intranet.test", "10.0.0.5"], "intranet.test", ["10.0.0.5"])).toEqual({
      address: "10.0.0.5",
    });
    expect(choose(["intranet.test", "10.0.0.5:8443"], "intranet.test", ["10.0.0.5"])).toHaveProperty(
      "refused",
    );
    expect(choose(["intranet.test", "http://10.0.0.5"], "intranet.test", ["10.0.0.5"])).toHaveProperty(
      "refused",
    );
  });

  it("treats localhost as loopback without DNS, admitted by its own entry or a loopback literal", () => {
    const target = admittedTarget(rules("localhost:8080"), "http", "localhost:8080");
    expect(target && fixedAddresses(target)).toEqual(["127.0.0.1", "::1"]);
    expect(choose(["localhost:8080"], "localhost:8080", ["127.0.0.1"], "http")).toEqual({
      address: "127.0.0.1",
    });
    expect(choose(["127.0.0.1:8080"], "localhost:8080", ["127.0.0.1", "::1"], "http")).toEqual({
      address: "127.0.0.1",
    });
    expect(choose(["[::1]:8080"], "localhost:8080", ["127.0.0.1", "::1"], "http")).toEqual({
      address: "::1",
    });
    expect(choose(["127.0.0.1:9090"], "localhost:8080", ["127.0.0.1"], "http")).toBe("name refused");
    expect(choose([], "localhost", ["127.0.0.1"], "http")).toBe("name refused");
  });

  it("does not let a wildcard or another name stand for localhost's addresses", () => {
    expect(choose(["*.localhost:*"], "app.localhost:8080", ["127.0.0.1"], "http")).toHaveProperty("refused");
    expect(choose(["myhost:8080"], "myhost:8080", ["127.0.0.1"], "http")).toHaveProperty("refused");
  });

  it("judges IP literals by their entries alone", () => {
    expect(choose(["127.0.0.1:8080"], "127.0.0.1:8080", ["127.0.0.1"], "http")).toEqual({
      address: "127.0.0.1",
    });
    expect(choose(["93.184.216.34"], "93.184.216.34", ["93.184.216.34"])).toEqual({
      address: "93.184.216.34",
    });
  });
});
