import type { Capabilities, Runtime, RuntimeImports, Types } from "@wasi-mcp/bindings";
import { parseJsonText, progressTokenFromWit } from "@wasi-mcp/conversions";
import { createClientQuestions, type KeyedClientRequest } from "./client-questions.js";
import { GuestError, guestJson } from "./guest-error.js";
import type { GuestEvent } from "./guest-events.js";
import type { ComponentRegistry } from "./registry.js";

export type { KeyedClientRequest } from "./client-questions.js";

/** Host services the runtime imports reach out to (implemented by the instance worker). */
export interface RuntimeServices {
  /** Forwards something the component did. */
  emit(event: GuestEvent): void;
  /** The progress token of the call in progress, if it carried one. */
  currentProgressToken(): Types.ProgressToken | undefined;
  /** What the client of the call in progress offers (nothing outside a call). */
  clientCapabilities(): Capabilities.ClientCapabilities;
  /**
   * Sends server→client requests (sampling, elicitation, roots) to the client of the call in
   * progress, all at once, and blocks until every one is answered; returns the raw MCP results in
   * order. Capabilities are already checked. A 2026-07-28 request's questions may instead end the
   * call (MRTR): whatever stops it is thrown through the guest.
   */
  askClient(requests: readonly KeyedClientRequest[]): Record<string, unknown>[];
}

const NOTIFICATION_LISTS = {
  "tools-list-changed": "tools",
  "resources-list-changed": "resources",
  "prompts-list-changed": "prompts",
} as const;

/**
 * The `wasi:mcp/runtime` implementation for one component instance, bound to its registry.
 * Guest mistakes (invalid definitions, JSON that does not parse, calls out of order, an unknown
 * progress token) come back to the guest as `err` results rather than trapping it.
 */
export function createRuntimeImports(registry: ComponentRegistry, services: RuntimeServices): RuntimeImports {
  const changed = (list: "tools" | "resources" | "prompts") => {
    if (registry.served) services.emit({ type: "list-changed", list, registry: registry.snapshot() });
  };
  const questions = createClientQuestions(services);
  return {
    registerServer: (info) => registry.registerServer(info),
    registerTools(tools) {
      registry.registerTools(tools);
      changed("tools");
    },
    registerResources(resources) {
      registry.registerResources(resources);
      changed("resources");
    },
    registerResourceTemplates(templates) {
      registry.registerResourceTemplates(templates);
      changed("resources");
    },
    registerPrompts(prompts) {
      registry.registerPrompts(prompts);
      changed("prompts");
    },
    unregisterTools(names) {
      registry.unregister("tools", names);
      changed("tools");
    },
    unregisterResources(uris) {
      registry.unregister("resources", uris);
      changed("resources");
    },
    unregisterResourceTemplates(templates) {
      registry.unregister("resourceTemplates", templates);
      changed("resources");
    },
    unregisterPrompts(names) {
      registry.unregister("prompts", names);
      changed("prompts");
    },
    setCacheHint(target, hint) {
      registry.setCacheHint(target, hint);
      if (registry.served) services.emit({ type: "registry", registry: registry.snapshot() });
    },
    setTaskSupport(tool, support) {
      registry.setTaskSupport(tool, support);
      changed("tools");
    },
    serve: () => registry.serve(),
    log(level, message, data) {
      const parsed = data === undefined ? undefined : guestJson(() => parseJsonText(data, "log data"));
      services.emit({ type: "log", level, message, data: parsed });
    },
    sendNotification(notification) {
      services.emit(notificationEvent(notification, registry));
    },
    reportProgress(token, progress, total, message) {
      const current = services.currentProgressToken();
      const wanted = progressTokenFromWit(token);
      if (!current || progressTokenFromWit(current) !== wanted) {
        throw new GuestError(
          "invalid-params",
          `progress token ${JSON.stringify(wanted)} is not the current request's`,
        );
      }
      services.emit({
        type: "progress",
        progressToken: wanted,
        progress,
        ...(total === undefined ? {} : { total }),
        ...(message === undefined ? {} : { message }),
      });
    },
    getClientCapabilities: () => services.clientCapabilities(),
    requestSampling: (request) => questions.sample(request),
    requestElicitation: (request) => questions.elicit(request),
    requestRoots: () => questions.roots(),
    requestInput: (requests) => questions.ask(requests),
  };
}

function notificationEvent(notification: Runtime.Notification, registry: ComponentRegistry): GuestEvent {
  switch (notification.tag) {
    case "tools-list-changed":
    case "resources-list-changed":
    case "prompts-list-changed":
      return {
        type: "list-changed",
        list: NOTIFICATION_LISTS[notification.tag],
        registry: registry.snapshot(),
      };
    case "resource-updated":
      return { type: "resource-updated", uri: notification.val };
    case "custom": {
      const { method, params } = notification.val;
      if (!method.startsWith("notifications/")) {
        throw new GuestError(
          "invalid-params",
          `custom notification method "${method}" must start with notifications/`,
        );
      }
      const parsed = params === undefined ? undefined : guestJson(() => parseJsonText(params, "params"));
      return {
        type: "notification",
        notification: { method, ...(parsed === undefined ? {} : { params: parsed }) } as never,
      };
    }
  }
}
