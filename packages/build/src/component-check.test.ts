import { componentNew, parse } from "@bytecodealliance/jco";
import { describe, expect, it } from "vitest";
import { checkComponent } from "./component-check.js";

describe("checkComponent", () => {
  it("rejects an empty file", async () => {
    await expect(checkComponent(new Uint8Array(), "mcp-backend", "x.wasm")).rejects.toThrow(
      "x.wasm: the file is empty",
    );
  });

  it("rejects bytes that are not WebAssembly", async () => {
    const bytes = new TextEncoder().encode("#!/bin/sh\necho not wasm\n");
    await expect(checkComponent(bytes, "mcp-backend", "x.wasm")).rejects.toThrow(
      "not a WebAssembly component",
    );
  });

  it("rejects a core module", async () => {
    const core = await parse("(module)");
    await expect(checkComponent(core, "mcp-backend", "core.wasm")).rejects.toThrow(
      "core.wasm: this is a core WebAssembly module, not a component",
    );
  });

  it("rejects a component that lacks the world's exports, naming them", async () => {
    const empty = await componentNew(await parse("(module)"), []);
    await expect(checkComponent(empty, "mcp-backend", "empty.wasm")).rejects.toThrow(
      "empty.wasm: the component does not export wasi:mcp/handlers and wasi:mcp/run (at wasi:mcp 0.1.0 or 0.2.0) required by world mcp-backend",
    );
  });
});
