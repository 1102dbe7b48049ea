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
import { checkToolSchemas, checkUriTemplate } from "../loading/definition-checks.js";
import { GuestError, guestJson } from "./guest-error.js";
import type { CacheHints, RegistrySnapshot } from "./guest-events.js";
import { type SkillLimits, SkillRegistry } from "./skill-registry.js";

const TASK_SUPPORT: ReadonlySet<string> = new Set(["forbidden", "optional", "required"]);

/** The lists a component can remove entries from, by the key each is indexed by. */
type RemovableList = "tools" | "resources" | "resourceTemplates" | "prompts";

const LIST_KEYS: Record<RemovableList, string> = {
  tools: "tool name",
  resources: "resource URI",
  resourceTemplates: "URI template",
  prompts: "prompt name",
};

const LIST_METHODS = {
  "tools-list": "tools/list",
  "prompts-list": "prompts/list",
  "resources-list": "resources/list",
  "resource-templates-list": "resources/templates/list",
} as const;

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
  readonly skills: SkillRegistry;
  readonly #cacheHints: CacheHints = { lists: {}, reads: {} };

  constructor(skillLimits?: SkillLimits) {
    this.skills = new SkillRegistry(skillLimits);
  }

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

  /**
   * Removes entries by key, atomically: if any key is not registered (or given twice), nothing is
   * removed and the guest gets an `invalid-params` error naming it.
   */
  unregister(list: RemovableList, keys: string[]): void {
    const target = this[list] as Map<string, unknown>;
    const seen = new Set<string>();
    keys.forEach((key, index) => {
      if (!target.has(key) || seen.has(key)) {
        const why = seen.has(key) ? "is given twice" : "is not registered";
        throw new GuestError("invalid-params", `${list}[${index}]: ${LIST_KEYS[list]} "${key}" ${why}`);
      }
      seen.add(key);
    });
    for (const key of keys) {
      target.delete(key);
      if (list === "resources") delete this.#cacheHints.reads[key];
    }
  }

  /** Sets or clears the cache hint of a list or of one resource's reads. */
  setCacheHint(target: Runtime.Cacheable, hint: Runtime.CacheHint | undefined): void {
    const converted = hint === undefined ? undefined : cacheHintToMcp(hint);
    if (target.tag === "resource-read") {
      if (!this.resources.has(target.val)) {
        throw new GuestError("invalid-params", `resource URI "${target.val}" is not registered`);
      }
      if (converted) this.#cacheHints.reads[target.val] = converted;
      else delete this.#cacheHints.reads[target.val];
      return;
    }
    const method = LIST_METHODS[target.tag];
    if (!method) throw new GuestError("invalid-params", `unknown cache hint target "${String(target.tag)}"`);
    if (converted) this.#cacheHints.lists[method] = converted;
    else delete this.#cacheHints.lists[method];
  }

  /**
   * Sets whether a registered tool may run as a task: its `execution.taskSupport` in MCP
   * (`forbidden` removes the field, the MCP default).
   */
  setTaskSupport(name: string, support: Runtime.TaskSupport): void {
    const tool = this.tools.get(name);
    if (!tool) throw new GuestError("invalid-params", `tool name "${name}" is not registered`);
    if (!TASK_SUPPORT.has(support))
      throw new GuestError("invalid-params", `unknown task support "${support}"`);
    const { execution, ...rest } = tool;
    const { taskSupport: _previous, ...otherExecution } = execution ?? {};
    const nextExecution =
      support === "forbidden" ? otherExecution : { ...otherExecution, taskSupport: support };
    this.tools.set(
      name,
      Object.keys(nextExecution).length > 0 ? { ...rest, execution: nextExecution } : rest,
    );
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
      cacheHints: { lists: { ...this.#cacheHints.lists }, reads: { ...this.#cacheHints.reads } },
      ...(this.skills.list().length === 0 ? {} : { skills: this.skills.list() }),
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

/** A WIT cache hint in MCP form; a TTL beyond what JSON carries exactly is refused. */
function cacheHintToMcp(hint: Runtime.CacheHint): { ttlMs: number; cacheScope: "public" | "private" } {
  const ttl = BigInt(hint.ttlMs);
  if (ttl < 0n || ttl > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new GuestError("invalid-params", `hint.ttl-ms ${ttl} is out of range (0 to 2^53 - 1)`);
  }
  if (hint.scope !== "public" && hint.scope !== "private") {
    throw new GuestError("invalid-params", `hint.scope "${String(hint.scope)}" is not public or private`);
  }
  return { ttlMs: Number(ttl), cacheScope: hint.scope };
}
