import type {
  JSONRPCMessage,
  JSONRPCRequest,
  JSONRPCResponse,
  RequestId,
} from "@modelcontextprotocol/sdk/types.js";

// Messages reaching these helpers were validated by JSONRPCMessageSchema (incoming) or built by
// the SDK (outgoing), so their shape is known and a key check classifies them.

/** A request: has both `method` and `id`. */
export function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return "method" in message && "id" in message;
}

/** A result or error response: has an `id` and no `method`. */
export function isResponse(message: JSONRPCMessage): message is JSONRPCResponse & { id: RequestId } {
  return !("method" in message) && "id" in message;
}

/** An `initialize` request. */
export function isInitialize(message: JSONRPCMessage): message is JSONRPCRequest {
  return isRequest(message) && message.method === "initialize";
}

/** The protocol version an `initialize` request asks for, if it names one. */
export function requestedVersion(message: JSONRPCRequest): string | undefined {
  const version = message.params?.protocolVersion;
  return typeof version === "string" ? version : undefined;
}
