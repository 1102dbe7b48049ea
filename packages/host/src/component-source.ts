import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { HostError } from "@wasi-mcp/conversions";

/** Where a component comes from: a file path, a `file:`/`http(s):` URL, or its bytes. */
export type ComponentSource = string | URL | Uint8Array;

/** The bytes of a component and how to name it. */
export interface ResolvedSource {
  bytes: Uint8Array;
  /** The path or URL, for messages. */
  label: string;
  /** A default name: the file name without `.wasm`. */
  defaultName: string;
  /** Hex sha256 of the bytes. */
  sha256: string;
}

/**
 * Reads a component's bytes and, when `expectedSha256` is given, refuses bytes whose hash differs
 * (before anything is transpiled or instantiated).
 */
export async function readComponentSource(
  source: ComponentSource,
  expectedSha256?: string,
): Promise<ResolvedSource> {
  const { bytes, label, defaultName } = await fetchBytes(source);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (expectedSha256 !== undefined && sha256 !== expectedSha256.toLowerCase()) {
    throw new HostError(
      "COMPONENT_LOAD_FAILED",
      `${label}: sha256 mismatch: expected ${expectedSha256}, got ${sha256}`,
    );
  }
  return { bytes, label, defaultName, sha256 };
}

async function fetchBytes(source: ComponentSource): Promise<Omit<ResolvedSource, "sha256">> {
  if (source instanceof Uint8Array) return { bytes: source, label: "<bytes>", defaultName: "component" };
  const url = source instanceof URL ? source : /^https?:\/\//.test(source) ? new URL(source) : undefined;
  if (url && (url.protocol === "http:" || url.protocol === "https:")) {
    const response = await fetch(url).catch((error: Error) => {
      throw new HostError("COMPONENT_LOAD_FAILED", `${url.href}: ${error.message}`);
    });
    if (!response.ok) throw new HostError("COMPONENT_LOAD_FAILED", `${url.href}: HTTP ${response.status}`);
    return {
      bytes: new Uint8Array(await response.arrayBuffer()),
      label: url.href,
      defaultName: stem(url.pathname),
    };
  }
  const path = url ? fileURLToPath(url) : resolve(source as string);
  const label = url ? url.href : (source as string);
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new HostError(
      "COMPONENT_LOAD_FAILED",
      `${label}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
    );
  });
  return { bytes, label, defaultName: stem(path) };
}

function stem(path: string): string {
  return basename(path, extname(path)) || "component";
}
