#!/usr/bin/env node
import { Command, Option } from "commander";
import { inspectCommand } from "./inspect-command.js";
import { serveCommand, TRANSPORTS } from "./serve-command.js";
import { validateCommand } from "./validate-command.js";

const program = new Command()
  .name("mcp-compositor")
  .description("Serve wasi:mcp WebAssembly components as one MCP server.")
  .showHelpAfterError();

/** `--sha256 <hex>`, repeatable: the pins of the component URLs, in the order the URLs are given. */
const sha256 = new Option(
  "--sha256 <hex>",
  "sha256 of a component given as an https URL (one per URL, in order); URLs need a pin",
).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);

const cacheDir = new Option(
  "--cache-dir <dir>",
  "where transpiled components are cached (default: $WASI_MCP_CACHE_DIR or ~/.cache/wasi-mcp)",
);

program
  .command("serve")
  .description("serve components over stdio, Streamable HTTP or WebSocket")
  .argument("[components...]", "component files (.wasm) or http(s) URLs")
  .option("-c, --config <file>", "a configuration file (JSON; schema: schema/mcp-compositor.schema.json)")
  .addOption(
    new Option("-t, --transport <transport>", "wire to serve on (default: stdio)").choices(TRANSPORTS),
  )
  .option("--host <host>", "interface to bind (http, ws; default: 127.0.0.1)")
  .option("-p, --port <port>", "port to listen on (http, ws; default: 3000); 0 picks a free one")
  .option("--path <path>", "endpoint path (default: /mcp for http, /ws for ws)")
  .option("-w, --watch", "reload a component when its file changes, and the configuration when it changes")
  .addOption(sha256)
  .addOption(cacheDir)
  .option(
    "--request-state-key-file <file>",
    "HMAC key (>= 32 bytes) sealing MCP 2026-07-28 requestState, shared by compositors serving each other's retries (default: $WASI_MCP_REQUEST_STATE_KEY, else a random key per process)",
  )
  .option(
    "--workers <n|auto>",
    "processes serving the port on this machine (http, ws; default 1; auto: one per core); without --redis the first process holds the shared state",
  )
  .option(
    "--redis <url>",
    "redis://host:port: share 2025 sessions, SSE events, list changes and the requestState key with compositors on other machines (http, ws)",
  )
  .action(serveCommand);

program
  .command("inspect")
  .description(
    "print what a component registers: server info, tools with schemas, resources, templates, prompts",
  )
  .argument("[component]", "component file (.wasm) or http(s) URL")
  .option("--config <file>", "configuration file naming the upstream to inspect")
  .option("--upstream <namespace>", "inspect this upstream of --config instead of a component")
  .option("--json", "print JSON")
  .addOption(sha256)
  .addOption(cacheDir)
  .action(inspectCommand);

program
  .command("validate")
  .description("check a configuration file without loading anything")
  .argument("<config>", "configuration file (JSON)")
  .action(validateCommand);

program.parseAsync().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`mcp-compositor: error: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
