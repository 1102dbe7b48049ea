// What a guest registers and reports, as the host sees it: the vocabulary both the instance side
// (the runtime imports) and the host side (the pool, the backend) speak.
import type {
  Prompt,
  Resource,
  ResourceTemplate,
  ServerNotification,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { McpServerIdentity } from "@wasi-mcp/conversions";
import type { RegisteredSkill } from "./skill-registry.js";

/** What a component registered, in MCP form, as the worker reports it. */
export interface RegistrySnapshot {
  identity: McpServerIdentity;
  tools: Tool[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
  prompts: Prompt[];
  /** The cache hints the component set (`set-cache-hint`, WIT 0.2.0); absent: none. */
  cacheHints?: CacheHints;
  /** The skills it registered (`wasi:mcp/skills`, SEP-2640); absent: none. */
  skills?: RegisteredSkill[];
}

/** A cache hint in MCP form (2026-07-28 `ttlMs`/`cacheScope`). */
export interface McpCacheHint {
  ttlMs: number;
  cacheScope: "public" | "private";
}

/** The cache hints of one component: per list method, and per resource URI for reads. */
export interface CacheHints {
  lists: Partial<
    Record<"tools/list" | "prompts/list" | "resources/list" | "resources/templates/list", McpCacheHint>
  >;
  reads: Record<string, McpCacheHint>;
}

/** The handler exports the host calls. */
export type HandlerName =
  | "callTool"
  | "readResource"
  | "getPrompt"
  | "handleSubscribe"
  | "handleUnsubscribe"
  | "handleComplete"
  | "handleElicit";

/** Something the component did that the host must forward. */
export type GuestEvent =
  | { type: "log"; level: string; message: string; data: unknown }
  | { type: "notification"; notification: ServerNotification }
  | { type: "list-changed"; list: "tools" | "resources" | "prompts"; registry: RegistrySnapshot }
  /** The registrations changed in a way clients are not notified of (cache hints). */
  | { type: "registry"; registry: RegistrySnapshot }
  | { type: "resource-updated"; uri: string }
  | { type: "progress"; progressToken: string | number; progress: number; total?: number; message?: string };
