// What each guarded method of `descriptor` checks before the shim runs it, and after.
import { lstatSync, statSync, unlinkSync } from "node:fs";
import { shimFullPath } from "../shim-path.js";
import { counted } from "./descriptor-holds.js";
import type { Descriptor, DescriptorFlags, Flags, Method, OpenFlags } from "./descriptor-types.js";
import type { Place } from "./fs-rights.js";
import { linkAt, renameAt, symlinkAt } from "./links-and-moves.js";
import {
  beneath,
  identity,
  isRoot,
  notRoot,
  places,
  soleFileBytes,
  stripSlash,
  writable,
} from "./place-checks.js";
import { withQuota } from "./quota-writes.js";

function refuseStream(): never {
  throw "quota";
}

/** Checks one call against its place, makes it, and follows up on what it made. */
export function guardedCall(
  name: string,
  original: Method,
  self: object,
  place: Place,
  args: unknown[],
): unknown {
  const call = () => original.apply(self, args);
  // A stream counts against the instance's `maxIoResources`: past it, `quota` (nothing is opened).
  const run = name.endsWith("ViaStream") ? place.grant.resources.counted(call, refuseStream) : call;
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
