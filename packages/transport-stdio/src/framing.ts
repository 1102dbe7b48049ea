import { isUtf8 } from "node:buffer";
import {
  ErrorCode,
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { ERROR_PREFIX, InvalidMessageError, MessageTooLargeError } from "./errors.js";

/** The peer-facing message of the `-32600` answer to a JSON array (a batch). */
export const BATCH_REFUSAL = "Invalid Request: JSON-RPC batches are not supported; send one message per line";

/** Default `maxMessageBytes`: 4 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/**
 * One item produced by {@link LineDecoder.append}: a complete line (terminator removed, decoded
 * as UTF-8), or the report that a message exceeded the limit and is being discarded.
 */
export type DecodedLine =
  | { kind: "line"; line: string }
  | { kind: "oversize"; error: MessageTooLargeError }
  /** A line whose bytes are not valid UTF-8 (JSON text must be); it is dropped, not guessed at. */
  | { kind: "not-utf8" };

/** Options for {@link LineDecoder}. */
export interface LineDecoderOptions {
  /**
   * Largest accepted message, in bytes, excluding its `\n` or `\r\n` terminator.
   * Default {@link DEFAULT_MAX_MESSAGE_BYTES} (4 MiB).
   */
  maxMessageBytes?: number;
}

/**
 * Splits a byte stream into newline-delimited lines. Bytes are buffered until a `\n` arrives and
 * each line is decoded as a whole, so a multi-byte UTF-8 character split across chunks is intact.
 * A trailing `\r` is removed; empty (or whitespace-only) lines are skipped. A message that grows
 * past `maxMessageBytes` is reported once as `oversize` as soon as the limit is crossed, then its
 * remaining bytes are dropped up to the next newline, after which decoding resumes.
 *
 * @example
 * ```ts
 * import { LineDecoder } from "@wasi-mcp/transport-stdio";
 * const decoder = new LineDecoder({ maxMessageBytes: 1024 });
 * for (const item of decoder.append(Buffer.from('{"a":1}\r\n{"b"'))) {
 *   if (item.kind === "line") console.log(item.line); // {"a":1}
 * }
 * console.log(decoder.bufferedBytes); // 4
 * ```
 */
export class LineDecoder {
  /** The configured limit, in bytes. */
  readonly maxMessageBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;

  /** @param options - see {@link LineDecoderOptions} */
  constructor(options: LineDecoderOptions = {}) {
    const limit = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`${ERROR_PREFIX} maxMessageBytes must be a positive integer, got ${limit}`);
    }
    this.maxMessageBytes = limit;
  }

  /** Bytes of an unterminated message held while waiting for its newline (0 while discarding). */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** Whether the decoder is dropping the rest of an oversize message until the next newline. */
  get isDiscarding(): boolean {
    return this.discarding;
  }

  /**
   * Feeds a chunk and returns every line it completes, in order, plus at most one `oversize`
   * report per oversize message. Never throws for bad input.
   *
   * @param chunk - the next bytes of the stream
   */
  append(chunk: Buffer): DecodedLine[] {
    const out: DecodedLine[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) {
        this.hold(chunk.subarray(start), out);
        break;
      }
      const tail = chunk.subarray(start, newline);
      start = newline + 1;
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      this.complete(tail, out);
    }
    return out;
  }

  /** Drops any buffered partial message and leaves discard mode. */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = false;
  }

  /** Buffers the unterminated rest of a chunk, reporting oversize as soon as the limit is crossed. */
  private hold(rest: Buffer, out: DecodedLine[]): void {
    if (this.discarding || rest.length === 0) return;
    this.pending.push(rest);
    this.pendingBytes += rest.length;
    // A final `\r` may be the first half of a `\r\n` terminator, so it does not count yet.
    const countable = rest[rest.length - 1] === CR ? this.pendingBytes - 1 : this.pendingBytes;
    if (countable > this.maxMessageBytes) {
      out.push({ kind: "oversize", error: new MessageTooLargeError(this.maxMessageBytes) });
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = true;
    }
  }

  /** Joins the buffered bytes with the piece before a newline and emits the resulting line. */
  private complete(tail: Buffer, out: DecodedLine[]): void {
    let bytes = this.pending.length === 0 ? tail : Buffer.concat([...this.pending, tail]);
    this.pending = [];
    this.pendingBytes = 0;
    if (bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length > this.maxMessageBytes) {
      out.push({ kind: "oversize", error: new MessageTooLargeError(this.maxMessageBytes) });
      return;
    }
    if (!isUtf8(bytes)) {
      out.push({ kind: "not-utf8" });
      return;
    }
    const line = bytes.toString("utf8");
    if (line.trim() !== "") out.push({ kind: "line", line });
  }
}

/**
 * Parses one line as JSON and validates it with the SDK's `JSONRPCMessageSchema`.
 *
 * @param line - one complete line, without its terminator
 * @returns the validated message
 * @throws {@link InvalidMessageError} with `code` -32700 when the line is not JSON, or -32600 when
 * it is JSON but not a JSON-RPC 2.0 message (with `requestId` set when the value is a request-like
 * object carrying a string or number `id`, and `null` for a batch, which is answered `id: null`).
 *
 * @example
 * ```ts
 * import { parseMessage } from "@wasi-mcp/transport-stdio";
 * const message = parseMessage('{"jsonrpc":"2.0","id":1,"method":"ping"}');
 * ```
 */
export function parseMessage(line: string): JSONRPCMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidMessageError(ErrorCode.ParseError, `Invalid JSON: ${reason}`, undefined, cause);
  }
  if (Array.isArray(value)) {
    // MCP has no batches (since 2025-06-18, and none in 2026-07-28); the id of an array is
    // unknown, so the refusal is answered with `id: null`, as over Streamable HTTP.
    throw new InvalidMessageError(ErrorCode.InvalidRequest, BATCH_REFUSAL, null);
  }
  const result = JSONRPCMessageSchema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidMessageError(
    ErrorCode.InvalidRequest,
    "Not a JSON-RPC 2.0 message",
    recoverRequestId(value),
    result.error,
  );
}

/**
 * The `id` to answer an invalid message with: present only when the value is an object with a
 * string or number `id` and no `result`/`error` member (a response is never answered).
 */
function recoverRequestId(value: unknown): RequestId | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  if ("result" in value || "error" in value || !("id" in value)) return undefined;
  const { id } = value;
  return typeof id === "string" || typeof id === "number" ? id : undefined;
}

/**
 * A JSON-RPC error response whose `id` may be `null`, as JSON-RPC 2.0 requires when the id of the
 * offending message could not be determined (the SDK's message type has no `null` id).
 */
export interface ProtocolErrorResponse {
  /** Always `"2.0"`. */
  jsonrpc: "2.0";
  /** The id of the request being answered, or `null` when it is unknown. */
  id: RequestId | null;
  /** The error. */
  error: { code: number; message: string };
}

/**
 * Builds a JSON-RPC error response.
 *
 * @param id - the request id, or `null` when unknown
 * @param code - the JSON-RPC error code, e.g. -32700 or -32600
 * @param message - a short description for the peer
 *
 * @example
 * ```ts
 * import { errorResponse, serializeMessage } from "@wasi-mcp/transport-stdio";
 * serializeMessage(errorResponse(null, -32700, "Parse error"));
 * // '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}\n'
 * ```
 */
export function errorResponse(id: RequestId | null, code: number, message: string): ProtocolErrorResponse {
  return { jsonrpc: "2.0", id, error: { code, message } };
}

/**
 * Serializes a message as one protocol line: compact JSON followed by `\n`. `JSON.stringify`
 * escapes every newline inside strings, so the result never contains a bare `\n` before the end.
 *
 * @param message - the message to write
 *
 * @example
 * ```ts
 * import { serializeMessage } from "@wasi-mcp/transport-stdio";
 * process.stdout.write(serializeMessage({ jsonrpc: "2.0", method: "notifications/initialized" }));
 * ```
 */
export function serializeMessage(message: JSONRPCMessage | ProtocolErrorResponse): string {
  return `${JSON.stringify(message)}\n`;
}
