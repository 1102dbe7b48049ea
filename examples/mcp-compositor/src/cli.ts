#!/usr/bin/env node
import { Command } from "commander";
import { serveCommand } from "./serve-command.js";

const program = new Command()
  .name("mcp-compositor")
  .description("Serve wasi:mcp WebAssembly components as an MCP server.")
  .showHelpAfterError();

program
  .command("serve")
  .description("serve a component over stdio")
  .argument("<component...>", "component file (.wasm)")
  .option("-t, --transport <transport>", "stdio", "stdio")
  .option(
    "--cache-dir <dir>",
    "where transpiled components are cached (default: $WASI_MCP_CACHE_DIR or ~/.cache/wasi-mcp)",
  )
  .action(serveCommand);

program.parseAsync().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`mcp-compositor: error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
