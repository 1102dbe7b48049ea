// The engine fault battery against the Node host (`@wasi-mcp/host`), in both isolation modes; the
// browser host runs the same battery in Chromium (packages/host-browser/test/engine-faults.test.ts).
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadComponent } from "@wasi-mcp/host";
import { type FaultPolicy, runEngineFaults } from "./engine-faults.js";
import { callBackend } from "./fault-call.js";

const FIXTURE = createRequire(import.meta.url).resolve(
  "@wasi-mcp-examples/host-fixture/dist/host-fixture.wasm",
);
const CACHE = mkdtempSync(join(tmpdir(), "wasi-mcp-engine-faults-"));

for (const isolation of ["worker", "in-process"] as const) {
  runEngineFaults({
    name: `Node, ${isolation}`,
    inWorkers: isolation === "worker",
    async load(policy: FaultPolicy) {
      const component = await loadComponent(FIXTURE, {
        cacheDirectory: CACHE,
        policy: { ...policy, isolation },
        onHealth: () => {},
        onLog: () => {},
      });
      return {
        call: (call) => callBackend(component.backend, call),
        restarts: async () => component.restarts(),
        retirements: async () => component.retirements(),
        memoryBytes: async () => component.memoryBytes(),
        close: () => component.close(),
      };
    },
  });
}
