/**
 * The part of outgoing HTTP that runs in preview2-shim's I/O worker thread, loaded there through
 * the shim's `callExtension`: it resolves names and sends each request to the address the host
 * checked (never resolving the name again, so no DNS answer can change the destination after the
 * check), within the policy's time and size limits. Every decision is the host's
 * (`outgoing-http.ts`); this file only carries them out. It imports nothing but Node built-ins and
 * uses only erasable TypeScript: the worker loads it as it is, from the sources or from `dist`.
 *
 * @module
 */
import { lookup } from "node:dns/promises";
import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { pipeline, type Readable, Transform } from "node:stream";
import type { WorkerExtension, WorkerExtensionContext } from "@bytecodealliance/preview2-shim/io-worker";

/** What the host asks for: one request, to one checked address, with its limits. */
export interface OutgoingSpec {
  method: string;
  scheme: "http" | "https";
  /** The checked address to connect to. */
  address: string;
  port: number;
  /** The name of the authority (for TLS: server name and certificate check). */
  hostName: string;
  /** The `Host` header: the authority as the guest wrote it. */
  hostHeader: string;
  pathWithQuery: string;
  headers: [string, string][];
  /** The I/O worker's id of the guest's request body stream. */
  bodyId: number | undefined;
  /** When the whole exchange must be over (epoch milliseconds). */
  deadline: number;
  timeoutMs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  /** Which instance sends it (requests in flight are counted per instance). */
  owner: string;
  maxConcurrentRequests: number;
}

/** A resolved response head; the body is a stream of the I/O worker. */
export interface OutgoingHead {
  status: number;
  headers: [string, string][];
  bodyStreamId: number;
}

/** Why a request failed: a `wasi:http` error code, and for a policy limit the text naming it. */
export interface OutgoingFailure {
  code: { tag: string; val?: unknown };
  limit?: string;
}

/** The name a stream error carries when a policy limit ended it (read by the host). */
export const LIMIT_ERROR_CODE = "WASI_MCP_OUTGOING_LIMIT";

/**
 * Creates the extension: operations `resolve`, `request` and `refuse` (a future already failed with
 * the given {@link OutgoingFailure}, whose body stream, if any, is drained).
 */
export default function createOutgoingHttpWorker(context: WorkerExtensionContext): WorkerExtension {
  return (operation, args) => {
    if (operation === "resolve") return resolve(String(args[0]), Number(args[1]));
    if (operation === "request")
      return context.createFuture(sendCounted(context, args[0] as OutgoingSpec) as never);
    if (operation === "refuse") {
      const bodyId = args[1] as number | undefined;
      if (bodyId !== undefined) discardRest(bodyStream(context, bodyId));
      return context.createFuture(Promise.reject(args[0] as OutgoingFailure));
    }
    if (operation === "ready") return context.createFuture(Promise.resolve());
    throw new Error(`[@wasi-mcp/host] unknown outgoing-http operation ${operation}`);
  };
}

/** Every address of `name` (as the system resolver answers it), or the resolver's error code. */
async function resolve(
  name: string,
  timeoutMs: number,
): Promise<{ addresses: string[] } | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "ETIMEOUT" })), timeoutMs);
  });
  try {
    const answers = await Promise.race([lookup(name, { all: true }), timeout]);
    return { addresses: answers.map((answer) => answer.address) };
  } catch (error) {
    return { error: String((error as NodeJS.ErrnoException).code ?? "EAI_FAIL") };
  } finally {
    clearTimeout(timer);
  }
}

/** Requests in flight, by owner. */
const inFlight = new Map<string, number>();

/** {@link send}, or a refusal when the owner already has its most requests in flight. */
function sendCounted(context: WorkerExtensionContext, spec: OutgoingSpec): Promise<OutgoingHead> {
  const active = inFlight.get(spec.owner) ?? 0;
  if (active >= spec.maxConcurrentRequests) {
    if (spec.bodyId !== undefined) discardRest(bodyStream(context, spec.bodyId));
    const failure: OutgoingFailure = {
      code: { tag: "connection-limit-reached" },
      limit: `${active} requests of this instance were in flight, policy.outgoingHttp.maxConcurrentRequests (${spec.maxConcurrentRequests})`,
    };
    return Promise.reject(failure);
  }
  inFlight.set(spec.owner, active + 1);
  let counted = true;
  const done = () => {
    if (!counted) return;
    counted = false;
    const left = (inFlight.get(spec.owner) ?? 1) - 1;
    if (left > 0) inFlight.set(spec.owner, left);
    else inFlight.delete(spec.owner);
  };
  return send(context, spec, done);
}

/** Sends one request; `done` is called once when it is over (its response's end, or any failure). */
function send(context: WorkerExtensionContext, spec: OutgoingSpec, done: () => void): Promise<OutgoingHead> {
  return new Promise((resolve, reject) => {
    let response: Readable | undefined;
    let settled = false;
    const fail = (failure: OutgoingFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(failure);
    };
    const timer = setTimeout(
      () => {
        const limit = `no complete answer within policy.outgoingHttp.timeoutMs (${spec.timeoutMs} ms)`;
        const error = limitError(limit);
        request.destroy(error);
        if (settled) response?.destroy(error);
        else fail({ code: { tag: "HTTP-response-timeout" }, limit });
      },
      Math.max(0, spec.deadline - Date.now()),
    );
    let request: ClientRequest;
    try {
      request = openRequest(spec);
    } catch (error) {
      done();
      throw error;
    }
    request.once("close", done);
    request.once("error", (error) => {
      fail({ code: errorCode(error) });
    });
    request.once("response", (message: IncomingMessage) => {
      const declared = Number(message.headers["content-length"]);
      if (declared > spec.maxResponseBytes) {
        const limit = `the response declares ${declared} bytes, more than policy.outgoingHttp.maxResponseBytes (${spec.maxResponseBytes})`;
        request.destroy();
        fail({ code: { tag: "HTTP-response-body-size", val: BigInt(declared) }, limit });
        return;
      }
      const body = byteLimit(
        spec.maxResponseBytes,
        (count) =>
          `the response passed policy.outgoingHttp.maxResponseBytes (${spec.maxResponseBytes} bytes) at ${count}`,
      );
      response = body;
      pipeline(message, body, (error) => {
        clearTimeout(timer);
        if (error) request.destroy();
      });
      const headers: [string, string][] = [];
      for (let i = 0; i + 1 < message.rawHeaders.length; i += 2) {
        headers.push([message.rawHeaders[i] as string, message.rawHeaders[i + 1] as string]);
      }
      settled = true;
      resolve({ status: message.statusCode ?? 0, headers, bodyStreamId: context.createReadableStream(body) });
    });
    sendBody(context, spec, request, (failure) => {
      request.destroy();
      fail(failure);
    });
  });
}

function openRequest(spec: OutgoingSpec): ClientRequest {
  const tlsName = spec.scheme === "https" && isIP(spec.hostName) === 0 ? spec.hostName : undefined;
  const request = (spec.scheme === "https" ? httpsRequest : httpRequest)({
    host: spec.address,
    port: spec.port,
    method: spec.method,
    path: spec.pathWithQuery,
    servername: tlsName,
    setHost: false,
    agent: false,
  });
  request.setHeader("host", spec.hostHeader);
  for (const [name, value] of spec.headers) request.appendHeader(name, value);
  // The head goes out at once: a GET's body stream may stay open (no body follows the head of a
  // request without content-length or chunked encoding), and the answer must not wait for it.
  request.flushHeaders();
  return request;
}

/**
 * Pipes the guest's body stream into the request, at most `maxRequestBytes` of it. Whatever cannot
 * be sent any more — past the limit, or once the request is over (stopped, refused by the peer,
 * timed out) — is read and dropped: the guest's writes must keep succeeding until it finishes the
 * body, since StarlingMonkey's `fetch` traps on a failed `check-write`/`write` and only looks at the
 * response (where the error waits for it) after the body is finished.
 */
function sendBody(
  context: WorkerExtensionContext,
  spec: OutgoingSpec,
  request: ClientRequest,
  onLimit: (failure: OutgoingFailure) => void,
): void {
  if (spec.bodyId === undefined) {
    request.end();
    return;
  }
  const source = bodyStream(context, spec.bodyId);
  if (!source) {
    request.end();
    return;
  }
  let sent = 0;
  const limit = byteLimit(spec.maxRequestBytes, (count) => {
    sent = count;
    return `the request body passed policy.outgoingHttp.maxRequestBytes (${spec.maxRequestBytes} bytes) at ${count}`;
  });
  // Not `pipeline`: a request that ends (the answer came, the connection closed) must not destroy
  // the guest's body stream, which the guest still finishes or drops later, as the shim's `pipe`.
  source.pipe(limit).pipe(request);
  limit.once("error", (error) => {
    discardRest(source);
    onLimit({ code: { tag: "HTTP-request-body-size", val: BigInt(sent) }, limit: error.message });
  });
  request.once("close", () => {
    if (!source.readableEnded) discardRest(source);
  });
}

/** The guest's body stream in the I/O worker, or `undefined` when it is already closed or failed. */
function bodyStream(context: WorkerExtensionContext, id: number): Readable | undefined {
  try {
    return context.getStream(id) as Readable;
  } catch {
    return undefined;
  }
}

/**
 * Reads and drops the rest of the guest's body stream. Never `destroy` it: the shim's output stream
 * would then fail the guest's next `check-write`, which StarlingMonkey answers with a trap.
 */
function discardRest(source: Readable | undefined): void {
  if (!source || source.destroyed) return;
  source.unpipe();
  source.resume();
}

/** A pass-through that fails with a limit error once more than `max` bytes went through it. */
function byteLimit(max: number, describe: (count: number) => string): Transform {
  let count = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      count += chunk.length;
      if (count > max) callback(limitError(describe(count)));
      else callback(null, chunk);
    },
  });
}

function limitError(message: string): Error {
  return Object.assign(new Error(message), { code: LIMIT_ERROR_CODE });
}

/** The `wasi:http` error code of a failed connection or exchange. */
function errorCode(error: Error & { code?: string }): OutgoingFailure["code"] {
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return { tag: "connection-refused" };
  if (code === "ECONNRESET" || code === "EPIPE") return { tag: "connection-terminated" };
  if (code === "ETIMEDOUT") return { tag: "connection-timeout" };
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return { tag: "destination-unavailable" };
  if (code.includes("CERT") || code.includes("SELF_SIGNED")) return { tag: "TLS-certificate-error" };
  if (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS")) return { tag: "TLS-protocol-error" };
  if (code === "HPE_INVALID_CONSTANT" || code.startsWith("HPE_")) return { tag: "HTTP-protocol-error" };
  return { tag: "internal-error", val: code || error.message };
}
