// jco in the page: turns component bytes into JS glue + core modules, once per content hash.
import { HostError } from "@wasi-mcp/conversions";
import { persist, readPersisted } from "./persistent-cache.js";

/** Bumped whenever the transpile options or the post-processing change; part of the cache key. */
export const CACHE_FORMAT = "jco-1.35.0-browser-async-js-v1";
const ENTRY = "component.js";

/** A transpiled component. */
export interface TranspiledComponent {
  /** Hex SHA-256 of {@link CACHE_FORMAT} and the component's bytes: the cache key. */
  key: string;
  /** The generated ES module (`instantiate(getCoreModule, imports)`). */
  glue: string;
  /** Core modules by file name, as jco named them. */
  coreModules: Record<string, Uint8Array>;
  /** The component's imports, as jco reports them (e.g. `wasi:mcp/runtime@0.1.0`). */
  imports: string[];
  /** False when this page, or an earlier page of this origin (Cache Storage), had transpiled it. */
  transpiled: boolean;
}

const cache = new Map<string, Promise<Omit<TranspiledComponent, "transpiled">>>();

/**
 * Transpiles a component with jco's browser build (js-component-bindgen compiled to Wasm) into a
 * content-addressed cache — in the page, and in the origin's Cache Storage across page loads:
 * loading the same bytes again does not transpile. jco itself is loaded on the first miss only
 * (≈ 0.4 MB of glue and two core modules, 3.5 MB).
 */
export async function transpileInPage(bytes: Uint8Array): Promise<TranspiledComponent> {
  const key = await sha256Hex(CACHE_FORMAT, bytes);
  let transpiled = false;
  let work = cache.get(key);
  if (!work) {
    work = readPersisted(key).then(async (stored) => {
      if (stored) return stored;
      transpiled = true;
      const fresh = await transpile(key, bytes);
      await persist(fresh);
      return fresh;
    });
    cache.set(key, work);
    work.catch(() => cache.delete(key));
  }
  return { ...(await work), transpiled };
}

async function transpile(key: string, bytes: Uint8Array): Promise<Omit<TranspiledComponent, "transpiled">> {
  let output: { files: [string, Uint8Array][]; imports: string[] };
  try {
    const { generate } = await import("@bytecodealliance/jco/component");
    output = await generate(bytes, {
      name: "component",
      instantiation: { tag: "async" },
      importBindings: { tag: "js" },
      noTypescript: true,
    });
  } catch (error) {
    throw new HostError(
      "COMPONENT_LOAD_FAILED",
      `jco could not transpile the component: ${describe(error)}`,
      {
        cause: error,
      },
    );
  }
  const coreModules: Record<string, Uint8Array> = {};
  let glue: string | undefined;
  for (const [name, content] of output.files) {
    if (name === ENTRY) glue = new TextDecoder().decode(content);
    else if (name.endsWith(".wasm")) coreModules[name] = content;
  }
  if (glue === undefined) throw new HostError("COMPONENT_LOAD_FAILED", `jco produced no ${ENTRY}`);
  return { key, glue, coreModules, imports: output.imports };
}

async function sha256Hex(prefix: string, bytes: Uint8Array): Promise<string> {
  const head = new TextEncoder().encode(`${prefix}\0`);
  const all = new Uint8Array(head.length + bytes.length);
  all.set(head);
  all.set(bytes, head.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "payload" in error) return String(error.payload);
  return String(error);
}
