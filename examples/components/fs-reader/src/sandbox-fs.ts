// Reads under one preopened directory, and nowhere else: paths are relative, normalized, and may
// not climb out with `..`; symlinks are not followed. The host's preopen is the real boundary; this
// refuses escapes before they reach it, with a clear message.
//
// Failures are `FileError`s: ordinary errors, so a tool that lets one through answers a tool result
// with `isError: true` whose text the model can act on. A resource handler turns them into the
// JSON-RPC error its kind calls for (`asResourceError`).

import { getDirectories } from "wasi:filesystem/preopens@0.2.12";
import type { Descriptor, DescriptorType } from "wasi:filesystem/types@0.2.12";
import { McpError } from "@wasi-mcp/guest";

/** What went wrong with a path. */
export type FileErrorKind = "not-found" | "denied" | "invalid" | "failed";

/** A filesystem failure, named by path, with a message a model can act on. */
export class FileError extends Error {
  constructor(
    readonly kind: FileErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "FileError";
  }
}

const RESOURCE_ERROR_CODES = {
  "not-found": "resource-not-found",
  denied: "unauthorized",
  invalid: "invalid-params",
  failed: "internal-error",
} as const;

/** For a resource read: a {@link FileError} as the JSON-RPC error of its kind; anything else as is. */
export function asResourceError(error: unknown): unknown {
  return error instanceof FileError ? new McpError(RESOURCE_ERROR_CODES[error.kind], error.message) : error;
}

/** Where the component expects its directory. */
export const ROOT = "/data";
/** Files larger than this are refused (the whole file is read into one answer). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** One entry of a directory listing. */
export interface Entry {
  name: string;
  type: DescriptorType;
}

/** The preopened root, or an error saying the host granted none. */
function root(): Descriptor {
  const found = getDirectories().find(([, path]) => path === ROOT);
  if (!found) {
    throw new FileError("denied", `No directory is granted at ${ROOT}: the host must preopen one`);
  }
  return found[0];
}

/**
 * The path relative to the root: accepts `a/b`, `./a/b` and `/data/a/b`; refuses other absolute
 * paths and any `..` segment.
 */
export function relativePath(path: string): string {
  let rest = path.trim();
  if (rest === ROOT || rest.startsWith(`${ROOT}/`)) rest = rest.slice(ROOT.length);
  else if (rest.startsWith("/")) {
    throw new FileError("denied", `${path} is outside ${ROOT}; give a path relative to ${ROOT}`);
  }
  const segments = rest.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) {
    throw new FileError("denied", `${path} climbs out of ${ROOT} (".."); only paths inside it can be read`);
  }
  return segments.length === 0 ? "." : segments.join("/");
}

/** Reads a whole file as bytes. */
export function readFile(path: string): Uint8Array {
  const relative = relativePath(path);
  const file = fsCall(path, () => root().openAt({ symlinkFollow: false }, relative, {}, { read: true }));
  const stat = fsCall(path, () => file.stat());
  if (stat.type !== "regular-file") {
    throw new FileError("invalid", `${path} is a ${stat.type}, not a regular file; list_directory lists it`);
  }
  if (stat.size > BigInt(MAX_FILE_BYTES)) {
    throw new FileError(
      "invalid",
      `${path} is larger than ${MAX_FILE_BYTES} bytes, the most this server reads`,
    );
  }
  const chunks: Uint8Array[] = [];
  let offset = 0n;
  for (;;) {
    const [bytes, end] = fsCall(path, () => file.read(64n * 1024n, offset));
    chunks.push(bytes);
    offset += BigInt(bytes.byteLength);
    if (end || bytes.byteLength === 0) break;
  }
  return concat(chunks);
}

/** Lists a directory, sorted by name. */
export function listDirectory(path: string): Entry[] {
  const relative = relativePath(path);
  const dir = fsCall(path, () =>
    root().openAt({ symlinkFollow: false }, relative, { directory: true }, { read: true }),
  );
  const stream = fsCall(path, () => dir.readDirectory());
  const entries: Entry[] = [];
  for (let entry = stream.readDirectoryEntry(); entry; entry = stream.readDirectoryEntry()) {
    entries.push({ name: entry.name, type: entry.type });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs a filesystem call, turning its WASI error code into a {@link FileError} that names the path. */
function fsCall<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof FileError) throw error;
    const code = String((error as { payload?: unknown })?.payload ?? (error as Error)?.message ?? error);
    if (code === "no-entry") {
      throw new FileError(
        "not-found",
        `${path}: no such file or directory under ${ROOT}; list_directory shows what exists`,
      );
    }
    if (code === "not-directory") throw new FileError("invalid", `${path}: a part of it is not a directory`);
    if (code === "access" || code === "not-permitted" || code === "loop") {
      throw new FileError("denied", `${path}: access denied (${code})`);
    }
    throw new FileError("failed", `${path}: ${code}`);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
