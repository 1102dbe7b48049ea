import { componentWit } from "@bytecodealliance/jco";
import { WIT_VERSIONS } from "@wasi-mcp/bindings";

/** The first 8 bytes of a binary WebAssembly component (magic + component-model layer). */
const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
/** The first 8 bytes of a core WebAssembly module. */
const CORE_MODULE_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Exports every wasi:mcp component must have, per world (at any shipped wasi:mcp version). */
export const REQUIRED_EXPORTS: Readonly<Record<string, readonly string[]>> = {
  "mcp-backend": ["wasi:mcp/handlers", "wasi:mcp/run"],
  "mcp-proxy": ["wasi:mcp/handlers", "wasi:mcp/run"],
  "mcp-client": ["wasi:mcp/run"],
};

/**
 * Checks that `bytes` are a WebAssembly component (not a core module, not garbage) that exports
 * what `world` requires. Returns the component's WIT; throws an Error naming `label` otherwise.
 *
 * @example
 * ```ts
 * await checkComponent(readFileSync("hello.wasm"), "mcp-backend", "hello.wasm");
 * ```
 */
export async function checkComponent(bytes: Uint8Array, world: string, label: string): Promise<string> {
  if (bytes.byteLength === 0) throw new Error(`${label}: the file is empty`);
  if (startsWith(bytes, CORE_MODULE_HEADER)) {
    throw new Error(`${label}: this is a core WebAssembly module, not a component`);
  }
  if (!startsWith(bytes, COMPONENT_HEADER)) throw new Error(`${label}: not a WebAssembly component`);
  let wit: string;
  try {
    wit = await componentWit(bytes);
  } catch (error) {
    throw new Error(`${label}: the component does not decode (${(error as Error).message})`);
  }
  const missing = (REQUIRED_EXPORTS[world] ?? []).filter(
    (name) => !WIT_VERSIONS.some((version) => wit.includes(`export ${name}@${version};`)),
  );
  if (missing.length > 0) {
    throw new Error(
      `${label}: the component does not export ${missing.join(" and ")} (at wasi:mcp ${WIT_VERSIONS.join(" or ")}) required by world ${world}`,
    );
  }
  return wit;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
