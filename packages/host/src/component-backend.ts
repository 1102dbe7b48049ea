import { ErrorCode, McpError, type ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { HandlersExports } from "@wasi-mcp/bindings";
import {
  guestErrorFrom,
  guestErrorToMcp,
  HostError,
  promptResultToMcp,
  readResourceResultToMcp,
  requestContextToWit,
  toolResultToMcp,
} from "@wasi-mcp/conversions";
import type { BackendIdentity, BackendRequest, McpBackend } from "@wasi-mcp/router";
import type { ComponentInstance } from "./component-instance.js";

/**
 * The router's {@link McpBackend} for one component: lists come from what it registered, calls go
 * to its handler exports. Guest `err` results become the matching JSON-RPC errors; invalid guest
 * data becomes an internal error that names the field; traps become hidden internal errors.
 */
export class ComponentBackend implements McpBackend {
  readonly #name: string;
  readonly #instance: ComponentInstance;

  constructor(name: string, instance: ComponentInstance) {
    this.#name = name;
    this.#instance = instance;
  }

  identity(): BackendIdentity {
    const registry = this.#instance.registry;
    const identity = registry.identity;
    if (!identity)
      throw new HostError("COMPONENT_CONTRACT", `${this.#name} has not registered its server info`);
    return { ...identity, capabilities: advertisedCapabilities(identity.capabilities, registry) };
  }

  listTools() {
    return [...this.#instance.registry.tools.values()];
  }

  listResources() {
    return [...this.#instance.registry.resources.values()];
  }

  listResourceTemplates() {
    return [...this.#instance.registry.resourceTemplates.values()];
  }

  listPrompts() {
    return [...this.#instance.registry.prompts.values()];
  }

  callTool(name: string, args: Record<string, unknown>, request: BackendRequest) {
    const argumentsJson = JSON.stringify(args);
    return this.#call((h) => toolResultToMcp(h.callTool(requestContextToWit(request), name, argumentsJson)));
  }

  readResource(uri: string, request: BackendRequest) {
    return this.#call((h) => readResourceResultToMcp(h.readResource(requestContextToWit(request), uri)));
  }

  getPrompt(name: string, args: Record<string, string>, request: BackendRequest) {
    const pairs = Object.entries(args);
    return this.#call((h) => promptResultToMcp(h.getPrompt(requestContextToWit(request), name, pairs)));
  }

  async #call<T>(fn: (handlers: HandlersExports) => T): Promise<T> {
    try {
      return await this.#instance.call(fn);
    } catch (error) {
      throw this.#toWireError(error);
    }
  }

  #toWireError(error: unknown): unknown {
    const guest = guestErrorFrom(error);
    if (guest) return guestErrorToMcp(guest);
    if (error instanceof HostError && error.code === "WIT_CONVERSION") {
      return new McpError(
        ErrorCode.InternalError,
        `Component ${this.#name} returned invalid data: ${error.message}`,
      );
    }
    return new HostError(
      "COMPONENT_TRAPPED",
      `${this.#name} trapped: ${(error as Error)?.message ?? error}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * What is advertised: a list capability whenever the component registered something of that kind,
 * and only the features this host version serves (no completions or subscriptions yet).
 */
function advertisedCapabilities(
  declared: ServerCapabilities,
  registry: ComponentInstance["registry"],
): ServerCapabilities {
  const out: ServerCapabilities = {};
  if (declared.tools || registry.tools.size > 0) out.tools = { listChanged: false };
  if (declared.resources || registry.resources.size > 0 || registry.resourceTemplates.size > 0) {
    out.resources = { listChanged: false, subscribe: false };
  }
  if (declared.prompts || registry.prompts.size > 0) out.prompts = { listChanged: false };
  if (declared.logging) out.logging = {};
  if (declared.experimental) out.experimental = declared.experimental;
  return out;
}
