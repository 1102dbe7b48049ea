// The component's skill (SEP-2640, through wasi:mcp/skills) and its x-mcp-header tool (SEP-2243),
// served by a real endpoint to real SDK clients: v1 on 2025-11-25, raw 2026-07-28 HTTP requests.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { type LoadedComponent, loadComponent } from "@wasi-mcp/host";
import { createMcpEndpoint, type McpEndpoint, modernHeaders, modernRequest } from "@wasi-mcp/router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const wasm = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "everything.wasm");

describe("everything component: skills and custom parameter headers through an endpoint", () => {
  const cacheDirectory = mkdtempSync(join(tmpdir(), "everything-skills-"));
  let component: LoadedComponent;
  let endpoint: McpEndpoint;
  let client: Client;
  let close: () => Promise<void>;

  beforeAll(async () => {
    component = await loadComponent(wasm, { cacheDirectory, onLog: () => {} });
    endpoint = createMcpEndpoint(component.backend, { onError: () => {} });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const served = endpoint.serveChannel(serverSide);
    client = new Client({ name: "skills-test", version: "0" });
    await client.connect(clientSide);
    close = async () => {
      await client.close();
      await served.close();
      await endpoint.close();
      await component.close();
      rmSync(cacheDirectory, { recursive: true, force: true });
    };
  }, 120_000);
  afterAll(() => close());

  it("registers its skill through wasi:mcp/skills; every listed digest matches the file read", async () => {
    expect(component.backend.listSkills?.().map((skill) => skill.path)).toEqual(["everything-tour"]);
    expect(client.getServerCapabilities()?.extensions).toEqual({
      "io.modelcontextprotocol/skills": { directoryRead: true },
    });
    const { skills } = (await client.request({ method: "skills/list", params: {} }, ResultSchema)) as {
      skills: {
        uri: string;
        frontmatter: Record<string, unknown>;
        resources: { uri: string; digest: string; size: number }[];
      }[];
    };
    expect(skills.map((skill) => skill.uri)).toEqual(["skill://everything-tour/SKILL.md"]);
    const [tour] = skills;
    expect(tour?.frontmatter.name).toBe("everything-tour");
    for (const file of tour?.resources ?? []) {
      const { contents } = await client.readResource({ uri: file.uri });
      const text = (contents[0] as { text: string }).text;
      const bytes = Buffer.from(text, "utf8");
      expect(bytes.byteLength, file.uri).toBe(file.size);
      expect(`sha256:${createHash("sha256").update(bytes).digest("hex")}`, file.uri).toBe(file.digest);
    }
    expect(tour?.resources.map((file) => file.uri)).toEqual([
      "skill://everything-tour/SKILL.md",
      "skill://everything-tour/references/FIXTURES.md",
    ]);
  });

  it("refuses a 2026 tools/call of test_custom_header whose Mcp-Param-Region disagrees, and runs an agreeing one", async () => {
    const call = async (region: string, header: string | undefined) => {
      const request = modernRequest(1, "tools/call", { name: "test_custom_header", arguments: { region } });
      const headers = {
        ...modernHeaders(request),
        ...(header === undefined ? {} : { "mcp-param-region": header }),
      };
      const response = await endpoint.handleHttp(
        new Request("http://localhost/mcp", { method: "POST", headers, body: JSON.stringify(request) }),
        { parsedBody: request },
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await call("eu", "eu")).toMatchObject({
      status: 200,
      body: { result: { content: [{ type: "text", text: "Region: eu" }] } },
    });
    expect(await call("eu", "us")).toMatchObject({ status: 400, body: { error: { code: -32020 } } });
    expect(await call("eu", undefined)).toMatchObject({ status: 400, body: { error: { code: -32020 } } });
  });
});
