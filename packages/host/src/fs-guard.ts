import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { toFilesystemErrorCode } from "./filesystem-errors.js";
import { withFilesystemLock } from "./filesystem-lock.js";
import type { PreopenGrant } from "./policy.js";
import { resolveBeneath } from "./resolve-beneath.js";
import { normalizeGuestPath, shimFullPath } from "./shim-path.js";

/** The Node flavour of the shim's filesystem module; its published types describe the browser one. */
interface NodeFilesystemModule {
  createFilesystem(config: { preopens: Record<string, string> }): {
    preopens: { getDirectories(): [object, string][] };
    types: {
      Descriptor: { prototype: Record<string | symbol, unknown> };
      DirectoryEntryStream: { prototype: Record<string | symbol, unknown> };
    };
  };
}

/** What the guard knows of one descriptor the guest holds. */
interface Place {
  /** The host path the shim stands this descriptor for (its `#fullPath`, lexical). */
  path: string;
  /** Real path of the preopen it belongs to. */
  root: string;
  readOnly: boolean;
}

interface Descriptor {
  metadataHash(): { upper: bigint; lower: bigint };
  [Symbol.dispose](): void;
}

type Method = (this: object, ...args: unknown[]) => unknown;

/** Methods that name a path: checked and made under the process-wide filesystem lock. */
const LOCKED = new Set([
  "openAt",
  "statAt",
  "metadataHashAt",
  "readlinkAt",
  "readDirectory",
  "setTimesAt",
  "createDirectoryAt",
  "removeDirectoryAt",
  "unlinkFileAt",
  "symlinkAt",
  "renameAt",
  "linkAt",
]);

/** Marks a shim prototype this module has wrapped (once per thread, whatever the number of sandboxes). */
const GUARDED = Symbol.for("@wasi-mcp/host.fs-guard");
/** Descriptor → place, for every sandbox of this thread: a descriptor not here is refused. */
const places = new WeakMap<object, Place>();

/** Refuses a grant whose host directory does not exist (even for a component without filesystem access). */
export function requireExistingPreopens(grants: Required<PreopenGrant>[]): void {
  for (const grant of grants) {
    if (!existsSync(grant.hostPath)) throw new Error(`preopen ${grant.hostPath} does not exist`);
  }
}

/**
 * preview2-shim's filesystem limited to the granted directories (which must exist: see
 * {@link requireExistingPreopens}, which the sandbox calls first). Every path is normalised exactly
 * as the shim will (backslashes, `//`, `.`, `..`: see `normalizeGuestPath`), then resolved under the
 * preopen's real path with symlinks followed as the kernel follows them; a path that leads out is
 * refused before the shim sees it, without anything outside being touched. Symlinks are checked
 * when created (and when renamed or hard-linked elsewhere) and again at every use; what `openAt`
 * actually opened is compared with what was checked (inode and mtime of the descriptor) and closed
 * and refused when they differ; each check and its use run under one process-wide lock (see
 * `withFilesystemLock`), so another instance cannot change the tree in between. Read-only
 * grants refuse every write, create, rename and delete. Every failure, the host's exceptions included, reaches the guest as a WASI error code (`not-permitted`,
 * `read-only`, `no-entry`, …): never a trap, never a host path.
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
  for (const [descriptor, guestPath] of fs.preopens.getDirectories()) {
    const grant = roots.get(guestPath);
    if (grant) places.set(descriptor, { path: stripSlash(grant.root), ...grant });
  }
  guardDescriptors(fs.types.Descriptor.prototype);
  convertErrors(fs.types.DirectoryEntryStream.prototype);
  return fs;
}

function guardDescriptors(prototype: Record<string | symbol, unknown>): void {
  if (prototype[GUARDED]) return;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const original = prototype[name];
    if (name === "constructor" || name === "isSameObject" || typeof original !== "function") continue;
    prototype[name] = function guarded(this: object, ...args: unknown[]) {
      try {
        const place = places.get(this);
        if (!place) throw "not-permitted";
        if (!LOCKED.has(name)) return guardedCall(name, original as Method, this, place, args);
        return withFilesystemLock(() => guardedCall(name, original as Method, this, place, args));
      } catch (error) {
        throw toFilesystemErrorCode(error);
      }
    };
  }
  prototype[GUARDED] = true;
}

/** Every other method of a shim class: the host's exceptions become error codes. */
function convertErrors(prototype: Record<string | symbol, unknown>): void {
  if (prototype[GUARDED]) return;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const original = prototype[name];
    if (name === "constructor" || typeof original !== "function") continue;
    prototype[name] = function converted(this: object, ...args: unknown[]) {
      try {
        return (original as Method).apply(this, args);
      } catch (error) {
        throw toFilesystemErrorCode(error);
      }
    };
  }
  prototype[GUARDED] = true;
}

type Flags = { symlinkFollow?: boolean } | undefined;

/** Checks one call against its place, makes it, and follows up on what it opened. */
function guardedCall(name: string, original: Method, self: object, place: Place, args: unknown[]): unknown {
  const run = () => original.apply(self, args);
  switch (name) {
    case "openAt": {
      const [flags, path, openFlags, descriptorFlags] = args;
      if (opensForWriting(openFlags, descriptorFlags)) writable(place);
      const target = beneath(place, path, Boolean((flags as Flags)?.symlinkFollow));
      const opened = run() as Descriptor;
      places.set(opened, { ...place, path: stripSlash(shimFullPath(place.path, String(path))) });
      try {
        verifyOpened(opened, target, Boolean((flags as Flags)?.symlinkFollow));
      } catch (error) {
        places.delete(opened);
        opened[Symbol.dispose]();
        throw error;
      }
      return opened;
    }
    case "statAt":
    case "metadataHashAt":
      beneath(place, args[1], Boolean((args[0] as Flags)?.symlinkFollow));
      return run();
    case "readlinkAt":
      beneath(place, args[0], false);
      return run();
    case "readDirectory":
      beneath(place, "", true);
      return run();
    case "setTimesAt":
      // The shim calls utimes (which follows) when symlinkFollow is false, lutimes when true.
      writable(place);
      beneath(place, args[1], true);
      return run();
    case "createDirectoryAt":
    case "removeDirectoryAt":
    case "unlinkFileAt":
      writable(place);
      beneath(place, args[0], false);
      return run();
    case "symlinkAt":
      writable(place);
      checkNewLink(place, String(args[1]), String(args[0]));
      return run();
    case "renameAt":
      return moveOrLink(place, args[0], args[1], args[2], false, run);
    case "linkAt":
      return moveOrLink(place, args[1], args[2], args[3], Boolean((args[0] as Flags)?.symlinkFollow), run);
    default:
      return run();
  }
}

/** `renameAt(old, newDescriptor, newPath)` and `linkAt(flags, old, newDescriptor, newPath)`. */
function moveOrLink(
  place: Place,
  oldPath: unknown,
  newDescriptor: unknown,
  newPath: unknown,
  followOld: boolean,
  run: () => unknown,
): unknown {
  writable(place);
  const to = places.get(newDescriptor as object);
  if (!to) throw "not-permitted";
  writable(to);
  const from = beneath(place, oldPath, followOld);
  beneath(to, newPath, false);
  // A symlink that moves keeps its target text, which may point elsewhere from its new directory.
  if (!followOld && isSymlink(from)) checkNewLink(to, String(newPath), readlinkSync(from));
  return run();
}

/** A symlink at `path` with `target` must lead inside the preopen from where it is made. */
function checkNewLink(place: Place, path: string, target: string): void {
  const link = beneath(place, path, false);
  if (target.startsWith("/")) throw "not-permitted";
  const parent = relativeTo(place.root, link.slice(0, link.lastIndexOf("/")));
  const fromRoot = parent ? `${parent}/` : "";
  if (!resolveBeneath(place.root, fromRoot + target, true).inside) throw "not-permitted";
}

/** Resolves a guest path of a call on `place` as the shim will; refuses it when it leads out. */
function beneath(place: Place, path: unknown, followLast: boolean): string {
  if (typeof path !== "string") throw "invalid";
  if (path.includes("\0")) throw "invalid";
  normalizeGuestPath(path); // the shim's own refusals come first
  const resolution = resolveBeneath(
    place.root,
    relativeTo(place.root, shimFullPath(place.path, path)),
    followLast,
  );
  if (!resolution.inside) throw "not-permitted";
  return resolution.path;
}

/**
 * Compares what `openAt` opened with the path that was checked. Another instance sharing the
 * preopen may have swapped a component for a symlink in between; then the inode (or its mtime)
 * differs, and the call is refused (its caller closes the descriptor).
 */
function verifyOpened(opened: Descriptor, checked: string, follow: boolean): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    const hash = opened.metadataHash();
    let expected: { ino: bigint; mtimeNs: bigint };
    try {
      expected = (follow ? statSync : lstatSync)(checked, { bigint: true });
    } catch {
      break;
    }
    if (expected.ino === hash.lower && expected.mtimeNs === hash.upper) return;
  }
  throw "not-permitted";
}

function writable(place: Place): void {
  if (place.readOnly) throw "read-only";
}

function opensForWriting(openFlags: unknown, descriptorFlags: unknown): boolean {
  const open = (openFlags ?? {}) as { create?: boolean; truncate?: boolean };
  const descriptor = (descriptorFlags ?? {}) as { write?: boolean; mutateDirectory?: boolean };
  return Boolean(open.create || open.truncate || descriptor.write || descriptor.mutateDirectory);
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `path` (the root or under it) relative to `root`. */
function relativeTo(root: string, path: string): string {
  const base = root.endsWith("/") ? root : `${root}/`;
  if (path === root || path === base) return "";
  if (!path.startsWith(base)) throw "not-permitted";
  return path.slice(base.length);
}

function stripSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}
