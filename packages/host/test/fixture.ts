import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import type { BackendRequest, ClientBoundRequest } from "@wasi-mcp/router";

const here = dirname(fileURLToPath(import.meta.url));
/** The host's fault-and-feature fixture component, built by turbo. */
export const FIXTURE = join(
  here,
  "..",
  "..",
  "..",
  "examples",
  "components",
  "host-fixture",
  "dist",
  "host-fixture.wasm",
);
/** The hello example component. */
export const HELLO = join(here, "..", "..", "..", "examples", "components", "hello", "dist", "hello.wasm");
/** One transpile cache for the whole test run. */
export const CACHE = process.env.WASI_MCP_TEST_CACHE ?? mkdtempSync(join(tmpdir(), "wasi-mcp-host-tests-"));

/** A backend request that records what the host sends back to the client. */
export function recordingRequest(
  options: {
    progressToken?: string | number;
    answer?: (request: ClientBoundRequest) => Promise<Record<string, unknown>>;
    capabilities?: BackendRequest["clientCapabilities"];
    signal?: AbortSignal;
  } = {},
) {
  const notifications: ServerNotification[] = [];
  const clientRequests: ClientBoundRequest[] = [];
  const request: BackendRequest = {
    requestId: 1,
    sessionId: "session-1",
    meta: options.progressToken === undefined ? undefined : { progressToken: options.progressToken },
    signal: options.signal ?? new AbortController().signal,
    clientCapabilities: options.capabilities ?? {},
    notify: async (notification) => {
      notifications.push(notification);
    },
    requestClient: async (clientRequest) => {
      clientRequests.push(clientRequest);
      if (!options.answer) throw new Error("no answer configured");
      return options.answer(clientRequest);
    },
  };
  return { request, notifications, clientRequests };
}

/** The text of the first content item of a tool result. */
export function firstText(result: unknown): string {
  const [item] = ((result as { content?: unknown }).content ?? []) as { type: string; text?: string }[];
  return item?.text ?? "";
}

/** What host-fixture's `fs` tool answers for each operation: its result, or the WASI error code. */
export type FsOutcome = { ok: unknown } | { code: string };

/**
 * Runs operations through host-fixture's `fs` tool (the guest hands them to `wasi:filesystem`
 * unchanged) on the preopen at `preopen`. With `hostPath`, checks that no answer names it (a host
 * path must never reach a client).
 */
export async function callFsTool(
  backend: {
    callTool(name: string, args: Record<string, unknown>, request: BackendRequest): Promise<unknown>;
  },
  preopen: string,
  ops: readonly object[],
  hostPath?: string,
): Promise<FsOutcome[]> {
  const text = firstText(await backend.callTool("fs", { preopen, ops }, recordingRequest().request));
  if (hostPath !== undefined && text.includes(hostPath)) {
    throw new Error(`an fs answer names the host path ${hostPath}: ${text}`);
  }
  return JSON.parse(text) as FsOutcome[];
}

/** The WASI error code a guarded filesystem call throws (the shim throws the code as a string), or "ok". */
export function wasiOutcome(call: () => unknown): string {
  try {
    call();
    return "ok";
  } catch (error) {
    if (typeof error !== "string") throw error;
    return error;
  }
}
