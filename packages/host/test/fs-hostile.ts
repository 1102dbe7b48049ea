// A host tree with things worth stealing next to a preopen, generated hostile filesystem calls,
// and the checks that nothing outside the preopen was touched (used by the fs-escape tests).
import { createHash } from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expect } from "vitest";

/** Written into every file outside the preopen; a read that returns it is an escape. */
export const MARKER = `SECRET-${createHash("sha256").update(String(Math.random())).digest("hex").slice(0, 16)}`;
/** Outside entries carry mtimes of 2001-01-01 00:00:0x: a stat result with one came from outside. */
const OUTSIDE_EPOCH = 978_307_200; // 2001-01-01
const OUTSIDE_FILES: Record<string, number> = {
  "zz-out/zz-secret.txt": 7919,
  "zz-out/zz-sub/zz-deep.txt": 7907,
  "rootx/zz-prefix.txt": 7901,
  "zz-base.txt": 7883,
};

/** A filesystem call the guest could make, with generated arguments. */
export type Operation =
  | { kind: "symlink"; target: string; path: string }
  | { kind: "mkdir" | "rmdir" | "unlink" | "readlink"; path: string }
  | { kind: "stat" | "hash" | "times"; follow: boolean; path: string }
  | { kind: "rename"; from: string; to: string }
  | { kind: "link"; follow: boolean; from: string; to: string }
  | {
      kind: "open";
      follow: boolean;
      path: string;
      flags: { create: boolean; truncate: boolean; directory: boolean };
      write: boolean;
      use: "read" | "write" | "stat" | "hash" | "list" | "open-in";
      sub: string;
    };

/** What one operation came to: a value, or the WASI error code it was refused with. */
export type Outcome = { ok: true; values: unknown[] } | { ok: false; code: string };

/** `base/root` is the preopen; everything else under `base` is outside it. */
export function createEscapeTree() {
  const base = mkdtempSync(join(tmpdir(), "wasi-mcp-escape-"));
  const root = join(base, "root");
  for (const [file, size] of Object.entries(OUTSIDE_FILES)) {
    mkdirSync(join(base, file, ".."), { recursive: true });
    writeFileSync(join(base, file), MARKER.padEnd(size, "#"));
  }
  symlinkSync("zz-out/zz-secret.txt", join(base, "zz-link"));
  const seedRoot = () => {
    // Empty the preopen but keep it: recreating it would change its parent, which is outside.
    mkdirSync(root, { recursive: true });
    for (const entry of readdirSync(root)) rmSync(join(root, entry), { recursive: true, force: true });
    mkdirSync(join(root, "a", "b"), { recursive: true });
    writeFileSync(join(root, "a", "f.txt"), "inside");
    symlinkSync("a/f.txt", join(root, "in-link"));
    symlinkSync("../zz-out", join(root, "host-made-out"));
    symlinkSync("../../..", join(root, "a", "b", "up"));
    symlinkSync("../f.txt", join(root, "a", "b", "ok"));
    symlinkSync("loop", join(root, "loop"));
  };
  seedRoot();
  const outsideEntries = walk(base).filter((entry) => entry !== "root" && !entry.startsWith("root/"));
  for (const [i, entry] of ["", ...outsideEntries].reverse().entries()) {
    if (!lstatSync(join(base, entry)).isSymbolicLink())
      utimesSync(join(base, entry), OUTSIDE_EPOCH + i, OUTSIDE_EPOCH + i);
  }
  const outsideInodes = new Set(
    ["", ...outsideEntries].map((entry) => lstatSync(join(base, entry), { bigint: true }).ino),
  );

  return {
    base,
    root,
    /** Puts the preopen back as it started (links are removed, never followed). */
    resetRoot: seedRoot,
    /** Everything outside the preopen: names, types, sizes, mtimes, contents, link targets. */
    snapshot(): string[] {
      return ["", ...walk(base).filter((e) => e !== "root" && !e.startsWith("root/"))].map((entry) => {
        const path = join(base, entry);
        const stat = lstatSync(path, { bigint: true });
        const detail = stat.isSymbolicLink()
          ? `-> ${readlinkSync(path)}`
          : stat.isFile()
            ? createHash("sha256").update(readFileSync(path)).digest("hex")
            : "dir";
        // nlink: a hard link made from inside to a file outside changes it.
        return `${entry} ${stat.mode} ${stat.size} ${stat.nlink} ${stat.mtimeNs} ${detail}`;
      });
    },
    /** Fails when an entry inside the preopen is (a hard link to) an entry outside it. */
    expectNothingLinkedOut(): void {
      for (const entry of walk(root)) {
        const ino = lstatSync(join(root, entry), { bigint: true }).ino;
        expect(outsideInodes.has(ino), `${entry} is an outside inode`).toBe(false);
      }
    },
    /** Fails when an outcome carries anything from outside: content, a stat, an inode, a name. */
    expectNoLeak(outcome: Outcome, op: Operation): void {
      if (!outcome.ok) {
        expect(outcome.code, JSON.stringify(op)).not.toContain(base);
        return;
      }
      const inside = new Set(walk(root).map((entry) => entry.split("/").pop()));
      for (const value of outcome.values) {
        const text = JSON.stringify(value, (_key, v) =>
          typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString() : v,
        );
        expect(text, JSON.stringify(op)).not.toContain(MARKER);
        expect(text, JSON.stringify(op)).not.toContain(base);
        const stat = value as { dataModificationTimestamp?: { seconds: bigint | string } } | undefined;
        const raw = stat?.dataModificationTimestamp?.seconds;
        const seconds = raw === undefined ? undefined : Number(raw);
        // A window, not "recent": the shim's setTimesAt("now") sets 1970-01-21 (it divides seconds by 1000).
        if (seconds !== undefined) {
          const fromOutside = seconds >= OUTSIDE_EPOCH && seconds < OUTSIDE_EPOCH + 100;
          expect(fromOutside, `${JSON.stringify(op)} stat'ed outside`).toBe(false);
        }
        // A bigint from the shim, a decimal string once it went through a component's JSON.
        const hash = value as { lower?: bigint | string } | undefined;
        if (typeof hash?.lower === "bigint" || typeof hash?.lower === "string")
          expect(outsideInodes.has(BigInt(hash.lower)), JSON.stringify(op)).toBe(false);
        if (Array.isArray(value) && value.every((e) => typeof e?.name === "string"))
          for (const entry of value) expect(inside.has(entry.name), JSON.stringify(op)).toBe(true);
      }
    },
  };
}

/** Every entry under `dir`, relative, links not followed. */
function walk(dir: string, prefix = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    found.push(path);
    if (entry.isDirectory()) found.push(...walk(dir, path));
  }
  return found;
}

/** Generated operations whose paths and link targets try every trick the shim might accept. */
export function hostileOperation(tree: { base: string; root: string }): fc.Arbitrary<Operation> {
  // Mostly names that exist or lead somewhere (so that chains form), now and then the exotic.
  const common = fc.constantFrom(
    "a",
    "a/b",
    "a/f.txt",
    "a/b/up",
    "a/b/ok",
    "l",
    "l2",
    "x",
    "in-link",
    "host-made-out",
    "loop",
    "..",
    "..",
    ".",
    "zz-out",
    "zz-secret.txt",
    "zz-base.txt",
  );
  const exotic = fc.constantFrom(
    "...",
    "",
    " ",
    "rootx",
    "root",
    "é",
    "💥",
    "\0",
    "a".repeat(300),
    "x\\..\\l",
    "..\\..",
    "f.txt",
  );
  const piece = fc.oneof({ weight: 6, arbitrary: common }, { weight: 1, arbitrary: exotic });
  const separator = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("/", "/", "\\") },
    { weight: 1, arbitrary: fc.constantFrom("//", "/./", "\\.\\", "\\\\") },
  );
  const prefix = fc.oneof(
    { weight: 8, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constantFrom("./", "/", "\\", `${tree.base}/`, "x/../", "x\\..\\") },
  );
  const random = fc
    .tuple(prefix, fc.array(fc.tuple(piece, separator), { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([start, parts, trailing]) => {
      const joined = parts.map(([p, s]) => p + s).join("");
      const lastSeparator = parts.at(-1)?.[1].length ?? 0;
      return start + (trailing || lastSeparator === 0 ? joined : joined.slice(0, -lastSeparator));
    });
  // Paths that lead somewhere, then disguised: separators turned into `\`, detours inserted.
  const meaningful = fc.constantFrom(
    "a",
    "a/f.txt",
    "a/b",
    "a/b/ok",
    "a/b/up",
    "a/b/up/zz-out/zz-secret.txt",
    "a/b/up/zz-base.txt",
    "host-made-out",
    "host-made-out/zz-secret.txt",
    "in-link",
    "l",
    "l/zz-secret.txt",
    "l/zz-out/zz-secret.txt",
    "l/zz-base.txt",
    "l2",
    "l2/f",
    "x",
    "x/f",
    "a/l",
    "a/b/l",
    "a/b/l/zz-secret.txt",
    "loop",
    "zz-base.txt",
  );
  const detour = fc.constantFrom("x\\..\\", "./", "a/../", "x/../", ".\\", "a/b/../../", "\\\\");
  const disguised = fc
    .tuple(meaningful, fc.array(fc.tuple(fc.nat(), detour), { maxLength: 2 }), fc.integer({ min: 0, max: 3 }))
    .map(([path, detours, backslashes]) => {
      let result: string = path;
      for (const [at, text] of detours) {
        const cuts = [0, ...[...result].flatMap((c, i) => (c === "/" ? [i + 1] : []))];
        const cut = cuts[at % cuts.length] ?? 0;
        result = result.slice(0, cut) + text + result.slice(cut);
      }
      for (let i = 0; i < backslashes; i++) result = result.replace("/", "\\");
      return result;
    });
  const path = fc.oneof({ weight: 3, arbitrary: disguised }, { weight: 1, arbitrary: random });
  const meaningfulTarget = fc.constantFrom(
    "..",
    "../zz-out",
    "../..",
    "../../..",
    "a",
    "a/b/up",
    "../zz-out/zz-secret.txt",
    "zz-out",
    "./..",
    "a/../..",
    "l",
    "l2",
    "host-made-out",
    "f.txt",
    "../f.txt",
    "b/up",
    "up/..",
    "l/..",
    "../a",
  );
  const randomTarget = fc
    .tuple(
      fc.oneof(
        { weight: 8, arbitrary: fc.constant("") },
        { weight: 1, arbitrary: fc.constantFrom("/", `${tree.root}/`, `${tree.base}/`) },
      ),
      fc.array(
        fc.constantFrom(
          "..",
          "..",
          ".",
          "a",
          "b",
          "up",
          "ok",
          "f.txt",
          "l",
          "l2",
          "zz-out",
          "zz-secret.txt",
          "..\\..",
          "",
        ),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
    )
    .map(([start, parts]) => start + parts.join("/"));
  const target = fc.oneof({ weight: 3, arbitrary: meaningfulTarget }, { weight: 1, arbitrary: randomTarget });
  const follow = fc.boolean();
  return fc.oneof(
    fc.record({ kind: fc.constant("symlink" as const), target, path }),
    fc.record({ kind: fc.constant("symlink" as const), target, path }),
    fc.record({
      kind: fc.constantFrom("mkdir" as const, "rmdir" as const, "unlink" as const, "readlink" as const),
      path,
    }),
    fc.record({ kind: fc.constantFrom("stat" as const, "hash" as const, "times" as const), follow, path }),
    fc.record({ kind: fc.constant("rename" as const), from: path, to: path }),
    fc.record({ kind: fc.constant("link" as const), follow, from: path, to: path }),
    fc.record({
      kind: fc.constant("open" as const),
      follow,
      path,
      flags: fc.record({ create: chance(0.3), truncate: chance(0.1), directory: chance(0.2) }),
      write: chance(0.3),
      use: fc.constantFrom(
        "read" as const,
        "write" as const,
        "stat" as const,
        "hash" as const,
        "list" as const,
        "open-in" as const,
      ),
      sub: path,
    }),
  );
}

function chance(p: number): fc.Arbitrary<boolean> {
  return fc.integer({ min: 0, max: 99 }).map((n) => n < p * 100);
}

type Call = (...args: unknown[]) => unknown;

/** The methods of `wasi:filesystem/types.descriptor` these tests call, as the shim exposes them. */
interface GuestDescriptor {
  openAt: Call;
  statAt: Call;
  metadataHashAt: Call;
  readlinkAt: Call;
  setTimesAt: Call;
  createDirectoryAt: Call;
  removeDirectoryAt: Call;
  unlinkFileAt: Call;
  symlinkAt: Call;
  linkAt: Call;
  renameAt: Call;
  read: Call;
  write: Call;
  stat: Call;
  metadataHash: Call;
  readDirectory: Call;
}

const NOW = { tag: "now" };

/** Makes one call as a guest would (the same methods, the same arguments) and records its outcome. */
export function runOperation(preopen: object, op: Operation): Outcome {
  const dir = preopen as GuestDescriptor;
  const values: unknown[] = [];
  try {
    switch (op.kind) {
      case "symlink":
        dir.symlinkAt(op.target, op.path);
        break;
      case "mkdir":
        dir.createDirectoryAt(op.path);
        break;
      case "rmdir":
        dir.removeDirectoryAt(op.path);
        break;
      case "unlink":
        dir.unlinkFileAt(op.path);
        break;
      case "readlink":
        values.push(dir.readlinkAt(op.path));
        break;
      case "stat":
        values.push(dir.statAt({ symlinkFollow: op.follow }, op.path));
        break;
      case "hash":
        values.push(dir.metadataHashAt({ symlinkFollow: op.follow }, op.path));
        break;
      case "times":
        dir.setTimesAt({ symlinkFollow: op.follow }, op.path, NOW, NOW);
        break;
      case "rename":
        dir.renameAt(op.from, preopen, op.to);
        break;
      case "link":
        dir.linkAt({ symlinkFollow: op.follow }, op.from, preopen, op.to);
        break;
      case "open":
        values.push(...openAndUse(dir, op));
        break;
    }
    return { ok: true, values };
  } catch (error) {
    // Anything but a WASI error code would trap the guest (and may carry a host path).
    expect(typeof error, `${JSON.stringify(op)} threw ${String(error)}`).toBe("string");
    return { ok: false, code: error as string };
  }
}

function openAndUse(dir: GuestDescriptor, op: Extract<Operation, { kind: "open" }>): unknown[] {
  const file = dir.openAt({ symlinkFollow: op.follow }, op.path, op.flags, {
    read: true,
    write: op.write,
  }) as GuestDescriptor & { [Symbol.dispose](): void };
  try {
    switch (op.use) {
      case "read":
        return [file.read(16_384n, 0n)];
      case "write":
        return [file.write(new TextEncoder().encode("W"), 0n)];
      case "stat":
        return [file.stat()];
      case "hash":
        return [file.metadataHash()];
      case "list": {
        const stream = file.readDirectory() as { readDirectoryEntry(): unknown };
        const entries: unknown[] = [];
        for (let entry = stream.readDirectoryEntry(); entry; entry = stream.readDirectoryEntry())
          entries.push(entry);
        return [entries];
      }
      case "open-in": {
        const inner = file.openAt({ symlinkFollow: true }, op.sub, {}, { read: true }) as GuestDescriptor & {
          [Symbol.dispose](): void;
        };
        try {
          return [inner.read(16_384n, 0n), inner.stat()];
        } finally {
          inner[Symbol.dispose]();
        }
      }
    }
  } finally {
    file[Symbol.dispose]();
  }
}
