import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import type { RuntimeImports } from "@wasi-mcp/bindings";
import { HostError, parseJsonText } from "@wasi-mcp/conversions";
import { GuestError } from "./guest-error.js";
import type { ComponentRegistry } from "./registry.js";

/** Host services the runtime imports reach out to. */
export interface RuntimeServices {
  /** A log record from the component (`runtime.log`). */
  log(level: LoggingLevel, message: string, data: unknown): void;
}

/**
 * The `wasi:mcp/runtime` implementation for one component instance, bound to its registry.
 * Guest mistakes (invalid definitions, JSON that does not parse, calls out of order) come back to
 * the guest as `err` results rather than trapping it.
 */
export function createRuntimeImports(registry: ComponentRegistry, services: RuntimeServices): RuntimeImports {
  const notYet = (what: string) => (): never => {
    throw new GuestError("unsupported-operation", `${what} is not supported by this host version`);
  };
  return {
    registerServer: (info) => registry.registerServer(info),
    registerTools: (tools) => registry.registerTools(tools),
    registerResources: (resources) => registry.registerResources(resources),
    registerResourceTemplates: (templates) => registry.registerResourceTemplates(templates),
    registerPrompts: (prompts) => registry.registerPrompts(prompts),
    serve: () => registry.serve(),
    log(level, message, data) {
      services.log(level, message, data === undefined ? undefined : parseGuestJson(data, "log data"));
    },
    getClientCapabilities: () => ({ sampling: false, elicitation: false, roots: false }),
    sendNotification: notYet("send-notification"),
    reportProgress: notYet("report-progress"),
    requestSampling: notYet("request-sampling"),
    requestElicitation: notYet("request-elicitation"),
  };
}

function parseGuestJson(text: string, field: string): unknown {
  try {
    return parseJsonText(text, field);
  } catch (error) {
    if (error instanceof HostError) throw new GuestError("invalid-params", error.message);
    throw error;
  }
}
