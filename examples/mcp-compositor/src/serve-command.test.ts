import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REQUEST_STATE_KEY_ENV, requestStateKey } from "./serve-command.js";

function keyFile(content: string | Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), "compositor-key-")), "state.key");
  writeFileSync(file, content);
  return file;
}

const HEX_KEY = "a".repeat(64);

describe("requestStateKey: the MRTR requestState key from --request-state-key-file or the environment", () => {
  it("reads a file's bytes without its trailing newline, ahead of the environment", async () => {
    const key = await requestStateKey(
      { requestStateKeyFile: keyFile(`${HEX_KEY}\n`) },
      {
        [REQUEST_STATE_KEY_ENV]: "b".repeat(40),
      },
    );
    expect(new TextDecoder().decode(key)).toBe(HEX_KEY);
    const raw = new Uint8Array(32).fill(7);
    expect(await requestStateKey({ requestStateKeyFile: keyFile(raw) }, {})).toEqual(raw);
    const crlf = await requestStateKey({ requestStateKeyFile: keyFile(`${HEX_KEY}\r\n`) }, {});
    expect(crlf?.length).toBe(64);
  });

  it("takes the environment variable's UTF-8 bytes, and nothing when neither is set", async () => {
    const key = await requestStateKey({}, { [REQUEST_STATE_KEY_ENV]: "é".repeat(16) });
    expect(key?.length).toBe(32);
    expect(await requestStateKey({}, {})).toBeUndefined();
    expect(await requestStateKey({}, { [REQUEST_STATE_KEY_ENV]: "" })).toBeUndefined();
  });

  it("refuses a key under 32 bytes and a missing file, naming the source", async () => {
    const short = keyFile("x".repeat(31));
    await expect(requestStateKey({ requestStateKeyFile: short }, {})).rejects.toThrow(
      `--request-state-key-file ${short}: the requestState key has 31 bytes; it needs at least 32`,
    );
    await expect(requestStateKey({}, { [REQUEST_STATE_KEY_ENV]: "x" })).rejects.toThrow(
      "$WASI_MCP_REQUEST_STATE_KEY: the requestState key has 1 byte; it needs at least 32",
    );
    await expect(requestStateKey({ requestStateKeyFile: "/nonexistent/key" }, {})).rejects.toThrow(
      "--request-state-key-file /nonexistent/key: no such file",
    );
  });
});
