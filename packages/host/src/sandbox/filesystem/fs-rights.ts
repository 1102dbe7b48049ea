import type { IoResources } from "../io/io-resources.js";
import type { DescriptorBudget } from "./descriptor-budget.js";
import type { PreopenQuota } from "./preopen-quota.js";

/** One preopen grant as the guard applies it. */
export interface Grant {
  /** Real path of the granted directory. */
  root: string;
  readOnly: boolean;
  allowSymlinks: boolean;
  allowHardLinks: boolean;
  /** Real paths of every preopen of the sandbox: none may be removed, renamed over or re-timed. */
  roots: ReadonlySet<string>;
  /** The instance's open descriptors (shared by every grant of one sandbox). */
  budget: DescriptorBudget;
  /** The instance's streams and pollables (a file's streams count there). */
  resources: IoResources;
  /** The grant's `maxBytes`, when it has one. */
  quota: PreopenQuota | undefined;
}

/** What the guard knows of one descriptor the guest holds. */
export interface Place {
  /** The host path the shim stands this descriptor for (its `#fullPath`, lexical). */
  path: string;
  grant: Grant;
  /** The preopen's own descriptor (the shim gives it no path of its own). */
  preopen: boolean;
  /** Opened with the `write` flag. */
  write: boolean;
  /** Stands for a preopened directory itself. */
  root: boolean;
}

/** How the guard treats one method of `wasi:filesystem/types.descriptor`. */
export interface MethodRule {
  /** Its WIT name. */
  wit: string;
  /** Checked and made under the process-wide filesystem lock (it acts on a path, not an fd). */
  locked: boolean;
  /** The check, in words (docs/security.md's table is this column). */
  check: string;
}

const PATH = "the path resolves inside the grant (links followed as the kernel would)";
const WRITE = "a writable grant (`read-only`)";
const NOT_ROOT = "not a preopened directory itself (`not-permitted`)";

/**
 * Every method of `descriptor`, by its name in preview2-shim, with its check. A method missing
 * here (one a newer shim adds) is refused with `not-permitted`: `fs-rights.test.ts` compares this
 * table with the installed shim's methods.
 */
export const METHOD_RULES: Readonly<Record<string, MethodRule>> = {
  readViaStream: { wit: "read-via-stream", locked: false, check: "none: the fd's own read right" },
  writeViaStream: {
    wit: "write-via-stream",
    locked: false,
    check: `${WRITE}; opened with \`write\` (\`bad-descriptor\`)`,
  },
  appendViaStream: {
    wit: "append-via-stream",
    locked: false,
    check: `${WRITE}; opened with \`write\` (\`bad-descriptor\`)`,
  },
  advise: { wit: "advise", locked: false, check: "none (a hint)" },
  syncData: { wit: "sync-data", locked: false, check: "read-only grant: nothing is done (success)" },
  getFlags: { wit: "get-flags", locked: false, check: "none" },
  getType: { wit: "get-type", locked: false, check: "none" },
  setSize: { wit: "set-size", locked: false, check: `${WRITE}; opened with \`write\` (\`bad-descriptor\`)` },
  setTimes: {
    wit: "set-times",
    locked: false,
    check: `${WRITE}; ${NOT_ROOT}; a file opened with \`write\` (\`not-permitted\`)`,
  },
  read: { wit: "read", locked: false, check: "none: the fd's own read right" },
  write: { wit: "write", locked: false, check: `${WRITE}; opened with \`write\` (\`bad-descriptor\`)` },
  readDirectory: {
    wit: "read-directory",
    locked: true,
    check: `${PATH}; a listing counts as an open descriptor (\`quota\`); a preopen lists its own directory`,
  },
  sync: { wit: "sync", locked: false, check: "read-only grant: nothing is done (success)" },
  createDirectoryAt: { wit: "create-directory-at", locked: true, check: `${WRITE}; ${PATH}; ${NOT_ROOT}` },
  stat: { wit: "stat", locked: false, check: "none (the open fd)" },
  statAt: { wit: "stat-at", locked: true, check: PATH },
  setTimesAt: { wit: "set-times-at", locked: true, check: `${WRITE}; ${PATH}; ${NOT_ROOT}` },
  linkAt: {
    wit: "link-at",
    locked: true,
    check: `grant's \`allowHardLinks\` (\`not-permitted\`); ${WRITE} (both); ${PATH} (both); ${NOT_ROOT}; a symlink source needs \`allowSymlinks\` and its target re-checked; after: the new name is the checked file`,
  },
  openAt: {
    wit: "open-at",
    locked: true,
    check: `the instance's open descriptors under \`maxOpenDescriptors\` and the host's reserve (\`quota\`); create, truncate or \`write\`: ${WRITE} and ${NOT_ROOT}; ${PATH}; after: the opened inode is the checked one (else closed; a file it created is removed)`,
  },
  readlinkAt: { wit: "readlink-at", locked: true, check: PATH },
  removeDirectoryAt: { wit: "remove-directory-at", locked: true, check: `${WRITE}; ${PATH}; ${NOT_ROOT}` },
  renameAt: {
    wit: "rename-at",
    locked: true,
    check: `${WRITE} (both); ${PATH} (both); ${NOT_ROOT} (either); a symlink's target re-checked from its new place; after: the new name is the checked entry`,
  },
  symlinkAt: {
    wit: "symlink-at",
    locked: true,
    check: `grant's \`allowSymlinks\` (\`not-permitted\`); ${WRITE}; ${PATH}; ${NOT_ROOT}; the target leads inside from the link's place; after: the link is the checked one (else removed)`,
  },
  unlinkFileAt: { wit: "unlink-file-at", locked: true, check: `${WRITE}; ${PATH}; ${NOT_ROOT}` },
  isSameObject: { wit: "is-same-object", locked: false, check: "none" },
  metadataHash: { wit: "metadata-hash", locked: false, check: "none (the open fd)" },
  metadataHashAt: { wit: "metadata-hash-at", locked: true, check: PATH },
};
