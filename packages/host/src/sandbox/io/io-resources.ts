/** The default of `policy.maxIoResources`: live `wasi:io` streams and pollables per instance. */
export const DEFAULT_MAX_IO_RESOURCES = 4096;

/**
 * Largest buffer one write to an output stream may pass to the host (`write`,
 * `blocking-write-and-flush`, `write-zeroes`): the guest's bytes are copied out of its linear
 * memory, then queued in the host (the I/O thread's stream, the worker's stdout), so one write
 * could hold as much outside the memory cap as the guest holds inside it. WASI lets a stream refuse
 * more than its `check-write` permit (and `blocking-write-and-flush` more than 4 096 bytes); the
 * host's streams promise at most this much, and StarlingMonkey writes in chunks far below it.
 */
export const MAX_STREAM_WRITE_BYTES = 1024 * 1024;

/** What a refused creation throws: the WIT error of its call, or a trap when it has none. */
export type Refusal = () => never;

type Creator<A extends unknown[], R> = (...args: A) => R;

const WRITES = ["write", "blockingWriteAndFlush"] as const;
const ZEROES = ["writeZeroes", "blockingWriteZeroesAndFlush"] as const;

/**
 * The `wasi:io` streams and pollables one instance holds, against `policy.maxIoResources`: each is
 * an object in the host's heap and, for most, an entry in the shim's I/O thread (a timer, a
 * listener, a stream's buffer) that a guest which never drops them would pile up without bound.
 * Each is counted from its creation until the guest drops it (or it is collected); past the limit
 * a creation is refused before anything is made — with the call's WIT error where it has one,
 * otherwise as a trap of that instance only. Portable: the browser host counts with it too.
 */
export class IoResources {
  readonly #limit: number;
  #live = 0;
  /** Each resource → the handles to it the guest holds (a stdout stream is handed out each call). */
  readonly #handles = new WeakMap<object, { count: number }>();
  readonly #collected = new FinalizationRegistry<{ count: number }>((handles) => {
    this.#live -= handles.count;
  });

  constructor(limit = DEFAULT_MAX_IO_RESOURCES) {
    this.#limit = limit;
  }

  /** Streams and pollables the instance holds now. */
  get live(): number {
    return this.#live;
  }

  /**
   * `create` with each resource it returns counted (see {@link adopt}); past the limit it is not
   * called and `refuse` throws instead (default: a trap naming the policy field).
   */
  counted<A extends unknown[], R>(create: Creator<A, R>, refuse: Refusal = this.trap): Creator<A, R> {
    return (...args: A) => {
      if (this.#live >= this.#limit) refuse();
      return this.adopt(create(...args));
    };
  }

  /**
   * Counts one handle to `resource` until the guest drops it: the resource's own
   * `[Symbol.dispose]` gives the place back, its `subscribe` makes counted pollables, and an output
   * stream's writes larger than {@link MAX_STREAM_WRITE_BYTES} trap. A resource handed out again
   * (the shim's stdout) counts once per handle, as the guest's handle table holds one entry each.
   */
  adopt<R>(resource: R): R {
    if (typeof resource !== "object" || resource === null) return resource;
    const target = resource as Record<string | symbol, unknown>;
    this.#live++;
    const handles = this.#handles.get(target);
    if (handles) {
      handles.count++;
      return resource;
    }
    const counted = { count: 1 };
    this.#handles.set(target, counted);
    this.#collected.register(target, counted, target);
    const dispose = target[Symbol.dispose] as ((this: object) => void) | undefined;
    own(target, Symbol.dispose, () => {
      if (counted.count > 0) {
        counted.count--;
        this.#live--;
      }
      dispose?.call(target);
    });
    const subscribe = target.subscribe;
    if (typeof subscribe === "function") own(target, "subscribe", this.counted(subscribe.bind(target)));
    boundWrites(target);
    return resource;
  }

  /** A trap (an exception that is no WIT error) naming the limit: the instance is replaced. */
  readonly trap: Refusal = () => {
    throw new Error(
      `[host] a new wasi:io stream or pollable would pass policy.maxIoResources (${this.#limit} live for this instance)`,
    );
  };
}

function own(target: object, key: string | symbol, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true });
}

/** An output stream's writes past {@link MAX_STREAM_WRITE_BYTES} trap rather than reach the host. */
function boundWrites(stream: Record<string | symbol, unknown>): void {
  const bound = (method: string, size: (arg: unknown) => number) => {
    const original = stream[method];
    if (typeof original !== "function") return;
    own(stream, method, (arg: unknown) => {
      if (size(arg) > MAX_STREAM_WRITE_BYTES) {
        throw new Error(
          `[host] a stream write of ${size(arg)} bytes is larger than the ${MAX_STREAM_WRITE_BYTES} bytes the host's streams permit`,
        );
      }
      return original.call(stream, arg);
    });
  };
  if (typeof stream.checkWrite !== "function") return;
  for (const method of WRITES) bound(method, (bytes) => (bytes as Uint8Array).byteLength);
  for (const method of ZEROES) bound(method, (count) => Number(count));
}
