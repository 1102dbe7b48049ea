import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("the playground server (npm run playground)", () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });

  it("serves the built page on 127.0.0.1, cross-origin isolated, and prints its URL", async () => {
    child = spawn(process.execPath, [join(root, "dist/serve.js")], {
      env: { ...process.env, PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      child?.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const found = /wasi-mcp playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (found?.[1]) resolve(found[1]);
      });
      child?.once("exit", (code) => reject(new Error(`the server exited (${code}): ${output}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    expect(await page.text()).toContain("wasi-mcp playground");
    const wasm = await fetch(new URL("components/hello.wasm", url));
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect(output).toContain("?component=components/hello.wasm&tool=echo&args=");
  });
});
