/** The `wasi:http` `fields` methods the bound needs, as preview2-shim's class has them. */
interface FieldsLike {
  get(name: string): Uint8Array[];
  set(name: string, values: Uint8Array[]): void;
  append(name: string, value: Uint8Array): void;
  delete(name: string): void;
  entries(): [string, Uint8Array][];
}

type FieldsClass = new () => FieldsLike & { clone?(): FieldsLike };

/**
 * Bytes the host holds on one instance's behalf, against `policy.maxHostBytes`: what a guest keeps
 * alive in host objects is outside its linear memory, so `memoryLimitBytes` does not see it. Each
 * holder's bytes are counted until the guest drops it (or it is collected).
 */
export class HeldBytes {
  readonly #limit: number;
  #total = 0;
  readonly #byHolder = new WeakMap<object, { bytes: number }>();
  readonly #collected = new FinalizationRegistry<{ bytes: number }>((record) => {
    this.#total -= record.bytes;
  });

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Bytes held now. */
  get total(): number {
    return this.#total;
  }

  /** Counts `bytes` more held by `holder`; false (nothing counted) when that passes the limit. */
  charge(holder: object, bytes: number): boolean {
    if (this.#total + bytes > this.#limit) return false;
    let record = this.#byHolder.get(holder);
    if (!record) {
      record = { bytes: 0 };
      this.#byHolder.set(holder, record);
      this.#collected.register(holder, record, holder);
    }
    record.bytes += bytes;
    this.#total += bytes;
    return true;
  }

  /** `holder` holds `bytes` fewer. */
  refund(holder: object, bytes: number): void {
    const record = this.#byHolder.get(holder);
    if (!record) return;
    const given = Math.min(bytes, record.bytes);
    record.bytes -= given;
    this.#total -= given;
  }

  /** `holder` was dropped: everything it held is given back. */
  release(holder: object): void {
    const record = this.#byHolder.get(holder);
    if (!record) return;
    this.#total -= record.bytes;
    record.bytes = 0;
    this.#byHolder.delete(holder);
    this.#collected.unregister(holder);
  }
}

/**
 * preview2-shim's `wasi:http` `fields`, each instance's names and values counted in `held`: an
 * `append`, `set` or `from-list` past the limit fails with the header error `forbidden` (the
 * closest `header-error` case; nothing is stored). A `clone` is a counted copy. Fields the host
 * itself makes (a response's headers) are instances of the shim's class and count as its.
 */
export function boundedFields(Fields: unknown, held: HeldBytes): FieldsClass {
  const Base = Fields as FieldsClass;
  const charge = (holder: object, bytes: number) => {
    if (!held.charge(holder, bytes)) throw { tag: "forbidden" };
  };
  class BoundedFields extends Base {
    /** jco checks handles with `instanceof`: the host's own fields are fields too. */
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof Base;
    }

    static fromList(entries: [string, Uint8Array][]): BoundedFields {
      const fields = new BoundedFields();
      for (const [name, value] of entries) fields.append(name, value);
      return fields;
    }

    override append(name: string, value: Uint8Array): void {
      const bytes = sizeOf(name, [value]);
      charge(this, bytes);
      try {
        super.append(name, value);
      } catch (error) {
        held.refund(this, bytes);
        throw error;
      }
    }

    override set(name: string, values: Uint8Array[]): void {
      const before = sizeOf(name, this.get(name));
      const after = sizeOf(name, values);
      charge(this, after);
      try {
        super.set(name, values);
      } catch (error) {
        held.refund(this, after);
        throw error;
      }
      held.refund(this, before);
    }

    override delete(name: string): void {
      const before = sizeOf(name, this.get(name));
      super.delete(name);
      held.refund(this, before);
    }

    /** The shim's clone shares its entries with the original, so it keeps them alive: a copy. */
    override clone(): BoundedFields {
      return BoundedFields.fromList(this.entries());
    }

    [Symbol.dispose](): void {
      held.release(this);
    }
  }
  return BoundedFields;
}

function sizeOf(name: string, values: Uint8Array[]): number {
  let bytes = 0;
  for (const value of values) bytes += name.length + value.byteLength;
  return bytes;
}
