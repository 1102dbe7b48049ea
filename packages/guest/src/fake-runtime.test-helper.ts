// A recording stand-in for the `wasi:mcp/runtime` import, for unit tests of the pure kit layer.
import type { RuntimeModule, WitRequestContext } from "./wit.js";

export interface RecordedCall {
  name: string;
  args: unknown[];
}

export function fakeRuntime(
  overrides: Partial<RuntimeModule> = {},
): RuntimeModule & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push({ name, args });
    };
  const unsupported = (name: string) => (): never => {
    calls.push({ name, args: [] });
    throw { code: "unsupported-operation", message: `${name} is not supported` };
  };
  return {
    calls,
    registerServer: record("registerServer"),
    registerTools: record("registerTools"),
    registerResources: record("registerResources"),
    registerResourceTemplates: record("registerResourceTemplates"),
    registerPrompts: record("registerPrompts"),
    serve: record("serve"),
    sendNotification: record("sendNotification"),
    log: record("log"),
    reportProgress: record("reportProgress"),
    getClientCapabilities: () => ({ sampling: true, elicitation: false, roots: false }),
    requestSampling: unsupported("requestSampling"),
    requestElicitation: unsupported("requestElicitation"),
    requestInput: unsupported("requestInput"),
    requestRoots: unsupported("requestRoots"),
    unregisterTools: record("unregisterTools"),
    unregisterResources: record("unregisterResources"),
    unregisterResourceTemplates: record("unregisterResourceTemplates"),
    unregisterPrompts: record("unregisterPrompts"),
    setCacheHint: record("setCacheHint"),
    setTaskSupport: record("setTaskSupport"),
    ...overrides,
  };
}

export function witContext(overrides: Partial<WitRequestContext> = {}): WitRequestContext {
  return { requestId: "7", ...overrides };
}

/** Calls an export the way ComponentizeJS would: returns the value or the thrown error record. */
export async function settle<T>(call: () => T | Promise<T>): Promise<{ ok: T } | { err: unknown }> {
  try {
    return { ok: await call() };
  } catch (err) {
    return { err };
  }
}
