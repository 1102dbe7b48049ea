import type {
  ClientCapabilities as McpClientCapabilities,
  ServerCapabilities as McpServerCapabilities,
} from "@modelcontextprotocol/sdk/types.js";
import type { Capabilities } from "@wasi-mcp/bindings";
import { bool, obj } from "./checks.js";
import { compact } from "./compact.js";
import { parseOptionalJsonObject } from "./json.js";

type Experimental = McpServerCapabilities["experimental"];

/** Converts the capabilities a component declares to MCP server capabilities. */
export function serverCapabilitiesToMcp(
  capabilities: Capabilities.ServerCapabilities,
  field = "capabilities",
): McpServerCapabilities {
  const c = obj<Capabilities.ServerCapabilities>(capabilities, field);
  const listChanged = (value: unknown, at: string) =>
    bool(obj<{ listChanged: unknown }>(value, at).listChanged, `${at}.listChanged`);
  return compact({
    tools: c.tools ? { listChanged: listChanged(c.tools, `${field}.tools`) } : undefined,
    resources: c.resources
      ? {
          subscribe: bool(
            obj<{ subscribe: unknown }>(c.resources, `${field}.resources`).subscribe,
            `${field}.resources.subscribe`,
          ),
          listChanged: listChanged(c.resources, `${field}.resources`),
        }
      : undefined,
    prompts: c.prompts ? { listChanged: listChanged(c.prompts, `${field}.prompts`) } : undefined,
    logging: bool(c.logging, `${field}.logging`) ? {} : undefined,
    completions: bool(c.completions, `${field}.completions`) ? {} : undefined,
    experimental: parseOptionalJsonObject(c.experimental, `${field}.experimental`) as
      | Experimental
      | undefined,
  });
}

/** Converts MCP server capabilities (an upstream server's, for the `client` interface) to WIT. */
export function serverCapabilitiesFromMcp(
  capabilities: McpServerCapabilities,
): Capabilities.ServerCapabilities {
  const c = capabilities;
  return {
    tools: c.tools ? { listChanged: c.tools.listChanged === true } : undefined,
    resources: c.resources
      ? { subscribe: c.resources.subscribe === true, listChanged: c.resources.listChanged === true }
      : undefined,
    prompts: c.prompts ? { listChanged: c.prompts.listChanged === true } : undefined,
    logging: c.logging !== undefined,
    completions: c.completions !== undefined,
    experimental: c.experimental === undefined ? undefined : JSON.stringify(c.experimental),
  };
}

/**
 * Converts the capabilities an MCP client declared to what `runtime.get-client-capabilities`
 * returns. `undefined` (a client that has not initialized) offers nothing.
 */
export function clientCapabilitiesToWit(
  capabilities: McpClientCapabilities | undefined,
): Capabilities.ClientCapabilities {
  return {
    sampling: capabilities?.sampling !== undefined,
    elicitation: capabilities?.elicitation !== undefined,
    roots: capabilities?.roots !== undefined,
    experimental:
      capabilities?.experimental === undefined ? undefined : JSON.stringify(capabilities.experimental),
  };
}

/** Converts WIT client capabilities to the MCP ones (the client side of a `client` connection). */
export function clientCapabilitiesFromWit(
  capabilities: Capabilities.ClientCapabilities,
  field = "capabilities",
): McpClientCapabilities {
  const c = obj<Capabilities.ClientCapabilities>(capabilities, field);
  return compact({
    sampling: bool(c.sampling, `${field}.sampling`) ? {} : undefined,
    elicitation: bool(c.elicitation, `${field}.elicitation`) ? {} : undefined,
    roots: bool(c.roots, `${field}.roots`) ? {} : undefined,
    experimental: parseOptionalJsonObject(c.experimental, `${field}.experimental`) as
      | McpClientCapabilities["experimental"]
      | undefined,
  });
}
