// Issue 24's attack 3 as a property: several instances of one component, sharing a writable
// preopen (links allowed: the hardest grant), run generated operation sequences at the same time —
// directory swaps that turn a relative link into one pointing out, links and hard links made through
// the swapped directories, long link chains and detours that make a check slow — and nothing
// outside the preopen may ever be read, stat'ed, written, linked or changed.
//
// Cost: each component call runs a whole batch of cases (one call per instance per round, all
// instances at once), so 10,000 cases are a few hundred calls, not 10,000.
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, callFsTool, FIXTURE, type FsOutcome, firstText, recordingRequest } from "./fixture.js";
import { createEscapeTree, hostileOperation, type Operation } from "./fs-hostile.js";

/** Generated cases (each one to six operations). Reported in docs/security.md. */
const CASES = Number(process.env.WASI_MCP_RACE_CASES ?? 10_000);
const INSTANCES = 3;
const CASES_PER_CALL = 40;
const ROUNDS = Math.ceil(CASES / (INSTANCES * CASES_PER_CALL));
/** Length of the host-made link chain k0 → k1 → … → c/b/l: a slow path to check. */
const CHAIN = 30;

/** Operations aimed at the race: few names, so that instances collide on them. */
function raceOperation(tree: { base: string; root: string }): fc.Arbitrary<Partial<Operation>> {
  const dirs = fc.constantFrom("c", "deep/c", "benign", "x", "deep/x");
  const links = fc.constantFrom("c/b/l", "c/b/l2", "deep/c/b/l2", "c/l", "x/l", "k0", "k15");
  const targets = fc.constantFrom(
    "../../../zz-out/zz-secret.txt",
    "../../../zz-out",
    "../../..",
    "../../a/f.txt",
    "../zz-out",
    "..",
  );
  const uses = fc.constantFrom(
    "c/b/l",
    "c/b/l2",
    "c/b/h",
    "h",
    "k0",
    "k15/zz-secret.txt",
    "c/b/l/zz-secret.txt",
    "c/b/../b/./l",
    "x\\..\\c/b/l",
    "deep/c/b/l",
  );
  const follow = fc.boolean();
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant("rename" as const), from: dirs, to: dirs }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("symlink" as const), target: targets, path: links }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("link" as const),
        follow,
        from: uses,
        to: fc.constantFrom("h", "c/b/h", "x/h", "deep/c/h"),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("open" as const),
        follow: fc.constant(true),
        path: uses,
        flags: fc.record({
          create: fc.boolean(),
          truncate: fc.constant(false),
          directory: fc.constant(false),
        }),
        write: fc.boolean(),
        use: fc.constantFrom("read" as const, "write" as const, "stat" as const, "hash" as const),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constantFrom("stat" as const, "hash" as const, "times" as const),
        follow,
        path: uses,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constantFrom("unlink" as const, "rmdir" as const), path: links }),
    },
    // Listings are left to the single-instance tests: their check (every name listed exists inside)
    // needs a tree that holds still, and here other instances create and remove names meanwhile.
    {
      weight: 2,
      arbitrary: hostileOperation(tree).filter((op) => !(op.kind === "open" && op.use === "list")),
    },
  );
}

describe("instances of one component racing on a shared writable preopen", () => {
  const tree = createEscapeTree();
  let component: LoadedComponent;
  const outsideBefore = tree.snapshot();

  /** The preopen as each round starts: a link that points out once `deep/c` is moved up, a chain. */
  const seed = () => {
    tree.resetRoot();
    for (const dir of ["deep/c/b", "c/b", "x"]) mkdirSync(join(tree.root, dir), { recursive: true });
    symlinkSync("../../../zz-out/zz-secret.txt", join(tree.root, "deep/c/b/l"));
    symlinkSync("../../a/f.txt", join(tree.root, "c/b/l"));
    for (let i = 0; i < CHAIN; i++)
      symlinkSync(i + 1 < CHAIN ? `k${i + 1}` : "c/b/l", join(tree.root, `k${i}`));
  };

  beforeAll(async () => {
    component = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      name: "race",
      policy: {
        poolSize: INSTANCES,
        // The fixture's guest drops no descriptor (StarlingMonkey frees them at its own GC): without
        // room, opens would be refused with quota and race nothing.
        maxOpenDescriptors: 1_000_000,
        preopens: [
          {
            hostPath: tree.root,
            guestPath: "/data",
            readOnly: false,
            allowSymlinks: true,
            allowHardLinks: true,
          },
        ],
      },
    });
  });
  afterAll(async () => {
    await component?.close();
    rmSync(tree.base, { recursive: true, force: true });
  });

  const fs = (ops: Partial<Operation>[]): Promise<FsOutcome[]> =>
    callFsTool(component.backend, "/data", ops, tree.base);

  it(`lets nothing outside be read, written or linked (${CASES} cases, ${INSTANCES} instances at once)`, async () => {
    const batch = fc.array(fc.array(raceOperation(tree), { minLength: 1, maxLength: 6 }), {
      minLength: CASES_PER_CALL,
      maxLength: CASES_PER_CALL,
    });
    let cases = 0;
    let operations = 0;
    const instances = new Set<string>();
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: INSTANCES, maxLength: INSTANCES }), async (batches) => {
        seed();
        const calls = batches.map((cases) => cases.flat());
        const results = await Promise.all([
          ...calls.map((ops) => fs(ops)),
          ...calls.map(async () =>
            firstText(await component.backend.callTool("started_at", {}, recordingRequest().request)),
          ),
        ]);
        for (const started of results.slice(INSTANCES) as string[]) instances.add(started);
        for (const [i, ops] of calls.entries()) {
          const answers = results[i] as FsOutcome[];
          expect(answers).toHaveLength(ops.length);
          answers.forEach((answer, j) => {
            operations++;
            const key = "code" in answer ? answer.code : "ok";
            outcomes[key] = (outcomes[key] ?? 0) + 1;
            tree.expectNoLeak(
              "code" in answer ? { ok: false, code: answer.code } : { ok: true, values: [answer.ok] },
              ops[j] as Operation,
            );
          });
        }
        cases += INSTANCES * CASES_PER_CALL;
        expect(tree.snapshot()).toEqual(outsideBefore);
        tree.expectNothingLinkedOut();
      }),
      { numRuns: ROUNDS, endOnFailure: true },
    );
    console.info(
      `fs-race property: ${cases} cases, ${operations} operations on ${instances.size} instances, 0 escapes; outcomes ${JSON.stringify(outcomes)}`,
    );
    expect(cases).toBeGreaterThanOrEqual(CASES);
    expect(instances.size).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
