import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ComponentLogRecord, type LoadedComponent, loadComponent } from "../dist/index.js";
import { CACHE, FIXTURE, firstText, recordingRequest } from "./fixture.js";

function sandboxTree() {
  const root = mkdtempSync(join(tmpdir(), "wasi-mcp-sandbox-"));
  const outside = join(root, "outside");
  const readOnly = join(root, "ro");
  const readWrite = join(root, "rw");
  for (const dir of [outside, readOnly, readWrite]) mkdirSync(dir);
  writeFileSync(join(outside, "secret.txt"), "top secret");
  writeFileSync(join(readOnly, "hello.txt"), "hello from the host");
  symlinkSync(join(outside, "secret.txt"), join(readOnly, "link-out"));
  symlinkSync(outside, join(readWrite, "dir-out"));
  symlinkSync(join(outside, "created-through-link.txt"), join(readWrite, "dangling-out"));
  return { root, outside, readOnly, readWrite };
}

describe("capabilities are denied by default and granted by policy", () => {
  const tree = sandboxTree();
  const logs: ComponentLogRecord[] = [];
  let granted: LoadedComponent;
  let bare: LoadedComponent;

  beforeAll(async () => {
    process.env.WASI_MCP_TEST_SECRET = "must not leak";
    granted = await loadComponent(FIXTURE, {
      cacheDirectory: CACHE,
      policy: {
        preopens: [
          { hostPath: tree.readOnly, guestPath: "/ro" },
          { hostPath: tree.readWrite, guestPath: "/rw", readOnly: false },
        ],
        env: { GREETING: "hi" },
      },
      onLog: (record) => logs.push(record),
    });
    bare = await loadComponent(FIXTURE, { cacheDirectory: CACHE });
  });
  afterAll(async () => {
    await granted?.close();
    await bare?.close();
  });

  const call = (component: LoadedComponent, name: string, args: Record<string, unknown>) =>
    component.backend.callTool(name, args, recordingRequest().request);

  it("sees only the environment variables it was granted", async () => {
    expect(firstText(await call(granted, "env", { name: "GREETING" }))).toBe("hi");
    expect(firstText(await call(granted, "env", { name: "WASI_MCP_TEST_SECRET" }))).toBe("<unset>");
    expect(firstText(await call(granted, "env", { name: "PATH" }))).toBe("<unset>");
    expect(firstText(await call(bare, "env", { name: "GREETING" }))).toBe("<unset>");
  });

  it("reads a granted file and nothing without a grant", async () => {
    expect(firstText(await call(granted, "read_file", { path: "/ro/hello.txt" }))).toBe(
      "hello from the host",
    );
    const denied = await call(bare, "read_file", { path: "/ro/hello.txt" });
    expect(denied.isError).toBe(true);
  });

  it("cannot climb out of a preopen with ..", async () => {
    const result = await call(granted, "read_file", { path: "/ro/../outside/secret.txt" });
    expect(result.isError).toBe(true);
    expect(firstText(result)).not.toContain("top secret");
  });

  it("cannot use an absolute host path", async () => {
    const result = await call(granted, "read_file", { path: join(tree.outside, "secret.txt") });
    expect(result.isError).toBe(true);
  });

  it("cannot follow a symlink out of a preopen", async () => {
    const file = await call(granted, "read_file", { path: "/ro/link-out" });
    expect(file.isError).toBe(true);
    expect(firstText(file)).toContain("not-permitted");
    const dir = await call(granted, "read_file", { path: "/rw/dir-out/secret.txt" });
    expect(dir.isError).toBe(true);
  });

  it("cannot create a file through a dangling symlink pointing out", async () => {
    const result = await call(granted, "write_file", { path: "/rw/dangling-out", text: "escape" });
    expect(result.isError).toBe(true);
    expect(() => readFileSync(join(tree.outside, "created-through-link.txt"))).toThrow();
  });

  it("writes under a read-write grant and refuses writes under a read-only one", async () => {
    expect(firstText(await call(granted, "write_file", { path: "/rw/note.txt", text: "kept" }))).toBe(
      "written",
    );
    expect(readFileSync(join(tree.readWrite, "note.txt"), "utf8")).toBe("kept");
    const refused = await call(granted, "write_file", { path: "/ro/new.txt", text: "nope" });
    expect(refused.isError).toBe(true);
    expect(firstText(refused)).toContain("read-only");
  });

  it("captures guest stdout and stderr as log records, never on the host's stdout", async () => {
    await call(granted, "print", { text: "printed by the guest" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: "info", message: "printed by the guest" }),
        expect.objectContaining({ level: "warning", message: "err: printed by the guest" }),
      ]),
    );
  });
});

describe("loading", () => {
  it("refuses a component whose sha256 does not match, before instantiating it", async () => {
    await expect(loadComponent(FIXTURE, { cacheDirectory: CACHE, sha256: "0".repeat(64) })).rejects.toThrow(
      /sha256 mismatch: expected 0{64}, got [0-9a-f]{64}/,
    );
  });

  it("loads from bytes and from a file URL, with a pinned sha256", async () => {
    const bytes = readFileSync(FIXTURE);
    const { createHash } = await import("node:crypto");
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const fromBytes = await loadComponent(new Uint8Array(bytes), {
      cacheDirectory: CACHE,
      sha256,
      name: "fx",
    });
    const { pathToFileURL } = await import("node:url");
    const fromUrl = await loadComponent(pathToFileURL(FIXTURE), { cacheDirectory: CACHE });
    try {
      expect(fromBytes.name).toBe("fx");
      expect(fromBytes.cached).toBe(true);
      expect(fromUrl.name).toBe("host-fixture");
      expect(fromUrl.sha256).toBe(sha256);
    } finally {
      await fromBytes.close();
      await fromUrl.close();
    }
  });

  it("names a preopen that does not exist", async () => {
    await expect(
      loadComponent(FIXTURE, {
        cacheDirectory: CACHE,
        policy: { preopens: [{ hostPath: "/no/such/dir", guestPath: "/x" }] },
      }),
    ).rejects.toThrow(/host-fixture\.wasm: preopen \/no\/such\/dir does not exist/);
  });
});

describe("loading from an HTTP URL and from two processes at once", () => {
  it("fetches a component from an http URL when the options allow plain http", async () => {
    const { createServer } = await import("node:http");
    const bytes = readFileSync(FIXTURE);
    const server = createServer((_request, response) => response.end(bytes));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const remote = { allowHttp: true, allowUnpinned: true };
    try {
      const component = await loadComponent(`http://127.0.0.1:${port}/components/fixture.wasm`, {
        cacheDirectory: CACHE,
        remote,
      });
      expect(component.name).toBe("fixture");
      expect(component.source).toBe(`http://127.0.0.1:${port}/components/fixture.wasm`);
      await component.close();
      await expect(
        loadComponent(`http://127.0.0.1:${port}/x.wasm`, {
          cacheDirectory: CACHE,
          sha256: "ab".repeat(32),
          remote,
        }),
      ).rejects.toThrow(/sha256 mismatch/);
    } finally {
      server.close();
    }
  });

  it("fills an empty transpile cache from two processes at the same time", async () => {
    const { spawn } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const cache = mkdtempSync(join(tmpdir(), "wasi-mcp-two-processes-"));
    const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
    const script = `const { loadComponent } = await import(${JSON.stringify(entry)});
      const c = await loadComponent(${JSON.stringify(FIXTURE)}, { cacheDirectory: ${JSON.stringify(cache)} });
      console.log(c.backend.listTools().length); await c.close(); process.exit(0);`;
    const children: import("node:child_process").ChildProcess[] = [];
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
          stdio: ["ignore", "pipe", "inherit"],
        });
        children.push(child);
        let out = "";
        child.stdout?.on("data", (chunk) => (out += chunk));
        child.on("exit", (code) => resolve({ code, out }));
      });
    try {
      const [a, b] = await Promise.all([run(), run()]);
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      expect(Number(a.out)).toBeGreaterThan(10);
      expect(a.out).toBe(b.out);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    }
    // Two cold transpiles at once: ≈ 10 s on a quiet 2-core machine, several times that when busy.
  }, 240_000);
});
