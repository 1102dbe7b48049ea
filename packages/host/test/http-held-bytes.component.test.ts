// Issue 24's attack 4: an instance keeping wasi:http header values alive in the host, past its
// memory cap (its linear memory is capped; what it makes the host hold was not).
import { describe, expect, it } from "vitest";
import { loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, recordingRequest } from "./fixture.js";

const MIB = 1024 * 1024;

describe("bytes an instance makes the host hold", () => {
  it("refuses wasi:http fields past maxHostBytes (default 64 MiB) under a 64 MiB memory cap (attack 4)", async () => {
    const component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: { memoryLimitBytes: 64 * MIB },
    });
    try {
      const rss = process.memoryUsage().rss;
      // 16 calls of 256 × 64 KiB = 256 MiB asked for; within one call the guest's own argument
      // copies are freed only when the call ends, so the attack spreads over calls.
      const answers: string[] = [];
      for (let call = 0; call < 16; call++) {
        const result = await component.backend.callTool(
          "hold_fields",
          { count: 256, bytes: 64 * 1024 },
          recordingRequest().request,
        );
        answers.push(firstText(result));
      }
      console.info(
        `hold_fields: ${answers.join(" | ")}; host RSS +${Math.round((process.memoryUsage().rss - rss) / MIB)} MiB`,
      );
      // 64 MiB hold 1,023 fields of 64 KiB and a name: the fourth call is cut short, the rest refused.
      expect(answers.slice(0, 3)).toEqual(["held 256", "held 512", "held 768"]);
      expect(answers[3]).toMatch(/^refused after 255: .*forbidden/);
      for (const answer of answers.slice(4)) expect(answer).toMatch(/^refused after 0: .*forbidden/);
      // The instance keeps serving.
      expect(
        firstText(
          await component.backend.callTool("echo", { text: "still here" }, recordingRequest().request),
        ),
      ).toBe("still here");
    } finally {
      await component.close();
    }
  }, 60_000);

  it("counts requests not yet sent and their strings: a path past the limit fails, a request past it traps", async () => {
    const component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: { maxHostBytes: MIB },
    });
    try {
      const call = async (args: Record<string, unknown>) => {
        try {
          return firstText(
            await component.backend.callTool("hold_requests", args, recordingRequest().request),
          );
        } catch (error) {
          return String(error);
        }
      };
      // Two 400 KiB paths fit in 1 MiB with their requests; the third path does not: its setter fails.
      expect(await call({ count: 3, pathBytes: 400 * 1024 })).toMatch(/^refused after 2: /);
      // Requests of 16 KiB each (nothing sent), past what is left: the constructor has no error case.
      const trapped = await call({ count: 1000, pathBytes: 1 });
      expect(trapped).toMatch(/trapped: .*policy\.maxHostBytes .*its instance was restarted/);
      // The instance was replaced; the new one starts with nothing held.
      expect(await call({ count: 10, pathBytes: 1 })).toBe("held 10");
    } finally {
      await component.close();
    }
  }, 60_000);
});
