import { existsSync, lstatSync, realpathSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import type { PreopenGrant } from "./policy.js";

/** The Node flavour of the shim's filesystem module; its published types describe the browser one. */
interface NodeFilesystemModule {
  createFilesystem(config: { preopens: Record<string, string> }): {
    preopens: { getDirectories(): [object, string][] };
    types: { Descriptor: { prototype: Record<string, unknown> } };
  };
}

interface Place {
  /** Host path this descriptor stands for. */
  hostPath: string;
  /** Real path of the preopen it belongs to. */
  root: string;
  readOnly: boolean;
}

type Method = (this: object, ...args: unknown[]) => unknown;

/** Which argument holds the path, for every path-taking method of `wasi:filesystem/types.descriptor`. */
const PATH_ARGUMENT: Record<string, { path: number; writes: boolean }> = {
  openAt: { path: 1, writes: false },
  statAt: { path: 1, writes: false },
  metadataHashAt: { path: 1, writes: false },
  readlinkAt: { path: 0, writes: false },
  setTimesAt: { path: 1, writes: true },
  createDirectoryAt: { path: 0, writes: true },
  removeDirectoryAt: { path: 0, writes: true },
  unlinkFileAt: { path: 0, writes: true },
  symlinkAt: { path: 1, writes: true },
  linkAt: { path: 1, writes: true },
  renameAt: { path: 0, writes: true },
};

/** Refuses a grant whose host directory does not exist (even for a component without filesystem access). */
export function requireExistingPreopens(grants: Required<PreopenGrant>[]): void {
  for (const grant of grants) {
    if (!existsSync(grant.hostPath)) throw new Error(`preopen ${grant.hostPath} does not exist`);
  }
}

/**
 * preview2-shim's filesystem limited to the granted directories (which must exist: see
 * {@link requireExistingPreopens}, which the sandbox calls first): besides the shim's lexical checks
 * (no absolute paths, no `..` above the preopen) every path must resolve — symlinks followed — to a
 * place inside its preopen, and read-only grants refuse every write, create, rename and delete.
 * Guest errors are WASI error codes (`not-permitted`, `read-only`).
 */
export function createGuardedFilesystem(filesystem: unknown, grants: Required<PreopenGrant>[]) {
  const mapping: Record<string, string> = {};
  const roots = new Map<string, { root: string; readOnly: boolean }>();
  for (const grant of grants) {
    const root = realpathSync(grant.hostPath);
    mapping[grant.guestPath] = root;
    roots.set(grant.guestPath, { root, readOnly: grant.readOnly });
  }
  const fs = (filesystem as unknown as NodeFilesystemModule).createFilesystem({ preopens: mapping });
  const places = new WeakMap<object, Place>();
  for (const [descriptor, guestPath] of fs.preopens.getDirectories()) {
    const grant = roots.get(guestPath);
    if (grant) places.set(descriptor, { hostPath: grant.root, root: grant.root, readOnly: grant.readOnly });
  }
  guardPrototype(fs.types.Descriptor.prototype, places);
  return fs;
}

function guardPrototype(prototype: Record<string, unknown>, places: WeakMap<object, Place>): void {
  for (const [name, { path: pathIndex, writes }] of Object.entries(PATH_ARGUMENT)) {
    const original = prototype[name] as Method | undefined;
    if (typeof original !== "function") continue;
    prototype[name] = function guarded(this: object, ...args: unknown[]) {
      const place = places.get(this);
      if (!place) throw "not-permitted";
      if (writes || (name === "openAt" && opensForWriting(args))) {
        if (place.readOnly) throw "read-only";
      }
      const target = join(place.hostPath, String(args[pathIndex]));
      if (!insideRoot(target, place.root)) throw "not-permitted";
      if (name === "renameAt" || name === "linkAt") checkSecondPath(args, name, places);
      const result = original.apply(this, args);
      if (name === "openAt" && result && typeof result === "object") {
        places.set(result, { ...place, hostPath: realpathSync(target) });
      }
      return result;
    };
  }
}

/** `renameAt(old, newDescriptor, newPath)` and `linkAt(flags, old, newDescriptor, newPath)` name a second place. */
function checkSecondPath(args: unknown[], name: string, places: WeakMap<object, Place>): void {
  const [descriptor, path] = name === "renameAt" ? [args[1], args[2]] : [args[2], args[3]];
  const place = places.get(descriptor as object);
  if (!place) throw "not-permitted";
  if (place.readOnly) throw "read-only";
  if (!insideRoot(join(place.hostPath, String(path)), place.root)) throw "not-permitted";
}

function opensForWriting(args: unknown[]): boolean {
  const openFlags = (args[2] ?? {}) as { create?: boolean; truncate?: boolean };
  const descriptorFlags = (args[3] ?? {}) as { write?: boolean; mutateDirectory?: boolean };
  return Boolean(
    openFlags.create || openFlags.truncate || descriptorFlags.write || descriptorFlags.mutateDirectory,
  );
}

/** Resolves the deepest existing ancestor of `target` (following symlinks) and checks it is under `root`. */
function insideRoot(target: string, root: string): boolean {
  let probe = target;
  // lstat, not exists: a dangling symlink must not pass as "does not exist yet".
  while (!lexists(probe)) {
    const parent = dirname(probe);
    if (parent === probe) return false;
    probe = parent;
  }
  let real: string;
  try {
    real = realpathSync(probe);
  } catch {
    return false; // dangling symlink or unreadable
  }
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
