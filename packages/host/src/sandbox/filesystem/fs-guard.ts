import { existsSync, lstatSync, readlinkSync, realpathSync, statSync, unlinkSync } from "node:fs";
import type { ResolvedPreopen } from "../../policy.js";
import { normalizeGuestPath, shimFullPath } from "../shim-path.js";
import { DescriptorBudget } from "./descriptor-budget.js";
import { toFilesystemErrorCode } from "./filesystem-errors.js";
import { withFilesystemLock } from "./filesystem-lock.js";
import { type Grant, METHOD_RULES, type Place } from "./fs-rights.js";
import { PreopenQuota, treeBytes } from "./preopen-quota.js";
import { resolveBeneath } from "./resolve-beneath.js";

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

interface Descriptor {
  metadataHash(): { upper: bigint; lower: bigint };
  getType(): string;
  readDirectory(): unknown;
  openAt(...args: unknown[]): Descriptor;
  [Symbol.dispose](): void;
}

type Method = (this: object, ...args: unknown[]) => unknown;

/** Marks a shim prototype this module has wrapped (once per thread, whatever the number of sandboxes). */
const GUARDED = Symbol.for("@wasi-mcp/host.fs-guard");
/** Descriptor → place, for every sandbox of this thread: a descriptor not here is refused. */
const places = new WeakMap<object, Place>();
/** Open descriptors and listings → the budget they count against, until dropped or collected. */
const held = new WeakMap<object, DescriptorBudget>();
const collected = new FinalizationRegistry<DescriptorBudget>((budget) => budget.give());

/** Limits of one sandbox's filesystem. */
export interface FilesystemLimits {
  /** Open descriptors and directory listings the instance may hold at once. */
  maxOpenDescriptors: number;
  /** `wasi:io/error`'s class, for a stream write refused by a quota. */
  IoError?: new (
    payload: unknown,
  ) => object;
}

/** Refuses a grant whose host directory does not exist (even for a component without filesystem access). */
export function requireExistingPreopens(grants: ResolvedPreopen[]): void {
  for (const grant of grants) {
    if (!existsSync(grant.hostPath)) throw new Error(`preopen ${grant.hostPath} does not exist`);
  }
}

/**
 * preview2-shim's filesystem limited to the granted directories (which must exist: see
 * {@link requireExistingPreopens}, which the sandbox calls first). Every method of `descriptor` is
 * checked against the descriptor's rights before the shim runs it (`fs-rights.ts`: one rule per
 * method, a method without a rule is refused), so a read-only grant is read-only whether a call
 * names a path or acts on an open descriptor, and the preopened directory itself cannot be
 * removed, renamed over, replaced or re-timed from inside. Every path is normalised exactly as the
 * shim will (backslashes, `//`, `.`, `..`: see `normalizeGuestPath`), then resolved under the
 * preopen's real path with symlinks followed as the kernel follows them; a path that leads out is
 * refused before the shim sees it, without anything outside being touched. Each check and its use
 * run under one process-wide lock (`withFilesystemLock`), and what `open-at`, `link-at`,
 * `rename-at` and `symlink-at` made is compared with what was checked afterwards (a change made by
 * another process in between is refused, and undone where that is safe). Making symlinks and hard
 * links is refused unless the grant allows it. Every failure, the host's exceptions included,
 * reaches the guest as a WASI error code (`not-permitted`, `read-only`, `no-entry`, …): never a
 * trap, never a host path.
 */
export function createGuardedFilesystem(
  filesystem: unknown,
  grants: ResolvedPreopen[],
  limits: FilesystemLimits = { maxOpenDescriptors: 256 },
) {
  const budget = new DescriptorBudget(limits.maxOpenDescriptors);
  streamError = limits.IoError ?? streamError;
  const mapping: Record<string, string> = {};
  const rules = new Map<string, Grant>();
  const roots = new Set<string>();
  for (const grant of grants) {
    const root = stripSlash(realpathSync(grant.hostPath));
    mapping[grant.guestPath] = root;
    roots.add(root);
    rules.set(grant.guestPath, {
      root,
      readOnly: grant.readOnly,
      allowSymlinks: grant.allowSymlinks === true,
      allowHardLinks: grant.allowHardLinks === true,
      roots,
      budget,
      quota:
        Number.isFinite(grant.maxBytes) && !grant.readOnly
          ? new PreopenQuota(root, grant.maxBytes, grant.usage)
          : undefined,
    });
  }
  const fs = (filesystem as unknown as NodeFilesystemModule).createFilesystem({ preopens: mapping });
  for (const [descriptor, guestPath] of fs.preopens.getDirectories()) {
    const grant = rules.get(guestPath);
    if (grant) places.set(descriptor, { path: grant.root, grant, preopen: true, write: false, root: true });
  }
  countDisposals(fs.types.Descriptor.prototype);
  countDisposals(fs.types.DirectoryEntryStream.prototype);
  guardDescriptors(fs.types.Descriptor.prototype);
  convertErrors(fs.types.DirectoryEntryStream.prototype);
  return fs;
}

const COUNTED = Symbol.for("@wasi-mcp/host.fs-guard.counted");

/** A descriptor or listing the guest drops gives its place in the budget back. */
function countDisposals(prototype: Record<string | symbol, unknown>): void {
  if (prototype[COUNTED]) return;
  const dispose = prototype[Symbol.dispose] as Method;
  prototype[Symbol.dispose] = function disposed(this: object) {
    release(this);
    return dispose.call(this);
  };
  prototype[COUNTED] = true;
}

/** Counts a new descriptor or listing against `budget` (taken before it was opened). */
function hold(resource: object, budget: DescriptorBudget): void {
  held.set(resource, budget);
  collected.register(resource, budget, resource);
}

function release(resource: object): void {
  const budget = held.get(resource);
  if (!budget) return;
  held.delete(resource);
  collected.unregister(resource);
  budget.give();
}

/** Opens through `open` with one place of `budget` taken; given back when the open fails. */
function counted<T extends object>(budget: DescriptorBudget, open: () => T): T {
  budget.take();
  let opened: T;
  try {
    opened = open();
  } catch (error) {
    budget.give();
    throw error;
  }
  hold(opened, budget);
  return opened;
}

function guardDescriptors(prototype: Record<string | symbol, unknown>): void {
  if (prototype[GUARDED]) return;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const original = prototype[name];
    if (name === "constructor" || typeof original !== "function") continue;
    prototype[name] = function guarded(this: object, ...args: unknown[]) {
      try {
        const place = places.get(this);
        const rule = METHOD_RULES[name];
        // A method the rules do not know (a newer shim's) is refused rather than run unchecked.
        if (!place || !rule) throw "not-permitted";
        const call = () => guardedCall(name, original as Method, this, place, args);
        // A quota's count and what it counts change together, also for writes on descriptors.
        return rule.locked || place.grant.quota ? withFilesystemLock(call) : call();
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
type OpenFlags = { create?: boolean; truncate?: boolean; directory?: boolean } | undefined;
type DescriptorFlags = { write?: boolean; mutateDirectory?: boolean } | undefined;

/** Checks one call against its place, makes it, and follows up on what it made. */
function guardedCall(name: string, original: Method, self: object, place: Place, args: unknown[]): unknown {
  const run = () => original.apply(self, args);
  switch (name) {
    // Reading an open descriptor: its fd's own rights (the OS refuses a read without them).
    case "readViaStream":
    case "read":
    case "advise":
    case "getFlags":
    case "getType":
    case "stat":
    case "metadataHash":
    case "isSameObject":
      return run();
    case "writeViaStream":
    case "appendViaStream":
    case "write":
    case "setSize": {
      writable(place);
      if (!place.write) throw "bad-descriptor";
      const quota = place.grant.quota;
      if (!quota) return run();
      return withQuota(name, quota, self as Descriptor, args, run);
    }
    case "sync":
    case "syncData":
      // Under a read-only grant there is nothing of the component's to flush: nothing is done.
      if (place.grant.readOnly) return undefined;
      return run();
    case "setTimes":
      writable(place);
      notRoot(place.root);
      if (!place.write && (self as Descriptor).getType() !== "directory") throw "not-permitted";
      return run();
    case "readDirectory":
      return listDirectory(self as Descriptor, place, run);
    case "openAt":
      return openAt(place, args, run);
    case "statAt":
    case "metadataHashAt":
      beneath(place, args[1], Boolean((args[0] as Flags)?.symlinkFollow));
      return run();
    case "readlinkAt":
      beneath(place, args[0], false);
      return run();
    case "setTimesAt":
      // The shim calls utimes (which follows) when symlinkFollow is false, lutimes when true.
      writable(place);
      notRoot(isRoot(place, beneath(place, args[1], true)));
      return run();
    case "createDirectoryAt":
    case "removeDirectoryAt":
    case "unlinkFileAt": {
      writable(place);
      const target = beneath(place, args[0], false);
      notRoot(isRoot(place, target));
      const freed = name === "unlinkFileAt" ? soleFileBytes(target) : 0;
      run();
      place.grant.quota?.release(freed);
      return undefined;
    }
    case "symlinkAt":
      return symlinkAt(place, String(args[0]), args[1], run);
    case "renameAt":
      return renameAt(place, args[0], args[1], args[2], run);
    case "linkAt":
      return linkAt(place, args, run);
    default:
      throw "not-permitted";
  }
}

/** A preopen's own listing (the shim's preopen descriptor has no path to list: `bad-descriptor`). */
function listDirectory(self: Descriptor, place: Place, run: () => unknown): unknown {
  beneath(place, "", true);
  if (!place.preopen) return counted(place.grant.budget, run as () => object);
  const itself = self.openAt({ symlinkFollow: false }, ".", { directory: true }, { read: true });
  try {
    return itself.readDirectory();
  } finally {
    itself[Symbol.dispose]();
  }
}

function openAt(place: Place, args: unknown[], run: () => unknown): Descriptor {
  const [flags, path, openFlags, descriptorFlags] = args as [Flags, unknown, OpenFlags, DescriptorFlags];
  const follow = Boolean(flags?.symlinkFollow);
  const writes = Boolean(
    openFlags?.create || openFlags?.truncate || descriptorFlags?.write || descriptorFlags?.mutateDirectory,
  );
  if (writes) writable(place);
  const target = beneath(place, path, follow);
  const root = isRoot(place, target);
  if (writes) notRoot(root);
  const creates = Boolean(openFlags?.create) && identity(target) === undefined;
  const truncated = openFlags?.truncate ? soleFileBytes(follow ? target : target) : 0;
  const opened = counted(place.grant.budget, run as () => Descriptor);
  place.grant.quota?.release(truncated);
  const child: Place = {
    path: stripSlash(shimFullPath(place.path, String(path))),
    grant: place.grant,
    preopen: false,
    write: Boolean(descriptorFlags?.write),
    root,
  };
  // Registered before the check, which calls a guarded method of the new descriptor.
  places.set(opened, child);
  try {
    verifyOpened(opened, target, follow);
    // Post-condition: the path still leads where it was checked (no component became a link).
    if (beneath(place, path, follow) !== target) throw "not-permitted";
  } catch (error) {
    if (creates) undoCreated(place, path, opened);
    places.delete(opened);
    opened[Symbol.dispose]();
    throw error;
  }
  return opened;
}

function symlinkAt(place: Place, target: string, path: unknown, run: () => unknown): unknown {
  writable(place);
  if (!place.grant.allowSymlinks) throw "not-permitted";
  const link = checkNewLink(place, String(path), target);
  notRoot(isRoot(place, link));
  run();
  // Post-condition: the link is where it was checked, with the text that was checked.
  const made = beneath(place, path, false);
  if (made !== link || !isSymlink(made) || readlinkSync(made) !== target) {
    if (isSymlink(made) && readlinkSync(made) === target) unlinkSync(made);
    throw "not-permitted";
  }
  return undefined;
}

/** `rename-at(old, new-descriptor, new)`. */
function renameAt(
  place: Place,
  oldPath: unknown,
  newDescriptor: unknown,
  newPath: unknown,
  run: () => unknown,
) {
  writable(place);
  const to = places.get(newDescriptor as object);
  if (!to) throw "not-permitted";
  writable(to);
  const from = beneath(place, oldPath, false);
  const destination = beneath(to, newPath, false);
  notRoot(isRoot(place, from) || isRoot(to, destination));
  // A symlink that moves keeps its target text, which may point elsewhere from its new directory.
  if (isSymlink(from)) checkNewLink(to, String(newPath), readlinkSync(from));
  const moved = identity(from);
  const replaced = soleFileBytes(destination);
  // Between two grants the bytes move from one quota to the other.
  const crossing = place.grant !== to.grant && (place.grant.quota || to.grant.quota) ? entryBytes(from) : 0;
  if (crossing > 0 && to.grant.quota && !to.grant.quota.reserve(crossing)) throw "insufficient-space";
  try {
    run();
  } catch (error) {
    to.grant.quota?.release(crossing);
    throw error;
  }
  to.grant.quota?.release(replaced);
  place.grant.quota?.release(crossing);
  // Post-condition: what now stands at the checked destination is what was checked at the source.
  if (!sameEntry(identity(beneath(to, newPath, false)), moved)) throw "not-permitted";
  return undefined;
}

/** `link-at(old-flags, old, new-descriptor, new)`. */
function linkAt(place: Place, args: unknown[], run: () => unknown) {
  const [flags, oldPath, newDescriptor, newPath] = args;
  writable(place);
  const to = places.get(newDescriptor as object);
  if (!to) throw "not-permitted";
  writable(to);
  if (!place.grant.allowHardLinks || !to.grant.allowHardLinks) throw "not-permitted";
  const followOld = Boolean((flags as Flags)?.symlinkFollow);
  const from = beneath(place, oldPath, followOld);
  const destination = beneath(to, newPath, false);
  notRoot(isRoot(to, destination));
  if (!followOld && isSymlink(from)) {
    if (!to.grant.allowSymlinks) throw "not-permitted";
    checkNewLink(to, String(newPath), readlinkSync(from));
  }
  const linked = identity(from);
  run();
  // Post-condition: the new name is a link to the very file that was checked.
  if (!sameEntry(identity(beneath(to, newPath, false)), linked)) throw "not-permitted";
  return undefined;
}

/** A symlink at `path` with `target` must lead inside the preopen from where it is made. */
function checkNewLink(place: Place, path: string, target: string): string {
  const link = beneath(place, path, false);
  if (target.startsWith("/")) throw "not-permitted";
  const parent = relativeTo(place.grant.root, link.slice(0, link.lastIndexOf("/")));
  const fromRoot = parent ? `${parent}/` : "";
  if (!resolveBeneath(place.grant.root, fromRoot + target, true).inside) throw "not-permitted";
  return link;
}

/** Resolves a guest path of a call on `place` as the shim will; refuses it when it leads out. */
function beneath(place: Place, path: unknown, followLast: boolean): string {
  if (typeof path !== "string") throw "invalid";
  if (path.includes("\0")) throw "invalid";
  normalizeGuestPath(path); // the shim's own refusals come first
  const root = place.grant.root;
  const resolution = resolveBeneath(root, relativeTo(root, shimFullPath(place.path, path)), followLast);
  if (!resolution.inside) throw "not-permitted";
  return resolution.path;
}

/**
 * Compares what `openAt` opened with the path that was checked. Another process sharing the
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

/**
 * A create-open that opened something other than what was checked may have made an empty file
 * elsewhere: removed when the path now leads inside the grant to the very file that was opened,
 * empty and with no other name (a file outside is never touched).
 */
function undoCreated(place: Place, path: unknown, opened: Descriptor): void {
  try {
    const where = beneath(place, path, false);
    const stat = lstatSync(where, { bigint: true });
    if (stat.isFile() && stat.size === 0n && stat.nlink === 1n && opened.metadataHash().lower === stat.ino)
      unlinkSync(where);
  } catch {
    // Nothing to undo, or nothing of ours to touch.
  }
}

function writable(place: Place): void {
  if (place.grant.readOnly) throw "read-only";
}

/** The preopened directories themselves are immutable from inside. */
function notRoot(isPreopenRoot: boolean): void {
  if (isPreopenRoot) throw "not-permitted";
}

function isRoot(place: Place, resolved: string): boolean {
  return place.grant.roots.has(resolved);
}

/** Device and inode of the entry at `path` (links not followed); undefined when there is none. */
function identity(path: string): { dev: bigint; ino: bigint } | undefined {
  try {
    const stat = lstatSync(path, { bigint: true });
    return { dev: stat.dev, ino: stat.ino };
  } catch {
    return undefined;
  }
}

function sameEntry(a: { dev: bigint; ino: bigint } | undefined, b: { dev: bigint; ino: bigint } | undefined) {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
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

/** The error a stream write refused by a quota carries (the guest's `filesystem-error-code` reads `insufficient-space`). */
let streamError: new (payload: unknown) => object = Error as unknown as new (payload: unknown) => object;

/** `write`, `set-size` and the write streams of a file under a grant with `maxBytes`. */
function withQuota(name: string, quota: PreopenQuota, file: Descriptor, args: unknown[], run: () => unknown) {
  const size = () => Number((file as unknown as { stat(): { size: bigint } }).stat().size);
  const grow = (end: number) => {
    const growth = end - size();
    if (growth > 0 && !quota.reserve(growth)) throw "insufficient-space";
    return Math.max(0, growth);
  };
  switch (name) {
    case "write": {
      const [buffer, offset] = args as [Uint8Array, bigint];
      const growth = grow(Number(offset) + buffer.byteLength);
      try {
        return run();
      } catch (error) {
        quota.release(growth);
        throw error;
      }
    }
    case "setSize": {
      const before = size();
      const after = Number(args[0] as bigint);
      const growth = grow(after);
      try {
        run();
      } catch (error) {
        quota.release(growth);
        throw error;
      }
      quota.release(before - after);
      return undefined;
    }
    default: {
      const stream = run() as Record<string, unknown>;
      const start = name === "appendViaStream" ? size() : Number(args[0] as bigint);
      return boundedStream(stream, start, quota, size);
    }
  }
}

/**
 * Checks each write of a file's output stream against the quota (a stream's writes reach the file
 * without passing the descriptor's methods). Past it, the write fails with `last-operation-failed`,
 * whose error reads `insufficient-space`.
 */
function boundedStream(
  stream: Record<string, unknown>,
  start: number,
  quota: PreopenQuota,
  size: () => number,
) {
  let position = start;
  const refuse = () => {
    const error = Object.assign(new Error("insufficient-space"), { code: "ENOSPC" });
    return { tag: "last-operation-failed", val: new streamError(error) };
  };
  const bound = (method: string, length: (arg: unknown) => number) => {
    const original = stream[method] as ((arg: unknown) => unknown) | undefined;
    if (typeof original !== "function") return;
    stream[method] = (arg: unknown) =>
      withFilesystemLock(() => {
        const count = length(arg);
        const growth = position + count - size();
        if (growth > 0 && !quota.reserve(growth)) throw refuse();
        try {
          const result = original.call(stream, arg);
          position += count;
          return result;
        } catch (error) {
          if (growth > 0) quota.release(growth);
          throw error;
        }
      });
  };
  for (const method of ["write", "blockingWriteAndFlush"])
    bound(method, (bytes) => (bytes as Uint8Array).byteLength);
  for (const method of ["writeZeroes", "blockingWriteZeroesAndFlush"])
    bound(method, (count) => Number(count));
  // A splice's length is known only once read: refused outright under a quota.
  for (const method of ["splice", "blockingSplice"])
    stream[method] = () => {
      throw refuse();
    };
  return stream;
}

/** The bytes removing the entry at `path` frees: a regular file that has no other name. */
function soleFileBytes(path: string): number {
  try {
    const stat = lstatSync(path);
    return stat.isFile() && stat.nlink === 1 ? stat.size : 0;
  } catch {
    return 0;
  }
}

/** The bytes an entry holds: a file's size, a directory's files (each inode once). */
function entryBytes(path: string): number {
  try {
    const stat = lstatSync(path);
    if (stat.isFile()) return stat.size;
    return stat.isDirectory() ? Number(treeBytes(path)) : 0;
  } catch {
    return 0;
  }
}
