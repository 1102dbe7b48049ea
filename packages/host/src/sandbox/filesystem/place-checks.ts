// Where a call on a descriptor leads and what stands there: the checks every guarded method is built from.
import { lstatSync } from "node:fs";
import { normalizeGuestPath, shimFullPath } from "../shim-path.js";
import type { Place } from "./fs-rights.js";
import { treeBytes } from "./preopen-quota.js";
import { resolveBeneath } from "./resolve-beneath.js";

/** Descriptor → place, for every sandbox of this thread: a descriptor not here is refused. */
export const places = new WeakMap<object, Place>();

/** Resolves a guest path of a call on `place` as the shim will; refuses it when it leads out. */
export function beneath(place: Place, path: unknown, followLast: boolean): string {
  if (typeof path !== "string") throw "invalid";
  if (path.includes("\0")) throw "invalid";
  normalizeGuestPath(path); // the shim's own refusals come first
  const root = place.grant.root;
  const resolution = resolveBeneath(root, relativeTo(root, shimFullPath(place.path, path)), followLast);
  if (!resolution.inside) throw "not-permitted";
  return resolution.path;
}

/** A symlink at `path` with `target` must lead inside the preopen from where it is made. */
export function checkNewLink(place: Place, path: string, target: string): string {
  const link = beneath(place, path, false);
  if (target.startsWith("/")) throw "not-permitted";
  const parent = relativeTo(place.grant.root, link.slice(0, link.lastIndexOf("/")));
  const fromRoot = parent ? `${parent}/` : "";
  if (!resolveBeneath(place.grant.root, fromRoot + target, true).inside) throw "not-permitted";
  return link;
}

export function writable(place: Place): void {
  if (place.grant.readOnly) throw "read-only";
}

/** The preopened directories themselves are immutable from inside. */
export function notRoot(isPreopenRoot: boolean): void {
  if (isPreopenRoot) throw "not-permitted";
}

export function isRoot(place: Place, resolved: string): boolean {
  return place.grant.roots.has(resolved);
}

/** Device and inode of the entry at `path` (links not followed); undefined when there is none. */
export function identity(path: string): { dev: bigint; ino: bigint } | undefined {
  try {
    const stat = lstatSync(path, { bigint: true });
    return { dev: stat.dev, ino: stat.ino };
  } catch {
    return undefined;
  }
}

export function sameEntry(
  a: { dev: bigint; ino: bigint } | undefined,
  b: { dev: bigint; ino: bigint } | undefined,
) {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

export function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `path` (the root or under it) relative to `root`. */
export function relativeTo(root: string, path: string): string {
  const base = root.endsWith("/") ? root : `${root}/`;
  if (path === root || path === base) return "";
  if (!path.startsWith(base)) throw "not-permitted";
  return path.slice(base.length);
}

export function stripSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** The bytes removing the entry at `path` frees: a regular file that has no other name. */
export function soleFileBytes(path: string): number {
  try {
    const stat = lstatSync(path);
    return stat.isFile() && stat.nlink === 1 ? stat.size : 0;
  } catch {
    return 0;
  }
}

/** The bytes an entry holds: a file's size, a directory's files (each inode once). */
export function entryBytes(path: string): number {
  try {
    const stat = lstatSync(path);
    if (stat.isFile()) return stat.size;
    return stat.isDirectory() ? Number(treeBytes(path)) : 0;
  } catch {
    return 0;
  }
}
