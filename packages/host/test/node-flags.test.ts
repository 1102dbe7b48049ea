import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CACHE, HELLO } from "./fixture.js";

const INDEX = new URL("../dist/index.js", import.meta.url).href;

// A parent started with V8 flags (which a worker refuses) and an `-e` entry (which a worker must not
// inherit) still loads and serves a component.
describe("a host process started with Node flags", () => {
  it("loads and calls a component under --max-old-space-size and --expose-gc, from -e", async () => {
    const script = `
      const { loadComponent } = await import(${JSON.stringify(INDEX)});
      const component = await loadComponent(${JSON.stringify(HELLO)}, { cacheDirectory: ${JSON.stringify(CACHE)}, onHealth() {} });
      const controller = new AbortController();
      const result = await component.backend.callTool("echo", { text: "flags" }, { requestId: "1", signal: controller.signal, sendNotification: async () => {} });
      process.stdout.write(result.content[0].text);
      await component.close();
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--max-old-space-size=512", "--expose-gc", "--input-type=module", "-e", script],
      { timeout: 60_000 },
    );
    expect(stdout).toBe("flags");
  });
});
