#!/usr/bin/env node
import { Command } from "commander";
import { buildComponent } from "./build-component.js";

const program = new Command()
  .name("wasi-mcp-build")
  .description(
    "Bundle a TypeScript/JavaScript module and componentize it into a wasi:mcp WebAssembly component.",
  )
  .argument("<source>", "the entry module (.ts or .js, ESM)")
  .requiredOption("-o, --output <file>", "where to write the component (.wasm)")
  .option("-w, --world <world>", "wasi:mcp world: mcp-backend | mcp-proxy | mcp-client", "mcp-backend")
  .option(
    "--wit <dir>",
    "build against a custom world in this WIT directory (the wasi:mcp package it references is added from @wasi-mcp/bindings)",
  )
  .option("--disable-http", "leave fetch out (the component then imports no wasi:http)", false)
  .option("--enable-http", "deprecated: fetch is compiled in by default", false)
  .option("--no-bundle", "componentize a self-contained JavaScript module as it is")
  .action(
    async (
      source: string,
      opts: { output: string; world: string; wit?: string; disableHttp: boolean; bundle: boolean },
    ) => {
      const result = await buildComponent({
        source,
        output: opts.output,
        world: opts.world as "mcp-backend",
        ...(opts.wit ? { witPath: opts.wit } : {}),
        http: !opts.disableHttp,
        bundle: opts.bundle,
        onProgress: (message) => process.stderr.write(`wasi-mcp-build: ${message}\n`),
      });
      const mib = (result.bytes / 1024 / 1024).toFixed(1);
      process.stderr.write(
        `wasi-mcp-build: wrote ${opts.output} (${mib} MiB) in ${(result.milliseconds / 1000).toFixed(1)} s\n`,
      );
    },
  );

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`wasi-mcp-build: error: ${(error as Error).message}\n`);
  process.exit(1);
});
