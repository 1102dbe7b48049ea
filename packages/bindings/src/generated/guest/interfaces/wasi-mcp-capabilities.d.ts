/// <reference path="./wasi-mcp-types.d.ts" />
declare module 'wasi:mcp/capabilities@0.2.0' {
  export type Json = import('wasi:mcp/types@0.2.0').Json;
  export interface ToolsCapability {
    listChanged: boolean,
  }
  export interface ResourcesCapability {
    subscribe: boolean,
    listChanged: boolean,
  }
  export interface PromptsCapability {
    listChanged: boolean,
  }
  /**
   * What a server (component) declares.
   */
  export interface ServerCapabilities {
    tools?: ToolsCapability,
    resources?: ResourcesCapability,
    prompts?: PromptsCapability,
    logging: boolean,
    completions: boolean,
    /**
     * JSON text of the `experimental` object.
     */
    experimental?: Json,
  }
  /**
   * What the connected MCP client offers.
   */
  export interface ClientCapabilities {
    sampling: boolean,
    elicitation: boolean,
    roots: boolean,
    experimental?: Json,
  }
}
