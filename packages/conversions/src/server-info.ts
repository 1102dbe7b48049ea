import type { Implementation, ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { Runtime } from "@wasi-mcp/bindings";
import { serverCapabilitiesFromMcp, serverCapabilitiesToMcp } from "./capabilities.js";
import { obj, optStr } from "./checks.js";
import { compact } from "./compact.js";
import { implementationToMcp } from "./definitions.js";

/** What an MCP `initialize` result says about a server. */
export interface McpServerIdentity {
  /** `serverInfo`. */
  serverInfo: Implementation;
  /** `capabilities`, as the component declared them. */
  capabilities: ServerCapabilities;
  /** `instructions`. */
  instructions?: string;
}

/**
 * Converts a WIT `server-info` to the identity an MCP server announces.
 *
 * @example
 * ```ts
 * serverInfoToMcp({ name: "notes", version: "1.0.0", capabilities: { logging: true, completions: false } });
 * ```
 */
export function serverInfoToMcp(info: Runtime.ServerInfo, field = "serverInfo"): McpServerIdentity {
  const i = obj<Runtime.ServerInfo>(info, field);
  return compact({
    serverInfo: implementationToMcp({ name: i.name, version: i.version, title: i.title }, field),
    capabilities: serverCapabilitiesToMcp(i.capabilities, "capabilities"),
    instructions: optStr(i.instructions, `${field}.instructions`),
  });
}

/** Converts an MCP server identity back to a WIT `server-info`. */
export function serverInfoFromMcp(identity: McpServerIdentity): Runtime.ServerInfo {
  return {
    name: identity.serverInfo.name,
    version: identity.serverInfo.version,
    title: identity.serverInfo.title,
    instructions: identity.instructions,
    capabilities: serverCapabilitiesFromMcp(identity.capabilities),
  };
}
