import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CompositorProcess, startCompositor } from "../src/compositor-process.js";
import { type Inspector, type InspectorResult, locateInspector } from "../src/inspector.js";
import { COMPOSITOR_CLI, compositorCacheDir, EVERYTHING_WASM } from "../src/paths.js";
import { CHECKS, JSON_SCHEMA_2020_12_TOOL, TOOL_NAMES } from "./inspector-expectations.js";

// The MCP inspector CLI (2.12.0) against mcp-compositor serving the everything component, over the
// wires the inspector speaks: stdio (it starts the compositor itself) and Streamable HTTP. It has
// no WebSocket transport (only stdio, sse and http), so WebSocket is judged by transport-ws's own
// SDK-client tests, not here.

let inspector: Inspector | undefined;
let http: CompositorProcess | undefined;
beforeAll(async () => {
  // Each is kept as soon as it exists, so afterAll ends it even when the other one failed.
  const started = startCompositor({ transport: "http" }).then((server) => (http = server));
  const located = locateInspector().then((found) => (inspector = found));
  const outcomes = await Promise.allSettled([started, located]);
  for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
}, 300_000);
afterAll(async () => {
  await Promise.all([http?.stop(), inspector?.dispose()]);
});

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} did not start (see beforeAll)`);
  return value;
}

// Two inspectors (each with its own stdio compositor) at a time: enough to fill 2 cores. A check's
// time includes its wait in this queue, hence the long per-check timeout.
const CHECK_TIMEOUT_MS = 300_000;
let running = 0;
const queue: (() => void)[] = [];
async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    queue.shift()?.();
  }
}

const TARGETS = {
  stdio: () => [
    process.execPath,
    COMPOSITOR_CLI,
    "serve",
    EVERYTHING_WASM,
    "--cache-dir",
    compositorCacheDir(),
  ],
  "Streamable HTTP": () => [started(http, "the HTTP compositor").url.href, "--transport", "http"],
} as const;

function resultOf(outcome: InspectorResult): unknown {
  const json = outcome.json as { result?: unknown } | undefined;
  if (json === undefined || !("result" in json)) {
    throw new Error(`no JSON result (exit ${outcome.exitCode}): ${outcome.stdout} ${outcome.stderr}`);
  }
  return json.result;
}

for (const [wire, target] of Object.entries(TARGETS)) {
  describe.concurrent(`mcp-inspector --cli over ${wire}`, () => {
    const inspect = (args: string[]) =>
      limited(() => started(inspector, "the inspector").run(target(), args));

    it(
      "tools/list: every tool, schemas exactly as registered",
      async () => {
        const outcome = await inspect(["--method", "tools/list"]);
        expect(outcome.exitCode, outcome.stderr).toBe(0);
        const { tools } = resultOf(outcome) as { tools: { name: string; description?: string }[] };
        expect(tools.map((tool) => tool.name)).toEqual(TOOL_NAMES);
        for (const tool of tools) expect(tool.description, tool.name).toEqual(expect.any(String));
        expect(tools.find((tool) => tool.name === JSON_SCHEMA_2020_12_TOOL.name)).toEqual(
          JSON_SCHEMA_2020_12_TOOL,
        );
        expect(tools.find((tool) => tool.name === "test_sampling")).toEqual({
          name: "test_sampling",
          description: "Tests server-initiated sampling (LLM completion request)",
          inputSchema: {
            type: "object",
            properties: { prompt: { type: "string", description: "The prompt to send to the LLM" } },
            required: ["prompt"],
          },
        });
      },
      CHECK_TIMEOUT_MS,
    );

    for (const check of CHECKS) {
      it(
        check.name,
        async () => {
          const outcome = await inspect(check.args);
          expect(outcome.exitCode, outcome.stderr).toBe(check.exitCode);
          expect(resultOf(outcome)).toEqual(check.result);
        },
        CHECK_TIMEOUT_MS,
      );
    }

    it(
      "tools/call with arguments the schema rejects: an invalid-params error, exit 1",
      async () => {
        const outcome = await inspect([
          "--method",
          "tools/call",
          "--tool-name",
          "json_schema_2020_12_tool",
          "--tool-args-json",
          '{"extra":1}',
        ]);
        expect(outcome.exitCode).toBe(1);
        expect(JSON.parse(outcome.stderr)).toEqual({
          error: {
            code: "error",
            message:
              "Invalid arguments for tool json_schema_2020_12_tool: must have required property 'phone', must have required property 'email', must match a schema in anyOf, must match \"else\" schema, must NOT have additional properties",
          },
        });
      },
      CHECK_TIMEOUT_MS,
    );
  });
}
