import { ErrorCode, type RequestId } from "@modelcontextprotocol/sdk/types.js";

/** Prefix carried by every error message this package produces. */
export const ERROR_PREFIX = "[@wasi-mcp/transport-stdio]";

/**
 * A single message grew past the configured byte limit before its terminating newline arrived.
 * Its bytes are discarded up to the next newline; the stream then continues normally.
 *
 * @example
 * ```ts
 * import { MessageTooLargeError } from "@wasi-mcp/transport-stdio";
 * transport.onerror = (error) => {
 *   if (error instanceof MessageTooLargeError) console.error(`limit is ${error.limit} bytes`);
 * };
 * ```
 */
export class MessageTooLargeError extends Error {
  override readonly name = "MessageTooLargeError";
  /** The JSON-RPC error code answered to the peer: `-32600` (invalid request). */
  readonly code = ErrorCode.InvalidRequest;
  /** The configured `maxMessageBytes`. */
  readonly limit: number;

  /** @param limit - the configured `maxMessageBytes` that the message exceeded */
  constructor(limit: number) {
    super(`${ERROR_PREFIX} ${oversizeDescription(limit)}; discarded up to the next newline`);
    this.limit = limit;
  }
}

/**
 * A complete line that is not valid JSON (`code` -32700) or not a JSON-RPC 2.0 message (`code`
 * -32600). `requestId` is the line's `id` when it could be recovered from a request-shaped object.
 *
 * @example
 * ```ts
 * import { InvalidMessageError, parseMessage } from "@wasi-mcp/transport-stdio";
 * try {
 *   parseMessage('{"jsonrpc":"2.0","id":7,"method":42}');
 * } catch (error) {
 *   if (error instanceof InvalidMessageError) console.error(error.code, error.requestId); // -32600 7
 * }
 * ```
 */
export class InvalidMessageError extends Error {
  override readonly name = "InvalidMessageError";
  /** `-32700` (parse error) or `-32600` (invalid request). */
  readonly code: ErrorCode.ParseError | ErrorCode.InvalidRequest;
  /**
   * The `id` to answer the offending message with: the request's, when one could be recovered;
   * `null` when the message must be answered without one (a batch); otherwise `undefined` (no answer).
   */
  readonly requestId: RequestId | null | undefined;

  /**
   * @param code - the JSON-RPC error code describing the failure
   * @param detail - a short human-readable reason, appended to the message
   * @param requestId - the recovered request `id`, `null` to answer without one, or `undefined`
   * @param cause - the underlying `SyntaxError` or schema error
   */
  constructor(
    code: ErrorCode.ParseError | ErrorCode.InvalidRequest,
    detail: string,
    requestId: RequestId | null | undefined,
    cause?: unknown,
  ) {
    super(`${ERROR_PREFIX} ${detail}`, { cause });
    this.code = code;
    this.requestId = requestId;
  }
}

/**
 * The client stopped reading stdout: answers queued for it (in the transport and in stdout's own
 * buffer) would pass the configured `maxQueuedBytes`. The transport reports it to `onerror` and
 * closes the connection rather than buffer without limit; the lines still queued are dropped.
 *
 * @example
 * ```ts
 * import { WriteQueueOverflowError } from "@wasi-mcp/transport-stdio";
 * transport.onerror = (error) => {
 *   if (error instanceof WriteQueueOverflowError) console.error(error.message); // then onclose
 * };
 * ```
 */
export class WriteQueueOverflowError extends Error {
  override readonly name: string = "WriteQueueOverflowError";
  /** The configured `maxQueuedBytes`. */
  readonly limit: number;
  /** Bytes queued (not yet taken by the reader) when the line that would pass the limit came. */
  readonly queuedBytes: number;

  /**
   * @param limit - the configured `maxQueuedBytes`
   * @param queuedBytes - bytes queued when the overflowing line came
   * @param lineBytes - the size of that line
   */
  constructor(limit: number, queuedBytes: number, lineBytes: number) {
    super(
      `${ERROR_PREFIX} the client is not reading stdout: ${queuedBytes} bytes are queued and a ` +
        `${lineBytes}-byte message would pass the ${limit}-byte limit (maxQueuedBytes); closing the connection`,
    );
    this.limit = limit;
    this.queuedBytes = queuedBytes;
  }
}

/**
 * The client stopped reading stdout for too long: a message waited longer than the configured
 * `maxStalledMs` for stdout to drain (what is queued stays within `maxQueuedBytes`, but nothing
 * moves). A kind of {@link WriteQueueOverflowError} — the queue's bound in time, beside the one in
 * bytes — reported and followed by a close the same way.
 *
 * @example
 * ```ts
 * import { WriteQueueStalledError } from "@wasi-mcp/transport-stdio";
 * transport.onerror = (error) => {
 *   if (error instanceof WriteQueueStalledError) console.error(error.message); // then onclose
 * };
 * ```
 */
export class WriteQueueStalledError extends WriteQueueOverflowError {
  override readonly name: string = "WriteQueueStalledError";
  /** The configured `maxStalledMs`. */
  readonly stalledMs: number;

  /**
   * @param stalledMs - the configured `maxStalledMs`
   * @param queuedBytes - bytes queued when the writer gave up
   * @param maxQueuedBytes - the configured `maxQueuedBytes`
   */
  constructor(stalledMs: number, queuedBytes: number, maxQueuedBytes: number) {
    super(maxQueuedBytes, queuedBytes, 0);
    this.stalledMs = stalledMs;
    this.message =
      `${ERROR_PREFIX} the client is not reading stdout: ${queuedBytes} bytes have waited more than ` +
      `${stalledMs} ms for it to read (maxStalledMs); closing the connection`;
  }
}

/** The peer-facing description of an oversize message (no prefix: it goes on the wire). */
export function oversizeDescription(limit: number): string {
  return `Message exceeds the ${limit}-byte limit`;
}
