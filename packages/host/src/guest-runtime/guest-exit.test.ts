import { describe, expect, it } from "vitest";
import { describeTrap, GuestExit, withoutHostPaths } from "./guest-exit.js";

describe("describeTrap", () => {
  it("keeps a WebAssembly trap's message and a contained exit's status", () => {
    expect(describeTrap(new WebAssembly.RuntimeError("unreachable"))).toBe("RuntimeError: unreachable");
    expect(describeTrap(new GuestExit(3))).toBe("it called wasi:cli/exit with status 3");
  });

  it("never lets a host path through from an import's exception", () => {
    const error = new Error("ENOENT: no such file or directory, lstat '/tmp/wasi-mcp/root/x\\..\\link'");
    expect(describeTrap(error)).toBe(
      "Error in a host import: ENOENT: no such file or directory, lstat '<host path>'",
    );
    expect(withoutHostPaths("open /srv/data/a.txt failed (file:///srv/x.js, C:\\Users\\me)")).toBe(
      "open <host path> failed (<host path>, <host path>)",
    );
  });
});
