import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { HostError } from "@wasi-mcp/conversions";
import { fetchComponentBytes, type RemoteSourceOptions } from "./remote-source.js";
import type { SourceIndex } from "./source-index.js";

/** Where a component comes from: a file path, a `file:`/`http(s):` URL, or its bytes. */
export type ComponentSource = string | URL | Uint8Array;

/** The bytes of a component and how to name it. */
export interface ResolvedSource {
  /** The component's bytes (read now, unless the source index knew the file's hash). */
  bytes(): Promise<Uint8Array>;
  /** The path or URL, for messages. */
  label: string;
  /** A default name: the file name without `.wasm`. */
  defaultName: string;
  /** Hex sha256 of the bytes. */
  sha256: string;
}

/**
 * Reads a component's bytes and, when `expectedSha256` is given, refuses bytes whose hash differs
 * (before anything is transpiled or instantiated). With an `index`, a file whose hash the index
 * remembers is not read at all until `bytes()` is called (which then checks the hash again).
 */
export async function readComponentSource(
  source: ComponentSource,
  expectedSha256?: string,
  index?: SourceIndex,
  remote?: RemoteSourceOptions,
): Promise<ResolvedSource> {
  const resolved = await resolveSource(source, index, expectedSha256, remote);
  if (expectedSha256 !== undefined && resolved.sha256 !== expectedSha256.toLowerCase()) {
    throw new HostError(
      "COMPONENT_LOAD_FAILED",
      `${resolved.label}: sha256 mismatch: expected ${expectedSha256}, got ${resolved.sha256}`,
    );
  }
  return resolved;
}

const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function fromBytes(bytes: Uint8Array, label: string, defaultName: string): ResolvedSource {
  return { bytes: async () => bytes, label, defaultName, sha256: sha256Of(bytes) };
}

async function resolveSource(
  source: ComponentSource,
  index: SourceIndex | undefined,
  expectedSha256: string | undefined,
  remote: RemoteSourceOptions | undefined,
): Promise<ResolvedSource> {
  if (source instanceof Uint8Array) return fromBytes(source, "<bytes>", "component");
  const url = source instanceof URL ? source : /^https?:\/\//.test(source) ? new URL(source) : undefined;
  if (url && (url.protocol === "http:" || url.protocol === "https:")) {
    const bytes = await fetchComponentBytes(url, expectedSha256, remote);
    return fromBytes(bytes, url.href, stem(url.pathname));
  }
  const path = url ? fileURLToPath(url) : resolve(source as string);
  const label = url ? url.href : (source as string);
  const fail = (error: NodeJS.ErrnoException): never => {
    throw new HostError(
      "COMPONENT_LOAD_FAILED",
      `${label}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
    );
  };
  const startedNs = BigInt(Date.now()) * 1_000_000n;
  const stats = index ? await stat(path, { bigint: true }).catch(fail) : undefined;
  const known = stats && (await index?.lookup(path, stats));
  if (known) {
    return {
      label,
      defaultName: stem(path),
      sha256: known,
      bytes: async () => {
        const bytes = await readFile(path).catch(fail);
        if (sha256Of(bytes) !== known) {
          throw new HostError("COMPONENT_LOAD_FAILED", `${label}: the file changed while it was loaded`);
        }
        return bytes;
      },
    };
  }
  const resolved = fromBytes(await readFile(path).catch(fail), label, stem(path));
  if (stats) await index?.remember(path, stats, resolved.sha256, startedNs);
  return resolved;
}

function stem(path: string): string {
  return basename(path, extname(path)) || "component";
}
