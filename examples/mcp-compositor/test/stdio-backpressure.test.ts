// A stdio client that stops reading stdout: the compositor must not buffer its answers without
// limit. Past the transport's maxQueuedBytes (16 MiB) it closes the connection, says why on
// stderr, and exits.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const hello = join(root, "..", "components", "hello", "dist", "hello.wasm");
const cacheDir = mkdtempSync(join(tmpdir(), "wasi-mcp-cli-test-"));

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

it("closes a stdio connection whose client stops reading stdout, with the reason on stderr", async () => {
  const child = spawn(process.execPath, [cli, "serve", hello, "--cache-dir", cacheDir], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = once(child, "exit");
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // stdout is never read: past the pipe's buffer, every answer stays queued in the server.
  child.stdout.pause();
  const send = (message: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  send({
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
  });
  send({ method: "notifications/initialized" });
  // 24 echoes of 1 MiB: 24 MiB of answers, well past the 16 MiB bound plus the pipe's 64 KiB.
  const text = "x".repeat(1024 * 1024);
  for (let id = 1; id <= 24; id++)
    send({ id, method: "tools/call", params: { name: "echo", arguments: { text } } });
  child.stdin.on("error", () => {}); // the server may be gone before all of it was written

  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [code, signal] = await exited;
  clearTimeout(timer);
  expect(signal, stderr).toBeNull();
  expect(code, stderr).toBe(0);
  expect(stderr).toMatch(
    /error: \[@wasi-mcp\/transport-stdio\] the client is not reading stdout: \d+ bytes are queued .* 16777216-byte limit \(maxQueuedBytes\); closing the connection/,
  );
  expect(stderr).toMatch(/connection closed; bye/);
}, 90_000);
