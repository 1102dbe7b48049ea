// The transpile cache across page loads: Cache Storage entries under the same content key as the
// in-page cache. Best effort — where Cache Storage is missing (an insecure context) or fails
// (quota), components are simply transpiled again.

/** A transpiled component as stored: the glue, core modules by file name, the imports. */
export interface PersistedComponent {
  key: string;
  glue: string;
  coreModules: Record<string, Uint8Array>;
  imports: string[];
}

const CACHE_NAME = "wasi-mcp-transpiled";
/** Cache Storage keys must be http(s) URLs; nothing is ever fetched from this origin. */
const BASE = "https://wasi-mcp.invalid/transpiled/";

interface Manifest {
  imports: string[];
  modules: string[];
}

function storage(): CacheStorage | undefined {
  return typeof caches === "undefined" ? undefined : caches;
}

/** The stored component for `key`, if a complete entry exists. */
export async function readPersisted(key: string): Promise<PersistedComponent | undefined> {
  try {
    const cache = await storage()?.open(CACHE_NAME);
    const manifestResponse = await cache?.match(`${BASE}${key}/manifest.json`);
    if (!cache || !manifestResponse) return undefined;
    const manifest = (await manifestResponse.json()) as Manifest;
    const glue = await (await cache.match(`${BASE}${key}/component.js`))?.text();
    if (glue === undefined) return undefined;
    const coreModules: Record<string, Uint8Array> = {};
    for (const name of manifest.modules) {
      const response = await cache.match(`${BASE}${key}/${name}`);
      if (!response) return undefined;
      coreModules[name] = new Uint8Array(await response.arrayBuffer());
    }
    return { key, glue, coreModules, imports: manifest.imports };
  } catch {
    return undefined;
  }
}

/** Stores a transpiled component; the manifest goes last, so a partial entry is never read. */
export async function persist(component: PersistedComponent): Promise<void> {
  try {
    const cache = await storage()?.open(CACHE_NAME);
    if (!cache) return;
    const { key } = component;
    for (const [name, bytes] of Object.entries(component.coreModules)) {
      await cache.put(`${BASE}${key}/${name}`, new Response(bytes as Uint8Array<ArrayBuffer>));
    }
    await cache.put(`${BASE}${key}/component.js`, new Response(component.glue));
    const manifest: Manifest = { imports: component.imports, modules: Object.keys(component.coreModules) };
    await cache.put(`${BASE}${key}/manifest.json`, new Response(JSON.stringify(manifest)));
  } catch {
    // best effort: a full quota or a private mode only costs a transpile next time
  }
}
