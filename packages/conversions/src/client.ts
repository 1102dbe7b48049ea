import type { InitializeResult as McpInitializeResult } from "@modelcontextprotocol/sdk/types.js";
import type { Client } from "@wasi-mcp/bindings";
import { serverCapabilitiesFromMcp, serverCapabilitiesToMcp } from "./capabilities.js";
import { obj, optStr, str } from "./checks.js";
import { compact } from "./compact.js";
import { implementationFromMcp, implementationToMcp } from "./definitions.js";

/**
 * Converts an upstream server's `initialize` result to what `client.initialize` returns to a guest.
 *
 * @example
 * ```ts
 * const result = initializeResultToWit({ protocolVersion: "2025-11-25", capabilities: {}, serverInfo: { name: "up", version: "1" } });
 * ```
 */
export function initializeResultToWit(result: McpInitializeResult): Client.InitializeResult {
  return {
    protocolVersion: result.protocolVersion,
    serverInfo: implementationFromMcp(result.serverInfo),
    capabilities: serverCapabilitiesFromMcp(result.capabilities),
    instructions: result.instructions,
  };
}

/** Converts a WIT initialize result to the MCP one. */
export function initializeResultFromWit(
  result: Client.InitializeResult,
  field = "initializeResult",
): McpInitializeResult {
  const r = obj<Client.InitializeResult>(result, field);
  return compact({
    protocolVersion: str(r.protocolVersion, `${field}.protocolVersion`),
    serverInfo: implementationToMcp(r.serverInfo, `${field}.serverInfo`),
    capabilities: serverCapabilitiesToMcp(r.capabilities, `${field}.capabilities`),
    instructions: optStr(r.instructions, `${field}.instructions`),
  });
}
