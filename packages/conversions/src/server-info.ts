import type { Implementation, ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { Runtime } from "@wasi-mcp/bindings";
import { compact } from "./compact.js";
import { parseOptionalJsonObject } from "./json.js";

/** What an MCP `initialize` result says about a server. */
export interface McpServerIdentity {
  /** `serverInfo`. */
  serverInfo: Implementation;
  /** `capabilities`, as the component declared them. */
  capabilities: ServerCapabilities;
  /** `instructions`. */
  instructions?: string;
}

/** Converts a WIT `server-info` to the identity an MCP server announces. */
export function serverInfoToMcp(info: Runtime.ServerInfo): McpServerIdentity {
  const c = info.capabilities;
  const capabilities: ServerCapabilities = compact({
    tools: c.tools ? { listChanged: c.tools.listChanged } : undefined,
    resources: c.resources
      ? { subscribe: c.resources.subscribe, listChanged: c.resources.listChanged }
      : undefined,
    prompts: c.prompts ? { listChanged: c.prompts.listChanged } : undefined,
    logging: c.logging ? {} : undefined,
    completions: c.completions ? {} : undefined,
    experimental: parseOptionalJsonObject(c.experimental, "capabilities.experimental") as
      | ServerCapabilities["experimental"]
      | undefined,
  });
  return compact({
    serverInfo: compact({ name: info.name, version: info.version, title: info.title }),
    capabilities,
    instructions: info.instructions,
  });
}
