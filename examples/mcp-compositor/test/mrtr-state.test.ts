// Issue 26's reproduction, as a new user would try it: the SDK v2 client pinned to 2026-07-28
// against `everything` over stdio. A multi round-trip request (`test_elicitation`: the component
// asks the client, the client answers in a second round) must leave the component's state and
// what it registered intact, with no instance restart, in both isolation modes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
const everything = join(root, "..", "components", "everything", "dist", "everything.wasm");

/** The text of a tool result's first content item. */
function text(result: unknown): string {
  const [item] = (result as { content: { type: string; text?: string }[] }).content;
  return item?.text ?? "";
}

describe.each(["worker", "in-process"] as const)(
  "a 2026-07-28 MRTR round over stdio (isolation: %s)",
  (isolation) => {
    const dir = mkdtempSync(join(tmpdir(), "wasi-mcp-mrtr-state-"));
    let client: Client;
    let stderr = "";
    const elicitations: string[] = [];

    beforeAll(async () => {
      const config = join(dir, "compositor.json");
      writeFileSync(config, JSON.stringify({ components: [{ path: everything, policy: { isolation } }] }));
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [cli, "serve", "--config", config, "--cache-dir", join(dir, "cache")],
        stderr: "pipe",
      });
      transport.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      client = new Client(
        { name: "mrtr-state", version: "0" },
        { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: "2026-07-28" } } },
      );
      client.setRequestHandler("elicitation/create", async (request) => {
        elicitations.push(request.params.message);
        return { action: "accept", content: { username: "ada" } };
      });
      await client.connect(transport);
    });

    afterAll(async () => {
      await client?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("keeps the component's state and registrations, with no instance restart", async () => {
      expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
      const registered = await client.callTool({ name: "test_trigger_prompt_change", arguments: {} });
      expect(text(registered)).toBe("Registered prompt test_dynamic_prompt_1");
      const before = await client.getPrompt({ name: "test_dynamic_prompt_1" });
      expect(JSON.stringify(before.messages)).toContain("test_dynamic_prompt_1 says hello");

      // One MRTR round: input_required, the client's handler answers, the call runs again.
      const elicited = await client.callTool({ name: "test_elicitation", arguments: { message: "Who?" } });
      expect(text(elicited)).toBe('User response: action=accept, content={"username":"ada"}');
      expect(elicitations).toEqual(["Who?"]);

      // What the component registered is still listed and still served by the same instance…
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name)).toContain("test_dynamic_prompt_1");
      const after = await client.getPrompt({ name: "test_dynamic_prompt_1" });
      expect(JSON.stringify(after.messages)).toContain("test_dynamic_prompt_1 says hello");
      // …whose counter went on (a fresh instance would register test_dynamic_prompt_1 again).
      const next = await client.callTool({ name: "test_trigger_prompt_change", arguments: {} });
      expect(text(next)).toBe("Registered prompt test_dynamic_prompt_2");
      expect(stderr).not.toMatch(/restarting/);
    });
  },
);
