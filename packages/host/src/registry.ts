import type { Prompt, Resource, ResourceTemplate, Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Runtime, Types } from "@wasi-mcp/bindings";
import {
  type McpServerIdentity,
  promptToMcp,
  resourceTemplateToMcp,
  resourceToMcp,
  serverInfoToMcp,
  toolToMcp,
} from "@wasi-mcp/conversions";
import { checkToolSchemas, checkUriTemplate } from "./definition-checks.js";
import { GuestError, guestJson } from "./guest-error.js";
import type { RegistrySnapshot } from "./worker-protocol.js";

/**
 * What one component registered through `wasi:mcp/runtime`: its identity and its definitions,
 * already converted to MCP and validated. Lists keep registration order.
 */
export class ComponentRegistry {
  identity: McpServerIdentity | undefined;
  served = false;
  readonly tools = new Map<string, Tool>();
  readonly resources = new Map<string, Resource>();
  readonly resourceTemplates = new Map<string, ResourceTemplate>();
  readonly prompts = new Map<string, Prompt>();

  registerServer(info: Runtime.ServerInfo): void {
    if (this.identity) throw new GuestError("invalid-request", "register-server was already called");
    this.identity = guestJson(() => serverInfoToMcp(info));
  }

  registerTools(tools: Types.ToolDefinition[]): void {
    addAll(this.tools, tools, "tools", "tool name", (tool, field) => {
      const converted = toolToMcp(tool, field);
      checkToolSchemas(converted, field);
      return [tool.name, converted];
    });
  }

  registerResources(resources: Types.ResourceDefinition[]): void {
    addAll(this.resources, resources, "resources", "resource URI", (r, field) => [
      r.uri,
      resourceToMcp(r, field),
    ]);
  }

  registerResourceTemplates(templates: Types.ResourceTemplate[]): void {
    addAll(this.resourceTemplates, templates, "templates", "URI template", (t, field) => {
      const converted = resourceTemplateToMcp(t, field);
      checkUriTemplate(converted, field);
      return [t.uriTemplate, converted];
    });
  }

  registerPrompts(prompts: Types.PromptDefinition[]): void {
    addAll(this.prompts, prompts, "prompts", "prompt name", (p, field) => [p.name, promptToMcp(p, field)]);
  }

  /** The registrations in MCP form, for the host thread. */
  snapshot(): RegistrySnapshot {
    if (!this.identity) throw new GuestError("invalid-request", "call register-server first");
    return {
      identity: this.identity,
      tools: [...this.tools.values()],
      resources: [...this.resources.values()],
      resourceTemplates: [...this.resourceTemplates.values()],
      prompts: [...this.prompts.values()],
    };
  }

  serve(): void {
    if (this.served) throw new GuestError("invalid-request", "serve was already called");
    if (!this.identity) throw new GuestError("invalid-request", "call register-server before serve");
    this.served = true;
  }
}

/**
 * Converts and adds a batch atomically: if any definition is invalid or its key is taken, nothing
 * is added and the guest gets an `invalid-params` error naming the definition.
 */
function addAll<W, M>(
  target: Map<string, M>,
  batch: W[],
  listName: string,
  keyName: string,
  toEntry: (item: W, field: string) => [string, M],
): void {
  const staged = new Map<string, M>();
  batch.forEach((item, index) => {
    const [key, value] = guestJson(() => toEntry(item, `${listName}[${index}]`));
    if (target.has(key) || staged.has(key)) {
      throw new GuestError("invalid-params", `${listName}[${index}]: duplicate ${keyName} "${key}"`);
    }
    staged.set(key, value);
  });
  for (const [key, value] of staged) target.set(key, value);
}
