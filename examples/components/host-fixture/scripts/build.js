#!/usr/bin/env node
// Builds the host fixture against a world that adds WASI filesystem and environment imports to
// wasi:mcp/mcp-backend. The WASI WIT comes from jco's bundled copy; wasi:mcp from @wasi-mcp/bindings,
// at 0.1.0 on purpose: this fixture is the JavaScript component that shows a host of wasi:mcp@0.2.0
// still loads and serves components built against 0.1.0 (tiny-wat is the other one, from WAT).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { componentize } from "@bytecodealliance/componentize-js";
import { witDirectory } from "@wasi-mcp/bindings";
import { checkComponent } from "@wasi-mcp/build";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
// jco's exports map hides package.json; its main entry sits in dist/, the WIT in lib/wit/.
const jcoMain = createRequire(import.meta.url).resolve("@bytecodealliance/jco");
const jcoWit = join(dirname(jcoMain), "..", "lib", "wit", "builtin", "0.2.12");

const wit = mkdtempSync(join(tmpdir(), "host-fixture-wit-"));
try {
  cpSync(join(here, "wit", "world.wit"), join(wit, "world.wit"));
  cpSync(witDirectory("0.1.0"), join(wit, "deps", "wasi-mcp"), { recursive: true });
  for (const pkg of readdirSync(jcoWit))
    cpSync(join(jcoWit, pkg), join(wit, "deps", pkg), { recursive: true });
  const started = Date.now();
  const { component } = await componentize({
    sourcePath: join(here, "src", "host-fixture.js"),
    witPath: wit,
    worldName: "host-fixture",
    disableFeatures: ["http", "fetch-event"],
  });
  await checkComponent(component, "mcp-backend", "host-fixture.wasm");
  mkdirSync(join(here, "dist"), { recursive: true });
  writeFileSync(join(here, "dist", "host-fixture.wasm"), component);
  console.error(
    `host-fixture: built dist/host-fixture.wasm in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  rmSync(wit, { recursive: true, force: true });
}
