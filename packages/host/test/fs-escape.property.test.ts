// Hostile paths and link chains against the guarded filesystem: nothing outside the preopen may
// change, be read or be stat'ed, and no call may throw anything but a WASI error code.
//
// The bulk (CASES generated cases, several operations each) drives the guard and the real
// preview2-shim directly, in this thread: a component call per case would cost ≈ 1 ms of host
// path for nothing the guard sees differently — the guest hands the same strings to the same
// methods. fs-escape.component.test.ts sends a smaller number of generated paths through a real
// component (host-fixture's `fs` tool) to show that the two agree.
import { rmSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { resolvePolicy } from "../src/policy.js";
import { createGuardedFilesystem } from "../src/sandbox/filesystem/fs-guard.js";
import { createEscapeTree, hostileOperation, type Operation, runOperation } from "./fs-hostile.js";

/** Generated cases; each runs one to six operations. Reported in docs/security.md. */
const CASES = Number(process.env.WASI_MCP_FS_CASES ?? 10_000);

describe("the guarded filesystem under hostile paths and link chains", () => {
  const tree = createEscapeTree();
  afterAll(() => rmSync(tree.base, { recursive: true, force: true }));

  it(`lets nothing outside the preopen be changed, read or stat'ed (${CASES} cases)`, async () => {
    const shim = await import("@bytecodealliance/preview2-shim/filesystem");
    const fs = createGuardedFilesystem(
      shim,
      resolvePolicy({
        preopens: [
          {
            hostPath: tree.root,
            guestPath: "/data",
            readOnly: false,
            allowSymlinks: true,
            allowHardLinks: true,
          },
        ],
      }).preopens,
    );
    const readOnly = createGuardedFilesystem(
      shim,
      resolvePolicy({
        preopens: [
          {
            hostPath: tree.root,
            guestPath: "/data",
            readOnly: true,
            allowSymlinks: true,
            allowHardLinks: true,
          },
        ],
      }).preopens,
    );
    const [[rw]] = fs.preopens.getDirectories() as [[object, string]];
    const [[ro]] = readOnly.preopens.getDirectories() as [[object, string]];
    const before = tree.snapshot();
    let cases = 0;
    let operations = 0;
    const outcomes: Record<string, number> = {};
    fc.assert(
      fc.property(
        fc.array(hostileOperation(tree), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (ops, pick) => {
          if (++cases % 20 === 0) tree.resetRoot();
          for (const op of ops as Operation[]) {
            operations++;
            const outcome = runOperation(pick === 0 ? ro : rw, op);
            const key = outcome.ok ? "ok" : outcome.code;
            outcomes[key] = (outcomes[key] ?? 0) + 1;
            tree.expectNoLeak(outcome, op);
          }
          expect(tree.snapshot()).toEqual(before);
        },
      ),
      { numRuns: CASES },
    );
    console.info(
      `fs-escape property: ${cases} cases, ${operations} operations, 0 escapes; outcomes ${JSON.stringify(outcomes)}`,
    );
  }, 600_000);
});
