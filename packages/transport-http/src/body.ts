import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import { type JSONRPCMessage, JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
import { HTTP_ERROR_CODES } from "./errors.js";

/** Default request body limit: 4 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Most messages accepted in one JSON-RPC batch (protocol 2025-03-26 allowed batches). */
export const MAX_BATCH_MESSAGES = 100;

/** The outcome of reading a body: the text, or the HTTP refusal (with the JSON-RPC error code to send). */
export type BodyResult =
  | { ok: true; text: string }
  | { ok: false; status: 413; code: number; message: string }
  | { ok: false; status: 400; code: number; message: string };

/**
 * Reads a request body as UTF-8 text, refusing it as soon as it is known to exceed `maxBytes`:
 * from `Content-Length` before reading anything, otherwise as the bytes arrive (it stops
 * buffering at once; the caller answers 413 and closes the connection). A body that is not valid
 * UTF-8 (JSON text must be) is refused with 400 and a parse error rather than decoded with
 * replacement characters, which would change ids and strings behind the client's back.
 *
 * @example
 * ```ts
 * const body = await readBody(req, 1024);
 * if (!body.ok) return writeJsonError(res, body.status, -32000, body.message);
 * ```
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const tooLarge: BodyResult = {
    ok: false,
    status: 413,
    code: HTTP_ERROR_CODES.transport,
    message: `Payload Too Large: request body exceeds ${maxBytes} bytes`,
  };
  const declared = Number(req.headers["content-length"]);
  if (declared > maxBytes) return Promise.resolve(tooLarge);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        req.off("data", onData);
        req.off("end", onEnd);
        chunks.length = 0;
        resolve(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      if (!isUtf8(bytes)) {
        resolve({
          ok: false,
          status: 400,
          code: -32700,
          message: "Parse error: the body is not valid UTF-8",
        });
        return;
      }
      resolve({ ok: true, text: bytes.toString("utf8") });
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", reject);
  });
}

/** The outcome of parsing a body: the messages, or the JSON-RPC error to answer with HTTP 400. */
export type ParseResult =
  | { ok: true; messages: JSONRPCMessage[]; batch: boolean }
  | { ok: false; code: number; message: string };

/**
 * Parses a POST body: one JSON-RPC message, or a batch (array) of at most
 * {@link MAX_BATCH_MESSAGES}. Each message is validated with the SDK's `JSONRPCMessageSchema`.
 *
 * @example
 * ```ts
 * parseBody('{"jsonrpc":"2.0","id":1,"method":"ping"}'); // { ok: true, messages: [...], batch: false }
 * parseBody("{"); // { ok: false, code: -32700, message: "Parse error: invalid JSON" }
 * ```
 */
export function parseBody(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: HTTP_ERROR_CODES.parseError, message: "Parse error: invalid JSON" };
  }
  const batch = Array.isArray(raw);
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (batch && (items.length === 0 || items.length > MAX_BATCH_MESSAGES)) {
    return {
      ok: false,
      code: HTTP_ERROR_CODES.invalidRequest,
      message: `Invalid Request: a batch must hold 1 to ${MAX_BATCH_MESSAGES} messages`,
    };
  }
  const messages: JSONRPCMessage[] = [];
  for (const item of items) {
    const parsed = JSONRPCMessageSchema.safeParse(item);
    if (!parsed.success) {
      return {
        ok: false,
        code: HTTP_ERROR_CODES.invalidRequest,
        message: "Invalid Request: not a JSON-RPC 2.0 message",
      };
    }
    messages.push(parsed.data);
  }
  return { ok: true, messages, batch };
}
