import { type CallToolResult, McpError } from "@modelcontextprotocol/sdk/types.js";
import { type BackendRequest, createPlainBackend, type McpBackend } from "@wasi-mcp/router";

/**
 * The tool contract of the "interactive" fixture: what the battery's notification, elicitation and
 * cancellation cases call. A component (or any server) exposing these tools with this behaviour
 * can replace the plain backend below without touching the battery.
 *
 * - `notify {count}`: sends `count` progress notifications (when the call carries a progress
 *   token) and `count` `notifications/message` (level info, data `step <i>`), then answers
 *   `done <count>`.
 * - `elicit {message}`: sends `elicitation/create` with `message` and a schema of one required
 *   string `name`; answers with the client's result as JSON text.
 * - `wait {}`: never answers on its own; returns once cancelled (the cancellation is counted).
 * - `stats {}`: structured content `{ inFlight, cancelled }` counted since the server started.
 * - `echo {text}`: answers `text`.
 */
export const INTERACTIVE_TOOLS = ["notify", "elicit", "wait", "stats", "echo"] as const;

/** Counters the `stats` tool reports. */
export interface InteractiveStats {
  inFlight: number;
  cancelled: number;
}

/** JSON-RPC code for a cancelled request (as LSP uses it); never reaches a client that cancelled. */
const REQUEST_CANCELLED = -32800;

const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }] });
const objectSchema = (properties: Record<string, object> = {}, required: string[] = []) => ({
  type: "object" as const,
  properties,
  required,
});

/**
 * A plain-JS backend implementing the {@link INTERACTIVE_TOOLS} contract through the router's
 * `request.notify` / `request.requestClient`, i.e. the same path a component's progress, log and
 * elicitation imports take.
 *
 * @example
 * ```ts
 * const { backend } = createInteractiveBackend();
 * const server = createMcpServer(backend);
 * ```
 */
export function createInteractiveBackend(): { backend: McpBackend; stats: InteractiveStats } {
  const stats: InteractiveStats = { inFlight: 0, cancelled: 0 };
  const backend = createPlainBackend({
    name: "interactive",
    version: "1.0.0",
    logging: true,
    tools: [
      {
        name: "notify",
        description: "Sends progress and log notifications, then answers.",
        inputSchema: objectSchema({ count: { type: "integer", minimum: 1, maximum: 100 } }, ["count"]),
        call: (args, request) => notifySteps(Number(args.count), request),
      },
      {
        name: "elicit",
        description: "Asks the client for a name (elicitation) and answers with the result.",
        inputSchema: objectSchema({ message: { type: "string" } }, ["message"]),
        call: async (args, request) => text(JSON.stringify(await elicitName(String(args.message), request))),
      },
      {
        name: "wait",
        description: "Waits until cancelled.",
        inputSchema: objectSchema(),
        call: (_args, request) => waitForCancel(request, stats),
      },
      {
        name: "stats",
        description: "In-flight and cancelled calls of `wait`.",
        inputSchema: objectSchema(),
        call: () => ({
          content: [{ type: "text", text: JSON.stringify(stats) }],
          structuredContent: { ...stats },
        }),
      },
      {
        name: "echo",
        description: "Returns its text.",
        inputSchema: objectSchema({ text: { type: "string" } }, ["text"]),
        call: (args) => text(String(args.text)),
      },
    ],
  });
  return { backend, stats };
}

async function notifySteps(count: number, request: BackendRequest): Promise<CallToolResult> {
  const notify = required(request.notify, "notify");
  const token = request.meta?.progressToken;
  for (let step = 1; step <= count; step++) {
    if (typeof token === "string" || typeof token === "number") {
      await notify({
        method: "notifications/progress",
        params: { progressToken: token, progress: step, total: count, message: `step ${step}` },
      });
    }
    await notify({ method: "notifications/message", params: { level: "info", data: `step ${step}` } });
  }
  return text(`done ${count}`);
}

function elicitName(message: string, request: BackendRequest): Promise<Record<string, unknown>> {
  return required(
    request.requestClient,
    "requestClient",
  )({
    method: "elicitation/create",
    params: {
      mode: "form",
      message,
      requestedSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    },
  });
}

function waitForCancel(request: BackendRequest, stats: InteractiveStats): Promise<CallToolResult> {
  stats.inFlight++;
  return new Promise((_resolve, reject) => {
    const onAbort = () => {
      stats.inFlight--;
      stats.cancelled++;
      // An McpError is answered as is (a plain Error would be logged as an internal failure).
      reject(new McpError(REQUEST_CANCELLED, "cancelled"));
    };
    if (request.signal.aborted) onAbort();
    else request.signal.addEventListener("abort", onAbort, { once: true });
  });
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined)
    throw new Error(`[@wasi-mcp/test-kit] the router gave the backend no request.${name}`);
  return value;
}
