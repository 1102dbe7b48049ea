import { describe, expect, it } from "vitest";
import { MEMORY_ENV, memorySettings } from "./memory-settings.js";

describe("memorySettings", () => {
  it("adds the measured environment once, keeping the user's flags", () => {
    const settings = memorySettings({ PATH: "/bin" }, ["--enable-source-maps"]);
    expect(settings?.env).toMatchObject({ PATH: "/bin", ...MEMORY_ENV, WASI_MCP_MEMORY_SETTINGS: "1" });
    expect(settings?.execArgv).toContain("--enable-source-maps");
    expect(memorySettings(settings?.env ?? {}, settings?.execArgv ?? [])).toBeUndefined();
  });

  it("keeps what the user chose, and does nothing under WASI_MCP_NO_REEXEC=1", () => {
    expect(memorySettings({ MALLOC_ARENA_MAX: "8" }, [])).toBeUndefined();
    expect(memorySettings({ WASI_MCP_NO_REEXEC: "1" }, [])).toBeUndefined();
  });
});
