// The README's example, verbatim: written to a temporary directory as server.ts, built with the
// README's one command, served with `mcp-compositor serve` over stdio, asked to call its tool.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BUILD_AND_SERVE_BUDGET_MS,
  type BuiltComponent,
  buildAndServe,
  GUEST_PACKAGE_DIR,
} from "./built-component.js";

/** The first ```ts block of the README, and the build command of the ```sh block after it. */
function readmeExample(): { source: string; build: string[] } {
  const readme = readFileSync(join(GUEST_PACKAGE_DIR, "README.md"), "utf8");
  const source = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  const build = /npx (wasi-mcp-build [^\n#]+)/.exec(readme)?.[1]?.trim().split(/\s+/);
  if (!source || !build) throw new Error("README.md: example or build command not found");
  return { source, build };
}

describe("the README example, built and served", () => {
  let built: BuiltComponent | undefined;
  const client = () => {
    if (!built) throw new Error("the README example was not built (see beforeAll)");
    return built.client;
  };

  beforeAll(async () => {
    const { source, build } = readmeExample();
    expect(build.slice(0, 2)).toEqual(["wasi-mcp-build", "server.ts"]);
    built = await buildAndServe(source, build.slice(2));
  }, BUILD_AND_SERVE_BUDGET_MS);

  afterAll(async () => {
    await built?.close();
  });

  it("built one component with progress on stderr", () => {
    expect(statSync(join(built?.dir ?? "", "server.wasm")).size).toBeGreaterThan(1_000_000);
    expect(built?.buildLog).toMatch(/bundling server\.ts[\s\S]*componentizing[\s\S]*wrote server\.wasm/);
  });

  it("serves the declared server, tool and resource", async () => {
    expect(client().getServerVersion()).toMatchObject({ name: "weather", version: "1.0.0" });
    expect(client().getInstructions()).toBe("Ask for a city's forecast.");
    const { tools } = await client().listTools();
    expect(tools.map((t) => t.name)).toEqual(["forecast"]);
    expect((await client().readResource({ uri: "weather://stations" })).contents).toEqual([
      { uri: "weather://stations", text: "Oslo, Lima" },
    ]);
  });

  it("answers tools/call", async () => {
    expect(await client().callTool({ name: "forecast", arguments: { city: "Oslo", days: 2 } })).toEqual({
      content: [{ type: "text", text: "Oslo: sunny for 2 day(s)" }],
    });
    expect((await client().callTool({ name: "forecast", arguments: { city: "Lima" } })).content).toEqual([
      { type: "text", text: "Lima: sunny for 1 day(s)" },
    ]);
  });
});
