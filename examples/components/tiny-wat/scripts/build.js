#!/usr/bin/env node
// Builds dist/tiny-wat.wasm from src/tiny.wat with jco's wasm-tools API: parse the WAT into a core
// module, embed the wasi:mcp WIT (world mcp-backend, passed inline: the `jco embed` CLI cannot read
// WIT files under preview2-shim), make the component, and check it exports what the world needs.
// The WAT imports wasi:mcp@0.1.0: tiny-wat stays a 0.1.0 component (the host serves both versions).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { componentEmbed, componentNew, parse } from "@bytecodealliance/jco";
import { witDirectory } from "@wasi-mcp/bindings";
import { checkComponent } from "@wasi-mcp/build";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const output = join(root, "dist", "tiny-wat.wasm");

/** The wasi:mcp package as one WIT text: every file's items under a single package header. */
function witSource(directory) {
  const files = readdirSync(directory)
    .filter((f) => f.endsWith(".wit"))
    .sort();
  const header = /^\s*package\s+([^;]+);\s*$/m;
  const [first] = files.map((f) => readFileSync(join(directory, f), "utf8").match(header)?.[1]);
  const bodies = files.map((f) => readFileSync(join(directory, f), "utf8").replace(header, ""));
  return `package ${first};\n${bodies.join("\n")}`;
}

const started = performance.now();
try {
  const core = await parse(readFileSync(join(root, "src", "tiny.wat"), "utf8"));
  const embedded = await componentEmbed({
    binary: core,
    witSource: witSource(witDirectory("0.1.0")),
    world: "mcp-backend",
  });
  const component = await componentNew(embedded);
  await checkComponent(component, "mcp-backend", "dist/tiny-wat.wasm");
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, component);
  const ms = (performance.now() - started).toFixed(0);
  process.stderr.write(`tiny-wat: wrote dist/tiny-wat.wasm (${component.byteLength} bytes) in ${ms} ms\n`);
} catch (error) {
  process.stderr.write(`tiny-wat: build failed: ${error?.message ?? error}\n`);
  process.exit(1);
}
