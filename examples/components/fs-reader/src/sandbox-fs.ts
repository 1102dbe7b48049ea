// Reads under one preopened directory, and nowhere else: paths are relative, normalized, and may
// not climb out with `..`; symlinks are not followed. The host's preopen is the real boundary; this
// refuses escapes before they reach it, with a clear message.

import { getDirectories } from "wasi:filesystem/preopens@0.2.12";
import type { Descriptor, DescriptorType } from "wasi:filesystem/types@0.2.12";
import { McpError } from "@wasi-mcp/guest";

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
    throw new McpError("unauthorized", `No directory is granted at ${ROOT}: the host must preopen one`);
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
  else if (rest.startsWith("/")) throw new McpError("unauthorized", `${path} is outside ${ROOT}`);
  const segments = rest.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) throw new McpError("unauthorized", `${path} climbs out of ${ROOT} ("..")`);
  return segments.length === 0 ? "." : segments.join("/");
}

/** Reads a whole file as bytes. */
export function readFile(path: string): Uint8Array {
  const relative = relativePath(path);
  const file = fsCall(path, () => root().openAt({ symlinkFollow: false }, relative, {}, { read: true }));
  const stat = fsCall(path, () => file.stat());
  if (stat.type !== "regular-file") throw new McpError("invalid-params", `${path} is not a regular file`);
  if (stat.size > BigInt(MAX_FILE_BYTES)) {
    throw new McpError("invalid-params", `${path} is larger than ${MAX_FILE_BYTES} bytes`);
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

/** Runs a filesystem call, turning its WASI error code into an MCP error that names the path. */
function fsCall<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof McpError) throw error;
    const code = String((error as { payload?: unknown })?.payload ?? (error as Error)?.message ?? error);
    if (code === "no-entry") throw new McpError("resource-not-found", `${path}: no such file or directory`);
    if (code === "not-directory") throw new McpError("invalid-params", `${path}: not a directory`);
    if (code === "access" || code === "not-permitted" || code === "loop") {
      throw new McpError("unauthorized", `${path}: access denied (${code})`);
    }
    throw new McpError("internal-error", `${path}: ${code}`);
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
