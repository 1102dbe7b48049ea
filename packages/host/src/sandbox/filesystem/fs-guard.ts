import { existsSync, realpathSync } from "node:fs";
import type { ResolvedPreopen } from "../../policy.js";
import { IoResources } from "../io/io-resources.js";
import { DescriptorBudget } from "./descriptor-budget.js";
import { countDisposals } from "./descriptor-holds.js";
import type { Method } from "./descriptor-types.js";
import { toFilesystemErrorCode } from "./filesystem-errors.js";
import { withFilesystemLock } from "./filesystem-lock.js";
import { type Grant, METHOD_RULES } from "./fs-rights.js";
import { guardedCall } from "./guarded-call.js";
import { places, stripSlash } from "./place-checks.js";
import { PreopenQuota } from "./preopen-quota.js";
import { useStreamError } from "./quota-writes.js";

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

/** Marks a shim prototype this module has wrapped (once per thread, whatever the number of sandboxes). */
const GUARDED = Symbol.for("@wasi-mcp/host.fs-guard");

/** Limits of one sandbox's filesystem. */
export interface FilesystemLimits {
  /** Open descriptors and directory listings the instance may hold at once. */
  maxOpenDescriptors: number;
  /** `wasi:io/error`'s class, for a stream write refused by a quota. */
  IoError?: new (
    payload: unknown,
  ) => object;
  /** The instance's streams and pollables, where its file streams count (their own count when absent). */
  resources?: IoResources;
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
  const resources = limits.resources ?? new IoResources();
  if (limits.IoError) useStreamError(limits.IoError);
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
      resources,
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
