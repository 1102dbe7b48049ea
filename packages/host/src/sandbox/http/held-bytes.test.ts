// The bound on wasi:http fields with preview2-shim's own class: what passes the limit is refused
// with `forbidden` and not stored; dropping, deleting and replacing give bytes back; a clone counts.
import { describe, expect, it } from "vitest";
import { boundedFields, HeldBytes } from "./held-bytes.js";

const { types } = await import("@bytecodealliance/preview2-shim/http");
const kib = (n: number) => new Uint8Array(n * 1024).fill(97);

function refusal(call: () => unknown): unknown {
  try {
    call();
    return "ok";
  } catch (error) {
    return error;
  }
}

describe("fields bounded by HeldBytes", () => {
  it("refuses an append past the limit with forbidden, and stores nothing of it", () => {
    const held = new HeldBytes(10 * 1024 + 100);
    const Fields = boundedFields(types.Fields, held);
    const fields = new Fields();
    for (let i = 0; i < 10; i++) fields.append("x-a", kib(1));
    expect(refusal(() => fields.append("x-a", kib(1)))).toEqual({ tag: "forbidden" });
    expect(fields.get("x-a")).toHaveLength(10);
    expect(held.total).toBe(10 * (1024 + 3));
  });

  it("gives bytes back on delete, set and drop", () => {
    const held = new HeldBytes(1 << 20);
    const Fields = boundedFields(types.Fields, held);
    const fields = new Fields() as InstanceType<typeof Fields> & { [Symbol.dispose](): void };
    fields.append("x-a", kib(4));
    fields.append("x-a", kib(4));
    fields.set("x-a", [kib(1)]);
    expect(held.total).toBe(1024 + 3);
    fields.delete("x-a");
    expect(held.total).toBe(0);
    fields.append("x-b", kib(2));
    fields[Symbol.dispose]();
    expect(held.total).toBe(0);
  });

  it("counts a clone (the shim's shares its entries) and from-list, and takes the host's own fields as fields", () => {
    const held = new HeldBytes(3 * 1024 + 100);
    const Fields = boundedFields(types.Fields, held) as unknown as {
      new (): { append(n: string, v: Uint8Array): void; clone(): unknown };
      fromList(entries: [string, Uint8Array][]): unknown;
    };
    const fields = new Fields();
    fields.append("x-a", kib(1));
    fields.clone();
    expect(held.total).toBe(2 * (1024 + 3));
    expect(refusal(() => Fields.fromList([["x-b", kib(2)]]))).toEqual({ tag: "forbidden" });
    expect(new types.Fields() instanceof (Fields as unknown as typeof types.Fields)).toBe(true);
  });
});
