import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadComponent } from "../dist/index.js";
import { CACHE, HELLO } from "./fixture.js";

/**
 * The threads of a fresh process that loads `hello.wasm` in-process (so the host itself starts
 * none) and calls it, named as Linux names them (`/proc/self/task/<id>/comm`; a Node worker is
 * `WorkerThread`).
 */
async function threadsAfterCalls(calls: number): Promise<string[]> {
  const index = new URL("../dist/index.js", import.meta.url).href;
  const script = `
    const { readdirSync, readFileSync } = await import("node:fs");
    const { loadComponent } = await import(${JSON.stringify(index)});
    const component = await loadComponent(${JSON.stringify(HELLO)}, { cacheDirectory: ${JSON.stringify(CACHE)}, policy: { isolation: "in-process" }, onHealth() {} });
    const request = { requestId: "1", signal: new AbortController().signal, clientCapabilities: {}, notify: async () => {} };
    for (let i = 0; i < ${calls}; i++) await component.backend.callTool("echo", { text: "x" }, request);
    const names = readdirSync("/proc/self/task").map((id) => readFileSync("/proc/self/task/" + id + "/comm", "utf8").trim());
    process.stdout.write(JSON.stringify(names));
    await component.close();
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    timeout: 60_000,
  });
  return JSON.parse(stdout) as string[];
}

describe.runIf(existsSync("/proc/self/task"))("preview2-shim's I/O worker thread", () => {
  it("is not started for a component that never makes a call needing it", async () => {
    // Transpiled beforehand: jco's transpiler starts threads of its own on a cache miss.
    await (
      await loadComponent(HELLO, { cacheDirectory: CACHE, policy: { isolation: "in-process" } })
    ).close();
    const threads = await threadsAfterCalls(50);
    expect(threads).toContain("MainThread");
    expect(threads.filter((name) => name === "WorkerThread")).toEqual([]);
  }, 90_000);
});
