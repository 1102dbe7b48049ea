// Issue 24, the last part: wasi:io streams and pollables an instance creates and never drops. Each
// is an object in the host and, for most, an entry in the shim's I/O thread; without a count a
// guest piles them up until the host runs out of memory.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, recordingRequest } from "./fixture.js";

const MIB = 1024 * 1024;

type Loaded = Awaited<ReturnType<typeof loadComponent>>;

/** Calls a fixture tool; a failed call (a trap) comes back as its error's text. */
async function call(component: Loaded, name: string, args: Record<string, unknown>): Promise<string> {
  try {
    return firstText(await component.backend.callTool(name, args, recordingRequest().request));
  } catch (error) {
    return String(error);
  }
}

describe("wasi:io streams and pollables an instance holds", () => {
  it("traps an instance past maxIoResources (default 4 096) pollables, which its replacement does not inherit", async () => {
    const component = await loadComponent(FIXTURE, { cacheDirectory: CACHE });
    try {
      const rss = process.memoryUsage().rss;
      // 5 calls of 20 000 one-hour timers: 100 000 pollables asked for.
      const answers: string[] = [];
      for (let round = 0; round < 5; round++)
        answers.push(await call(component, "hold_io", { kind: "pollable", count: 20_000 }));
      console.info(
        `hold_io pollable ×5: ${answers.map((answer) => answer.slice(0, 60)).join(" | ")}; host RSS +${Math.round((process.memoryUsage().rss - rss) / MIB)} MiB`,
      );
      for (const answer of answers)
        expect(answer).toMatch(/trapped: .*policy\.maxIoResources \(4096 live.*its instance was restarted/);
      // Each replacement starts with nothing held, and serves.
      expect(await call(component, "hold_io", { kind: "pollable", count: 1000 })).toBe("held 1000");
      expect(await call(component, "echo", { text: "still here" })).toBe("still here");
    } finally {
      await component.close();
    }
  }, 120_000);

  it("counts each stdout handle and gives the place back when the guest drops it", async () => {
    const component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: { maxIoResources: 100 },
    });
    try {
      // What the guest's engine holds itself (its stdio, a timer) is counted too: 60 fit, 200 do not.
      expect(await call(component, "hold_io", { kind: "stdout", count: 60 })).toBe("held 60");
      expect(await call(component, "release_io", {})).toBe("released 60");
      expect(await call(component, "hold_io", { kind: "stdout", count: 60 })).toBe("held 60");
      expect(await call(component, "release_io", {})).toBe("released 60");
      expect(await call(component, "hold_io", { kind: "stdout", count: 200 })).toMatch(
        /trapped: .*policy\.maxIoResources \(100 live/,
      );
    } finally {
      await component.close();
    }
  }, 60_000);

  it("refuses a file stream past the limit with the filesystem error quota (no trap)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "io-resources-"));
    writeFileSync(join(dir, "a.txt"), "a");
    const component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: { maxIoResources: 100, preopens: [{ hostPath: dir, guestPath: "/data" }] },
    });
    try {
      expect(
        await call(component, "hold_io", { kind: "file-stream", path: "/data/a.txt", count: 500 }),
      ).toMatch(/^refused after \d+: quota$/);
      expect(await call(component, "release_io", {})).toMatch(/^released \d+$/);
      expect(await call(component, "hold_io", { kind: "file-stream", path: "/data/a.txt", count: 50 })).toBe(
        "held 50",
      );
    } finally {
      await component.close();
    }
  }, 60_000);

  it("drops a call's stdout past 4 MiB waiting in its worker, says so, and keeps serving", async () => {
    const logs: { message: string }[] = [];
    const component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      onLog: (record: { message: string }) => logs.push(record),
    });
    try {
      const rss = process.memoryUsage().rss;
      // 64 MiB written within one call: the worker cannot forward any of it before the call ends.
      expect(await call(component, "flood_stdout", { mib: 64 })).toBe("wrote 64 MiB");
      const grown = Math.round((process.memoryUsage().rss - rss) / MIB);
      // The next write, once the output drained, is preceded by the note of what was dropped.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await call(component, "print", { text: "after the flood" });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const logged = logs.reduce((bytes, record) => bytes + record.message.length, 0);
      console.info(`flood_stdout 64 MiB: host RSS +${grown} MiB, ${Math.round(logged / MIB)} MiB logged`);
      // Before: all 64 MiB held in the host, then logged (host RSS +181 MiB).
      expect(logged).toBeLessThan(16 * MIB);
      expect(logs.some((record) => /bytes of the guest's stdout dropped/.test(record.message))).toBe(true);
    } finally {
      await component.close();
    }
  }, 120_000);
});
