// `symlink-at`, `rename-at` and `link-at`: what each may make, and a check of what it made.
import { readlinkSync, unlinkSync } from "node:fs";
import type { Flags } from "./descriptor-types.js";
import type { Place } from "./fs-rights.js";
import {
  beneath,
  checkNewLink,
  entryBytes,
  identity,
  isRoot,
  isSymlink,
  notRoot,
  places,
  sameEntry,
  soleFileBytes,
  writable,
} from "./place-checks.js";

export function symlinkAt(place: Place, target: string, path: unknown, run: () => unknown): unknown {
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
export function renameAt(
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
export function linkAt(place: Place, args: unknown[], run: () => unknown) {
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
