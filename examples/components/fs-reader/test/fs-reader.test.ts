import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { type Connected, connectComponent as connect } from "@wasi-mcp/test-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "fs-reader.wasm");

describe("fs-reader component through the host, with /data preopened", () => {
  const sandbox = mkdtempSync(join(tmpdir(), "wasi-mcp-fs-reader-"));
  const data = join(sandbox, "data");
  let c: Connected;

  beforeAll(async () => {
    mkdirSync(join(data, "sub"), { recursive: true });
    writeFileSync(join(data, "hello.txt"), "Hello from the host 👋\n");
    writeFileSync(join(data, "sub", "data.json"), '{"n":1}');
    writeFileSync(join(data, "pixel.bin"), new Uint8Array([0, 1, 2, 255]));
    writeFileSync(join(sandbox, "secret.txt"), "outside the grant");
    symlinkSync(join(sandbox, "secret.txt"), join(data, "escape.txt"));
    c = await connect(wasm, { policy: { preopens: [{ hostPath: data, guestPath: "/data" }] } });
  });
  afterAll(async () => {
    await c?.close();
    rmSync(sandbox, { recursive: true, force: true });
  });

  const call = (name: string, args: Record<string, unknown>) => c.client.callTool({ name, arguments: args });

  it("lists the granted directory and a subdirectory", async () => {
    expect((await call("list_directory", {})).content).toEqual([
      { type: "text", text: "escape.txt\nhello.txt\npixel.bin\nsub/" },
    ]);
    expect((await call("list_directory", { path: "sub" })).content).toEqual([
      { type: "text", text: "data.json" },
    ]);
  });

  it("reads a text file by relative or /data path", async () => {
    const expected = [{ type: "text", text: "Hello from the host 👋\n" }];
    expect((await call("read_file", { path: "hello.txt" })).content).toEqual(expected);
    expect((await call("read_file", { path: "/data/./hello.txt" })).content).toEqual(expected);
  });

  it("reads files as resources: text for text types, a blob otherwise", async () => {
    expect((await c.client.readResource({ uri: "file:///data/sub/data.json" })).contents).toEqual([
      { uri: "file:///data/sub/data.json", mimeType: "application/json", text: '{"n":1}' },
    ]);
    expect((await c.client.readResource({ uri: "file:///data/pixel.bin" })).contents).toEqual([
      { uri: "file:///data/pixel.bin", mimeType: "application/octet-stream", blob: "AAEC/w==" },
    ]);
  });

  /** A tool result with `isError: true` whose one text item matches `text`. */
  const errorResult = (text: RegExp) => ({
    isError: true,
    content: [{ type: "text", text: expect.stringMatching(text) }],
  });

  it("refuses paths outside /data, by `..`, absolute path or symlink, as tool error results", async () => {
    expect(await call("read_file", { path: "../secret.txt" })).toEqual(
      errorResult(/^\.\.\/secret\.txt climbs out of \/data/),
    );
    expect(await call("read_file", { path: "/etc/passwd" })).toEqual(
      errorResult(/^\/etc\/passwd is outside \/data; give a path relative to \/data$/),
    );
    const viaLink = await call("read_file", { path: "escape.txt" });
    expect(JSON.stringify(viaLink)).not.toContain("outside the grant");
    expect(viaLink).toEqual(errorResult(/^escape\.txt: /));
  });

  it("answers a missing file: an error result from the tool, resource-not-found from a read", async () => {
    expect(await call("read_file", { path: "nope.txt" })).toEqual(
      errorResult(/^nope\.txt: no such file or directory under \/data; list_directory shows what exists$/),
    );
    expect(await call("list_directory", { path: "nope" })).toEqual(errorResult(/^nope: no such file/));
    await expect(c.client.readResource({ uri: "file:///data/nope.txt" })).rejects.toMatchObject({
      code: -32002,
    });
    await expect(c.client.readResource({ uri: "file:///data/../secret.txt" })).rejects.toMatchObject({
      code: ErrorCode.InvalidRequest,
    });
  });

  it("answers an error result for binary or a directory via read_file", async () => {
    expect(await call("read_file", { path: "pixel.bin" })).toEqual(errorResult(/is not UTF-8 text/));
    expect(await call("read_file", { path: "sub" })).toEqual(
      errorResult(/^sub is a directory, not a regular file/),
    );
  });
});

describe("fs-reader component with no directory granted", () => {
  let c: Connected;
  beforeAll(async () => {
    c = await connect(wasm);
  });
  afterAll(() => c?.close());

  it("reads nothing and says why, in a tool error result", async () => {
    expect(await c.client.callTool({ name: "read_file", arguments: { path: "hello.txt" } })).toEqual({
      isError: true,
      content: [{ type: "text", text: "No directory is granted at /data: the host must preopen one" }],
    });
  });
});
