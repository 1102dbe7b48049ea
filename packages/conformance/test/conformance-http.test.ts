import { expect, it } from "vitest";
import { expectedFailures, judgeWire } from "./judge-wire.js";

// mcp-compositor serve everything.wasm --transport http, judged directly.
judgeWire("http");

it("the expected-failures baseline is empty", async () => {
  expect(await expectedFailures()).toBe("server: []");
});
