import type * as IoWorker from "@bytecodealliance/preview2-shim/io-worker";
import type { IoResources } from "../io/io-resources.js";
import type { WasiShim } from "../wasi-shim.js";
import type { OutgoingFailure, OutgoingHead } from "./outgoing-http-worker.js";

/** Told, with the text naming the policy field, when a limit cut a request off. */
export type LimitListener = (reason: string) => void;

/** The name a stream error carries when a policy limit ended it (`outgoing-http-worker.ts`). */
export const LIMIT_ERROR_CODE = "WASI_MCP_OUTGOING_LIMIT";

/** Headers a response may not hand the guest (the shim's `Fields` refuses them; hop-by-hop anyway). */
const DROPPED_HEADERS = new Set(["connection", "keep-alive", "host", "transfer-encoding"]);

const dispose = Symbol.dispose;

interface FieldsLike {
  append(name: string, value: Uint8Array): void;
}
type InputStreamLike = Record<"read" | "blockingRead" | "skip" | "blockingSkip", (length: bigint) => unknown>;

/** The classes {@link createResponseClasses} makes (constructors the guest never calls itself). */
export interface ResponseClasses {
  FutureIncomingResponse: new (
    id: number,
    report: LimitListener,
    settled?: (outcome: { status?: number; error?: string }) => void,
  ) => object;
  IncomingResponse: abstract new (...args: never[]) => object;
  IncomingBody: abstract new (...args: never[]) => object;
  FutureTrailers: abstract new (...args: never[]) => object;
}

/**
 * The response side of `wasi:http/types` for requests the host's own client sent: a future of
 * the response head, the response, its body and trailers, over the I/O worker's futures and
 * streams. They replace the shim's classes in the instance's imports (jco checks resources against
 * the classes it was given), so only responses of the host's client ever reach the guest. Body
 * streams, trailers and their pollables count in `resources`.
 */
export function createResponseClasses(
  http: NonNullable<WasiShim["http"]>,
  ioWorker: typeof IoWorker,
  extension: URL,
  resources: IoResources,
): ResponseClasses {
  const Fields = http.types.Fields as unknown as new () => FieldsLike;
  const encoder = new TextEncoder();

  class FutureTrailers {
    #taken = false;
    subscribe(): unknown {
      return ioWorker.futureSubscribe(ioWorker.callExtension(extension, "ready", []) as number, this);
    }
    get(): unknown {
      if (this.#taken) return { tag: "err" };
      this.#taken = true;
      return { tag: "ok", val: { tag: "ok", val: undefined } };
    }
  }

  class IncomingBody {
    #stream: InputStreamLike | undefined;
    constructor(streamId: number, report: LimitListener) {
      this.#stream = reportingStream(ioWorker.inputStreamCreate(streamId) as never, report);
    }
    stream(): unknown {
      const stream = this.#stream;
      if (!stream) throw undefined;
      // Past policy.maxIoResources: the call's own (unit) error; the stream stays to be taken later.
      const counted = resources.counted(
        () => stream,
        () => {
          throw undefined;
        },
      )();
      this.#stream = undefined;
      return counted;
    }
    static finish(_body: IncomingBody): FutureTrailers {
      return resources.counted(() => new FutureTrailers())();
    }
    [dispose](): void {
      (this.#stream as { [dispose]?(): void } | undefined)?.[dispose]?.();
    }
  }

  class IncomingResponse {
    readonly #head: OutgoingHead;
    #body: IncomingBody | undefined;
    constructor(head: OutgoingHead, report: LimitListener) {
      this.#head = head;
      this.#body = new IncomingBody(head.bodyStreamId, report);
    }
    status(): number {
      return this.#head.status;
    }
    headers(): FieldsLike {
      const fields = new Fields();
      for (const [name, value] of this.#head.headers) {
        if (DROPPED_HEADERS.has(name.toLowerCase())) continue;
        try {
          fields.append(name.toLowerCase(), encoder.encode(value));
        } catch {
          // a header the shim's Fields refuses is left out rather than failing the response
        }
      }
      return fields;
    }
    consume(): IncomingBody {
      const body = this.#body;
      if (!body) throw undefined;
      this.#body = undefined;
      return body;
    }
    [dispose](): void {
      const body = this.#body as { [dispose]?(): void } | undefined;
      body?.[dispose]?.();
    }
  }

  class FutureIncomingResponse {
    readonly #id: number;
    readonly #report: LimitListener;
    #disposed = false;
    /** Told once, when the response head (or the failure) is taken: the request's timing ends there. */
    #settled: ((outcome: { status?: number; error?: string }) => void) | undefined;
    constructor(
      id: number,
      report: LimitListener,
      settled?: (outcome: { status?: number; error?: string }) => void,
    ) {
      this.#id = id;
      this.#report = report;
      this.#settled = settled;
    }
    subscribe(): unknown {
      return ioWorker.futureSubscribe(this.#id, this);
    }
    get(): unknown {
      const value = ioWorker.futureTakeValue<OutgoingHead, OutgoingFailure>(this.#id);
      if (value === undefined || value.tag === "err") return value;
      const settled = this.#settled;
      this.#settled = undefined;
      if (value.val.tag === "err") {
        const failure = value.val.val;
        if (failure.limit) this.#report(failure.limit);
        settled?.({ error: failure.code.tag });
        return { tag: "ok", val: { tag: "err", val: failure.code } };
      }
      settled?.({ status: value.val.val.status });
      return { tag: "ok", val: { tag: "ok", val: new IncomingResponse(value.val.val, this.#report) } };
    }
    [dispose](): void {
      if (this.#disposed) return;
      this.#disposed = true;
      ioWorker.futureDispose(this.#id);
    }
  }

  return { FutureIncomingResponse, IncomingResponse, IncomingBody, FutureTrailers };
}

/** The stream, whose reads report a limit that ended it (the guest only sees an I/O error). */
function reportingStream(stream: InputStreamLike, report: LimitListener): InputStreamLike {
  for (const method of ["read", "blockingRead", "skip", "blockingSkip"] as const) {
    const original = stream[method].bind(stream);
    stream[method] = (length) => {
      try {
        return original(length);
      } catch (error) {
        const payload = (error as { val?: { payload?: { code?: string; message?: string } } }).val?.payload;
        if (payload?.code === LIMIT_ERROR_CODE && payload.message) report(payload.message);
        throw error;
      }
    };
  }
  return stream;
}
