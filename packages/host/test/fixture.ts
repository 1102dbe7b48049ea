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
