import { describe, expect, it } from "vitest";
import { IoResources, MAX_STREAM_WRITE_BYTES } from "./io-resources.js";

class Pollable {
  disposed = 0;
  [Symbol.dispose](): void {
    this.disposed++;
  }
}

class Stream extends Pollable {
  written = 0;
  subscribe(): Pollable {
    return new Pollable();
  }
  checkWrite(): bigint {
    return 4096n;
  }
  write(bytes: Uint8Array): void {
    this.written += bytes.byteLength;
  }
}

describe("IoResources", () => {
  it("refuses a creation past the limit before making anything, and counts a dropped one back", () => {
    const resources = new IoResources(2);
    let made = 0;
    const subscribe = resources.counted(() => {
      made++;
      return new Pollable();
    });
    const first = subscribe();
    subscribe();
    expect(() => subscribe()).toThrow(/policy\.maxIoResources \(2 live/);
    expect(made).toBe(2);
    first[Symbol.dispose]();
    expect(first.disposed).toBe(1);
    expect(resources.live).toBe(1);
    subscribe();
    expect(resources.live).toBe(2);
  });

  it("throws the call's own refusal when it has one", () => {
    const resources = new IoResources(1);
    const open = resources.counted(
      () => new Stream(),
      () => {
        throw "quota";
      },
    );
    open();
    expect(() => open()).toThrow("quota");
  });

  it("counts a stream's pollables, and each handle of a stream handed out again", () => {
    const resources = new IoResources(3);
    const stdout = new Stream();
    const getStdout = resources.counted(() => stdout);
    getStdout();
    getStdout();
    expect(resources.live).toBe(2);
    stdout.subscribe();
    expect(() => stdout.subscribe()).toThrow(/maxIoResources/);
    stdout[Symbol.dispose]();
    stdout[Symbol.dispose]();
    stdout[Symbol.dispose]();
    expect(resources.live).toBe(1);
  });

  it("traps a write larger than the host's streams permit", () => {
    const stream = new IoResources().adopt(new Stream());
    stream.write(new Uint8Array(MAX_STREAM_WRITE_BYTES));
    expect(() => stream.write(new Uint8Array(MAX_STREAM_WRITE_BYTES + 1))).toThrow(/larger than/);
    expect(stream.written).toBe(MAX_STREAM_WRITE_BYTES);
  });
});
