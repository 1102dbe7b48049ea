// The filesystem attacks of issue 15, made by a real component (host-fixture's `fs` tool hands
// the guest's strings to wasi:filesystem unchanged), plus a smaller generated batch through the
// same component. The bulk of generated cases runs against the guard layer directly
// (fs-escape.property.test.ts): one component call per case would only add host path.
import { rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, callFsTool, FIXTURE, type FsOutcome, firstText, recordingRequest } from "./fixture.js";
import { createEscapeTree, hostileOperation, type Operation } from "./fs-hostile.js";

/** Generated operations sent through the component, 50 per call. Reported in docs/security.md. */
const COMPONENT_CASES = 2000;

describe("a component cannot leave its preopen", () => {
  const tree = createEscapeTree();
  let component: LoadedComponent;
  const outsideBefore = tree.snapshot();

  beforeAll(async () => {
    component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: {
        maxOpenDescriptors: 1_000_000,
        preopens: [
          {
            hostPath: tree.root,
            guestPath: "/data",
            readOnly: false,
            allowSymlinks: true,
            allowHardLinks: true,
          },
          { hostPath: tree.root, guestPath: "/ro" },
        ],
      },
    });
  });
  afterAll(async () => {
    await component?.close();
    rmSync(tree.base, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await component.backend.callTool(name, args, recordingRequest().request)) as {
      isError?: boolean;
    };
    const text = firstText(result);
    expect(text).not.toContain(tree.base);
    return { result, text };
  };
  const fs = async (ops: Partial<Operation>[], preopen = "/data"): Promise<FsOutcome[]> => {
    const { result, text } = await call("fs", { preopen, ops });
    expect(result.isError, text).toBeFalsy();
    return JSON.parse(text) as FsOutcome[];
  };
  const startedAt = async () => (await call("started_at", {})).text;

  it("refuses a symlink to ../outside, and the backslash path through it (the issue's attack)", async () => {
    const instance = await startedAt();
    const outcomes = await fs([
      { kind: "symlink", target: "../zz-out", path: "link" },
      { kind: "mkdir", path: "x\\..\\link/d" },
      { kind: "open", follow: true, path: "x\\..\\link/f", flags: { create: true } as never, write: true },
      { kind: "open", follow: true, path: "x\\..\\link\\zz-secret.txt" },
    ]);
    expect(outcomes).toEqual([
      { code: "not-permitted" },
      { code: "no-entry" },
      { code: "no-entry" },
      { code: "no-entry" },
    ]);
    expect(tree.snapshot()).toEqual(outsideBefore);
    expect(await startedAt()).toBe(instance);
  });

  it("refuses the same paths through a symlink made on the host (checked at use, not only at creation)", async () => {
    const outcomes = await fs([
      { kind: "mkdir", path: "x\\..\\host-made-out/d" },
      {
        kind: "open",
        follow: true,
        path: "x\\..\\host-made-out/f",
        flags: { create: true } as never,
        write: true,
      },
      { kind: "open", follow: true, path: "a\\b\\up\\zz-base.txt" },
      { kind: "stat", follow: false, path: "x\\..\\host-made-out/zz-secret.txt" },
      { kind: "rename", from: "a/b/ok", to: "moved" },
    ]);
    expect(outcomes).toEqual(Array(5).fill({ code: "not-permitted" }));
    expect(tree.snapshot()).toEqual(outsideBefore);
  });

  it("refuses to stat or read outside through a read-only preopen", async () => {
    const outcomes = await fs(
      [
        { kind: "stat", follow: true, path: "x\\..\\host-made-out\\zz-secret.txt" },
        { kind: "hash", follow: false, path: "a/b/up/zz-out" },
        { kind: "open", follow: true, path: "in-link\\..\\host-made-out/zz-secret.txt" },
        { kind: "mkdir", path: "new" },
      ],
      "/ro",
    );
    expect(outcomes).toEqual([
      { code: "not-permitted" },
      { code: "not-permitted" },
      { code: "not-permitted" },
      { code: "read-only" },
    ]);
  });

  it("answers host failures inside imports with WASI error codes, not traps, and names no host path", async () => {
    const instance = await startedAt();
    const outcomes = await fs([
      { kind: "stat", follow: true, path: "a\0b" },
      { kind: "mkdir", path: "n".repeat(5000) },
      { kind: "open", follow: true, path: "a\\f.txt\\" },
      { kind: "symlink", target: "a\0", path: "nul-link" },
      { kind: "readlink", path: "loop" },
      { kind: "open", follow: true, path: "loop" },
    ]);
    expect(outcomes).toEqual([
      { code: "invalid" },
      { code: "name-too-long" },
      { code: "not-directory" },
      { code: "invalid" },
      { ok: "loop" },
      { code: "loop" },
    ]);
    expect(await startedAt()).toBe(instance);
  });

  it(`lets nothing outside be changed, read or stat'ed over ${COMPONENT_CASES} generated calls`, async () => {
    const instance = await startedAt();
    const ops = fc.sample(hostileOperation(tree), { numRuns: COMPONENT_CASES, seed: 15 });
    for (let start = 0; start < ops.length; start += 50) {
      const batch = ops.slice(start, start + 50);
      const outcomes = await fs(batch);
      outcomes.forEach((outcome, i) => {
        const op = batch[i] as Operation;
        tree.expectNoLeak(
          "code" in outcome ? { ok: false, code: outcome.code } : { ok: true, values: [outcome.ok] },
          op,
        );
      });
      expect(tree.snapshot()).toEqual(outsideBefore);
      tree.resetRoot();
    }
    expect(await startedAt()).toBe(instance);
  }, 120_000);

  it("keeps the outside untouched after everything above", () => {
    expect(tree.snapshot()).toEqual(outsideBefore);
    expect(join(tree.base, "zz-out")).not.toBe(tree.root);
  });
});

describe("two instances sharing a writable preopen cannot race a check", () => {
  const tree = createEscapeTree();
  let component: LoadedComponent;
  const outsideBefore = tree.snapshot();

  beforeAll(async () => {
    component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      name: "racer",
      policy: {
        poolSize: 2,
        maxOpenDescriptors: 1_000_000,
        preopens: [{ hostPath: tree.root, guestPath: "/data", readOnly: false, allowSymlinks: true }],
      },
    });
  });
  afterAll(async () => {
    await component?.close();
    rmSync(tree.base, { recursive: true, force: true });
  });

  const fs = (ops: Partial<Operation>[]): Promise<FsOutcome[]> => callFsTool(component.backend, "/data", ops);

  it("keeps every read, stat and write inside while the other swaps a directory holding an escaping link", async () => {
    // From deep/c/b the link leads to root/zz-out/… (inside: it may be made); once deep/c is moved
    // up to c it leads to the real zz-out outside. One instance swaps c back and forth while the
    // other reads, stats and writes through c/b/l.
    const setup = await fs([
      { kind: "mkdir", path: "deep" },
      { kind: "mkdir", path: "deep/c" },
      { kind: "mkdir", path: "deep/c/b" },
      { kind: "symlink", target: "../../../zz-out/zz-secret.txt", path: "deep/c/b/l" },
      { kind: "mkdir", path: "c" },
      { kind: "mkdir", path: "c/b" },
      { kind: "symlink", target: "../../a/f.txt", path: "c/b/l" },
    ]);
    expect(
      setup.every((outcome) => "ok" in outcome),
      JSON.stringify(setup),
    ).toBe(true);
    const swap: Partial<Operation>[] = [
      { kind: "rename", from: "c", to: "benign" },
      { kind: "rename", from: "deep/c", to: "c" },
      { kind: "rename", from: "c", to: "deep/c" },
      { kind: "rename", from: "benign", to: "c" },
    ];
    const use: Partial<Operation>[] = [
      { kind: "open", follow: true, path: "c/b/l" },
      { kind: "stat", follow: true, path: "c/b/l" },
      { kind: "hash", follow: true, path: "c\\b\\l" },
      { kind: "open", follow: true, path: "c/b/l", write: true, use: "write", text: "overwritten" } as never,
    ];
    let uses = 0;
    let outsideRefusals = 0;
    for (let round = 0; round < 10; round++) {
      const [, outcomes] = await Promise.all([
        fs(Array(250).fill(swap).flat()),
        fs(Array(250).fill(use).flat()),
      ]);
      outcomes.forEach((outcome, i) => {
        uses++;
        if ("code" in outcome && outcome.code === "not-permitted") outsideRefusals++;
        tree.expectNoLeak(
          "code" in outcome ? { ok: false, code: outcome.code } : { ok: true, values: [outcome.ok] },
          use[i % use.length] as Operation,
        );
      });
      expect(tree.snapshot()).toEqual(outsideBefore);
    }
    // Both sides of the swap were seen: some uses went through the escaping link and were refused.
    expect(uses).toBe(10_000);
    expect(outsideRefusals).toBeGreaterThan(0);
  }, 120_000);
});
