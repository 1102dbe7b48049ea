import { describe, expect, it } from "vitest";
import { startServerProcess } from "./server-process.js";

/** `node -e <script>`: a stand-in server, a real child process. */
function node(script: string): string[] {
  return ["-e", script];
}

describe("startServerProcess", () => {
  it("waits for the ready line and returns its URL; stop() ends the process", async () => {
    const server = await startServerProcess({
      args: node(
        "console.error('loading'); setTimeout(() => console.error('x: ready in 1 ms: y at http://127.0.0.1:9/mcp'), 50); setInterval(() => {}, 1000);",
      ),
    });
    expect(server.url?.href).toBe("http://127.0.0.1:9/mcp");
    expect(server.stderr()).toContain("loading");
    expect(await server.stop()).toBeNull(); // ended by SIGTERM
  });

  it("a server that exits before serving fails with its stderr, and leaves nothing running", async () => {
    await expect(
      startServerProcess({
        name: "broken",
        args: node("console.error('bad config: /limits/x'); process.exit(2);"),
      }),
    ).rejects.toThrow(/broken did not start: the process exited first; output:\nbad config: \/limits\/x/);
  });

  it("a server that never says it serves is killed after the timeout", async () => {
    const started = Date.now();
    await expect(
      startServerProcess({ args: node("setInterval(() => {}, 1000);"), timeoutMs: 300 }),
    ).rejects.toThrow(/no line matching .* in 300 ms/);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("stop() kills a process that ignores SIGTERM once the grace is over", async () => {
    const server = await startServerProcess({
      args: node(
        "process.on('SIGTERM', () => {}); console.error('serving at ws://127.0.0.1:9/ws'); setInterval(() => {}, 1000);",
      ),
    });
    await server.stop(200);
    expect(server.child.signalCode).toBe("SIGKILL");
  });

  it("`await using` stops it at the end of the scope", async () => {
    let child: import("node:child_process").ChildProcess | undefined;
    {
      await using server = await startServerProcess({
        args: node("setInterval(() => {}, 1000);"),
        ready: null,
      });
      child = server.child;
      expect(server.url).toBeUndefined();
    }
    expect(child?.signalCode).toBe("SIGTERM");
  });
});
