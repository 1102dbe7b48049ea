import { randomUUID } from "node:crypto";
import type * as IoWorker from "@bytecodealliance/preview2-shim/io-worker";
import type { ImportTiming } from "../../engine/worker-protocol.js";
import type { ResolvedPolicy } from "../../policy.js";
import type { IoResources } from "../io/io-resources.js";
import type { WasiShim } from "../wasi-shim.js";
import { parseHostRule } from "./allowed-hosts.js";
import { boundedFields, HeldBytes } from "./held-bytes.js";
import { admittedTarget, chooseAddress, fixedAddresses } from "./outgoing-destination.js";
import type { OutgoingFailure, OutgoingSpec } from "./outgoing-http-worker.js";
import { createResponseClasses, type LimitListener } from "./outgoing-response.js";

/**
 * Told of every outgoing HTTP request the policy refused or stopped, to log it and name it in the
 * failing tool result: `outgoing HTTP to <destination> <outcome>: <reason>`.
 */
export type HttpRefusalListener = (
  destination: string,
  reason: string,
  outcome?: "refused" | "stopped",
) => void;

type IoWorkerModule = typeof IoWorker;

interface Fields {
  get(name: string): Uint8Array[];
  entries(): [string, Uint8Array][];
}
interface OutgoingRequestLike {
  authority(): string | undefined;
  scheme(): { tag: string; val?: string } | undefined;
  method(): { tag: string; val?: string };
  pathWithQuery(): string | undefined;
  headers(): Fields;
}
interface RequestSetters {
  setMethod(method: { tag: string; val?: string }): void;
  setPathWithQuery(path: string | undefined): void;
  setAuthority(authority: string | undefined): void;
}
/**
 * What a request not yet sent is counted as, besides its strings: the body bytes the I/O worker
 * buffers for it before it is sent (a stream's high-water mark, 16 KiB) and its bookkeeping.
 */
const UNSENT_REQUEST_BYTES = 16 * 1024;
interface OutgoingBodyLike {
  write(): object;
}

/** The io worker's extension, from the built file next to this one or, under tests, the source. */
const WORKER_EXTENSION = new URL(
  import.meta.url.endsWith(".ts") ? "./outgoing-http-worker.ts" : "./outgoing-http-worker.js",
  import.meta.url,
);

/**
 * `wasi:http/outgoing-handler` and `wasi:http/types` for one instance, the host's own client in
 * place of preview2-shim's: each request (each redirect hop `fetch` follows is one) is checked
 * against `policy.allowedHosts` by name, then its name is resolved by the host and the address
 * checked (see `outgoing-destination.ts`), and the request is sent to that very address — within
 * `policy.outgoingHttp`'s time and size limits. A refused request never leaves the host; a request
 * past a limit is cut off. Both fail in the guest with a `wasi:http` error code, through the
 * response future (never a trap or a hang), and are reported to `onReport`, naming the destination
 * and the policy field. Response futures, body streams and their pollables count in `resources`.
 */
export function createOutgoingHttp(
  shim: { http: NonNullable<WasiShim["http"]>; ioWorker: IoWorkerModule },
  policy: ResolvedPolicy,
  resources: IoResources,
  onReport: HttpRefusalListener = () => {},
  onTiming?: (timing: ImportTiming) => void,
): Record<string, object> {
  const { http, ioWorker } = shim;
  const rules = policy.allowedHosts.map(parseHostRule);
  const limits = policy.outgoingHttp;
  /** This instance, to the I/O worker that counts its requests in flight. */
  const owner = randomUUID();
  const ShimRequest = http.types.OutgoingRequest as unknown as new (
    headers: unknown,
  ) => OutgoingRequestLike & RequestSetters & { body(): OutgoingBodyLike; [Symbol.dispose](): void };
  /** What this instance makes the host hold: its fields, and its requests not yet sent. */
  const held = new HeldBytes(policy.maxHostBytes);

  /**
   * The shim's request, whose body stream the host hands to its own client. Until it is sent, a
   * request holds its strings and up to a body buffer in the I/O worker: counted in `held`.
   */
  class OutgoingRequest extends ShimRequest {
    #body: OutgoingBodyLike | undefined;
    #write: (() => object) | undefined;
    #stream: object | undefined;
    #bodyTaken = false;
    readonly #strings = { method: 0, path: 0, authority: 0 };

    constructor(headers: unknown) {
      super(headers);
      // The constructor has no error case in WIT: past the limit the guest traps (and is replaced).
      if (!held.charge(this, UNSENT_REQUEST_BYTES)) {
        throw new Error(
          `[host] a new outgoing request would pass policy.maxHostBytes (${policy.maxHostBytes} bytes held for this instance)`,
        );
      }
    }
    override setMethod(method: { tag: string; val?: string }): void {
      this.#setString("method", method.tag === "other" ? String(method.val ?? "") : "", () =>
        super.setMethod(method),
      );
    }
    override setPathWithQuery(path: string | undefined): void {
      this.#setString("path", path ?? "", () => super.setPathWithQuery(path));
    }
    override setAuthority(authority: string | undefined): void {
      this.#setString("authority", authority ?? "", () => super.setAuthority(authority));
    }
    /** Counts a string the request will hold; past the limit the setter fails (its WIT error). */
    #setString(which: "method" | "path" | "authority", value: string, set: () => void): void {
      if (!held.charge(this, value.length)) throw undefined;
      try {
        set();
      } catch (error) {
        held.refund(this, value.length);
        throw error;
      }
      held.refund(this, this.#strings[which]);
      this.#strings[which] = value.length;
    }
    override [Symbol.dispose](): void {
      held.release(this);
      super[Symbol.dispose]();
    }
    /** A request handed to `handle` is sent (and bounded by the in-flight limit): no longer held. */
    static sent(request: object): void {
      held.release(request);
    }
    override body(): OutgoingBodyLike {
      if (this.#bodyTaken) return super.body(); // throws, as the shim does
      this.#bodyTaken = true;
      return this.#ownBody();
    }
    #ownBody(): OutgoingBodyLike {
      if (!this.#body) {
        const body = super.body();
        const write = body.write.bind(body);
        let given = false;
        body.write = () => {
          if (given) return write(); // throws, as the shim does
          given = true;
          this.#stream ??= write();
          return resources.adopt(this.#stream);
        };
        this.#body = body;
        this.#write = write;
      }
      return this.#body;
    }
    /** The I/O worker's id of the request's body stream (taken from the shim once, kept for the guest). */
    static bodyStreamId(request: object): number | undefined {
      if (!(request instanceof OutgoingRequest)) return undefined;
      request.#ownBody();
      request.#stream ??= request.#write?.();
      return request.#stream && ioWorker.outputStreamId(request.#stream as never);
    }
  }

  const responses = createResponseClasses(http, ioWorker, WORKER_EXTENSION, resources);

  /**
   * A future already failed with `failure`, in place of a synchronous error from `handle`: when the
   * request has a body, StarlingMonkey's `fetch` has queued its streaming before sending, keeps
   * streaming after a failed send and then polls a response future it never got (the I/O worker
   * fails on the dead pollable: a trap, on the guest's next call). Failing through the future keeps
   * it on its ordinary path — the body is written (and dropped), then the error is read.
   */
  function failed(request: OutgoingRequestLike, failure: OutgoingFailure): object {
    const bodyId = OutgoingRequest.bodyStreamId(request);
    const future = ioWorker.callExtension(WORKER_EXTENSION, "refuse", [failure, bodyId]) as number;
    return new responses.FutureIncomingResponse(future, () => {});
  }

  function handle(request: OutgoingRequestLike): unknown {
    OutgoingRequest.sent(request);
    const scheme = schemeOf(request);
    const authority = request.authority() ?? "";
    const destination = `${scheme}://${authority}`;
    const report: LimitListener = (reason) => onReport(destination, reason, "stopped");
    const refuse = (reason: string, code: OutgoingFailure["code"] = { tag: "HTTP-request-denied" }) => {
      onReport(destination, reason, "refused");
      return failed(request, { code });
    };
    const target = admittedTarget(rules, scheme, authority);
    if (!target) {
      return refuse(
        rules.length === 0
          ? "the component's policy.allowedHosts is empty"
          : "no entry of the component's policy.allowedHosts admits it",
      );
    }
    const declared = contentLength(request.headers());
    if (declared !== undefined && declared > limits.maxRequestBytes) {
      return refuse(
        `the request declares ${declared} bytes, more than policy.outgoingHttp.maxRequestBytes (${limits.maxRequestBytes})`,
        { tag: "HTTP-request-body-size", val: BigInt(declared) },
      );
    }
    const pathWithQuery = request.pathWithQuery();
    if (!pathWithQuery) return failed(request, { code: { tag: "HTTP-request-URI-invalid" } });
    const deadline = Date.now() + limits.timeoutMs;
    const addresses = fixedAddresses(target) ?? resolveName(ioWorker, target.host, limits.timeoutMs);
    if (typeof addresses === "string") {
      return failed(request, { code: { tag: "DNS-error", val: { rcode: addresses } } });
    }
    const choice = chooseAddress(rules, target, addresses);
    if ("refused" in choice) return refuse(choice.refused);
    const method = request.method();
    const spec: OutgoingSpec = {
      method: (method.tag === "other" ? method.val : method.tag)?.toUpperCase() ?? "GET",
      scheme: target.scheme,
      address: choice.address,
      port: target.port,
      hostName: target.host.replace(/^\[|\]$/g, ""),
      hostHeader: authority,
      pathWithQuery,
      headers: request
        .headers()
        .entries()
        .map(([name, value]) => [name, new TextDecoder().decode(value)]),
      bodyId: OutgoingRequest.bodyStreamId(request),
      deadline,
      timeoutMs: limits.timeoutMs,
      maxRequestBytes: limits.maxRequestBytes,
      maxResponseBytes: limits.maxResponseBytes,
      owner,
      maxConcurrentRequests: limits.maxConcurrentRequests,
    };
    const startMs = performance.timeOrigin + performance.now();
    const future = ioWorker.callExtension(WORKER_EXTENSION, "request", [spec]) as number;
    const settled =
      onTiming &&
      ((outcome: { status?: number; error?: string }) =>
        onTiming({
          name: spec.method,
          startMs,
          endMs: performance.timeOrigin + performance.now(),
          attributes: {
            "http.request.method": spec.method,
            "url.full": `${destination}${pathWithQuery.split("?")[0]}`,
            "server.address": spec.hostName,
            "server.port": spec.port,
            ...(outcome.status === undefined ? {} : { "http.response.status_code": outcome.status }),
          },
          ...(outcome.error === undefined ? {} : { error: outcome.error }),
        }));
    return new responses.FutureIncomingResponse(future, report, settled);
  }

  return {
    "wasi:http/types": {
      ...http.types,
      Fields: boundedFields(http.types.Fields, held),
      OutgoingRequest,
      FutureIncomingResponse: responses.FutureIncomingResponse,
      IncomingResponse: responses.IncomingResponse,
      IncomingBody: responses.IncomingBody,
      FutureTrailers: responses.FutureTrailers,
    },
    "wasi:http/outgoing-handler": {
      // Past the limit no request is sent: the closest `error-code` names the policy field.
      handle: resources.counted(handle, () => {
        throw { tag: "internal-error", val: "policy.maxIoResources" };
      }),
    },
  };
}

/** Every address of `name`, resolved by the host, or the resolver's error code. */
function resolveName(ioWorker: IoWorkerModule, name: string, timeoutMs: number): string[] | string {
  const answer = ioWorker.callExtension(WORKER_EXTENSION, "resolve", [name, timeoutMs]) as
    | { addresses: string[] }
    | { error: string };
  return "error" in answer ? answer.error : answer.addresses;
}

/** The request's scheme as the shim would use it (https when the guest set none). */
function schemeOf(request: OutgoingRequestLike): string {
  const scheme = request.scheme();
  if (!scheme) return "https";
  if (scheme.tag === "HTTP") return "http";
  if (scheme.tag === "HTTPS") return "https";
  return String(scheme.val ?? "").toLowerCase();
}

function contentLength(headers: Fields): number | undefined {
  const value = headers.get("content-length")[0];
  if (value === undefined) return undefined;
  const length = Number(new TextDecoder().decode(value));
  return Number.isFinite(length) ? length : undefined;
}
