import type { ElicitResult, LoggingLevel, ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { Types } from "@wasi-mcp/bindings";
import { parseJsonObject, requestContextToWit } from "@wasi-mcp/conversions";
import type { BackendEvent, BackendRequest, CompletionReference, McpBackend } from "@wasi-mcp/router";
import type { InstancePool } from "../engine/instance-pool.js";
import type { RegisteredTarget } from "../engine/owned-registrations.js";
import type { GuestEvent, HandlerName, RegistrySnapshot } from "../guest-runtime/guest-events.js";
import type { RegisteredSkill } from "../guest-runtime/skill-registry.js";
import type { ResolvedPolicy } from "../policy.js";

/** A component's router backend, plus what the host needs to feed it. */
export interface ComponentBackend extends McpBackend {
  /** Routes an event from one of the component's instances. */
  handleEvent(event: GuestEvent, request: BackendRequest | undefined): void;
  /** Routes a chunk of guest stdout/stderr. */
  handleOutput(stream: "stdout" | "stderr", text: string): void;
  /** What the component registered most recently. */
  registry(): RegistrySnapshot;
  /**
   * Calls `handle-elicit`: asks the component to answer an elicitation addressed to it (by an MCP
   * server it is a client of, through the `client` interface of world `mcp-proxy`).
   */
  elicit(
    params: { message: string; requestedSchema: Record<string, unknown> },
    request: BackendRequest,
  ): Promise<ElicitResult>;
}

/** The part of an instance pool a backend calls through (see `InstancePool.run`). */
export type CallPool = Pick<InstancePool, "run">;

/** What the host does with component output nobody listens to. */
export type FallbackLog = (level: LoggingLevel, message: string, data: unknown) => void;

/**
 * The router's {@link McpBackend} for one component. Lists come from what it registered; calls go
 * to its pool of worker instances. Optional MCP features (completion, subscriptions) exist exactly
 * when the component declared them in `register-server`: every handler export is present in a
 * component (WIT exports are all-or-nothing), so the declaration is what says it implements one.
 */
export function createComponentBackend(
  name: string,
  pool: CallPool,
  initial: RegistrySnapshot,
  policy: Pick<ResolvedPolicy, "deadlineMs" | "toolDeadlinesMs" | "stdio">,
  fallbackLog: FallbackLog,
): ComponentBackend {
  let registry = initial;
  const listeners = new Set<(event: BackendEvent) => void>();
  const emit = (event: BackendEvent) => {
    if (listeners.size === 0 && event.type === "log") {
      const data = event.data as { message?: string; data?: unknown } | string;
      fallbackLog(
        event.level,
        typeof data === "string" ? data : (data.message ?? ""),
        typeof data === "string" ? undefined : data.data,
      );
    }
    for (const listener of listeners) listener(event);
  };
  const call = (
    handler: HandlerName,
    request: BackendRequest,
    args: unknown[],
    deadlineMs = policy.deadlineMs,
    target?: RegisteredTarget,
  ) => pool.run(handler, [requestContextToWit(request), ...args], request, deadlineMs, target);
  const declared = initial.identity.capabilities;

  const backend: ComponentBackend = {
    identity: () => ({ ...registry.identity, capabilities: advertised(registry) }),
    registry: () => registry,
    listTools: () => registry.tools,
    listResources: () => registry.resources,
    listResourceTemplates: () => registry.resourceTemplates,
    listPrompts: () => registry.prompts,
    listSkills: () => registry.skills ?? NO_SKILLS,
    cacheHint: (target) =>
      target.method === "resources/read"
        ? registry.cacheHints?.reads[target.uri]
        : registry.cacheHints?.lists[target.method],
    // A call for something registered goes to an instance that registered it (ADR 0009).
    callTool: (tool, args, request) =>
      // The arguments become JSON text on the instance's side (JSON_TEXT_ARGUMENT).
      call("callTool", request, [tool, args], policy.toolDeadlinesMs[tool], {
        kind: "tool",
        name: tool,
      }) as never,
    readResource: (uri, request) =>
      call("readResource", request, [uri], undefined, { kind: "resource", uri }) as never,
    getPrompt: (prompt, args, request) =>
      call("getPrompt", request, [prompt, Object.entries(args)], undefined, {
        kind: "prompt",
        name: prompt,
      }) as never,
    async elicit(params, request) {
      const result = (await call("handleElicit", request, [
        { message: params.message, requestedSchema: JSON.stringify(params.requestedSchema) },
      ])) as Types.ElicitationResult;
      return {
        action: result.action,
        ...(result.content === undefined
          ? {}
          : { content: parseJsonObject(result.content, "content") as ElicitResult["content"] }),
      };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    handleEvent(event, request) {
      switch (event.type) {
        case "list-changed":
          registry = event.registry;
          return emit({ type: `${event.list}-list-changed` });
        case "registry":
          registry = event.registry;
          return;
        case "resource-updated":
          return emit({ type: "resource-updated", uri: event.uri });
        case "notification":
          return emit(event);
        case "progress": {
          const { type: _type, ...params } = event;
          void request?.notify?.({ method: "notifications/progress", params });
          return;
        }
        case "log": {
          const data =
            event.data === undefined ? event.message : { message: event.message, data: event.data };
          const level = event.level as LoggingLevel;
          if (request?.notify) {
            void request.notify({ method: "notifications/message", params: { level, logger: name, data } });
          } else emit({ type: "log", level, logger: name, data });
        }
      }
    },
    handleOutput(stream, text) {
      if (policy.stdio === "stderr")
        return fallbackLog(stream === "stderr" ? "warning" : "info", text.trimEnd(), undefined);
      emit({
        type: "log",
        level: stream === "stderr" ? "warning" : "info",
        logger: `${name}:${stream}`,
        data: text.trimEnd(),
      });
    },
  };
  if (declared.completions) {
    backend.complete = (reference, argument, context, request) =>
      call("handleComplete", request, [witReference(reference), argument, Object.entries(context)]) as never;
  }
  if (declared.resources?.subscribe) {
    backend.subscribe = async (uri, request) => void (await call("handleSubscribe", request, [uri]));
    backend.unsubscribe = async (uri, request) => void (await call("handleUnsubscribe", request, [uri]));
  }
  return backend;
}

/**
 * What is advertised: a list capability whenever the component declared or registered something of
 * that kind (with `listChanged`: the host emits it for registrations after `serve`), logging always
 * (the `log` import exists for every component), completions and subscriptions as declared.
 */
const NO_SKILLS: readonly RegisteredSkill[] = [];

function advertised(registry: RegistrySnapshot): ServerCapabilities {
  const declared = registry.identity.capabilities;
  const out: ServerCapabilities = { logging: {} };
  if (declared.tools || registry.tools.length > 0) out.tools = { listChanged: true };
  if (declared.resources || registry.resources.length > 0 || registry.resourceTemplates.length > 0) {
    out.resources = { listChanged: true, subscribe: Boolean(declared.resources?.subscribe) };
  }
  if (declared.prompts || registry.prompts.length > 0) out.prompts = { listChanged: true };
  if (declared.completions) out.completions = {};
  if (declared.experimental) out.experimental = declared.experimental;
  return out;
}

function witReference(reference: CompletionReference): Types.CompletionReference {
  return reference.type === "ref/prompt"
    ? { tag: "prompt", val: reference.name }
    : { tag: "resource-template", val: reference.uri };
}
