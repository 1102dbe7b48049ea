#!/usr/bin/env node
import { Command, Option } from "commander";
import { serveCommand, TRANSPORTS } from "./serve-command.js";

const program = new Command()
  .name("mcp-compositor")
  .description("Serve wasi:mcp WebAssembly components as an MCP server.")
  .showHelpAfterError();

program
  .command("serve")
  .description("serve a component over stdio, Streamable HTTP or WebSocket")
  .argument("<component...>", "component file (.wasm)")
  .addOption(
    new Option("-t, --transport <transport>", "wire to serve on").choices(TRANSPORTS).default("stdio"),
  )
  .option("--host <host>", "interface to bind (http, ws)", "127.0.0.1")
  .option("-p, --port <port>", "port to listen on (http, ws); 0 picks a free one", "3000")
  .option("--path <path>", "endpoint path (default: /mcp for http, /ws for ws)")
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
