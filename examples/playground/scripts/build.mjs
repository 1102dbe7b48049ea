// Builds the playground: dist/site/ (the page, its bundle, the host bundle, the example components)
// and dist/serve.js (the Node server behind `npm run playground`).
import { cp, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const site = join(root, "dist/site");
/** The example components offered in the picker (built by their own packages first). */
const EXAMPLES = ["hello", "everything", "notes"];

await rm(join(root, "dist"), { recursive: true, force: true });
await mkdir(join(site, "components"), { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { app: "src/app/main.ts" },
  outdir: site,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2023",
  sourcemap: true,
  // The host is loaded from its own bundle (host/), which also serves its worker and jco.
  external: ["./host/host.js"],
  logLevel: "warning",
});
await build({
  absWorkingDir: root,
  entryPoints: { serve: "src/serve.ts" },
  outdir: join(root, "dist"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "external",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});

await cp(join(root, "static"), site, { recursive: true });
const hostBundle = dirname(fileURLToPath(import.meta.resolve("@wasi-mcp/host-browser/bundle")));
await cp(hostBundle, join(site, "host"), { recursive: true });
for (const name of EXAMPLES) {
  await cp(join(root, `../components/${name}/dist/${name}.wasm`), join(site, `components/${name}.wasm`));
}
