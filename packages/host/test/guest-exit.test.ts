// A guest calling wasi:cli/exit ends its own instance (which is replaced), never the host process,
// in both isolation modes. If exit reached process.exit in-process, this test file's process — the
// host — would die and vitest would report the file as crashed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, recordingRequest } from "./fixture.js";

for (const isolation of ["in-process", "worker"] as const) {
  describe(`wasi:cli/exit under isolation: "${isolation}"`, () => {
    let component: LoadedComponent;
    const health: string[] = [];

    beforeAll(async () => {
      component = await loadComponent(FIXTURE, {
        cacheDirectory: CACHE,
        policy: { isolation },
        onHealth: (event) => health.push(event.status),
      });
    });
    afterAll(() => component?.close());

    const call = (name: string, args: Record<string, unknown> = {}) =>
      component.backend.callTool(name, args, recordingRequest().request);

    it("ends the calling instance only: the call fails, the host lives on, a fresh instance serves", async () => {
      const before = firstText(await call("started_at"));
      for (const ok of [false, true]) {
        await expect(call("exit", { ok })).rejects.toThrow(
          new RegExp(`Component host-fixture trapped: it called wasi:cli/exit with status ${ok ? 0 : 1}`),
        );
      }
      expect(firstText(await call("echo", { text: "still here" }))).toBe("still here");
      expect(firstText(await call("started_at"))).not.toBe(before);
      expect(health).toContain("restarting");
      expect(process.exitCode ?? 0).toBe(0);
    });
  });
}
