import { lstatSync, readlinkSync } from "node:fs";

/** How many symbolic links one resolution may follow, as Linux's `MAXSYMLINKS`. */
const MAX_LINKS = 40;

/** Where a path under a preopen leads. */
export type Resolution =
  /** `path` is inside the root; `missing` when a component does not exist (yet). */
  | { inside: true; path: string; missing: boolean }
  /** Following it leaves the root: the operation must be refused. */
  | { inside: false };

/**
 * Resolves `relative` (components separated by `/`, as the kernel reads them — a `\` is an
 * ordinary character here) under the directory `root`, which must be a real path, following
 * symbolic links as the kernel would and refusing as soon as a step leaves `root` (Linux's
 * `openat2` `RESOLVE_BENEATH`, done in user space). The final component is followed only when
 * `followLast` (or when the path ends with `/`). Only paths inside `root` are ever `lstat`ed or
 * read, so resolving reveals nothing about the host outside it. Components that do not exist are
 * taken lexically (they hold no links yet). Throws the WASI codes `loop` (too many links),
 * `name-too-long` and `access`.
 */
export function resolveBeneath(root: string, relative: string, followLast: boolean): Resolution {
  const follow = followLast || relative.endsWith("/");
  const pending = relative.split("/").reverse();
  const stack: string[] = [];
  const base = root.endsWith("/") ? root : `${root}/`;
  let links = 0;
  let missing = false;
  while (pending.length > 0) {
    const component = pending.pop() as string;
    if (component === "" || component === ".") continue;
    if (component === "..") {
      if (stack.pop() === undefined) return { inside: false };
      continue;
    }
    const candidate = base + [...stack, component].join("/");
    const last = pending.every((rest) => rest === "" || rest === ".");
    if (!missing) {
      const kind = entryKind(candidate);
      if (kind === "missing") missing = true;
      else if (kind === "link" && (!last || follow)) {
        if (++links > MAX_LINKS) throw "loop";
        const target = readlinkSync(candidate);
        if (target.startsWith("/")) {
          if (target !== root && !target.startsWith(base)) return { inside: false };
          stack.length = 0;
          pending.push(...target.slice(base.length).split("/").reverse());
        } else {
          pending.push(...target.split("/").reverse());
        }
        continue;
      }
    }
    stack.push(component);
  }
  return { inside: true, path: stack.length > 0 ? base + stack.join("/") : root, missing };
}

function entryKind(path: string): "missing" | "link" | "other" {
  try {
    return lstatSync(path).isSymbolicLink() ? "link" : "other";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return "missing";
    if (code === "ENAMETOOLONG") throw "name-too-long";
    if (code === "EACCES") throw "access";
    if (code === "ELOOP") throw "loop";
    throw "invalid";
  }
}
