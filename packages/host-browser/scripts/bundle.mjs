// Writes dist/browser/: the library and its instance worker bundled for a page without a bundler
// (ES modules, split so that jco's transpiler loads only when a component is transpiled), and the
// core modules that jco's browser build fetches beside its own chunk.
import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "dist/browser");
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

/**
 * The router and the host's generated validators load two ajv files with Node's
 * `createRequire(import.meta.url)(id)`; in the page, those exact files are bundled instead.
 */
const requireShim = {
  name: "create-require-shim",
  setup(build) {
    build.onResolve({ filter: /^(node:)?module$/ }, () => ({ path: "create-require", namespace: "shim" }));
    build.onLoad({ filter: /.*/, namespace: "shim" }, () => ({
      resolveDir: join(root, "../router"),
      contents: `
        import draft07 from "ajv/dist/refs/json-schema-draft-07.json";
        import * as equal from "ajv/dist/runtime/equal";
        const known = { "ajv/dist/refs/json-schema-draft-07.json": draft07, "ajv/dist/runtime/equal": equal };
        export function createRequire() {
          return (id) => {
            if (id in known) return known[id];
            throw new Error("[@wasi-mcp/host-browser] no require(" + JSON.stringify(id) + ") in the page");
          };
        }`,
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2023",
  sourcemap: true,
  logLevel: "warning",
  legalComments: "none",
  plugins: [requireShim],
};

/**
 * The instance worker imports the engine's runtime from `@wasi-mcp/host/engine`, one file that
 * also holds the host side (the pool, the call machine). Those imports of the host side are
 * declared free of side effects here, so the worker leaves them out when it uses nothing of them:
 * the MCP SDK's client and the router (with ajv and zod, ≈ 0.5 MB) never reach a worker.
 */
const hostSideOnly = {
  name: "host-side-only",
  setup(build) {
    const filter = /^(@modelcontextprotocol\/sdk\/client\/index\.js|@wasi-mcp\/router)$/;
    build.onResolve({ filter }, async (args) => {
      if (args.pluginData?.hostSideOnly) return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { hostSideOnly: true },
      });
      return { ...resolved, sideEffects: false };
    });
  },
};

// The instance worker is one self-contained file, so that it also works when a page's bundler
// copies it as an asset (`new URL("./browser/instance-worker.js", import.meta.url)`).
await build({
  ...common,
  entryPoints: { "instance-worker": "src/instance-worker.ts" },
  outdir,
  plugins: [...common.plugins, hostSideOnly],
  // The bare import of the SDK's client that the engine's bundle keeps is exactly what is dropped.
  logOverride: { "ignored-bare-import": "silent" },
});

const result = await build({
  ...common,
  entryPoints: { host: "src/index.ts" },
  define: { __WORKER_PATH__: JSON.stringify("./instance-worker.js") },
  outdir,
  splitting: true,
  metafile: true,
  // jco's transpiler imports node:fs/promises only when it runs under Node.
  external: ["node:fs/promises"],
});

// jco's browser transpiler resolves its core modules with `new URL("./x.core.wasm", import.meta.url)`.
const bindgen = Object.keys(result.metafile.inputs).find((input) =>
  input.endsWith("js-component-bindgen-component.js"),
);
if (!bindgen) throw new Error("[@wasi-mcp/host-browser] jco's browser transpiler is not in the bundle");
const vendor = dirname(join(root, bindgen));
for (const file of await readdir(vendor)) {
  if (file.startsWith("js-component-bindgen-component.") && file.endsWith(".wasm")) {
    await copyFile(join(vendor, file), join(outdir, file));
  }
}
