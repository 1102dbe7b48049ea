// A minimal JSON-RPC client side, the same on every wire, so the server is what is measured.

export const PROTOCOL_VERSION = "2025-11-25";

export const initializeRequest = (id) => ({
  jsonrpc: "2.0",
  id,
  method: "initialize",
  params: {
    protocolVersion: PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: "wasi-mcp-bench", version: "0" },
  },
});

export const INITIALIZED = { jsonrpc: "2.0", method: "notifications/initialized" };

export const toolCall = (id, name, args) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});

/** Throws unless `reply` answers request `id` of an echo of `text` (plain or as arguments JSON). */
export function checkEcho(reply, id, text) {
  const got = reply?.result?.content?.[0]?.text;
  if (reply?.id === id && (got === text || got === JSON.stringify({ text }))) return;
  throw new Error(`[@wasi-mcp/bench] bad reply to ${id}: ${JSON.stringify(reply).slice(0, 300)}`);
}

/**
 * Correlates replies with requests by id over any `write(message)`; feed it with `receive`.
 * One instance is one MCP session.
 */
export class Session {
  #pending = new Map();
  #nextId = 1;
  /** Responses that answered no pending request: duplicates, or answers to ids never sent. */
  unmatched = 0;

  constructor(write) {
    this.write = write;
  }

  receive(message) {
    const settle = this.#pending.get(message.id);
    if (!settle) {
      if (message.id !== undefined && ("result" in message || "error" in message)) {
        this.unmatched++;
        if (process.env.SOAK_DEBUG) console.error("unmatched", JSON.stringify(message).slice(0, 300));
      }
      return;
    }
    this.#pending.delete(message.id);
    settle(message);
  }

  request(build) {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.write(build(id));
    });
  }

  async initialize() {
    const reply = await this.request(initializeRequest);
    if (!reply.result) throw new Error(`[@wasi-mcp/bench] initialize failed: ${JSON.stringify(reply)}`);
    this.write(INITIALIZED);
  }

  /** Sends `tools/call name args`; `onSent(id)` learns its id. Resolves with the raw reply. */
  call(name, args, onSent) {
    return this.request((id) => {
      onSent?.(id);
      return toolCall(id, name, args);
    });
  }

  /** Cancels request `id` (`notifications/cancelled`). */
  cancel(id) {
    this.write({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: id, reason: "bench" },
    });
  }

  async echo(text) {
    let sent;
    const reply = await this.request((id) => {
      sent = id;
      return toolCall(id, "echo", { text });
    });
    checkEcho(reply, sent, text);
  }
}
